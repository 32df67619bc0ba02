# shellcheck shell=sh
# What the guests of the debug-* scenarios share, installed as
# /lib/debug.sh (they boot tests/kernel/x86_64-debug.config's kernel):
# debugfs, kmemleak's verdict, and loads with the n-th allocation failed
# (tests/vm/guest-tools/debug-failnth.c).
dbg=/sys/kernel/debug
ko=/lib/modules/$(uname -r)/extra/memdisk_blk.ko
mount -t debugfs debugfs "$dbg"

# kmemleak_forget: what kmemleak suspects so far (boot) is not ours.
kmemleak_forget() {
	echo scan >"$dbg/kmemleak"
	echo clear >"$dbg/kmemleak"
}

# kmemleak_verdict NAME: a check that nothing allocated since
# kmemleak_forget leaked; the objects it reports go to the console.
kmemleak_verdict() {
	# kmemleak reports objects older than 5 s only, and only those it
	# found unreferenced and unchanged in two scans running.
	sleep 6
	echo scan >"$dbg/kmemleak"
	echo scan >"$dbg/kmemleak"
	_k_leaks=$(cat "$dbg/kmemleak")
	[ -z "$_k_leaks" ] || printf '%s\n' "$_k_leaks"
	check_eq "$1" 0 "$(printf '%s\n' "$_k_leaks" | grep -c 'unreferenced object')"
}

# Where x86-64 puts modules (no KASLR in this kernel): MODULES_VADDR and
# MODULES_END.
modules_start=0xffffffffa0000000
modules_end=0xffffffffff000000

# faults_setup: fail-nth applies to sleeping allocations of any order
# too, and only to those with module code (ours: the only module) among
# the 8 innermost frames of their stack: the driver's own and those a
# level or two down in what it calls (about 25 per load), not the module
# loader's hundreds before its init runs nor the 400 deep inside
# add_disk() (32 frames: an hour of CI). An injected
# failure prints nothing (debug.verbose=1 or 2 on the command line prints
# it, 2 with the stack: for finding the call sites, not for a clean log).
faults_setup() {
	_f_verbose=$(sed -n 's/.*debug\.verbose=\([0-9]\).*/\1/p' /proc/cmdline)
	for _f in failslab fail_page_alloc; do
		echo N >"$dbg/$_f/ignore-gfp-wait"
		echo "${_f_verbose:-0}" >"$dbg/$_f/verbose"
		echo 8 >"$dbg/$_f/stacktrace-depth"
		echo "$modules_start" >"$dbg/$_f/require-start"
		echo "$modules_end" >"$dbg/$_f/require-end"
	done
	echo 0 >"$dbg/fail_page_alloc/min-order"
}

# in_modules_area: the loaded module's code is where faults_setup expects
# (the addresses are too large for shell arithmetic: their digits tell).
in_modules_area() {
	for _f in .text .init.text; do
		case $(cat "/sys/module/memdisk_blk/sections/$_f") in
		0xffffffffff*) return 1 ;;
		0xffffffff[a-f]???????) ;;
		*) return 1 ;;
		esac
	done
}

# memdisk_gone: the module, its disks and its claims are all gone.
memdisk_gone() {
	! grep -q '^memdisk_blk ' /proc/modules && [ "$(disks)" = 0 ] &&
		! grep -q memdisk /proc/iomem
}

# disks: how many memdisk disks there are.
disks() {
	set -- /sys/block/memdisk*
	[ -e "$1" ] || set --
	echo "$#"
}

# faults NAME DISKS [PARAMS]: for n = 1, 2, ... the module is loaded with
# PARAMS and its n-th allocation failed, until a load has nothing left to
# fail and makes DISKS disks. After each: a load that failed left nothing
# behind; one that absorbed the failure unloads and leaves nothing
# behind, and says why if it made fewer disks; after one that failed or
# made fewer disks, the next normal load makes DISKS disks. Each point's
# outcome and kernel messages are reported as NAME-N values.
faults() {
	_f_name=$1
	_f_disks=$2
	_f_params=${3:-}
	_f_n=0
	_f_bad=
	while [ "$_f_n" -lt 2000 ]; do
		_f_n=$((_f_n + 1))
		_f_mark=$(dmesg_mark)
		_f_out=$(debug-failnth "$_f_n" "$ko" "$_f_params")
		_f_got=$(disks)
		case $_f_out in
		"injected=no result=0 "*)
			rmmod memdisk_blk
			break
			;;
		"injected=yes result=0 "*)
			rmmod memdisk_blk || _f_bad="$_f_bad $_f_n:rmmod"
			;;
		"injected=yes result="*) ;;
		*) _f_bad="$_f_bad $_f_n:$_f_out" ;;
		esac
		memdisk_gone || _f_bad="$_f_bad $_f_n:left-behind"
		# The messages but for stack dumps and memory state.
		value "$_f_name-$_f_n" "$_f_out disks=$_f_got" "$(dmesg_since "$_f_mark" |
			grep -e memdisk -e error -e fail -e unable -e Cannot |
			grep -v -e '^ ' -e '^CPU: ' | tr '\n' '|')"
		if [ "$_f_got" = "$_f_disks" ]; then
			continue
		fi
		# A load that failed has its error; one that made fewer disks
		# must say which image it left out and why.
		case $_f_out in
		"injected=yes result=0 "*)
			memdisk_log_since "$_f_mark" | grep -q -e ' refused: ' -e ': cannot add the disk: ' ||
				_f_bad="$_f_bad $_f_n:disk-missing-unexplained"
			;;
		esac
		if ! debug-failnth 0 "$ko" "$_f_params" >/dev/null ||
			[ "$(disks)" != "$_f_disks" ] || ! rmmod memdisk_blk || ! memdisk_gone; then
			_f_bad="$_f_bad $_f_n:next-load"
		fi
	done
	value "$_f_name-points" "$((_f_n - 1))"
	check_eq "$_f_name-last-load-makes-disks" "$_f_disks" "$_f_got"
	check_eq "$_f_name-every-point-clean" "" "$_f_bad"
}
