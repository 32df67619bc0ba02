#!/bin/bash
# The Debian live ISO of live-debian.sh, with Debian's dracut and
# dracut-live instead of initramfs-tools and live-boot, booted through
# MEMDISK `iso raw` with root=live:CDLABEL=: dmsquash-live waits for
# /dev/disk/by-label/MEMDISK_LIVE, which only our udev rule makes for
# /dev/memdisk0. Time: about 3 min the first time (root cached), then
# about 90 s of build when the module changed, plus the boot.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-live.sh
. tests/vm/lib-live.sh

live_scenario live-dracut dracut /run/initramfs/live
