# shellcheck shell=sh
# Every way an mBFT can be wrong, made with devmem before loading: no
# device and exactly one kernel message, memdisk_blk's, saying why. The
# table is restored after each case; a last load proves it. Then the
# region parameter at places that are not a MEMDISK image: the load fails.
dev=/dev/memdisk0
ko=/lib/modules/$(uname -r)/extra/memdisk_blk.ko
table_words=17 # the 70-byte table: 17 words and one 16-bit half

# Offsets in the table (module/mbft.c).
LENGTH=4
CHECKSUM=9
MDI_BYTES=40
DISKBUF=44
DISKSIZE=48
SECTOR_SHIFT=67

# byte_sum VALUE: the sum of a 32-bit value's bytes (the mBFT checksum is
# a byte sum, so a changed field is compensated in the checksum byte).
byte_sum() {
	echo $((($1 & 255) + ($1 >> 8 & 255) + ($1 >> 16 & 255) + ($1 >> 24 & 255)))
}

# copy_table TO: the saved table (from table_save) to address TO.
copy_table() {
	_i=0
	for _w in $saved; do
		devmem $(($1 + _i)) 32 "$_w"
		_i=$((_i + 4))
	done
	devmem $(($1 + _i)) 16 "$saved_tail"
}

table_save() {
	saved=
	_i=0
	while [ "$_i" -lt $((table_words * 4)) ]; do
		saved="$saved $(devmem $((mbft + _i)) 32)"
		_i=$((_i + 4))
	done
	saved_tail=$(devmem $((mbft + _i)) 16)
}

# poke OFFSET WIDTH VALUE: set a table field, checksum kept right, so the
# check under test is the one that must catch it.
poke() {
	_old=$(devmem $((mbft + $1)) "$2")
	_sum=$(devmem $((mbft + CHECKSUM)) 8)
	devmem $((mbft + $1)) "$2" "$3"
	devmem $((mbft + CHECKSUM)) 8 $(((_sum + $(byte_sum "$_old") - $(byte_sum "$3")) & 255))
}

field() {
	devmem $((mbft + $1)) "$2"
}

# expect_refused CASE [MESSAGE]: with the table as it is now, the module
# loads, makes no device and logs exactly MESSAGE (without one: nothing).
# The table is restored. dyndbg shows the debug line of a table that is
# not there at all.
expect_refused() {
	mark=$(dmesg_mark)
	check "$1-loads" insmod "$ko" dyndbg=+p
	check_fails "$1-no-device" test -e "$dev"
	if [ $# -gt 1 ]; then
		expect_messages "$1" 1 "$2" "$(memdisk_log_since "$mark")"
	else
		check_eq "$1-silent" "" "$(memdisk_log_since "$mark")"
	fi
	rmmod memdisk_blk
	copy_table "$mbft"
}

# free_spot FROM: the first 16-byte-aligned address from FROM on, below
# 640 KiB, with 80 zero bytes: room for a second table in MEMDISK's area
# that holds nothing. MEMDISK's real-mode code no longer runs under Linux,
# so a copy placed there (and removed) disturbs nothing.
free_spot() {
	_at=$((($1 + 15) / 16 * 16))
	_run=0
	while [ "$_run" -lt 80 ] && [ $((_at + _run)) -lt $((0xa0000)) ]; do
		if [ "$(devmem $((_at + _run)) 32)" = 0x00000000 ]; then
			_run=$((_run + 4))
		else
			_at=$(((_at + _run + 16) / 16 * 16))
			_run=0
		fi
	done
	[ "$_run" -ge 80 ] && echo "$_at"
}

# clear_spot ADDR: zeros over a copy made by copy_table.
clear_spot() {
	_i=0
	while [ "$_i" -lt 72 ]; do
		devmem $(($1 + _i)) 32 0
		_i=$((_i + 4))
	done
}

# range_after ADDR: "END NEXT NAME": the end of the top-level /proc/iomem
# range holding ADDR, and the start and name of the range after it.
range_after() {
	_end=
	while IFS= read -r _line; do
		case $_line in " "*) continue ;; esac
		_lo=$((0x${_line%%-*}))
		_hi=${_line#*-}
		_hi=$((0x${_hi%% *}))
		if [ -n "$_end" ]; then
			echo "$_end $_lo ${_line#* : }"
			return
		fi
		[ "$_lo" -gt "$1" ] || [ "$1" -gt "$_hi" ] || _end=$_hi
	done </proc/iomem
}

load_memdisk
mbft=$(sysfs_attr memdisk0 mbft_addr)
sha=$(device_sha256 "$dev")
rmmod memdisk_blk
value mbft-addr "$mbft"
table_save
disksize=$(field "$DISKSIZE" 32)
diskbuf=$(printf '0x%x' "$(field "$DISKBUF" 32)")

devmem $((mbft + CHECKSUM)) 8 $((($(field "$CHECKSUM" 8) + 1) & 255))
expect_refused bad-checksum "mBFT at $mbft rejected: bad checksum"

devmem "$mbft" 8 0x78 # "xBFT"
# Debian's 5.10 does not print a pr_debug() inlined into a module's init
# even with dyndbg=+p (its dynamic_debug/control shows the line enabled,
# =p): there the case asserts the silence that users get.
case $(uname -r) in
5.10.*) expect_refused bad-signature ;;
*) expect_refused bad-signature "no MEMDISK found" ;;
esac

poke "$LENGTH" 32 60
expect_refused length-short "mBFT at $mbft rejected: table length out of bounds"
poke "$LENGTH" 32 4097
expect_refused length-over-4k "mBFT at $mbft rejected: table length out of bounds"
poke "$LENGTH" 32 4096
expect_refused length-past-640k "mBFT at $mbft rejected: table runs past the end of low memory"
poke "$MDI_BYTES" 16 31
expect_refused length-not-mdi "mBFT at $mbft rejected: table length does not match the MDI size"

poke "$DISKSIZE" 32 0
expect_refused disksize-0 "mBFT at $mbft rejected: image size is zero"
poke "$DISKBUF" 32 0xfff00000
expect_refused past-4g "mBFT at $mbft rejected: image runs past 4 GiB"
poke "$SECTOR_SHIFT" 8 7
expect_refused sector-shift-7 "mBFT at $mbft rejected: unsupported sector size"
poke "$SECTOR_SHIFT" 8 30
expect_refused sector-shift-30 "mBFT at $mbft rejected: unsupported sector size"

# 16 MiB: System RAM in any guest.
poke "$DISKBUF" 32 0x1000000
expect_refused diskbuf-in-ram "image 0x1000000-.* (mBFT at $mbft) refused: overlaps System RAM"

# MEMDISK's reservation ends mid-page and usable RAM follows at once: one
# more 2 KiB sector puts the image's last 2 KiB into that RAM.
# shellcheck disable=SC2046 # END NEXT NAME as $1 $2 $3...
set -- $(range_after $((diskbuf)))
check_eq reservation-ends-mid-page 0x7ff "$(printf '0x%x' $(($1 & 0xfff)))"
check_eq usable-ram-follows "$(($1 + 1)) System RAM" "$2 $3 $4"
check_eq image-fills-reservation "$1" $((diskbuf + disksize * 2048 - 1))
poke "$DISKSIZE" 32 $((disksize + 1))
expect_refused end-in-ram "image $diskbuf-$(printf '0x%x' $(($1 + 2048))) (mBFT at $mbft) refused: overlaps System RAM"

# expect_one_device CASE MESSAGE [PARAM...]: the module loads with PARAMs
# and one device, the mBFT's, and MESSAGE is logged besides its line.
expect_one_device() {
	_case=$1
	_message=$2
	shift 2
	mark=$(dmesg_mark)
	check "$_case-loads" insmod "$ko" "$@"
	check_eq "$_case-one-device" /sys/block/memdisk0 "$(echo /sys/block/memdisk*)"
	check_eq "$_case-from-mbft" mbft "$(sysfs_attr memdisk0 source)"
	expect_messages "$_case" 2 "$_message" "$(memdisk_log_since "$mark")"
	rmmod memdisk_blk
}

# A second copy of the table, later in the scan: one device, one note.
spot=$(free_spot $((mbft + 80)))
check duplicate-spot-found test -n "$spot"
spot=$(printf '0x%x' "$spot")
value duplicate-at "$spot"
copy_table "$spot"
expect_one_device duplicate "mBFT at $spot ignored: same image as an earlier table"
# The same copy with its image moved by a page: overlapping, refused.
mbft_saved=$mbft
mbft=$spot
poke "$DISKBUF" 32 $((diskbuf + 4096))
mbft=$mbft_saved
expect_one_device overlap "mBFT at $spot rejected: image overlaps an earlier table's image"
clear_spot "$spot"

expect_load_fails region-ram "region 0x1000000-0x10fffff refused: overlaps System RAM" \
	autoprobe=0 region=0x1000000,1M
bar=$(sed -n 's/^  *\([0-9a-f]*\)-[0-9a-f]* : 0000:.*/\1/p' /proc/iomem | head -n 1)
value pci-bar "0x$bar"
expect_load_fails region-pci-bar \
	"region 0x$bar-0x$(printf '%x' $((0x$bar + 4095))) refused: not reserved in the firmware memory map" \
	autoprobe=0 region="0x$bar,4096"
expect_load_fails region-lapic \
	"region 0xfee00000-0xfee00fff refused: not reserved in the firmware memory map" \
	autoprobe=0 region=0xfee00000,4096
expect_load_fails region-zero "region=0,4096 refused: range starts below 1 MiB" \
	autoprobe=0 region=0,4096
# The BIOS flash: reserved in the E820 map, but MMIO that the MTRRs make
# uncached; mapped write-back it would be cached device memory.
flash_refused="region 0xfffc0000-0xfffc0fff refused: mapped uncached-minus, not write-back (MMIO, mapped uncached by another driver such as phram, or MTRRs disabled by the firmware)"
check_eq flash-reserved "fffc0000-ffffffff : Reserved" "$(grep '^fffc0000-' /proc/iomem)"
expect_load_fails region-flash \
	"$flash_refused" \
	autoprobe=0 region=0xfffc0000,4096

# With the MEMDISK image present, a refused region= is refused before the
# image's device exists: the boot medium never comes and goes.
expect_load_fails region-garbage-with-memdisk "region=garbage refused: expected ADDR,SIZE" \
	region=garbage
expect_load_fails region-ram-with-memdisk "region 0x1000000-0x10fffff refused: overlaps System RAM" \
	region=0x1000000,1M
image_bytes=$((disksize * 2048))
expect_load_fails region-overlaps-image \
	"region=$((diskbuf + 4096)),$image_bytes refused: overlaps the image of the mBFT at $mbft" \
	region=$((diskbuf + 4096)),$image_bytes
# `region=$(memdisk-probe --phram)`: the MEMDISK image itself, one device.
expect_one_device region-is-image \
	"region=$diskbuf,$image_bytes ignored: same image as the mBFT at $mbft" \
	region="$diskbuf,$image_bytes"

load_memdisk
check_eq restored-table-same-image "$sha" "$(device_sha256 "$dev")"
value sha256 "$sha"
