#!/bin/bash
# Reads through a partition that root added past the end of the disk (or
# across it) fail with EIO instead of reading past the image (an oops on
# Debian 6.1 before the driver checked); the image is unchanged. 6.12's
# block core refuses such partitions itself: on 6.12 the guest asserts that.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

case $VM_SERIES in
5.10 | 6.1) blkpg=accepts ;;
*) blkpg=refuses ;;
esac
VM_CMDLINE="oob.blkpg=$blkpg" vm_memdisk_scenario oob "iso raw"
vm_expect_eq "hash after the reads" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256-before)"
