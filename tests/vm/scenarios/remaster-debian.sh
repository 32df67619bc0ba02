#!/bin/bash
# memdisk-remaster on a stock Debian live ISO (live-boot, initramfs-tools:
# tests/live/build-debian-live.sh with LIVE_STOCK=yes, nothing of ours in
# it), headers from apt (neither --kdir nor --module): through MEMDISK the
# stock ISO does not find its medium (live-boot gives up after its 60
# tries: about 90 s), the remastered one comes up from /dev/memdisk0, and
# as a CD-ROM from /dev/sr0 (tests/vm/lib-remaster.sh, rm_live_scenario).
# The appended archive: an init-premount script run by a new ORDER.
# Time, measured on the 2-core machine under load from other builds:
# 6 min the first time (the stock ISO built in 1 to 3.5 min from the root
# live-debian.sh caches, the headers downloaded and the module built in
# 25 s), then 2.5 to 3 min: the stock boot (live-boot's 60 tries: 90 s
# alone, up to 170 s beside the other guests) runs while the remastered
# ISO boots through MEMDISK (50 s) and as a CD-ROM (40 to 50 s).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

vm_guest_kernel
rm_live_scenario remaster-debian initramfs-tools /run/live/medium \
	"Unable to find a medium containing a live file system" rm_check_live_boot
