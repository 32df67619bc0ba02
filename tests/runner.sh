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

# Tests run in the background (run_parallel): at most TEST_JOBS at once
# (TCG guests keep one core each busy), each one's lines printed when it
# ends, so the log stays one block per test.
TEST_JOBS=${TEST_JOBS:-2}
declare -A test_names=()

# reap_test: waits for one background test to end, prints and counts it.
reap_test() {
	local pid name
	wait -n -p pid "${!test_names[@]}" || true
	name=${test_names[$pid]}
	unset "test_names[$pid]"
	cat "$TEST_LOG_DIR/$name.result"
	if grep -q '^PASS ' "$TEST_LOG_DIR/$name.result"; then
		tests_passed=$((tests_passed + 1))
	else
		tests_failed=$((tests_failed + 1))
	fi
}

# run_parallel NAME CMD...: run_test NAME CMD... in the background, once
# fewer than TEST_JOBS run.
run_parallel() {
	while [ "${#test_names[@]}" -ge "$TEST_JOBS" ]; do
		reap_test
	done
	set -m # its own process group, which stop_parallel can kill
	run_test "$@" >"$TEST_LOG_DIR/$1.result" </dev/null &
	set +m
	test_names[$!]=$1
}

# wait_parallel: until every background test has ended.
wait_parallel() {
	while [ "${#test_names[@]}" -gt 0 ]; do
		reap_test
	done
}

# stop_parallel: for an EXIT trap: the background tests still running
# killed, with their guests.
stop_parallel() {
	local pid
	for pid in "${!test_names[@]}"; do
		kill -- -"$pid" 2>/dev/null || true
	done
}
