#!/bin/bash
# 8 readers check a self-checking pattern through /dev/memdisk0 for 60 s
# (O_DIRECT and buffered) while partitions are re-read; the two MBR
# partitions over the pattern hold the right halves and refuse every
# write; device nodes and sysfs files have safe modes. About 80 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-hardening.sh
. tests/vm/lib-hardening.sh

work=$(vm_workdir stress)
vm_stress_payload "$work"
VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/vm/guest/stress.sh
vm_stress_boot "$work"
vm_expect_eq "readers and seconds" "8 60" "$(vm_value "$work/serial.log" readers)"
