#!/bin/bash
# The initramfs hooks on the build host, without root and without loading
# anything: memdisk-load under dash and busybox sh on many kernel command
# lines (does it call modprobe, and how), then the mkinitcpio install hook's
# build() against a stand-in of mkinitcpio's install-hook functions (what
# lands in the image). Usage: test-initramfs.sh INITRAMFS_DIR UDEV_DIR
set -u
src=$(realpath "$1")
udev=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/unit/testlib.sh
. "$(dirname "$0")/testlib.sh"

same() { # same WHAT EXPECTED ACTUAL
	[ "$2" = "$3" ] || { echo "  $1: '$3', expected '$2'"; false; }
}

# --- memdisk-load ---------------------------------------------------------

# Every run is in a user namespace, where init_module fails (no
# CAP_SYS_MODULE in the host's namespace): a modprobe that escapes the
# stand-in still cannot load anything here.
unshare -r true || { echo "FAIL: unshare -r (user namespaces) is needed"; exit 1; }
mkdir -p "$work/bin"
# The stand-ins record their arguments; modprobe also what the file
# FAKE_WATCH held when it ran, and fails for the module FAKE_MISSING.
cat >"$work/bin/modprobe" <<EOF
#!/bin/sh
echo "\$*\${FAKE_WATCH:+ \$(cat "\$FAKE_WATCH")}" >>"$work/calls"
[ "\$2" != "\${FAKE_MISSING-}" ] || exit 1
exit \${FAKE_MODPROBE_RC:-0}
EOF
cat >"$work/bin/udevadm" <<EOF
#!/bin/sh
echo "udevadm \$*" >>"$work/calls"
EOF
chmod 755 "$work/bin/modprobe" "$work/bin/udevadm"

in_shell() { # in_shell dash|busybox SCRIPT: run SCRIPT in that sh, namespaced
	local shell=$1
	shift
	[ "$shell" != busybox ] || set -- sh "$@"
	unshare -r "$shell" "$@"
}

# load SHELL CMDLINE [CWD_FILE]: memdisk-load in SHELL with CMDLINE as
# /proc/cmdline, in a directory holding a file named CWD_FILE (what a glob
# on the command line would match), the module loaded already when
# $loaded is set, on the fake /sys tree that the function named by $sys
# (if set) builds under the root it is given. Sets rc, calls (modprobe's
# and udevadm's arguments, a line a call) and out (what it printed).
load() {
	local shell=$1 root=$work/root cwd=$work/cwd
	rm -rf "$root" "$cwd" "$work/calls"
	mkdir -p "$root/proc" "$cwd"
	[ -z "${loaded-}" ] || mkdir -p "$root/sys/module/memdisk_blk"
	[ -z "${sys-}" ] || "$sys" "$root"
	printf '%s\n' "$2" >"$root/proc/cmdline"
	[ -z "${3-}" ] || : >"$cwd/$3"
	out=$(cd "$cwd" && PATH=$work/bin:$PATH MEMDISK_LOAD_ROOT=$root \
		MEMDISK_LOAD_MODPROBE=$work/bin/modprobe in_shell "$shell" "$src/memdisk-load" 2>&1)
	rc=$?
	calls=$(cat "$work/calls" 2>/dev/null)
}

quiet() { # memdisk-load printed nothing
	same output "" "$out"
}

loads() { # loads SHELL CMDLINE [CWD_FILE]: memdisk-load calls modprobe once
	load "$@"
	same "exit status" 0 "$rc" && same "modprobe calls" "-q memdisk_blk" "$calls" && quiet
}

skips() { # skips SHELL CMDLINE [CWD_FILE]: memdisk-load leaves modprobe alone
	load "$@"
	same "exit status" 0 "$rc" && same "modprobe calls" "" "$calls" && quiet
}

already_loaded() { # /sys/module/memdisk_blk exists: no second load
	local loaded=yes
	skips "$1" quiet
}

modprobe_fails() { # no module for this kernel: the boot goes on
	FAKE_MODPROBE_RC=1 loads "$1" quiet
}

# memdisk-load's premise: modprobe (kmod) hands the module each
# memdisk_blk.PARAM word of /proc/cmdline in order, also after "--", with
# memdisk-blk taken as memdisk_blk and quotes kept for the kernel to drop.
# modprobe -c only prints its configuration; the command line is swapped
# in a mount namespace.
kmod_passes_cmdline() {
	echo 'quiet memdisk-blk.autoprobe=0 -- memdisk_blk.autoprobe="on" x=* memdisk_blk.region' \
		>"$work/cmdline"
	# shellcheck disable=SC2016 # expanded by that sh
	same "modprobe -c" 'options memdisk_blk autoprobe=0
options memdisk_blk autoprobe="on"
options memdisk_blk region' "$(unshare -rm sh -c 'mount --bind "$1" /proc/cmdline && modprobe -c' \
		sh "$work/cmdline" | grep '^options memdisk_blk')"
}
t "kmod passes memdisk_blk options from the command line" kmod_passes_cmdline

# Spellings of a bool as the kernel's kstrtobool() reads them (lib/kstrtox.c):
# the first character decides, except o/O, where the second does.
FALSE=(0 00 n N no NO f F false FALSE off OFF oF Of 0x1 nonsense)
TRUE=(1 10 y Y yes t T true TRUE on ON oN On yx)
# kstrtobool() refuses these: the module does not load, the kernel says why.
INVALID=(2 -1 o O ox x _ '')

for shell in dash busybox; do

	t "$shell: plain boot loads" loads "$shell" "BOOT_IMAGE=/vmlinuz root=live:CDLABEL=X quiet"
	t "$shell: loaded already" already_loaded "$shell"
	t "$shell: modprobe fails, exit 0" modprobe_fails "$shell"
	for v in "${FALSE[@]}"; do
		t "$shell: autoprobe=$v skips" skips "$shell" "quiet memdisk_blk.autoprobe=$v"
	done
	for v in "${TRUE[@]}"; do
		t "$shell: autoprobe=0 then =$v loads" loads "$shell" \
			"memdisk_blk.autoprobe=0 quiet memdisk_blk.autoprobe=$v"
	done
	for v in "${INVALID[@]}"; do
		t "$shell: autoprobe=0 then invalid '$v' loads" loads "$shell" \
			"memdisk_blk.autoprobe=0 memdisk_blk.autoprobe=$v"
		t "$shell: invalid '$v' then autoprobe=0 loads" loads "$shell" \
			"memdisk_blk.autoprobe=$v memdisk_blk.autoprobe=0"
	done
	t "$shell: bare autoprobe is true" loads "$shell" "memdisk_blk.autoprobe=0 memdisk_blk.autoprobe"
	t "$shell: memdisk-blk is memdisk_blk" skips "$shell" "memdisk-blk.autoprobe=off"
	t "$shell: other module's autoprobe" loads "$shell" "xmemdisk_blk.autoprobe=0 memdisk_blk.autoprobe2=0"
	t "$shell: region= loads" loads "$shell" "memdisk_blk.autoprobe=0 memdisk_blk.region=0x100000,4096"
	t "$shell: empty region= loads" loads "$shell" "memdisk_blk.autoprobe=0 memdisk_blk.region="
	t "$shell: bare region loads" loads "$shell" "memdisk_blk.autoprobe=0 memdisk_blk.region"
	# modprobe passes every modname.param= of /proc/cmdline on, also
	# those after "--" (libkmod's kcmdline parser has no "--").
	t "$shell: after -- counts (on)" loads "$shell" "memdisk_blk.autoprobe=0 -- memdisk_blk.autoprobe=1"
	t "$shell: after -- counts (off)" skips "$shell" "memdisk_blk.autoprobe=1 -- memdisk_blk.autoprobe=0"
	t "$shell: quoted value" skips "$shell" 'memdisk_blk.autoprobe="0"'
	t "$shell: quoted parameter" skips "$shell" '"memdisk_blk.autoprobe=off"'
	t "$shell: quoted true" loads "$shell" 'memdisk_blk.autoprobe=0 memdisk_blk.autoprobe="on"'
	# Glob characters are text: each CWD_FILE is what the word would match.
	t "$shell: * is text" skips "$shell" "memdisk_blk.autoprobe=0 init=/init *" \
		"memdisk_blk.autoprobe=1"
	t "$shell: ? is text (other parameter)" skips "$shell" \
		"memdisk_blk.autoprobe=0 memdisk_blk.autoprobe?1" "memdisk_blk.autoprobe=1"
	t "$shell: ? is text (our value, invalid)" loads "$shell" "memdisk_blk.autoprobe=?" \
		"memdisk_blk.autoprobe=0"
	t "$shell: [a-z] is text" skips "$shell" \
		"memdisk_blk.autoprobe=0 [a-z]emdisk_blk.region=1,2" "memdisk_blk.region=1,2"
done

# --- memdisk-load: UEFI RAM disks (ACPI NFIT -> nfit + nd_pmem) ----------
# Fake /sys trees as Linux lays them out (drivers/nvdimm/bus.c devtype,
# region_devs.c mappings and read_only, acpi/nfit/core.c nfit/range_index;
# /sys/bus/nd/devices/* are links to these directories in a real /sys).

PMEM_CALLS="-q libnvdimm
-q nfit
-q nd_btt
-q nd_pmem"

# region ROOT N DEVTYPE MAPPINGS [nonfit]: regionN as nfit (or, with nonfit,
# another provider such as nd_e820) registers it, read-write.
region() {
	local dir=$1/sys/bus/nd/devices/region$2
	mkdir -p "$dir"
	echo "$3" >"$dir/devtype"
	echo "$4" >"$dir/mappings"
	echo 0 >"$dir/read_only"
	[ "${5-}" = nonfit ] || { mkdir "$dir/nfit" && echo 0 >"$dir/nfit/range_index"; }
}

nfit_table() { # nfit_table ROOT: the firmware published an NFIT (root-only file)
	mkdir -p "$1/sys/firmware/acpi/tables"
	install -m 400 /dev/null "$1/sys/firmware/acpi/tables/NFIT"
}

# Every kind a region can be: a Virtual CD/Disk (nd_volatile, no mappings),
# persistent memory of a real NVDIMM (nd_pmem, mappings), a persistent
# virtual disk (nd_pmem, none), volatile NVDIMM memory (nd_volatile,
# mappings), and an nd_volatile region that nfit did not make.
all_regions() {
	nfit_table "$1"
	region "$1" 0 nd_pmem 1
	region "$1" 1 nd_volatile 0
	region "$1" 2 nd_pmem 0
	region "$1" 3 nd_volatile 2
	region "$1" 4 nd_volatile 0 nonfit
	region "$1" 5 nd_volatile 0
}

read_only_of() { # read_only_of N...: each regionN's read_only, in one line
	local n
	for n in "$@"; do
		printf '%s' "$(cat "$work/root/sys/bus/nd/devices/region$n/read_only")"
	done
}

# pmem_loads SHELL CMDLINE MEMDISK_CALLS: with an NFIT, the four modules
# follow what memdisk_blk's command line asks for, in order, silently.
pmem_loads() {
	local sys=nfit_table
	load "$1" "$2"
	same "exit status" 0 "$rc" && same "modprobe calls" "${3-}$PMEM_CALLS" "$calls" && quiet
}

# Only the Virtual CD/Disk regions (1 and 5) become read-only.
ramdisks_read_only() {
	local sys=all_regions
	load "$1" quiet
	same "read_only of regions 0-5" 010001 "$(read_only_of 0 1 2 3 4 5)" && quiet
}

no_nfit_no_pmem() { # without an NFIT: no pmem module, no region touched
	local sys=no_nfit_regions
	skips "$1" "memdisk_blk.autoprobe=0" &&
		same "read_only of region 1" 0 "$(read_only_of 1)"
}
no_nfit_regions() {
	region "$1" 1 nd_volatile 0
}

pmem_modules_loaded() { # loaded already: no modprobe, regions still read-only
	local sys=pmem_loaded_tree
	load "$1" "memdisk_blk.autoprobe=0"
	same "modprobe calls" "" "$calls" && same "read_only" 1 "$(read_only_of 1)"
}
pmem_loaded_tree() {
	nfit_table "$1"
	region "$1" 1 nd_volatile 0
	mkdir -p "$1"/sys/module/{libnvdimm,nfit,nd_btt,nd_pmem}
}

# nd_pmem loads after the region is read-only, so /dev/pmemN starts so.
nd_pmem_after_read_only() {
	local sys=pmem_ramdisk FAKE_WATCH=$work/root/sys/bus/nd/devices/region1/read_only
	export FAKE_WATCH
	load "$1" "memdisk_blk.autoprobe=0"
	same "modprobe calls, read_only then" "-q libnvdimm 0
-q nfit 0
-q nd_btt 0
-q nd_pmem 1" "$calls"
}
pmem_ramdisk() {
	nfit_table "$1"
	region "$1" 1 nd_volatile 0
}

# libnvdimm registers regions asynchronously; reading ndbusN/wait_probe
# returns when it is done. Here a FIFO stands in for it, held open
# read-write by its writer (so no open blocks and what it writes stays
# buffered): the region appears, then every read gets its line. The writer
# ends when the test removes the FIFO (or after 20 s).
waits_for_probe() {
	local sys=pmem_bus_fifo
	load "$1" "memdisk_blk.autoprobe=0"
	rm -f "$work/root/sys/bus/nd/devices/ndbus0/wait_probe"
	wait "$writer"
	same "read_only of the late region" 1 "$(read_only_of 1)" && quiet
}
pmem_bus_fifo() {
	local fifo=$1/sys/bus/nd/devices/ndbus0/wait_probe
	nfit_table "$1"
	mkdir -p "${fifo%/*}"
	mkfifo "$fifo"
	(
		exec 3<>"$fifo"
		sleep 0.3
		region "$1" 1 nd_volatile 0
		printf '1\n%.0s' {1..20} >&3
		for _ in {1..200}; do
			[ -p "$fifo" ] || break
			sleep 0.1
		done
	) &
	writer=$!
}

# udevd runs (its control socket): settle once something may have a link
# to make, a MEMDISK image or an NFIT; else not.
udev_socket() {
	mkdir -p "$1/run/udev"
	python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
		"$1/run/udev/control"
}
settles_for_nfit() {
	local sys=udev_nfit
	load "$1" "memdisk_blk.autoprobe=0"
	same "last call" "udevadm settle --timeout=10" "$(tail -n 1 <<<"$calls")" && quiet
}
udev_nfit() {
	udev_socket "$1"
	nfit_table "$1"
}
no_settle_without_either() {
	local sys=udev_socket
	skips "$1" "memdisk_blk.autoprobe=0"
}

for shell in dash busybox; do
	t "$shell: NFIT: pmem modules after memdisk_blk" pmem_loads "$shell" quiet "-q memdisk_blk
"
	t "$shell: NFIT, autoprobe off: pmem modules only" pmem_loads "$shell" \
		"memdisk_blk.autoprobe=0"
	t "$shell: NFIT after a glob word" pmem_loads "$shell" "memdisk_blk.autoprobe=0 x=*"
	t "$shell: only Virtual CD/Disk regions read-only" ramdisks_read_only "$shell"
	t "$shell: no NFIT: no pmem module, nothing touched" no_nfit_no_pmem "$shell"
	t "$shell: pmem modules loaded already" pmem_modules_loaded "$shell"
	t "$shell: nd_pmem after read_only" nd_pmem_after_read_only "$shell"
	t "$shell: waits for the nvdimm bus's probing" waits_for_probe "$shell"
	t "$shell: udev settles for an NFIT" settles_for_nfit "$shell"
	t "$shell: udev, no MEMDISK, no NFIT: no settle" no_settle_without_either "$shell"
done

# --- memdisk-load: the phram fallback (memdisk-remaster --fallback phram) --
# Only where the archive put memdisk-probe in /usr/lib/memdisk_blk (a
# stand-in here: it prints memdiskfind's line, or fails as without
# MEMDISK): phram with that range, then mtdblock.

# fallback_probe ROOT: the stand-in probe; FAKE_PROBE_RC its exit status.
# shellcheck disable=SC2016 # the stand-in's own shell text
fallback_probe() {
	mkdir -p "$1/usr/lib/memdisk_blk"
	printf '%s\n' '#!/bin/sh' '[ "$1" = --phram ] || exit 2' "[ \"\${FAKE_PROBE_RC:-0}\" = 0 ] || exit 1" \
		'echo 0x1e17c000,0x1e64000' >"$1/usr/lib/memdisk_blk/memdisk-probe"
	chmod 755 "$1/usr/lib/memdisk_blk/memdisk-probe"
}
phram_loads() {
	local sys=fallback_probe
	FAKE_MISSING=memdisk_blk load "$1" quiet
	same "exit status" 0 "$rc" && same "modprobe calls" "-q memdisk_blk
-q phram phram=memdisk,0x1e17c000,0x1e64000
-q mtdblock" "$calls" && quiet
}
phram_no_memdisk() { # the probe finds no mBFT: no phram
	local sys=fallback_probe
	FAKE_PROBE_RC=1 FAKE_MISSING=memdisk_blk loads "$1" quiet
}
phram_after_memdisk_blk() { # memdisk_blk loaded: no phram
	local sys=fallback_probe loaded=yes
	skips "$1" quiet
}
phram_autoprobe_off() {
	local sys=fallback_probe
	skips "$1" "memdisk_blk.autoprobe=0"
}

for shell in dash busybox; do
	t "$shell: fallback: phram and mtdblock without memdisk_blk" phram_loads "$shell"
	t "$shell: fallback, no MEMDISK: no phram" phram_no_memdisk "$shell"
	t "$shell: fallback, memdisk_blk loaded: no phram" phram_after_memdisk_blk "$shell"
	t "$shell: fallback, autoprobe off: no phram" phram_autoprobe_off "$shell"
done

# --- mkinitcpio install hook ----------------------------------------------
# mkinitcpio is not in Debian: its install-hook functions are stood in for
# here, with the real ones' arguments and results (archlinux/mkinitcpio,
# `functions`, v41): sources come from $sysroot (the build system's / with
# our files at their install paths), results go to $BUILDROOT. Only what
# the hook asks for is checked; nothing boots the image.

# error MESSAGE: as mkinitcpio's, returns 1; its RETURN trap (build_image)
# sees that status, so a failing add_* ends with it as the real ones do.
error() {
	echo "  ERROR: $*"
	return 1
}

# add_module NAME[?]: adds NAME when $available lists it and records it in
# _addedmodules, as mkinitcpio does; a trailing ? makes a missing one fine.
add_module() {
	local name=${1%\?}
	if [[ " $available " == *" $name "* ]]; then
		_addedmodules[$name]=1
		echo "$name" >>"$BUILDROOT/modules"
	elif [[ $1 != *\? ]]; then
		error "module not found: $name"
		return 1
	fi
}

# add_file SRC [DEST] [MODE]: SRC - is standard input, which needs both.
add_file() {
	local src=$1 dest=${2:-$1} mode=${3-}
	if [ "$src" = - ]; then
		if [[ $dest == - || $dest == */ || -z $mode ]]; then
			error "standard input needs a destination and a mode"
			return 1
		fi
		src=/dev/stdin
	else
		src=$sysroot$src
		[ -f "$src" ] || { error "file not found: $1"; return 1; }
	fi
	mkdir -p "$BUILDROOT${dest%/*}"
	if [ -n "$mode" ]; then
		install -m "$mode" "$src" "$BUILDROOT$dest"
	else
		cp -p "$src" "$BUILDROOT$dest"
	fi
}

add_binary() { # add_binary BIN [DEST] [MODE]
	add_file "$1" "${2:-$1}" "${3-}"
}

add_dir() { # add_dir PATH [MODE]
	install -d -m "${2:-755}" "$BUILDROOT$1"
}

add_udev_rule() { # add_udev_rule NAME|PATH: a name is looked up in udev's dirs
	local rule=$1 dir
	if [[ $rule != /* ]]; then
		for dir in /usr/lib/udev/rules.d /lib/udev/rules.d; do
			[ -f "$sysroot$dir/$1" ] && rule=$dir/$1 && break
		done
	fi
	[[ $rule == /* ]] || { error "udev rule not found: $1"; return 1; }
	add_file "$rule" "/usr/lib/udev/rules.d/${rule##*/}"
}

# add_runscript: the runtime hook named like the calling install hook, as
# /hooks/NAME, registered for each run_* function it defines.
add_runscript() {
	local name=${BASH_SOURCE[1]##*/} fn
	add_file "/usr/lib/initcpio/hooks/$name" "/hooks/$name" 755 || return
	while read -r fn; do
		case $fn in
		run_earlyhook) _runhooks[early]+=" $name" ;;
		run_hook) _runhooks[hooks]+=" $name" ;;
		run_latehook) _runhooks[late]+=" $name" ;;
		esac
	done < <(grep -oE '^run_[a-z]*hook' "$BUILDROOT/hooks/$name")
}

# build_image AVAILABLE: runs the install hook's build() as mkinitcpio does,
# counting every add_* that fails as a build error (its RETURN trap).
build_image() {
	available=$1
	BUILDROOT=$work/image
	rm -rf "$BUILDROOT"
	mkdir -p "$BUILDROOT"
	declare -gA _addedmodules=() _runhooks=()
	declare -gi _builderrors=0
	(
		set -o functrace
		trap '(( $? )) && [[ "$FUNCNAME" == add_* ]] && (( ++_builderrors ))' RETURN
		# shellcheck source=initramfs/mkinitcpio/install/memdisk_blk
		. "$sysroot/usr/lib/initcpio/install/memdisk_blk"
		build
		trap - RETURN
		echo "$_builderrors ${_runhooks[early]-}" >"$work/build-result"
	)
}

sysroot=$work/sysroot
install -D -m 755 "$src/memdisk-load" "$sysroot/usr/lib/memdisk_blk/memdisk-load"
install -D -m 644 "$src/mkinitcpio/install/memdisk_blk" "$sysroot/usr/lib/initcpio/install/memdisk_blk"
install -D -m 644 "$src/mkinitcpio/hooks/memdisk_blk" "$sysroot/usr/lib/initcpio/hooks/memdisk_blk"
install -D -m 644 "$udev/60-memdisk_blk.rules" "$sysroot/usr/lib/udev/rules.d/60-memdisk_blk.rules"
# The hook adds memdisk-probe when the build host has one.
install -D -m 755 /dev/null "$sysroot/usr/sbin/memdisk-probe"

busybox_half() { # the runtime hook, the loader and the rule are in the image
	same "errors, early hooks" "0  memdisk_blk" "$(cat "$work/build-result")" &&
		[ -x "$BUILDROOT/hooks/memdisk_blk" ] &&
		cmp "$BUILDROOT/usr/lib/memdisk_blk/memdisk-load" "$src/memdisk-load" &&
		[ -x "$BUILDROOT/usr/lib/memdisk_blk/memdisk-load" ] &&
		cmp "$BUILDROOT/usr/lib/udev/rules.d/60-memdisk_blk.rules" "$udev/60-memdisk_blk.rules"
}

# systemd's initramfs (HOOKS=(systemd ...)) runs no runtime hook; its
# systemd-modules-load.service loads what /etc/modules-load.d lists.
modules_load_entry() {
	local conf=$BUILDROOT/etc/modules-load.d/memdisk_blk.conf
	[ -f "$conf" ] || { echo "  no $conf"; return 1; }
	same "modules-load.d entry" memdisk_blk "$(cat "$conf")" &&
		same "its mode" 644 "$(stat -c %a "$conf")"
}

# Without the module (DKMS has not built it for this kernel) the image gets
# no entry either: systemd would log an error for it on every boot.
no_modules_load_entry() {
	[ ! -e "$BUILDROOT/etc/modules-load.d/memdisk_blk.conf" ] &&
		same modules nfit "$(xargs <"$BUILDROOT/modules")"
}

build_image "crc32c memdisk_blk libnvdimm nfit nd_btt nd_pmem"
t "mkinitcpio: modules in the image" same modules "memdisk_blk libnvdimm nfit nd_btt nd_pmem" \
	"$(xargs <"$BUILDROOT/modules")"
t "mkinitcpio: runtime hook, loader, rule" busybox_half
t "mkinitcpio: modules-load.d entry for the systemd hook" modules_load_entry
# nfit only: the others built in (or, for memdisk_blk, not built by DKMS).
build_image "crc32c nfit"
t "mkinitcpio without the module: no error, runtime hook" busybox_half
t "mkinitcpio without the module: no modules-load.d entry" no_modules_load_entry

summary initramfs
