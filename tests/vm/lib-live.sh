# shellcheck shell=bash
# Host side of the Debian live scenarios (live-debian.sh, live-dracut.sh,
# and the remaster-* ones), sourced after tests/vm/lib.sh: build the ISO
# with tests/live/build-debian-live.sh, boot it under MEMDISK, and assert
# that the live root came from the squashfs on /dev/memdisk0. The live
# system's init is tests/vm/guest/live-debian.sh.

# mount_fields MOUNT_LINE: its device, mount point and type.
mount_fields() {
	cut -d ' ' -f 1-3 <<<"$1"
}

# live_expect_root LOG DEVICE MEDIUM_DIR TOKEN_FILE: the live system of
# LOG came up from the squashfs on the iso9660 medium DEVICE, mounted on
# MEDIUM_DIR, and read TOKEN_FILE's token from its root.
live_expect_root() {
	vm_expect_eq "live medium" "$2 $3 iso9660" "$(mount_fields "$(vm_value "$1" medium-mount)")"
	vm_expect_eq "root filesystem" "/ overlay" \
		"$(mount_fields "$(vm_value "$1" root-mount)" | cut -d ' ' -f 2-)"
	vm_expect_eq "squashfs loop backing file" "$3${LIVE_SQUASHFS:-/live/filesystem.squashfs}" \
		"$(vm_value "$1" squashfs-backing)"
	vm_expect_eq "token from the squashfs root" "$(cat "$4")" "$(vm_value "$1" token)"
}

# live_expect_memdisk LOG ISO MEDIUM_DIR TOKEN_FILE: as live_expect_root,
# from /dev/memdisk0, which holds ISO's bytes (LIVE_MEDIUM_DEV: a partition
# of it, the ISO 9660 partition of an ISO with a GPT).
live_expect_memdisk() {
	live_expect_root "$1" "${LIVE_MEDIUM_DEV:-/dev/memdisk0}" "$3" "$4"
	vm_expect_eq "memdisk0 size" "$(stat -c %s "$2")" "$(vm_value "$1" memdisk-size)"
	vm_expect_eq "memdisk0 sha256" "$(vm_sha256 "$2")" "$(vm_value "$1" memdisk-sha256)"
}

# live_scenario NAME FLAVOUR MEDIUM_DIR: build (when needed) and boot the
# LIVE_FLAVOUR=FLAVOUR ISO in build/vm/NAME; its initramfs must have
# mounted /dev/memdisk0 on MEDIUM_DIR and the root from the squashfs there.
live_scenario() {
	local work log iso
	work=$(vm_workdir "$1")
	log=$work/serial.log
	iso=$(LIVE_FLAVOUR=$2 bash tests/live/build-debian-live.sh "$work")
	# The ISO sits in RAM twice: MEMDISK's copy, and the squashfs pages cached.
	VM_MEM=2048 vm_boot_checked memdisk "$log" "$iso" "iso raw"
	live_expect_memdisk "$log" "$iso" "$3" "$work/token"
}
