#!/bin/bash
# No MEMDISK (the kernel booted directly): modprobe succeeds with one info
# line and no device; memdisk-probe exits 1.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

work=$(vm_workdir nomemdisk)
vm_initramfs "$work/initrd.gz" tests/vm/guest/nomemdisk.sh
vm_boot_checked direct "$work/serial.log" "$work/initrd.gz" ""
