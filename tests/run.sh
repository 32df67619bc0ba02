#!/bin/bash
# Everything `make check` runs: build, static checks, unit tests, a fuzz
# smoke run and the QEMU scenarios. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=tests/runner.sh
. tests/runner.sh

run_test build-module make module
run_test build-tool make tool
run_test static-checkpatch bash tests/static.sh checkpatch
run_test static-sparse-w1 bash tests/static.sh sparse
run_test static-shellcheck bash tests/static.sh shellcheck
run_test static-clang-analyzer bash tests/static.sh analyzer
run_test unit-mbft make -C tests/unit check
run_test fuzz-smoke make -C tests/fuzz smoke
run_test packaging bash tests/packaging.sh
run_test remaster bash tests/remaster.sh
run_test kernel-patch bash tests/kernel-patch.sh
for scenario in tests/vm/scenarios/*.sh; do
	run_test "vm-$(basename "$scenario" .sh)" bash "$scenario"
done
# The core scenarios again with Debian 12's 6.12 kernel in the guests
# (VM_SERIES, tests/vm/lib.sh); the others boot 6.1 only.
for name in iso writes rmmod nomemdisk mbft-matrix probe udev oob; do
	run_test "vm-$name-6.12" env VM_SERIES=6.12 bash "tests/vm/scenarios/$name.sh"
done
summary
