#!/bin/bash
# rmmod is refused while /dev/memdisk0 is mounted and afterwards releases
# everything; 20 load/unload cycles; autoprobe=0; the region parameter
# exposes the same bytes.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_memdisk_scenario rmmod "iso raw" isofs
vm_expect_eq "hash through region=" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" region-sha256)"
