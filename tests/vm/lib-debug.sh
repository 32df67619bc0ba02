# shellcheck shell=bash
# The debug-* scenarios (sourced after lib.sh): their guests boot the
# kernel of tests/kernel/x86_64-debug.config (KASAN, UBSAN, kmemleak,
# lockdep, debugobjects, fault injection), built and cached by
# build-kernel.sh, with our module built against it; vm_log_clean fails
# them on any of its checkers' reports.

# The first build takes minutes, and a guest under KASAN runs several
# times slower than on a stock kernel.
vm_built_kernel x86_64-debug

# debug_initramfs WORK GUEST_SCRIPT [MODULE...]: WORK/initrd.gz, whose
# guest runs GUEST_SCRIPT with /lib/debug.sh (tests/vm/guest/debug-lib.sh)
# and /bin/debug-failnth at hand, and with DEBUG_INNER (a guest script) as
# /lib/debug-inner.sh when set. They are staged in WORK/extra, with
# whatever the caller put there.
debug_initramfs() {
	local work=$1 script=$2 extra=$1/extra
	shift 2
	install -D -m 644 "$VM_TOP/tests/vm/guest/debug-lib.sh" "$extra/lib/debug.sh"
	install -D -m 755 "$(vm_guest_tool debug-failnth)" "$extra/bin/debug-failnth"
	[ -z "${DEBUG_INNER:-}" ] || install -m 644 "$DEBUG_INNER" "$extra/lib/debug-inner.sh"
	VM_EXTRA_DIR=$extra vm_initramfs "$work/initrd.gz" "$script" "$@"
}

# debug_scenario NAME "MEMDISK ARGS" [MODULE...]: tests/vm/guest/NAME.sh,
# a scenario of the stock kernels, run by guest/debug-wrap.sh on the debug
# kernel, which then asks kmemleak; otherwise as vm_memdisk_scenario (in
# build/vm/debug-NAME). Sets VM_WORK, VM_LOG and VM_IMAGE.
debug_scenario() {
	local name=$1 args=$2
	shift 2
	VM_WORK=$(vm_builddir "debug-$name")
	rm -rf "$VM_WORK/extra"
	DEBUG_INNER=$VM_TOP/tests/vm/guest/$name.sh \
		debug_initramfs "$VM_WORK" "$VM_TOP/tests/vm/guest/debug-wrap.sh" "$@"
	vm_scenario_boot "$name" "$args"
}
