#!/bin/bash
# Writes to /dev/memdisk0 fail by every path, even after `blockdev
# --setrw`, and the image keeps the ISO file's hash.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_memdisk_scenario writes "iso raw"
vm_expect_eq "hash after the writes" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256-before)"
