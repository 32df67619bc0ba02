# shellcheck shell=sh
# Smoke scenario, guest side (see tests/vm/scenarios/smoke.sh).
check memdiskfind memdiskfind
value memdiskfind "$(memdiskfind)"
check modprobe-isofs modprobe isofs
check iso9660-registered grep -qw iso9660 /proc/filesystems
