#!/usr/bin/env bash
# Kernel-matrix suite: tinybpf-built Go programs run in Debian's 6.1 and 6.12 kernels
# under QEMU (the host refuses fentry/fexit/lsm and has no kprobes), and a CO-RE
# program run on those kernels and on the host from one object.
#
# Usage: tests/kernels/suite.sh [--kernels "6.1 6.12"] [--timeout SECONDS] [--keep]
#   --kernels   passed to run.sh; "" runs the host column only       (default: "6.1 6.12")
#   --timeout   per-test timeout, passed to run.sh                   (default: 60)
#   --keep      keep the work directory (objects, binaries, logs) even on success
# Environment: TINYBPF=path uses that tinybpf instead of building one; CC (default gcc).
#
# Steps:
#   1. build tinybpf from this tree into build/kernels-suite (make BUILD=...), so a
#      binary someone else left in build/ from a half-edited tree cannot leak in;
#   2. tinybpf build examples/fentry-unlink -> fentry-unlink.bpf.o, and, once,
#      TinyGo IR of tests/testdata/{core_task,kfunc_task,core_queries} + tinybpf link;
#   3. cc -static tests/kernels/guest/*_test.c (the four above) -lbpf -lelf -lz;
#   4. run.sh --kernels ... with both objects and both tests (QEMU guests);
#   5. run.sh --kernels "" --host with the core_task, kfunc_task and core_queries objects
#      and tests: the same files on the host kernel (fentry is refused there, so not run).
# Then one table, tests by kernel (6.1, 6.12, the host; "-" = not run there), and the
# task_struct offsets each kernel relocated to ("core-task:" lines of the logs).
# Last line: "kernels: N passed, N failed", counted from run.sh's results.tsv files (one
# per test and kernel; a kernel without TBPF-DONE and a failed build step count as
# failed). Exit 0 only if none failed.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
kernels="6.1 6.12"
timeout=60
keep=0
while (($#)); do
	case "$1" in
	--kernels) (($# >= 2)) || { echo "suite.sh: --kernels needs a value" >&2; exit 2; }; kernels=$2; shift ;;
	--timeout) (($# >= 2)) || { echo "suite.sh: --timeout needs a value" >&2; exit 2; }; timeout=$2; shift ;;
	--keep) keep=1 ;;
	-h | --help) sed -n '2,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "suite.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done

CC=${CC:-gcc}
work=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-kernels-suite.XXXXXX")
passed=0
failed=0
t_start=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

finish() {
	echo "suite.sh: total $(elapsed "$t_start")s"
	if ((failed)); then
		echo "suite.sh: work directory kept: $work"
	elif ((keep)); then
		echo "suite.sh: work directory: $work"
	else
		rm -rf "$work"
	fi
	echo "kernels: $passed passed, $failed failed"
	((failed == 0))
	exit
}
step_failed() {
	echo "suite.sh: FAIL: $*"
	failed=$((failed + 1))
	finish
}

# shellcheck source=scripts/env.sh
source "$repo/scripts/env.sh"
[[ -x $TINYGO ]] || step_failed "TinyGo not found at $TINYGO (run scripts/setup.sh)"

# --- 1. tinybpf ------------------------------------------------------------------
# Others may edit src/ while this runs (seen: a mutation test flipping a helper id
# for a few seconds). Record the tree's state so a change during the build is told.
src_state() { git -C "$repo" diff HEAD -- src include 2>/dev/null | sha1sum; }
state_before=$(src_state)
dirty=$(git -C "$repo" status --porcelain -- src include 2>/dev/null || true)
[[ -z $dirty ]] || printf 'suite.sh: note: uncommitted changes in src/ or include/:\n%s\n' "$dirty"
t0=$(date +%s.%N)
if [[ -n ${TINYBPF:-} ]]; then
	tinybpf=$TINYBPF
else
	suite_build="$repo/build/kernels-suite"
	make -s -C "$repo" -j"$(nproc)" BUILD="$suite_build" "$suite_build/bin/tinybpf" \
		>"$work/make.log" 2>&1 || { cat "$work/make.log"; step_failed "make tinybpf"; }
	tinybpf="$suite_build/bin/tinybpf"
fi
echo "suite.sh: tinybpf $tinybpf ($(elapsed "$t0")s)"

# --- 2. the BPF objects -----------------------------------------------------------
t0=$(date +%s.%N)
obj="$work/fentry-unlink.bpf.o"
(cd "$repo/examples/fentry-unlink" && "$tinybpf" build -o "$obj" ./bpf) ||
	step_failed "tinybpf build examples/fentry-unlink"
echo "suite.sh: built $(basename "$obj") ($(elapsed "$t0")s)"

# core_task: built once, as tests/tests.mk builds testdata objects; every kernel
# below loads this very file.
t0=$(date +%s.%N)
core_ir="$work/core_task.ll"
core_obj="$work/core_task.bpf.o"
(cd "$repo/tests/testdata" &&
	"$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=0 -o "$core_ir" ./core_task) ||
	step_failed "tinygo build tests/testdata/core_task"
"$tinybpf" link -i "$core_ir" -o "$core_obj" || step_failed "tinybpf link core_task.ll"
relos="?"
if command -v llvm-objdump-22 >/dev/null; then
	relos=$(llvm-objdump-22 -dr "$core_obj" | grep -c 'CO-RE <' || true)
fi
echo "suite.sh: built core_task.bpf.o ($(elapsed "$t0")s): $relos CO-RE relocations," \
	"sha256 $(sha256sum "$core_obj" | cut -c1-16)"
[[ $(src_state) == "$state_before" ]] ||
	echo "suite.sh: WARNING: src/ or include/ changed while tinybpf was built; rerun before trusting the result"

# kfunc_task and core_queries: built once the same way; each kernel loads these files.
port_files=()
port_tests=(kfunc_task_test core_queries_test)
for case in kfunc_task core_queries; do
	(cd "$repo/tests/testdata" &&
		"$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=0 -o "$work/$case.ll" "./$case") ||
		step_failed "tinygo build tests/testdata/$case"
	"$tinybpf" link -i "$work/$case.ll" -o "$work/$case.bpf.o" || step_failed "tinybpf link $case.ll"
	port_files+=(--file "$work/$case.bpf.o")
done
echo "suite.sh: built kfunc_task.bpf.o core_queries.bpf.o"

# sdk_inode_storage: bpf.InodeStorage needs LSM programs, so it runs in the guests only.
guest_files=() guest_tests=(inode_storage_test)
(cd "$repo/tests/testdata" &&
	"$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=0 -o "$work/sdk_inode_storage.ll" ./sdk_inode_storage) ||
	step_failed "tinygo build tests/testdata/sdk_inode_storage"
"$tinybpf" link -i "$work/sdk_inode_storage.ll" -o "$work/sdk_inode_storage.bpf.o" ||
	step_failed "tinybpf link sdk_inode_storage.ll"
guest_files+=(--file "$work/sdk_inode_storage.bpf.o")

# --- 3. the guest tests, statically linked -------------------------------------------
t0=$(date +%s.%N)
mkdir -p "$work/bin"
for t in fentry_unlink_test core_task_test "${port_tests[@]}" "${guest_tests[@]}"; do
	"$CC" -O2 -Wall -Wextra -static "$here/guest/$t.c" -o "$work/bin/$t" -lbpf -lelf -lz ||
		step_failed "$CC -static guest/$t.c (needs libbpf-dev libelf-dev zlib1g-dev)"
done
echo "suite.sh: built fentry_unlink_test core_task_test ($(elapsed "$t0")s)"

# --- 4. boot the kernels; 5. the host -------------------------------------------------
rc=0
tsvs=()
if [[ -n ${kernels// /} ]]; then
	t0=$(date +%s.%N)
	"$here/run.sh" --kernels "$kernels" --timeout "$timeout" --log-dir "$work/logs" \
		--file "$obj" --file "$core_obj" "${port_files[@]}" "${guest_files[@]}" "$work/bin/fentry_unlink_test" \
		"$work/bin/core_task_test" "${port_tests[@]/#/$work/bin/}" "${guest_tests[@]/#/$work/bin/}" || rc=$?
	echo "suite.sh: run.sh (guests) exit status $rc ($(elapsed "$t0")s)"
	tsvs+=("$work/logs/results.tsv")
fi
t0=$(date +%s.%N)
hrc=0
"$here/run.sh" --kernels "" --host --timeout "$timeout" --log-dir "$work/logs-host" \
	--file "$core_obj" "${port_files[@]}" "$work/bin/core_task_test" "${port_tests[@]/#/$work/bin/}" || hrc=$?
echo "suite.sh: run.sh --host exit status $hrc ($(elapsed "$t0")s)"
tsvs+=("$work/logs-host/results.tsv")
((rc != 0)) || rc=$hrc

# --- 6. the examples' tracers (Go, cilium/ebpf) in the guests ----------------------------
# Each example's scripts/smoke.sh --stage builds its objects, static tracer and
# smoke test; one boot per kernel runs them all (examples/internal/scripts/guest-smoke.sh).
if [[ -n ${kernels// /} ]]; then
	t0=$(date +%s.%N)
	ex_stage="$work/examples"
	for ex in kprobe-openat fentry-open fentry-unlink; do
		TINYBPF_BIN=$tinybpf "$repo/examples/$ex/scripts/smoke.sh" --stage "$ex_stage" \
			>"$work/smoke-$ex.log" 2>&1 || { cat "$work/smoke-$ex.log"; step_failed "examples/$ex/scripts/smoke.sh --stage"; }
	done
	ex_files=()
	for f in "$ex_stage"/files/*; do ex_files+=(--file "$f"); done
	erc=0
	"$here/run.sh" --kernels "$kernels" --timeout "$timeout" --log-dir "$work/logs-examples" \
		"${ex_files[@]}" "$ex_stage"/tests/* || erc=$?
	echo "suite.sh: run.sh (examples) exit status $erc ($(elapsed "$t0")s)"
	# First, so that the guests' logs above stay the ones the core_task lines come from.
	tsvs=("$work/logs-examples/results.tsv" "${tsvs[@]}")
	((rc != 0)) || rc=$erc
fi

# --- one table for both runs -------------------------------------------------------------
# results.tsv: TEST<TAB>KERNEL<TAB>RESULT; "@done" rows only count when missing.
declare -A cell logfile
tests=()
columns=()
for tsv in "${tsvs[@]}"; do
	[[ -s $tsv ]] || continue
	dir=${tsv%/*}
	while IFS=$'\t' read -r test kernel result; do
		if [[ $test == "@done" ]]; then
			[[ " ${columns[*]} " == *" $kernel "* ]] || columns+=("$kernel")
			logfile[$kernel]="$dir/$kernel.log"
			[[ -f ${logfile[$kernel]} ]] || logfile[$kernel]="$dir/host.log"
			[[ $result == PASS ]] || { failed=$((failed + 1)); echo "suite.sh: $kernel: no TBPF-DONE"; }
			continue
		fi
		[[ " ${tests[*]} " == *" $test "* ]] || tests+=("$test")
		cell[$test/$kernel]=$result
		if [[ $result == PASS ]]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done <"$tsv"
done
if ((${#tests[@]})); then
	echo
	echo "suite.sh: results (\"-\": not run on that kernel)"
	printf '%-20s' TEST
	for k in "${columns[@]}"; do printf '  %-16s' "$k"; done
	echo
	for n in "${tests[@]}"; do
		printf '%-20s' "$n"
		for k in "${columns[@]}"; do printf '  %-16s' "${cell[$n/$k]:--}"; done
		echo
	done
	echo
	for k in "${columns[@]}"; do
		[[ -f ${logfile[$k]} ]] || continue
		sed -n "s/^core-task: /  /p; s/^core-queries: /  /p; s/^kfunc-task: /  /p" "${logfile[$k]}" |
			sed "1i suite.sh: core_task, core_queries, kfunc_task on $k:"
	done
fi
# A setup error (exit 2) leaves no table; any non-zero status must not pass.
if ((rc != 0 && failed == 0)); then
	failed=1
	echo "suite.sh: FAIL: run.sh exited with status $rc"
fi
finish
