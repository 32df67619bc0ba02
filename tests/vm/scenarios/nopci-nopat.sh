#!/bin/bash
# Where the kernel tells less: three boots of one MEMDISK ISO. pci=off:
# E820's reserved ranges never reach /proc/iomem, the image and region=
# are found in the E820 table itself, holes and MMIO still refused. A CPU
# without MTRRs (QEMU's -cpu qemu64,-mtrr): the kernel maps reserved
# memory uncached, the image is refused saying so. nopat: found, with a
# note that the memory type is not checked. Also run on 6.12
# (tests/run.sh): PAT stays on there without MTRRs. About a minute.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_WORK=$(vm_workdir nopci-nopat)
vm_initramfs "$VM_WORK/initrd.gz" tests/vm/guest/nopci-nopat.sh
vm_memdisk_boot pci-off "pci=off"
vm_expect_eq "image under pci=off" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
vm_memdisk_boot nopat "nopat"
vm_expect_eq "image under nopat" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
vm_memdisk_boot no-mtrr "" -cpu qemu64,-mtrr
