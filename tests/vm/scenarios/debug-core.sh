#!/bin/bash
# The bad-mBFT matrix, the out-of-bounds partition reads and rmmod refused
# while mounted (their guest scripts unchanged) on the debug kernel
# (KASAN, UBSAN, kmemleak, lockdep): the same checks pass, nothing is
# reported, kmemleak finds no leak after each.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-debug.sh
. tests/vm/lib-debug.sh

VM_TIMEOUT=${DEBUG_CORE_TIMEOUT:-480}
VM_ISO_4K=no debug_scenario mbft-matrix "iso raw"
vm_expect_eq "image after restoring the table" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
# 6.12's block core refuses a partition past the disk (scenarios/oob.sh).
VM_CMDLINE="oob.blkpg=refuses" debug_scenario oob "iso raw"
vm_expect_eq "hash after the reads" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256-before)"
debug_scenario rmmod "iso raw" isofs
vm_expect_eq "hash through region=" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" region-sha256)"
