# shellcheck shell=bash
# What the host-side shell tests share: t runs one named test, summary
# ends the run with "NAME: N passed, N failed" and the exit status.
passed=0
failed=0

t() { # t NAME COMMANDS...: one test, passes if every command does
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
	fi
}

summary() { # summary NAME
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
