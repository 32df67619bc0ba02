#!/bin/bash
# initramfs/: the initramfs-tools init-premount script, the mkinitcpio
# runtime hook and the dracut pre-udev hook, each run twice in busybox sh,
# in three boots: an ISO under MEMDISK (one load, /dev/memdisk0 with the
# ISO's size), the same with memdisk_blk.autoprobe=F and a glob word that
# would match a file in the hooks' directory (module not loaded), and a
# direct boot without MEMDISK (silent, no device).
# About 35 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh

work=$(vm_workdir hooks)
rm -rf "$work/extra"
vm_stage_boot_hooks "$work/extra"
VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/vm/guest/hooks.sh

# boot_iso MODE [EXTRA CMDLINE]: the guest ISO under MEMDISK `iso raw`.
boot_iso() {
	local image=$work/$1.iso log=$work/$1.log
	vm_iso "$image" "$work/initrd.gz" "" "hooktest=$1${2:+ $2}"
	vm_boot_checked memdisk "$log" "$image" "iso raw"
}

boot_iso memdisk
size=$(stat -c %s "$work/memdisk.iso")
for hook in initramfs-tools mkinitcpio dracut; do
	vm_expect_eq "$hook: device size" "$size" "$(vm_value "$work/memdisk.log" "$hook-size")"
done
# F: one of kstrtobool's spellings of false; the glob word must stay text.
boot_iso autoprobe0 "memdisk_blk.autoprobe=F memdisk_blk.autoprob?=1"
vm_boot_checked direct "$work/direct.log" "$work/initrd.gz" hooktest=direct
