#!/bin/bash
# Same bytes as phram: in one guest, memdiskfind + phram + mtdblock and
# memdisk_blk expose identical contents, equal to the ISO file (a 4 KiB
# multiple: phram refuses anything else). memdisk_blk refuses the range
# while phram maps it uncached.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_ISO_4K=yes vm_memdisk_scenario phram "iso raw" phram mtdblock
vm_expect_eq "hash" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
