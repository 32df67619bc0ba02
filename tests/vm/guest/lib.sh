# shellcheck shell=sh
# Result helpers for the guest side of the scenarios (busybox sh, POSIX
# only), sourced by /init before it runs /scenario.sh. Each result is one
# serial-console line that tests/vm/lib.sh parses:
#   @@check NAME pass | @@check NAME fail DETAIL | @@value NAME VALUE | @@done
# NAMEs are single words. POSIX sh has no local variables: helpers use _g_
# prefixed globals to stay out of the scenarios' way.

# result LINE: emit one result line. Through /dev/kmsg the kernel prints
# it as one record, so neither kernel messages nor other output can split
# it. Level 3 (err) reaches the console even when booted with `quiet`.
result() {
	printf '<3>%s\n' "$*" >/dev/kmsg 2>/dev/null || printf '\n%s\n' "$*"
}

# one_line TEXT: TEXT joined into one line and cut short, fit for a result.
one_line() {
	printf '%s\n' "$*" | tr -d '\r' | awk 'NR > 1 { printf " | " } { printf "%s", $0 }' | cut -c 1-300
}

# check NAME CMD...: run CMD; pass when it succeeds. On failure its output
# is also shown in full. Returns CMD's success.
check() {
	_g_name=$1
	shift
	_g_status=0
	_g_out=$("$@" 2>&1) || _g_status=$?
	if [ "$_g_status" -eq 0 ]; then
		result "@@check $_g_name pass"
		return 0
	fi
	[ -z "$_g_out" ] || printf '%s\n' "$_g_out" | sed "s/^/  | /"
	result "@@check $_g_name fail exit $_g_status: $(one_line "$_g_out")"
	return 1
}

# check_fails NAME CMD...: pass when CMD fails.
check_fails() {
	_g_name=$1
	shift
	if _g_out=$("$@" 2>&1); then
		result "@@check $_g_name fail succeeded: $(one_line "$_g_out")"
		return 1
	fi
	result "@@check $_g_name pass"
}

# check_eq NAME EXPECTED ACTUAL: pass when both strings are equal.
check_eq() {
	if [ "$2" = "$3" ]; then
		result "@@check $1 pass"
		return 0
	fi
	result "@@check $1 fail expected '$(one_line "$2")' got '$(one_line "$3")'"
	return 1
}

# value NAME VALUE...: report a value for the host (vm_value).
value() {
	_g_name=$1
	shift
	result "@@value $_g_name $(one_line "$*")"
}

# dmesg_mark: prints a mark for dmesg_since (the kernel log's length).
dmesg_mark() {
	dmesg | wc -l
}

# dmesg_since MARK: the kernel messages logged after dmesg_mark printed
# MARK, without timestamps and but for our own result lines.
dmesg_since() {
	dmesg | tail -n "+$(($1 + 1))" | sed 's/^\[[ 0-9.]*\] //' |
		grep -v '^@@\(check\|value\|done\)'
}

# memdisk_log_since MARK: the kernel's lines about memdisk since MARK,
# without the one-off taint notes of the first load. The rest of the kernel
# logs when it will (a late TSC calibration, a slow timer under TCG);
# warnings from anywhere fail the scenario in the host's log scan.
memdisk_log_since() {
	dmesg_since "$1" | grep memdisk | grep -v 'taint'
}

# value_long NAME VALUE...: like value, for one line up to about 900
# characters (a kernel log record holds 1 KiB), e.g. a JSON document.
value_long() {
	_g_name=$1
	shift
	result "@@value $_g_name $(printf '%s' "$*" | tr -d '\r\n')"
}

# load_memdisk [PARAM...]: modprobe memdisk_blk as a check.
load_memdisk() {
	check load-memdisk_blk modprobe memdisk_blk "$@"
}

# device_sha256 DEV: DEV's hash read with O_DIRECT, so the page cache
# (which a refused buffered write may have dirtied) cannot hide the truth.
device_sha256() {
	dd if="$1" bs=1M iflag=direct 2>/dev/null | sha256sum | cut -d ' ' -f 1
}

# wait_block DEV: succeeds once DEV is a block device, waiting up to 10 s
# (nd_pmem, say, probes its namespace asynchronously).
wait_block() {
	_g_tries=0
	while [ ! -b "$1" ] && [ "$_g_tries" -lt 100 ]; do
		sleep 0.1
		_g_tries=$((_g_tries + 1))
	done
	test -b "$1"
}

# sysfs_attr DEV NAME: one of memdisk_blk's sysfs attributes of DEV.
sysfs_attr() {
	cat "/sys/block/$1/memdisk/$2"
}

# contains TEXT REGEX: some line of TEXT matches REGEX (for check).
contains() {
	printf '%s\n' "$1" | grep -q -- "$2"
}

# The checks below use the scenario's $ko (the module file) and $dev
# (/dev/memdisk0).

# expect_messages CASE COUNT MESSAGE TEXT: TEXT has COUNT lines, all of
# them memdisk_blk's, and one is MESSAGE (a regex).
expect_messages() {
	value "$1-message" "$4"
	check_eq "$1-message-count" "$2" "$(printf '%s\n' "$4" | grep -c .)"
	check_eq "$1-only-memdisk_blk" 0 "$(printf '%s\n' "$4" | grep -c -v '^memdisk_blk: ')"
	check "$1-says-why" contains "$4" "^memdisk_blk: $3\$"
}

# expect_load_fails CASE MESSAGE PARAM...: loading with PARAMs fails with
# exactly MESSAGE: no device was ever added, nothing stays claimed.
# busybox insmod (like its modprobe) runs a failing init twice,
# finit_module then init_module: the one message comes twice.
# shellcheck disable=SC2154 # $ko and $dev are the guest script's
expect_load_fails() {
	_case=$1
	_message=$2
	shift 2
	mark=$(dmesg_mark)
	check_fails "$_case-load-fails" insmod "$ko" "$@"
	check_fails "$_case-not-loaded" grep -q '^memdisk_blk ' /proc/modules
	check_fails "$_case-no-device" test -e "$dev"
	check_fails "$_case-iomem-clean" grep -q memdisk /proc/iomem
	check_eq "$_case-two-inits" 2 "$(memdisk_log_since "$mark" | grep -c .)"
	expect_messages "$_case" 1 "$_message" "$(memdisk_log_since "$mark" | uniq)"
}
