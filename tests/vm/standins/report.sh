# shellcheck shell=sh
# The stand-ins' report, sourced last by the stand-in init: the device the
# family's search settled on (STANDIN_MEDIUM, "none" when it found none),
# whether memdisk_blk's disk existed when the search began
# (STANDIN_AT_SEARCH), the /dev/disk/by-* link the search could use
# (STANDIN_LINK), and the init's panic message, if any. The one
# check: the init ran to here.
value medium "${STANDIN_MEDIUM:-none}"
value memdisk-at-search "${STANDIN_AT_SEARCH:-unset}"
value link "${STANDIN_LINK:-}"
value panic "${STANDIN_PANIC:-}"
check standin-init-ran true
