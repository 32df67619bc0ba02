#!/bin/bash
# memdisk-remaster on an ISO laid out like Fedora's installer (lorax's
# boot.iso, Fedora 37 and later): GRUB only on BIOS (/images/eltorito.img,
# /boot/grub2/grub.cfg), the kernel line naming inst.stage2=hd:LABEL=<the
# volume label>, the installer's stage2 at /images/install.img. It is
# remaster-grub-fedora's stock ISO (same recipe, one build), its squashfs
# moved to /images/install.img, root=live:CDLABEL= replaced by
# inst.stage2=hd:LABEL=, and its dracut initrd given a stand-in for
# anaconda's stage2 search (tests/vm/standins/anaconda, tests/STANDINS.md):
# wait for /dev/disk/by-label/LABEL, mount it on /run/install/repo, take
# images/install.img and set it up with dmsquash-live-root. Through
# MEMDISK the stock ISO never finds that label (dracut gives up: "/dev/root
# does not exist"); remastered, the stand-in finds the stage2 on
# /dev/memdisk0 and the root comes up from it. Two guests, one after the
# other.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

initrd=/images/pxeboot/initrd.img
stage2=/images/install.img

# installer_iso LIVE OUT WORK: LIVE (the Fedora-layout live ISO) made into
# the installer's shape as OUT, its boot records replayed; the initrd's
# tree and the menu in WORK.
installer_iso() {
	local live=$1 out=$2 w=$3 tree=$3/initrd.d s=tests/vm/standins/anaconda
	rm_extract "$live" "$initrd" "$w/initrd.live"
	rm_extract "$live" /boot/grub2/grub.cfg "$w/grub.cfg.live"
	rm -rf "$tree" && mkdir -p "$tree"
	rm_gzip_initrd "$w/initrd.live" | (cd "$tree" && cpio -idm --quiet)
	install -m 755 "$s/parse-stage2.sh" "$tree/usr/lib/dracut/hooks/cmdline/27-parse-anaconda-repo.sh"
	install -m 755 "$s/stage2-genrules.sh" "$tree/usr/lib/dracut/hooks/pre-trigger/50-repo-genrules.sh"
	install -m 755 "$s/anaconda-diskroot" "$tree/usr/sbin/anaconda-diskroot"
	(cd "$tree" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
		gzip -9n >"$w/initrd.installer"
	sed 's|root=live:CDLABEL=\([^ ]*\) rd\.live\.image |inst.stage2=hd:LABEL=\1 |' "$w/grub.cfg.live" >"$w/grub.cfg"
	if ! grep -q "inst.stage2=hd:LABEL=$LIVE_LABEL " "$w/grub.cfg" || grep -q 'root=' "$w/grub.cfg"; then
		echo "remaster: no inst.stage2=hd:LABEL=$LIVE_LABEL in place of root= in the menu" >&2
		return 1
	fi
	rm -f "$out"
	xorriso -indev "$live" -outdev "$out" -boot_image any replay -map "$w/initrd.installer" "$initrd" \
		-map "$w/grub.cfg" /boot/grub2/grub.cfg -mv /LiveOS/squashfs.img "$stage2" -- -rmdir /LiveOS -- \
		>"$w/xorriso.log" 2>&1 || { cat "$w/xorriso.log" >&2; return 1; }
}

vm_guest_kernel
work=$(vm_workdir remaster-fedora-installer)
stock_dir=$(vm_builddir remaster-grub-fedora)/stock
live=$(LIVE_FLAVOUR=dracut LIVE_STOCK=yes LIVE_LAYOUT=fedora bash tests/live/build-debian-live.sh "$stock_dir")
LIVE_LABEL=MEMDISK_LIVE
stock=$work/installer.iso
out=$work/remastered.iso
installer_iso "$live" "$stock" "$work"

VM_TIMEOUT=400 VM_MEM=2048 vm_boot_memdisk "$work/stock.log" "$stock" "iso raw" || true
rm_expect_no_medium "$work/stock.log" "Warning: /dev/root does not exist" panic
if grep -q 'anaconda stand-in: stage2' "$work/stock.log"; then
	echo "remaster: the stock installer found its stage2" >&2
	exit 1
fi

rm -f "$out"
rm_tool --kdir "$VM_KDIR" "$stock" "$out" >"$work/remaster.log" 2>&1 || { cat "$work/remaster.log"; exit 1; }
cat "$work/remaster.log"
grep -q "^$initrd: dracut (dmsquash-live)" "$work/remaster.log"
rm_expect_remastered "$work" "$stock" "$out" "$initrd" rm_check_dracut

VM_MEM=2048 vm_boot_checked memdisk "$work/memdisk.log" "$out" "iso raw"
vm_expect_eq "the stand-in's stage2" "anaconda stand-in: stage2 /run/install/repo$stage2 on /dev/memdisk0" \
	"$(grep -o 'anaconda stand-in: stage2 .*' "$work/memdisk.log" | head -n 1 | tr -d '\r')"
LIVE_SQUASHFS=$stage2 live_expect_memdisk "$work/memdisk.log" "$out" /run/install/repo "$stock_dir/token"
