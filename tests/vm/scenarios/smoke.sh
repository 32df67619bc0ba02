#!/bin/bash
# Smoke test of the VM harness: an ISOLINUX ISO booted under SYSLINUX
# MEMDISK (`iso raw`) reaches our init, loads a Debian module with its
# dependency (isofs needs cdrom), and memdiskfind in the guest reports
# exactly the ISO's size. Also checks the host-side result parsing.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

# The parser must see through kernel timestamps, CRs, interrupted lines.
test_result_parsing() {
	local log=$1
	printf '%s\r\n' '[    1.5] @@value size 0x1,0x800' 'noise@@check a pass' \
		'[    1.6] @@check b fail exit 1: no' '@@done' >"$log"
	[ "$(vm_value "$log" size)" = 0x1,0x800 ]
	vm_checks "$log" 2>/dev/null && return 1
	sed -i '/@@check b/d' "$log"
	vm_checks "$log" >/dev/null
	vm_log_clean "$log"
	echo 'WARNING: CPU: 0 PID: 1' >>"$log"
	vm_log_clean "$log" 2>/dev/null && return 1
	echo "smoke: result parsing ok"
}

work=$(vm_workdir smoke)
test_result_parsing "$work/parse-test.log"

vm_initramfs "$work/initrd.gz" tests/vm/guest/smoke.sh isofs
vm_iso "$work/smoke.iso" "$work/initrd.gz"
vm_boot_checked memdisk "$work/serial.log" "$work/smoke.iso" "iso raw"

found=$(vm_value "$work/serial.log" memdiskfind)
iso_size=$(stat -c %s "$work/smoke.iso")
echo "smoke: memdiskfind in the guest: $found; ISO size $iso_size"
[ "$((${found#*,}))" -eq "$iso_size" ]
