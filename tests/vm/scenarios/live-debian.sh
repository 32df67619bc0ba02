#!/bin/bash
# A real Debian live ISO (tests/live/build-debian-live.sh: Debian's kernel,
# live-boot, update-initramfs, our module, udev rule and initramfs-tools
# hook) booted through MEMDISK `iso raw`, without phram or memdiskfind:
# live-boot must find its medium on /dev/memdisk0 and switch to the
# squashfs root, whose init (tests/vm/guest/live-debian.sh) reports what
# it runs from. Time: about 2.5 min the first time (root cached under
# /var/cache/memdisk_blk/live), then about 35 s of build when the module
# changed, nothing when not, plus a 30 s boot.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-live.sh
. tests/vm/lib-live.sh

live_scenario live-debian initramfs-tools /run/live/medium
