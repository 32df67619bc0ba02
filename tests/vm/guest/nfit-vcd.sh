# shellcheck shell=sh
# A Virtual CD in the NFIT without UEFI: the host adds an NFIT through the
# kernel's ACPI table upgrade (early cpio), over memory that memmap=
# reserves, and an SSDT with the ACPI0012 device nfit binds to. nfit makes it an nd_volatile region and
# nd_pmem /dev/pmem0, as for memdisk.efi's RAM disk. memdisk-load (no udev)
# must make it read-only before nd_pmem attaches; then, made writable by
# hand, udevd with our rule must make it read-only again and name it
# /dev/memdisk and /dev/disk/by-memdisk/pmem0; memdisk-probe: virtual-cd.
region=/sys/bus/nd/devices/region0
mark=$(dmesg_mark)
check_eq hook-output "" "$(/scripts/init-premount/memdisk_blk 2>&1)"
check pmem0 test -b /dev/pmem0
value pmem0-size "$(blockdev --getsize64 /dev/pmem0)"
check_eq region-devtype nd_volatile "$(cat "$region/devtype")"
check_eq region-mappings 0 "$(cat "$region/mappings")"
check_eq region-read-only 1 "$(cat "$region/read_only")"
check_eq pmem0-ro 1 "$(cat /sys/block/pmem0/ro)"
check_fails write-refused dd if=/dev/zero of=/dev/pmem0 bs=512 count=1 conv=notrunc
# Read-only from the start: the kernel says so when nd_pmem attaches.
check ro-at-attach contains "$(dmesg_since "$mark")" 'region0 read-only, marking pmem0 read-only'
check_eq our-log "" "$(dmesg_since "$mark" | grep -i 'memdisk' | grep -v taint)"

echo 0 >"$region/read_only"
check_eq writable-by-hand 0 "$(cat /sys/block/pmem0/ro)"
/lib/systemd/systemd-udevd --daemon --resolve-names=never
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle
check_eq udev-region-read-only 1 "$(cat "$region/read_only")"
check_eq udev-pmem0-ro 1 "$(cat /sys/block/pmem0/ro)"
check_eq memdisk-link /dev/pmem0 "$(readlink -f /dev/memdisk)"
check_eq by-memdisk-link /dev/pmem0 "$(readlink -f /dev/disk/by-memdisk/pmem0)"

probe=$(memdisk-probe 2>&1)
check_eq probe-exit 0 "$?"
check probe-vcd contains "$probe" '^NFIT SPA range 0: virtual-cd, 0x30000000-0x31ffffff, 33554432 bytes'
check probe-ramdisk contains "$probe" '^  UEFI RAM disk:   yes$'
check probe-region contains "$probe" 'region0 (nd_volatile, 0 DIMM mappings), read-only'
