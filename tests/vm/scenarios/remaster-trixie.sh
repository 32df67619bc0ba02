#!/bin/bash
# A Debian 13 (trixie) live ISO remastered on this Debian 12 host with no
# --kdir or --module: memdisk-remaster reads the suite from the kernel's
# release (6.12.N+deb13-amd64), fetches trixie's linux-headers (and its
# -common and linux-kbuild) and gcc-14 through its own apt configuration
# (the host's apt lists carry bookworm only), builds memdisk_blk.ko with
# them and the ISO reaches its live root from /dev/memdisk0 through
# MEMDISK. The ISO: the stock dracut one of uefi-dracut-ng.sh
# (LIVE_SUITE=trixie LIVE_FLAVOUR=dracut LIVE_STOCK=yes, one trixie root
# for both scenarios). Time: one boot of about 90 s, plus the downloads
# (about 60 MB) and the module's build the first time.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-live.sh
. tests/vm/lib-live.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

work=$(vm_workdir remaster-trixie)
stock=$(LIVE_SUITE=trixie LIVE_FLAVOUR=dracut LIVE_STOCK=yes bash tests/live/build-debian-live.sh \
	"$(vm_builddir uefi-dracut-ng)/stock")
out=$work/remastered.iso
rm -f "$out"
# No VM_MODDIR: rm_tool seeds no pmem modules of the guest kernel.
"$VM_TOP/tools/memdisk-remaster" --cache "$RM_CACHE" "$stock" "$out" >"$work/remaster.log" 2>&1 ||
	{ cat "$work/remaster.log"; exit 1; }
vm_expect_eq "memdisk_blk.ko built with trixie's headers and gcc-14" 1 \
	"$(grep -c "^/live/initrd.img: dracut.*built against Debian's linux-headers-[^ ]*+deb13-amd64, with trixie's gcc-14" \
		"$work/remaster.log")"

log=$work/memdisk.log
VM_MEM=2048 vm_boot_checked memdisk "$log" "$out" "iso raw"
vm_expect_eq "live medium" "/dev/memdisk0 /run/initramfs/live iso9660" \
	"$(mount_fields "$(vm_value "$log" medium-mount)")"
vm_expect_eq "root filesystem" "/ overlay" "$(mount_fields "$(vm_value "$log" root-mount)" | cut -d ' ' -f 2-)"
vm_expect_eq "token from the squashfs root" "$(cat "$(dirname "$stock")/token")" "$(vm_value "$log" token)"
vm_expect_eq "memdisk0 sha256" "$(vm_sha256 "$out")" "$(vm_value "$log" memdisk-sha256)"
