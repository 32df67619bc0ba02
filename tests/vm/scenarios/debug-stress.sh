#!/bin/bash
# stress.sh shortened for the debug kernel (KASAN, UBSAN, kmemleak,
# lockdep): 4 verifying readers for 20 s while partitions are re-read,
# then its partition and write checks; nothing reported, no leak.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-hardening.sh
. tests/vm/lib-hardening.sh
# shellcheck source=tests/vm/lib-debug.sh
. tests/vm/lib-debug.sh

VM_TIMEOUT=${DEBUG_STRESS_TIMEOUT:-480}
work=$(vm_builddir debug-stress)
image=$work/stress.iso
log=$work/serial.log
rm -rf "$work/payload" "$work/extra"
mkdir -p "$work/payload"
"$(vm_guest_tool verify)" make "$work/payload/pattern.bin" 16384
vm_extra_verify "$work/extra"
# stress.sh but for its length and number of readers, which must still
# be where this expects them.
# shellcheck disable=SC2016 # $seconds is the guest's, in patterns
sed -e 's/^seconds=60$/seconds=20/' -e 's/ "\$seconds" 8$/ "$seconds" 4/' \
	tests/vm/guest/stress.sh >"$work/stress-short.sh"
# shellcheck disable=SC2016 # the same
if ! grep -q '^seconds=20$' "$work/stress-short.sh" || ! grep -q ' "\$seconds" 4$' "$work/stress-short.sh"; then
	echo "vm: tests/vm/guest/stress.sh no longer sets seconds=60 and 8 readers as expected" >&2
	exit 1
fi
DEBUG_INNER=$work/stress-short.sh debug_initramfs "$work" tests/vm/guest/debug-wrap.sh
vm_iso "$image" "$work/initrd.gz" "$work/payload"
read -r start half < <(vm_partition_file "$image" /pattern.bin)
vm_boot_memdisk "$log" "$image" "iso raw"
vm_checks "$log"
vm_log_clean "$log"
vm_expect_eq "partition 1" "$start $half" "$(vm_value "$log" p1-start) $(vm_value "$log" p1-size)"
vm_expect_eq "partition 2" "$((start + half)) $half" "$(vm_value "$log" p2-start) $(vm_value "$log" p2-size)"
vm_expect_eq "hash after the writes" "$(vm_sha256 "$image")" "$(vm_value "$log" sha256)"
