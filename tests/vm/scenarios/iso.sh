#!/bin/bash
# An ISO (size not a multiple of 4 KiB) booted through MEMDISK `iso raw`:
# /dev/memdisk0 has the file's exact size and hash and mounts as iso9660.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

VM_PAYLOAD=$(vm_workdir iso)/payload
mkdir -p "$VM_PAYLOAD"
token=$(vm_token)
echo "$token" >"$VM_PAYLOAD/payload.txt"
VM_ISO_4K=no vm_memdisk_scenario iso "iso raw" isofs

size=$(stat -c %s "$VM_IMAGE")
[ $((size % 4096)) -ne 0 ] || { echo "the ISO should not be a 4 KiB multiple" >&2; exit 1; }
vm_expect_eq "device size" "$size" "$(vm_value "$VM_LOG" size)"
vm_expect_eq "device sha256" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
vm_expect_eq "payload read from the mounted image" "$token" "$(vm_value "$VM_LOG" payload)"
vm_expect_eq "MEMDISK command line in sysfs" "iso raw" "$(vm_value "$VM_LOG" cmdline)"
