# shellcheck shell=sh
# A stock kernel's scenario (/lib/debug-inner.sh, a copy of
# tests/vm/guest/NAME.sh) on the debug kernel; then kmemleak's verdict on
# all it did.
# shellcheck source=tests/vm/guest/debug-lib.sh
. /lib/debug.sh
kmemleak_forget
# shellcheck disable=SC1091 # each scenario brings its own
. /lib/debug-inner.sh
kmemleak_verdict no-leak
