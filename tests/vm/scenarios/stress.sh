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
image=$work/stress.iso
log=$work/serial.log
sectors=16384 # 8 MiB of pattern, 4 MiB per partition
rm -rf "$work/payload" "$work/extra"
mkdir -p "$work/payload"
"$(vm_guest_tool verify)" make "$work/payload/pattern.bin" "$sectors"
vm_extra_verify "$work/extra"
VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/vm/guest/stress.sh
vm_iso "$image" "$work/initrd.gz" "$work/payload"
read -r start half < <(vm_partition_file "$image" /pattern.bin)
vm_boot_memdisk "$log" "$image" "iso raw"
vm_checks "$log"
vm_log_clean "$log"
vm_expect_eq "partition 1" "$start $half" "$(vm_value "$log" p1-start) $(vm_value "$log" p1-size)"
vm_expect_eq "partition 2" "$((start + half)) $half" "$(vm_value "$log" p2-start) $(vm_value "$log" p2-size)"
vm_expect_eq "hash after the writes" "$(vm_sha256 "$image")" "$(vm_value "$log" sha256)"
echo "vm: partition re-reads during the readers: $(vm_value "$log" rereads)"
