#!/bin/bash
# Kernel lockdown: our unsigned module cannot load after a lockdown= boot
# (Debian refuses unsigned modules then); loaded before lockdown is raised
# at run time, the device keeps its image and memdisk-probe reports it
# through sysfs. About 30 s (two boots).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_memdisk_scenario lockdown "iso raw"
vm_expect_eq "image under lockdown" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"

log=$VM_WORK/serial-boot.log
vm_boot_checked direct "$log" "$VM_WORK/initrd.gz" lockdown=integrity
