# shellcheck shell=bash
# QEMU boot harness for tests/vm/scenarios/*.sh (sourced, bash).
# Stages the Debian guest kernel, builds initramfs and ISOLINUX images,
# boots them under TCG (KVM hangs on these hosts) and reads the results the
# guest printed on its serial console (protocol: tests/vm/guest/lib.sh).
# Written for callers running under `set -eu`; runs as root (mknod, cache).

VM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM_CACHE=${MEMDISK_CACHE:-/var/cache/memdisk_blk}
VM_TIMEOUT=${VM_TIMEOUT:-240}
VM_MEM=${VM_MEM:-1024}
# amd64, or i386 for the 32-bit guests (Debian's 686-pae kernel).
VM_ARCH=${VM_ARCH:-amd64}
# The guest kernel's series: 6.1 (Debian 12's own), 6.12 (its backport in
# bookworm-security) or 5.10 (Debian 11's, amd64 only: tests/bullseye.sh).
# VM_ABI (e.g. 6.1.0-56-amd64) names a Debian 12 kernel outright.
VM_SERIES=${VM_SERIES:-6.1}
# Unset: the guests get our module built for their kernel (vm_module_build).
MEMDISK_KO=${MEMDISK_KO:-}
MEMDISK_PROBE=${MEMDISK_PROBE:-$VM_TOP/tools/memdisk-probe}

# vm_builddir NAME: prints (and creates) build/vm/NAME (build/ is ignored
# by git).
vm_builddir() {
	mkdir -p "$VM_TOP/build/vm/$1"
	echo "$VM_TOP/build/vm/$1"
}

# vm_workdir NAME: a scenario's place for its images and logs: build/vm/NAME,
# or NAME-SERIES when the guests boot another series than 6.1, so that a
# scenario run on both series (tests/run.sh) keeps each run's files apart.
vm_workdir() {
	local name=$1
	[ "$VM_SERIES" = 6.1 ] || name+=-$VM_SERIES
	vm_builddir "$name"
}

# vm_flavour: Debian's kernel flavour for VM_ARCH.
vm_flavour() {
	case $VM_ARCH in
	i386) echo 686-pae ;;
	*) echo "$VM_ARCH" ;;
	esac
}

# vm_headers_package: the headers metapackage of VM_SERIES for VM_ARCH
# (Debian 12's own series has the unversioned name).
vm_headers_package() {
	case $VM_SERIES in
	6.1) echo "linux-headers-$(vm_flavour)" ;;
	*) echo "linux-headers-$VM_SERIES-$(vm_flavour)" ;;
	esac
}

# vm_headers_abi: the guest kernel of VM_SERIES, the one its installed
# headers metapackage depends on: never "the newest headers installed".
vm_headers_abi() {
	dpkg-query -W -f='${Depends}' "$(vm_headers_package):$VM_ARCH" 2>/dev/null |
		sed -n 's/^linux-headers-\([^ ,:]*\).*/\1/p'
}

vm_cached_deb() {
	compgen -G "$VM_CACHE/${1}_*_$VM_ARCH.deb" | sort -V | tail -n 1
}

# vm_deb PACKAGE: prints the cached VM_ARCH deb of PACKAGE, downloading it
# first when missing.
vm_deb() {
	local deb
	deb=$(vm_cached_deb "$1")
	if [ -z "$deb" ]; then
		mkdir -p "$VM_CACHE"
		# Guests run two at a time: one download of a package, and
		# no half-written .deb seen by the other.
		(
			flock 9
			[ -n "$(vm_cached_deb "$1")" ] && exit
			echo "vm: downloading $1:$VM_ARCH into $VM_CACHE" >&2
			# As root apt cannot drop to its _apt sandbox user in this directory.
			cd "$VM_CACHE" && apt-get -q -o APT::Sandbox::User=root download "$1:$VM_ARCH"
		) 9>"$VM_CACHE/download.lock" >&2
		deb=$(vm_cached_deb "$1")
	fi
	[ -n "$deb" ] && echo "$deb"
}

# vm_unpack_kernel ABI DIR: the package's files plus modules.dep (made by
# its postinst, not shipped). Built in a temporary directory first, so an
# interrupted run never leaves a half tree that later runs take for done.
vm_unpack_kernel() {
	local deb tmp
	deb=$(vm_deb "linux-image-$1") || return 1
	mkdir -p "$(dirname "$2")"
	tmp=$(mktemp -d "$2.tmp.XXXXXX")
	if dpkg -x "$deb" "$tmp" && depmod -b "$tmp" "$1" && mv -T "$tmp" "$2" 2>/dev/null; then
		return 0
	fi
	rm -rf "$tmp"
	[ -d "$2" ] # a concurrent run may have won the race
}

# vm_guest_kernel: sets VM_ABI (unless set), VM_KERNEL (vmlinuz), VM_MODDIR
# (its lib/modules/$VM_ABI) and VM_KDIR (its headers) from the cache,
# filling the cache when needed.
vm_guest_kernel() {
	[ -z "${VM_KERNEL:-}" ] || return 0
	[ "$VM_SERIES" != 5.10 ] || {
		vm_bullseye_kernel
		return
	}
	local abi root
	abi=${VM_ABI:-$(vm_headers_abi)}
	if [ -z "$abi" ]; then
		echo "vm: no kernel ABI: is $(vm_headers_package):$VM_ARCH installed?" >&2
		return 1
	fi
	root=$VM_CACHE/guest-kernel/$abi
	[ -d "$root" ] || vm_unpack_kernel "$abi" "$root" || return 1
	VM_ABI=$abi
	VM_KERNEL=$root/boot/vmlinuz-$abi
	VM_MODDIR=$root/lib/modules/$abi
	VM_KDIR=/usr/src/linux-headers-$abi
}

# vm_bullseye_kernel: vm_guest_kernel for VM_SERIES=5.10, from the tree
# tests/bullseye.sh unpacks (fetched the first time); also sets VM_KPATH,
# where the gcc-10 the headers name is, for kbuild's PATH.
vm_bullseye_kernel() {
	local root
	if [ "$VM_ARCH" != amd64 ]; then
		echo "vm: VM_SERIES=5.10 is amd64 only" >&2
		return 1
	fi
	root=$(bash "$VM_TOP/tests/bullseye.sh" root) || return 1
	VM_ABI=${root##*/root-}
	VM_KERNEL=$root/boot/vmlinuz-$VM_ABI
	VM_MODDIR=$root/lib/modules/$VM_ABI
	VM_KDIR=$root/usr/src/linux-headers-$VM_ABI
	VM_KPATH=$root/usr/bin
}

# vm_built_kernel NAME: the guests boot the kernel of
# tests/kernel/NAME.config, one Debian does not ship, which
# tests/kernel/build-kernel.sh builds (minutes) when it is not cached. Sets
# what vm_guest_kernel would: VM_ABI (its release), VM_KERNEL, VM_MODDIR,
# and VM_KDIR its object tree, which vm_module_build builds our module
# against.
vm_built_kernel() {
	local dir
	dir=$("$VM_TOP/tests/kernel/build-kernel.sh" "$1") || return 1
	VM_ABI=$(cat "$dir/build/include/config/kernel.release")
	VM_KERNEL=$dir/boot/vmlinuz-$VM_ABI
	VM_MODDIR=$dir/lib/modules/$VM_ABI
	VM_KDIR=$dir/build
}

# vm_module_files NAME...: the files (relative to VM_MODDIR) of the named
# modules and of everything they need: modules.dep lists each module's
# whole dependency closure. Built-in names are accepted and need no file.
# From 6.12 Debian ships the modules xz-compressed (NAME.ko.xz).
vm_module_files() {
	awk -v names="$*" '
		function modname(path) {
			sub(/.*\//, "", path); sub(/\.ko(\.xz)?$/, "", path); gsub(/-/, "_", path)
			return path
		}
		BEGIN {
			n = split(names, list, " ")
			for (i = 1; i <= n; i++) { m = list[i]; gsub(/-/, "_", m); wanted[m] = 1 }
		}
		FILENAME ~ /builtin$/ { if (modname($1) in wanted) found[modname($1)] = 1; next }
		{
			sub(/:$/, "", $1)
			if (!(modname($1) in wanted)) next
			found[modname($1)] = 1
			for (i = 1; i <= NF; i++) if (!($i in seen)) { seen[$i] = 1; print $i }
		}
		END {
			for (m in wanted) if (!(m in found)) { print "vm: no kernel module " m > "/dev/stderr"; bad = 1 }
			exit bad
		}' "$VM_MODDIR/modules.builtin" "$VM_MODDIR/modules.dep"
}

# vm_memdisk_builtin: the guest kernel has memdisk_blk built in.
vm_memdisk_builtin() {
	grep -q '/memdisk_blk\.ko$' "$VM_MODDIR/modules.builtin"
}

# vm_stage_memdisk KDIR: our module ($MEMDISK_KO, else built for the
# guest) into the guest's module directory KDIR.
vm_stage_memdisk() {
	local built_for
	[ -n "$MEMDISK_KO" ] || vm_module_build || return
	# A module built for another kernel fails to load with a mere
	# "invalid module format" in the guest: say so here.
	built_for=$(modinfo -F vermagic "$MEMDISK_KO" | cut -d ' ' -f 1)
	if [ "$built_for" != "$VM_ABI" ]; then
		echo "vm: $MEMDISK_KO is built for '$built_for', the guest boots $VM_ABI" >&2
		return 1
	fi
	install -D -m 644 "$MEMDISK_KO" "$1/extra/memdisk_blk.ko"
}

# vm_stage_modules STAGE [NAME...]: the named Debian modules, our module
# unless the guest kernel has it built in, and the depmod indexes busybox
# modprobe reads.
vm_stage_modules() {
	local stage=$1 kdir files
	shift
	kdir=$stage/lib/modules/$VM_ABI
	mkdir -p "$kdir"
	cp "$VM_MODDIR"/modules.{order,builtin,builtin.modinfo} "$kdir/"
	files=$(vm_module_files "$@")
	# shellcheck disable=SC2086 # one relative path per word
	[ -z "$files" ] || (cd "$VM_MODDIR" && cp --parents $files "$kdir/")
	# busybox modprobe hands a .ko.xz to finit_module as it is, which the
	# kernel refuses with "Invalid ELF header magic", and then loads it
	# decompressed: two kernel errors per module in every guest log.
	# Decompressed here, the staged modules load at once; depmod below
	# then lists them as .ko.
	find "$kdir" -name '*.ko.xz' -exec xz -d {} +
	vm_memdisk_builtin || vm_stage_memdisk "$kdir" || return
	depmod -b "$stage" "$VM_ABI"
}

# vm_stage_binary STAGE BINARY: BINARY and the shared libraries it loads,
# at their host paths.
vm_stage_binary() {
	local lib
	cp --parents -L "$2" "$1/"
	for lib in $(ldd "$2" | grep -o '/[^ ]*'); do
		cp --parents -L "$lib" "$1/"
	done
}

# vm_guest_tool NAME: prints the guest helper tests/vm/guest-tools/NAME.c
# (e.g. blkwrite: the write ioctls busybox lacks), built statically when
# missing or older than its source.
vm_guest_tool() {
	local src=$VM_TOP/tests/vm/guest-tools/$1.c out flags=()
	out=$(vm_builddir "guest-tools-$VM_ARCH")/$1
	[ "$VM_ARCH" != i386 ] || flags=(-m32) # gcc-multilib
	# Built beside and renamed: a guest built meanwhile never gets half a file.
	[ "$out" -nt "$src" ] || {
		gcc "${flags[@]}" -static -Os -Wall -Wextra -Werror -o "$out.$$" "$src" &&
			mv -f "$out.$$" "$out"
	}
	echo "$out"
}

# vm_busybox: prints the static busybox for VM_ARCH (the host's for amd64,
# else Debian's busybox-static unpacked into the cache).
vm_busybox() {
	local dir=$VM_CACHE/busybox-$VM_ARCH
	if [ "$VM_ARCH" = amd64 ]; then
		echo /bin/busybox
		return
	fi
	[ -x "$dir/bin/busybox" ] || {
		rm -rf "$dir.$$"
		dpkg -x "$(vm_deb busybox-static)" "$dir.$$"
		mv -T "$dir.$$" "$dir" 2>/dev/null || rm -rf "$dir.$$" # a concurrent run's
	}
	echo "$dir/bin/busybox"
}

# vm_stage_userland STAGE GUEST_SCRIPT: busybox with every applet linked,
# our init and guest helpers, the scenario, blkwrite and blkpart (for
# VM_ARCH), memdiskfind and memdisk-probe (amd64 only).
vm_stage_userland() {
	local stage=$1 applets applet
	mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,dev,proc,sys,tmp,mnt,run}
	cp "$(vm_busybox)" "$stage/bin/busybox"
	# The host's busybox is the same Debian version: same applets.
	mapfile -t applets < <(/bin/busybox --list-full)
	for applet in "${applets[@]}"; do
		[ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
	done
	# The kernel opens it for init's stdio before init can mount devtmpfs.
	mknod "$stage/dev/console" c 5 1
	install -m 755 "$VM_TOP/tests/vm/guest/init" "$stage/init"
	install -m 644 "$VM_TOP/tests/vm/guest/lib.sh" "$stage/lib/guest.sh"
	install -m 644 "$2" "$stage/scenario.sh"
	install -m 755 "$(vm_guest_tool blkwrite)" "$stage/bin/blkwrite"
	install -m 755 "$(vm_guest_tool blkpart)" "$stage/bin/blkpart"
	# The other tools are host (amd64) binaries.
	[ "$VM_ARCH" = amd64 ] || return 0
	vm_stage_binary "$stage" /usr/bin/memdiskfind
	[ ! -f "$MEMDISK_PROBE" ] || install -m 755 "$MEMDISK_PROBE" "$stage/bin/memdisk-probe"
}

# vm_initramfs OUT GUEST_SCRIPT [MODULE...]: a gzip'd newc initramfs whose
# /init (tests/vm/guest/init) runs GUEST_SCRIPT, with the named Debian
# modules plus dependencies, our module and tool when built ($MEMDISK_KO,
# $MEMDISK_PROBE) and, when VM_EXTRA_DIR is set, that directory's contents.
vm_initramfs() (
	set -euo pipefail
	local out=$1 script=$2 stage
	shift 2
	vm_guest_kernel
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' EXIT
	vm_stage_userland "$stage" "$script"
	vm_stage_modules "$stage" "$@"
	[ -z "${VM_EXTRA_DIR:-}" ] || cp -a "$VM_EXTRA_DIR/." "$stage/"
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
		gzip -n >"$out.tmp"
	mv "$out.tmp" "$out"
)

# vm_kernel_cmdline [EXTRA]: the guest kernel's command line. Not `quiet`,
# which would hide warnings (WARNING:, Call Trace) from the serial log:
# loglevel=7 logs all but debug messages, so a failed run's log tells why;
# it costs no measurable boot time. vm.watchdog is the guest's own time
# limit (tests/vm/guest/init), shorter than the host's so it reports first.
vm_kernel_cmdline() {
	echo "console=ttyS0,115200 panic=-1 loglevel=7 vm.watchdog=$((VM_TIMEOUT - 30))${1:+ $1}"
}

# vm_size_4k FILE yes|no: make FILE's size a multiple of 4 KiB or not by
# appending zeros (2048 bytes for a CD image). phram needs a multiple.
vm_size_4k() {
	case $2 in
	yes) truncate -s %4096 "$1" ;;
	no) [ $(($(stat -c %s "$1") % 4096)) -ne 0 ] || truncate -s +2048 "$1" ;;
	*)
		echo "vm_size_4k: yes or no, not '$2'" >&2
		return 1
		;;
	esac
}

# vm_boot_cfg OUT LINE...: a SYSLINUX/ISOLINUX config whose one entry,
# made of the LINEs (KERNEL, INITRD, APPEND), boots at once. SERIAL: the
# loader's own messages (a missing file...) reach the log too.
vm_boot_cfg() {
	local out=$1
	shift
	printf '%s\n' "SERIAL 0 115200" "DEFAULT boot" "PROMPT 0" "TIMEOUT 0" "LABEL boot" >"$out"
	printf '  %s\n' "$@" >>"$out"
}

# vm_isolinux_image OUT CFG [GRAFT_OR_XORRISO_ARG...]: an ISOLINUX CD image
# booting with CFG; the arguments add files (/PATH=HOSTPATH grafts) and
# mkisofs-style options (isohybrid MBR, appended partitions). The volume
# label is VM_ISO_LABEL.
vm_isolinux_image() {
	local out=$1 cfg=$2 log
	shift 2
	rm -f "$out"
	# xorriso always prints a banner: show its output only when it fails.
	if ! log=$(xorriso -as mkisofs -quiet -r -V "${VM_ISO_LABEL:-MEMDISK_TEST}" -o "$out" \
		-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot \
		-boot-load-size 4 -boot-info-table -graft-points \
		/isolinux/isolinux.bin=/usr/lib/ISOLINUX/isolinux.bin \
		/isolinux/ldlinux.c32=/usr/lib/syslinux/modules/bios/ldlinux.c32 \
		/isolinux/isolinux.cfg="$cfg" "$@" 2>&1); then
		echo "$log" >&2
		return 1
	fi
}

# vm_iso OUT INITRD [PAYLOAD_DIR] [EXTRA_KERNEL_CMDLINE]: an ISOLINUX CD
# image that boots the guest kernel with INITRD at once; PAYLOAD_DIR's
# contents go to the image's root. VM_ISO_4K=yes|no forces the size to be
# or not be a 4 KiB multiple; VM_ISO_LABEL sets the volume label.
vm_iso() (
	set -euo pipefail
	local out=$1 initrd=$2 payload=${3:-} cmdline=${4:-} cfg grafts
	vm_guest_kernel
	cfg=$(mktemp)
	trap 'rm -f "$cfg"' EXIT
	vm_boot_cfg "$cfg" "KERNEL /boot/vmlinuz" \
		"APPEND initrd=/boot/initrd.gz $(vm_kernel_cmdline "$cmdline")"
	# Grafts put the files into the image without copying them first.
	grafts=(/boot/vmlinuz="$VM_KERNEL" /boot/initrd.gz="$initrd")
	[ -z "$payload" ] || grafts+=(/="$payload")
	vm_isolinux_image "$out" "$cfg" "${grafts[@]}"
	[ -z "${VM_ISO_4K:-}" ] || vm_size_4k "$out" "$VM_ISO_4K"
)

vm_qemu_binary() {
	case $VM_ARCH in
	i386) echo qemu-system-i386 ;;
	*) echo qemu-system-x86_64 ;;
	esac
}

# vm_module_sources TOP DEST: what the module is built from (Kbuild and
# module/'s sources, backport-include/ too), into DEST with their times.
vm_module_sources() {
	mkdir -p "$2" &&
		cp -p "$1/Kbuild" "$2/" &&
		(cd "$1" && find module -name '*.[ch]' -exec cp -p --parents -t "$2/" {} +)
}

# vm_module_build: builds memdisk_blk.ko for the guest kernel from the
# current sources in build/vm/module-$VM_ABI (the top-level .ko is the
# host's build); sets MEMDISK_KO to it, build/vm/module-$VM_ABI.ko.
vm_module_build() {
	local dir
	vm_guest_kernel
	if [ ! -d "$VM_KDIR" ]; then
		echo "vm: no headers for the guest kernel: apt-get install linux-headers-$VM_ABI" >&2
		return 1
	fi
	dir=$(vm_builddir "module-$VM_ABI")
	# Scenarios running side by side share the directory: one at a time.
	# Sources only, timestamps kept: make rebuilds what changed. The .ko is
	# published by a rename, so a scenario staging it while another one
	# rebuilds still reads a whole file. Chained: a failed build publishes
	# nothing, even where the caller's set -e does not apply.
	(
		flock 9 && vm_module_sources "$VM_TOP" "$dir" &&
			PATH=${VM_KPATH:+$VM_KPATH:}$PATH make -s -C "$VM_KDIR" M="$dir" modules >&2 &&
			cp "$dir/memdisk_blk.ko" "$dir.ko.tmp" &&
			mv -f "$dir.ko.tmp" "$dir.ko"
	) 9>"$dir.lock" || return
	MEMDISK_KO=$dir.ko
}

# vm_qemu_cpu: the guest CPU. QEMU's default for i386, qemu32, has neither
# MTRRs nor PAT (nor would Linux use PAT on its family 6 model 6), so no
# cache mode would be tracked: an Atom N270 has both, and is 32-bit only.
vm_qemu_cpu() {
	case $VM_ARCH in
	i386) echo n270 ;;
	*) echo qemu64 ;;
	esac
}

# vm_qemu LOG QEMU_ARGS...: one bounded TCG run, serial console into LOG.
# Nonzero when QEMU fails or VM_TIMEOUT seconds pass.
vm_qemu() {
	local log=$1 start=$SECONDS status=0
	shift
	timeout -k 10 "$VM_TIMEOUT" "$(vm_qemu_binary)" -accel tcg -cpu "$(vm_qemu_cpu)" -m "$VM_MEM" \
		-display none -no-reboot -serial "file:$log" "$@" || status=$?
	if [ "$status" -eq 124 ]; then
		echo "vm: timeout: the guest still ran after $VM_TIMEOUT s, see $log" >&2
	elif [ "$status" -ne 0 ]; then
		echo "vm: qemu failed (exit $status), see $log" >&2
	fi
	echo "vm: $(basename "$log"): guest ran $((SECONDS - start)) s" >&2
	return "$status"
}

# vm_boot_memdisk LOG IMAGE "MEMDISK ARGS" [QEMU_ARG...]: boot IMAGE under
# SYSLINUX MEMDISK (e.g. "iso raw").
vm_boot_memdisk() {
	local log=$1 image=$2 args=$3
	shift 3
	vm_qemu "$log" -kernel /usr/lib/syslinux/memdisk -initrd "$image" -append "$args" "$@"
}

# vm_boot_direct LOG INITRD "EXTRA KERNEL CMDLINE" [QEMU_ARG...]: boot the
# guest kernel straight from QEMU, no MEMDISK (the cmdline gets the same
# base as ISO boots: vm_kernel_cmdline).
vm_boot_direct() {
	local log=$1 initrd=$2 cmdline=$3
	shift 3
	vm_guest_kernel
	vm_qemu "$log" -kernel "$VM_KERNEL" -initrd "$initrd" \
		-append "$(vm_kernel_cmdline "$cmdline")" "$@"
}

# vm_log_clean LOG: fails, naming the lines, when the kernel warned or
# oopsed during the run, or a debug kernel's checker reported: KASAN says
# BUG:, lockdep WARNING: or INFO:, UBSAN and debugobjects their own
# prefixes, kmemleak (when a scan is printed) unreferenced objects.
vm_log_clean() {
	local hits
	hits=$(tr -d '\r' <"$1" |
		grep -n -E 'WARNING:|BUG:|Oops|Call Trace|INFO: |UBSAN:|ODEBUG:|unreferenced object|suspected memory leak' |
		head -n 5 | sed 's/^/  line /') || true
	[ -n "$hits" ] || return 0
	printf 'vm: kernel trouble in %s:\n%s\n' "$1" "$hits" >&2
	return 1
}

# vm_results LOG: the guest's result lines, without whatever preceded them
# on their serial line (kernel timestamp, output they interrupted). They
# are kernel log records: a guest printing its dmesg shows them again, with
# the same timestamp, so repeats are dropped.
vm_results() {
	tr -d '\r' <"$1" | grep -o '\(\[[ 0-9.]*\] \)\?@@\(check\|value\|done\)\b.*' |
		awk '!seen[$0]++' | sed 's/^\[[ 0-9.]*\] //' || true
}

# vm_value LOG NAME: prints the last value NAME the guest reported.
vm_value() {
	vm_results "$1" | awk -v name="$2" '
		$1 == "@@value" && $2 == name { v = $0; sub(/^@@value [^ ]+ ?/, "", v); found = 1 }
		END {
			if (found) print v
			else { print "vm: the guest reported no value " name > "/dev/stderr"; exit 1 }
		}'
}

# vm_checks LOG: succeeds when the guest finished (@@done), reported at
# least one check and no failed one; otherwise says what went wrong.
vm_checks() {
	local results failed passed
	results=$(vm_results "$1")
	failed=$(grep '^@@check [^ ]* fail' <<<"$results") || true
	passed=$(grep -c '^@@check [^ ]* pass' <<<"$results") || true
	[ -z "$failed" ] || printf 'vm: failed guest checks:\n%s\n' "$failed" >&2
	if ! grep -q '^@@done' <<<"$results"; then
		echo "vm: the guest did not finish; last lines of $1:" >&2
		tail -n 30 "$1" | tr -d '\r' >&2
		return 1
	fi
	if [ "$passed" -eq 0 ] && [ -z "$failed" ]; then
		echo "vm: the guest reported no check" >&2
		return 1
	fi
	[ -z "$failed" ] || return 1
	echo "vm: $passed guest checks passed"
}

# vm_memdisk_scenario NAME "MEMDISK ARGS" [MODULE...]: the usual shape of a
# scenario: an ISO whose initramfs runs tests/vm/guest/NAME.sh (with the
# named Debian modules), payload from VM_PAYLOAD, extra kernel command line
# from VM_CMDLINE, booted under MEMDISK. Fails unless the guest finished
# with every check passed and a clean kernel log. Sets VM_WORK, VM_LOG and
# VM_IMAGE for the host-side assertions that follow.
vm_memdisk_scenario() {
	local name=$1 args=$2
	shift 2
	VM_WORK=$(vm_workdir "$name")
	vm_initramfs "$VM_WORK/initrd.gz" "$VM_TOP/tests/vm/guest/$name.sh" "$@"
	vm_scenario_boot "$name" "$args"
}

# vm_scenario_boot NAME "MEMDISK ARGS": VM_WORK/initrd.gz in NAME.iso (with
# VM_PAYLOAD and VM_CMDLINE) booted under MEMDISK, logged to serial.log, and
# checked as vm_boot_checked does. Sets VM_LOG and VM_IMAGE.
vm_scenario_boot() {
	VM_LOG=$VM_WORK/serial.log
	VM_IMAGE=$VM_WORK/$1.iso
	vm_iso "$VM_IMAGE" "$VM_WORK/initrd.gz" "${VM_PAYLOAD:-}" "${VM_CMDLINE:-}"
	vm_boot_checked memdisk "$VM_LOG" "$VM_IMAGE" "$2"
}

# vm_memdisk_boot NAME "CMDLINE" [QEMU_ARG...]: in VM_WORK, NAME.iso
# boots initrd.gz (with VM_PAYLOAD, and CMDLINE for the guest kernel) under
# MEMDISK, logging to NAME.log; fails unless the guest finished with every
# check passed and a clean kernel log. Sets VM_IMAGE and VM_LOG: several
# boots of one initramfs, told apart by their command lines.
vm_memdisk_boot() {
	VM_IMAGE=$VM_WORK/$1.iso
	VM_LOG=$VM_WORK/$1.log
	vm_iso "$VM_IMAGE" "$VM_WORK/initrd.gz" "${VM_PAYLOAD:-}" "$2"
	vm_boot_checked memdisk "$VM_LOG" "$VM_IMAGE" "iso raw" "${@:3}"
}

# vm_boot_checked memdisk|direct LOG ARG...: vm_boot_memdisk or
# vm_boot_direct LOG ARG..., then fails unless the guest finished with
# every check passed and a clean kernel log.
vm_boot_checked() {
	local boot=$1 log=$2
	shift 2
	"vm_boot_$boot" "$log" "$@"
	vm_checks "$log"
	vm_log_clean "$log"
}

# vm_expect_eq WHAT EXPECTED ACTUAL: a host-side assertion.
vm_expect_eq() {
	if [ "$2" != "$3" ]; then
		echo "vm: $1: expected '$2', got '$3'" >&2
		return 1
	fi
	echo "vm: $1: $3"
}

# vm_token: a random word for payload files the guest reads back.
vm_token() {
	od -An -tx8 -N8 /dev/urandom | tr -d ' '
}

# vm_sha256 FILE: the hash the guest must see on its device.
vm_sha256() {
	sha256sum "$1" | cut -d ' ' -f 1
}
