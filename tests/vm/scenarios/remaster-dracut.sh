#!/bin/bash
# memdisk-remaster on a stock dracut live ISO (Debian's dracut and
# dracut-live, root=live:CDLABEL=: tests/live/build-debian-live.sh with
# LIVE_STOCK=yes, nothing of ours in it), the module built with --kdir:
# through MEMDISK the stock ISO does not find its medium (rd.retry=20:
# dracut gives up, "/dev/disk/by-label/MEMDISK_LIVE does not exist", and
# with no reboot in Debian's dracut image its init exits), the remastered
# one comes up from /dev/memdisk0 (the by-label link our udev rule makes),
# and as a CD-ROM from /dev/sr0 (tests/vm/lib-remaster.sh,
# rm_live_scenario). The appended archive: the pre-udev hook `dracut --add
# memdisk_blk` would install. Time, measured on the 2-core machine under
# load: 3.5 min the first time (the stock ISO built in 140 s from the root
# live-dracut.sh caches), then 1.7 min: the stock boot (65 to 75 s) runs
# while the remastered ISO boots through MEMDISK and as a CD-ROM (30 to
# 45 s each).
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-remaster.sh
. tests/vm/lib-remaster.sh

vm_guest_kernel
rm_live_scenario remaster-dracut dracut /run/initramfs/live \
	"Warning: /dev/disk/by-label/MEMDISK_LIVE does not exist" rm_check_dracut --kdir "$VM_KDIR"
