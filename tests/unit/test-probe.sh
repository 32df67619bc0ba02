#!/bin/bash
# memdisk-probe end to end: the real dumps through --mem, then the live
# paths (/dev/mem, /proc/iomem, sysfs) on a fake tree through --root.
# Usage: test-probe.sh PROBE DUMPDIR (DUMPDIR holds memdisk-*.lowmem).
set -u
probe=$(realpath "$1")
dumps=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/unit/testlib.sh
. "$(dirname "$0")/testlib.sh"

# run RC ARGS...: run the probe (through ${as_user[@]} when set), expect
# exit status RC; output in out/err.
as_user=()
run() {
	local rc=$1
	shift
	"${as_user[@]}" "$probe" "$@" >"$work/out" 2>"$work/err"
	actual=$?
	[ "$actual" -eq "$rc" ] || echo "  exit status $actual, expected $rc"
	[ "$actual" -eq "$rc" ]
}

has() { # has FILE TEXT
	grep -qF -- "$2" "$work/$1" || { echo "  no '$2' in $1:"; sed 's/^/    /' "$work/$1"; false; }
}

phram() { # phram DUMP LINE
	run 0 --phram --mem "$dumps/memdisk-$1.lowmem" && [ "$(cat "$work/out")" = "$2" ]
}

json_ok() {
	run 0 --json --mem "$dumps/memdisk-chain.lowmem" &&
		python3 -c 'import json, sys; d = json.load(sys.stdin)
assert [t["cmdline"] for t in d["tables"]] == ["BOOT_IMAGE=/memdisk floppy raw initrd=/floppy.img", "iso raw"]
assert d["offline"] and d["tables"][1]["sector_size"] == 2048' <"$work/out"
}

report_kinds() {
	run 0 --mem "$dumps/memdisk-floppy.lowmem" && has out "floppy (512-byte sectors)" &&
		run 0 --mem "$dumps/memdisk-iso.lowmem" && has out "iso (2048-byte sectors)" &&
		has out "0x0fec6000-0x0ffdf7ff, 1153024 bytes" && has out "unknown (offline)"
}

no_table() {
	truncate -s 640K "$work/empty"
	printf '\174\002' | dd of="$work/empty" bs=1 seek=$((0x413)) conv=notrunc status=none
	run 1 --mem "$work/empty" && has err "no MEMDISK found (no mBFT in 0x9f000-0xa0000)"
}

bad_checksum() {
	cp "$dumps/memdisk-iso.lowmem" "$work/bad"
	printf 'x' | dd of="$work/bad" bs=1 seek=$((0x9f660 + 20)) conv=notrunc status=none
	run 1 --mem "$work/bad" && has out "mBFT at 0x9f660: rejected: bad checksum" &&
		has err "1 mBFT in 0x9f000-0xa0000, none valid; first: bad checksum" &&
		run 1 --phram --mem "$work/bad" && [ ! -s "$work/out" ]
}

errors() {
	head -c 1000 "$dumps/memdisk-iso.lowmem" >"$work/short"
	run 2 --mem "$work/short" && has err "too short" &&
		run 2 --mem "$work/missing" && has err "cannot read" &&
		run 2 --phram --json && run 2 --bogus && run 2 extra &&
		run 0 --help && has out "Usage:" && run 0 --version && has out "memdisk-probe "
}

# A machine where memdisk_blk took the iso dump's image as memdisk0.
fake_root() {
	local root=$work/root disk=$work/root/sys/block/memdisk0/memdisk
	mkdir -p "$root/dev" "$root/proc" "$root/sys/module/memdisk_blk" "$disk"
	cp "$dumps/memdisk-iso.lowmem" "$root/dev/mem"
	printf '%s\n' "00000000-00000fff : Reserved" "00001000-0009efff : System RAM" \
		"0009f000-0009ffff : Reserved" "00100000-0fec5fff : System RAM" \
		"0fec6000-0ffdf7ff : Reserved" "  0fec6000-0ffdf7ff : memdisk" >"$root/proc/iomem"
	printf '%s\n' 0xfec6000 >"$disk/phys_addr"
	printf '%s\n' 1153024 >"$disk/image_size"
	printf '%s\n' mbft >"$disk/source"
	printf '%s\n' 2048 >"$disk/sector_size"
	printf '%s\n' 6.04 >"$disk/version"
	printf '%s\n' 0xb0 >"$disk/bootloader_id"
	printf '%s\n' "iso raw" >"$disk/cmdline"
	printf '%s\n' 0x9f660 >"$disk/mbft_addr"
}

live() {
	run 0 --root "$work/root" && has out "low System RAM ends at 0x9f000" &&
		has out "reserved, claimed by memdisk_blk" && has out "/dev/memdisk0"
}

live_low_ram_above_table() {
	sed -i 's/00001000-0009efff/00001000-0009f7ff/' "$work/root/proc/iomem"
	run 1 --root "$work/root" && has err "no mBFT in 0x9f800-0xa0000"
}

# unprivileged COMMANDS...: them, with the probe run as nobody. Mode bits
# do not stop root, so this is the only way to see what a user sees.
unprivileged() {
	local as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	"$@"
}

# What a user who is not root may read: /dev/mem and the addresses are
# root-only (as on a live system), the rest of the sysfs files are not.
hide_addresses() {
	chmod 755 "$work"
	chmod 400 "$work/root/dev/mem" "$work/root/sys/block/memdisk0/memdisk/phys_addr" \
		"$work/root/sys/block/memdisk0/memdisk/mbft_addr"
}

user_report() {
	run 0 --root "$work/root" && has out "/dev/mem: Permission denied" &&
		has out "this is what memdisk_blk found" &&
		has out "note: addresses hidden: memdisk_blk shows them to root only" &&
		has out "/dev/memdisk0" && has out "1153024 bytes (563 sectors)" &&
		has out "address hidden (root only)" && has out '"iso raw"' &&
		has out "MEMDISK version: 6.04" && has out "0xb0 (QEMU)" &&
		has out "iso (2048-byte sectors)" && ! grep -qi "fec6000\|9f660" "$work/out"
}

user_json() {
	run 0 --json --root "$work/root" &&
		python3 -c 'import json, sys; d = json.load(sys.stdin)
assert d["source"] == "sysfs" and "Permission denied" in d["devmem_error"], d
[t] = d["tables"]
assert t["valid"] and t["device"] == "memdisk0", t
assert t["address"] is None and t["diskbuf"] is None, t
assert t["reserved"] is None and t["claimed"] is None, t
assert t["image_size"] == 1153024 and t["disksize"] == 563 and t["sector_size"] == 2048, t
assert t["version"] == "6.04" and t["bootloader_id"] == 0xb0 and t["cmdline"] == "iso raw", t' \
			<"$work/out"
}

user_phram() {
	run 3 --phram --root "$work/root" && [ ! -s "$work/out" ] &&
		has err "needs root: the physical address is root-only"
}

sysfs_fallback() {
	rm "$work/root/dev/mem"
	run 0 --root "$work/root" && has out "this is what memdisk_blk found" &&
		has out '"iso raw"' && run 0 --phram --root "$work/root" &&
		[ "$(cat "$work/out")" = "0xfec6000,0x119800" ] &&
		rm -r "$work/root/sys/module/memdisk_blk" && run 2 --root "$work/root" &&
		has err "not loaded"
}

# --- UEFI RAM disks: a crafted NFIT and nfit's regions in sysfs ---------
# A UEFI machine: no mBFT, no memdisk_blk, /dev/mem root-only. The NFIT has
# a persistent-memory range (a real NVDIMM: nd_pmem region with a DIMM
# mapping) and a Virtual CD (an nd_volatile region without any, made
# read-only); the table and the regions' resource files are root-only.
nd_region() { # nd_region N DEVTYPE MAPPINGS BASE SIZE READ_ONLY
	local dir=$work/uefi/sys/devices/ndbus0/region$1
	mkdir -p "$dir/nfit" "$dir/namespace$1.0/block/pmem$1" "$work/uefi/sys/bus/nd/devices"
	ln -s "../../../devices/ndbus0/region$1" "$work/uefi/sys/bus/nd/devices/region$1"
	echo "$2" >"$dir/devtype"
	echo "$3" >"$dir/mappings"
	printf '0x%x\n' "$4" >"$dir/resource"
	echo "$5" >"$dir/size"
	echo "$6" >"$dir/read_only"
	echo 0 >"$dir/nfit/range_index"
	chmod 400 "$dir/resource"
}

uefi_root() {
	mkdir -p "$work/uefi/dev" "$work/uefi/proc" "$work/uefi/sys/firmware/acpi/tables"
	truncate -s 640K "$work/uefi/dev/mem"
	printf '\174\002' | dd of="$work/uefi/dev/mem" bs=1 seek=$((0x413)) conv=notrunc status=none
	printf '%s\n' "00001000-0009efff : System RAM" >"$work/uefi/proc/iomem"
	chmod 400 "$work/uefi/dev/mem"
	"$(dirname "$0")/mknfit.py" "$work/uefi/sys/firmware/acpi/tables/NFIT" \
		pm:0x140000000:0x4000000:1 vcd:0x3c52d000:29741056
	chmod 400 "$work/uefi/sys/firmware/acpi/tables/NFIT"
	nd_region 0 nd_pmem 1 $((0x140000000)) $((0x4000000)) 0
	nd_region 1 nd_volatile 0 $((0x3c52d000)) 29741056 1
}

uefi_report() {
	run 0 --root "$work/uefi" && has out "ACPI NFIT: 2 SPA ranges" &&
		has out "NFIT SPA range 0: persistent-memory, 0x140000000-0x143ffffff, 67108864 bytes" &&
		has out "NFIT SPA range 1: virtual-cd, 0x3c52d000-0x3e189fff, 29741056 bytes" &&
		has out "region0 (nd_pmem, 1 DIMM mapping), read-write" &&
		has out "region1 (nd_volatile, 0 DIMM mappings), read-only" &&
		has out "/dev/pmem1" && [ "$(grep -c "UEFI RAM disk:   yes" "$work/out")" = 1 ]
}

uefi_json() {
	run 0 --json --root "$work/uefi" &&
		python3 -c 'import json, sys; d = json.load(sys.stdin)
n = d["nfit"]
assert n["present"] and n["readable"] and n["error"] is None, n
assert [(r["kind"], r["ramdisk"], r["region"]) for r in n["ranges"]] == [
    ("persistent-memory", False, "region0"), ("virtual-cd", True, "region1")], n
assert n["ranges"][1]["base"] == 0x3c52d000 and n["ranges"][1]["length"] == 29741056, n
r = {r["name"]: r for r in n["regions"]}
assert r["region1"]["read_only"] is True and r["region1"]["device"] == "pmem1", r
assert r["region0"]["read_only"] is False and r["region0"]["ramdisk_by_sysfs"] is False, r' \
			<"$work/out"
}

# Only the NVDIMM: nothing found (exit 1), but the range is reported.
uefi_pm_only() {
	"$(dirname "$0")/mknfit.py" "$work/uefi/sys/firmware/acpi/tables/NFIT" \
		pm:0x140000000:0x4000000:1
	run 1 --root "$work/uefi" && has out "persistent-memory" &&
		has out "UEFI RAM disk:   no" && has err "no MEMDISK found"
}

# A damaged table: said, and the regions come from sysfs.
uefi_bad_table() {
	printf 'x' | dd of="$work/uefi/sys/firmware/acpi/tables/NFIT" bs=1 seek=20 conv=notrunc \
		status=none
	run 0 --root "$work/uefi" && has out "ACPI NFIT: unreadable: " &&
		has out "$(cd "$work/uefi" && echo)"/sys/firmware/acpi/tables/NFIT &&
		has out "region1: UEFI RAM disk (Virtual CD or Disk)"
}

# A user: no table, no addresses; what /sys/bus/nd shows.
uefi_user() {
	chmod 755 "$work" "$work/uefi"
	run 0 --root "$work/uefi" && has out "Permission denied" &&
		has out "note: from /sys/bus/nd only" &&
		has out "region1: UEFI RAM disk (Virtual CD or Disk), 29741056 bytes" &&
		has out "region0: persistent memory, 67108864 bytes" && has out "read-only" &&
		has out "/dev/pmem1" && ! grep -qi "3c52d000\|140000000" "$work/out" &&
		run 0 --json --root "$work/uefi" && python3 -c 'import json, sys
n = json.load(sys.stdin)["nfit"]
assert n["present"] and not n["readable"] and "Permission denied" in n["error"], n
assert n["ranges"] == [] and all(r["base"] is None for r in n["regions"]), n
assert [r["ramdisk_by_sysfs"] for r in n["regions"]] == [False, True], n' <"$work/out"
}

t phram-iso phram iso 0xfec6000,0x119800
t phram-floppy phram floppy 0xfe78000,0x168000
t phram-harddisk phram harddisk 0xf7e0000,0x800000
t phram-chain-first phram chain 0xfc85000,0x168000
t json-chain json_ok
t report-kinds report_kinds
t no-table no_table
t bad-checksum bad_checksum
t errors errors
fake_root
t live-devmem live
t live-low-ram-bound live_low_ram_above_table
hide_addresses
t user-report unprivileged user_report
t user-json unprivileged user_json
t user-phram unprivileged user_phram
t sysfs-fallback sysfs_fallback
uefi_root
t uefi-report uefi_report
t uefi-json uefi_json
t uefi-user unprivileged uefi_user
t uefi-bad-table uefi_bad_table
t uefi-pm-only uefi_pm_only
summary memdisk-probe
