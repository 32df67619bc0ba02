#!/bin/bash
# Kernel trees for tests/compat-build.sh (make compat-check), under
# $MEMDISK_CACHE/ktrees/<name>: each is an O= object tree, configured and
# `make modules_prepare`d, with a PREPARED record of how it was made.
#
#   compat-trees.sh debian      prepare the trees from Debian's linux-source
#                               packages: 6.1 (x86_64, i386 without HIGHMEM,
#                               i386 with HIGHMEM64G) and 6.12 (x86_64)
#   compat-trees.sh list        print every tree's PREPARED record
#
# Trees from other sources are prepared by hand with the same steps (see a
# PREPARED record) and recorded there.
set -euo pipefail

CACHE=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
KTREES=$CACHE/ktrees
SRC=$CACHE/src

# prepare NAME SRCDIR ARCH CONFIG-ARGS...: defconfig, then scripts/config
# CONFIG-ARGS, olddefconfig and modules_prepare into $KTREES/NAME.
prepare() {
	local name=$1 src=$2 arch=$3 out=$KTREES/$1
	shift 3
	local -a cmds=(
		"make -C $src O=$out ARCH=$arch defconfig"
		"$src/scripts/config --file $out/.config -e MODULES -e BLK_DEV $*"
		"make -C $src O=$out ARCH=$arch olddefconfig"
		"nice make -C $src O=$out ARCH=$arch -j2 modules_prepare"
	)
	local cmd
	mkdir -p "$out"
	: >"$out/prepare.log"
	for cmd in "${cmds[@]}"; do
		echo "+ $cmd"
		# Word splitting is wanted: each entry is one command line.
		# shellcheck disable=SC2086
		$cmd >>"$out/prepare.log" 2>&1 || { cat "$out/prepare.log" >&2; return 1; }
	done
	record "$name" "$(make -s -C "$src" kernelversion)" "$SOURCE" "$arch" "${cmds[@]}"
}

# record NAME VERSION SOURCE ARCH COMMAND...: write the tree's PREPARED file.
record() {
	local name=$1 version=$2 source=$3 arch=$4
	shift 4
	{
		echo "name: $name"
		echo "version: $version"
		echo "source: $source"
		echo "arch: $arch"
		echo "compiler: $(gcc --version | head -n 1)"
		echo "date: $(date -u +%F)"
		printf 'command: %s\n' "$@"
		grep -E '^CONFIG_(MODULES|BLK_DEV|X86_32|NOHIGHMEM|HIGHMEM4G|HIGHMEM64G|X86_PAE)=' \
			"$KTREES/$name/.config" | sed 's/^/config: /'
	} >"$KTREES/$name/PREPARED"
}

# unpack SERIES: the source of Debian's linux-source-SERIES, unpacked once.
unpack() {
	local series=$1 tarball=/usr/src/linux-source-$1.tar.xz
	if [ ! -f "$tarball" ]; then
		apt-get install -y "linux-source-$series" >&2
	fi
	if [ ! -f "$SRC/linux-source-$series/Makefile" ]; then
		mkdir -p "$SRC"
		nice tar -xJf "$tarball" -C "$SRC"
	fi
	echo "$SRC/linux-source-$series"
}

debian() {
	local src61 src612
	apt-get install -y flex bison libelf-dev libssl-dev bc
	src61=$(unpack 6.1)
	src612=$(unpack 6.12)
	SOURCE="Debian linux-source-6.1 $(dpkg-query -W -f '${Version}' linux-source-6.1)"
	prepare 6.1-x86_64 "$src61" x86_64
	prepare 6.1-i386-nohighmem "$src61" i386 -d HIGHMEM4G -d HIGHMEM64G -e NOHIGHMEM
	prepare 6.1-i386-pae "$src61" i386 -d NOHIGHMEM -d HIGHMEM4G -e HIGHMEM64G
	SOURCE="Debian linux-source-6.12 $(dpkg-query -W -f '${Version}' linux-source-6.12)"
	prepare 6.12-x86_64 "$src612" x86_64
}

list() {
	local f
	for f in "$KTREES"/*/PREPARED; do
		[ -f "$f" ] || continue
		cat "$f"
		echo
	done
}

case ${1:-} in
debian) debian ;;
list) list ;;
*)
	echo "usage: $0 debian|list" >&2
	exit 2
	;;
esac
