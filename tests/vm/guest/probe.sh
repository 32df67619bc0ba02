# shellcheck shell=sh
# memdisk-probe against the real thing: report, --phram, --json, before
# and after memdisk_blk takes the range.
check probe-finds memdisk-probe
report=$(memdisk-probe)
printf '%s\n' "$report"
check_eq phram-line-equals-memdiskfind "$(memdiskfind)" "$(memdisk-probe --phram)"
found=$(memdiskfind)
check report-image-start sh -c 'printf "%s\n" "$1" | grep -q "image: *$2-"' - "$report" \
	"$(printf '0x%08x' "${found%,*}")"
check report-iso-kind sh -c 'printf "%s\n" "$1" | grep -q "kind: *iso"' - "$report"
check report-cmdline sh -c 'printf "%s\n" "$1" | grep -qF "\"iso raw\""' - "$report"
value_long json-before "$(memdisk-probe --json)"
load_memdisk
report=$(memdisk-probe)
printf '%s\n' "$report"
check report-block-device sh -c 'printf "%s\n" "$1" | grep -q "/dev/memdisk0"' - "$report"
value_long json-after "$(memdisk-probe --json)"
