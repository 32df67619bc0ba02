#!/bin/bash
# Remake the low-memory dumps in this directory: boot Debian's MEMDISK in
# QEMU (TCG) with small images, wait for the booted image's SYSLINUX prompt
# on the serial port, then pmemsave 0-0xa0000 through the monitor. Only the
# IVT+BDA (0-0x4ff) and the 4 KiB pages from the BDA's base memory size up
# to 0xa0000 (MEMDISK's resident code, mBFT and command line) are kept.
# Needs: qemu-system-x86 syslinux syslinux-common isolinux xorriso mtools
# dosfstools. Usage: tests/data/make-dumps.sh [OUTDIR]
set -eu
out=$(realpath "${1:-$(dirname "$0")}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

cfg() { # cfg NAME: a SYSLINUX config that waits at the prompt
	printf 'serial 0 115200\nprompt 1\ntimeout 0\nsay memdisk-probe test %s\n' "$1"
}

make_images() {
	mkdir -p iso/isolinux chain/isolinux
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 iso/isolinux/
	cfg iso >iso/isolinux/isolinux.cfg
	head -c 614400 /dev/zero >iso/filler.bin
	xorriso -as mkisofs -quiet -o test.iso -V MDTEST -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table iso
	mkfs.fat -C -n MDFLOPPY floppy.img 1440 >/dev/null
	mkfs.fat -C -F 16 -s 1 -D 0x80 -n MDHARDDISK hd.img 8192 >/dev/null
	for img in floppy hd; do
		syslinux --install "$img.img"
		cfg "$img" >"$img.cfg"
		mcopy -i "$img.img" "$img.cfg" ::syslinux.cfg
	done
	# An ISO whose ISOLINUX starts a second MEMDISK with the floppy.
	cp iso/isolinux/isolinux.bin iso/isolinux/ldlinux.c32 chain/isolinux/
	cp /usr/lib/syslinux/memdisk floppy.img chain/
	printf 'serial 0 115200\ndefault chain\nlabel chain\n  kernel /memdisk\n  initrd /floppy.img\n  append floppy raw\n' \
		>chain/isolinux/isolinux.cfg
	xorriso -as mkisofs -quiet -o chain.iso -V MDCHAIN -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table chain
}

# boot NAME IMAGE APPEND [QEMU ARGS...]: leaves NAME.full (0-0xa0000)
boot() {
	local name=$1 image=$2 append=$3 pid
	shift 3
	mkfifo "$name.in" "$name.out"
	qemu-system-x86_64 -accel tcg -m 256 -display none -no-reboot "$@" \
		-kernel /usr/lib/syslinux/memdisk -initrd "$image" -append "$append" \
		-serial "file:$name.serial" -monitor "pipe:$name" &
	pid=$!
	for _ in $(seq 240); do
		grep -q 'boot:' "$name.serial" 2>/dev/null && break
		sleep 0.5
	done
	cat "$name.out" >/dev/null &
	printf 'pmemsave 0 0xa0000 %s.full\nquit\n' "$name" >"$name.in"
	wait "$pid"
	[ -s "$name.full" ] || { echo "make-dumps: $name: no dump" >&2; exit 1; }
}

# trim NAME: zero what MEMDISK did not write, gzip to OUTDIR.
trim() {
	local name=$1 kib keep
	kib=$(od -An -tu2 -j $((0x413)) -N2 "$name.full" | tr -d ' ')
	keep=$((kib * 1024 / 4096))
	truncate -s $((0xa0000)) "$name.lowmem"
	dd if="$name.full" of="$name.lowmem" bs=1280 count=1 conv=notrunc status=none
	dd if="$name.full" of="$name.lowmem" bs=4096 skip="$keep" seek="$keep" \
		conv=notrunc status=none
	gzip -9n <"$name.lowmem" >"$out/memdisk-$name.lowmem.gz"
	echo "memdisk-$name.lowmem.gz: BDA $kib KiB, kept from $(printf %#x $((keep * 4096)))"
}

make_images
boot iso test.iso "iso raw"
boot floppy floppy.img "floppy raw" -nodefaults
boot harddisk hd.img "harddisk raw"
boot chain chain.iso "iso raw"
for name in iso floppy harddisk chain; do
	trim "$name"
done
