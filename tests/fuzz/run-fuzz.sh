#!/bin/bash
# run-fuzz.sh FUZZER CORPUS ARGS...: fuzz from CORPUS (read only), with new
# entries and crash inputs in a temporary directory that is removed
# unless the fuzzer failed.
set -u
cd "$(dirname "$0")" || exit 2
fuzzer=$1
corpus=$2
shift 2
name=$(basename "$fuzzer")
work=$(mktemp -d "/tmp/$name.XXXXXX")
if "$fuzzer" "$@" -print_final_stats=1 -artifact_prefix="$work/" "$work" "$corpus"; then
	rm -rf "$work"
else
	echo "$name: FAILED; the crashing input is in $work" >&2
	exit 1
fi
