#!/bin/bash
# stress.sh shortened for the debug kernel (KASAN, UBSAN, kmemleak,
# lockdep): 4 verifying readers for 20 s while partitions are re-read,
# then its partition and write checks; nothing reported, no leak.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-hardening.sh
. tests/vm/lib-hardening.sh
# shellcheck source=tests/vm/lib-debug.sh
. tests/vm/lib-debug.sh

VM_TIMEOUT=${DEBUG_STRESS_TIMEOUT:-480}
work=$(vm_builddir debug-stress)
vm_stress_payload "$work"
DEBUG_INNER=tests/vm/guest/stress.sh debug_initramfs "$work" tests/vm/guest/debug-wrap.sh
vm_stress_boot "$work" "stress.seconds=20 stress.readers=4"
vm_expect_eq "readers and seconds" "4 20" "$(vm_value "$work/serial.log" readers)"
