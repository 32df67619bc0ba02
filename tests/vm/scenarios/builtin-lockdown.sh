#!/bin/bash
# Lockdown with memdisk_blk built in (tests/kernel/x86_64-memdisk.config):
# Debian's kernel refuses our unsigned module once booted with lockdown=
# (lockdown.sh), a built-in driver needs no signature. For each level, a
# boot with lockdown=LEVEL has the ISO's disk, whose hash is the ISO's,
# and memdisk-probe falling back to sysfs; a boot that also asks for
# memdisk_blk.region= has it refused with its message. Four boots.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_built_kernel x86_64-memdisk
VM_WORK=$(vm_workdir builtin-lockdown)
# The guest script runs lockdown.sh's checks.
VM_EXTRA_DIR=$VM_WORK/extra
install -D -m 644 tests/vm/guest/lockdown.sh "$VM_EXTRA_DIR/lib/lockdown.sh"
vm_initramfs "$VM_WORK/initrd.gz" tests/vm/guest/builtin-lockdown.sh

for level in integrity confidentiality; do
	vm_memdisk_boot "$level" "lockdown=$level"
	vm_expect_eq "image under lockdown=$level" "$(vm_sha256 "$VM_IMAGE")" \
		"$(vm_value "$VM_LOG" sha256)"
	echo "vm: $(vm_value "$VM_LOG" "probe-note-$level")"
	# A reserved range, so that only lockdown can refuse it.
	vm_memdisk_boot "$level-region" "lockdown=$level memmap=4M\$0x10000000 memdisk_blk.region=0x10000000,4M"
done
