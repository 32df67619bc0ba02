#!/bin/bash
# memdisk-probe when memory runs out: an ASan build with failmalloc.c
# linked in is run with its 1st, 2nd, ... allocation failing (fopen's and
# stdio's included) until a run has nothing left to fail. Each such run
# must either exit 2 with a message and no output, or give the output and
# status of a run without failures (a failure the C library absorbs, such
# as stdout's buffer); never a sanitizer report, never a partial answer.
# Usage: test-probe-enomem.sh TOOLS_DIR DUMPDIR BUILDDIR
set -u
tools=$(realpath "$1")
dumps=$(realpath "$2")
probe=$(realpath "$3")/memdisk-probe-enomem
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/unit/testlib.sh
. "$(dirname "$0")/testlib.sh"

${CC:-gcc} -O1 -g -std=gnu11 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -I"$tools/../module" -I"$tools/../efi" -DPROBE_VERSION='"enomem"' \
	-o "$probe" "$tools"/memdisk-probe.c "$tools"/probe-source.c "$tools"/probe-print.c \
	"$tools"/probe-nfit.c "$tools/../module/mbft.c" "$tools/../efi/nfit.c" \
	"$(dirname "$0")/failmalloc.c" || exit 1

# A machine where memdisk_blk took the iso dump's image as memdisk0: the
# live paths open /proc/iomem and sysfs files.
root=$work/root
disk=$root/sys/block/memdisk0/memdisk
mkdir -p "$root/dev" "$root/proc" "$root/sys/module/memdisk_blk" "$disk"
cp "$dumps/memdisk-iso.lowmem" "$root/dev/mem"
printf '%s\n' "00001000-0009efff : System RAM" "0fec6000-0ffdf7ff : Reserved" \
	"  0fec6000-0ffdf7ff : memdisk" >"$root/proc/iomem"
printf '%s\n' 0xfec6000 >"$disk/phys_addr"
printf '%s\n' 1153024 >"$disk/image_size"
printf '%s\n' mbft >"$disk/source"

# enomem ARGS...: the probe's allocations failed in turn, as above.
enomem() {
	local n=0 rc ref_rc
	FAIL_MALLOC_NTH=0 "$probe" "$@" >"$work/ref" 2>"$work/ref.err"
	ref_rc=$?
	while :; do
		n=$((n + 1))
		rm -f "$work/injected"
		FAIL_MALLOC_NTH=$n FAIL_MALLOC_LOG=$work/injected "$probe" "$@" >"$work/out" 2>"$work/err"
		rc=$?
		if grep -q 'Sanitizer\|runtime error' "$work/err"; then
			echo "  allocation $n failed: sanitizer report:"
			sed 's/^/    /' "$work/err"
			return 1
		fi
		if [ ! -e "$work/injected" ]; then
			echo "  $((n - 1)) allocations, each failed in turn"
			[ "$rc" -eq "$ref_rc" ] && cmp -s "$work/ref" "$work/out"
			return
		fi
		[ "$rc" -eq 2 ] && [ -s "$work/err" ] && [ ! -s "$work/out" ] && continue
		[ "$rc" -eq "$ref_rc" ] && cmp -s "$work/ref" "$work/out" && continue
		echo "  allocation $n failed: exit $rc (without failures $ref_rc), stderr '$(cat "$work/err")', output:"
		diff "$work/ref" "$work/out" | sed 's/^/    /'
		return 1
	done
}

t enomem-report-dump enomem --mem "$dumps/memdisk-iso.lowmem"
t enomem-json-dump enomem --json --mem "$dumps/memdisk-chain.lowmem"
t enomem-report-live enomem --root "$root"
t enomem-json-live enomem --json --root "$root"
t enomem-phram-live enomem --phram --root "$root"
summary memdisk-probe-enomem
