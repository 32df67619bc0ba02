#!/bin/bash
# Builds a kernel the QEMU scenarios boot, one Debian does not ship:
#
#   tests/kernel/build-kernel.sh NAME
#
# tests/kernel/NAME.config is a config fragment; its line
#   # build-kernel: source=linux-source-6.1 arch=i386 base=tinyconfig
# names the Debian source package (its /usr/src tarball), make's ARCH and
# the configuration the fragment is merged onto. The kernel is built once
# into $MEMDISK_CACHE/kernels/NAME-HASH, whose path is printed on stdout:
#   boot/vmlinuz-RELEASE      with config-RELEASE and System.map-RELEASE
#   lib/modules/RELEASE/      modules_install and depmod (busybox modprobe)
#   build/                    the O= object tree: KDIR for external modules
# HASH covers the source package's version, the compiler, the fragment and
# this script, so an unchanged kernel costs nothing. The build runs in a
# temporary directory renamed at the end, under a lock: an interrupted
# build leaves nothing that looks done. Sources are unpacked once per
# package version under kernels/src and shared: object trees point into
# them, so never build or patch inside them.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KERNELS=${MEMDISK_CACHE:-/var/cache/memdisk_blk}/kernels

say() {
	echo "build-kernel: $*" >&2
}

# unpack_source PACKAGE VERSION: prints the shared unpacked tree of
# /usr/src/PACKAGE.tar.xz, unpacking it first when missing.
unpack_source() {
	local dir=$KERNELS/src/$1-$2 tarball=/usr/src/$1.tar.xz tmp
	if [ ! -f "$dir/Makefile" ]; then
		mkdir -p "$KERNELS/src"
		exec 8>"$dir.lock"
		flock 8
		if [ ! -f "$dir/Makefile" ]; then
			say "unpacking $tarball"
			rm -rf "$dir" "$dir".tmp.*
			tmp=$(mktemp -d "$dir.tmp.XXXXXX")
			chmod 755 "$tmp"
			nice tar -xJf "$tarball" -C "$tmp" --strip-components=1
			mv -T "$tmp" "$dir"
		fi
		exec 8>&-
	fi
	echo "$dir"
}

# check_config CONFIG FRAGMENT: every value FRAGMENT asks for made it into
# CONFIG (Kconfig drops a value whose dependencies are not met, silently).
check_config() {
	local line sym bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$1" && continue
			sym=${line%%=*}
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# } sym=${sym%% *}
			grep -q "^$sym=" "$1" || continue
			;;
		*) continue ;;
		esac
		say "$2 asks for '$line', the config has '$(grep "^$sym=" "$1" || echo "$sym unset")'"
		bad=1
	done <"$2"
	return "$bad"
}

# build SRC ARCH BASE FRAGMENT DIR: the whole kernel into DIR.
build() {
	local src=$1 arch=$2 base=$3 fragment=$4 dir=$5 release
	local obj=$dir/build
	local make=(nice make -C "$src" O="$obj" ARCH="$arch" -j2)
	mkdir -p "$obj"
	"${make[@]}" "$base"
	# merge_config.sh keeps its temporary files in the current directory.
	(cd "$obj" && "$src/scripts/kconfig/merge_config.sh" -m .config "$fragment")
	"${make[@]}" olddefconfig
	check_config "$obj/.config" "$fragment"
	"${make[@]}" bzImage modules
	"${make[@]}" INSTALL_MOD_PATH="$dir" modules_install
	release=$(cat "$obj/include/config/kernel.release")
	install -D -m 644 "$obj/$("${make[@]}" -s image_name)" "$dir/boot/vmlinuz-$release"
	install -m 644 "$obj/.config" "$dir/boot/config-$release"
	install -m 644 "$obj/System.map" "$dir/boot/System.map-$release"
	# modules_install links to the temporary directory: link relatively.
	ln -sfn ../../../build "$dir/lib/modules/$release/build"
}

# failed: the EXIT trap of a build that did not finish.
failed() {
	rm -rf "$tmp"
	[ ! -s "$out.log" ] || tail -n 30 "$out.log" >&2
	say "building $name failed, see $out.log"
}

name=${1:-}
fragment=$HERE/$name.config
if [ -z "$name" ] || [ ! -f "$fragment" ]; then
	say "usage: $0 NAME (tests/kernel/NAME.config)"
	exit 2
fi
source='' arch='' base=''
read -ra words < <(sed -n 's/^# build-kernel: //p' "$fragment")
for word in "${words[@]}"; do
	case $word in
	source=*) source=${word#*=} ;;
	arch=*) arch=${word#*=} ;;
	base=*) base=${word#*=} ;;
	esac
done
if [ -z "$source" ] || [ -z "$arch" ] || [ -z "$base" ]; then
	say "$fragment: no '# build-kernel: source=... arch=... base=...' line"
	exit 2
fi
version=$(dpkg-query -W -f='${Version}' "$source")
hash=$({ echo "$source $version"; gcc --version | head -n 1; cat "$fragment" "${BASH_SOURCE[0]}"; } |
	sha256sum | cut -c 1-12)
out=$KERNELS/$name-$hash
if [ ! -d "$out" ]; then
	mkdir -p "$KERNELS"
	exec 9>"$out.lock"
	flock 9
fi
# Checked again under the lock: a concurrent run may have built it.
if [ -d "$out" ]; then
	echo "$out"
	exit 0
fi
start=$SECONDS
rm -rf "$out".tmp.* # left by an interrupted run; the lock is ours
tmp=$(mktemp -d "$out.tmp.XXXXXX")
chmod 755 "$tmp"
trap failed EXIT
say "building $name ($source $version, $arch $base + $name.config), log in $out.log"
: >"$out.log"
src=$(unpack_source "$source" "$version")
build "$src" "$arch" "$base" "$fragment" "$tmp" >>"$out.log" 2>&1
mv -T "$tmp" "$out"
trap - EXIT
say "built $name in $((SECONDS - start)) s: $out"
echo "$out"
