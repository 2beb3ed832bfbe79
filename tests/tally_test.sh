#!/usr/bin/env bash
# tests/tally.awk, which tests/run.sh counts every suite with, on sample logs
# of each kind: each case states the exact counts and skip lines it must give.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh

case_() { # name, expected output (lines), log on stdin
	local name=$1 want=$2
	cat >"$tmp/log"
	awk -f tests/tally.awk "$tmp/log" >"$tmp/got"
	if [ "$(cat "$tmp/got")" = "$want" ]; then ok; else
		ko "$name: got"
		sed 's/^/  | /' "$tmp/got" >&2
		echo "  want:" >&2
		printf '%s\n' "$want" | sed 's/^/  | /' >&2
	fi
}
T=$'\t'

case_ "cmocka: a skip with its reason" "4 0 1
SKIPPED${T}test_boot${T}clocks agree here" <<'LOG'
[==========] Running 5 test(s).
SKIP test_boot: clocks agree here
[  SKIPPED ] test_boot
[  PASSED  ] 4 test(s).
[  SKIPPED ] 1 test(s), listed below:
[  SKIPPED ] test_boot
 1 SKIPPED TEST(S)
LOG

case_ "cmocka: a skip without a reason is a problem" "1 0 1
PROBLEM${T}test_x was skipped without a reason (print \"SKIP test_x: <reason>\")
SKIPPED${T}test_x${T}" <<'LOG'
[  SKIPPED ] test_x
[  PASSED  ] 1 test(s).
[  SKIPPED ] 1 test(s), listed below:
[  SKIPPED ] test_x
LOG

case_ "cmocka: failures" "2 1 0" <<'LOG'
[  PASSED  ] 2 test(s).
[  FAILED  ] 1 test(s), listed below:
[  FAILED  ] test_y
LOG

case_ "go: a parent whose subtests all skipped is skipped, not passed" "0 0 2
SKIPPED${T}TestParent/a${T}needs a guest
SKIPPED${T}TestParent/b${T}needs a guest
PROBLEM${T}no test passed or failed: it ran nothing (a suite that cannot run here says SKIP-SUITE: <reason>)" <<'LOG'
=== RUN   TestParent
=== RUN   TestParent/a
    x_test.go:10: needs a guest
=== RUN   TestParent/b
    x_test.go:10: needs a guest
--- PASS: TestParent (0.00s)
    --- SKIP: TestParent/a (0.00s)
        x_test.go:10: needs a guest
    --- SKIP: TestParent/b (0.00s)
        x_test.go:10: needs a guest
PASS
ok  	example/x	0.01s
LOG

case_ "go: leaves count; the same name in two packages counts twice" "4 0 1
SKIPPED${T}TestInGuest${T}runs inside the QEMU kernel matrix: scripts/smoke.sh" <<'LOG'
--- SKIP: TestInGuest (0.00s)
    main_test.go:42: runs inside the QEMU kernel matrix: scripts/smoke.sh
--- PASS: TestDecode (0.00s)
PASS
ok  	example/a	0.01s
--- PASS: TestDecode (0.00s)
--- PASS: TestTable (0.00s)
    --- PASS: TestTable/one (0.00s)
    --- PASS: TestTable/two (0.00s)
PASS
ok  	example/b	0.01s
LOG

case_ "go test -v: the skip's reason streamed before its --- SKIP line" "1 0 1
SKIPPED${T}TestTracerInGuest${T}runs inside the QEMU kernel matrix: scripts/smoke.sh" <<'LOG'
=== RUN   TestTracerInGuest
    smoke_test.go:32: runs inside the QEMU kernel matrix: scripts/smoke.sh
--- SKIP: TestTracerInGuest (0.00s)
PASS
ok  	example/cmd/tracer	0.011s
=== RUN   TestDecode
--- PASS: TestDecode (0.00s)
PASS
ok  	example/internal/event	0.005s
LOG

case_ "go test -v: two skips in a row, each with its own reason" "0 0 2
SKIPPED${T}TestA${T}reason a
SKIPPED${T}TestB${T}reason b
PROBLEM${T}no test passed or failed: it ran nothing (a suite that cannot run here says SKIP-SUITE: <reason>)" <<'LOG'
=== RUN   TestA
    a_test.go:1: reason a
--- SKIP: TestA (0.00s)
=== RUN   TestB
    a_test.go:2: reason b
--- SKIP: TestB (0.00s)
PASS
ok  	example/x	0.01s
LOG

case_ "go: a parent that failed with passing subtests is one failure" "1 1 0" <<'LOG'
--- FAIL: TestParent (0.00s)
    --- PASS: TestParent/a (0.00s)
FAIL
FAIL	example/x	0.01s
LOG

case_ "shell: summary line and named skips" "3 0 1
SKIPPED${T}kprobes${T}no kprobes on this kernel" <<'LOG'
SKIP kprobes: no kprobes on this kernel
cli: 3 passed, 0 failed, 1 skipped
LOG

case_ "shell: the older summary form" "5 1 0" <<'LOG'
FAIL something
kernels-selftest: 5 passed, 1 failed
LOG

case_ "nothing ran" "0 0 0
PROBLEM${T}no test passed or failed: it ran nothing (a suite that cannot run here says SKIP-SUITE: <reason>)" </dev/null

case_ "a suite that says why it cannot run" "0 0 1
SKIPPED${T}(the whole suite)${T}no QEMU on this machine" <<'LOG'
SKIP-SUITE: no QEMU on this machine
LOG

summary tally
