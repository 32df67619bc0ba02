#!/bin/bash
# phram.sh in reverse order (tests/vm/guest/phram-held.sh): while
# memdisk_blk exposes the image, phram's uncached mapping of the same range
# fails (PAT memory type conflict); after rmmod memdisk_blk it works and
# reads the ISO's bytes. Also on 32-bit: phram-held-i386{,-nopae}.sh.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_WORK=$(vm_workdir phram-held)
VM_ISO_4K=yes
vm_initramfs "$VM_WORK/initrd.gz" tests/vm/guest/phram-held.sh phram mtdblock
vm_scenario_boot phram-held "iso raw"
vm_expect_eq "hash" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
