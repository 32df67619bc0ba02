#!/bin/bash
# The in-tree series of `make kernel-patch` (kernel/mkpatch.sh), as a
# maintainer would take it: it applies with git am to Debian's
# linux-source-6.12; that tree's checkpatch.pl --strict finds nothing in
# it (no error, warning or check: a check that has to stay would be
# --ignore'd here, saying why); and the tree builds with
# BLK_DEV_MEMDISK=y and =m. =y: the kernel the builtin* scenarios boot,
# which tests/kernel/build-kernel.sh builds from this series (the series
# tested here is that build's, made by mkpatch.sh from exactly the sources
# the build is keyed by: a cached build costs nothing). =m: Kconfig takes
# m, and the driver's directory as the series makes it builds as a module
# against that kernel, modpost finding every symbol it uses exported. On
# i386 Kconfig offers it with HIGHMEM only.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
work=$PWD/build/kernel-patch-check
# Debian's python3 with python3-ply and python3-git, which checkpatch's
# SPDX check runs, before any other (pyenv's).
export PATH=/usr/bin:$PATH

kernel=$(tests/kernel/build-kernel.sh x86_64-memdisk)
release=$(cat "$kernel/build/include/config/kernel.release")
mapfile -t patches < <(find "$kernel/series" -name '*.patch' ! -name '0000-cover-letter.patch' | sort)
echo "kernel-patch: ${#patches[@]} patches: ${patches[*]##*/}"
[ "${#patches[@]}" -eq 2 ]

# The git tree of Debian's linux-source-6.12 that mkpatch.sh made the
# series against (it keeps it), and a worktree of it kept beside it, put
# back to that commit each time: checking out and removing the whole tree
# would cost more than everything else here.
base=$cache/kernel-git/linux-source-6.12_$(dpkg-query -W -f='${Version}' linux-source-6.12)
tree=$base.am
if [ ! -d "$base/.git" ]; then
	echo "kernel-patch: no $base: make kernel-patch makes it" >&2
	exit 1
fi
exec 9>"$tree.lock"
flock 9
git -C "$base" worktree prune
if [ -e "$tree/.git" ]; then
	git -C "$tree" checkout -q -f --detach "$(git -C "$base" rev-parse HEAD)"
	git -C "$tree" clean -q -f -d -x
else
	git -C "$base" worktree add -q --detach "$tree" HEAD
fi
git -C "$tree" -c user.name=check -c user.email=check@localhost am -q "${patches[@]}"
echo "kernel-patch: applied with git am: $(git -C "$tree" log --format=%s HEAD~2..HEAD | tr '\n' ';')"

# checkpatch skips its SPDX check, silently, when spdxcheck.py cannot run.
(cd "$tree" && echo 'SPDX-License-Identifier: GPL-2.0-bogus' | scripts/spdxcheck.py -) |
	grep 'Invalid License ID'
status=0
for patch in "${patches[@]}"; do
	out=$(cd "$tree" && scripts/checkpatch.pl --strict "$patch") || true
	summary=$(grep '^total: ' <<<"$out")
	echo "kernel-patch: checkpatch --strict ${patch##*/}: $summary"
	if [[ $summary != "total: 0 errors, 0 warnings, 0 checks, "* ]]; then
		echo "$out"
		status=1
	fi
done

grep -x 'CONFIG_BLK_DEV_MEMDISK=y' "$kernel/boot/config-$release"
grep -w memdisk_init "$kernel/boot/System.map-$release"
echo "kernel-patch: =y: memdisk_blk is in $release's vmlinux"

# Kconfig takes m, in a scratch object tree with the kernel's config.
rm -rf "$work"
mkdir -p "$work/kconfig"
cp "$kernel/build/.config" "$work/kconfig/"
"$tree/scripts/config" --file "$work/kconfig/.config" --module BLK_DEV_MEMDISK
make -s -C "$tree" O="$work/kconfig" ARCH=x86_64 olddefconfig
grep -x 'CONFIG_BLK_DEV_MEMDISK=m' "$work/kconfig/.config"

# 32-bit: offered with HIGHMEM only (kernel/Kconfig says why).
i386_memdisk_config() {
	local dir=$work/i386-$1
	mkdir -p "$dir"
	make -s -C "$tree" O="$dir" ARCH=i386 tinyconfig
	"$tree/scripts/config" --file "$dir/.config" --enable BLOCK --enable BLK_DEV \
		--disable NOHIGHMEM --disable HIGHMEM4G --enable "$1"
	make -s -C "$tree" O="$dir" ARCH=i386 olddefconfig
	"$tree/scripts/config" --file "$dir/.config" --enable BLK_DEV_MEMDISK
	make -s -C "$tree" O="$dir" ARCH=i386 olddefconfig
	grep -x "CONFIG_$1=y" "$dir/.config" >&2
	grep '^CONFIG_BLK_DEV_MEMDISK=' "$dir/.config" || echo none
}
[ "$(i386_memdisk_config HIGHMEM4G)" = CONFIG_BLK_DEV_MEMDISK=y ]
[ "$(i386_memdisk_config NOHIGHMEM)" = none ]
echo "kernel-patch: i386: offered with HIGHMEM4G, not with NOHIGHMEM"

# The driver's directory, built with its own Makefile as obj-m.
cp -r "$tree/drivers/block/memdisk" "$work/module"
make -s -C "$kernel/build" M="$work/module" CONFIG_BLK_DEV_MEMDISK=m modules
built_for=$(modinfo -F vermagic "$work/module/memdisk_blk.ko" | cut -d ' ' -f 1)
echo "kernel-patch: =m: memdisk_blk.ko built for $built_for"
[ "$built_for" = "$release" ]
exit "$status"
