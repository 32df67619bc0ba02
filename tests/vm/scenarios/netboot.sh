#!/bin/bash
# Netboot: the e1000 NIC's iPXE ROM gets boot.ipxe by DHCP from QEMU's
# built-in TFTP server, which sets the variables of examples/netboot.ipxe
# and chains it; that fetches MEMDISK and the ISO over TFTP. /dev/memdisk0
# has the ISO's size and hash.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh

work=$(vm_workdir netboot)
log=$work/serial.log
tftp=$work/tftp
image=$tftp/guest.iso
vm_initramfs "$work/initrd.gz" tests/vm/guest/netboot.sh isofs
rm -rf "$tftp"
mkdir -p "$tftp"
img_guest_iso "$image" "$work/initrd.gz"
img_netboot_dir "$tftp" "$image"
img_netboot_nic "$tftp"

vm_qemu "$log" -boot n "${IMG_NIC[@]}"
vm_checks "$log"
vm_log_clean "$log"
vm_expect_eq "device size" "$(stat -c %s "$image")" "$(vm_value "$log" size)"
vm_expect_eq "device sha256" "$(vm_sha256 "$image")" "$(vm_value "$log" sha256)"
vm_expect_eq "MEMDISK command line in sysfs" "iso raw" "$(vm_value "$log" cmdline)"
