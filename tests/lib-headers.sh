# shellcheck shell=bash
# Kernel headers packages as other distributions ship them, made from a
# build tree with Debian's own tools (dpkg-deb, bsdtar, rpmbuild): for
# memdisk-remaster --headers (tests/remaster.sh, the remaster-headers
# scenario) and the fuzz seeds (tests/fuzz/make-seeds.sh).

# hdr_merged REL DIR: Debian's headers of REL (the arch package, its
# -common tree and the linux-kbuild scripts) merged into one build tree
# DIR, as Ubuntu, Arch and Fedora ship it: no absolute include in its
# Makefile, no links out, and no .kernelvariables (Debian's way of naming
# the compiler: the tool must find it itself).
hdr_merged() {
	local rel=$1 dir=$2 arch=/usr/src/linux-headers-$1 common kbuild
	common=$(sed -n 's|^include \(/usr/src/[^/]*\)/Makefile$|\1|p' "$arch/Makefile")
	kbuild=$(dirname "$(readlink -f "$arch/scripts")")
	{ [ -d "$common" ] && [ -d "$kbuild" ]; } || { echo "hdr_merged: no headers of $rel" >&2; return 1; }
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -a "$common/." "$dir/"
	rm -f "$dir/scripts" "$dir/tools"
	cp -a "$arch/." "$dir/"
	rm -f "$dir/scripts" "$dir/tools" "$dir/.kernelvariables"
	cp "$common/Makefile" "$dir/Makefile"
	cp -a "$kbuild/scripts" "$kbuild/tools" "$dir/"
}

# hdr_deb TREE REL OUT: TREE as Ubuntu's linux-headers-REL .deb
# (/usr/src/linux-headers-REL, the lib/modules/REL/build link).
hdr_deb() {
	local root=$3.root
	rm -rf "$root"
	mkdir -p "$root/DEBIAN" "$root/usr/src" "$root/usr/lib/modules/$2"
	cp -a "$1" "$root/usr/src/linux-headers-$2"
	ln -s "/usr/src/linux-headers-$2" "$root/usr/lib/modules/$2/build"
	printf '%s\n' "Package: linux-headers-$2" "Version: 1.0" "Architecture: amd64" \
		"Maintainer: test <test@example.org>" "Description: headers" >"$root/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz -z1 --build "$root" "$3" >/dev/null && rm -rf "$root"
}

# hdr_pkg TREE REL OUT: TREE as Arch's linux-headers .pkg.tar.zst
# (/usr/lib/modules/REL/build, .PKGINFO).
hdr_pkg() {
	local root=$3.root
	rm -rf "$root"
	mkdir -p "$root/usr/lib/modules/$2"
	cp -a "$1" "$root/usr/lib/modules/$2/build"
	printf '%s\n' "pkgname = linux-headers" "pkgver = ${2%%-*}-1" "arch = x86_64" >"$root/.PKGINFO"
	(cd "$root" && bsdtar --uid 0 --gid 0 -cf - .PKGINFO usr) | zstd -q -T0 >"$3" && rm -rf "$root"
}

# hdr_rpm TREE REL OUT: TREE as Fedora's kernel-devel .rpm
# (/usr/src/kernels/REL), built by rpmbuild, payload as it comes.
hdr_rpm() {
	local top tree
	top=$(realpath -m "$3").rpmbuild tree=$(realpath "$1")
	rm -rf "$top"
	mkdir -p "$top/SPECS"
	cat >"$top/SPECS/kernel-devel.spec" <<SPEC
Name: kernel-devel
Version: ${2%%-*}
Release: 1
Summary: headers
License: GPL-2.0-only
AutoReqProv: no
%global debug_package %{nil}
%global __os_install_post %{nil}
%global _build_id_links none
%description
headers
%install
mkdir -p %{buildroot}/usr/src/kernels
cp -a $tree %{buildroot}/usr/src/kernels/$2
%files
/usr/src/kernels/$2
SPEC
	rpmbuild --quiet --define "_topdir $top" --define "_rpmdir $top/RPMS" -bb "$top/SPECS/kernel-devel.spec" \
		>"$top.log" 2>&1 || { tail -n 5 "$top.log" >&2; return 1; }
	mv "$top"/RPMS/*/kernel-devel-*.rpm "$3" && rm -rf "$top" "$top.log"
}
