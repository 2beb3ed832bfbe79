#!/usr/bin/env bash
# Kernel-matrix suite: tinybpf-built Go programs that only run in the QEMU guests
# (the host refuses fentry/fexit/lsm and has no kprobes).
#
# Usage: tests/kernels/suite.sh [--kernels "6.1 6.12"] [--timeout SECONDS] [--keep]
#   --kernels   passed to run.sh                                     (default: "6.1 6.12")
#   --timeout   per-test timeout, passed to run.sh                   (default: 60)
#   --keep      keep the work directory (objects, binaries, logs) even on success
# Environment: TINYBPF=path uses that tinybpf instead of building one; CC (default gcc).
#
# Steps:
#   1. build tinybpf from this tree into build/kernels-suite (make BUILD=...), so a
#      binary someone else left in build/ from a half-edited tree cannot leak in;
#   2. tinybpf build examples/fentry-unlink -> fentry-unlink.bpf.o;
#   3. cc -static tests/kernels/guest/fentry_unlink_test.c -lbpf -lelf -lz;
#   4. run.sh --kernels ... --file fentry-unlink.bpf.o fentry_unlink_test.
# Last line: "kernels: N passed, N failed", counted from run.sh's results.tsv (one per
# test and kernel; a kernel without TBPF-DONE and a failed build step count as failed).
# Exit 0 only if none failed.
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
	-h | --help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
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

# --- 2. the BPF object -------------------------------------------------------------
t0=$(date +%s.%N)
obj="$work/fentry-unlink.bpf.o"
(cd "$repo/examples/fentry-unlink" && "$tinybpf" build -o "$obj" ./bpf) ||
	step_failed "tinybpf build examples/fentry-unlink"
echo "suite.sh: built $(basename "$obj") ($(elapsed "$t0")s)"
[[ $(src_state) == "$state_before" ]] ||
	echo "suite.sh: WARNING: src/ or include/ changed while tinybpf was built; rerun before trusting the result"

# --- 3. the guest test, statically linked -------------------------------------------
t0=$(date +%s.%N)
mkdir -p "$work/bin"
"$CC" -O2 -Wall -Wextra -static "$here/guest/fentry_unlink_test.c" -o "$work/bin/fentry_unlink_test" \
	-lbpf -lelf -lz || step_failed "$CC -static guest/fentry_unlink_test.c (needs libbpf-dev libelf-dev zlib1g-dev)"
echo "suite.sh: built fentry_unlink_test ($(elapsed "$t0")s)"

# --- 4. boot the kernels -------------------------------------------------------------
t0=$(date +%s.%N)
rc=0
"$here/run.sh" --kernels "$kernels" --timeout "$timeout" --log-dir "$work/logs" \
	--file "$obj" "$work/bin/fentry_unlink_test" || rc=$?
echo "suite.sh: run.sh exit status $rc ($(elapsed "$t0")s)"

# Count from results.tsv: TEST<TAB>KERNEL<TAB>RESULT; "@done" rows only count when missing.
tsv="$work/logs/results.tsv"
if [[ -s $tsv ]]; then
	while IFS=$'\t' read -r test kernel result; do
		if [[ $test == "@done" ]]; then
			[[ $result == PASS ]] || { failed=$((failed + 1)); echo "suite.sh: $kernel: no TBPF-DONE"; }
		elif [[ $result == PASS ]]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done <"$tsv"
fi
# A setup error (exit 2) leaves no table; any non-zero status must not pass.
if ((rc != 0 && failed == 0)); then
	failed=1
	echo "suite.sh: FAIL: run.sh exited with status $rc"
fi
finish
