#!/bin/bash
# phram-held.sh on the i386-nopae kernel (no HIGHMEM, no PAE), where
# the image is mapped page by page and memdisk_blk holds a page of every
# 4 MiB.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_ARCH=i386
vm_built_kernel i386-nopae
VM_WORK=$(vm_workdir phram-held-i386-nopae)
VM_ISO_4K=yes
vm_initramfs "$VM_WORK/initrd.gz" tests/vm/guest/phram-held.sh phram mtdblock
vm_scenario_boot phram-held-i386-nopae "iso raw"
vm_expect_eq "hash" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
