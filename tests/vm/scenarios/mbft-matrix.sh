#!/bin/bash
# Every malformed mBFT (made in the guest with devmem) and every bad
# region= gives no device and exactly one message saying why; a duplicate
# table gives one device and a note. Supersedes corrupt.sh. About 40 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

# Not a 4 KiB multiple: MEMDISK's reservation then ends mid-page, with
# usable RAM right after it (the end-in-ram case needs that).
VM_ISO_4K=no vm_memdisk_scenario mbft-matrix "iso raw"
vm_expect_eq "image after restoring the table" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
