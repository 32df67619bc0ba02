#!/bin/bash
# Compile module/ against several prepared kernel trees (make compat-check):
#   compat-build.sh [TREE...]   default: every tree under $MEMDISK_CACHE/ktrees
# Each build runs in build/compat/<tree name>/ with W=1, and with sparse
# (C=1) where sparse is clean on a probe module for that tree. Prints "ok" or
# "FAIL" and the diagnostics per tree; exits 1 if any tree fails or warns.
# Trees come from tests/compat-trees.sh (its PREPARED record says how).
set -uo pipefail
cd "$(dirname "$0")/.." || exit

CACHE=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
OUT=$PWD/build/compat

# Make's own chatter and, since a prepared tree has no vmlinux nor
# Module.symvers, modpost's notes about exports it cannot check.
NOISE='^ *(CC|LD|MODPOST|CHECK|AR)( \[M\])? |^make(\[[0-9]+\])?: |^  You may get|^  Modules may not|Module\.symvers.* is missing|modpost: .* undefined!$|^$'

# tree_make TREE DIR ARGS...: build the module in DIR against TREE.
tree_make() {
	local tree=$1 dir=$2 arch=x86_64
	shift 2
	# An i386 tree needs ARCH=i386 again: its O= Makefile does not keep it.
	grep -q '^CONFIG_X86_32=y' "$tree/.config" && arch=i386
	nice make -C "$tree" ARCH="$arch" M="$dir" -j2 W=1 "$@" modules 2>&1
}

# sparse_works TREE: sparse is quiet on a module that only includes the
# kernel headers a block driver uses (an older sparse can choke on a newer
# kernel's headers), so what it reports on ours is about ours.
sparse_works() {
	local tree=$1 dir=$OUT/sparse-probe/${1##*/}
	command -v sparse >/dev/null || return 1
	rm -rf "$dir"
	mkdir -p "$dir"
	echo 'obj-m := probe.o' >"$dir/Kbuild"
	printf '#include <linux/%s.h>\n' module blkdev bio highmem io >"$dir/probe.c"
	echo 'MODULE_LICENSE("GPL");' >>"$dir/probe.c"
	! tree_make "$tree" "$dir" C=1 | grep -qE 'warning:|error:'
}

fails=0
trees=("$@")
if [ $# -eq 0 ]; then
	shopt -s nullglob
	trees=("$CACHE"/ktrees/*/)
	[ ${#trees[@]} -gt 0 ] || {
		echo "no kernel trees in $CACHE/ktrees: see tests/compat-trees.sh" >&2
		exit 1
	}
fi
for tree in "${trees[@]}"; do
	tree=${tree%/}
	name=$(basename "$tree")
	dir=$OUT/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r Kbuild module "$dir/"
	sparse=()
	if sparse_works "$tree"; then
		sparse=(C=1)
	fi
	log=$(tree_make "$tree" "$dir" "${sparse[@]}")
	rc=$?
	diags=$(grep -vE "$NOISE" <<<"$log")
	label="$name ($(make -s -C "$tree" kernelversion 2>/dev/null), W=1${sparse:+ C=1})"
	if [ "$rc" -eq 0 ] && [ -z "$diags" ]; then
		echo "ok   $label"
	else
		echo "FAIL $label"
		printf '    %s\n' "${diags//$'\n'/$'\n'    }"
		fails=$((fails + 1))
	fi
done
echo "compat-check: ${#trees[@]} trees, $fails failed"
[ "$fails" -eq 0 ]
