#!/bin/bash
# Builds a kernel the QEMU scenarios boot, one Debian does not ship:
#
#   tests/kernel/build-kernel.sh NAME
#
# tests/kernel/NAME.config is a config fragment; its line
#   # build-kernel: source=linux-source-6.1 arch=i386 base=tinyconfig [patch=SERIES]
# names the Debian source package (its /usr/src tarball), make's ARCH, the
# configuration the fragment is merged onto and, optionally, a patch
# series applied to the source first (see the series_* functions). The
# kernel is built once into $MEMDISK_CACHE/kernels/NAME-HASH, whose path is
# printed on stdout:
#   boot/vmlinuz-RELEASE      with config-RELEASE and System.map-RELEASE
#   lib/modules/RELEASE/      modules_install and depmod (busybox modprobe)
#   build/                    the O= object tree: KDIR for external modules
#   src/                      the patched source tree, with patch=
# HASH covers the source package's version, the compiler, the fragment,
# this script and what the series is made from, so an unchanged kernel
# costs nothing. The build runs under a lock and is done once the file
# `built` exists: an interrupted build leaves nothing that looks done.
# Sources are unpacked once per package version under kernels/src and
# shared: object trees point into them, so never build or patch inside
# them (a patched tree is a copy of hard links, the patched files real
# copies). A new build of NAME removes NAME's builds unused for a day.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
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

# A series is made by series_NAME DIR, which writes its *.patch files
# (git format-patch's, applied in name order; those without a diff, a
# cover letter, are skipped) into DIR, and keyed by what
# series_inputs_NAME prints, the files it is made from: making the series
# itself takes longer than a cached build may.

# memdisk: `make kernel-patch`, the driver's in-tree series, made from
# module/ but for its out-of-tree layer, and from kernel/ (paths relative
# to the top of the repository).
series_inputs_memdisk() {
	find module -maxdepth 1 -name '*.[ch]' ! -name 'compat.*'
	find kernel -type f
}

series_memdisk() {
	OUT=$1 bash "$TOP/kernel/mkpatch.sh"
}

# patched_source SRC SERIES DIR: DIR becomes SRC with SERIES applied (by
# patch -p1): hard links to SRC's files, but real copies of those the
# series changes, so SRC stays as it is.
patched_source() {
	local src=$1 series=$2 dir=$3 patches=() p f
	for p in "$series"/*.patch; do
		if grep -q '^diff --git ' "$p"; then
			patches+=("$p")
		fi
	done
	cp -al "$src" "$dir"
	sed -n 's|^diff --git a/\(.*\) b/.*|\1|p' "${patches[@]}" | sort -u |
		while IFS= read -r f; do
			[ ! -e "$src/$f" ] || cp --remove-destination "$src/$f" "$dir/$f"
		done
	for p in "${patches[@]}"; do
		patch -p1 -s -d "$dir" -i "$p"
	done
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
}

# failed: the EXIT trap of a build that did not finish.
failed() {
	rm -rf "$out"
	[ ! -s "$out.log" ] || tail -n 30 "$out.log" >&2
	say "building $name failed, see $out.log"
}

# prune: NAME's other builds, unused for a day.
prune() {
	local dir
	for dir in "$KERNELS/$name"-*/; do
		dir=${dir%/}
		[ "$dir" != "$out" ] || continue
		[ -n "$(find "$dir" -maxdepth 0 -mtime +0)" ] || continue
		say "removing $dir, unused for a day"
		rm -rf "$dir" "$dir.lock" "$dir.log"
	done
}

name=${1:-}
fragment=$HERE/$name.config
if [ -z "$name" ] || [ ! -f "$fragment" ]; then
	say "usage: $0 NAME (tests/kernel/NAME.config)"
	exit 2
fi
source='' arch='' base='' patch=''
read -ra words < <(sed -n 's/^# build-kernel: //p' "$fragment")
for word in "${words[@]}"; do
	case $word in
	source=*) source=${word#*=} ;;
	arch=*) arch=${word#*=} ;;
	base=*) base=${word#*=} ;;
	patch=*) patch=${word#*=} ;;
	esac
done
if [ -z "$source" ] || [ -z "$arch" ] || [ -z "$base" ]; then
	say "$fragment: no '# build-kernel: source=... arch=... base=...' line"
	exit 2
fi
if [ -n "$patch" ] && [ "$(type -t "series_$patch")" != function ]; then
	say "$fragment: no patch series '$patch'"
	exit 2
fi
version=$(dpkg-query -W -f='${Version}' "$source")
hash=$({
	echo "$source $version"
	gcc --version | head -n 1
	cat "$fragment" "${BASH_SOURCE[0]}"
	[ -z "$patch" ] || (cd "$TOP" && "series_inputs_$patch" | LC_ALL=C sort | xargs -d '\n' sha256sum)
} | sha256sum | cut -c 1-12)
out=$KERNELS/$name-$hash
if [ ! -f "$out/built" ]; then
	mkdir -p "$KERNELS"
	exec 9>"$out.lock"
	flock 9
fi
# Checked again under the lock: a concurrent run may have built it. The
# directory's time says when it was last used (prune).
if [ -f "$out/built" ]; then
	touch "$out"
	echo "$out"
	exit 0
fi
start=$SECONDS
rm -rf "$out" # left by an interrupted run; the lock is ours
mkdir -p "$out"
trap failed EXIT
say "building $name ($source $version${patch:+ + $patch}, $arch $base + $name.config), log in $out.log"
: >"$out.log"
src=$(unpack_source "$source" "$version")
if [ -n "$patch" ]; then
	"series_$patch" "$out/series" >>"$out.log" 2>&1
	patched_source "$src" "$out/series" "$out/src" >>"$out.log" 2>&1
	src=$out/src
fi
build "$src" "$arch" "$base" "$fragment" "$out" >>"$out.log" 2>&1
touch "$out/built"
trap - EXIT
prune
say "built $name in $((SECONDS - start)) s: $out"
echo "$out"
