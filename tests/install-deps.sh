#!/bin/bash
# Install the Debian packages the build, the tests and the demo need.
# Idempotent: apt runs only when something is missing.
set -eu

packages=(
	build-essential clang sparse shellcheck python3
	python3-ply python3-git
	libcmocka-dev musl-tools gcc-multilib
	linux-headers-amd64 linux-headers-686-pae:i386 linux-source-6.1 linux-source-6.12 unifdef
	# Debian 12's 6.12 backport (bookworm-security) next to its own 6.1, as
	# many users have it: nothing may build for "the newest headers".
	linux-headers-6.12-amd64
	# Kernels built from linux-source for the guests (tests/kernel).
	flex bison libelf-dev libssl-dev bc xz-utils
	qemu-system-x86 ipxe-qemu ipxe syslinux syslinux-common syslinux-utils isolinux xorriso
	busybox-static kmod cpio mtools dosfstools fdisk udev
	# memdisk-remaster: memdisk-initrd (libarchive) and every compression
	# an initrd may have.
	libarchive-dev pkg-config gzip bzip2 xz-utils lzop lz4 zstd
	# --headers tests: packages in Ubuntu (.deb), Arch (.pkg.tar.zst,
	# bsdtar) and Fedora (.rpm, rpmbuild) layouts.
	rpm libarchive-tools
	debootstrap squashfs-tools
	# memdisk.efi (efi/): built with clang + lld-link, its SSDT by iasl,
	# signed by sbsign; booted under OVMF by Debian's ipxe.efi, the test
	# images' EFI loaders from systemd's stub and GRUB.
	lld acpica-tools sbsigntool ovmf systemd-boot-efi grub-efi-amd64-bin
	# GRUB's BIOS El Torito image (grub-mkimage -O i386-pc-eltorito) and
	# boot_hybrid.img: the GRUB-only ISOs of tests/remaster.sh and the
	# remaster-grub-* scenarios.
	grub-pc-bin
	dkms dh-dkms debhelper lintian
	linux-perf
)

# The 32-bit guest's kernel headers (tests/vm/scenarios/i386.sh).
if ! dpkg --print-foreign-architectures | grep -qx i386; then
	[ "$(id -u)" -ne 0 ] || dpkg --add-architecture i386
fi

missing=()
for pkg in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages (run as root): ${missing[*]}" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
# One stale index (a mirror mid-sync) must not stop us; a missing package will.
apt-get update -q >/dev/null || echo "install-deps: apt-get update reported errors, continuing" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
