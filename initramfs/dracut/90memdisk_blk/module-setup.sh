#!/bin/bash
# dracut module (/usr/lib/dracut/modules.d/90memdisk_blk/): memdisk_blk,
# its loader and its udev rule, loaded in the pre-udev hook. Add it with
# `dracut --add memdisk_blk` or add_dracutmodules+=" memdisk_blk ".

# called by dracut: only when asked for, like dmsquash-live, whose live
# images are where a MEMDISK boot is useful.
check() {
	return 255
}

# called by dracut
depends() {
	echo udev-rules
	return 0
}

# called by dracut
# A UEFI RAM disk (memdisk.efi) is /dev/pmemN through nfit and nd_pmem:
# dracut's 70nvdimm takes them for non-hostonly images only.
installkernel() {
	instmods memdisk_blk
	instmods libnvdimm nfit nd_btt nd_pmem
}

# called by dracut
install() {
	inst_script /usr/lib/memdisk_blk/memdisk-load
	inst_rules 60-memdisk_blk.rules
	if [ -x /usr/sbin/memdisk-probe ]; then
		inst_simple /usr/sbin/memdisk-probe
	fi
	# Before udevd starts: its coldplug trigger then makes the
	# /dev/disk/by-* links that root=live:CDLABEL= waits for.
	# shellcheck disable=SC2154 # moddir: set by dracut
	inst_hook pre-udev 30 "$moddir/memdisk_blk-load.sh"
}
