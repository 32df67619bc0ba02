# shellcheck shell=bash
# Helpers for the udev and initramfs-hook scenarios (sourced after
# tests/vm/lib.sh): stage the files a distribution's initramfs would hold.

# The kernel's modules for a UEFI RAM disk (or any NFIT range): for
# vm_initramfs, as the hooks put them into a distribution's initramfs.
# shellcheck disable=SC2034 # used by the scenarios that source this
VM_PMEM_MODULES="libnvdimm nfit nd_btt nd_pmem"

# vm_stage_boot_hooks DIR: our loader and the runtime half of each
# generator's hook, at the paths they have inside those initramfs images.
vm_stage_boot_hooks() {
	local dir=$1 src=$VM_TOP/initramfs
	install -D -m 755 "$src/memdisk-load" "$dir/usr/lib/memdisk_blk/memdisk-load"
	install -D -m 755 "$src/initramfs-tools/scripts/init-premount/memdisk_blk" \
		"$dir/scripts/init-premount/memdisk_blk"
	install -D -m 644 "$src/mkinitcpio/hooks/memdisk_blk" "$dir/hooks/memdisk_blk"
	install -D -m 644 "$src/dracut/90memdisk_blk/memdisk_blk-load.sh" \
		"$dir/lib/dracut/hooks/pre-udev/30-memdisk_blk-load.sh"
}

# vm_stage_udev DIR: Debian's systemd-udevd (a name of udevadm) with its
# libraries, the stock persistent-storage rules (they skip memdisk*, and
# give pmem* their by-label links), 80-drivers.rules (modalias loading:
# nfit for ACPI0012, nd_pmem for a namespace) and ours, as
# initramfs-tools' udev hook lays them out.
vm_stage_udev() {
	local dir=$1
	mkdir -p "$dir"
	vm_stage_binary "$dir" /bin/udevadm
	mkdir -p "$dir/lib/systemd" "$dir/lib/udev/rules.d"
	ln -sf /bin/udevadm "$dir/lib/systemd/systemd-udevd"
	install -m 644 /lib/udev/rules.d/60-persistent-storage.rules \
		/lib/udev/rules.d/80-drivers.rules \
		"$VM_TOP/udev/60-memdisk_blk.rules" "$dir/lib/udev/rules.d/"
}
