#!/bin/bash
# make bench, UEFI part: one hybrid ISO (ISOLINUX for BIOS, a unified
# kernel image as its El Torito EFI image, a random payload: 256 MiB in
# all) booted from iPXE three ways, on the same q35 TCG machine:
#   bios    SeaBIOS + the NIC ROM's iPXE, MEMDISK over HTTP (/dev/memdisk0)
#   stream  OVMF + ipxe.efi, `chain memdisk.efi iso URL`      (/dev/pmem0)
#   file    OVMF + ipxe.efi, `kernel memdisk.efi iso raw` + `initrd URL`
# a. the time from iPXE's banner to the guest's "iso-mounted" result line,
#    both stamped on the host as the serial lines arrive (serial-stamp.py);
# b. the smallest -m (32 MiB steps, by bisection) each form boots it with;
# c. mdread's read throughput of /dev/pmem0 vs /dev/memdisk0.
# Speeds drift between TCG boots with the host's load: a and c come from
# ROUNDS interleaved rounds of the three forms, each figure its best.
# Prints a table, writes build/bench/uefi.json. About 15 minutes.
set -eu
cd "$(dirname "$0")/../.."
VM_MEM=${VM_MEM:-1024} # for a and c: room for the file form's two copies
VM_TIMEOUT=${VM_TIMEOUT:-180}
ROUNDS=${ROUNDS:-2}
MIN_MEM_TIMEOUT=${MIN_MEM_TIMEOUT:-120}
# shellcheck source=tests/vm/lib.sh
. tests/vm/lib.sh
# shellcheck source=tests/vm/lib-uefi.sh
. tests/vm/lib-uefi.sh

image_bytes=$((256 << 20))
payload_bytes=$((208 << 20)) # the kernel and initramfs go in twice
forms=(bios stream file)
out=$VM_TOP/build/bench
mkdir -p "$out"
work=$(vm_workdir bench-uefi)
http=$work/http
iso=$http/bench.iso

make_payload() {
	local file=$work/payload/random.bin
	mkdir -p "$work/payload"
	vm_token >"$work/payload/marker.txt"
	[ "$(stat -c %s "$file" 2>/dev/null)" = "$payload_bytes" ] ||
		head -c "$payload_bytes" /dev/urandom >"$file"
}

# make_iso: the hybrid ISO, one kernel and initramfs for both firmware
# types, so that the forms differ only in how the ISO reaches RAM.
make_iso() {
	vm_guest_kernel
	rm -rf "$work/extra" "$http"
	mkdir -p "$http"
	install -D -m 755 "$(vm_guest_tool mdread)" "$work/extra/bin/mdread"
	VM_EXTRA_DIR=$work/extra vm_initramfs "$work/initrd.gz" tests/bench/uefi-guest.sh \
		isofs libnvdimm nfit nd_btt nd_pmem
	uefi_uki "$work/uki.efi" "$work/initrd.gz" "$(vm_kernel_cmdline)"
	uefi_efi_image "$work/efi.img" "$work/uki.efi"
	vm_boot_cfg "$work/isolinux.cfg" "KERNEL /boot/vmlinuz" \
		"APPEND initrd=/boot/initrd.gz $(vm_kernel_cmdline)"
	vm_isolinux_image "$iso" "$work/isolinux.cfg" /boot/vmlinuz="$VM_KERNEL" \
		/boot/initrd.gz="$work/initrd.gz" /efi.img="$work/efi.img" /="$work/payload" \
		-eltorito-alt-boot -e efi.img -no-emul-boot
	if [ "$(stat -c %s "$iso")" -gt "$image_bytes" ]; then
		echo "bench: $iso is over 256 MiB: shrink payload_bytes" >&2
		return 1
	fi
	truncate -s "$image_bytes" "$iso"
	cp /usr/lib/syslinux/memdisk "$MEMDISK_EFI" "$http/"
	uefi_ipxe_disk "$work/ipxe.img"
}

# ipxe_script FORM: boot.ipxe for FORM (on a server just started). A failed
# command would end the script before its `reboot`: then OVMF would go on
# to its shell, and a boot short of memory would last until the timeout.
ipxe_script() {
	local url=$UEFI_URL failed="|| echo bench: the boot failed"
	case $1 in
	bios) uefi_script "$http" "kernel $url/memdisk iso raw $failed" "initrd $url/bench.iso $failed" "boot $failed" ;;
	stream) uefi_script "$http" "chain $url/memdisk.efi iso $url/bench.iso $failed" ;;
	file) uefi_script "$http" "kernel $url/memdisk.efi iso raw $failed" "initrd $url/bench.iso $failed" "boot $failed" ;;
	esac
}

# boot FORM MEM LOG [QEMU_ARG...]: one boot of the ISO in FORM with MEM MiB;
# the serial console goes through a FIFO to serial-stamp.py, which writes
# LOG and LOG.ts. Fails only when QEMU does (a guest that did not reach
# its root is for the caller to judge).
boot() {
	local form=$1 mem=$2 log=$3 fifo=$3.fifo stamp status=0 tries=0
	shift 3
	uefi_http_start "$http"
	ipxe_script "$form"
	rm -f "$fifo" "$log" "$log.ts"
	mkfifo "$fifo"
	python3 tests/bench/serial-stamp.py "$fifo" "$log" &
	stamp=$!
	# vm_qemu opens -serial file:FIFO for writing. graphics=off: SeaBIOS
	# copies the screen (iPXE's and MEMDISK's output) to the serial port;
	# given to OVMF as well, so that both machines are the same.
	if [ "$form" = bios ]; then
		VM_MEM=$mem vm_qemu "$fifo" -machine q35 -machine graphics=off -boot n \
			-netdev "user,id=n0,bootfile=$UEFI_URL/boot.ipxe" \
			-device virtio-net-pci,netdev=n0 "$@" || status=$?
	else
		VM_MEM=$mem uefi_boot "$fifo" "$work/ipxe.img" plain -machine graphics=off "$@" ||
			status=$?
	fi
	# The reader ends with QEMU's output; if QEMU never opened the FIFO, it
	# waits in open() for ever.
	while kill -0 "$stamp" 2>/dev/null && [ $((tries += 1)) -le 50 ]; do
		sleep 0.1
	done
	kill "$stamp" 2>/dev/null || true
	wait "$stamp" || true
	rm -f "$fifo"
	uefi_http_stop
	return "$status"
}

# stamp LOG PATTERN: the host time (s) of LOG's first line matching PATTERN.
stamp() {
	awk -v p="$2" 'index($0, p) { print $1; exit }' "$1.ts"
}

# mounted LOG: the guest reached the live root: it mounted this ISO.
mounted() {
	[ -s "$1" ] && vm_value "$1" iso-mounted >/dev/null 2>&1 &&
		[ "$(vm_value "$1" marker)" = "$(cat "$work/payload/marker.txt")" ]
}

# seconds LOG FROM TO: host seconds from the first line matching FROM to
# the first matching TO.
seconds() {
	local from to
	from=$(stamp "$1" "$2") to=$(stamp "$1" "$3")
	[ -n "$from" ] && [ -n "$to" ] || return 1
	awk -v a="$from" -v b="$to" 'BEGIN { printf "%.1f", b - a }'
}

banner="Open Source Network Boot Firmware"

# timed_round R: each form once with VM_MEM, reads measured; each boot's
# times (iPXE to kernel, iPXE to root) and reads into $work/FORM.times and
# FORM.reads.
timed_round() {
	local form log
	for form in "${forms[@]}"; do
		log=$work/$form-$1.log
		boot "$form" "$VM_MEM" "$log" -smbios type=1,product=memdisk-bench-read
		vm_checks "$log" >/dev/null
		vm_log_clean "$log"
		mounted "$log"
		vm_expect_eq "$form: device size" "$image_bytes" "$(vm_value "$log" device-size)" >/dev/null
		echo "$(seconds "$log" "$banner" "Linux version") $(seconds "$log" "$banner" "@@value iso-mounted")" \
			>>"$work/$form.times"
		vm_value "$log" reads >>"$work/$form.reads"
		echo "bench: round $1 $form: $(tail -n 1 "$work/$form.times") s, reads $(tail -n 1 "$work/$form.reads")"
	done
}

# min_mem FORM: the smallest -m (a multiple of 32 MiB) FORM boots the ISO
# with, by bisection between the image's size (too little: Linux needs
# room besides it) and VM_MEM (known to work from the timed rounds). Short
# of memory a boot may also hang (an exception in the firmware): each boot
# gets MIN_MEM_TIMEOUT seconds, over twice what the timed boots take.
min_mem() {
	local lo=$((image_bytes >> 20)) hi=$VM_MEM mid log
	while [ $((hi - lo)) -gt 32 ]; do
		mid=$(((lo + hi) >> 6 << 5)) # the middle, down to a 32 MiB step
		log=$work/$1-m$mid.log
		VM_TIMEOUT=$MIN_MEM_TIMEOUT boot "$1" "$mid" "$log" 2>/dev/null || true
		if mounted "$log"; then hi=$mid; else lo=$mid; fi
		echo "bench: $1 -m $mid: $(mounted "$log" && echo boots || echo fails)" >&2
	done
	echo "$hi"
}

# best FILE COLUMN min|max
best() {
	awk -v c="$2" -v m="$3" 'NR == 1 || (m == "min" ? $c < b : $c > b) { b = $c } END { print b }' "$1"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

if [ ! -f "$MEMDISK_EFI" ]; then
	echo "bench: no memdisk.efi at $MEMDISK_EFI: make -C efi, or set MEMDISK_EFI" >&2
	exit 1
fi
make_payload
make_iso
rm -f "$work"/*.times "$work"/*.reads
for ((r = 1; r <= ROUNDS; r++)); do
	timed_round "$r"
done
declare -A kernel_s root_s mem_mb reads
for form in "${forms[@]}"; do
	kernel_s[$form]=$(best "$work/$form.times" 1 min)
	root_s[$form]=$(best "$work/$form.times" 2 min)
	reads[$form]="$(for c in 1 2 3 4; do printf '%s ' "$(best "$work/$form.reads" "$c" max)"; done)"
done
for form in "${forms[@]}"; do
	mem_mb[$form]=$(min_mem "$form")
done

# The two UEFI forms read the same /dev/pmem0: their best is pmem's figure.
cat "$work/stream.reads" "$work/file.reads" >"$work/pmem.reads"
read -ra pmem <<<"$(for c in 1 2 3 4; do printf '%s ' "$(best "$work/pmem.reads" "$c" max)"; done)"
read -ra md <<<"${reads[bios]}"

printf '\n%-8s %14s %14s %10s %10s %8s\n' form "iPXE->kernel" "iPXE->root" "vs bios" "min -m" "vs bios"
for form in "${forms[@]}"; do
	printf '%-8s %12s s %12s s %10s %7s MiB %8s\n' "$form" "${kernel_s[$form]}" "${root_s[$form]}" \
		"$(ratio "${root_s[$form]}" "${root_s[bios]}")" "${mem_mb[$form]}" \
		"$(ratio "${mem_mb[$form]}" "${mem_mb[bios]}")"
done
printf '\n%-14s %12s %12s %12s %12s\n' "" seq-direct seq-buffered rand4k-qd1 rand4k-4jobs
printf '%-14s %12s %12s %12s %12s\n' "" MB/s MB/s IOPS IOPS
printf '%-14s %12s %12s %12s %12s\n' memdisk0 "${md[@]}"
printf '%-14s %12s %12s %12s %12s\n' pmem0 "${pmem[@]}"
printf '%-14s %12s %12s %12s %12s\n' pmem0/memdisk0 \
	"$(ratio "${pmem[0]}" "${md[0]}")" "$(ratio "${pmem[1]}" "${md[1]}")" \
	"$(ratio "${pmem[2]}" "${md[2]}")" "$(ratio "${pmem[3]}" "${md[3]}")"
echo "(image $((image_bytes >> 20)) MiB; times and reads: best of $ROUNDS interleaved rounds at -m $VM_MEM," \
	"each boot's reads the best of 3; min -m by bisection in 32 MiB steps)"

{
	printf '{\n  "image_bytes": %s,\n  "mem_mb": %s,\n  "rounds": %s,\n  "forms": {\n' \
		"$image_bytes" "$VM_MEM" "$ROUNDS"
	sep=""
	for form in "${forms[@]}"; do
		printf '%s    "%s": {"ipxe_to_kernel_s": %s, "ipxe_to_root_s": %s, "root_vs_bios": %s, "min_mem_mb": %s, "min_mem_vs_bios": %s}' \
			"$sep" "$form" "${kernel_s[$form]}" "${root_s[$form]}" \
			"$(ratio "${root_s[$form]}" "${root_s[bios]}")" "${mem_mb[$form]}" \
			"$(ratio "${mem_mb[$form]}" "${mem_mb[bios]}")"
		sep=$',\n'
	done
	printf '\n  },\n  "reads": {\n'
	printf '    "memdisk0": {"seq_direct_MBps": %s, "seq_buffered_MBps": %s, "rand4k_qd1_IOPS": %s, "rand4k_4jobs_IOPS": %s},\n' "${md[@]}"
	printf '    "pmem0": {"seq_direct_MBps": %s, "seq_buffered_MBps": %s, "rand4k_qd1_IOPS": %s, "rand4k_4jobs_IOPS": %s},\n' "${pmem[@]}"
	printf '    "pmem0/memdisk0": {"seq_direct": %s, "seq_buffered": %s, "rand4k_qd1": %s, "rand4k_4jobs": %s}\n  }\n}\n' \
		"$(ratio "${pmem[0]}" "${md[0]}")" "$(ratio "${pmem[1]}" "${md[1]}")" \
		"$(ratio "${pmem[2]}" "${md[2]}")" "$(ratio "${pmem[3]}" "${md[3]}")"
} >"$out/uefi.json"
echo "bench: wrote $out/uefi.json"
