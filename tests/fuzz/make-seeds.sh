#!/bin/bash
# make-seeds.sh DATADIR CORPUSDIR [PACKAGEDIR]: one seed per dump (BDA
# word, low RAM end 0, then the dump from the BDA's base memory size to
# 0xa0000); with PACKAGEDIR, a tiny headers tree as a .deb, an Arch
# .pkg.tar.zst and an .rpm there (tests/lib-headers.sh).
set -eu
data=$1 corpus=$2 packages=${3:-}
if [ -n "$packages" ]; then
	# shellcheck source=tests/lib-headers.sh
	. "$(dirname "$0")/../lib-headers.sh"
	mkdir -p "$packages"
	tmp=$(mktemp -d)
	rel=1.2.3-4-generic
	mkdir -p "$tmp/tree/include/config" "$tmp/tree/scripts/basic"
	echo all: >"$tmp/tree/Makefile"
	: >"$tmp/tree/Module.symvers"
	echo CONFIG_X=y >"$tmp/tree/.config"
	echo "$rel" >"$tmp/tree/include/config/kernel.release"
	echo 'int main(void) { return 0; }' >"$tmp/tree/scripts/basic/fixdep.c"
	ln -s ../../Makefile "$tmp/tree/scripts/basic/Makefile"
	hdr_deb "$tmp/tree" "$rel" "$packages/headers.deb"
	hdr_pkg "$tmp/tree" "$rel" "$packages/headers.pkg.tar.zst"
	hdr_rpm "$tmp/tree" "$rel" "$packages/headers.rpm"
	rm -rf "$tmp"
fi
mkdir -p "$corpus"
for gz in "$data"/memdisk-*.lowmem.gz; do
	name=$(basename "$gz" .lowmem.gz)
	mem=$(mktemp)
	gzip -dc "$gz" >"$mem"
	kib=$(od -An -tu2 -j $((0x413)) -N2 "$mem" | tr -d ' ')
	{
		dd if="$mem" bs=1 skip=$((0x413)) count=2 status=none
		printf '\0\0\0\0'
		tail -c $((0xa0000 - kib * 1024)) "$mem"
	} >"$corpus/$name"
	rm -f "$mem"
done
