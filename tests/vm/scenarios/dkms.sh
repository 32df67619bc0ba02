#!/bin/bash
# dkms.conf with Debian's dkms: `dkms add/build/install` for the guest's
# kernel in a private tree (the host's /var/lib/dkms and /lib/modules stay
# untouched), then the DKMS-built, DKMS-signed module finds an ISO under
# MEMDISK: /dev/memdisk0 has the ISO's hash. About 40 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-dkms.sh
. tests/vm/lib-dkms.sh

# host_dkms_state: what the host's own DKMS state looks like, to compare.
host_dkms_state() {
	find /var/lib/dkms /lib/modules -path '*memdisk*' 2>/dev/null | sort
	ls -A /var/lib/dkms 2>/dev/null
}

work=$(vm_workdir dkms)
vm_guest_kernel
version=$(dkms_conf_version .)
before=$(host_dkms_state)
dkms_stage_source . "$work/src"
MEMDISK_KO=$(dkms_private_install "$work/tree" "$VM_ABI" "$work/src")
vm_expect_eq "host DKMS state unchanged" "$before" "$(host_dkms_state)"
vm_expect_eq "dkms status" "memdisk-blk/$version, $VM_ABI, x86_64: installed" \
	"$(dkms_private "$work/tree" "$VM_ABI" status -m memdisk-blk)"
vm_expect_eq "module built for" "$VM_ABI" "$(modinfo -F vermagic "$MEMDISK_KO" | cut -d ' ' -f 1)"
vm_expect_eq "module signed by" "DKMS module signing key" "$(modinfo -F signer "$MEMDISK_KO")"

vm_memdisk_scenario dkms "iso raw" isofs
vm_expect_eq "device sha256" "$(vm_sha256 "$VM_IMAGE")" "$(vm_value "$VM_LOG" sha256)"
vm_expect_eq "loaded module file" "$(vm_sha256 "$MEMDISK_KO")" "$(vm_value "$VM_LOG" ko_sha256)"
vm_expect_eq "loaded module version" "$version" "$(vm_value "$VM_LOG" version)"
