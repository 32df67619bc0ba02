#!/bin/bash
# Everything `make check` runs: build, static checks, unit tests, a fuzz
# smoke run and the QEMU scenarios. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/runner.sh
. tests/runner.sh

# Our own kernels (tests/kernel/) take most of a fresh machine's time, and
# a TCG guest keeps one core busy while the other idles. So they are built
# in the background from the start (job control gives the builds their own
# process group, killed if the run stops early), and what boots them runs
# last; build-kernel.sh locks each build, so whatever needs one waits.
prebuild_kernels() {
	local name
	for name in x86_64-memdisk i386-nopae x86_64-debug; do
		echo "prebuild: $name"
		tests/kernel/build-kernel.sh "$name" || echo "prebuild: $name failed"
	done
}
# The live ISOs the scenarios boot, likewise (niced, beside the kernels):
# their roots are debootstrap'd and packed once under one lock, so
# they are made while the static checks run instead of while guests
# wait. Each is built where its scenario looks (same knobs, same
# directory); a scenario that gets there first builds it itself.
prebuild_live() {
	local spec dir
	for spec in live-debian:initramfs-tools:no:debian:bookworm live-dracut:dracut:no:debian:bookworm \
		remaster-debian/stock:initramfs-tools:yes:debian:bookworm \
		remaster-dracut/stock:dracut:yes:debian:bookworm \
		remaster-grub-ubuntu/stock:initramfs-tools:yes:ubuntu:bookworm \
		remaster-grub-fedora/stock:dracut:yes:fedora:bookworm \
		uefi-dracut-ng/stock:dracut:yes:debian:trixie; do
		IFS=: read -r dir LIVE_FLAVOUR LIVE_STOCK LIVE_LAYOUT LIVE_SUITE <<<"$spec"
		echo "prebuild: $dir"
		mkdir -p "build/vm/$dir"
		LIVE_FLAVOUR=$LIVE_FLAVOUR LIVE_STOCK=$LIVE_STOCK LIVE_LAYOUT=$LIVE_LAYOUT LIVE_SUITE=$LIVE_SUITE \
			nice bash tests/live/build-debian-live.sh "build/vm/$dir" || echo "prebuild: $dir failed"
	done
}
set -m
prebuild_kernels >"$TEST_LOG_DIR/prebuild-kernels.log" 2>&1 </dev/null &
prebuild=$!
prebuild_live >"$TEST_LOG_DIR/prebuild-live.log" 2>&1 </dev/null &
prebuild_isos=$!
set +m
trap 'kill -- -"$prebuild" -"$prebuild_isos" 2>/dev/null || true; stop_parallel' EXIT

run_test build-module make module
run_test build-tool make tool
run_test build-efi make efi
run_test static-checkpatch bash tests/static.sh checkpatch
run_test static-sparse-w1 bash tests/static.sh sparse
run_test static-shellcheck bash tests/static.sh shellcheck
run_test static-clang-analyzer bash tests/static.sh analyzer
run_test unit-mbft make -C tests/unit check
run_test fuzz-smoke make -C tests/fuzz smoke
run_test packaging bash tests/packaging.sh
run_test remaster bash tests/remaster.sh

# boots_built_kernel SCENARIO: whether SCENARIO boots one of those kernels.
boots_built_kernel() {
	case $1 in
	builtin* | debug-* | i386-nopae* | *-i386-nopae) return 0 ;;
	*) return 1 ;;
	esac
}

# `make demo` installs packages (make deps): alone, before the guests
# that run two at a time.
run_test vm-demo-headers bash tests/vm/scenarios/demo-headers.sh
for scenario in tests/vm/scenarios/*.sh; do
	name=$(basename "$scenario" .sh)
	[ "$name" = demo-headers ] || boots_built_kernel "$name" || run_parallel "vm-$name" bash "$scenario"
done
# The core scenarios again with Debian 12's 6.12 kernel in the guests
# (VM_SERIES, tests/vm/lib.sh); the others boot 6.1 only.
for name in iso writes rmmod nomemdisk mbft-matrix nopci-nopat probe udev oob; do
	run_parallel "vm-$name-6.12" env VM_SERIES=6.12 bash "tests/vm/scenarios/$name.sh"
done
# And with Debian 11's 5.10 (tests/bullseye.sh fetches it and its gcc-10).
for name in iso mbft-matrix oob rmmod; do
	run_parallel "vm-$name-5.10" env VM_SERIES=5.10 bash "tests/vm/scenarios/$name.sh"
done
run_parallel kernel-patch bash tests/kernel-patch.sh
for scenario in tests/vm/scenarios/*.sh; do
	name=$(basename "$scenario" .sh)
	! boots_built_kernel "$name" || run_parallel "vm-$name" bash "$scenario"
done
wait_parallel
summary
