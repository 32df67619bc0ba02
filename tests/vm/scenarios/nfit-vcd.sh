#!/bin/bash
# The positive case of UEFI RAM disks on the real kernel side without
# firmware: an NFIT Virtual CD over 32 MiB that memmap= reserves, added by
# the kernel's ACPI table upgrade from an early cpio (Debian's kernels have
# ACPI_TABLE_UPGRADE=y), with memdisk.efi's ACPI0012 SSDT (efi/ssdt.asl,
# iasl). Not QEMU's nvdimm=on: its ACPI0012 device has a _FIT method, which
# nfit prefers to the NFIT, and it lists only QEMU's own NVDIMMs.
# memdisk-load, the udev rule and memdisk-probe must treat it as a RAM disk
# (tests/vm/guest/nfit-vcd.sh). The real thing, memdisk.efi under OVMF, is
# in the uefi-* scenarios. About 30 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh

work=$(vm_workdir nfit-vcd)
rm -rf "$work/extra" "$work/early"
vm_stage_udev "$work/extra"
vm_stage_boot_hooks "$work/extra"
# shellcheck disable=SC2086 # a list of module names
VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/vm/guest/nfit-vcd.sh $VM_PMEM_MODULES
mkdir -p "$work/early/kernel/firmware/acpi"
tests/unit/mknfit.py "$work/early/kernel/firmware/acpi/nfit.aml" vcd:0x30000000:0x2000000
iasl -p "$work/early/kernel/firmware/acpi/ssdt" efi/ssdt.asl >/dev/null
(cd "$work/early" && find kernel | cpio --quiet -o -H newc -R 0:0) >"$work/initrd"
cat "$work/initrd.gz" >>"$work/initrd"
# shellcheck disable=SC2016 # memmap's $ is the kernel's: reserve
vm_boot_checked direct "$work/serial.log" "$work/initrd" 'memmap=32M$0x30000000' -m 1G
vm_expect_eq "pmem0 size" $((32 << 20)) "$(vm_value "$work/serial.log" pmem0-size)"
