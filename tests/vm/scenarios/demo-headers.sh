#!/bin/bash
# `make demo` on a Debian 12 machine with both the 6.1 and the 6.12 amd64
# headers installed (bookworm-security ships 6.12): the demo builds the
# module for the kernel it boots, not for the newest headers, says which
# kernel that is, and the module the guest loaded carries that kernel's
# vermagic. About 30 s.
set -euo pipefail
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

# Both series installed, or this test proves nothing.
for series in 6.1 6.12; do
	abi=$(VM_SERIES=$series vm_headers_abi)
	case $abi in
	"$series".*) ;;
	*)
		echo "no $series amd64 headers installed (got '$abi'): run tests/install-deps.sh" >&2
		exit 1
		;;
	esac
	vm_expect_eq "$series headers installed" yes "$([ -d "/usr/src/linux-headers-$abi" ] && echo yes)"
done

work=$(vm_workdir demo-headers)
make demo | tee "$work/demo.out"

log=$(vm_workdir demo)/serial.log
release=$(vm_value "$log" kernel)
vm_expect_eq "guest kernel" "$(vm_headers_abi)" "$release"
vm_expect_eq "demo names the kernel it boots" \
	"guest kernel $release; memdisk_blk.ko built against /usr/src/linux-headers-$release" \
	"$(grep '^guest kernel ' "$work/demo.out")"
# The module as staged in the guest's initramfs, the one it loaded.
zcat "$(vm_workdir demo)/initrd.gz" |
	cpio --quiet -i --to-stdout "lib/modules/$release/extra/memdisk_blk.ko" >"$work/staged.ko"
vm_expect_eq "loaded module file" "$(vm_sha256 "$work/staged.ko")" "$(vm_value "$log" ko_sha256)"
vm_expect_eq "module vermagic" "$release" "$(modinfo -F vermagic "$work/staged.ko" | cut -d ' ' -f 1)"
