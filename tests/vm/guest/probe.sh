# shellcheck shell=sh
# memdisk-probe against the real thing: report, --phram, --json, before
# and after memdisk_blk takes the range.
check probe-finds memdisk-probe
report=$(memdisk-probe)
printf '%s\n' "$report"
check_eq phram-line-equals-memdiskfind "$(memdiskfind)" "$(memdisk-probe --phram)"
found=$(memdiskfind)
check report-image-start contains "$report" "image: *$(printf '0x%08x' "${found%,*}")-"
check report-iso-kind contains "$report" "kind: *iso"
check report-cmdline contains "$report" '"iso raw"'
value_long json-before "$(memdisk-probe --json)"
load_memdisk
report=$(memdisk-probe)
printf '%s\n' "$report"
check report-block-device contains "$report" "block device: */dev/memdisk0"
value_long json-after "$(memdisk-probe --json)"

# A user who is not root: /dev/mem and the addresses are root-only, the
# rest is not, and a MEMDISK is there all the same.
mkdir -p /etc
echo 'probe:x:1000:1000::/:/bin/sh' >>/etc/passwd
# as_user CMDLINE: run it as that user; sets out (its stdout) and status.
as_user() {
	status=0
	out=$(su -s /bin/sh probe -c "$1") || status=$?
}
as_user 'id -u'
check_eq user-is-not-root 1000 "$out"
as_user memdisk-probe
printf '%s\n' "$out"
check_eq user-report-exit 0 "$status"
check user-report-device contains "$out" "block device: */dev/memdisk0"
check user-report-size contains "$out" "image: .* $((${found#*,})) bytes"
check user-report-hidden contains "$out" "address hidden (root only)"
as_user 'memdisk-probe --json'
check_eq user-json-exit 0 "$status"
value_long json-user "$out"
as_user 'memdisk-probe --phram 2>&1'
check_eq user-phram-exit 3 "$status"
check user-phram-needs-root contains "$out" "needs root"
