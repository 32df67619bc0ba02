#!/bin/bash
# stress.sh on the i386-nopae kernel (no HIGHMEM, CONFIG_PREEMPT) on one
# CPU: 4 readers of 4 threads each check the pattern for 30 s. A reader
# preempted while it holds a kmap slot must not resume on the page another
# reader mapped there (compat.h's flushes on x86-32 without HIGHMEM).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-hardening.sh
. tests/vm/lib-hardening.sh

VM_ARCH=i386
vm_built_kernel i386-nopae
work=$(vm_workdir i386-nopae-stress)
vm_stress_payload "$work"
VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/vm/guest/stress.sh
# QEMU's default: one CPU, so every switch between readers is a preemption
# on the CPU whose kmap slots they share.
vm_stress_boot "$work" "stress.seconds=30 stress.readers=4 stress.threads=4"
vm_expect_eq "readers and seconds" "4 30" "$(vm_value "$work/serial.log" readers)"
vm_expect_eq "threads per reader" 4 "$(vm_value "$work/serial.log" threads)"
vm_expect_eq "preemptible guest kernel" yes \
	"$(grep -q '^CONFIG_PREEMPT=y$' "$VM_KDIR/.config" && echo yes || echo no)"
