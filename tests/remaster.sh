#!/bin/bash
# memdisk-remaster without booting. Fake ISOs laid out like real ones whose
# initramfs families are not in Debian (so not boot-tested here): Ubuntu
# 20.04 and Linux Mint 21 (casper, initramfs-tools), Arch Linux (archiso,
# mkinitcpio), Manjaro 16.10 (miso, mkinitcpio) and GRUB-only ones (Ubuntu
# 24.04, Manjaro, Fedora 40's installer: dracut with anaconda), each with
# a minimal initrd that carries its family's markers and one real module
# of the guest kernel. Asserted: what the archive appended to the initrd holds and
# how it is wired, that nothing else in the ISO changed, that a user who
# is not root can run it, and every refusal (exit status, message, no OUT
# file). About 15 s once the modules are built (about a minute with the
# builds: the 6.12 module, and --kdir's in the tool's cache).
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh
# shellcheck source=tests/unit/testlib.sh
. tests/unit/testlib.sh
# shellcheck source=tests/lib-headers.sh
. tests/lib-headers.sh

work=$VM_TOP/build/remaster
rm -rf "$work"
mkdir -p "$work"
vm_guest_kernel
vm_module_build
ko=$MEMDISK_KO
# module_612: prints a memdisk_blk.ko of Debian 12's 6.12 kernel.
module_612() {
	local VM_SERIES=6.12 VM_ABI='' VM_KERNEL='' MEMDISK_KO=''
	vm_module_build >&2 && echo "$MEMDISK_KO"
}
ko612=$(module_612)

# --- fake initrds -----------------------------------------------------------

# modules DIR LIBDIR: the guest kernel's isofs and cdrom modules with
# depmod's index, in DIR/LIBDIR/modules/$VM_ABI.
modules() {
	local mods=$1/$2/modules/$VM_ABI
	mkdir -p "$mods/kernel/fs/isofs" "$mods/kernel/drivers/cdrom"
	cp "$VM_MODDIR/kernel/fs/isofs/isofs.ko" "$mods/kernel/fs/isofs/"
	cp "$VM_MODDIR/kernel/drivers/cdrom/cdrom.ko" "$mods/kernel/drivers/cdrom/"
	cp "$VM_MODDIR"/modules.{order,builtin,builtin.modinfo} "$mods/"
	mkdir -p "$work/depmod/lib/modules"
	ln -sfn "$mods" "$work/depmod/lib/modules/$VM_ABI"
	depmod -b "$work/depmod" "$VM_ABI"
}

# merged_usr DIR: lib, bin and sbin as links into usr, as Debian 12's and
# Arch's initramfs have them.
merged_usr() {
	mkdir -p "$1/usr/lib" "$1/usr/bin" "$1/usr/sbin"
	ln -s usr/lib "$1/lib"
	ln -s usr/bin "$1/bin"
	ln -s usr/sbin "$1/sbin"
}

# script FILE LINE...: an executable shell script of these lines (the
# callers' $ are the script's, unexpanded).
script() {
	mkdir -p "$(dirname "$1")"
	printf '%s\n' '#!/bin/sh' "${@:2}" >"$1"
	chmod 755 "$1"
}

# casper_tree DIR: an initramfs-tools initramfs with casper and udev, its
# init-premount scripts already ordered (initramfs-tools' ORDER files);
# scripts/casper is the stand-in the remaster-standins scenario boots.
# shellcheck disable=SC2016 # the fake initramfs's own shell text
casper_tree() {
	local d=$1
	script "$d/init" '. /scripts/functions' 'run_scripts /scripts/init-premount' 'mountroot'
	mkdir -p "$d/conf" "$d/usr/lib"
	echo 'BOOT=casper' >"$d/conf/initramfs.conf"
	script "$d/scripts/functions" 'run_scripts() { . "$1/ORDER"; }'
	install -m 644 "$VM_TOP/tests/vm/standins/casper.sh" "$d/scripts/casper"
	script "$d/scripts/casper-premount/20iso_scan" ':'
	echo '/scripts/casper-premount/20iso_scan "$@"' >"$d/scripts/casper-premount/ORDER"
	script "$d/scripts/init-premount/plymouth" ':'
	printf '%s\n' '/scripts/init-premount/plymouth "$@"' \
		'[ -e /conf/param.conf ] && . /conf/param.conf' >"$d/scripts/init-premount/ORDER"
	script "$d/scripts/init-top/udev" 'systemd-udevd --daemon'
	echo '/scripts/init-top/udev "$@"' >"$d/scripts/init-top/ORDER"
}

# udev_files DIR LIBDIR: systemd-udevd and a rules directory.
udev_files() {
	script "$1/$2/systemd/systemd-udevd" ':'
	mkdir -p "$1/$2/udev/rules.d"
	echo '# default rules' >"$1/$2/udev/rules.d/50-udev-default.rules"
}

# mkinitcpio_tree DIR HOOK: a mkinitcpio (busybox init) initramfs whose
# /config runs udev early and HOOK (archiso or miso) to find the medium,
# after Arch's phram-based memdisk hook, as archiso's mkinitcpio.conf has;
# init_functions, udev and HOOK are the stand-ins remaster-standins boots.
# shellcheck disable=SC2016 # the fake initramfs's own shell text
mkinitcpio_tree() {
	local d=$1
	merged_usr "$d"
	script "$d/init" '. /init_functions' '. /config' 'run_hookfunctions run_earlyhook "early hook" $EARLYHOOKS'
	install -m 644 "$VM_TOP/tests/vm/standins/init_functions.sh" "$d/init_functions"
	printf '%s\n' 'EARLYHOOKS="udev"' "HOOKS=\"udev memdisk $2 block\"" 'LATEHOOKS=""' \
		'CLEANUPHOOKS="udev"' 'EMERGENCYHOOKS=""' >"$d/config"
	install -D -m 755 "$VM_TOP/tests/vm/standins/hooks/udev" "$d/hooks/udev"
	script "$d/hooks/memdisk" 'run_hook() { :; } # memdiskfind, phram'
	install -m 755 "$VM_TOP/tests/vm/standins/hooks/$2" "$d/hooks/$2"
	script "$d/hooks/block" 'run_hook() { :; }'
	udev_files "$d" usr/lib
}

# microcode DIR: an early microcode archive's tree.
microcode() {
	mkdir -p "$1/kernel/x86/microcode"
	head -c 3000 /dev/urandom >"$1/kernel/x86/microcode/GenuineIntel.bin"
}

# cpio_of DIR: DIR's tree as one newc archive on stdout.
cpio_of() {
	(cd "$1" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0)
}

# --- fake ISOs ----------------------------------------------------------------

# efi_image OUT: a small FAT image, the ISO's EFI boot image.
efi_image() {
	mkfs.fat -C "$1" 1024 >/dev/null
	mcopy -i "$1" /etc/hostname ::EFIBOOT.TXT
}

# iso OUT DIR XORRISO_ARG...: DIR as an ISOLINUX CD, isolinux.bin and
# ldlinux.c32 already in DIR.
iso() {
	local out=$1 dir=$2
	shift 2
	xorriso -as mkisofs -quiet -o "$out" "$@" "$dir" 2>"$out.log" ||
		{ cat "$out.log" >&2; return 1; }
}

# isolinux DIR: isolinux.bin and ldlinux.c32 in DIR.
isolinux() {
	mkdir -p "$1"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$1/"
}

# casper_files T SQUASHFS MEMTEST EFI_IMG: what Ubuntu's ISOs carry under
# T/iso (the kernel, /casper/SQUASHFS, a memtest at MEMTEST, the casper
# UUID) and their initrd's trees (T/early: microcode; T/main: casper with
# modules and udev), and the EFI image EFI_IMG.
casper_files() {
	local t=$1
	mkdir -p "$t/iso/casper" "$t/iso/$(dirname "$3")" "$t/iso/.disk" "$t/early" "$t/main"
	cp "$VM_KERNEL" "$t/iso/casper/vmlinuz"
	head -c 2000000 /dev/urandom >"$t/iso/casper/$2"
	head -c 5000 /dev/urandom >"$t/iso/$3"
	echo 3e1e9a4e-casper-uuid >"$t/iso/.disk/casper-uuid-generic"
	mkdir -p "$(dirname "$4")"
	efi_image "$4"
	microcode "$t/early"
	casper_tree "$t/main"
	modules "$t/main" lib
	udev_files "$t/main" lib
}

# ubuntu_iso OUT: Ubuntu 20.04's layout: isolinux.cfg includes txt.cfg,
# whose entries boot /casper/vmlinuz with initrd= in APPEND; the initrd is
# an early microcode archive and an lz4 (legacy) one; efi.img as a file;
# isohybrid MBR and GPT.
ubuntu_iso() {
	local t=$work/ubuntu
	isolinux "$t/iso/isolinux"
	printf '%s\n' '# D-I config version 2.0' 'path ' 'include menu.cfg' 'default vesamenu.c32' \
		'prompt 0' 'timeout 50' 'ui gfxboot bootlogo' >"$t/iso/isolinux/isolinux.cfg"
	printf '%s\n' 'menu hshift 13' 'menu width 49' 'include stdmenu.cfg' 'include txt.cfg' \
		>"$t/iso/isolinux/menu.cfg"
	printf '%s\n' 'menu background splash.png' >"$t/iso/isolinux/stdmenu.cfg"
	printf '%s\n' 'default live' 'label live' '  menu label ^Try Ubuntu without installing' \
		'  kernel /casper/vmlinuz' \
		'  append  file=/cdrom/preseed/ubuntu.seed initrd=/casper/initrd quiet splash ---' \
		'label live-install' '  menu label ^Install Ubuntu' '  kernel /casper/vmlinuz' \
		'  append  file=/cdrom/preseed/ubuntu.seed only-ubiquity initrd=/casper/initrd quiet splash ---' \
		'label memtest' '  menu label Test ^memory' '  kernel /install/mt86plus' \
		'label hd' '  menu label ^Boot from first hard disk' '  localboot 0x80' \
		>"$t/iso/isolinux/txt.cfg"
	casper_files "$t" filesystem.squashfs install/mt86plus "$t/iso/boot/grub/efi.img"
	{ cpio_of "$t/early" && cpio_of "$t/main" | lz4 -l -9 -q; } >"$t/iso/casper/initrd"
	iso "$1" "$t/iso" -r -J -joliet-long -iso-level 3 -V 'Ubuntu 20.04.6 LTS amd64' \
		-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table -eltorito-alt-boot -e boot/grub/efi.img \
		-no-emul-boot -isohybrid-gpt-basdat
}

# mint_iso OUT: Linux Mint 21's layout: entries straight in
# isolinux/isolinux.cfg, one in a MENU BEGIN submenu; /casper/initrd.lz
# (zstd) with a merged /usr; EFI image as a file.
mint_iso() {
	local t=$work/mint
	isolinux "$t/iso/isolinux"
	printf '%s\n' 'default vesamenu.c32' 'timeout 100' 'menu title Welcome to Linux Mint 21 64-bit' \
		'label live' '	menu label Start Linux Mint 21 Cinnamon 64-bit' '	kernel /casper/vmlinuz' \
		'	append  file=/cdrom/preseed/linuxmint.seed boot=casper initrd=/casper/initrd.lz quiet splash --' \
		'menu begin advanced' '	menu title Advanced options' \
		'label xforcevesa' '	menu label Start in compatibility mode' '	kernel /casper/vmlinuz' \
		'	append  file=/cdrom/preseed/linuxmint.seed boot=casper xforcevesa nomodeset initrd=/casper/initrd.lz --' \
		'label memtest' '	menu label Memory test' '	kernel /casper/memtest' 'menu end' \
		>"$t/iso/isolinux/isolinux.cfg"
	mkdir -p "$t/iso/casper" "$t/iso/EFI/boot" "$t/main"
	cp "$VM_KERNEL" "$t/iso/casper/vmlinuz"
	head -c 2000000 /dev/urandom >"$t/iso/casper/filesystem.squashfs"
	head -c 5000 /dev/urandom >"$t/iso/casper/memtest"
	efi_image "$t/iso/EFI/boot/efiboot.img"
	merged_usr "$t/main"
	casper_tree "$t/main"
	modules "$t/main" usr/lib
	udev_files "$t/main" usr/lib
	cpio_of "$t/main" | zstd -q -19 >"$t/iso/casper/initrd.lz"
	iso "$1" "$t/iso" -r -J -joliet-long -V 'Linux Mint 21 Cinnamon 64-bit' \
		-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table -eltorito-alt-boot -e EFI/boot/efiboot.img \
		-no-emul-boot -isohybrid-gpt-basdat
}

ARCH_UUID=2026-03-25-16-23-28-00

# arch_iso OUT: archiso's layout (releng profile, mkarchiso): ISOLINUX in
# /boot/syslinux, whose syslinux.cfg picks archiso_sys.cfg with CONFIG and
# that INCLUDEs the LINUX/INITRD entries; the medium is found by the ISO's
# UUID (its modification date); early microcode, then xz; mkarchiso's
# xorriso options (isohybrid MBR at offset 16, the EFI image appended as
# partition 2 and used by El Torito).
# shellcheck disable=SC2016 # the fake initramfs's own shell text
arch_iso() {
	local t=$work/arch s
	s=$t/iso/boot/syslinux
	isolinux "$s"
	printf '%s\n' 'DEFAULT select' '' 'LABEL select' 'COM32 whichsys.c32' 'APPEND -pxe- pxe -sys- sys -iso- sys' \
		'' 'LABEL pxe' 'CONFIG archiso_pxe.cfg' '' 'LABEL sys' 'CONFIG archiso_sys.cfg' >"$s/syslinux.cfg"
	printf '%s\n' 'INCLUDE archiso_head.cfg' '' 'DEFAULT arch' 'TIMEOUT 150' '' \
		'INCLUDE archiso_sys-linux.cfg' '' 'INCLUDE archiso_tail.cfg' >"$s/archiso_sys.cfg"
	printf '%s\n' 'LABEL arch' 'TEXT HELP' 'Boot the Arch Linux install medium on BIOS.' \
		'LINUX /not/a/kernel' 'ENDTEXT' 'MENU LABEL Arch Linux install medium (x86_64, BIOS)' \
		'LINUX /arch/boot/x86_64/vmlinuz-linux' 'INITRD /arch/boot/x86_64/initramfs-linux.img' \
		"APPEND archisobasedir=arch archisosearchuuid=$ARCH_UUID" >"$s/archiso_sys-linux.cfg"
	printf '%s\n' 'INCLUDE archiso_head.cfg' 'INCLUDE archiso_pxe-linux.cfg' >"$s/archiso_pxe.cfg"
	printf '%s\n' 'LABEL arch_nbd' 'LINUX ::/arch/boot/x86_64/vmlinuz-linux' \
		'INITRD ::/arch/boot/x86_64/initramfs-linux.img' \
		'APPEND archisobasedir=arch archiso_nbd_srv=${pxeserver}' >"$s/archiso_pxe-linux.cfg"
	printf '%s\n' 'SERIAL 0 115200' 'UI vesamenu.c32' >"$s/archiso_head.cfg"
	printf '%s\n' 'LABEL existing' 'COM32 chain.c32' 'APPEND hd0 0' >"$s/archiso_tail.cfg"
	mkdir -p "$t/iso/arch/boot/x86_64" "$t/iso/arch/x86_64" "$t/early" "$t/main"
	cp "$VM_KERNEL" "$t/iso/arch/boot/x86_64/vmlinuz-linux"
	head -c 2000000 /dev/urandom >"$t/iso/arch/x86_64/airootfs.sfs"
	efi_image "$t/efiboot.img"
	microcode "$t/early"
	mkinitcpio_tree "$t/main" archiso
	modules "$t/main" usr/lib
	{ cpio_of "$t/early" && cpio_of "$t/main" | xz --check=crc32 -9 -T1; } >"$t/iso/arch/boot/x86_64/initramfs-linux.img"
	SOURCE_DATE_EPOCH=$(date -u -d 2026-03-25T16:23:28 +%s) iso "$1" "$t/iso" -iso-level 3 \
		-full-iso9660-filenames -joliet -joliet-long -rational-rock -volid ARCH_202603 \
		-appid 'Arch Linux baseline' -publisher 'Arch Linux <https://archlinux.org>' \
		-preparer 'prepared by mkarchiso' -eltorito-boot boot/syslinux/isolinux.bin \
		-eltorito-catalog boot/syslinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
		-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin --mbr-force-bootable -partition_offset 16 \
		-append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B "$t/efiboot.img" \
		-isohybrid-gpt-basdat -eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot
}

# manjaro_iso OUT: Manjaro 16.10's layout (manjaro-tools before it moved
# BIOS boot to GRUB in 2017): /isolinux/isolinux.cfg booting
# /manjaro/boot/x86_64/manjaro with initrd=intel_ucode.img,manjaro.img
# (microcode first, its own file); miso finds the medium by misolabel;
# gzip.
manjaro_iso() {
	local t=$work/manjaro
	isolinux "$t/iso/isolinux"
	printf '%s\n' 'default start' 'implicit 1' 'prompt   1' 'timeout  200' '' 'label start' \
		'  kernel /manjaro/boot/x86_64/manjaro' \
		'  append initrd=/manjaro/boot/intel_ucode.img,/manjaro/boot/x86_64/manjaro.img misobasedir=manjaro misolabel=MJRO1610 nouveau.modeset=1 logo.nologo overlay=free showopts' \
		'' 'label harddisk' '  com32 whichsys.c32' '  append -iso- chain.c32 hd0' '' \
		'label hdt' '  kernel hdt.c32' '' 'label memtest' '  kernel memtest' \
		>"$t/iso/isolinux/isolinux.cfg"
	mkdir -p "$t/iso/manjaro/boot/x86_64" "$t/iso/manjaro/x86_64" "$t/iso/EFI/miso" "$t/ucode" "$t/main"
	cp "$VM_KERNEL" "$t/iso/manjaro/boot/x86_64/manjaro"
	head -c 2000000 /dev/urandom >"$t/iso/manjaro/x86_64/root-image.sqfs"
	efi_image "$t/iso/EFI/miso/manjaro.img"
	microcode "$t/ucode"
	cpio_of "$t/ucode" >"$t/iso/manjaro/boot/intel_ucode.img"
	mkinitcpio_tree "$t/main" miso
	modules "$t/main" usr/lib
	cpio_of "$t/main" | gzip -9 -n >"$t/iso/manjaro/boot/x86_64/manjaro.img"
	iso "$1" "$t/iso" -r -J -V MJRO1610 -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
		-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
		-boot-info-table -eltorito-alt-boot -e EFI/miso/manjaro.img -no-emul-boot -isohybrid-gpt-basdat
}

# grub_eltorito OUT PREFIX: GRUB's BIOS El Torito image (cdboot.img and a
# core image with the modules a live ISO's menu needs, as Ubuntu, Fedora
# and Manjaro build it with grub-mkimage -O i386-pc-eltorito), reading
# PREFIX/grub.cfg from the CD.
grub_eltorito() {
	mkdir -p "$(dirname "$1")"
	grub-mkimage -O i386-pc-eltorito -p "$2" -o "$1" biosdisk iso9660 normal linux linux16 echo test \
		serial terminal terminfo gzio configfile search search_label part_msdos part_gpt
}

# ubuntu2404_iso OUT: Ubuntu 24.04's layout, GRUB only on BIOS: the El
# Torito image /boot/grub/i386-pc/eltorito.img (--grub2-boot-info,
# boot_hybrid.img as --grub2-mbr, -partition_offset 16), the EFI image
# an appended GPT partition; /boot/grub/grub.cfg boots /casper/vmlinuz
# with /casper/initrd (microcode, then the casper tree, zstd), memtest by
# linux16 without an initrd, and two entries no live system boots, which
# the content checks leave: a kernel that is no bzImage, and the
# guest kernel with an initrd of another release (its lib/modules);
# loopback.cfg as Ubuntu's.
# shellcheck disable=SC2016 # GRUB's own variables
ubuntu2404_iso() {
	local t=$work/ubuntu2404
	rm -rf "$t"
	grub_eltorito "$t/iso/boot/grub/i386-pc/eltorito.img" /boot/grub
	printf '%s\n' 'set timeout=30' '' 'loadfont unicode' '' 'set menu_color_normal=white/black' '' \
		'menuentry "Try or Install Ubuntu" {' '	set gfxpayload=keep' '	linux	/casper/vmlinuz  --- quiet splash' \
		'	initrd	/casper/initrd' '}' 'menuentry "Ubuntu (safe graphics)" {' '	set gfxpayload=keep' \
		'	linux	/casper/vmlinuz  nomodeset  --- quiet splash' '	initrd	/casper/initrd' '}' \
		'menuentry "Memory test (image)" {' '	linux	/boot/memtest86+x64.bin' '	initrd	/casper/initrd' '}' \
		'menuentry "Try Ubuntu (HWE)" {' '	linux	/casper/vmlinuz --- quiet splash' '	initrd	/casper/hwe-initrd' '}' \
		'grub_platform' 'if [ "$grub_platform" = "efi" ]; then' "menuentry 'Boot from next volume' {" '	exit 1' '}' \
		"menuentry 'UEFI Firmware Settings' {" '	fwsetup' '}' 'else' "menuentry 'Test memory' {" \
		'	linux16 /boot/memtest86+x64.bin' '}' 'fi' >"$t/iso/boot/grub/grub.cfg"
	printf '%s\n' 'menuentry "Try or Install Ubuntu" {' '	set gfxpayload=keep' \
		'	linux	/casper/vmlinuz  iso-scan/filename=${iso_path} --- quiet splash' '	initrd	/casper/initrd' '}' \
		>"$t/iso/boot/grub/loopback.cfg"
	mkdir -p "$t/hwe"
	casper_files "$t" minimal.squashfs boot/memtest86+x64.bin "$t/efi.img"
	{ cpio_of "$t/early" && cpio_of "$t/main" | zstd -q -19; } >"$t/iso/casper/initrd"
	casper_tree "$t/hwe"
	mkdir -p "$t/hwe/lib/modules/6.8.0-40-generic/kernel"
	cpio_of "$t/hwe" | zstd -q >"$t/iso/casper/hwe-initrd"
	iso "$1" "$t/iso" -r -J -joliet-long -iso-level 3 -V 'Ubuntu 24.04.1 LTS amd64' \
		--grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img -partition_offset 16 --mbr-force-bootable \
		-append_partition 2 28732ac11ff8d211ba4b00a0c93ec93b "$t/efi.img" -appended_part_as_gpt \
		-iso_mbr_part_type a2a0d0ebe5b9334487c068b6b72699c7 -c /boot.catalog \
		-b /boot/grub/i386-pc/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info \
		-eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot
}

# manjaro_grub_iso OUT: Manjaro's layout since 2017 (manjaro-tools'
# assemble_iso): GRUB only on BIOS, /boot/grub/grub.cfg sources
# kernels.cfg, whose entry boots /boot/vmlinuz-x86_64 with both microcode
# images first, then /boot/initramfs-x86_64.img (miso, xz); efi.img on
# the ISO.
# shellcheck disable=SC2016 # GRUB's own variables
manjaro_grub_iso() {
	local t=$work/manjarogrub
	rm -rf "$t"
	grub_eltorito "$t/iso/boot/grub/i386-pc/eltorito.img" /boot/grub
	printf '%s\n' 'set default=0' 'set timeout=10' 'set kopts="misobasedir=manjaro misolabel=MANJARO_KDEP_2500"' \
		'source /boot/grub/kernels.cfg' 'menuentry "Detect EFI bootloaders" { configfile /boot/grub/efi.cfg }' \
		>"$t/iso/boot/grub/grub.cfg"
	printf '%s\n' "menuentry 'Boot with open source drivers' --class=manjaro {" \
		'	linux /boot/vmlinuz-x86_64 $kopts quiet driver=free nouveau.modeset=1' \
		'	initrd /boot/intel_ucode.img /boot/amd_ucode.img /boot/initramfs-x86_64.img' '}' \
		>"$t/iso/boot/grub/kernels.cfg"
	echo 'echo no EFI bootloader here' >"$t/iso/boot/grub/efi.cfg"
	mkdir -p "$t/iso/manjaro/x86_64" "$t/ucode" "$t/main"
	cp "$VM_KERNEL" "$t/iso/boot/vmlinuz-x86_64"
	head -c 2000000 /dev/urandom >"$t/iso/manjaro/x86_64/rootfs.sfs"
	efi_image "$t/iso/efi.img"
	microcode "$t/ucode"
	cpio_of "$t/ucode" >"$t/iso/boot/intel_ucode.img"
	cpio_of "$t/ucode" >"$t/iso/boot/amd_ucode.img"
	mkinitcpio_tree "$t/main" miso
	modules "$t/main" usr/lib
	cpio_of "$t/main" | xz --check=crc32 -T1 >"$t/iso/boot/initramfs-x86_64.img"
	iso "$1" "$t/iso" -r -J -V MANJARO_KDEP_2500 --grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img \
		-b boot/grub/i386-pc/eltorito.img -c boot.catalog -no-emul-boot -boot-load-size 4 \
		-boot-info-table --grub2-boot-info -eltorito-alt-boot -e efi.img -no-emul-boot
}

FEDORA_LABEL=Fedora-E-dvd-x86_64-40

# dracut_anaconda_tree DIR: a Fedora installer initrd's tree as lorax's
# dracut run leaves it (merged /usr, /init systemd, /.buildstamp):
# dracut's hook directories with anaconda's hooks where its
# module-setup.sh installs them (the cmdline hook that turns inst.stage2=
# into root=anaconda-disk:, pre-udev's modprobe, pre-trigger's udev rule
# writer) and its scripts (/sbin/anaconda-diskroot, /lib/anaconda-lib.sh),
# dmsquash-live-root (which mounts install.img), udev and modules. Each
# file a stub: only the family's markers matter without a boot.
dracut_anaconda_tree() {
	local d=$1 h=$1/usr/lib/dracut/hooks s
	merged_usr "$d"
	for s in cmdline pre-udev pre-trigger initqueue/settled initqueue/timeout initqueue/finished \
		pre-mount mount pre-pivot cleanup; do
		mkdir -p "$h/$s"
	done
	script "$h/cmdline/27-parse-anaconda-repo.sh" ': # inst.stage2=hd:LABEL=X: root=anaconda-disk:LABEL=X'
	script "$h/pre-udev/30-anaconda-modprobe.sh" ':'
	script "$h/pre-trigger/50-repo-genrules.sh" ': # udev rule: /dev/disk/by-label/X runs anaconda-diskroot'
	script "$d/usr/sbin/anaconda-diskroot" ': # mount the device, find images/install.img'
	script "$d/usr/sbin/dmsquash-live-root" ':'
	script "$d/usr/lib/anaconda-lib.sh" ':'
	script "$d/usr/lib/dracut-lib.sh" ':'
	script "$d/usr/lib/systemd/systemd" ':'
	ln -s usr/lib/systemd/systemd "$d/init"
	printf '%s\n' '[Main]' 'Product=Fedora' 'Version=40' 'BugURL=your distribution provided bug reporting tool' \
		'IsFinal=True' 'UUID=20240414.n.0.x86_64' >"$d/.buildstamp"
	modules "$d" usr/lib
	udev_files "$d" usr/lib
}

# fedora_inst_iso OUT: Fedora 40's installer (Everything/Server netinst,
# lorax's boot.iso, 99-generic/x86.tmpl): GRUB only on BIOS, El Torito
# /images/eltorito.img (--grub2-boot-info, boot_hybrid.img as
# --grub2-mbr, -partition_offset 16, the EFI image an appended GPT
# partition, a hidden boot catalog); /boot/grub2/grub.cfg is lorax's
# grub2-bios.cfg: four entries booting /images/pxeboot/vmlinuz with
# inst.stage2=hd:LABEL=<the volume label> and /images/pxeboot/initrd.img
# (dracut with anaconda, xz, no early microcode), and two chainloader
# entries; anaconda's stage2, /images/install.img (a squashfs, here random
# bytes: not a root image the tool reads), named by .treeinfo.
fedora_inst_iso() {
	local t=$work/fedorainst r
	rm -rf "$t"
	r="inst.stage2=hd:LABEL=$FEDORA_LABEL"
	grub_eltorito "$t/iso/images/eltorito.img" /boot/grub2
	mkdir -p "$t/iso/boot/grub2/i386-pc" "$t/iso/images/pxeboot" "$t/iso/EFI/BOOT" "$t/main"
	cp /usr/lib/grub/i386-pc/{normal,linux,chain}.mod "$t/iso/boot/grub2/i386-pc/"
	printf '%s\n' 'set default="1"' '' 'function load_video {' '  insmod all_video' '}' '' 'load_video' \
		'set gfxpayload=keep' 'insmod gzio' 'insmod part_gpt' 'insmod ext2' 'insmod chain' '' 'set timeout=60' \
		"search --no-floppy --set=root -l '$FEDORA_LABEL'" '' \
		"menuentry 'Install Fedora 40' --class fedora --class gnu-linux --class gnu --class os {" \
		"	linux /images/pxeboot/vmlinuz $r quiet" '	initrd /images/pxeboot/initrd.img' '}' \
		"menuentry 'Test this media & install Fedora 40' --class fedora --class gnu-linux --class gnu --class os {" \
		"	linux /images/pxeboot/vmlinuz $r rd.live.check quiet" '	initrd /images/pxeboot/initrd.img' '}' \
		"submenu 'Troubleshooting -->' {" \
		"	menuentry 'Install Fedora 40 in basic graphics mode' --class fedora --class gnu-linux --class gnu --class os {" \
		"		linux /images/pxeboot/vmlinuz $r nomodeset quiet" '		initrd /images/pxeboot/initrd.img' '	}' \
		"	menuentry 'Rescue a Fedora system' --class fedora --class gnu-linux --class gnu --class os {" \
		"		linux /images/pxeboot/vmlinuz $r inst.rescue quiet" '		initrd /images/pxeboot/initrd.img' '	}' \
		"	menuentry 'Boot first drive' --class fedora --class gnu-linux --class gnu --class os {" \
		'		chainloader (hd0)+1' '	}' \
		"	menuentry 'Boot second drive' --class fedora --class gnu-linux --class gnu --class os {" \
		'		chainloader (hd1)+1' '	}' '}' >"$t/iso/boot/grub2/grub.cfg"
	echo "search --no-floppy --set=root -l '$FEDORA_LABEL'" >"$t/iso/EFI/BOOT/grub.cfg"
	cp "$VM_KERNEL" "$t/iso/images/pxeboot/vmlinuz"
	head -c 3000000 /dev/urandom >"$t/iso/images/install.img"
	printf '%s\n' '[general]' 'family = Fedora' 'version = 40' '[stage2]' 'mainimage = images/install.img' \
		>"$t/iso/.treeinfo"
	printf '%s\n' 1713092400.000000 40 x86_64 >"$t/iso/.discinfo"
	efi_image "$t/efiboot.img"
	dracut_anaconda_tree "$t/main"
	cpio_of "$t/main" | xz --check=crc32 --lzma2=dict=1MiB -T1 >"$t/iso/images/pxeboot/initrd.img"
	iso "$1" "$t/iso" -R -J -V "$FEDORA_LABEL" --grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img \
		-partition_offset 16 -appended_part_as_gpt \
		-append_partition 2 C12A7328-F81F-11D2-BA4B-00A0C93EC93B "$t/efiboot.img" \
		-iso_mbr_part_type EBD0A0A2-B9E5-4433-87C0-68B6B72699C7 -c boot.cat --boot-catalog-hide \
		-b images/eltorito.img -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info \
		-eltorito-alt-boot -e '--interval:appended_partition_2:all::' -no-emul-boot
}

# simple_iso OUT DIR INITRD_TREE COMPRESSOR [XORRISO_ARG...]: an ISOLINUX
# ISO booting /boot/vmlinuz (the guest kernel, unless DIR has one) with
# /boot/initrd.img made of INITRD_TREE.
simple_iso() {
	local out=$1 dir=$2 tree=$3 compress=$4
	shift 4
	isolinux "$dir/isolinux"
	mkdir -p "$dir/boot"
	[ -f "$dir/boot/vmlinuz" ] || cp "$VM_KERNEL" "$dir/boot/vmlinuz"
	vm_boot_cfg "$dir/isolinux/isolinux.cfg" "KERNEL /boot/vmlinuz" "APPEND initrd=/boot/initrd.img"
	cpio_of "$tree" | $compress >"$dir/boot/initrd.img"
	iso "$out" "$dir" -r -V SIMPLE -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
		-boot-load-size 4 -boot-info-table "$@"
}

# --- checks -----------------------------------------------------------------

# remaster NAME [ARG...]: the tool on build/remaster/NAME.iso, writing
# NAME.out.iso; its output in NAME.log.
remaster() {
	local name=$1
	shift
	rm_tool "$@" "$work/$name.iso" "$work/$name.out.iso" >"$work/$name.log" 2>&1 ||
		{ cat "$work/$name.log"; return 1; }
}

# unpack_appended NAME INITRD: the archive appended to INITRD (an ISO
# path) of NAME.out.iso, in build/remaster/NAME.overlay.
unpack_appended() {
	rm_extract "$work/$1.iso" "$2" "$work/$1.initrd.in" &&
		rm_extract "$work/$1.out.iso" "$2" "$work/$1.initrd.out" &&
		rm_appended "$work/$1.initrd.in" "$work/$1.initrd.out" "$work/$1.overlay"
}

# expect_mkinitcpio NAME HOOK: the mkinitcpio wiring: the runtime hook,
# and /config's EARLYHOOKS (what mkinitcpio's init runs first, and where
# mkinitcpio lists a hook that has run_earlyhook) runs it after udev,
# before HOOK's run_hook; the rest of /config unchanged. Checked by
# sourcing the new /config as init does and running its early hooks the
# way init's run_hookfunctions picks them (executable /hooks/NAME).
expect_mkinitcpio() {
	local o=$work/$1.overlay t=$work/$1.merged hooks
	rm_expect_entries "$o" usr/lib config hooks/memdisk_blk &&
		rm_expect_common "$o" usr/lib &&
		rm_expect_file "$o" hooks/memdisk_blk "$VM_TOP/initramfs/mkinitcpio/hooks/memdisk_blk" -rwxr-xr-x &&
		vm_expect_eq "$1: /config but EARLYHOOKS" "$(grep -v '^EARLYHOOKS=' "$work/$1/main/config")" \
			"$(grep -v '^EARLYHOOKS=' "$o/config")" &&
		rm -rf "$t" && cp -a "$work/$1/main" "$t" && cp -a "$o/." "$t/" &&
		hooks=$(cd "$t" && sh -c '. ./config; for h in $EARLYHOOKS; do [ ! -x "hooks/$h" ] || echo "$h"; done' |
			paste -sd ' ') &&
		vm_expect_eq "$1: early hooks init runs" "udev memdisk_blk" "$hooks" &&
		grep -q '^run_earlyhook()' "$t/hooks/memdisk_blk"
}

# --- the families ---------------------------------------------------------------

ubuntu() {
	ubuntu_iso "$work/ubuntu.iso" &&
		remaster ubuntu --module "$ko" && unpack_appended ubuntu /casper/initrd &&
		rm_expect_safe <(cd "$work/ubuntu/main" && find . -mindepth 1 -printf '%M\t%P\n') \
			"$work/ubuntu.overlay" &&
		rm_expect_initramfs_tools "$work/ubuntu.overlay" lib "$work/ubuntu/main/scripts/init-premount/ORDER" &&
		rm_expect_iso_kept "$work/ubuntu.iso" "$work/ubuntu.out.iso" /casper/initrd &&
		grep -q 'casper' "$work/ubuntu.log"
}

mint() {
	mint_iso "$work/mint.iso" &&
		remaster mint --kdir "$VM_KDIR" && unpack_appended mint /casper/initrd.lz &&
		rm_expect_safe <(cd "$work/mint/main" && find . -mindepth 1 -printf '%M\t%P\n') \
			"$work/mint.overlay" &&
		rm_expect_initramfs_tools "$work/mint.overlay" usr/lib "$work/mint/main/scripts/init-premount/ORDER" &&
		rm_expect_iso_kept "$work/mint.iso" "$work/mint.out.iso" /casper/initrd.lz
}

arch() {
	arch_iso "$work/arch.iso" &&
		remaster arch --module "$ko612" --module "$ko" && unpack_appended arch /arch/boot/x86_64/initramfs-linux.img &&
		rm_expect_safe <(cd "$work/arch/main" && find . -mindepth 1 -printf '%M\t%P\n') \
			"$work/arch.overlay" &&
		expect_mkinitcpio arch archiso &&
		rm_expect_iso_kept "$work/arch.iso" "$work/arch.out.iso" /arch/boot/x86_64/initramfs-linux.img &&
		vm_expect_eq "arch: UUID archisosearchuuid looks for" "$ARCH_UUID" \
			"$(blkid -p -o value -s UUID "$work/arch.out.iso")"
}

manjaro() {
	manjaro_iso "$work/manjaro.iso" &&
		remaster manjaro --module "$ko" && unpack_appended manjaro /manjaro/boot/x86_64/manjaro.img &&
		rm_expect_safe <(cd "$work/manjaro/main" && find . -mindepth 1 -printf '%M\t%P\n') \
			"$work/manjaro.overlay" &&
		expect_mkinitcpio manjaro miso &&
		rm_extract "$work/manjaro.out.iso" /manjaro/boot/intel_ucode.img "$work/manjaro.ucode" &&
		cmp "$work/manjaro.ucode" "$work/manjaro/iso/manjaro/boot/intel_ucode.img" &&
		rm_expect_iso_kept "$work/manjaro.iso" "$work/manjaro.out.iso" /manjaro/boot/x86_64/manjaro.img
}

# GRUB-only BIOS ISOs: the pairs from GRUB's menus, each checked by
# content; GRUB's El Torito image, MBR and partition offset kept.
ubuntu2404() {
	ubuntu2404_iso "$work/ubuntu2404.iso" &&
		remaster ubuntu2404 --module "$ko" && unpack_appended ubuntu2404 /casper/initrd &&
		rm_expect_initramfs_tools "$work/ubuntu2404.overlay" lib "$work/ubuntu2404/main/scripts/init-premount/ORDER" &&
		rm_expect_iso_kept "$work/ubuntu2404.iso" "$work/ubuntu2404.out.iso" /casper/initrd &&
		grep -q 'the BIOS boot image /boot/grub/i386-pc/eltorito.img is taken as GRUB' "$work/ubuntu2404.log" &&
		grep -q '^/casper/initrd: initramfs-tools (casper)' "$work/ubuntu2404.log" &&
		grep -q 'note: /boot/memtest86+x64.bin left as it is: no Linux bzImage' "$work/ubuntu2404.log" &&
		grep -q "note: /casper/hwe-initrd left as it is: its modules are for 6.8.0-40-generic, not for /casper/vmlinuz's release $VM_ABI" \
			"$work/ubuntu2404.log" &&
		vm_expect_eq "GRUB El Torito replayed" "$(xorriso -indev "$work/ubuntu2404.iso" -report_el_torito cmd 2>/dev/null |
			grep -c 'grub2_boot_info=on\|grub2_mbr=\|partition_offset=16')" \
			"$(xorriso -indev "$work/ubuntu2404.out.iso" -report_el_torito cmd 2>/dev/null |
				grep -c 'grub2_boot_info=on\|grub2_mbr=\|partition_offset=16')" &&
		rm_extract "$work/ubuntu2404.out.iso" /casper/hwe-initrd "$work/ubuntu2404.hwe" &&
		cmp "$work/ubuntu2404.hwe" "$work/ubuntu2404/iso/casper/hwe-initrd"
}

manjaro_grub() {
	manjaro_grub_iso "$work/manjarogrub.iso" &&
		remaster manjarogrub --module "$ko" && unpack_appended manjarogrub /boot/initramfs-x86_64.img &&
		expect_mkinitcpio manjarogrub miso &&
		rm_expect_iso_kept "$work/manjarogrub.iso" "$work/manjarogrub.out.iso" /boot/initramfs-x86_64.img &&
		grep -q '^/boot/initramfs-x86_64.img: mkinitcpio (miso)' "$work/manjarogrub.log"
}

# Fedora's installer: the one initrd all four entries name gets dracut's
# pre-udev hook (anaconda's stage2 search then finds the label on
# /dev/memdisk0); GRUB's boot records kept (and there to keep); the
# stage2 and the label inst.stage2= waits for, unchanged.
fedora_inst() {
	local c=$work/fedorainst.check
	mkdir -p "$c"
	fedora_inst_iso "$work/fedorainst.iso" && remaster fedorainst --module "$ko" &&
		rm_extract "$work/fedorainst.iso" /images/pxeboot/initrd.img "$work/fedorainst.initrd.in" &&
		rm_extract "$work/fedorainst.out.iso" /images/pxeboot/initrd.img "$work/fedorainst.initrd.out" &&
		rm_appended "$work/fedorainst.initrd.in" "$work/fedorainst.initrd.out" "$c/overlay" &&
		rm_expect_safe <(cd "$work/fedorainst/main" && find . -mindepth 1 -printf '%M\t%P\n') "$c/overlay" &&
		rm_check_dracut "$c" &&
		rm_expect_iso_kept "$work/fedorainst.iso" "$work/fedorainst.out.iso" /images/pxeboot/initrd.img &&
		grep -q 'the BIOS boot image /images/eltorito.img is taken as GRUB' "$work/fedorainst.log" &&
		grep -q '^/images/pxeboot/initrd.img: dracut (dmsquash-live)' "$work/fedorainst.log" &&
		vm_expect_eq "GRUB's El Torito options" 3 "$(xorriso -indev "$work/fedorainst.out.iso" \
			-report_el_torito cmd 2>/dev/null | grep -c 'grub2_boot_info=on\|grub2_mbr=\|partition_offset=16')" &&
		rm_extract "$work/fedorainst.out.iso" /images/install.img "$work/fedorainst.stage2" &&
		cmp "$work/fedorainst.stage2" "$work/fedorainst/iso/images/install.img" &&
		vm_expect_eq "the label inst.stage2= names" "$FEDORA_LABEL" \
			"$(blkid -p -o value -s LABEL "$work/fedorainst.out.iso")"
}

# As a user who is not root (nobody), in a directory of its own: the
# same archive as root's run appended, the same boot records.
as_user() {
	local d=$work/user
	mkdir -p "$d"
	chmod 777 "$d"
	cp "$ko" "$d/memdisk_blk.ko"
	setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$d" TMPDIR="$d" \
		"$VM_TOP/tools/memdisk-remaster" --module "$d/memdisk_blk.ko" "$work/mint.iso" "$d/out.iso" &&
		rm_extract "$d/out.iso" /casper/initrd.lz "$d/initrd.lz" &&
		rm_appended "$work/mint.initrd.in" "$d/initrd.lz" "$d/overlay" &&
		vm_expect_eq "entries appended as nobody" "$(rm_entries "$work/mint.overlay")" "$(rm_entries "$d/overlay")" &&
		rm_expect_records "$work/mint.iso" "$d/out.iso"
}

t ubuntu-casper-lz4 ubuntu
t mint-casper-zstd mint
t arch-archiso-xz arch
t manjaro-miso-gzip manjaro
t ubuntu2404-grub-casper ubuntu2404
t manjaro-grub-miso manjaro_grub
t fedora-netinst-grub-anaconda fedora_inst
t as-user as_user

# --- refusals ---------------------------------------------------------------

# refused STATUS PATTERN IN [ARG...]: the tool on IN exits with STATUS and
# a message matching PATTERN (grep -E), and makes no OUT file.
refused() {
	local status=$1 pattern=$2 in=$3 out=$work/refused.out.iso rc=0
	shift 3
	rm -f "$out"
	rm_tool "$@" "$in" "$out" >"$work/refused.log" 2>&1 || rc=$?
	sed 's/^/  | /' "$work/refused.log"
	vm_expect_eq "exit status" "$status" "$rc" || return 1
	grep -qE -- "$pattern" "$work/refused.log" || { echo "  no message matching '$pattern'"; return 1; }
	[ -z "$(find "$work" -maxdepth 1 -name '*refused.out.iso*')" ] || { echo "  an OUT file was left"; return 1; }
}

not_iso() {
	refused 3 'not an ISO 9660 image' "$work/mint/iso/casper/initrd.lz"
}

no_el_torito() {
	mkdir -p "$work/plain"
	echo hello >"$work/plain/README"
	iso "$work/plain.iso" "$work/plain" -r -V PLAIN &&
		refused 4 'no BIOS El Torito boot image' "$work/plain.iso"
}

# A GRUB El Torito image whose menu boots no kernel with an initrd.
grub_no_entry() {
	mkdir -p "$work/grubnone/boot/grub"
	grub_eltorito "$work/grubnone/boot/grub/i386-pc/eltorito.img" /boot/grub
	printf '%s\n' "menuentry 'Test memory' {" '	linux16 /boot/memtest86+x64.bin' '}' >"$work/grubnone/boot/grub/grub.cfg"
	iso "$work/grubnone.iso" "$work/grubnone" -r -V GRUB -b boot/grub/i386-pc/eltorito.img -no-emul-boot \
		-boot-load-size 4 -boot-info-table --grub2-boot-info &&
		refused 4 'neither an ISOLINUX configuration nor a GRUB menu .* booting a Linux kernel with an initrd' \
			"$work/grubnone.iso"
}

# A GRUB-only ISO none of whose entries is a live system's.
grub_no_live() {
	local d=$work/grubnolive
	grub_eltorito "$d/boot/grub/i386-pc/eltorito.img" /boot/grub
	printf '%s\n' "menuentry 'Memory test' {" '	linux /boot/memtest' '	initrd /boot/memtest.img' '}' \
		>"$d/boot/grub/grub.cfg"
	head -c 5000 /dev/urandom >"$d/boot/memtest"
	head -c 5000 /dev/urandom >"$d/boot/memtest.img"
	iso "$work/grubnolive.iso" "$d" -r -V GRUB -b boot/grub/i386-pc/eltorito.img -no-emul-boot \
		-boot-load-size 4 -boot-info-table --grub2-boot-info &&
		refused 5 '/boot/memtest: no Linux bzImage' "$work/grubnolive.iso" --module "$ko"
}

# An Alpine-like initramfs (mkinitfs, nlplug-findfs): named, not touched.
# shellcheck disable=SC2016 # the fake initramfs's own shell text
unknown_family() {
	local d=$work/alpine
	script "$d/tree/init" '# Alpine mkinitfs' 'nlplug-findfs -p /sbin/mdev "$KOPT_root"'
	script "$d/tree/sbin/nlplug-findfs" ':'
	modules "$d/tree" lib
	simple_iso "$work/alpine.iso" "$d/iso" "$d/tree" "gzip -9n" &&
		refused 5 "unknown initramfs family in /boot/initrd.img: .*nlplug-findfs \(Alpine" "$work/alpine.iso" --module "$ko"
}

# A kernel that is no Debian kernel (its release from the initrd's
# lib/modules, the kernel file is no bzImage), no --kdir or --module.
no_module() {
	local d=$work/nomodule
	mkdir -p "$d/iso/boot"
	echo 'not a bzImage' >"$d/iso/boot/vmlinuz"
	casper_tree "$d/tree"
	mkdir -p "$d/tree/lib/modules/5.15.0-91-generic/kernel"
	simple_iso "$work/nomodule.iso" "$d/iso" "$d/tree" "zstd -q" &&
		refused 6 "no memdisk_blk.ko for 5.15.0-91-generic.*--kdir.*--module" "$work/nomodule.iso" &&
		grep -q -- '--fallback phram' "$work/refused.log"
}

# A Debian kernel release whose headers apt does not know.
no_headers() {
	local d=$work/noheaders
	mkdir -p "$d/iso/boot"
	echo 'not a bzImage' >"$d/iso/boot/vmlinuz"
	casper_tree "$d/tree"
	mkdir -p "$d/tree/lib/modules/6.1.0-999-amd64/kernel"
	simple_iso "$work/noheaders.iso" "$d/iso" "$d/tree" "gzip -9n" &&
		refused 6 "linux-headers-6.1.0-999-amd64" "$work/noheaders.iso"
}

# suite_iso NAME RELEASE: an ISO whose kernel is no bzImage and whose
# initrd has one lib/modules/RELEASE (its release, so its suite).
suite_iso() {
	local d=$work/$1
	mkdir -p "$d/iso/boot"
	echo 'not a bzImage' >"$d/iso/boot/vmlinuz"
	casper_tree "$d/tree"
	mkdir -p "$d/tree/lib/modules/$2/kernel"
	simple_iso "$work/$1.iso" "$d/iso" "$d/tree" "gzip -9n"
}

# The suite from the release: +deb13 is trixie, which the host's apt lists
# (bookworm) lack: fetched through the tool's own apt configuration, whose
# mirror has no such headers.
suite_trixie() {
	suite_iso trixie 6.12.999+deb13-amd64 &&
		refused 6 "do not carry trixie, whose kernel 6.12.999\+deb13-amd64 is: fetching with apt's own configuration" \
			"$work/trixie.iso" &&
		grep -q 'apt could not download linux-headers-6.12.999+deb13-amd64' "$work/refused.log"
}

# +deb99: a Debian release the tool knows no suite of.
suite_unknown() {
	suite_iso deb99 6.12.999+deb99-amd64 &&
		refused 6 "a Debian 99 kernel, a release memdisk-remaster does not know the suite of: download linux-headers-6.12.999\+deb99-amd64" \
			"$work/deb99.iso"
}

# re TEXT: TEXT as a literal in a grep -E pattern.
# shellcheck disable=SC2001 # a bracket expression: sed's
re() {
	sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"
}

wrong_kdir() {
	local kdir
	kdir=/usr/src/linux-headers-$(VM_SERIES=6.12 vm_headers_abi)
	refused 6 "$(re "$kdir") is for $(re "${kdir#*headers-}").*the ISO's kernel is $VM_ABI" \
		"$work/mint.iso" --kdir "$kdir"
}

vermagic_mismatch() {
	refused 7 "vermagic mismatch.*$(re "$(modinfo -F vermagic "$ko612")").*$VM_ABI" "$work/mint.iso" --module "$ko612"
}

out_exists() {
	echo keep >"$work/exists.iso"
	local rc=0
	rm_tool --module "$ko" "$work/mint.iso" "$work/exists.iso" >"$work/exists.log" 2>&1 || rc=$?
	cat "$work/exists.log"
	vm_expect_eq "exit status" 8 "$rc" && grep -q 'exists' "$work/exists.log" &&
		vm_expect_eq "OUT untouched" keep "$(cat "$work/exists.iso")" &&
		rm_tool --module "$ko" --force "$work/mint.iso" "$work/exists.iso" >"$work/exists.log" 2>&1 &&
		rm_expect_records "$work/mint.iso" "$work/exists.iso"
}

# Its own output again: refused, and so no second archive.
twice() {
	refused 9 'already remastered' "$work/mint.out.iso" --module "$ko"
}

# An initramfs that ships memdisk_blk itself: nothing to do.
has_module() {
	local d=$work/hasmodule
	casper_tree "$d/tree"
	modules "$d/tree" lib
	mkdir -p "$d/tree/lib/modules/$VM_ABI/updates"
	cp "$ko" "$d/tree/lib/modules/$VM_ABI/updates/memdisk_blk.ko"
	simple_iso "$work/hasmodule.iso" "$d/iso" "$d/tree" "gzip -9n" &&
		refused 9 'already has memdisk_blk' "$work/hasmodule.iso" --module "$ko"
}

# --- hostile ISOs -----------------------------------------------------------
# A crafted archive (tests/unit/mknewc.py) ahead of a valid casper
# initramfs, run as root and as nobody (HOME a directory of its own) with
# a time limit: nothing may appear in HOME or outside the tool's work
# directories, and each refusal exits 1 with one message.

mknewc=$VM_TOP/tests/unit/mknewc.py
hostile=$work/hostile
mkdir -p "$hostile"
chmod 755 "$work" "$hostile"

# hostile_iso NAME ENTRY...: $hostile/NAME.iso, whose initrd is the crafted
# archive, then a casper tree (gzip); the guest kernel boots it.
hostile_iso() {
	local name=$1 d=$hostile/$1
	shift
	casper_tree "$d/tree"
	modules "$d/tree" lib
	mkdir -p "$d/iso/boot"
	isolinux "$d/iso/isolinux"
	cp "$VM_KERNEL" "$d/iso/boot/vmlinuz"
	vm_boot_cfg "$d/iso/isolinux/isolinux.cfg" "KERNEL /boot/vmlinuz" "APPEND initrd=/boot/initrd.img"
	{ "$mknewc" "$@" && cpio_of "$d/tree" | gzip -9n; } >"$d/iso/boot/initrd.img"
	hostile_write "$name"
}

# hostile_write NAME: $hostile/NAME.iso made (again) of $hostile/NAME/iso.
hostile_write() {
	iso "$hostile/$1.iso" "$hostile/$1/iso" -r -V HOSTILE -b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table
}

# hostile_run WHO ISO [ARG...]: the tool as WHO (root or nobody) with HOME
# and TMPDIR its own, 120 s at most; status in $rc, output in $hostile/log.
hostile_run() {
	local who=$1 iso=$2 home=$hostile/home-$1
	shift 2
	local -a as=()
	rm -rf "$home" "$hostile/out.iso"
	mkdir -p "$home/tmp"
	echo keep >"$home/.profile"
	if [ "$who" = nobody ]; then
		chown -R nobody: "$home"
		chmod 777 "$hostile"
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	fi
	touch "$hostile/stamp"
	rc=0
	timeout 120 "${as[@]}" env HOME="$home" TMPDIR="$home/tmp" \
		"$VM_TOP/tools/memdisk-remaster" --no-pmem "$@" "$iso" "$hostile/out.iso" >"$hostile/log" 2>&1 || rc=$?
	sed 's/^/  | /' "$hostile/log"
	[ "$rc" -ne 124 ] || { echo "  the tool hung"; return 1; }
	hostile_clean "$home"
}

# hostile_clean HOME: HOME holds .profile, an empty tmp/ and the tool's
# cache only, and nothing but the log and OUT appeared beside the ISOs.
hostile_clean() {
	local extra
	extra=$( (cd "$1" && find . -mindepth 1 ! -path ./tmp ! -path ./.profile ! -path './.cache*') )
	[ -z "$extra" ] || { echo "  in HOME: $extra"; return 1; }
	[ "$(cat "$1/.profile")" = keep ] || { echo "  HOME/.profile changed"; return 1; }
	extra=$(find "$hostile" -maxdepth 1 -newer "$hostile/stamp" ! -path "$hostile" ! -name log \
		! -name out.iso ! -name 'home-*')
	[ -z "$extra" ] || { echo "  appeared: $extra"; return 1; }
}

# hostile_refused WHO PATTERN ISO [ARG...]: exit status 1, one message
# line matching PATTERN, no OUT.
hostile_refused() {
	local who=$1 pattern=$2
	shift 2
	hostile_run "$who" "$@" || return 1
	vm_expect_eq "exit status" 1 "$rc" || return 1
	if [ "$(grep -c '^memdisk-remaster: [^n]' "$hostile/log")" -ne 1 ] || ! grep -qE -- "$pattern" "$hostile/log"; then
		echo "  not one message matching '$pattern'"
		return 1
	fi
	[ ! -e "$hostile/out.iso" ] || { echo "  OUT written"; return 1; }
}

# The link points to the HOME of the run (root's or nobody's).
traversal() {
	local who=$1 spelling=$2 home=$hostile/home-$1
	case $spelling in
	dot) hostile_iso "dot-$who" dir=d "link=d/l=$home" file=d/./l/.bashrc=PWNED ;;
	slash) hostile_iso "slash-$who" dir=d "link=d/l=$home" file=d//l/.bashrc=PWNED ;;
	# cpio -t prints the link's name as "d/l" and "q": no line names a link
	# that the file's lines ("d/l", "q/.bashrc") go below.
	newline) hostile_iso "newline-$who" dir=d 'link=d/l\nq='"$home" 'file=d/l\nq/.bashrc=PWNED' ;;
	esac
	hostile_refused "$who" '/boot/initrd.img: (cannot make the directory of d/l|refusing the archive entry)' \
		"$hostile/$spelling-$who.iso" --module "$ko"
}

# Device nodes and FIFOs, one named like a module (modinfo would block on
# it): left out with a note, the run goes on.
specials() {
	hostile_iso "specials-$1" chr=./dev/null blk=dev/sda "fifo=lib/modules/$VM_ABI/kernel/0.ko" fifo=./init.fifo
	hostile_run "$1" "$hostile/specials-$1.iso" --module "$ko" || return 1
	vm_expect_eq "exit status" 0 "$rc" && grep -q 'left out 4 device nodes, FIFOs or sockets' "$hostile/log"
}

# A kernel whose version string would climb out of the cache.
bad_release() {
	local d=$hostile/release
	hostile_iso release file=x=y
	head -c 2048 /dev/zero >"$d/vmlinuz"
	printf HdrS | dd of="$d/vmlinuz" bs=1 seek=514 conv=notrunc status=none
	printf '\x00\x01' | dd of="$d/vmlinuz" bs=1 seek=526 conv=notrunc status=none
	printf '../../../tmp/evil (x)' | dd of="$d/vmlinuz" bs=1 seek=768 conv=notrunc status=none
	cp "$d/vmlinuz" "$d/iso/boot/vmlinuz"
	hostile_write release
	hostile_refused root "kernel release '\.\./\.\./\.\./tmp/evil' is not a release" "$hostile/release.iso" --module "$ko"
}

# 300 MB of zeros in a small xz stream, against a 100 MiB limit.
bomb() {
	hostile_iso bomb zerofile=big=300000000
	xz -T1 -c "$hostile/bomb/iso/boot/initrd.img" >"$hostile/bomb.xz"
	cp "$hostile/bomb.xz" "$hostile/bomb/iso/boot/initrd.img"
	hostile_write bomb
	hostile_refused root 'unpacks to more than 104857600 bytes' "$hostile/bomb.iso" --module "$ko" --max-unpacked 100M
}

# Configuration text with a terminal escape, and INCLUDEs 40 deep: one
# note with the escape shown as '?', and the chain cut at 16.
cfg_text() {
	local d=$hostile/cfg i
	hostile_iso cfg file=x=y
	printf 'INCLUDE /\033]2;owned\007.cfg\nINCLUDE /isolinux/c1.cfg\n' >>"$d/iso/isolinux/isolinux.cfg"
	for i in $(seq 1 40); do echo "INCLUDE /isolinux/c$((i + 1)).cfg" >"$d/iso/isolinux/c$i.cfg"; done
	hostile_write cfg
	hostile_run root "$hostile/cfg.iso" --module "$ko" || return 1
	vm_expect_eq "exit status" 0 "$rc" &&
		! grep -q $'\033' "$hostile/log" && grep -q "note: /?\]2;owned?\.cfg" "$hostile/log" &&
		grep -q 'INCLUDE.*nested more than 16 deep' "$hostile/log"
}

# An early archive of one 512-byte block (cpio counts "1 block").
one_block() {
	hostile_iso oneblock file=kernel/x86/microcode/GenuineIntel.bin=UCODE
	hostile_run root "$hostile/oneblock.iso" --module "$ko" && vm_expect_eq "exit status" 0 "$rc"
}

# The file xorriso writes is in a directory only the tool can enter
# (a shim of xorriso records where -outdev is), never a name beside OUT
# another user could plant a link at; a link planted at OUT itself is
# replaced, its target untouched.
private_out() {
	local shim=$hostile/shim
	mkdir -p "$shim"
	# shellcheck disable=SC2016 # the shim's own shell text
	printf '%s\n' '#!/bin/bash' 'prev=' 'for a; do [ "$prev" != -outdev ] || stat -c "%a %U %n" "$(dirname "$a")" >>"'"$shim"'/outdev"; prev=$a; done' \
		'exec /usr/bin/xorriso "$@"' >"$shim/xorriso"
	chmod 755 "$shim/xorriso"
	rm -f "$shim/outdev"
	echo victim >"$hostile/victim"
	ln -sfn "$hostile/victim" "$hostile/out.iso"
	PATH=$shim:$PATH timeout 120 "$VM_TOP/tools/memdisk-remaster" --cache "$RM_CACHE" --module "$ko" --force \
		"$hostile/oneblock.iso" "$hostile/out.iso" >"$hostile/log" 2>&1 || { cat "$hostile/log"; return 1; }
	vm_expect_eq "victim" victim "$(cat "$hostile/victim")" && [ -f "$hostile/out.iso" ] && [ ! -L "$hostile/out.iso" ] ||
		return 1
	if ! grep -q "^700 root $hostile/" "$shim/outdev" || grep -q "^[0-9]* [a-z]* $hostile\$" "$shim/outdev"; then
		echo "  -outdev in: $(cat "$shim/outdev")"
		return 1
	fi
}

# --- GRUB EFI boot (memdisk.efi) -----------------------------------------------

# grub_iso OUT: Debian live's layout for both firmware types: ISOLINUX
# boots /live/initrd.img; the EFI El Torito image's GRUB reads
# /boot/grub/grub.cfg, which sources one file and boots /live/initrd.img
# and an initrd only it names (early microcode + the casper tree, lz4);
# /live/filesystem.squashfs holds the guest kernel's pmem modules.
# shellcheck disable=SC2016 # GRUB's own variables
grub_iso() {
	local t=$work/grub d
	rm -rf "$t"
	isolinux "$t/iso/isolinux"
	mkdir -p "$t/iso/live" "$t/iso/boot/grub" "$t/main" "$t/rootfs/usr/lib/modules/$VM_ABI/kernel/drivers/acpi"
	vm_boot_cfg "$t/iso/isolinux/isolinux.cfg" "KERNEL /live/vmlinuz" "APPEND initrd=/live/initrd.img boot=live"
	cp "$VM_KERNEL" "$t/iso/live/vmlinuz"
	casper_tree "$t/main"
	modules "$t/main" lib
	udev_files "$t/main" lib
	cpio_of "$t/main" | gzip -9n >"$t/iso/live/initrd.img"
	microcode "$t/early"
	{ cpio_of "$t/early" && cpio_of "$t/main" | lz4 -l -q; } >"$t/iso/live/initrd-efi.img"
	for d in nvdimm acpi/nfit; do cp -r "$VM_MODDIR/kernel/drivers/$d" "$t/rootfs/usr/lib/modules/$VM_ABI/kernel/drivers/$d"; done
	mksquashfs "$t/rootfs" "$t/iso/live/filesystem.squashfs" -quiet -no-progress >/dev/null
	printf '%s\n' 'set base=/live' 'source /boot/grub/config.cfg' \
		'menuentry "Live system (amd64)" --hotkey=l {' '	linux	${base}/vmlinuz boot=live findiso=${iso_path}' \
		'	initrd	$base/initrd.img' '}' "menuentry 'Live (EFI)' { linux (\$root)/live/vmlinuz; initrd /live/initrd-efi.img; }" \
		>"$t/iso/boot/grub/grub.cfg"
	echo 'set timeout=5' >"$t/iso/boot/grub/config.cfg"
	efi_image "$t/iso/boot/grub/efi.img"
	iso "$1" "$t/iso" -r -V GRUBEFI -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
		-boot-load-size 4 -boot-info-table -eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot
}

# pmem_merged NAME INITRD: the initrd as the kernel sees it (the original
# tree, then the appended archive over it) in NAME.merged; the pmem
# modules and the initrd's own resolve there (modprobe --show-depends
# only reads the index); modules.dep lists both.
pmem_merged() {
	local m=$work/$1.merged deps
	rm -rf "$m" && cp -a "$work/grub/main" "$m" && cp -a "$work/$1.overlay/." "$m/" || return 1
	deps=$(modprobe -d "$m" -S "$VM_ABI" --show-depends nd_pmem | sed 's|.*/||; s| *$||' | paste -sd ' ') || return 1
	vm_expect_eq "$2: nd_pmem's chain" "libnvdimm.ko nd_btt.ko nd_pmem.ko" "$deps" &&
		modprobe -d "$m" -S "$VM_ABI" --show-depends nfit >/dev/null &&
		modprobe -d "$m" -S "$VM_ABI" --show-depends isofs >/dev/null &&
		grep -q '^kernel/fs/isofs/isofs.ko:' "$m/lib/modules/$VM_ABI/modules.dep"
}

grub_efi() {
	grub_iso "$work/grub.iso" || return 1
	remaster grub --module "$ko" || return 1
	if ! grep -q '^/live/initrd.img: .*pmem modules from /live/filesystem.squashfs' "$work/grub.log" ||
		! grep -q '^/live/initrd-efi.img: .*pmem modules from /live/filesystem.squashfs' "$work/grub.log" ||
		grep -q 'config.cfg.*not read' "$work/grub.log"; then
		cat "$work/grub.log"
		return 1
	fi
	unpack_appended grub /live/initrd.img &&
		rm_expect_initramfs_tools "$work/grub.overlay" lib "$work/grub/main/scripts/init-premount/ORDER" &&
		pmem_merged grub /live/initrd.img &&
		rm_extract "$work/grub.iso" /live/initrd-efi.img "$work/grub.efi.in" &&
		rm_extract "$work/grub.out.iso" /live/initrd-efi.img "$work/grub.efi.out" &&
		rm_appended "$work/grub.efi.in" "$work/grub.efi.out" "$work/grub-efi.overlay" &&
		pmem_merged grub-efi /live/initrd-efi.img &&
		rm_expect_iso_kept "$work/grub.iso" "$work/grub.out.iso" /live/initrd.img /live/initrd-efi.img &&
		rm_extract "$work/grub.iso" /boot/grub/efi.img "$work/grub.efi.img.in" &&
		rm_extract "$work/grub.out.iso" /boot/grub/efi.img "$work/grub.efi.img.out" &&
		cmp "$work/grub.efi.img.in" "$work/grub.efi.img.out"
}

# Hostile GRUB configurations beside a good ISOLINUX menu: a source chain
# 20 deep, a 5000-byte line, an OSC escape (its ';' ends GRUB's word) and
# a '..' in paths, an unset
# variable. Each gives its note (escape shown as '?'); none gives a pair:
# only the ISOLINUX initrd changes.
# shellcheck disable=SC2016 # GRUB's own variables, and `set` in a message
grub_hostile() {
	local d=$hostile/grubcfg i
	hostile_iso grubcfg file=x=y
	mkdir -p "$d/iso/boot/grub"
	{
		echo 'source /boot/grub/c1.cfg'
		echo 'source /boot/grub/long.cfg'
		printf 'menuentry e { linux /boot/vmlinuz; initrd /boot/\033]2;owned\007.img; }\n'
		echo 'menuentry dd { linux /boot/vmlinuz; initrd /boot/../boot/initrd.img; }'
		echo 'menuentry u { linux /boot/vmlinuz; initrd $isofile/initrd.img; }'
	} >"$d/iso/boot/grub/grub.cfg"
	for i in $(seq 1 20); do echo "source /boot/grub/c$((i + 1)).cfg" >"$d/iso/boot/grub/c$i.cfg"; done
	echo 'menuentry deep { linux /boot/vmlinuz; initrd /boot/deep.img; }' >"$d/iso/boot/grub/c21.cfg"
	cp "$d/iso/boot/initrd.img" "$d/iso/boot/deep.img"
	{ printf 'menuentry long { linux /boot/vmlinuz; initrd /boot/deep.img; } #' && head -c 5000 /dev/zero | tr '\0' x && echo; } \
		>"$d/iso/boot/grub/long.cfg"
	hostile_write grubcfg
	hostile_run root "$hostile/grubcfg.iso" --module "$ko" || return 1
	vm_expect_eq "exit status" 0 "$rc" && ! grep -q $'\033' "$hostile/log" &&
		grep -q 'nested more than 16 deep' "$hostile/log" &&
		grep -q 'long.cfg:1: not read: it has a line longer than 4096 bytes' "$hostile/log" &&
		grep -q "initrd '/boot/?\]2' refused: a control character" "$hostile/log" &&
		grep -q "refused: a '\.\.' component" "$hostile/log" &&
		grep -q 'isofile: no `set`' "$hostile/log" &&
		rm_expect_same_files "$hostile/grubcfg.iso" "$hostile/out.iso" /boot/initrd.img
}

# --fallback phram: an ISOLINUX ISO of the guest kernel whose squashfs
# root has the kernel's drivers/mtd, remastered with only a --kdir of
# another release (no memdisk_blk.ko can be had: exit 6, which names the
# fallback); with --fallback phram the archive holds phram, mtdblock and
# their dependencies (resolved by the depmod index it brings), the static
# memdisk-probe, no memdisk_blk.ko; the warning says slower, writable,
# /dev/mem; the output is a 4 KiB multiple (phram's erase size).
phram_iso() {
	local d=$work/phram
	casper_tree "$d/tree"
	modules "$d/tree" lib
	mkdir -p "$d/rootfs/usr/lib/modules/$VM_ABI/kernel/drivers" "$d/iso/casper"
	cp -r "$VM_MODDIR/kernel/drivers/mtd" "$d/rootfs/usr/lib/modules/$VM_ABI/kernel/drivers/mtd"
	mksquashfs "$d/rootfs" "$d/iso/casper/filesystem.squashfs" -quiet -no-progress >/dev/null
	efi_image "$d/iso/efi.img"
	simple_iso "$work/phram.iso" "$d/iso" "$d/tree" "gzip -9n" -eltorito-alt-boot -e efi.img -no-emul-boot
}

phram_fallback() {
	local kdir o=$work/phram.overlay m=$work/phram.merged deps size
	kdir=/usr/src/linux-headers-$(VM_SERIES=6.12 vm_headers_abi)
	phram_iso || return 1
	refused 6 "the ISO's kernel is $VM_ABI" "$work/phram.iso" --kdir "$kdir" &&
		grep -q -- '--fallback phram boots the ISO on BIOS' "$work/refused.log" || return 1
	remaster phram --kdir "$kdir" --fallback phram || return 1
	cat "$work/phram.log"
	if ! grep -q 'WARNING: --fallback phram: .*slower .*uncached.*writable.*needs /dev/mem' <(tr '\n' ' ' <"$work/phram.log") ||
		! grep -q '^/boot/initrd.img: .*memdisk_blk.ko none: --fallback phram, phram and mtdblock from /casper/filesystem.squashfs' \
			"$work/phram.log"; then
		echo "  no warning or summary line"
		return 1
	fi
	unpack_appended phram /boot/initrd.img || return 1
	vm_expect_eq "no memdisk_blk.ko" "" "$(rm_entries "$o" | grep memdisk_blk.ko)" &&
		rm_expect_file "$o" usr/lib/memdisk_blk/memdisk-probe "$VM_TOP/tools/memdisk-probe" -rwxr-xr-x &&
		rm_expect_file "$o" usr/lib/memdisk_blk/memdisk-load "$VM_TOP/initramfs/memdisk-load" -rwxr-xr-x &&
		rm -rf "$m" && cp -a "$work/phram/tree" "$m" && cp -a "$o/." "$m/" || return 1
	deps=$(modprobe -d "$m" -S "$VM_ABI" --show-depends mtdblock | sed 's|.*/||; s| *$||' | paste -sd ' ') &&
		vm_expect_eq "mtdblock's chain" "mtd.ko mtd_blkdevs.ko mtdblock.ko" "$deps" &&
		modprobe -d "$m" -S "$VM_ABI" --show-depends phram >/dev/null &&
		grep -q 'fallback phram' "$o/usr/lib/memdisk_blk/remastered" || return 1
	size=$(stat -c %s "$work/phram.out.iso")
	vm_expect_eq "output size mod 4096" 0 $((size % 4096)) &&
		rm_expect_iso_kept "$work/phram.iso" "$work/phram.out.iso" /boot/initrd.img
}

t grub-efi-pairs grub_efi
t hostile-grubcfg grub_hostile


for who in root nobody; do
	for spelling in dot slash newline; do
		t "hostile-$spelling-$who" traversal "$who" "$spelling"
	done
	t "hostile-specials-$who" specials "$who"
done
t hostile-release bad_release
t hostile-bomb bomb
t hostile-cfg-text cfg_text
t one-block-early-archive one_block
t private-out private_out

# --- --headers: packages as other distributions ship them ---------------------

# The guest kernel's headers (Debian's, merged into one tree) as Ubuntu's
# .deb, Arch's .pkg.tar.zst and Fedora's .rpm. The rpm also carries the
# host programs' sources (from linux-source, as Fedora ships them) and
# prebuilt fixdep, modpost and objtool that need a glibc newer than this
# host's: the tool must rebuild them. Each remaster gets a cache of its
# own, so each builds its module.
hdr=$work/headers
headers_packages() {
	local src=$VM_CACHE/headers-src/${VM_ABI%%-*} tar top p
	hdr_merged "$VM_ABI" "$hdr/tree" || return 1
	hdr_deb "$hdr/tree" "$VM_ABI" "$hdr/linux-headers-$VM_ABI.deb" &&
		hdr_pkg "$hdr/tree" "$VM_ABI" "$hdr/linux-headers.pkg.tar.zst" || return 1
	if [ ! -f "$src/done" ]; then
		tar=$(compgen -G "/usr/src/linux-source-${VM_ABI%.*-*}.tar.xz" | head -n 1)
		[ -n "$tar" ] || { echo "no linux-source for $VM_ABI" >&2; return 1; }
		rm -rf "$src" && mkdir -p "$src"
		top=$(basename "$tar" .tar.xz)
		tar -xJf "$tar" -C "$src" --strip-components=1 "$top/scripts" "$top/tools/objtool" "$top/tools/build" \
			"$top/tools/include" "$top/tools/lib" "$top/tools/arch/x86" "$top/tools/scripts" && touch "$src/done" ||
			return 1
	fi
	cp -an "$src/scripts/." "$hdr/tree/scripts/" && cp -an "$src/tools/." "$hdr/tree/tools/" &&
		printf '#include <stdio.h>\nint main(void) { puts("x"); return 0; }\n' >"$hdr/new-glibc.c" &&
		gcc -o "$hdr/new-glibc" "$hdr/new-glibc.c" &&
		python3 -c 'import sys; p = sys.argv[1]; d = open(p, "rb").read(); open(p, "wb").write(d.replace(b"GLIBC_2.34\0", b"GLIBC_2.99\0"))' \
			"$hdr/new-glibc" || return 1
	for p in scripts/basic/fixdep scripts/mod/modpost tools/objtool/objtool; do
		rm -f "$hdr/tree/$p" && cp "$hdr/new-glibc" "$hdr/tree/$p" || return 1
	done
	rm -f "$hdr"/tree/scripts/mod/modpost.real-*
	hdr_rpm "$hdr/tree" "$VM_ABI" "$hdr/kernel-devel-$VM_ABI.rpm"
}

# headers_build NAME PACKAGE: mint.iso remastered with --headers PACKAGE:
# the module appended was built against it, with the vermagic of the
# guest kernel's own modules; the rest of the ISO kept.
headers_build() {
	local name=hdr-$1 built want
	ln -f "$work/mint.iso" "$work/$name.iso" &&
		remaster "$name" --no-pmem --cache "$work/$name.cache" --headers "$2" || return 1
	grep -q "built against --headers ${2##*/}" "$work/$name.log" || { cat "$work/$name.log"; return 1; }
	unpack_appended "$name" /casper/initrd.lz || return 1
	built=$(find "$work/$name.overlay" -name memdisk_blk.ko)
	want=$(modinfo -F vermagic "$(find "$VM_MODDIR/kernel/fs/isofs" -name 'isofs.ko*' | head -n 1)")
	vm_expect_eq "$1: vermagic" "$want" "$(modinfo -F vermagic "$built")" &&
		[ -n "$(find "$work/$name.cache/modules" -name memdisk_blk.ko)" ] &&
		rm_expect_iso_kept "$work/$name.iso" "$work/$name.out.iso" /casper/initrd.lz
}

# The rpm's host programs do not run here: each was rebuilt.
headers_rpm() {
	headers_build rpm "$hdr/kernel-devel-$VM_ABI.rpm" &&
		for p in scripts/basic/fixdep scripts/mod/modpost tools/objtool/objtool; do
			grep -q -- "--headers: $p does not run here: rebuilding it" "$work/hdr-rpm.log" ||
				{ echo "  $p was not rebuilt"; return 1; }
		done
}

# tiny_package NAME RELEASE [LINK]: a headers package (.pkg.tar.zst) of
# a tree for RELEASE, with the link LINK ("name:target") when given.
tiny_package() {
	local t=$hdr/$1
	mkdir -p "$t/include/config"
	echo all: >"$t/Makefile" && : >"$t/Module.symvers" && echo 'CONFIG_X=y' >"$t/.config" &&
		echo "$2" >"$t/include/config/kernel.release" || return 1
	[ -z "${3:-}" ] || ln -s "${3#*:}" "$t/${3%%:*}"
	hdr_pkg "$t" "$2" "$hdr/$1.pkg.tar.zst"
}

# Exit 6 naming both releases, and the package to get for the ISO's.
headers_wrong_release() {
	tiny_package wrong 6.9.1-arch1-1 &&
		refused 6 "6\.9\.1-arch1-1 \(/usr/lib/modules/6\.9\.1-arch1-1/build\).*but the ISO's kernel is $(re "$VM_ABI").*Debian's linux-headers-$(re "$VM_ABI")" \
			"$work/mint.iso" --cache "$hdr/cache" --headers "$hdr/wrong.pkg.tar.zst"
}

# A link leading out of the package: refused, nothing unpacked kept.
headers_link_out() {
	tiny_package out "$VM_ABI" "etc:../../../../../../etc" &&
		refused 6 "refusing the link .*etc -> .*: it leads outside the package" \
			"$work/mint.iso" --cache "$hdr/cache-out" --headers "$hdr/out.pkg.tar.zst" &&
		[ -z "$(ls -A "$hdr/cache-out/packages" 2>/dev/null)" ]
}

# A kernel built with a compiler this host lacks: exit 6 names it.
headers_no_compiler() {
	sed -i 's/^CONFIG_CC_VERSION_TEXT=.*/CONFIG_CC_VERSION_TEXT="gcc-99 (Debian 99.1.0-1) 99.1.0"/' "$hdr/tree/.config" &&
		hdr_pkg "$hdr/tree" "$VM_ABI" "$hdr/gcc99.pkg.tar.zst" &&
		refused 6 "built with 'gcc-99 \(Debian 99\.1\.0-1\) 99\.1\.0'.*apt-get install gcc-99" \
			"$work/mint.iso" --cache "$hdr/cache" --headers "$hdr/gcc99.pkg.tar.zst"
}

# No module, a kernel of Ubuntu's: the message names both its packages.
headers_hint_message() {
	refused 6 "linux-headers-5\.15\.0-91-generic and linux-headers-5\.15\.0-91 \(archive\.ubuntu\.com" \
		"$work/nomodule.iso"
}

if headers_packages; then
	t headers-deb-ubuntu headers_build deb "$hdr/linux-headers-$VM_ABI.deb"
	t headers-pkg-arch headers_build pkg "$hdr/linux-headers.pkg.tar.zst"
	t headers-rpm-fedora-rebuilt headers_rpm
	t refuse-headers-release headers_wrong_release
	t refuse-headers-link-out headers_link_out
	t refuse-headers-compiler headers_no_compiler
else
	t headers-packages false
fi

t refuse-not-iso not_iso
t refuse-no-el-torito no_el_torito
t refuse-grub-no-entry grub_no_entry
t refuse-grub-no-live grub_no_live
t refuse-unknown-family unknown_family
t phram-fallback phram_fallback
t refuse-fallback-unknown refused 2 '--fallback x: the one fallback is phram' "$work/mint.iso" --fallback x
t refuse-no-module no_module
t refuse-no-headers no_headers
t refuse-headers-hint headers_hint_message
t suite-trixie suite_trixie
t refuse-suite-unknown suite_unknown
t refuse-wrong-kdir wrong_kdir
t refuse-vermagic vermagic_mismatch
t refuse-out-exists out_exists
t refuse-twice twice
t refuse-has-module has_module
t refuse-max-unpacked refused 2 '--max-unpacked 5X: not a size' "$work/mint.iso" --module "$ko" --max-unpacked 5X
summary remaster
