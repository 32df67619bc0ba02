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
