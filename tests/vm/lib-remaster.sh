# shellcheck shell=bash
# Host side of the memdisk-remaster tests (tests/remaster.sh and the
# remaster-* scenarios), sourced after tests/vm/lib.sh: run the tool, and
# compare an ISO with its remastered copy (boot records, volume
# descriptor, every file's bytes, the archive appended to an initrd).
# Functions return nonzero, saying why, when an expectation fails.

# The tool's cache (headers, modules built): under the harness's cache.
# shellcheck disable=SC2153 # VM_CACHE: set by tests/vm/lib.sh
RM_CACHE=$VM_CACHE/remaster

# rm_tool ARG...: tools/memdisk-remaster with the test cache.
rm_tool() {
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
# mkisofs and xorriso fill with block addresses) excepted.
rm_expect_same_files() {
	local in=$1 out=$2 dir status=0 f
	local -a gone images
	shift 2
	dir=$(mktemp -d)
	xorriso -osirrox on -indev "$in" -extract / "$dir/in" >/dev/null 2>&1
	xorriso -osirrox on -indev "$out" -extract / "$dir/out" >/dev/null 2>&1
	chmod -R u+w "$dir"
	mapfile -t gone < <(rm_records "$in" | sed -n 's|^El Torito cat path *: *||p')
	mapfile -t images < <(rm_records "$in" | sed -n 's|^El Torito img path *: *[0-9]* *||p')
	for f in "$@" "${gone[@]}"; do
		rm -f "$dir/in$f" "$dir/out$f"
	done
	for f in "${images[@]}"; do
		[ -f "$dir/in$f" ] || continue
		head -c 56 /dev/zero | dd of="$dir/in$f" bs=1 seek=8 conv=notrunc status=none
		head -c 56 /dev/zero | dd of="$dir/out$f" bs=1 seek=8 conv=notrunc status=none
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
