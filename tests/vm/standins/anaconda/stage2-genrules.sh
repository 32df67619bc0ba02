#!/bin/sh
# Stand-in of anaconda's pre-trigger hook 50 (rhinstaller/anaconda
# 8eddd3c9, dracut/repo-genrules.sh l.7-14, with anaconda-lib.sh's
# disk_to_dev_path l.209-216 and when_diskdev_appears l.228-235;
# tests/STANDINS.md), written from what they do, not copied: a udev rule
# that runs anaconda-diskroot through the initqueue, once udev has
# settled, on the device whose name or symlink root=anaconda-disk: names
# (LABEL=X: /dev/disk/by-label/X). dracut's init reloads udev's rules after
# the pre-trigger hooks. Sourced by dracut's init.
# shellcheck shell=sh disable=SC2154 # root: set by the cmdline hooks
case $root in
anaconda-disk:*)
	spec=${root#anaconda-disk:}
	dev=${spec%%:*}
	path=
	[ "$dev" = "$spec" ] || path=${spec#*:}
	case $dev in
	CDLABEL=* | LABEL=*) dev=disk/by-label/${dev#*LABEL=} ;;
	UUID=*) dev=disk/by-uuid/${dev#UUID=} ;;
	/dev/*) dev=${dev#/dev/} ;;
	esac
	cmd="/sbin/initqueue --settled --onetime --name anaconda-diskroot /sbin/anaconda-diskroot \$env{DEVNAME} $path"
	mkdir -p /etc/udev/rules.d
	{
		printf 'SUBSYSTEM=="block", KERNEL=="%s", RUN+="%s"\n' "$dev" "$cmd"
		printf 'SUBSYSTEM=="block", SYMLINK=="%s", RUN+="%s"\n' "$dev" "$cmd"
	} >>/etc/udev/rules.d/90-anaconda.rules
	;;
esac
