#!/bin/bash
# A real 1.44 MB floppy image under MEMDISK `floppy raw`. Debian's kernel
# (~8 MB) cannot fit on it, so the floppy boots what fits: SYSLINUX starts
# iPXE (ipxe.lkrn, as netboot.xyz's floppy images do), which netboots the
# guest's ISO through a second MEMDISK (examples/netboot.ipxe). Linux then
# sees two MEMDISKs: memdisk0 the ISO (the later, lower mBFT: the module
# scans upward) and memdisk1 the floppy, each with its image's size and hash.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh

work=$(vm_workdir floppy)
log=$work/serial.log
floppy=$work/floppy.img
tftp=$work/tftp
iso=$tftp/guest.iso
vm_initramfs "$work/initrd.gz" tests/vm/guest/chain.sh isofs vfat nls_cp437 nls_ascii
rm -rf "$tftp" "$work/floppy"
mkdir -p "$tftp" "$work/floppy"
img_guest_iso "$iso" "$work/initrd.gz"
img_netboot_dir "$tftp" "$iso"
img_netboot_nic "$tftp"
# No command line: iPXE's default, DHCP and the offered boot file.
cp /usr/lib/ipxe/ipxe.lkrn "$work/floppy/"
vm_boot_cfg "$work/floppy/syslinux.cfg" "KERNEL /ipxe.lkrn"
img_fat "$floppy" 1440 "$work/floppy" -n MEMDISK_FD

vm_boot_checked memdisk "$log" "$floppy" "floppy raw" "${IMG_NIC[@]}"
grep -q 'Loading /ipxe.lkrn' "$log" || { echo "the floppy's SYSLINUX did not start iPXE" >&2; exit 1; }
vm_expect_eq "floppy image size" 1474560 "$(stat -c %s "$floppy")"
img_expect_image "$log" memdisk0 "$iso" 2048
img_expect_image "$log" memdisk1 "$floppy" 512
img_expect_floppy_file "$log" ipxe.lkrn
vm_expect_eq "memdisk0 MEMDISK command line" "iso raw" "$(vm_value "$log" memdisk0-cmdline)"
vm_expect_eq "memdisk1 MEMDISK command line" "floppy raw" "$(vm_value "$log" memdisk1-cmdline)"
