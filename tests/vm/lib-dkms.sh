# shellcheck shell=bash
# DKMS in a private tree (sourced, bash): Debian's dkms 3.0.10 adds,
# builds, signs and installs the module for the guest's kernel without
# touching the host's /var/lib/dkms, /lib/modules or initramfs.

# dkms_conf_version DIR: PACKAGE_VERSION of DIR/dkms.conf.
dkms_conf_version() {
	sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$1/dkms.conf"
}

# dkms_stage_source TOP DEST: the files DKMS needs from the source tree at
# TOP (what memdisk-blk-dkms ships under /usr/src), copied into DEST.
dkms_stage_source() {
	rm -rf "$2"
	mkdir -p "$2"
	cp "$1/dkms.conf" "$2/"
	vm_module_sources "$1" "$2"
}

# dkms_private TREE ABI COMMAND...: dkms COMMAND for kernel ABI (headers
# from linux-headers-ABI), with every path inside TREE: the dkms tree, the
# source tree, the install tree (--no-depmod: depmod would run on the
# host's /lib/modules/ABI) and the signing key dkms generates when it has
# none. dkms reads the signing paths from /etc/dkms/framework.conf or,
# failing that, its environment.
dkms_private() {
	local tree=$1 abi=$2
	shift 2
	mkdir -p "$tree"/{dkms,source,install/"$abi"}
	sign_file='' mok_signing_key=$tree/mok.key mok_certificate=$tree/mok.pub \
		dkms "$@" -k "$abi" --kernelsourcedir "/usr/src/linux-headers-$abi" \
		--dkmstree "$tree/dkms" --sourcetree "$tree/source" \
		--installtree "$tree/install" --no-depmod
}

# dkms_private_install TREE ABI SOURCE_DIR: add, build and install the
# package in SOURCE_DIR (a directory with dkms.conf) into TREE (an absolute
# path: dkms links its tree to the source); prints the installed module's path.
dkms_private_install() {
	local tree=$1 abi=$2 src=$3 name version step
	name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$src/dkms.conf")
	version=$(dkms_conf_version "$src")
	rm -rf "$tree"
	mkdir -p "$tree/source"
	cp -a "$src" "$tree/source/$name-$version"
	for step in add build install; do
		dkms_private "$tree" "$abi" "$step" -m "$name" -v "$version" >&2 || return 1
	done
	echo "$tree/install/$abi/updates/dkms/memdisk_blk.ko"
}
