# shellcheck shell=sh
# A 32-bit kernel without PAE and without HIGHMEM. Its phys_addr_t has 32
# bits: a region= past 4 GiB must be refused as such, not truncated to an
# address below. Its lowmem ends near 896 MiB, below the MEMDISK image,
# which memdisk_blk must still expose: the checks of i386.sh.
check_fails no-highmem grep -q '^HighTotal:' /proc/meminfo
# Without PAE the direct map's large pages are 4 MiB, with PAE 2 MiB.
check non-pae-page-tables grep -q '^DirectMap4M:' /proc/meminfo
check lowmem-only contains "$(dmesg)" 'Warning only [0-9]*MB will be used'
# shellcheck source=tests/vm/guest/i386.sh
. /lib/i386.sh

# After i386.sh's load: the kernel's taint note for our module is logged.
mark=$(dmesg_mark)
check_fails region-past-4g-fails modprobe memdisk_blk autoprobe=0 region=0x100000000,1M
check_fails region-past-4g-not-loaded grep -q '^memdisk_blk ' /proc/modules
# busybox modprobe runs a failing init twice: the one message twice.
refused='memdisk_blk: region 0x100000000-0x1000fffff refused: beyond the physical addresses this kernel can use'
check_eq region-past-4g-message "$refused
$refused" "$(memdisk_log_since "$mark")"
