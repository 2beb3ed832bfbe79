#!/usr/bin/env bash
# Runs every test suite and ends with one line "tests: N passed, N failed".
# Called by `make test`, which builds what it needs into $TEST_BUILD.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${TEST_BUILD:-build/test}
passed=0 failed=0 broken=()

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TINYBPF_TESTDATA=$PWD/$build/testdata
export TINYBPF_OPENAT_OBJ=$PWD/$build/objects/tracepoint-openat.bpf.o
export TINYBPF_TYPES_RECORD_OBJ=$PWD/$build/objects/types_record.bpf.o

count() { # suite name, log file, exit status: adds the suite's counts
	local name=$1 log=$2 status=$3 p f
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^[a-z0-9 -]*: \([0-9]*\) passed, [0-9]* failed$/\1/p; s/^--- PASS.*/1/p' "$log" | paste -sd+ | bc)
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^[a-z0-9 -]*: [0-9]* passed, \([0-9]*\) failed$/\1/p; s/^--- FAIL.*/1/p' "$log" | paste -sd+ | bc)
	p=${p:-0} f=${f:-0}
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi # crashed before reporting
	passed=$((passed + p)) failed=$((failed + f))
	[ "$f" = 0 ] || broken+=("$name")
	printf '%-44s %3d passed, %d failed\n' "$name" "$p" "$f"
}

run() { # suite name, command...
	local name=$1 log
	shift
	log=$(mktemp)
	"$@" >"$log" 2>&1
	local status=$?
	count "$name" "$log" "$status"
	if [ "$status" != 0 ]; then sed 's/^/    | /' "$log"; fi
	rm -f "$log"
}

for t in "$build"/bin/lib/*_test "$build"/bin/lib/passes/*_test "$build"/bin/e2e/*_test; do
	[ -x "$t" ] && run "${t#"$build"/bin/}" "$t"
done
run "cli/cli_test.sh" env TINYBPF="$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/cli/cli_test.sh
run "cli/build_cache_test.sh" env TINYBPF="$PWD/$build/tinybpf" tests/cli/build_cache_test.sh
run "cli/bad_input_test.sh" env TINYBPF="$PWD/$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/cli/bad_input_test.sh
run "cli/helper_table_test.sh" tests/cli/helper_table_test.sh
run "cli/sdk_twins_test.sh" env TINYBPF="$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/cli/sdk_twins_test.sh
run "cli/verify_test.sh" env TINYBPF="$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/cli/verify_test.sh
run "cli/doctor_test.sh" env TINYBPF="$build/tinybpf" tests/cli/doctor_test.sh
run "fuzz/regressions.sh" env TEST_BUILD="$build" tests/fuzz/regressions.sh
run "docs/docs_test.sh" env TINYBPF="$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/docs/docs_test.sh
export TINYBPF_GLOBALS_OBJ=$PWD/$build/objects/globals.bpf.o
export TINYBPF_CORE_OBJ=$PWD/$build/objects/core_task.bpf.o
export TINYBPF_TYPED_GLOBALS_OBJ=$PWD/$build/objects/typed_globals.bpf.o
export TINYBPF_RING_RECORDS_OBJ=$PWD/$build/objects/ring_records.bpf.o
run "cli/generate_test.sh" env TINYBPF="$PWD/$build/tinybpf" tests/cli/generate_test.sh
run "cli/init_test.sh" env TINYBPF="$build/tinybpf" tests/cli/init_test.sh
run "cli/types_test.sh" env TINYBPF="$build/tinybpf" tests/cli/types_test.sh
run "cli/install_test.sh" tests/cli/install_test.sh
export TINYBPF_MAP_TYPED_OBJ=$PWD/$build/objects/map_typed.bpf.o
export TINYBPF_MAP_IN_MAP_OBJ=$PWD/$build/objects/map_in_map.bpf.o
export TINYBPF_KFUNC_OBJ=$PWD/$build/objects/kfunc_task.bpf.o
for mod in examples/*/go.mod tests/go/go.mod; do
	dir=$(dirname "$mod")
	run "go test $dir" env TINYBPF_OBJ="$TINYBPF_OPENAT_OBJ" sh -c "cd $dir && go vet ./... && go test -v -count=1 ./..."
done
# The conformance suite, loaded and run by libbpf and by cilium/ebpf.
export TINYBPF_CONFORMANCE_SRC=$PWD/tests/conformance TINYBPF_CONFORMANCE_OBJ=$PWD/$build/conformance
run "conformance/conformance_test (libbpf)" "$build/bin/conformance/conformance_test"
run "conformance/cilium (cilium/ebpf)" sh -c "cd tests/conformance/cilium && go vet . && go test -count=1"
run "packet/packet_test.sh (Go vs C instruction counts)" tests/packet/packet_test.sh
# The examples end to end on this kernel: build, run the tracer, trigger, check what it prints.
for example in tracepoint-openat rawtp-sched opensnoop; do
	run "examples/$example/scripts/smoke.sh" env TINYBPF_BIN="$PWD/$build/tinybpf" "examples/$example/scripts/smoke.sh"
done
# The bpf package (root module): pt_regs and tracepoint layouts, both architectures.
run "go test ./bpf" sh -c "go vet ./bpf/... && GOARCH=arm64 go vet ./bpf/... && go test -v -count=1 ./bpf/..."
# Program types the host refuses, and every example, in Debian's kernels under QEMU.
run "kernels/selftest.sh (harness)" tests/kernels/selftest.sh
run "kernels/suite.sh (QEMU 5.10 6.1 6.12 arm64, host)" env TINYBPF="$PWD/build/bin/tinybpf" tests/kernels/suite.sh

echo
[ ${#broken[@]} = 0 ] || echo "failing suites: ${broken[*]}"
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
