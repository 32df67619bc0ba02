#!/bin/bash
# Debian 11's (bullseye's) 5.10 kernel for the VM_SERIES=5.10 guests
# (tests/vm/lib.sh): bullseye-security's linux-image-5.10.0-N-amd64, its
# headers and gcc-10, the compiler they name, which Debian 12 lacks.
#
#   bullseye.sh root    prints $MEMDISK_CACHE/bullseye/root-ABI, made first
#                       when missing: boot/vmlinuz-ABI, lib/modules/ABI
#                       (depmod'ed), usr/src/linux-headers-ABI and, for
#                       PATH, usr/bin with gcc-10
#
# Fetched through an apt configuration of our own under
# $MEMDISK_CACHE/bullseye (sources, lists, an empty dpkg status), from the
# mirrors the host's sources name: the host's apt setup and dpkg database
# are never touched. The packages are unpacked (dpkg -x), not installed:
# gcc-10 runs from there (gcc finds its cc1 and include/ next to itself,
# and links Debian 12's libisl23, libmpc3, libmpfr6). The kernel is
# pinned once fetched; remove $MEMDISK_CACHE/bullseye for a newer one.
set -euo pipefail

CACHE=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
DIR=$CACHE/bullseye
# The headers' kbuild (linux-kbuild-5.10) and, for its gcc-10
# (linux-compiler-gcc-10-x86, an empty package), the compiler's own
# files: cc1 is in cpp-10, stddef.h and friends in libgcc-10-dev.
TOOLS=(linux-kbuild-5.10 gcc-10 cpp-10 libgcc-10-dev gcc-10-base)

# mirror SUFFIX: the URI of the host's Debian release whose name ends in
# SUFFIX ("" for the release itself, "-security").
mirror() {
	# shellcheck disable=SC2016 # apt's own $(FIELD) syntax
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' |
		awk -v suffix="$1" '$2 ~ "^[a-z]+" suffix "$" { print $1; exit }'
}

apt_setup() {
	local main security keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	main=$(mirror '') && security=$(mirror -security)
	if [ -z "$main" ] || [ -z "$security" ]; then
		echo "bullseye: no Debian mirror (and security mirror) in the host's apt sources" >&2
		return 1
	fi
	mkdir -p "$DIR"/etc/{apt.conf.d,preferences.d,sources.list.d} \
		"$DIR"/lists/partial "$DIR"/archives/partial "$DIR/debs"
	: >"$DIR/status"
	cat >"$DIR/etc/sources.list" <<-EOF
		deb [signed-by=$keyring] $main bullseye main
		deb [signed-by=$keyring] $security bullseye-security main
	EOF
}

# bullseye_apt COMMAND ARGS...: apt-get or apt-cache with our configuration.
bullseye_apt() {
	"$@" -q -o Dir::Etc="$DIR/etc" -o Dir::State::Lists="$DIR/lists" \
		-o Dir::State::status="$DIR/status" -o Dir::Cache="$DIR/cache" \
		-o Dir::Cache::archives="$DIR/archives" -o APT::Architecture=amd64 \
		-o APT::Architectures::=amd64 -o APT::Sandbox::User=root
}

# The ABI bullseye-security's linux-headers-amd64 depends on.
newest_abi() {
	bullseye_apt apt-cache depends linux-headers-amd64 |
		sed -n 's/^ *Depends: linux-headers-\([0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}

# make_root ABI: download and unpack into root-ABI, by a rename at the end
# so an interrupted run leaves nothing a later one takes for done.
make_root() {
	local abi=$1 tmp deb
	local -a debs=("linux-image-$abi" "linux-headers-$abi" "linux-headers-${abi%-amd64}-common" "${TOOLS[@]}")
	rm -f "$DIR"/debs/*.deb
	(cd "$DIR/debs" && bullseye_apt apt-get download "${debs[@]}") >&2
	tmp=$(mktemp -d "$DIR/root-$abi.tmp.XXXXXX")
	for deb in "$DIR"/debs/*.deb; do
		dpkg -x "$deb" "$tmp"
	done
	# The flavour's Makefile includes the common tree by its installed path.
	sed -i "s|^include /usr/src/|include $DIR/root-$abi/usr/src/|" \
		"$tmp/usr/src/linux-headers-$abi/Makefile"
	depmod -b "$tmp" "$abi"
	mv -T "$tmp" "$DIR/root-$abi"
	rm -f "$DIR"/debs/*.deb
}

root() {
	local abi
	abi=$(cat "$DIR/abi" 2>/dev/null || true)
	if [ -z "$abi" ] || [ ! -d "$DIR/root-$abi" ]; then
		apt_setup
		echo "bullseye: fetching Debian 11's 5.10 kernel, headers and gcc-10 into $DIR" >&2
		bullseye_apt apt-get update >&2 ||
			echo "bullseye: apt-get update reported errors, continuing" >&2
		abi=$(newest_abi)
		[ -n "$abi" ] || { echo "bullseye: no linux-headers-amd64 in bullseye-security" >&2; return 1; }
		[ -d "$DIR/root-$abi" ] || make_root "$abi"
		echo "$abi" >"$DIR/abi"
	fi
	echo "$DIR/root-$abi"
}

mkdir -p "$CACHE"
case ${1:-} in
root) (flock 9 && root) 9>>"$CACHE/bullseye.lock" ;;
*)
	echo "usage: $0 root" >&2
	exit 2
	;;
esac
