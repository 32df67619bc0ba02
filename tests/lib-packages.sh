# shellcheck shell=bash
# Building the Debian packages (sourced): used by tests/packaging.sh and by
# the live-ISO build, which installs them in its chroot.

# pkg_copy_tree DEST: the files git tracks or would track (nothing ignored,
# so no build products), as the package build's source.
pkg_copy_tree() {
	rm -rf "$1"
	mkdir -p "$1"
	git ls-files -z --cached --others --exclude-standard |
		tar -c --null -T - --ignore-failed-read | tar -x -C "$1"
}

# pkg_build OUT: dpkg-buildpackage -b of a copy of the tree in OUT; the
# .debs land in OUT.
pkg_build() {
	local src=$1/memdisk-blk
	rm -f "$1"/*.deb "$1"/*.changes "$1"/*.buildinfo
	pkg_copy_tree "$src"
	(cd "$src" && dpkg-buildpackage -b -us -uc)
}

# pkg_sources: what the packages are built from, for cache keys.
pkg_sources() {
	git ls-files Kbuild dkms.conf module tools debian udev initramfs
}
