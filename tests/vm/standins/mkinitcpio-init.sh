# shellcheck shell=sh
# Stand-in of mkinitcpio's /init (v41, l.1-67), run as the guest's
# /scenario.sh: /config's EARLYHOOKS (run_earlyhook; where memdisk-remaster
# adds memdisk_blk), the MODULES, HOOKS (run_hook: archiso and miso only
# choose their mount handler there, miso also searches), then the mount
# handler, which must find and mount the medium. Reports what it found.
# shellcheck source=tests/vm/standins/init_functions.sh
. /init_functions
# shellcheck source=/dev/null
. /config
# shellcheck disable=SC2086 # word splitting, as init relies on
run_hookfunctions run_earlyhook 'early hook' $EARLYHOOKS
# shellcheck disable=SC2086
[ -z "$MODULES" ] || modprobe -qa $MODULES
# shellcheck disable=SC2086
run_hookfunctions run_hook hook $HOOKS
"$mount_handler" /new_root
# shellcheck source=tests/vm/standins/report.sh
. /standin-report.sh
