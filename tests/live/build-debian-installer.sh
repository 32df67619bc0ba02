#!/bin/bash
# Build a Debian-installer ISO shaped like a netinst from Debian's own
# pieces, for tests/vm/scenarios/remaster-installer.sh.
#
# What the mirror here serves: the installer images under
# dists/bookworm/main/installer-amd64/ and every .udeb are refused (404),
# so neither the cdrom flavour's initrd nor the cdrom-detect udeb can be
# had. The package debian-installer-12-netboot-amd64 (a .deb) can: its
# text installer (kernel and initrd.gz, Debian's build) is the base. It
# is the same installer (rootskel's /init and startup scripts, udev,
# di-utils' list-devices, busybox) without the cdrom flavour's udebs, so
# this script adds what the cdrom flavour has and the netboot one lacks:
# - isofs, cdrom, sr_mod and the PATA/SATA drivers for QEMU's CD drive,
#   from the same kernel's linux-image package (depmod run again);
# - a stand-in for cdrom-detect, whose package is out of reach: a startup
#   script (S90, after every real one) that does what cdrom-detect does
#   with the devices (tests/vm/README.md, "remaster-installer"): the
#   devices `list-devices cd` and `list-devices maybe-usb-floppy` name,
#   each mounted read-only as iso9660 on /cdrom, the first with a
#   /.disk/info wins; it prints what it found on the console with the
#   prefix "d-i-check:" and powers off.
# The ISO: /install.amd/{vmlinuz,initrd.gz} booted by ISOLINUX, an EFI
# El Torito image (/boot/grub/efi.img), /.disk/info, a
# dists/bookworm/Release and pool/ as a netinst has them, and
# /memdisk-token, a random word the stand-in prints back.
#
#   tests/live/build-debian-installer.sh [OUTDIR]   (default build/live/debian-installer)
#
# Prints the ISO's path; OUTDIR also gets `token`. Downloads are cached
# under /var/cache/memdisk_blk/d-i. Runs as root (the initrd's device
# nodes and owners).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

DI_PACKAGE=debian-installer-12-netboot-amd64
DI_CACHE=$VM_CACHE/d-i
DI_OUT=${1:-$VM_TOP/build/live/debian-installer}
DI_IMAGES=usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64
# The cdrom flavour's modules the netboot one lacks (with what they need).
DI_MODULES=(isofs cdrom sr_mod libata ata_piix ata_generic)

log() {
	echo "d-i: $*" >&2
}

# netboot_images: DI_CACHE/netboot-VERSION/{linux,initrd.gz} and its
# signed shim and GRUB (bootnetx64.efi, grubx64.efi) from the
# package (downloaded once); prints that directory.
netboot_images() {
	local deb dir
	mkdir -p "$DI_CACHE"
	(
		flock 9
		compgen -G "$DI_CACHE/${DI_PACKAGE}_*_all.deb" >/dev/null && exit
		log "downloading $DI_PACKAGE"
		cd "$DI_CACHE" && apt-get -q -o APT::Sandbox::User=root download "$DI_PACKAGE"
	) 9>"$DI_CACHE/download.lock" >&2
	deb=$(compgen -G "$DI_CACHE/${DI_PACKAGE}_*_all.deb" | sort -V | tail -n 1)
	dir=$DI_CACHE/netboot-$(dpkg-deb -f "$deb" Version)
	if [ ! -f "$dir/grubx64.efi" ]; then
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" "./$DI_IMAGES/linux" "./$DI_IMAGES/initrd.gz" \
			"./$DI_IMAGES/bootnetx64.efi" "./$DI_IMAGES/grubx64.efi"
		mv "$dir.tmp/$DI_IMAGES"/* "$dir.tmp/"
		rm -rf "${dir:?}.tmp/usr"
		mv -T "$dir.tmp" "$dir"
	fi
	echo "$dir"
}

# standin: the cdrom-detect stand-in (a startup script; busybox sh).
standin() {
	cat <<-'EOF'
		#!/bin/sh
		# Test stand-in for cdrom-detect (tests/live/build-debian-installer.sh).
		say() { echo "d-i-check: $*" >/dev/console; }
		modprobe -q isofs || true
		devices="$(list-devices cd; list-devices maybe-usb-floppy)"
		say "list-devices: $(echo ${devices:-none})"
		[ -d /sys/module/memdisk_blk ] && say "memdisk_blk: loaded" || say "memdisk_blk: absent"
		mkdir -p /cdrom
		found=
		for dev in $devices; do
			if mount -t iso9660 -o ro "$dev" /cdrom 2>/dev/null; then
				if [ -e /cdrom/.disk/info ]; then
					found=$dev
					break
				fi
				umount /cdrom
			fi
		done
		if [ -n "$found" ]; then
			say "mounted $found on /cdrom: $(cat /cdrom/.disk/info)"
			say "token: $(cat /cdrom/memdisk-token)"
			grep ' /cdrom ' /proc/mounts | sed 's/^/d-i-check: mount: /' >/dev/console
		else
			say "no CD-ROM drive was detected"
		fi
		say "done"
		poweroff -f
	EOF
}

# make_initrd NETBOOT OUT: the netboot initrd with the modules and the
# stand-in added, repacked.
make_initrd() {
	local netboot=$1 out=$2 tree rel kdir todo name f
	tree=$(mktemp -d)
	# shellcheck disable=SC2064 # its name now
	trap "rm -rf '$tree'" RETURN
	(cd "$tree" && gzip -dc "$netboot/initrd.gz" | cpio -id --quiet)
	rel=$(ls "$tree/lib/modules")
	kdir=$DI_CACHE/kernel-$rel
	[ -d "$kdir" ] || vm_unpack_kernel "$rel" "$kdir"
	todo=("${DI_MODULES[@]}")
	while [ ${#todo[@]} -gt 0 ]; do
		name=${todo[0]//-/_}
		todo=("${todo[@]:1}")
		f=$(cd "$kdir/lib/modules/$rel" && find kernel -name "$name.ko" | head -n 1)
		[ -n "$f" ] || { log "no $name.ko in linux-image-$rel"; return 1; }
		[ ! -f "$tree/lib/modules/$rel/$f" ] || continue
		install -D -m 644 "$kdir/lib/modules/$rel/$f" "$tree/lib/modules/$rel/$f"
		read -ra more < <(modinfo -F depends "$kdir/lib/modules/$rel/$f" | tr , ' ')
		todo+=("${more[@]}")
	done
	# (It warns that the netboot tree has no modules.builtin.modinfo.)
	depmod -b "$tree" "$rel" 2>/dev/null
	standin >"$tree/lib/debian-installer-startup.d/S90cdrom-detect-standin"
	chmod 755 "$tree/lib/debian-installer-startup.d/S90cdrom-detect-standin"
	(cd "$tree" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc) | gzip -n -6 >"$out"
}

# efi_image NETBOOT OUT: a FAT image with Debian's shim and GRUB where a
# netinst's /boot/grub/efi.img has them, for the EFI El Torito entry the
# remaster must keep (this test boots BIOS only; the GRUB is the netboot
# one, which looks for its configuration on the network).
efi_image() {
	rm -f "$2"
	mkfs.fat -C "$2" 8192 >/dev/null
	mmd -i "$2" ::/EFI ::/EFI/boot
	mcopy -i "$2" "$1/bootnetx64.efi" ::/EFI/boot/bootx64.efi
	mcopy -i "$2" "$1/grubx64.efi" ::/EFI/boot/grubx64.efi
}

main() {
	local netboot stage cfg iso token
	netboot=$(netboot_images)
	mkdir -p "$DI_OUT"
	iso=$DI_OUT/debian-installer.iso
	stage=$DI_OUT/stage
	rm -rf "$stage"
	mkdir -p "$stage/install.amd" "$stage/.disk" "$stage/dists/bookworm/main/binary-amd64" "$stage/pool/main"
	cp "$netboot/linux" "$stage/install.amd/vmlinuz"
	make_initrd "$netboot" "$stage/install.amd/initrd.gz"
	echo 'Debian GNU/Linux 12 "Bookworm" - memdisk_blk test amd64 NETINST' >"$stage/.disk/info"
	printf '%s\n' 'Origin: Debian' 'Label: Debian' 'Suite: stable' 'Codename: bookworm' \
		'Architectures: amd64' 'Components: main' >"$stage/dists/bookworm/Release"
	: >"$stage/dists/bookworm/main/binary-amd64/Packages"
	token=$(vm_token)
	echo "$token" >"$stage/memdisk-token"
	echo "$token" >"$DI_OUT/token"
	cfg=$DI_OUT/isolinux.cfg
	vm_boot_cfg "$cfg" "KERNEL /install.amd/vmlinuz" \
		"APPEND initrd=/install.amd/initrd.gz console=ttyS0,115200 loglevel=7 --- console=ttyS0,115200"
	efi_image "$netboot" "$DI_OUT/efi.img"
	VM_ISO_LABEL="Debian 12 amd64 n" vm_isolinux_image "$iso" "$cfg" /="$stage" \
		/boot/grub/efi.img="$DI_OUT/efi.img" -eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot
	rm -rf "$stage" "$DI_OUT/efi.img"
	echo "$iso"
}

main
