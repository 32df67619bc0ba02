# shellcheck shell=sh
# QEMU's own NVDIMM (an NFIT with a persistent-memory SPA range and a DIMM
# behind it): the kernel's nfit + nd_pmem make /dev/pmem0 over it, and it is
# not a UEFI RAM disk. memdisk-load (initramfs-tools' premount script, no
# udev) loads the modules since an NFIT exists, must leave read_only alone
# and print nothing; then udevd with our rule must leave it alone too and
# make no /dev/memdisk or by-memdisk link; memdisk-probe must call it
# persistent memory. Nothing but the kernel's nvdimm lines may be logged.
region=/sys/bus/nd/devices/region0
check nfit-table test -e /sys/firmware/acpi/tables/NFIT
check_fails not-loaded-yet test -d /sys/module/nfit
mark=$(dmesg_mark)
check_eq hook-output "" "$(/scripts/init-premount/memdisk_blk 2>&1)"
check_eq hook-again-output "" "$(/scripts/init-premount/memdisk_blk 2>&1)"
check nfit-loaded test -d /sys/module/nfit
check nd_pmem-loaded test -d /sys/module/nd_pmem
check pmem0 test -b /dev/pmem0
value pmem0-size "$(blockdev --getsize64 /dev/pmem0)"
check_eq region-devtype nd_pmem "$(cat "$region/devtype")"
check_eq region-mappings 1 "$(cat "$region/mappings")"
check_eq region-read-only 0 "$(cat "$region/read_only")"
check_eq pmem0-ro 0 "$(cat /sys/block/pmem0/ro)"
check_eq our-log "" "$(dmesg_since "$mark" | grep -i 'memdisk\|read-only' | grep -v taint)"

/lib/systemd/systemd-udevd --daemon --resolve-names=never
udevadm trigger --type=subsystems --action=add
udevadm trigger --type=devices --action=add
udevadm settle
check_eq udev-region-read-only 0 "$(cat "$region/read_only")"
check_eq udev-pmem0-ro 0 "$(cat /sys/block/pmem0/ro)"
check_fails no-memdisk-link test -e /dev/memdisk
check_fails no-by-memdisk test -e /dev/disk/by-memdisk
check_eq udev-our-log "" "$(dmesg_since "$mark" | grep -i 'memdisk\|read-only' | grep -v taint)"

probe=$(memdisk-probe 2>&1)
check_eq probe-exit 1 "$?"
check probe-persistent contains "$probe" '^NFIT SPA range 0: persistent-memory, '
check probe-not-ramdisk contains "$probe" '^  UEFI RAM disk:   no$'
check probe-region contains "$probe" 'region0 (nd_pmem, 1 DIMM mapping), read-write'
check probe-device contains "$probe" '/dev/pmem0'
check_fails probe-no-ramdisk contains "$probe" 'UEFI RAM disk:   yes'
