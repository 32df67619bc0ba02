#!/bin/bash
# Corrupted mBFTs (bad checksum; diskbuf moved into System RAM with the
# checksum fixed up): no device and one clear message each.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_memdisk_scenario corrupt "iso raw"
vm_value "$VM_LOG" bad-checksum-message
vm_value "$VM_LOG" diskbuf-in-ram-message
