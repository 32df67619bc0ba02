# shellcheck shell=sh
# Every error path of a load, by fault injection: the module loaded with
# its 1st, 2nd, ... allocation failed (debug-lib.sh's faults) with the
# images MEMDISK left (one, or two chained), and with region= for a lone
# image; then kmemleak's verdict on all of it.
# shellcheck source=tests/vm/guest/debug-lib.sh
. /lib/debug.sh
faults_setup
kmemleak_forget
insmod "$ko"
images=$(disks)
check module-code-in-modules-area in_modules_area
rmmod memdisk_blk
value images "$images"
faults "autoprobe-$images" "$images"
[ "$images" != 1 ] || faults region 1 "autoprobe=0 region=$(memdiskfind)"
kmemleak_verdict no-leak
