#!/bin/bash
# memdisk-remaster --fallback phram on the stock Debian live ISO
# (tests/live/build-debian-live.sh, LIVE_STOCK=yes) on a host where no
# memdisk_blk.ko can be had: apt knows no package (a private APT_CONFIG
# with no sources, an empty cache), so getting the headers fails as it
# does for a kernel apt has no headers for. Without the option the tool
# exits 6 and names the fallback; with it, it warns (slower, writable,
# /dev/mem), takes phram and mtdblock from the squashfs and pads the ISO to
# 4 KiB. Booted through MEMDISK, live-boot finds its medium on
# /dev/mtdblock0 (memdisk-probe read the mBFT, phram maps the image),
# which holds the remastered ISO's bytes, and reaches the live root.
# Time: the stock ISO (cached, or 1 to 3.5 min), the remaster (about
# 30 s), the boot (about 1 min: phram reads uncached).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

vm_guest_kernel
work=$(vm_workdir remaster-phram)
# remaster-debian's stock ISO (the same recipe): one build of it.
stock_dir=$(vm_builddir remaster-debian)/stock
stock=$(LIVE_STOCK=yes bash tests/live/build-debian-live.sh "$stock_dir")
out=$work/remastered.iso

# An apt that knows no package, and a cache with no headers in it.
rm -rf "$work/apt" "$work/cache"
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/cache"
printf '%s\n' 'Dir::Etc::sourcelist "/dev/null";' "Dir::Etc::sourceparts \"$work/apt/none\";" \
	"Dir::State::lists \"$work/apt/lists/\";" "Dir::Cache \"$work/apt/cache/\";" >"$work/apt/apt.conf"
tool() {
	APT_CONFIG=$work/apt/apt.conf tools/memdisk-remaster --cache "$work/cache" "$@"
}

rm -f "$out"
rc=0
tool "$stock" "$out" >"$work/refused.log" 2>&1 || rc=$?
cat "$work/refused.log"
vm_expect_eq "exit status without --fallback" 6 "$rc"
grep -q "apt could not download linux-headers-$VM_ABI" "$work/refused.log"
grep -q -- '--fallback phram boots the ISO on BIOS' "$work/refused.log"
[ ! -e "$out" ]

tool --fallback phram "$stock" "$out" >"$work/remaster.log" 2>&1 || { cat "$work/remaster.log"; exit 1; }
cat "$work/remaster.log"
tr '\n' ' ' <"$work/remaster.log" | grep -q 'WARNING: --fallback phram: .*slower.*writable.*needs /dev/mem'
grep -q '^/live/initrd.img: initramfs-tools (live-boot), .*memdisk_blk.ko none: --fallback phram, phram and mtdblock from /live/filesystem.squashfs' \
	"$work/remaster.log"
vm_expect_eq "remastered size mod 4096" 0 $(($(stat -c %s "$out") % 4096))
rm_extract "$stock" /live/initrd.img "$work/initrd.stock"
rm_extract "$out" /live/initrd.img "$work/initrd.out"
rm_appended "$work/initrd.stock" "$work/initrd.out" "$work/overlay"
vm_expect_eq "memdisk_blk.ko in the archive" "" "$(rm_entries "$work/overlay" | grep 'memdisk_blk\.ko' || true)"
rm_expect_file "$work/overlay" usr/lib/memdisk_blk/memdisk-probe tools/memdisk-probe -rwxr-xr-x
rm_expect_iso_kept "$stock" "$out" /live/initrd.img

VM_MEM=2048 vm_boot_checked memdisk "$work/memdisk.log" "$out" "iso raw"
live_expect_root "$work/memdisk.log" /dev/mtdblock0 /run/live/medium "$stock_dir/token"
vm_expect_eq "mtdblock0 size" "$(stat -c %s "$out")" "$(vm_value "$work/memdisk.log" mtdblock-size)"
vm_expect_eq "mtdblock0 sha256" "$(vm_sha256 "$out")" "$(vm_value "$work/memdisk.log" mtdblock-sha256)"
grep -q 'phram: memdisk device' "$work/memdisk.log" || { echo "vm: no phram line in the guest's log" >&2; exit 1; }
# Our udev rule names it as the boot systems that wait for a label need.
links=$(vm_value "$work/memdisk.log" mtdblock-links)
for link in "/dev/disk/by-label/$(blkid -p -o value -s LABEL "$out")" /dev/disk/by-memdisk/mtdblock0; do
	grep -qw -- "$link" <<<"$links" || { echo "vm: no $link to /dev/mtdblock0 (links: $links)" >&2; exit 1; }
done
echo "vm: /dev/mtdblock0's links: $links"
