#!/bin/bash
# The negative case of UEFI RAM disks, on the real kernel side without
# memdisk.efi: QEMU's own NVDIMM makes an NFIT with a persistent-memory
# range and a DIMM behind it. nfit + nd_pmem (Debian's modules) give
# /dev/pmem0; memdisk-load, our udev rule and memdisk-probe must take it
# for persistent memory, not a RAM disk: read_only untouched, no
# /dev/memdisk link, nothing of ours logged (tests/vm/guest/nvdimm.sh).
# About 30 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh

work=$(vm_workdir nvdimm-pmem)
rm -rf "$work/extra"
vm_stage_udev "$work/extra"
vm_stage_boot_hooks "$work/extra"
# shellcheck disable=SC2086 # a list of module names
VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/vm/guest/nvdimm.sh $VM_PMEM_MODULES
truncate -s 0 "$work/nvdimm.img"
truncate -s 64M "$work/nvdimm.img"
vm_boot_checked direct "$work/serial.log" "$work/initrd.gz" "" \
	-machine pc,nvdimm=on -m 1G,slots=2,maxmem=2G \
	-object "memory-backend-file,id=m1,share=off,mem-path=$work/nvdimm.img,size=64M" \
	-device nvdimm,memdev=m1,id=nv1
vm_expect_eq "pmem0 size" $((64 << 20)) "$(vm_value "$work/serial.log" pmem0-size)"
