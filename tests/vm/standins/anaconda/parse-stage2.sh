#!/bin/sh
# Stand-in of anaconda's cmdline hook 27 (rhinstaller/anaconda 8eddd3c9,
# dracut/parse-anaconda-repo.sh; tests/STANDINS.md), written from what it
# does, not copied: inst.stage2=hd:DEV[:PATH] (also cd:, cdrom:) becomes
# root=anaconda-disk:DEV[:PATH] (l.9-36), and the initqueue waits for
# /dev/root (l.56-58), which dmsquash-live-root makes once the stage2 is
# set up. Sourced by dracut's init, dracut-lib.sh already read.
# shellcheck shell=sh disable=SC2034 # root, rootok: read by dracut's init
stage2=$(getarg inst.stage2=)
case $stage2 in
hd:?* | cd:?* | cdrom:?*) root="anaconda-disk:${stage2#*:}" ;;
*) [ -z "$stage2" ] || warn "anaconda stand-in: inst.stage2=$stage2 is not a disk" ;;
esac
case $root in
anaconda-*)
	wait_for_dev /dev/root
	rootok=1
	;;
esac
