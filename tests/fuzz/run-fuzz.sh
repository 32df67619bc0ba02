#!/bin/bash
# run-fuzz.sh FUZZER ARGS...: fuzz from corpus/ (read only), with new
# entries and crash inputs in a temporary directory that is removed
# unless the fuzzer failed.
set -u
cd "$(dirname "$0")" || exit 2
fuzzer=$1
shift
work=$(mktemp -d /tmp/fuzz_mbft.XXXXXX)
if "$fuzzer" "$@" -print_final_stats=1 -artifact_prefix="$work/" "$work" corpus; then
	rm -rf "$work"
else
	echo "fuzz_mbft: FAILED; the crashing input is in $work" >&2
	exit 1
fi
