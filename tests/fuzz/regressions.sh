#!/usr/bin/env bash
# Replays every input under tests/fuzz/regressions/<target>/ once through
# that target (built by `make test-build` into $TEST_BUILD/fuzz/<target>,
# with ASan and UBSan): each one crashed tinybpf, or a sanitizer, once. An
# input passes when the target returns without a crash or a report.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${TEST_BUILD:-build/test}
pass=0 fail=0
for dir in tests/fuzz/regressions/*/; do
	target=$(basename "$dir")
	for input in "$dir"*; do
		[ -f "$input" ] || continue
		if "$build/fuzz/$target" "$input" >/tmp/tinybpf-replay.$$ 2>&1; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $target $input:" >&2
			tail -n 30 /tmp/tinybpf-replay.$$ | sed 's/^/  | /' >&2
		fi
	done
done
rm -f /tmp/tinybpf-replay.$$
echo "fuzz regressions: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
