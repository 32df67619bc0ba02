#!/bin/bash
# memdisk-probe in a MEMDISK guest: the report, --phram equal to
# memdiskfind's line, --json that parses and matches the ISO file, as root
# and as a user who may not see the addresses.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_memdisk_scenario probe "iso raw"

# check_json NAME DEVICE [hidden]: the JSON the guest printed parses and
# describes the ISO; DEVICE is what memdisk_blk is expected to expose for
# it. "hidden": read by a user, from sysfs, without the addresses.
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
hidden = sys.argv[3] == "hidden"
assert doc["source"] == ("sysfs" if hidden else "devmem"), doc
for key in "address", "diskbuf":
	assert (table[key] is None) == hidden, table
print("json ok:", table["device"], table["image_size"], "hidden" if hidden else "")
' "$(stat -c %s "$VM_IMAGE")" "$2" "${3:-}"
}
check_json json-before ""
check_json json-after memdisk0
check_json json-user memdisk0 hidden
