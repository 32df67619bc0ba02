# shellcheck shell=bash
# Host side of the memdisk-remaster tests (tests/remaster.sh and the
# remaster-* scenarios), sourced after tests/vm/lib.sh: run the tool, and
# compare an ISO with its remastered copy (boot records, volume
# descriptor, every file's bytes, the archive appended to an initrd).
# Functions return nonzero, saying why, when an expectation fails. The
# live scenarios' assertions come from lib-live.sh.

# shellcheck source=tests/vm/lib-live.sh
. "$VM_TOP/tests/vm/lib-live.sh"

# The tool's cache (headers, modules built): under the harness's cache.
# shellcheck disable=SC2153 # VM_CACHE: set by tests/vm/lib.sh
RM_CACHE=$VM_CACHE/remaster

# The pmem modules the tool takes for the guest kernel, relative to its
# lib/modules/RELEASE, and the directories they add to a test initrd.
RM_PMEM=(kernel/drivers/acpi kernel/drivers/acpi/nfit kernel/drivers/acpi/nfit/nfit.ko kernel/drivers/nvdimm
	kernel/drivers/nvdimm/libnvdimm.ko kernel/drivers/nvdimm/nd_btt.ko kernel/drivers/nvdimm/nd_pmem.ko)

# rm_seed_pmem: the tool's cache of Debian's linux-image for the guest
# kernel (what it would download when the ISO's root image lacks the
# pmem modules) filled from the harness's copy of that same package.
rm_seed_pmem() {
	local dir=$RM_CACHE/images/$VM_ABI d
	[ ! -f "$dir/complete" ] || return 0
	for d in drivers/nvdimm drivers/acpi/nfit drivers/dax; do
		mkdir -p "$dir/lib/modules/$VM_ABI/kernel/$(dirname "$d")"
		cp -r "$VM_MODDIR/kernel/$d" "$dir/lib/modules/$VM_ABI/kernel/$d"
	done
	touch "$dir/complete"
}

# rm_tool ARG...: tools/memdisk-remaster with the test cache.
rm_tool() {
	[ -z "${VM_MODDIR:-}" ] || rm_seed_pmem
	"$VM_TOP/tools/memdisk-remaster" --cache "$RM_CACHE" "$@"
}

# rm_extract ISO PATH OUT: one file of ISO, as a file OUT.
rm_extract() {
	rm -f "$3"
	xorriso -osirrox on -indev "$1" -extract "$2" "$3" >/dev/null 2>&1 || true
	if [ ! -f "$3" ]; then
		echo "remaster: no $2 in $1" >&2
		return 1
	fi
	chmod u+w "$3"
}

# rm_records ISO: its boot records, without what moves when files grow
# (block addresses, sizes): El Torito entries (platform, emulation, load
# size, image path and options), the MBR's and GPT's partitions (status,
# type, GUIDs, names, flags), the system area's summary; and the primary
# volume descriptor (label, ids, dates: the ISO's blkid UUID).
rm_records() {
	xorriso -indev "$1" -report_el_torito plain -report_system_area plain -pvd_info 2>/dev/null |
		awk -F ' *: *' '
			/^El Torito boot img/ { sub(/ +[0-9]+$/, ""); print; next }
			/^MBR partition  +:/ { sub(/ +[0-9]+ +[0-9]+$/, ""); print; next }
			/^GPT (start and size|lba range)/ { next }
			/^(El Torito (img|cat) |MBR partition path|GPT|System area summary|Partition offset)/ { print; next }
			/^(Volume|Publisher|Preparer|App|System|Copyright|Abstract|Biblio|Creation|Modif|Expir|Eff)/ { print }'
}

# rm_expect_records IN OUT: OUT kept every boot record and volume field of
# IN (and IN has El Torito BIOS and EFI entries: nothing is vacuous).
rm_expect_records() {
	local in out
	in=$(rm_records "$1")
	out=$(rm_records "$2")
	if ! grep -q '^El Torito boot img *: *[0-9]* *BIOS' <<<"$in" ||
		! grep -q '^El Torito boot img *: *[0-9]* *UEFI' <<<"$in"; then
		echo "remaster: $1 lacks a BIOS or EFI El Torito entry" >&2
		return 1
	fi
	if [ "$in" != "$out" ]; then
		echo "remaster: boot records or volume descriptor changed:" >&2
		diff <(echo "$in") <(echo "$out") >&2
		return 1
	fi
	echo "remaster: boot records and volume descriptor kept ($(grep -c . <<<"$in") lines)"
}

# rm_expect_same_files IN OUT INITRD...: every file of OUT but the INITRDs
# has the bytes it has in IN, and no file came or went; the boot catalog
# and the boot info table of the El Torito images (bytes 8-63, which
# mkisofs and xorriso fill with block addresses) excepted, and in GRUB's
# images with --grub2-boot-info the image's own address (8 bytes at 2548).
rm_expect_same_files() {
	local in=$1 out=$2 dir status=0 f n
	local -a gone images grub2
	shift 2
	dir=$(mktemp -d)
	xorriso -osirrox on -indev "$in" -extract / "$dir/in" >/dev/null 2>&1
	xorriso -osirrox on -indev "$out" -extract / "$dir/out" >/dev/null 2>&1
	chmod -R u+w "$dir"
	mapfile -t gone < <(rm_records "$in" | sed -n 's|^El Torito cat path *: *||p')
	mapfile -t images < <(rm_records "$in" | sed -n 's|^El Torito img path *: *\([0-9]*\) *|\1 |p')
	for f in "$@" "${gone[@]}"; do
		rm -f "$dir/in$f" "$dir/out$f"
	done
	mapfile -t grub2 < <(rm_records "$in" | sed -n 's|^El Torito img opts *: *\([0-9]*\) .*grub2-boot-info.*|\1|p')
	for f in "${images[@]}"; do
		n=${f%% *} f=${f#* }
		[ -f "$dir/in$f" ] || continue
		head -c 56 /dev/zero | dd of="$dir/in$f" bs=1 seek=8 conv=notrunc status=none
		head -c 56 /dev/zero | dd of="$dir/out$f" bs=1 seek=8 conv=notrunc status=none
		[[ " ${grub2[*]} " == *" $n "* ]] || continue
		head -c 8 /dev/zero | dd of="$dir/in$f" bs=1 seek=2548 conv=notrunc status=none
		head -c 8 /dev/zero | dd of="$dir/out$f" bs=1 seek=2548 conv=notrunc status=none
	done
	diff -r "$dir/in" "$dir/out" >&2 || status=1
	[ "$status" -ne 0 ] || echo "remaster: $(find "$dir/in" -type f | wc -l) other files have their bytes"
	rm -rf "$dir"
	return "$status"
}

# rm_appended IN_INITRD OUT_INITRD DIR: OUT_INITRD is IN_INITRD's bytes, 4
# to 7 zero bytes (lz4's decompressor stops at 4) and one gzip member named
# memdisk-remaster.cpio holding one cpio archive, which is unpacked into
# DIR (DIR.list: its entries, as MODE<tab>NAME lines).
rm_appended() {
	local in=$1 out=$2 dir=$3 size zeros
	size=$(stat -c %s "$in")
	cmp -n "$size" "$in" "$out" || { echo "remaster: $out does not start with $in" >&2; return 1; }
	zeros=$(tail -c +$((size + 1)) "$out" | cmp - /dev/zero 2>/dev/null | sed -n 's/.*differ: byte \([0-9]*\),.*/\1/p')
	zeros=$((${zeros:-1} - 1))
	if [ "$zeros" -lt 4 ] || [ "$zeros" -gt 7 ] || [ $(((size + zeros) % 4)) -ne 0 ]; then
		echo "remaster: $zeros zero bytes after the original initrd, not 4 to 7 to a multiple of 4" >&2
		return 1
	fi
	tail -c +$((size + zeros + 1)) "$out" >"$dir.gz"
	# gzip's header: magic, deflate, FNAME flag; mtime 0, then the name.
	if [ "$(head -c 4 "$dir.gz" | od -An -tx1 | tr -d ' ')" != 1f8b0808 ] ||
		[ "$(tail -c +11 "$dir.gz" | head -c 22 | tr '\0' '@')" != "memdisk-remaster.cpio@" ]; then
		echo "remaster: the appended data is not a gzip member named memdisk-remaster.cpio" >&2
		return 1
	fi
	gzip -dc <"$dir.gz" >"$dir.cpio" || return 1
	if [ "$(grep -c -a 'TRAILER!!!' "$dir.cpio")" -ne 1 ]; then
		echo "remaster: the appended gzip member is not one cpio archive" >&2
		return 1
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && cpio -idm --quiet <"$dir.cpio") &&
		paste <(cpio -tv --quiet <"$dir.cpio" | cut -d ' ' -f 1) <(cpio -t --quiet <"$dir.cpio") >"$dir.list"
}

# rm_entries DIR: the appended archive's entry names, sorted.
rm_entries() {
	cut -f 2 "$1.list" | LC_ALL=C sort
}

# rm_mode DIR ENTRY: ENTRY's mode in the appended archive, as ls shows it.
rm_mode() {
	awk -F '\t' -v e="$2" '$2 == e { print $1 }' "$1.list"
}

# rm_expect_file DIR ENTRY SOURCE MODE: the appended archive holds ENTRY
# with SOURCE's bytes and mode MODE (e.g. -rwxr-xr-x).
rm_expect_file() {
	cmp "$1/$2" "$3" && vm_expect_eq "mode of $2" "$4" "$(rm_mode "$1" "$2")"
}

# rm_expect_module DIR MODDIR VERMAGIC: the archive's memdisk_blk.ko in
# MODDIR/extra has VERMAGIC, and the depmod index it brings lists it.
rm_expect_module() {
	vm_expect_eq "memdisk_blk.ko vermagic" "$3" "$(modinfo -F vermagic "$1/$2/extra/memdisk_blk.ko")" || return 1
	if ! grep -q '^extra/memdisk_blk\.ko:' "$1/$2/modules.dep" || [ ! -s "$1/$2/modules.dep.bin" ]; then
		echo "remaster: $2/modules.dep(.bin) does not list extra/memdisk_blk.ko" >&2
		return 1
	fi
}

# rm_expect_safe ORIG_LIST DIR: no entry of the appended archive lies
# below a symbolic link of the original initrd (ORIG_LIST: its entries as
# MODE<tab>NAME lines), which the kernel would replace by a directory
# (merged-/usr initrds: lib -> usr/lib), and its directory entries are
# new directories.
rm_expect_safe() {
	local bad
	bad=$(awk -F '\t' 'FNR == NR { type[$2] = substr($1, 1, 1); next }
		{ n = split($2, c, "/"); p = ""
			for (i = 1; i < n; i++) { p = p (i > 1 ? "/" : "") c[i]; if (type[p] == "l") print "below a link: " $2 }
			if ($1 ~ /^d/ && ($2 in type)) print "existing directory: " $2 }' "$1" "$2.list")
	[ -z "$bad" ] || { echo "remaster: $bad" >&2; return 1; }
}

# rm_pmem_entries LIBDIR: RM_PMEM under LIBDIR's module directory, but
# for what the stock initrd has already (RM_STOCK_LIST, when set: its
# "MODE<TAB>PATH" lines): the tool adds no module the initrd has (dracut's
# has nfit), and makes no directory again.
rm_pmem_entries() {
	local entry
	for entry in "${RM_PMEM[@]/#/$1/modules/$VM_ABI/}"; do
		[ -z "${RM_STOCK_LIST:-}" ] || ! cut -f 2 "$RM_STOCK_LIST" | grep -qxF "$entry" || continue
		echo "$entry"
	done
}

# rm_expect_entries DIR LIBDIR ENTRY...: the appended archive in DIR holds
# these entries and the ones all families get (module, its directory,
# loader, marker, udev rule, the pmem modules, in LIBDIR: lib, or usr/lib
# under a merged /usr), besides depmod's index files.
rm_expect_entries() {
	local dir=$1 lib=$2
	shift 2
	vm_expect_eq "appended entries" "$(printf '%s\n' "$@" usr/lib/memdisk_blk usr/lib/memdisk_blk/memdisk-load \
		usr/lib/memdisk_blk/remastered "$lib/modules/$VM_ABI/extra" "$lib/modules/$VM_ABI/extra/memdisk_blk.ko" \
		"$lib/udev/rules.d/60-memdisk_blk.rules" "$(rm_pmem_entries "$lib")" | LC_ALL=C sort)" \
		"$(rm_entries "$dir" | grep -v "/modules/$VM_ABI/modules\.")"
}

# rm_expect_common DIR LIBDIR: what all families get: the loader, the
# udev rule and the module for the guest kernel, with a depmod index that
# lists it, in LIBDIR (lib, or usr/lib under a merged /usr).
rm_expect_common() {
	rm_expect_file "$1" usr/lib/memdisk_blk/memdisk-load "$VM_TOP/initramfs/memdisk-load" -rwxr-xr-x &&
		rm_expect_file "$1" "$2/udev/rules.d/60-memdisk_blk.rules" "$VM_TOP/udev/60-memdisk_blk.rules" -rw-r--r-- &&
		rm_expect_module "$1" "$2/modules/$VM_ABI" "$(modinfo -F vermagic "$VM_MODDIR/kernel/fs/isofs/isofs.ko")"
}

# rm_expect_initramfs_tools DIR LIBDIR ORDER [ENTRY...]: the initramfs-tools
# wiring: scripts/init-premount/memdisk_blk, first in a new ORDER that
# then runs what the original ORDER (file ORDER) ran; ENTRYs: more the
# archive must hold (directories the initramfs lacked).
rm_expect_initramfs_tools() {
	rm_expect_entries "$1" "$2" scripts/init-premount/ORDER scripts/init-premount/memdisk_blk "${@:4}" &&
		rm_expect_common "$1" "$2" &&
		rm_expect_file "$1" scripts/init-premount/memdisk_blk \
			"$VM_TOP/initramfs/initramfs-tools/scripts/init-premount/memdisk_blk" -rwxr-xr-x &&
		vm_expect_eq "init-premount ORDER" "$(printf '%s\n' '/scripts/init-premount/memdisk_blk "$@"' \
			'[ -e /conf/param.conf ] && . /conf/param.conf' && cat "$3")" "$(cat "$1/scripts/init-premount/ORDER")"
}

# rm_expect_iso_kept IN OUT INITRD...: OUT has IN's boot records, volume
# descriptor, label, UUID, partition table id, and every file but the
# INITRDs.
rm_expect_iso_kept() {
	local in=$1 out=$2
	shift 2
	rm_expect_records "$in" "$out" && rm_expect_same_files "$in" "$out" "$@" &&
		vm_expect_eq "blkid UUID, LABEL, PTUUID" "$(blkid -p -o value -s UUID -s LABEL -s PTUUID "$in")" \
			"$(blkid -p -o value -s UUID -s LABEL -s PTUUID "$out")"
}

# rm_gzip_initrd INITRD: the one archive of a gzip initrd (the stock live
# ISOs': no zstd in the live root, no early archive) on stdout.
rm_gzip_initrd() {
	if [ "$(head -c 2 "$1" | od -An -tx1 | tr -d ' ')" != 1f8b ]; then
		echo "remaster: $1 is not one gzip archive" >&2
		return 1
	fi
	gzip -dc "$1"
}

# rm_expect_no_medium LOG MESSAGE [panic]: a stock ISO's boot through
# MEMDISK: its initramfs gave up with MESSAGE, reached no live root, and
# nothing of ours ran; the kernel log is clean, but for the panic that
# ends the run when the initramfs has nothing to reboot with (panic:
# "Attempted to kill init!", its stack dump, and still no WARNING, BUG or
# Oops).
rm_expect_no_medium() {
	local log=$1
	if ! grep -qF -- "$2" "$log"; then
		echo "remaster: the stock ISO's boot did not say '$2'; its last lines:" >&2
		tail -n 20 "$log" >&2
		return 1
	fi
	if grep -q 'LIVE-ROOT-REACHED\|memdisk_blk' "$log"; then
		echo "remaster: the stock ISO reached its live root or loaded memdisk_blk" >&2
		return 1
	fi
	if [ "${3-}" = panic ]; then
		if ! grep -q 'Kernel panic - not syncing: Attempted to kill init' "$log" ||
			grep -E 'WARNING:|BUG:|Oops' "$log" >&2; then
			echo "remaster: not the panic of init giving up, or kernel trouble" >&2
			return 1
		fi
	else
		vm_log_clean "$log"
	fi
	echo "remaster: the stock ISO did not find its medium: '$2'"
}

# rm_expect_installers_left LOG: the tool said it left both Debian-installer
# initrds of live-build's install.cfg as they are (rm_expect_iso_kept
# checks their bytes), and why.
rm_expect_installers_left() {
	local initrd
	for initrd in /install/gtk/initrd.gz /install/initrd.gz; do
		grep -qF "note: $initrd left as it is: unknown initramfs family: /init starts '#!/bin/sh -e'" "$1" ||
			{ echo "remaster: no note that $initrd was left" >&2; return 1; }
	done
}

# rm_check_live_boot WORKDIR: the new ORDER runs memdisk_blk, then the stock
# initramfs's init-premount scripts, if it has any (Debian's live-boot
# initramfs has no such directory: then the archive makes it).
rm_check_live_boot() {
	local made=()
	cpio -i --quiet --to-stdout scripts/init-premount/ORDER <"$1/initrd.stock.cpio" >"$1/ORDER.stock"
	cpio -t --quiet <"$1/initrd.stock.cpio" | grep -qx scripts/init-premount || made=(scripts/init-premount)
	rm_expect_initramfs_tools "$1/overlay" usr/lib "$1/ORDER.stock" "${made[@]}"
}

# rm_check_dracut WORKDIR: the pre-udev hook, as dracut installs it.
rm_check_dracut() {
	rm_expect_entries "$1/overlay" usr/lib usr/lib/dracut/hooks/pre-udev/30-memdisk_blk-load.sh &&
		rm_expect_common "$1/overlay" usr/lib &&
		rm_expect_file "$1/overlay" usr/lib/dracut/hooks/pre-udev/30-memdisk_blk-load.sh \
			"$VM_TOP/initramfs/dracut/90memdisk_blk/memdisk_blk-load.sh" -rwxr-xr-x
}

# rm_layout: the stock ISO's initrd, its squashfs, the Debian-installer
# entries it has (yes/no) and the device its medium is found on through
# MEMDISK, as LIVE_LAYOUT (tests/live/build-debian-live.sh) lays them out:
# Ubuntu's GPT (-partition_offset 16) makes /dev/memdisk0p1 an ISO 9660
# filesystem too, and live-boot's scan takes it.
rm_layout() {
	case ${LIVE_LAYOUT:-debian} in
	ubuntu) echo /casper/initrd /casper/filesystem.squashfs no /dev/memdisk0p1 ;;
	fedora) echo /images/pxeboot/initrd.img /LiveOS/squashfs.img no /dev/memdisk0 ;;
	*) echo /live/initrd.img /live/filesystem.squashfs yes /dev/memdisk0 ;;
	esac
}

# rm_expect_remastered WORK STOCK OUT INITRD CHECK: OUT's INITRD is
# STOCK's with one archive appended (WORK/overlay), which writes nothing
# below a link of the stock initrd and which CHECK WORK judges
# (WORK/initrd.stock.cpio, the stock initrd's archive); the rest of STOCK
# kept.
rm_expect_remastered() {
	local work=$1 stock=$2 out=$3 initrd=$4 check=$5
	rm_extract "$stock" "$initrd" "$work/initrd.stock"
	rm_extract "$out" "$initrd" "$work/initrd.out"
	rm_appended "$work/initrd.stock" "$work/initrd.out" "$work/overlay"
	rm_gzip_initrd "$work/initrd.stock" >"$work/initrd.stock.cpio"
	paste <(cpio -tv --quiet <"$work/initrd.stock.cpio" | cut -d ' ' -f 1) \
		<(cpio -t --quiet <"$work/initrd.stock.cpio") >"$work/initrd.stock.list"
	rm_expect_safe "$work/initrd.stock.list" "$work/overlay"
	RM_STOCK_LIST=$work/initrd.stock.list "$check" "$work"
	rm_expect_iso_kept "$stock" "$out" "$initrd"
}

# rm_live_scenario NAME FLAVOUR MEDIUM_DIR MESSAGE CHECK [TOOL_ARG...]: the
# stock LIVE_FLAVOUR=FLAVOUR ISO (tests/live/build-debian-live.sh,
# LIVE_STOCK=yes, laid out as LIVE_LAYOUT says: rm_layout) in build/vm/NAME
# fails through MEMDISK with MESSAGE
# (that boot, mostly the initramfs waiting, runs beside the rest)
# (rm_expect_no_medium; "panic" in NAME's FLAVOUR: dracut); memdisk-remaster
# (with TOOL_ARGs) makes remastered.iso, whose appended archive CHECK
# WORKDIR judges (WORKDIR/overlay; WORKDIR/initrd.stock.cpio, the stock
# initrd's archive), which keeps
# everything else of the stock ISO (the squashfs byte for byte), and whose
# live system comes up from /dev/memdisk0 through MEMDISK and from
# /dev/sr0 as a CD-ROM, mounted on MEDIUM_DIR.
rm_live_scenario() {
	local name=$1 flavour=$2 medium=$3 message=$4 check=$5 work stock stock_dir out panic='' stock_boot initrd squashfs di
	shift 5
	read -r initrd squashfs di LIVE_MEDIUM_DEV <<<"$(rm_layout)"
	export LIVE_SQUASHFS=$squashfs LIVE_MEDIUM_DEV
	[ "$flavour" != dracut ] || panic=panic
	work=$(vm_workdir "$name")
	# RM_STOCK_OF: a scenario whose stock ISO of the same recipe this one
	# boots too (one build of it).
	stock_dir=$(vm_builddir "${RM_STOCK_OF:-$name}")/stock
	stock=$(LIVE_FLAVOUR=$flavour LIVE_STOCK=yes LIVE_LAYOUT=${LIVE_LAYOUT:-debian} bash tests/live/build-debian-live.sh "$stock_dir")
	out=$work/remastered.iso
	# The ISO sits in RAM twice: MEMDISK's copy, and the squashfs pages cached.
	VM_TIMEOUT=400 VM_MEM=2048 vm_boot_memdisk "$work/stock.log" "$stock" "iso raw" &
	stock_boot=$!
	# Should this scenario stop early, the guest goes too (timeout passes
	# the signal on to QEMU).
	# shellcheck disable=SC2064 # its process id now
	trap "pkill -P $stock_boot timeout 2>/dev/null || true" EXIT

	rm -f "$out"
	rm_tool "$@" "$stock" "$out" >"$work/remaster.log" 2>&1 || { cat "$work/remaster.log"; return 1; }
	cat "$work/remaster.log"
	[ "$di" = no ] || rm_expect_installers_left "$work/remaster.log"
	rm_expect_remastered "$work" "$stock" "$out" "$initrd" "$check"
	rm_extract "$stock" "$squashfs" "$work/squashfs.stock"
	rm_extract "$out" "$squashfs" "$work/squashfs.out"
	vm_expect_eq "squashfs sha256" "$(vm_sha256 "$work/squashfs.stock")" "$(vm_sha256 "$work/squashfs.out")"
	rm -f "$work/squashfs.stock" "$work/squashfs.out"

	VM_MEM=2048 vm_boot_checked memdisk "$work/memdisk.log" "$out" "iso raw"
	live_expect_memdisk "$work/memdisk.log" "$out" "$medium" "$stock_dir/token"

	vm_qemu "$work/cdrom.log" -cdrom "$out" -boot d
	vm_checks "$work/cdrom.log"
	vm_log_clean "$work/cdrom.log"
	live_expect_root "$work/cdrom.log" /dev/sr0 "$medium" "$stock_dir/token"
	# memdisk_blk is loaded (a guest check), and without MEMDISK harmless.
	vm_expect_eq "as a CD-ROM: /dev/memdisk0's size" "" "$(vm_value "$work/cdrom.log" memdisk-size)"

	wait "$stock_boot"
	trap - EXIT
	rm_expect_no_medium "$work/stock.log" "$message" "$panic"
}
