#!/bin/bash
# On the debug kernel (KASAN, UBSAN, kmemleak, lockdep): 100 loads, reads
# and unloads, then kmemleak scans: nothing leaked, nothing reported.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-debug.sh
. tests/vm/lib-debug.sh

# About 100 s alone, but two kmemleak scans and 100 loads under KASAN
# take several times that on a busy machine.
VM_TIMEOUT=${DEBUG_CYCLES_TIMEOUT:-600}
work=$(vm_builddir debug-cycles)
rm -rf "$work/extra"
debug_initramfs "$work" tests/vm/guest/debug-cycles.sh
vm_iso "$work/cycles.iso" "$work/initrd.gz"
vm_boot_checked memdisk "$work/serial.log" "$work/cycles.iso" "iso raw"
