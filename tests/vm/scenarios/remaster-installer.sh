#!/bin/bash
# memdisk-remaster on a Debian-installer ISO (tests/live/build-debian-installer.sh:
# Debian's own netboot installer with the cdrom flavour's modules and a
# stand-in for cdrom-detect, which does what cdrom-detect does with the
# devices of `list-devices cd` and prints "d-i-check:" lines). Through
# MEMDISK the stock ISO's `list-devices cd` names no memdisk0 and the
# stand-in finds no medium; the remastered one (headers from apt, the
# debian-installer family: a startup script and a udev rule giving an ISO
# on memdisk0 ID_CDROM) mounts its medium from /dev/memdisk0, and as a
# CD-ROM from /dev/sr0. The installer's real udev, list-devices and
# startup sequence run; cdrom-detect itself is a stand-in (its udeb cannot
# be downloaded here).
# Time on the loaded 2-core machine: 4.5 min, measured with the
# downloads cached (the first run adds the netboot package, 133 MB, the
# kernel and headers, and the module build: 3 min more). The ISO is
# rebuilt each run (1.5 min: the 40 MB initrd repacked); the boots take
# 65 s (stock, beside the remaster), 115 s (MEMDISK) and 90 s (CD-ROM).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

INITRD=/install.amd/initrd.gz

# di_expect LOG LINE...: the stand-in printed each LINE ("d-i-check: " put
# before it), and the kernel log is clean.
di_expect() {
	local log=$1 line
	shift
	for line in "$@"; do
		if ! tr -d '\r' <"$log" | grep -qF -- "d-i-check: $line"; then
			echo "remaster-installer: $log lacks 'd-i-check: $line'; it has:" >&2
			tr -d '\r' <"$log" | grep -a -o 'd-i-check: .*' | sort -u >&2
			return 1
		fi
		echo "remaster-installer: $(basename "$log"): $line"
	done
	vm_log_clean "$log"
}

# di_expect_no_memdisk LOG: list-devices named no memdisk device.
di_expect_no_memdisk() {
	if tr -d '\r' <"$1" | grep -q 'd-i-check: list-devices: .*memdisk'; then
		echo "remaster-installer: list-devices named a memdisk device in $1" >&2
		return 1
	fi
}

# di_expect_overlay DIR: the appended archive has the startup script and
# the CD-ROM rule, as the source tree has them, and the module.
di_expect_overlay() {
	local d=$VM_TOP/initramfs/debian-installer
	rm_expect_file "$1" lib/debian-installer-startup.d/S03memdisk_blk "$d/S03memdisk_blk" -rwxr-xr-x
	rm_expect_file "$1" lib/udev/rules.d/61-memdisk_blk-cdrom.rules "$d/61-memdisk_blk-cdrom.rules" -rw-r--r--
	rm_expect_file "$1" usr/lib/memdisk_blk/memdisk-load "$VM_TOP/initramfs/memdisk-load" -rwxr-xr-x
	[ -n "$(find "$1/lib/modules" -name memdisk_blk.ko)" ] || { echo "remaster-installer: no memdisk_blk.ko" >&2; return 1; }
}

main() {
	local work stock out token stock_boot
	work=$(vm_workdir remaster-installer)
	stock=$(bash tests/live/build-debian-installer.sh "$work/stock")
	token=$(cat "$work/stock/token")
	out=$work/remastered.iso
	VM_TIMEOUT=300 VM_MEM=1536 vm_boot_memdisk "$work/stock.log" "$stock" "iso raw" &
	stock_boot=$!
	# shellcheck disable=SC2064 # its process id now
	trap "pkill -P $stock_boot timeout 2>/dev/null || true" EXIT

	rm -f "$out"
	rm_tool "$stock" "$out" >"$work/remaster.log" 2>&1 || { cat "$work/remaster.log"; return 1; }
	cat "$work/remaster.log"
	grep -q "^$INITRD: debian-installer, kernel " "$work/remaster.log" ||
		{ echo "remaster-installer: $INITRD not remastered as debian-installer" >&2; return 1; }
	rm_extract "$stock" "$INITRD" "$work/initrd.stock"
	rm_extract "$out" "$INITRD" "$work/initrd.out"
	rm_appended "$work/initrd.stock" "$work/initrd.out" "$work/overlay"
	di_expect_overlay "$work/overlay"
	rm_expect_iso_kept "$stock" "$out" "$INITRD"

	VM_TIMEOUT=300 VM_MEM=1536 vm_boot_memdisk "$work/memdisk.log" "$out" "iso raw"
	di_expect "$work/memdisk.log" "memdisk_blk: loaded" "list-devices: /dev/memdisk0" \
		"mounted /dev/memdisk0 on /cdrom: " "mount: /dev/memdisk0 /cdrom iso9660 ro," "token: $token"

	# As a CD-ROM memdisk_blk loads too (memdisk-load) and finds nothing.
	VM_TIMEOUT=300 VM_MEM=1536 vm_qemu "$work/cdrom.log" -cdrom "$out" -boot d
	di_expect "$work/cdrom.log" "list-devices: /dev/sr0" "mounted /dev/sr0 on /cdrom: " "token: $token"
	di_expect_no_memdisk "$work/cdrom.log"

	wait "$stock_boot"
	trap - EXIT
	di_expect "$work/stock.log" "memdisk_blk: absent" "no CD-ROM drive was detected"
	di_expect_no_memdisk "$work/stock.log"
	echo "remaster-installer: the stock installer found no medium; the remastered one mounts /dev/memdisk0"
}

main
