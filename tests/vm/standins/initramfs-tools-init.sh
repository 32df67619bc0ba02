# shellcheck shell=sh
# Stand-in of initramfs-tools' /init (Debian 12, initramfs-tools 0.142,
# /usr/share/initramfs-tools/init l.216-251), run as the guest's
# /scenario.sh: the boot script from boot= (BOOT), init-top (udev), the
# modules of /conf/modules, init-premount (where memdisk-remaster puts
# memdisk_blk), then /scripts/$BOOT and its mountroot, which must find the
# medium. Reports what it found (tests/vm/standins/report.sh).
# shellcheck source=tests/vm/standins/functions.sh
. /scripts/functions
# shellcheck source=/dev/null
. /conf/initramfs.conf
read -r cmdline </proc/cmdline
for x in $cmdline; do
	case $x in
	boot=*) BOOT=${x#boot=} ;;
	esac
done
run_scripts /scripts/init-top
load_modules
run_scripts /scripts/init-premount
# shellcheck source=tests/vm/standins/casper.sh
. "/scripts/$BOOT"
mountroot
# shellcheck source=tests/vm/standins/report.sh
. /standin-report.sh
