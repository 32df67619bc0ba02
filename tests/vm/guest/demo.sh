# shellcheck shell=sh
# `make demo`, guest side: what a user wants to see, between the markers
# tests/demo.sh prints from the serial log.
dev=/dev/memdisk0
attr=/sys/block/memdisk0
modprobe isofs
echo "=== memdisk_blk demo ==="
echo '# uname -r'
uname -r
echo
value kernel "$(uname -r)"
value ko_sha256 "$(sha256sum "/lib/modules/$(uname -r)/extra/memdisk_blk.ko" | cut -d ' ' -f 1)"
echo '# modprobe memdisk_blk'
load_memdisk
dmesg | grep 'memdisk_blk: memdisk' | sed 's/^\[[ 0-9.]*\] //'
echo
echo '# memdisk-probe'
memdisk-probe
echo
echo "# facts of $dev (lsblk-style)"
printf '%-10s %12s %3s %8s %8s %5s\n' NAME SIZE RO LOG-SEC PHY-SEC ROTA
printf '%-10s %12s %3s %8s %8s %5s\n' memdisk0 "$(blockdev --getsize64 "$dev")" \
	"$(cat "$attr/ro")" "$(cat "$attr/queue/logical_block_size")" \
	"$(cat "$attr/queue/physical_block_size")" "$(cat "$attr/queue/rotational")"
# No blkid in busybox: the ISO 9660 volume label is at byte 32808.
echo "LABEL=$(dd if="$dev" bs=1 skip=32808 count=32 2>/dev/null | tr -d ' ')"
echo
echo "# mount -t iso9660 -o ro $dev /mnt && cat /mnt/hello.txt"
mkdir -p /mnt
check mount-iso9660 mount -t iso9660 -o ro "$dev" /mnt
cat /mnt/hello.txt
value hello "$(cat /mnt/hello.txt)"
umount /mnt
echo "=== end ==="
