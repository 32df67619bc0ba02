#!/bin/bash
# memdisk-probe in a MEMDISK guest: the report, --phram equal to
# memdiskfind's line, --json that parses and matches the ISO file.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_memdisk_scenario probe "iso raw"

# check_json NAME DEVICE: the JSON the guest printed parses and describes
# the ISO; DEVICE is what memdisk_blk is expected to expose for it.
check_json() {
	vm_value "$VM_LOG" "$1" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
valid = [t for t in doc["tables"] if t["valid"]]
assert len(valid) == 1, doc
table = valid[0]
assert table["image_size"] == int(sys.argv[1]), table
assert table["sector_size"] == 2048 and table["kind"] == "iso", table
assert table["cmdline"] == "iso raw", table
assert table["device"] == (sys.argv[2] or None), table
print("json ok:", table["device"], table["image_size"])
' "$(stat -c %s "$VM_IMAGE")" "$2"
}
check_json json-before ""
check_json json-after memdisk0
