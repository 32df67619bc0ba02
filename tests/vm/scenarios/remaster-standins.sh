#!/bin/bash
# memdisk-remaster on ISOs whose initramfs families no Debian package
# carries, booted through MEMDISK: casper (initramfs-tools), archiso and
# miso (mkinitcpio). Their initramfs images are stand-ins
# (tests/vm/standins/, what each fact is from: tests/STANDINS.md): Debian's
# busybox, udevd and blkid, the guest kernel's isofs, and our own scripts
# that search for the medium the way casper's find_livefs, archiso's
# archisosearchuuid and miso's /.miso search do, in the order the real
# init runs them. Asserted: the stock casper-like ISO finds no medium
# through MEMDISK (the search is not vacuous); each remastered ISO's
# search finds it on /dev/memdisk0 (casper: its partition, as casper tries
# partitions first), memdisk_blk's disk already there when the search
# begins (a hook run too late fails), and the by-uuid/by-label link the
# real hooks fall back to points there too. Four boots, one at a time,
# about 30 s each (plus 5 s of the stock boot's tries).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-udev.sh
. tests/vm/lib-udev.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

S=$VM_TOP/tests/vm/standins
work=$(vm_workdir remaster-standins)
vm_guest_kernel
vm_module_build

# stage_common STAGE INIT: the guest's busybox userland (tests/vm/guest/init
# runs INIT, the family's stand-in /init, as /scenario.sh), Debian's udevd
# with the stock rules only (memdisk-remaster adds ours), util-linux's
# blkid, the guest kernel's isofs with depmod's index; no memdisk_blk.
stage_common() {
	local stage=$1 files
	vm_stage_userland "$stage" "$2"
	rm -f "$stage/bin/memdisk-probe"
	vm_stage_udev "$stage"
	rm "$stage/lib/udev/rules.d/60-memdisk_blk.rules"
	vm_stage_binary "$stage" /sbin/blkid
	install -m 644 "$S/report.sh" "$stage/standin-report.sh"
	mkdir -p "$stage/lib/modules/$VM_ABI"
	cp "$VM_MODDIR"/modules.{order,builtin,builtin.modinfo} "$stage/lib/modules/$VM_ABI/"
	files=$(vm_module_files isofs)
	# shellcheck disable=SC2086 # one relative path per word
	(cd "$VM_MODDIR" && cp --parents $files "$stage/lib/modules/$VM_ABI/")
	find "$stage/lib/modules" -name '*.ko.xz' -exec xz -d {} +
	depmod -b "$stage" "$VM_ABI"
}

# casper_stage STAGE: initramfs-tools with casper, as casper's real image
# has it: udev in init-top, isofs in conf/modules, no init-premount.
casper_stage() {
	local stage=$1
	stage_common "$stage" "$S/initramfs-tools-init.sh"
	install -D -m 644 "$S/functions.sh" "$stage/scripts/functions"
	install -m 644 "$S/casper.sh" "$stage/scripts/casper"
	install -D -m 755 "$S/init-top-udev" "$stage/scripts/init-top/udev"
	# shellcheck disable=SC2016 # the ORDER file's own text
	printf '%s\n' '/scripts/init-top/udev "$@"' '[ -e /conf/param.conf ] && . /conf/param.conf' \
		>"$stage/scripts/init-top/ORDER"
	mkdir -p "$stage/conf"
	printf '%s\n' MODULES=list BUSYBOX=y >"$stage/conf/initramfs.conf"
	echo isofs >"$stage/conf/modules"
}

# mkinitcpio_stage STAGE HOOK: mkinitcpio's busybox init with udev and
# HOOK (archiso or miso), /config as mkinitcpio writes it.
mkinitcpio_stage() {
	local stage=$1
	stage_common "$stage" "$S/mkinitcpio-init.sh"
	install -m 644 "$S/init_functions.sh" "$stage/init_functions"
	install -D -m 755 "$S/hooks/udev" "$stage/hooks/udev"
	install -m 755 "$S/hooks/$2" "$stage/hooks/$2"
	printf '%s\n' 'EARLYHOOKS="udev"' "HOOKS=\"udev $2\"" 'MODULES="isofs"' 'LATEHOOKS=""' \
		'CLEANUPHOOKS="udev"' 'EMERGENCYHOOKS=""' >"$stage/config"
}

# standin_iso NAME CMDLINE [XORRISO_ARG...]: $work/NAME.iso, an isohybrid
# ISOLINUX CD booting the guest kernel with $work/NAME.stage as its
# initrd (gzip) and $work/NAME.payload's files.
standin_iso() {
	local name=$1 cmdline=$2 cfg=$work/$1.cfg
	shift 2
	(cd "$work/$name.stage" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
		gzip -n >"$work/$name.initrd.gz"
	vm_boot_cfg "$cfg" "KERNEL /boot/vmlinuz" \
		"APPEND initrd=/boot/initrd.gz $(vm_kernel_cmdline "$cmdline")"
	vm_isolinux_image "$work/$name.iso" "$cfg" /boot/vmlinuz="$VM_KERNEL" \
		/boot/initrd.gz="$work/$name.initrd.gz" /="$work/$name.payload" \
		-isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin "$@"
}

# boot NAME ISO: ISO through MEMDISK, the guest's checks passed, a clean
# kernel log; its log NAME.log.
boot() {
	vm_boot_checked memdisk "$work/$1.log" "$2" "iso raw"
}

# expect NAME MEDIUM AT_SEARCH LINK: the values NAME's boot reported
# (MEDIUM, LINK: grep -E patterns).
expect() {
	local log=$work/$1.log medium link
	medium=$(vm_value "$log" medium)
	link=$(vm_value "$log" link)
	vm_expect_eq "$1: memdisk0 there when the search began" "$3" "$(vm_value "$log" memdisk-at-search)"
	grep -qxE -- "$2" <<<"$medium" || { echo "vm: $1: the search found '$medium', not $2" >&2; return 1; }
	grep -qxE -- "$4" <<<"$link" || { echo "vm: $1: the link is '$link', not $4" >&2; return 1; }
	echo "vm: $1: medium $medium, link '$link'"
}

# remaster NAME: NAME.iso remastered to NAME.out.iso.
remaster() {
	rm -f "$work/$1.out.iso"
	rm_tool --no-pmem --module "$MEMDISK_KO" "$work/$1.iso" "$work/$1.out.iso" >"$work/$1.remaster.log" 2>&1 ||
		{ cat "$work/$1.remaster.log"; return 1; }
	cat "$work/$1.remaster.log"
}

rm -rf "$work"/*.stage "$work"/*.payload

# casper: Mint-like, uuid= checked against .disk/casper-uuid-generic.
casper_uuid=5c1e4b1a-0d2e-4c6e-9a57-3f0c1b2a9d01
casper_stage "$work/casper.stage"
mkdir -p "$work/casper.payload/casper" "$work/casper.payload/.disk"
head -c 65536 /dev/urandom >"$work/casper.payload/casper/filesystem.squashfs"
echo "$casper_uuid" >"$work/casper.payload/.disk/casper-uuid-generic"
standin_iso casper "boot=casper uuid=$casper_uuid standin.tries=5"
remaster casper
grep -q 'initramfs-tools (casper)' "$work/casper.remaster.log"

# archiso: releng-like, found by the ISO's UUID (its modification date).
arch_uuid=2026-03-25-16-23-28-00
mkinitcpio_stage "$work/arch.stage" archiso
mkdir -p "$work/arch.payload/arch/x86_64" "$work/arch.payload/boot"
head -c 65536 /dev/urandom >"$work/arch.payload/arch/x86_64/airootfs.sfs"
touch "$work/arch.payload/boot/$arch_uuid.uuid"
standin_iso arch "archisobasedir=arch archisosearchuuid=$arch_uuid" --modification-date=2026032516232800
vm_expect_eq "arch: the ISO's UUID" "$arch_uuid" "$(blkid -p -o value -s UUID "$work/arch.iso")"
remaster arch
grep -q 'mkinitcpio (archiso)' "$work/arch.remaster.log"

# miso: Manjaro-like, /.miso at the top, misolabel the volume label.
mkinitcpio_stage "$work/miso.stage" miso
mkdir -p "$work/miso.payload/manjaro/x86_64"
head -c 65536 /dev/urandom >"$work/miso.payload/manjaro/x86_64/rootfs.sfs"
touch "$work/miso.payload/.miso"
VM_ISO_LABEL=MANJARO_2601 standin_iso miso "misobasedir=manjaro misolabel=MANJARO_2601"
remaster miso
grep -q 'mkinitcpio (miso)' "$work/miso.remaster.log"

# The stock casper ISO: no medium through MEMDISK.
boot casper-stock "$work/casper.iso"
expect casper-stock none no ''
vm_expect_eq "casper-stock: panic" "Unable to find a medium containing a live file system" \
	"$(vm_value "$work/casper-stock.log" panic)"

boot casper "$work/casper.out.iso"
expect casper /dev/memdisk0p1 yes ''
boot arch "$work/arch.out.iso"
expect arch '/dev/memdisk0(p1)?' yes '/dev/memdisk0(p1)?'
boot miso "$work/miso.out.iso"
expect miso /dev/memdisk0 yes '/dev/memdisk0(p1)?'
