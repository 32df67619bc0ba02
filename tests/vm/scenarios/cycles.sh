#!/bin/bash
# 1000 load/unload cycles leave nothing behind: no claim in /proc/iomem,
# no message but the device line, and no memory growth beyond the
# tolerances below (figures measured after dropping caches). About 80 s.
set -eu
cd "$(dirname "$0")/../../.."
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh

vm_memdisk_scenario cycles "iso raw"
echo "vm: 1000 cycles took $(vm_value "$VM_LOG" cycles-seconds) s in the guest"

# growth WHAT FIELD MAX_KIB: FIELD's after minus before value may not
# exceed MAX_KIB (MemFree counts the other way: its drop is the growth).
growth() {
	local before after grown
	before=$(vm_value "$VM_LOG" "$2-before")
	after=$(vm_value "$VM_LOG" "$2-after")
	grown=$((after - before))
	[ "$2" != MemFree ] || grown=$((before - after))
	if [ "$grown" -gt "$3" ]; then
		echo "vm: $1 grew by $grown KiB over 1000 cycles (limit $3 KiB)" >&2
		return 1
	fi
	echo "vm: $1: $before -> $after KiB (growth $grown, limit $3)"
}

# Clean runs measured growths of -32 to 0 KiB. The limits sit well above
# that and below one leaked object per cycle: a mapping (VmallocUsed would
# grow by the image each time), a struct memdisk (over 256 bytes of
# unreclaimable slab) or a page (MemFree: 4000 KiB).
growth "vmalloc in use" VmallocUsed 64
growth "unreclaimable slab" SUnreclaim 256
growth "active slab objects" slab-objects 256
growth "slab" Slab 512
growth "free memory drop" MemFree 2048
