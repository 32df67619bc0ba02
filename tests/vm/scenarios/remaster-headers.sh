#!/bin/bash
# memdisk-remaster --headers on a stock Debian live ISO (as
# remaster-debian.sh), the module built against a headers package as Arch
# ships it (.pkg.tar.zst, /usr/lib/modules/REL/build, tests/lib-headers.sh:
# the guest kernel's Debian headers merged into one tree), in a cache of
# its own so that it is built from the package: the remastered ISO comes
# up from /dev/memdisk0 through MEMDISK, and from /dev/sr0 as a CD-ROM
# (tests/vm/lib-remaster.sh, rm_live_scenario); the stock one does not.
# Time: the package made in 20 to 60 s, then as remaster-debian.sh.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh
# shellcheck source=tests/lib-headers.sh
. tests/lib-headers.sh

# check_headers WORKDIR: the initramfs-tools wiring (as remaster-debian's),
# and the module said to be built against the package.
check_headers() {
	local dir=()
	cpio -i --quiet --to-stdout scripts/init-premount/ORDER <"$1/initrd.stock.cpio" >"$1/ORDER.stock"
	cpio -t --quiet <"$1/initrd.stock.cpio" | grep -qx scripts/init-premount || dir=(scripts/init-premount)
	rm_expect_initramfs_tools "$1/overlay" usr/lib "$1/ORDER.stock" "${dir[@]}" &&
		grep -q "memdisk_blk.ko built against --headers linux-headers.pkg.tar.zst (usr/lib/modules/$VM_ABI/build" \
			"$1/remaster.log"
}

vm_guest_kernel
work=$(vm_workdir remaster-headers)
hdr_merged "$VM_ABI" "$work/headers-tree"
hdr_pkg "$work/headers-tree" "$VM_ABI" "$work/linux-headers.pkg.tar.zst"
rm -rf "$work/headers-tree" "$work/cache"
RM_STOCK_OF=remaster-debian rm_live_scenario remaster-headers initramfs-tools /run/live/medium \
	"Unable to find a medium containing a live file system" check_headers \
	--cache "$work/cache" --headers "$work/linux-headers.pkg.tar.zst"
