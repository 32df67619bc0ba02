# shellcheck shell=bash
# Minimal test runner: one line per test, logs under build/test-logs/,
# and the closing "N passed, N failed" line CI reads.

TEST_LOG_DIR=${TEST_LOG_DIR:-build/test-logs}
tests_passed=0
tests_failed=0
mkdir -p "$TEST_LOG_DIR"

# run_test NAME CMD...: run CMD with its output in NAME.log; on failure
# show the log's tail so CI output says why.
run_test() {
	local name=$1 log="$TEST_LOG_DIR/$1.log" start=$SECONDS
	shift
	if "$@" >"$log" 2>&1; then
		tests_passed=$((tests_passed + 1))
		echo "PASS $name ($((SECONDS - start)) s)"
	else
		tests_failed=$((tests_failed + 1))
		echo "FAIL $name ($((SECONDS - start)) s), last lines of $log:"
		tail -n 25 "$log" | sed 's/^/    /'
	fi
}

# Prints the closing line; the exit status says whether all passed.
summary() {
	echo "$tests_passed passed, $tests_failed failed"
	[ "$tests_failed" -eq 0 ]
}
