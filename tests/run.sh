#!/usr/bin/env bash
# Runs every test suite and ends with one line "tests: N passed, M failed, K skipped".
# Called by `make test`, which builds what it needs into $TEST_BUILD.
#
# Every suite is counted the same way, from its log:
#   - shell suites print "SKIP <case>: <reason>" for a case this machine cannot
#     run and close with "<name>: N passed, M failed[, K skipped]";
#   - cmocka tests print "SKIP <test>: <reason>" before skip(); cmocka's
#     "[  PASSED  ]", "[  FAILED  ]" and "[  SKIPPED ]" lines give the counts;
#   - Go tests (go test -v) are counted by their leaves: a parent test counts
#     through its subtests, so one whose subtests all skipped is skipped, not
#     passed; t.Skip's message is the reason.
# A skip without a reason is a failure. A suite that passed and failed nothing
# is a failure, unless it printed "SKIP-SUITE: <reason>" (one skip). A guest
# the kernel matrix had to boot twice is listed ("RETRY ..." lines).
#
# Nothing a run starts may outlive it: after each suite, a process still
# carrying this run's $TINYBPF_TEST_RUN in its environment is a leftover of
# that suite (named, ended, and a failure); at the end, files left in the
# run's $TMPDIR, and network namespaces, cgroups, /sys/fs/bpf pins and
# /tmp/tinybpf-* entries that appeared during the run, are failures too
# (the last four only when no other test run was active, since they cannot
# be told apart from another run's).
set -uo pipefail
cd "$(dirname "$0")/.."
build=${TEST_BUILD:-build/test}
passed=0 failed=0 skipped=0 broken=() skip_list=() retry_list=() leftovers=() stray=() fail_lines=()

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TINYBPF_TESTDATA=$PWD/$build/testdata
export TINYBPF_OPENAT_OBJ=$PWD/$build/objects/tracepoint-openat.bpf.o
export TINYBPF_TYPES_RECORD_OBJ=$PWD/$build/objects/types_record.bpf.o

# --- what the run starts, and what it must not leave -------------------------
export TINYBPF_TEST_RUN="$$.$(date +%s%N)"
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/tinybpf-tests.XXXXXX")
chmod 1777 "$run_tmp" # as /tmp: tests run some commands as nobody
export TMPDIR=$run_tmp

# PIDs of processes carrying TINYBPF_TEST_RUN=$1 in their environment, but
# this shell and the subshell running this. Runs without the variable
# itself, so it never finds itself.
marked() {
	env -u TINYBPF_TEST_RUN awk -v want="TINYBPF_TEST_RUN=$1" -v self=$$ -v subshell=$BASHPID 'BEGIN {
		while (("ls /proc" | getline p) > 0) if (p ~ /^[0-9]+$/ && p != self && p != subshell) pids[++n] = p
		close("ls /proc")
		RS = "\0"
		for (i = 1; i <= n; i++) {
			f = "/proc/" pids[i] "/environ"
			while ((getline e < f) > 0) if (e == want) { print pids[i]; break }
			close(f)
		}
	}'
}
# Whether anything else on this machine may be making such things right now:
# another test run (ours or an older run.sh without the marker), tinybpf,
# QEMU or a mutation run, in a process that does not carry our marker.
others_active() {
	local ours
	ours=" $(marked "$TINYBPF_TEST_RUN" | tr '\n' ' ') $$ "
	ps -eo pid=,args= | awk -v ours="$ours" '
		index(ours, " " $1 " ") == 0 && /tests\/run\.sh|tinybpf|qemu-system|mutate\.py/ && !/awk -v ours/ { print $1; exit }'
}
snapshot() { # what a test could leave outside $TMPDIR
	{
		ip netns list 2>/dev/null | sed 's/^/netns /'
		find /sys/fs/cgroup -mindepth 1 -maxdepth 3 -type d 2>/dev/null | sed 's/^/cgroup /'
		find /sys/fs/bpf -mindepth 1 2>/dev/null | sed 's/^/bpffs /'
		find /tmp -maxdepth 1 -name 'tinybpf-*' ! -name "$(basename "$run_tmp")*" 2>/dev/null | sed 's/^/tmp /'
	} | sort
}
snapshot >"$run_tmp.before"
others_seen=$(others_active)
# Stopped early (Ctrl+C, SIGTERM, a crash of this script): end what the run
# started and remove its files all the same.
on_exit() {
	local pids
	pids=$(marked "$TINYBPF_TEST_RUN")
	# shellcheck disable=SC2086
	[ -z "$pids" ] || { kill $pids 2>/dev/null; sleep 1; kill -KILL $pids 2>/dev/null; }
	rm -rf "$run_tmp" "$run_tmp".*
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# After a suite: its processes still alive are leftovers; they are ended.
reap() { # suite name
	local pids p
	pids=$(marked "$TINYBPF_TEST_RUN")
	[ -n "$pids" ] || return 0
	sleep 1 # a process exiting as the suite ends is not a leftover
	pids=$(marked "$TINYBPF_TEST_RUN")
	[ -n "$pids" ] || return 0
	for p in $pids; do
		stray+=("$1: process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-160)")
	done
	# shellcheck disable=SC2086
	kill $pids 2>/dev/null
	sleep 1
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null
	return 1
}

# --- counting ------------------------------------------------------------------
# tests/tally.awk reads a suite's log (tests/tally_test.sh checks it).
tally() { awk -f tests/tally.awk "$1"; } # log

count() { # suite name, log file, exit status: adds the suite's counts
	local name=$1 log=$2 status=$3 p f k line kind a b problems=()
	{
		read -r p f k
		while IFS=$'\t' read -r kind a b; do
			case $kind in
			SKIPPED) skip_list+=("$name: $a: ${b:-(no reason)}") ;;
			PROBLEM) problems+=("$a") ;;
			esac
		done
	} < <(tally "$log")
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then f=1; fi # crashed before reporting
	if [ ${#problems[@]} -gt 0 ]; then
		f=$((f + ${#problems[@]}))
		for line in "${problems[@]}"; do echo "FAIL (counting): $line" >>"$log"; done
	fi
	while IFS= read -r line; do retry_list+=("$name: $line"); done < <(grep '^RETRY ' "$log")
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
	if [ "$f" != 0 ]; then
		broken+=("$name")
		# Its failure lines again at the end: a CI log is often read from its tail.
		while IFS= read -r line; do fail_lines+=("$name: $line"); done < <(failure_lines "$log")
	fi
	printf '%-44s %3d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$k"
}

failure_lines() { # log: its first 12 lines that say what failed
	grep -E '(^|[^A-Za-z])(FAIL|FAILED|not ok|panic:|ERROR|AddressSanitizer|runtime error|no TBPF-DONE)' "$1" |
		grep -vE '^(=== RUN|ok  )' | cut -c1-200 | head -n 12
}

run() { # suite name, command...
	local name=$1 log status
	shift
	log=$(mktemp "$run_tmp.log.XXXXXX")
	"$@" >"$log" 2>&1
	status=$?
	if ! reap "$name"; then # counted as this suite's failure
		echo "FAIL: processes left running after the suite ended (named at the end)" >>"$log"
		status=1
	fi
	others_seen+=$(others_active)
	grep -o 'kept[^/]*/[^ ]*' "$log" | sed 's|^[^/]*||' >>"$run_tmp.kept"
	count "$name" "$log" "$status"
	if [ "$status" != 0 ] || grep -q '^FAIL (counting)' "$log"; then sed 's/^/    | /' "$log"; fi
	rm -f "$log"
}

run "tests/tally_test.sh (how run.sh counts)" tests/tally_test.sh
for t in "$build"/bin/lib/*_test "$build"/bin/lib/passes/*_test "$build"/bin/e2e/*_test; do
	[ -x "$t" ] && run "${t#"$build"/bin/}" "$t"
done
run "cli/cli_test.sh" env TINYBPF="$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/cli/cli_test.sh
run "cli/build_cache_test.sh" env TINYBPF="$PWD/$build/tinybpf" tests/cli/build_cache_test.sh
run "cli/bad_input_test.sh" env TINYBPF="$PWD/$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/cli/bad_input_test.sh
run "cli/helper_table_test.sh" tests/cli/helper_table_test.sh
run "cli/sdk_twins_test.sh" env TINYBPF="$build/tinybpf" TESTDATA="$TINYBPF_TESTDATA" tests/cli/sdk_twins_test.sh
run "cli/c_twin_test.sh" tests/cli/c_twin_test.sh
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
for example in tracepoint-openat rawtp-sched opensnoop percpu-counter uprobe iterator xdp-filter tc-filter cgroup-connect tracepoint-connect; do
	run "examples/$example/scripts/smoke.sh" env TINYBPF_BIN="$PWD/$build/tinybpf" "examples/$example/scripts/smoke.sh"
done
# The real-tools suite: libbpf-tools ports beside Debian's tools (tests/tools/README.md).
run "tools/tools_test.sh (libbpf-tools ports vs Debian's)" env TINYBPF="$PWD/$build/tinybpf" tests/tools/tools_test.sh
# The bpf package (root module): pt_regs and tracepoint layouts, both architectures.
run "go test ./bpf" sh -c "go vet ./bpf/... && GOARCH=arm64 go vet ./bpf/... && go test -v -count=1 ./bpf/..."
# Program types the host refuses, and every example, in Debian's kernels under QEMU.
run "kernels/selftest.sh (harness)" tests/kernels/selftest.sh
run "kernels/suite.sh (QEMU 5.10 6.1 6.12 arm64, host)" env TINYBPF="$PWD/build/bin/tinybpf" tests/kernels/suite.sh

# --- what is left -----------------------------------------------------------------
others_seen+=$(others_active)
snapshot >"$run_tmp.after"
new=$(comm -13 "$run_tmp.before" "$run_tmp.after")
if [ -n "$new" ]; then
	if [ -z "$others_seen" ]; then
		while IFS= read -r line; do leftovers+=("left behind: $line"); done <<<"$new"
	else
		echo "note: appeared during the run, not counted (other tinybpf work ran on this machine meanwhile):"
		sed 's/^/    /' <<<"$new"
	fi
fi
# What a failing suite kept on purpose, and said so ("... kept: PATH"), stays.
kept=()
while IFS= read -r line; do
	if grep -qxF -- "$line" "$run_tmp.kept" 2>/dev/null; then kept+=("$line")
	else leftovers+=("left in \$TMPDIR: $line"); fi
done < <(find "$run_tmp" -mindepth 1 -maxdepth 1 2>/dev/null)
rm -f "$run_tmp.before" "$run_tmp.after" "$run_tmp.kept"
if [ ${#kept[@]} -gt 0 ]; then
	echo "kept by failing suites, for their logs: ${kept[*]}"
	for f in "$run_tmp"/*; do printf '%s\n' "${kept[@]}" | grep -qxF -- "$f" || rm -rf "$f"; done
else
	rm -rf "$run_tmp"
fi
trap - EXIT
echo
if [ ${#skip_list[@]} -gt 0 ]; then
	echo "skipped (${#skip_list[@]}):"
	printf '  %s\n' "${skip_list[@]}"
fi
if [ ${#retry_list[@]} -gt 0 ]; then
	echo "retried (${#retry_list[@]}), counted as passed only where the second try passed:"
	printf '  %s\n' "${retry_list[@]}"
fi
if [ ${#stray[@]} -gt 0 ]; then
	echo "processes left running by a suite, ended by this script (each suite failed):"
	printf '  %s\n' "${stray[@]}"
fi
if [ ${#leftovers[@]} -gt 0 ]; then
	echo "left behind by the run (${#leftovers[@]}), each a failure:"
	printf '  %s\n' "${leftovers[@]}"
	failed=$((failed + ${#leftovers[@]}))
	broken+=("(leftovers)")
fi
if [ ${#fail_lines[@]} -gt 0 ]; then
	echo "what the failing suites said (their first lines of failure; the whole logs are above):"
	printf '  %s\n' "${fail_lines[@]}"
fi
[ ${#broken[@]} = 0 ] || echo "failing suites: ${broken[*]}"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
