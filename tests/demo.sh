#!/bin/bash
# `make demo`: boot a demo ISO through SYSLINUX MEMDISK in QEMU and show
# what memdisk_blk makes of it.
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

# The module is built for the kernel the guest boots, whatever the host
# runs or has headers for.
vm_module_build
echo "guest kernel $VM_ABI; memdisk_blk.ko built against $VM_KDIR"

VM_PAYLOAD=$(vm_workdir demo)/payload
mkdir -p "$VM_PAYLOAD"
echo "Hello from inside the ISO image MEMDISK loaded into RAM." >"$VM_PAYLOAD/hello.txt"
echo "Booting a demo ISO through MEMDISK (\`iso raw\`) in QEMU (TCG)..."
VM_ISO_4K=no VM_ISO_LABEL=MEMDISK_DEMO vm_memdisk_scenario demo "iso raw" isofs
echo "ISO on the host: $(stat -c %s "$VM_IMAGE") bytes (not a multiple of 4 KiB: phram would refuse it)"
echo
# The guest's console output between its markers, without kernel lines.
tr -d '\r' <"$VM_LOG" | sed -n '/^=== memdisk_blk demo ===$/,/^=== end ===$/p' |
	grep -v '^\[ *[0-9.]*\] '
vm_expect_eq "file read from the mounted image" "$(cat "$VM_PAYLOAD/hello.txt")" \
	"$(vm_value "$VM_LOG" hello)"
