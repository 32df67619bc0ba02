#!/bin/bash
# Compile module/ against several prepared kernel trees (make compat-check):
#   compat-build.sh [TREE...]   default: every tree under $MEMDISK_CACHE/ktrees
# Each build runs in build/compat/<tree name>/ with W=1, and with sparse
# (C=1) where sparse is clean on a probe module for that tree. Prints "ok" or
# "FAIL" and the diagnostics per tree; exits 1 if any tree fails or warns
# about our code.
# Trees come from tests/compat-trees.sh (its PREPARED record says how).
set -uo pipefail
cd "$(dirname "$0")/.." || exit

CACHE=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
OUT=$PWD/build/compat

# Make's own chatter.
NOISE='^ *(CC|LD|MODPOST|CHECK|AR)( \[M\])? |^make(\[[0-9]+\])?: |^$'
# A tree made by modules_prepare has no Module.symvers, so modpost cannot
# check the module's imports there: its notes about that are noise too, and
# unexported() checks the imports instead.
UNCHECKED='Module\.symvers.* is missing|Symbol info of vmlinux is missing|^ +(Modules may not|You may get|You can set|if you want to proceed)|modpost: (".*" \[.*\] undefined!|suppressed [0-9]+ unresolved symbol)'

# tree_make TREE DIR ARGS...: build the module in DIR against TREE.
tree_make() {
	local tree=$1 dir=$2 arch=x86_64
	shift 2
	# An i386 tree needs ARCH=i386 again: its O= Makefile does not keep it.
	grep -q '^CONFIG_X86_32=y' "$tree/.config" && arch=i386
	[ -f "$tree/Module.symvers" ] || set -- KBUILD_MODPOST_WARN=1 "$@"
	nice make -C "$tree" ARCH="$arch" M="$dir" -j2 W=1 "$@" modules 2>&1
}

# unexported TREE DIR: the module's imports that no source file of TREE
# exports, e.g. a function a header declares but the kernel does not export.
# The tree's config is not considered: an export under another config passes.
unexported() {
	local tree=$1 dir=$2 src=$1 list=$1/exports.list
	[ -d "$tree/source" ] && src=$tree/source
	if [ ! -s "$list" ]; then
		grep -rhoE --include='*.[chS]' 'EXPORT_(THUNK|[A-Z_]*SYMBOL[A-Z_]*)\([^,)]+' "$src/" |
			sed -E 's/^[^(]*\( *//; s/ *$//' | sort -u >"$list"
	fi
	nm -u "$dir"/*.ko | awk '{ print $2 }' | sort -u | comm -23 - "$list"
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
	label="$name ($(make -s -C "$tree" kernelversion 2>/dev/null), W=1${sparse:+ C=1}"
	if [ ! -f "$tree/Module.symvers" ]; then
		diags=$(grep -vE "$UNCHECKED" <<<"$diags")
		label+=", imports checked against the sources"
		if [ "$rc" -eq 0 ]; then
			missing=$(unexported "$tree" "$dir")
			[ -z "$missing" ] || diags+="${diags:+$'\n'}not exported by this kernel: ${missing//$'\n'/ }"
		fi
	fi
	label+=")"
	# W=1 also warns inside the kernel's own headers, about the kernel's own
	# code: shown, but not ours to fix.
	src=$(readlink -f "$tree/source" || readlink -f "$tree")
	ours=$(grep -E 'warning|error|WARNING|ERROR|not exported' <<<"$diags" |
		grep -vE "^($src|$tree)/")
	if [ "$rc" -eq 0 ] && [ -z "$ours" ]; then
		echo "ok   $label"
	else
		echo "FAIL $label"
		fails=$((fails + 1))
	fi
	[ -z "$diags" ] || printf '    %s\n' "${diags//$'\n'/$'\n'    }"
done
echo "compat-check: ${#trees[@]} trees, $fails failed"
[ "$fails" -eq 0 ]
