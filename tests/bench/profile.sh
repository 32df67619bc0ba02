#!/bin/bash
# make bench-profile: perf profiles (cpu-clock) of O_DIRECT sequential reads
# through memdisk_blk and through brd in one TCG guest, to show what bounds
# them. About 30 s.
set -eu
cd "$(dirname "$0")/../.."
VM_MEM=${VM_MEM:-2048}
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

work=$(vm_workdir bench-profile)
rm -rf "$work/extra"
install -D -m 755 "$(vm_guest_tool mdread)" "$work/extra/bin/mdread"
vm_stage_binary "$work/extra" /usr/bin/perf
mkdir -p "$work/payload"
[ -f "$work/payload/random.bin" ] || head -c 96M /dev/urandom >"$work/payload/random.bin"
VM_PAYLOAD=$work/payload VM_CMDLINE=loglevel=4 VM_EXTRA_DIR=$work/extra \
	vm_memdisk_scenario bench-profile "iso raw" isofs brd
tr -d '\r' <"$VM_LOG" | sed -n '/^=== profile/,/^=== end/p' | grep -v '^\[ *[0-9.]*\] '
