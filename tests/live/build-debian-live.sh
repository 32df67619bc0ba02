#!/bin/bash
# Build a real Debian live ISO from Debian packages: debootstrap'd bookworm (LIVE_SUITE)
# root, Debian's kernel, live-boot and our .debs (memdisk-blk-dkms: DKMS builds the
# module in the chroot; memdisk-probe) with the initramfs-tools
# hook, initramfs made by Debian's own update-initramfs, xz squashfs under
# /live, ISOLINUX; LIVE_FLAVOUR=dracut: dracut + dracut-live instead. Booted
# under MEMDISK (tests/vm/scenarios/live-debian.sh, live-dracut.sh)
# it must find its medium on /dev/memdisk0 without phram or memdiskfind.
#
# LIVE_STOCK=yes: the same ISO as a distribution ships it, with nothing of
# ours (tests/vm/scenarios/remaster-*.sh and uefi-live.sh remaster it
# with memdisk-remaster): none of our packages, an initramfs without them
# but with CD-ROM drivers, dracut's wait for the medium bounded
# (rd.retry=20, rd.shell=0: it gives up after about 20 s; live-boot's scan
# has no such option, it gives up after 60 tries), and beside ISOLINUX a
# GRUB EFI boot as live-build makes it: efi.img holds GRUB's \EFI\BOOT\BOOTX64.EFI (grub-mkimage,
# grub-efi-amd64-bin) whose embedded configuration finds the ISO by
# /.disk/info and loads /boot/grub/grub.cfg, with the ISOLINUX menu's
# entries (console=ttyS0); the squashfs keeps the kernel's pmem modules
# (drivers/nvdimm, acpi/nfit, dax) and phram's (drivers/mtd), as a
# distribution's full root has them,
# for memdisk-remaster to take. Booted under OVMF + memdisk.efi by
# uefi-live.sh.
#
#   tests/live/build-debian-live.sh [OUTDIR]   (default build/live/debian)
#
# Prints the ISO's path. OUTDIR also gets `token`, a random string stored in
# the squashfs root that the booted system reports back.
#
# The debootstrap'd root with its packages is cached under
# /var/cache/memdisk_blk/live/, per flavour, keyed on its recipe (this file's root_*
# functions, package list, mirror, kernel version); the ISO is rebuilt only
# when the module, the hook, the marker or this script changed.
# Runs as root. Nothing is mounted in the host's mount namespace: chroot
# commands run in a private one (unshare) that dies with them, and without
# CAP_SYS_MODULE, so nothing in the chroot can load a module into the host.
set -euo pipefail
shopt -s inherit_errexit # $(...) too stops at the first failure
cd "$(dirname "$0")/../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/lib-packages.sh
. tests/lib-packages.sh

# LIVE_SUITE: the root's Debian release: the host's (bookworm), with the
# host's kernel ABI, or trixie (Debian 13, dracut-ng 106), with trixie's own
# kernel (linux-image-amd64) and apt sources of its own on the host's
# mirror; trixie roots are stock only (no DKMS, no headers, no compiler).
LIVE_SUITE=${LIVE_SUITE:-bookworm}
LIVE_HOST_SUITE=$(. /etc/os-release && echo "$VERSION_CODENAME")
LIVE_MIRROR=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources | head -n 1)
LIVE_MIRROR=${LIVE_MIRROR:-http://deb.debian.org/debian}
LIVE_STOCK=${LIVE_STOCK:-no}
case $LIVE_SUITE in
"$LIVE_HOST_SUITE")
	LIVE_ABI=$(vm_headers_abi)
	LIVE_KVER=$(dpkg-query -W -f='${Version}' "linux-headers-$LIVE_ABI")
	;;
trixie)
	[ "$LIVE_STOCK" = yes ] || { echo "live: LIVE_SUITE=trixie needs LIVE_STOCK=yes" >&2; exit 1; }
	LIVE_ABI='' # the root's kernel, known once it is installed (root_abi)
	LIVE_KVER=''
	;;
*)
	echo "live: LIVE_SUITE is $LIVE_HOST_SUITE or trixie, not '$LIVE_SUITE'" >&2
	exit 1
	;;
esac
# LIVE_FLAVOUR: the initramfs generator: initramfs-tools with live-boot
# (boot=live), or dracut with dmsquash-live (root=live:CDLABEL=).
LIVE_FLAVOUR=${LIVE_FLAVOUR:-initramfs-tools}
case $LIVE_FLAVOUR in
initramfs-tools) LIVE_PACKAGES=(live-boot live-boot-initramfs-tools) ;;
dracut) LIVE_PACKAGES=(dracut dracut-live) ;;
*)
	echo "live: LIVE_FLAVOUR is initramfs-tools or dracut, not '$LIVE_FLAVOUR'" >&2
	exit 1
	;;
esac
# dkms and the headers: our memdisk-blk-dkms package builds the module in
# the chroot, as on a user's machine.
if [ -n "$LIVE_ABI" ]; then
	LIVE_PACKAGES+=("linux-image-$LIVE_ABI" "linux-headers-$LIVE_ABI" dkms busybox)
else
	LIVE_PACKAGES+=(linux-image-amd64 busybox)
fi
LIVE_LABEL=${LIVE_LABEL:-MEMDISK_LIVE}
LIVE_INIT=/usr/local/sbin/memdisk-live-check
LIVE_OUT=${1:-$VM_TOP/build/live/debian}
# LIVE_LAYOUT (stock ISOs): debian, ISOLINUX with GRUB EFI as above; or
# GRUB alone on BIOS (grub_layout), laid out as Ubuntu 24.04 (ubuntu:
# /casper, live-boot standing in for casper) or as Fedora (fedora:
# /images/pxeboot and /LiveOS, dracut).
LIVE_LAYOUT=${LIVE_LAYOUT:-debian}
case $LIVE_LAYOUT/$LIVE_FLAVOUR/$LIVE_STOCK in
debian/* | ubuntu/initramfs-tools/yes | fedora/dracut/yes) ;;
*)
	echo "live: LIVE_LAYOUT=ubuntu takes LIVE_FLAVOUR=initramfs-tools, fedora dracut, both LIVE_STOCK=yes" >&2
	exit 1
	;;
esac
LIVE_CACHE=$VM_CACHE/live

log() {
	echo "live: $*" >&2
}

# in_chroot ROOT CMD...: CMD inside ROOT with /proc, /sys and /dev, in a
# mount namespace of its own (the mounts vanish with it, whatever happens)
# and with CAP_SYS_MODULE out of the bounding set.
in_chroot() {
	local root=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private /bin/sh -euc '
		root=$1; shift
		mount -t proc proc "$root/proc"
		mount --bind /sys "$root/sys"
		mount --bind /dev "$root/dev"
		exec setpriv --bounding-set -sys_module chroot "$root" "$@"' \
		in_chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"
}

# root_sources: the host's apt sources with LIVE_SUITE for the host's
# suite (same mirrors; -updates and -security follow). The host's own apt
# configuration is only read.
root_sources() {
	sed "s/\\<$LIVE_HOST_SUITE\\>/$LIVE_SUITE/g" /etc/apt/sources.list.d/debian.sources
}

# root_config ROOT: before any package: root_sources (the kernel comes
# from LIVE_SUITE-security), no daemons started, no docs, man
# pages or locales unpacked, and an initramfs limited to what a live boot
# from a CD image needs (MODULES=most would triple its size).
root_config() {
	rm -f "$1/etc/apt/sources.list"
	root_sources >"$1/etc/apt/sources.list.d/debian.sources"
	printf '#!/bin/sh\nexit 101\n' >"$1/usr/sbin/policy-rc.d"
	chmod 755 "$1/usr/sbin/policy-rc.d"
	printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-exclude /usr/share/man/*' \
		'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
		>"$1/etc/dpkg/dpkg.cfg.d/01-memdisk-live-nodoc"
	mkdir -p "$1/etc/initramfs-tools/conf.d"
	echo MODULES=list >"$1/etc/initramfs-tools/conf.d/memdisk-live.conf"
	printf '%s\n' isofs squashfs overlay loop >"$1/etc/initramfs-tools/modules"
}

# root_packages ROOT: the kernel and live-boot, no initramfs yet (each ISO
# build makes its own) and no apt lists kept.
root_packages() {
	in_chroot "$1" apt-get -q update &&
		in_chroot "$1" env INITRD=No apt-get install -y -q --no-install-recommends "${LIVE_PACKAGES[@]}" &&
		in_chroot "$1" apt-get clean &&
		rm -rf "$1"/var/lib/apt/lists/* "$1"/boot/initrd.img-*
}

# root_build DIR: the cached root, built in a temporary directory first.
root_build() {
	local tmp
	tmp=$(mktemp -d "$1.tmp.XXXXXX")
	log "debootstrap $LIVE_SUITE (minbase) from $LIVE_MIRROR"
	debootstrap --variant=minbase "$LIVE_SUITE" "$tmp" "$LIVE_MIRROR" >"$tmp.log" 2>&1 ||
		{ tail -n 20 "$tmp.log" >&2; return 1; }
	root_config "$tmp"
	log "installing ${LIVE_PACKAGES[*]}"
	# Called in a condition, where set -e does not apply: it chains with &&.
	root_packages "$tmp" >>"$tmp.log" 2>&1 || { tail -n 20 "$tmp.log" >&2; return 1; }
	rm -f "$tmp.log"
	mv -T "$tmp" "$1"
}

# root_key: what the cached root is made of.
root_key() {
	{
		echo "$LIVE_SUITE $LIVE_MIRROR $LIVE_ABI $LIVE_KVER ${LIVE_PACKAGES[*]}"
		declare -f in_chroot root_sources root_config root_packages root_build
	} | sha256sum | cut -c 1-16
}

# cached_root: prints the cached root's path, building it when missing.
# A root of an older recipe of the same flavour and suite (about 800 MB)
# goes first (the host suite's roots keep their names of old).
cached_root() {
	local dir old prefix=$LIVE_CACHE/root-$LIVE_FLAVOUR
	[ "$LIVE_SUITE" = "$LIVE_HOST_SUITE" ] || prefix+=-$LIVE_SUITE
	dir=$prefix-$(root_key)
	if [ ! -d "$dir" ]; then
		for old in "$prefix-"[0-9a-f]*; do
			[ "$old" = "$dir" ] || rm -rf "$old"
		done
		root_build "$dir"
	fi
	echo "$dir"
}

# dracut_config ROOT: for the dracut flavour, the configuration a
# distribution's live image carries: both modules (ours not in a stock
# ISO) are opt-in (check() returns 255), no host-only image, and no
# shutdown module (it wants a poweroff this init-less root lacks). Also
# read by the dracut run that installing our package triggers.
dracut_config() {
	local modules=" dmsquash-live memdisk_blk "
	[ "$LIVE_FLAVOUR" = dracut ] || return 0
	[ "$LIVE_STOCK" != yes ] || modules=" dmsquash-live "
	printf '%s\n' 'hostonly="no"' "add_dracutmodules+=\"$modules\"" \
		'omit_dracutmodules+=" shutdown "' >"$1/etc/dracut.conf.d/memdisk-live.conf"
}

# stock_config ROOT: what a distribution's live image has and the ISOs
# booted only through MEMDISK here do without: the drivers of the CD-ROM
# drive of QEMU's -cdrom (initramfs-tools' MODULES=most has them, dracut's
# non-host-only image too); dracut's configuration, without our module.
stock_config() {
	if [ "$LIVE_FLAVOUR" = dracut ]; then
		dracut_config "$1"
	else
		printf '%s\n' ata_piix sr_mod >>"$1/etc/initramfs-tools/modules"
	fi
}

# install_memdisk_blk ROOT: our Debian packages (memdisk-blk-dkms, whose
# postinst has DKMS build the module for the chroot's kernel, and
# memdisk-probe), installed with dpkg; their dependencies are in the root.
install_memdisk_blk() {
	local debs=$LIVE_OUT/debs
	pkg_build "$debs" >"$debs.log" 2>&1 || { tail -n 20 "$debs.log" >&2; return 1; }
	dracut_config "$1"
	mkdir -p "$1/tmp/debs"
	cp "$debs"/memdisk-blk-dkms_*_all.deb "$debs"/memdisk-probe_*_amd64.deb "$1/tmp/debs/"
	in_chroot "$1" sh -c 'dpkg -i /tmp/debs/*.deb' >&2
	rm -rf "$1/tmp/debs"
	[ -f "$1/lib/modules/$LIVE_ABI/updates/dkms/memdisk_blk.ko" ] ||
		{ log "DKMS did not install memdisk_blk.ko for $LIVE_ABI"; return 1; }
}

# install_marker ROOT TOKEN: the live system's init, which reports what
# it booted from (tests/vm/guest/live-debian.sh), its helpers and TOKEN.
install_marker() {
	install -D -m 755 tests/vm/guest/live-debian.sh "$1$LIVE_INIT"
	install -D -m 644 tests/vm/guest/lib.sh "$1/usr/local/lib/memdisk-live/guest.sh"
	echo "$2" >"$1/usr/local/lib/memdisk-live/token"
}

# make_initramfs ROOT: Debian's update-initramfs; fails unless the result
# holds our module and neither phram nor memdiskfind (stock: nothing of
# ours).
make_initramfs() {
	local initrd=/boot/initrd.img-$LIVE_ABI list
	if [ "$LIVE_FLAVOUR" = dracut ]; then
		in_chroot "$1" dracut -q -f "$initrd" "$LIVE_ABI" >&2
		list=$(in_chroot "$1" lsinitrd "$initrd")
	else
		in_chroot "$1" update-initramfs -c -k "$LIVE_ABI" >&2
		list=$(in_chroot "$1" lsinitramfs "$initrd")
	fi
	if [ "$LIVE_STOCK" = yes ]; then
		! grep -E 'memdisk[_-](blk|load|probe)' <<<"$list" || { log "the stock initramfs has files of ours"; return 1; }
		return 0
	fi
	grep -q '/memdisk_blk\.ko$' <<<"$list" || { log "initramfs lacks memdisk_blk.ko"; return 1; }
	grep -q 'usr/lib/memdisk_blk/memdisk-load$' <<<"$list" || { log "initramfs lacks memdisk-load"; return 1; }
	! grep -E '/(phram\.ko|memdiskfind)' <<<"$list" || { log "initramfs has phram or memdiskfind"; return 1; }
}

# stock_menus STAGE CMDLINE: the menus live-build writes for official
# images (isolinux.cfg -> menu.cfg -> live.cfg, install.cfg), whose
# Debian-installer labels boot /install/gtk/ and /install/ kernels with
# initrds shaped like d-i's (rootskel's /init, no live initramfs family).
stock_menus() {
	local stage=$1 d=$1/di dir
	printf '%s\n' 'SERIAL 0 115200' 'include menu.cfg' 'default live-amd64' 'prompt 0' 'timeout 0' \
		>"$stage/isolinux.cfg"
	printf '%s\n' 'menu hshift 0' 'menu width 82' 'menu title Boot menu' 'include live.cfg' \
		'include install.cfg' 'menu clear' 'label hdt' '	menu label ^Hardware Detection Tool (HDT)' \
		'	com32 hdt.c32' >"$stage/menu.cfg"
	printf '%s\n' 'label live-amd64' '	menu label ^Live system (amd64)' '	menu default' \
		'	linux /live/vmlinuz' '	initrd /live/initrd.img' "	append $2" >"$stage/live.cfg"
	printf '%s\n' 'label installstart' '	menu label Start ^installer' '	linux /install/gtk/vmlinuz' \
		'	initrd /install/gtk/initrd.gz' '	append vga=788  --- quiet' 'label installstarttext' \
		'	menu label Start text installer' '	linux /install/vmlinuz' '	initrd /install/initrd.gz' \
		'	append vga=788  --- quiet' >"$stage/install.cfg"
	mkdir -p "$d/sbin" "$d/lib/debian-installer" "$d/var/lib/dpkg/info"
	printf '%s\n' '#!/bin/sh -e' '# used for initramfs' 'export PATH' '. /lib/debian-installer/init-debug' \
		'exec /sbin/init' >"$d/init"
	printf '%s\n' '#!/bin/sh' 'exec /lib/debian-installer/menu' >"$d/sbin/debian-installer"
	printf '%s\n' '#!/bin/sh' ':' >"$d/lib/debian-installer/menu"
	echo /sbin/debian-installer >"$d/var/lib/dpkg/info/rootskel.list"
	chmod 755 "$d/init" "$d/sbin/debian-installer" "$d/lib/debian-installer/menu"
	for dir in "$stage/install" "$stage/install/gtk"; do
		mkdir -p "$dir"
		cp "$stage/live/vmlinuz" "$dir/vmlinuz"
		echo "${dir#"$stage"/}" >"$d/var/lib/dpkg/info/flavour"
		(cd "$d" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -9n >"$dir/initrd.gz"
	done
}

# The modules memdisk-remaster takes from the squashfs: for a UEFI RAM
# disk, and phram's for --fallback phram.
LIVE_PMEM_DIRS=(drivers/nvdimm drivers/acpi/nfit drivers/dax drivers/mtd)

# grub_efi STAGE CMDLINE: STAGE/efi.img, a FAT image with GRUB's
# EFI/BOOT/BOOTX64.EFI, and STAGE/grub.cfg, its menu, which sources
# STAGE/grub-install.cfg (/boot/grub/install.cfg: the installer entries,
# in a submenu as live-build has them; not ISOLINUX's install.cfg).
# shellcheck disable=SC2016 # GRUB's own variables
grub_efi() {
	local stage=$1 embedded=$1/embedded.cfg
	rm -f "$stage/efi.img"
	printf '%s\n' 'search --no-floppy --set=root --file /.disk/info' 'set prefix=($root)/boot/grub' \
		'configfile $prefix/grub.cfg' >"$embedded"
	grub-mkimage -O x86_64-efi -o "$stage/bootx64.efi" -p /boot/grub -c "$embedded" \
		iso9660 part_gpt part_msdos fat search search_fs_file configfile normal linux echo test \
		serial terminal terminfo gzio
	mkfs.fat -C "$stage/efi.img" 4096 >/dev/null
	mmd -i "$stage/efi.img" ::/EFI ::/EFI/BOOT
	mcopy -i "$stage/efi.img" "$stage/bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
	printf '%s\n' 'serial --unit=0 --speed=115200' 'terminal_input serial console' \
		'terminal_output serial console' 'set default=0' 'set timeout=0' '' '# Live boot' \
		'menuentry "Live system (amd64)" --hotkey=l {' "	linux	/live/vmlinuz $2" \
		'	initrd	/live/initrd.img' '}' '' '# Installer' \
		"submenu 'Advanced install options...' --hotkey=a {" '	source	/boot/grub/install.cfg' '}' \
		>"$stage/grub.cfg"
	printf '%s\n' 'menuentry "Graphical install" {' '	linux	/install/gtk/vmlinuz vga=788 --- quiet' \
		'	initrd	/install/gtk/initrd.gz' '}' 'menuentry "Install" {' \
		'	linux	/install/vmlinuz vga=788 --- quiet' '	initrd	/install/initrd.gz' '}' >"$stage/grub-install.cfg"
	echo "Debian GNU/Linux live (memdisk_blk test)" >"$stage/info"
}

# keep_pmem ROOT: ROOT's kernel modules cut to LIVE_PMEM_DIRS.
keep_pmem() {
	local mods=$1/usr/lib/modules/$LIVE_ABI d
	mkdir -p "$mods/keep"
	for d in "${LIVE_PMEM_DIRS[@]}"; do
		[ ! -d "$mods/kernel/$d" ] || { mkdir -p "$mods/keep/$(dirname "$d")" && mv "$mods/kernel/$d" "$mods/keep/$d"; }
	done
	rm -rf "$mods/kernel"
	mv "$mods/keep" "$mods/kernel"
	[ -f "$mods/kernel/drivers/nvdimm/nd_pmem.ko" ] || [ -f "$mods/kernel/drivers/nvdimm/nd_pmem.ko.xz" ] ||
		{ log "no nd_pmem in $LIVE_ABI's modules"; return 1; }
}

# make_iso ROOT OUT: squashfs of ROOT (its kernel and initrd go to /live
# instead of /boot) plus ISOLINUX booting live-boot with our init. The
# squashfs leaves out Debian's modules (in the initramfs already, all
# this test system loads) and the kernel headers DKMS built with: they
# would double the ISO and its build time.
make_iso() {
	local root=$1 out=$2 stage=$2.stage cmdline efi=() kernel="usr/lib/modules/$LIVE_ABI/kernel"
	rm -rf "$stage"
	mkdir -p "$stage/live"
	cp "$root/boot/vmlinuz-$LIVE_ABI" "$stage/live/vmlinuz"
	cp "$root/boot/initrd.img-$LIVE_ABI" "$stage/live/initrd.img"
	if [ "$LIVE_STOCK" = yes ]; then
		keep_pmem "$root"
		kernel=usr/src/none
	fi
	mksquashfs "$root" "$stage/live/filesystem.squashfs" -comp xz -noappend -quiet \
		-no-progress -wildcards -e 'boot/*' 'proc/*' 'sys/*' 'dev/*' 'run/*' 'tmp/*' \
		"$kernel" 'usr/src/*' >&2
	cmdline="boot=live"
	[ "$LIVE_FLAVOUR" != dracut ] || cmdline="root=live:CDLABEL=$LIVE_LABEL rd.live.image \
rd.live.dir=live rd.live.squashimg=filesystem.squashfs rd.live.overlay.overlayfs=1"
	if [ "$LIVE_STOCK" = yes ]; then
		[ "$LIVE_FLAVOUR" != dracut ] || cmdline+=" rd.retry=20 rd.shell=0"
		mkfs.fat -C "$stage/efi.img" 1024 >/dev/null
		efi=(/boot/efi.img="$stage/efi.img" -eltorito-alt-boot -e boot/efi.img -no-emul-boot)
	fi
	cmdline+=" init=$LIVE_INIT console=ttyS0,115200 panic=-1 loglevel=7"
	if [ "$LIVE_LAYOUT" != debian ]; then
		grub_layout "$stage" "$cmdline" "$out.tmp"
	elif [ "$LIVE_STOCK" = yes ]; then
		stock_menus "$stage" "$cmdline"
		efi+=(/install="$stage/install" /isolinux/menu.cfg="$stage/menu.cfg"
			/isolinux/live.cfg="$stage/live.cfg" /isolinux/install.cfg="$stage/install.cfg")
		grub_efi "$stage" "$cmdline"
		efi+=(/boot/grub/grub.cfg="$stage/grub.cfg" /boot/grub/install.cfg="$stage/grub-install.cfg"
			/.disk/info="$stage/info")
	else
		vm_boot_cfg "$stage/isolinux.cfg" "KERNEL /live/vmlinuz" \
			"APPEND initrd=/live/initrd.img $cmdline"
	fi
	[ "$LIVE_LAYOUT" != debian ] || VM_ISO_LABEL=$LIVE_LABEL vm_isolinux_image "$out.tmp" "$stage/isolinux.cfg" \
		/live="$stage/live" "${efi[@]}"
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# grub_layout STAGE CMDLINE OUT: STAGE/live's kernel, initrd and squashfs
# as LIVE_LAYOUT's distribution lays them out, booted on BIOS by GRUB
# alone: its El Torito image (grub-mkimage -O i386-pc-eltorito, the
# modules built in, the prefix its grub.cfg is in) with --grub2-boot-info
# and boot_hybrid.img as --grub2-mbr, no ISOLINUX; the menu on the serial
# line, booting at once. Ubuntu 24.04: /casper, /boot/grub (grub.cfg,
# loopback.cfg), -partition_offset 16, the EFI image an appended GPT
# partition; Fedora (lorax): /images/pxeboot, /LiveOS/squashfs.img,
# /images/eltorito.img, /boot/grub2/grub.cfg, /images/efiboot.img.
# shellcheck disable=SC2016 # GRUB's own variables
grub_layout() {
	local stage=$1 cmdline=$2 out=$3 iso=$1/iso prefix kernel initrd image args
	if [ "$LIVE_LAYOUT" = ubuntu ]; then
		prefix=/boot/grub kernel=/casper/vmlinuz initrd=/casper/initrd image=boot/grub/i386-pc/eltorito.img
		mkdir -p "$iso/casper"
		mv "$stage/live/filesystem.squashfs" "$iso/casper/"
		cmdline="${cmdline/boot=live/boot=live live-media-path=/casper}"
		args=(-partition_offset 16 --mbr-force-bootable -append_partition 2 28732ac11ff8d211ba4b00a0c93ec93b
			"$stage/efi.img" -appended_part_as_gpt -iso_mbr_part_type a2a0d0ebe5b9334487c068b6b72699c7
			-c /boot.catalog -b "/$image" -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info
			-eltorito-alt-boot -e --interval:appended_partition_2:all:: -no-emul-boot)
	else
		prefix=/boot/grub2 kernel=/images/pxeboot/vmlinuz initrd=/images/pxeboot/initrd.img image=images/eltorito.img
		mkdir -p "$iso/LiveOS" "$iso/images"
		mv "$stage/live/filesystem.squashfs" "$iso/LiveOS/squashfs.img"
		cp "$stage/efi.img" "$iso/images/efiboot.img"
		cmdline="${cmdline/rd.live.dir=live rd.live.squashimg=filesystem.squashfs /}"
		args=(-b "$image" -no-emul-boot -boot-load-size 4 -boot-info-table --grub2-boot-info
			-eltorito-alt-boot -e images/efiboot.img -no-emul-boot -isohybrid-gpt-basdat)
	fi
	mkdir -p "$iso$(dirname "$kernel")" "$iso$prefix" "$iso/$(dirname "$image")"
	mv "$stage/live/vmlinuz" "$iso$kernel"
	mv "$stage/live/initrd.img" "$iso$initrd"
	grub-mkimage -O i386-pc-eltorito -p "$prefix" -o "$iso/$image" biosdisk iso9660 normal linux \
		echo test serial terminal terminfo gzio configfile search search_label part_msdos part_gpt
	printf '%s\n' 'serial --unit=0 --speed=115200' 'terminal_input serial console' \
		'terminal_output serial console' 'set default=0' 'set timeout=0' \
		"search --no-floppy --set=root -l '$LIVE_LABEL'" '' 'menuentry "Live system (amd64)" --class os {' \
		"	linux	$kernel $cmdline" "	initrd	$initrd" '}' "menuentry 'Test memory' {" \
		'	linux16 /boot/memtest86+x64.bin' '}' >"$iso$prefix/grub.cfg"
	[ "$LIVE_LAYOUT" != ubuntu ] ||
		printf '%s\n' 'menuentry "Live system (amd64)" {' \
			"	linux	$kernel iso-scan/filename=\${iso_path} $cmdline" "	initrd	$initrd" '}' \
			>"$iso$prefix/loopback.cfg"
	xorriso -as mkisofs -quiet -r -V "$LIVE_LABEL" -o "$out" --grub2-mbr /usr/lib/grub/i386-pc/boot_hybrid.img \
		"${args[@]}" "$iso" >&2
}

# iso_key ROOTDIR: what the ISO is made of beyond the cached root (a
# stock ISO: not our packages).
iso_key() {
	{
		echo "$1 $LIVE_LABEL $LIVE_FLAVOUR $LIVE_STOCK $LIVE_LAYOUT"
		cat "$0" tests/lib-packages.sh tests/vm/guest/live-debian.sh tests/vm/guest/lib.sh
		[ "$LIVE_STOCK" = yes ] || pkg_sources | xargs cat
	} | sha256sum | cut -c 1-16
}

# root_abi ROOT: the release of ROOT's one kernel.
root_abi() {
	local mods=("$1"/usr/lib/modules/*)
	if [ ${#mods[@]} != 1 ] || [ ! -d "${mods[0]}" ]; then
		log "not one kernel in $1"
		return 1
	fi
	basename "${mods[0]}"
}

main() {
	local cache_root key root token start=$SECONDS
	mkdir -p "$LIVE_CACHE" "$LIVE_OUT"
	exec 9>"$LIVE_CACHE/lock"
	flock 9 # one root build at a time
	cache_root=$(cached_root)
	[ -n "$LIVE_ABI" ] || LIVE_ABI=$(root_abi "$cache_root")
	key=$(iso_key "$cache_root")
	if [ "$(cat "$LIVE_OUT/key" 2>/dev/null)" = "$key" ] && [ -f "$LIVE_OUT/live.iso" ]; then
		log "live.iso up to date"
		echo "$LIVE_OUT/live.iso"
		return
	fi
	root=$LIVE_OUT/root
	rm -rf "$root" "$LIVE_OUT/key"
	cp -a "$cache_root" "$root"
	token=$(vm_token)
	if [ "$LIVE_STOCK" = yes ]; then stock_config "$root"; else install_memdisk_blk "$root"; fi
	install_marker "$root" "$token"
	make_initramfs "$root"
	make_iso "$root" "$LIVE_OUT/live.iso"
	rm -rf "$root"
	echo "$token" >"$LIVE_OUT/token"
	echo "$key" >"$LIVE_OUT/key"
	log "built $LIVE_OUT/live.iso ($(stat -c %s "$LIVE_OUT/live.iso") bytes) in $((SECONDS - start)) s"
	echo "$LIVE_OUT/live.iso"
}

main
