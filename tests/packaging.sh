#!/bin/bash
# The Debian packages: the versions of dkms.conf, MODULE_VERSION and
# debian/changelog agree; `dpkg-buildpackage -b` builds memdisk-blk-dkms,
# memdisk-probe, memdisk-remaster and memdisk-efi from a copy of the tree
# (output in build/packaging/); lintian reports no error; the DKMS source
# the package ships builds with dkms in a private tree; memdisk-remaster's
# package holds the tool, its man page and exactly the tree's files it
# reads; memdisk-efi holds memdisk.efi.
# About 60 s.
set -eu
cd "$(dirname "$0")/.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-dkms.sh
. tests/vm/lib-dkms.sh
# shellcheck source=tests/lib-packages.sh
. tests/lib-packages.sh

out=$PWD/build/packaging

check_versions() {
	local version
	version=$(dkms_conf_version .)
	vm_expect_eq "MODULE_VERSION" "$version" \
		"$(sed -n 's/^MODULE_VERSION("\(.*\)");$/\1/p' module/compat.c)"
	vm_expect_eq "debian/changelog upstream version" "$version" \
		"$(dpkg-parsechangelog -S Version | sed 's/-[^-]*$//')"
}

run_lintian() {
	# --fail-on error: warnings are listed but do not fail the test.
	lintian --fail-on error --display-info --tag-display-limit 0 "$out"/*.changes
}

# The shipped /usr/src tree must build with dkms like the repository's.
check_dkms_source() {
	local deb unpacked version ko
	version=$(dkms_conf_version .)
	deb=$(ls "$out"/memdisk-blk-dkms_*_all.deb)
	unpacked=$out/unpacked
	rm -rf "$unpacked"
	dpkg-deb -x "$deb" "$unpacked"
	ko=$(dkms_private_install "$out/dkms" "$(vm_headers_abi)" \
		"$unpacked/usr/src/memdisk-blk-$version")
	vm_expect_eq "module version built from the package" "$version" "$(modinfo -F version "$ko")"
	check_modinfo "$ko"
}

# check_modinfo KO: modinfo shows what users look for, every parameter
# with its description.
check_modinfo() {
	local field
	for field in description author license; do
		[ -n "$(modinfo -F "$field" "$1")" ] || { echo "packaging: modinfo has no $field" >&2; return 1; }
	done
	vm_expect_eq "modinfo parameters" "autoprobe region" \
		"$(modinfo -F parm "$1" | sed -n 's/^\([a-z_]*\):..*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')"
}

# memdisk-remaster from its package finds its data beside it
# (/usr/share/memdisk-remaster): the module's sources and the runtime
# hooks, as in the tree; and its memdisk-initrd and static memdisk-probe
# where it looks for them.
check_remaster_package() {
	local unpacked=$out/unpacked-remaster data f
	rm -rf "$unpacked"
	dpkg-deb -x "$out"/memdisk-remaster_*_"$(dpkg --print-architecture)".deb "$unpacked"
	"$unpacked/usr/libexec/memdisk-remaster/memdisk-initrd" --help | grep -q '^Usage: memdisk-initrd' ||
		{ echo "packaging: no working memdisk-initrd in /usr/libexec/memdisk-remaster" >&2; return 1; }
	# --fallback phram's copy, for any initramfs: linked statically.
	f=$unpacked/usr/libexec/memdisk-remaster/memdisk-probe
	if ! "$f" --help | grep -q '^Usage: memdisk-probe' || readelf -l "$f" | grep -q 'program interpreter'; then
		echo "packaging: no static memdisk-probe in /usr/libexec/memdisk-remaster" >&2
		return 1
	fi
	data=$unpacked/usr/share/memdisk-remaster
	vm_expect_eq "memdisk-remaster --version from the package" "memdisk-remaster $(dkms_conf_version .)" \
		"$("$unpacked/usr/bin/memdisk-remaster" --version)"
	vm_expect_eq "memdisk-remaster's data" "$({ echo Kbuild && find module -name '*.[ch]' &&
		printf '%s\n' initramfs/memdisk-load initramfs/initramfs-tools/scripts/init-premount/memdisk_blk \
			initramfs/dracut/90memdisk_blk/memdisk_blk-load.sh initramfs/mkinitcpio/hooks/memdisk_blk \
			initramfs/debian-installer/S03memdisk_blk initramfs/debian-installer/61-memdisk_blk-cdrom.rules \
			udev/60-memdisk_blk.rules; } | LC_ALL=C sort)" "$(cd "$data" && find . -type f -printf '%P\n' | LC_ALL=C sort)"
	for f in $(cd "$data" && find . -type f -printf '%P\n'); do
		cmp "$data/$f" "$f"
	done
	for f in man/man1/memdisk-remaster.1.gz doc/memdisk-remaster/examples/netboot.ipxe; do
		[ -f "$unpacked/usr/share/$f" ] || { echo "packaging: memdisk-remaster lacks /usr/share/$f" >&2; return 1; }
	done
}

# memdisk-efi holds memdisk.efi, an x86_64 EFI application (PE32+, subsystem
# 10) whose banner has the package's version, and its man page.
check_efi_package() {
	local unpacked=$out/unpacked-efi efi
	rm -rf "$unpacked"
	dpkg-deb -x "$out"/memdisk-efi_*_amd64.deb "$unpacked"
	efi=$unpacked/usr/lib/memdisk-efi/memdisk.efi
	vm_expect_eq "memdisk.efi's format" "pei-x86-64 subsystem 0000000a" \
		"$(objdump -p "$efi" | awk '/file format/ { f = $NF } $1 == "Subsystem" { s = $2 } END { print f " subsystem " s }')"
	strings -a "$efi" | grep -qxF "$(dkms_conf_version .)" ||
		{ echo "packaging: memdisk.efi does not say version $(dkms_conf_version .)" >&2; return 1; }
	[ -f "$unpacked/usr/share/man/man8/memdisk.efi.8.gz" ] ||
		{ echo "packaging: memdisk-efi lacks its man page" >&2; return 1; }
}

check_versions
pkg_build "$out"
run_lintian
check_dkms_source
check_remaster_package
check_efi_package
