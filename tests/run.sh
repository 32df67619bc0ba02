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
for scenario in tests/vm/scenarios/*.sh; do
	run_test "vm-$(basename "$scenario" .sh)" bash "$scenario"
done
summary
