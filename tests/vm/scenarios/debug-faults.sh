#!/bin/bash
# On the debug kernel: every allocation the driver makes in a load (those
# with its code among their 8 innermost frames, tests/vm/guest/
# debug-lib.sh) failed in turn (fail-nth), for one image, for region= and
# for two chained MEMDISK images (chain.sh's floppy and ISO). Each failed
# load leaves nothing behind and the next one works; no sanitizer
# reports, no leak. The logs have each injection point's outcome (values
# autoprobe-1-N, region-N, autoprobe-2-N); the counts are printed (25,
# 25 and 44). About 6 min with the CPU shared.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-images.sh
. tests/vm/lib-images.sh
# shellcheck source=tests/vm/lib-debug.sh
. tests/vm/lib-debug.sh

VM_TIMEOUT=${DEBUG_FAULTS_TIMEOUT:-900}
work=$(vm_builddir debug-faults)
rm -rf "$work/extra"
debug_initramfs "$work" tests/vm/guest/debug-faults.sh

log=$work/one.log
vm_iso "$work/one.iso" "$work/initrd.gz"
vm_boot_checked memdisk "$log" "$work/one.iso" "iso raw"
vm_expect_eq "images" 1 "$(vm_value "$log" images)"
echo "vm: injection points: load $(vm_value "$log" autoprobe-1-points), region= $(vm_value "$log" region-points)"

# Two MEMDISKs as in chain.sh: the floppy's MEMDISK starts the ISO's.
log=$work/two.log
img_chained_floppy "$work/two.img" "$work/floppy" "$work/initrd.gz"
vm_boot_checked memdisk "$log" "$work/two.img" "floppy raw"
vm_expect_eq "images" 2 "$(vm_value "$log" images)"
echo "vm: injection points: load of two images $(vm_value "$log" autoprobe-2-points)"
