# shellcheck shell=bash
# Host-side image builders for the boot-path scenarios (netboot, harddisk,
# isohybrid, chain, floppy): SYSLINUX-booted FAT images, partitioned disks,
# ISOLINUX ISOs with extra xorriso options and a TFTP root for iPXE. Sourced after tests/vm/lib.sh,
# whose vm_guest_kernel and vm_kernel_cmdline they use.

# The guest kernel and initramfs inside each image.
IMG_KERNEL=vmlinuz
IMG_INITRD=initrd.gz

# img_syslinux_cfg OUT: a config booting /$IMG_KERNEL with /$IMG_INITRD.
img_syslinux_cfg() {
	vm_boot_cfg "$1" "KERNEL /$IMG_KERNEL" "APPEND initrd=/$IMG_INITRD $(vm_kernel_cmdline)"
}

# img_memdisk_cfg OUT IMAGE "MEMDISK ARGS": a config starting MEMDISK
# (/memdisk) again, with /IMAGE: the second link of a chain.
img_memdisk_cfg() {
	vm_boot_cfg "$1" "KERNEL /memdisk" "INITRD /$2" "APPEND $3"
}

# img_guest_dir DIR INITRD: DIR gets the guest kernel, INITRD and a
# syslinux.cfg booting them.
img_guest_dir() {
	vm_guest_kernel
	mkdir -p "$1"
	# shellcheck disable=SC2153 # set by vm_guest_kernel (tests/vm/lib.sh)
	cp "$VM_KERNEL" "$1/$IMG_KERNEL"
	cp "$2" "$1/$IMG_INITRD"
	img_syslinux_cfg "$1/syslinux.cfg"
}

# img_dir_kib DIR: KiB a FAT filesystem needs for DIR's files: their size
# plus a quarter and 1 MiB for the FAT, directories and slack.
img_dir_kib() {
	local kib
	kib=$(du -s -k --apparent-size "$1" | cut -f 1)
	echo $((kib + kib / 4 + 1024))
}

# img_fat OUT KIB DIR [MKFS_ARG...]: a FAT image of KIB KiB holding DIR's
# files (mtools, no mount), SYSLINUX installed when DIR has syslinux.cfg.
img_fat() {
	local out=$1 kib=$2 dir=$3
	shift 3
	rm -f "$out"
	mkfs.fat -C "$@" "$out" "$kib" >/dev/null
	[ ! -f "$dir/syslinux.cfg" ] || syslinux --install "$out"
	mcopy -s -i "$out" "$dir"/* ::
}

# img_chained_floppy OUT DIR INITRD: a FAT "superfloppy" OUT (label
# MEMDISK_FD) made from DIR, whose SYSLINUX starts a second MEMDISK with
# DIR/guest.iso, the guest's ISO with INITRD: two chained MEMDISKs
# (scenarios/chain.sh says why this way round).
img_chained_floppy() {
	local out=$1 dir=$2 initrd=$3
	rm -rf "$dir"
	mkdir -p "$dir"
	img_guest_iso "$dir/guest.iso" "$initrd"
	cp /usr/lib/syslinux/memdisk "$dir/"
	img_memdisk_cfg "$dir/syslinux.cfg" guest.iso "iso raw"
	img_fat "$out" "$(img_dir_kib "$dir")" "$dir" -n MEMDISK_FD
}

# img_mbr_disk OUT FAT_IMAGE: a disk with the MBR of SYSLINUX (mbr.bin,
# which boots the active partition) and one active FAT partition (type
# 0x0e, FAT16 LBA) at 1 MiB holding FAT_IMAGE. Make FAT_IMAGE with
# `-h 2048` so its boot sector says where it starts, as on a real disk
# (SYSLINUX itself does without: mbr.bin hands it the partition entry).
img_mbr_disk() {
	local out=$1 fat=$2 fat_sectors
	fat_sectors=$(($(stat -c %s "$fat") / 512))
	rm -f "$out"
	truncate -s $(((2048 + fat_sectors) * 512)) "$out"
	echo "start=2048, size=$fat_sectors, type=e, bootable" | sfdisk -q --label dos "$out"
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$out" conv=notrunc status=none
	dd if="$fat" of="$out" bs=1M seek=1 conv=notrunc status=none
}

# img_iso OUT DIR [XORRISO_ARG...]: an ISOLINUX CD image of DIR's files,
# whose isolinux.cfg is DIR's syslinux.cfg; extra mkisofs-style arguments
# (isohybrid MBR, appended partitions) go last.
img_iso() {
	local out=$1 dir=$2
	shift 2
	vm_isolinux_image "$out" "$dir/syslinux.cfg" /="$dir" "$@"
}

# img_guest_iso OUT INITRD [XORRISO_ARG...]: an ISO booting the guest
# kernel with INITRD.
img_guest_iso() (
	set -euo pipefail
	local out=$1 initrd=$2 dir
	shift 2
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
	img_guest_dir "$dir" "$initrd"
	img_iso "$out" "$dir" "$@"
)

# img_netboot_dir DIR ISO: a TFTP root for QEMU's built-in server holding
# MEMDISK, ISO and examples/netboot.ipxe unchanged, plus boot.ipxe (the
# DHCP boot file) which, like a netboot.xyz menu, sets the example's
# variables and chains it.
img_netboot_dir() {
	local dir=$1 iso=$2
	mkdir -p "$dir"
	cp /usr/lib/syslinux/memdisk "$dir/"
	cp "$VM_TOP/examples/netboot.ipxe" "$dir/"
	[ "$(dirname "$iso")" -ef "$dir" ] || cp "$iso" "$dir/"
	printf '%s\n' '#!ipxe' "set base-url tftp://10.0.2.2" \
		"set iso-name $(basename "$iso")" "chain netboot.ipxe" >"$dir/boot.ipxe"
}

# img_netboot_nic DIR: sets IMG_NIC, the QEMU arguments of an e1000 NIC on
# QEMU's user network, whose DHCP offers boot.ipxe from DIR (all inside the
# QEMU process: no host socket).
img_netboot_nic() {
	# shellcheck disable=SC2034,SC2054 # for the caller; commas are QEMU's
	IMG_NIC=(-netdev "user,id=n0,tftp=$1,bootfile=boot.ipxe" -device e1000,netdev=n0)
}

# img_expect_image LOG DEV FILE SECTOR_SIZE: the guest's DEV is FILE,
# which MEMDISK served in SECTOR_SIZE sectors (the DEV-size, DEV-sha256 and
# DEV-sector-size values of tests/vm/guest/chain.sh).
img_expect_image() {
	local log=$1 dev=$2 file=$3
	vm_expect_eq "$dev sector size" "$4" "$(vm_value "$log" "$dev-sector-size")"
	vm_expect_eq "$dev size ($(basename "$file"))" "$(stat -c %s "$file")" "$(vm_value "$log" "$dev-size")"
	vm_expect_eq "$dev sha256" "$(vm_sha256 "$file")" "$(vm_value "$log" "$dev-sha256")"
}

# img_expect_floppy_file LOG NAME: the floppy the guest mounted (memdisk1)
# holds NAME.
img_expect_floppy_file() {
	local files
	files=$(vm_value "$1" memdisk1-files)
	if ! grep -qw -- "$2" <<<"$files"; then
		echo "vm: the floppy should hold $2, it holds: $files" >&2
		return 1
	fi
	echo "vm: the floppy holds $2"
}
