#!/usr/bin/env bash
# Self-test of the kernel-matrix harness (run.sh) with real BPF programs.
#
# Usage: tests/kernels/selftest.sh [--kernels "6.1 6.12"]
#
# Builds selftest/unlinkat.bpf.c (clang-22 -target bpf) and a statically linked
# libbpf loader, copied as unlinkat-fentry, unlinkat-kprobe, unlinkat-tracepoint,
# plus always-fail, then checks run.sh's verdicts in three runs:
#   A  kernels + --host, with always-fail: every probe PASSes on each kernel,
#      always-fail is FAIL everywhere, exit status 1. On the host, fentry must be
#      FAIL where bpftool's probe finds tracing programs refused (EPERM here),
#      kprobe FAIL at attach where there is no kprobe PMU (no CONFIG_KPROBES
#      here), each PASS where the host has it; tracepoint PASSes.
#   B  kernels only, the three probes: exit status 0.
#   C  one kernel, a hanging test and one that powers the guest off mid-run:
#      FAIL (per-test timeout), one retry said as such, MISSING results, no
#      TBPF-DONE, exit status 1.
# Last line: "kernels-selftest: N passed, N failed". Exit 0 only if none failed.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kernels="6.1 6.12"
while (($#)); do
	case "$1" in
	--kernels) kernels=$2; shift ;;
	-h | --help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "selftest.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done
read -r -a klist <<<"$kernels"
((${#klist[@]})) || { echo "selftest.sh: --kernels is empty" >&2; exit 2; }

CLANG=${CLANG:-clang-22}
CC=${CC:-cc}
work=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-kernels-selftest.XXXXXX")
bin="$work/bin"
mkdir -p "$bin"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok:   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
finish() {
	echo "kernels-selftest: $passed passed, $failed failed"
	if ((failed)); then
		echo "(logs kept in $work)"
		exit 1
	fi
	rm -rf "$work"
	exit 0
}

# --- build -------------------------------------------------------------------
# <linux/bpf.h> includes <asm/types.h>, which lives under the multiarch directory.
multiarch=$("$CC" -print-multiarch 2>/dev/null || true)
if ! "$CLANG" -O2 -g -target bpf -I"/usr/include/${multiarch:-x86_64-linux-gnu}" \
	-c "$here/selftest/unlinkat.bpf.c" -o "$bin/unlinkat.bpf.o"; then
	bad "build unlinkat.bpf.o with $CLANG"
	finish
fi
if ! "$CC" -O2 -Wall -static "$here/selftest/unlinkat.c" -o "$bin/unlinkat" -lbpf -lelf -lz ||
	! "$CC" -O2 -Wall -static "$here/selftest/always-fail.c" -o "$bin/always-fail"; then
	bad "build static loaders with $CC (needs libbpf-dev libelf-dev zlib1g-dev)"
	finish
fi
# One binary, three names: the loader picks the probe flavour from its name.
for k in fentry kprobe tracepoint; do cp "$bin/unlinkat" "$bin/unlinkat-$k"; done
cp "$here/selftest/hang" "$here/selftest/poweroff-midway" "$bin/"
chmod 755 "$bin/hang" "$bin/poweroff-midway"
ok "built selftest binaries and unlinkat.bpf.o"

# --- helpers -------------------------------------------------------------------
# run NAME EXPECTED_RC run.sh-args...: runs run.sh, logs into $work/NAME.
run() {
	local name=$1 want=$2 rc=0 t0 t1
	shift 2
	echo "--- run $name: run.sh $*"
	t0=$(date +%s)
	"$here/run.sh" --log-dir "$work/$name" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
	t1=$(date +%s)
	sed 's/^/    /' "$work/$name.out"
	if ((rc == want)); then
		ok "run $name: exit status $rc ($((t1 - t0))s)"
	else
		bad "run $name: exit status $rc, want $want"
		sed 's/^/    stderr: /' "$work/$name.err"
	fi
}

# expect RUN TEST KERNEL REGEX: the result cell in RUN's results.tsv matches REGEX.
expect() {
	local run=$1 test=$2 kernel=$3 re=$4 got
	got=$(awk -F'\t' -v t="$test" -v k="$kernel" '$1 == t && $2 == k { print $3 }' \
		"$work/$run/results.tsv" 2>/dev/null || true)
	if [[ $got =~ $re ]]; then
		ok "run $run: $test on $kernel is '$got'"
	else
		bad "run $run: $test on $kernel is '${got:-<no row>}', want /$re/"
	fi
}

# expect_output RUN TEXT: run.sh's stdout shows TEXT (e.g. a failing test's output).
expect_output() {
	if grep -qF -- "$2" "$work/$1.out"; then
		ok "run $1: output shows '$2'"
	else
		bad "run $1: output lacks '$2'"
	fi
}

probes=(unlinkat-fentry unlinkat-kprobe unlinkat-tracepoint)
host=$(uname -r)

# --- A: real BPF on every kernel and on the host, plus a failing test ----------
run A 1 --kernels "$kernels" --host --timeout 60 --file "$bin/unlinkat.bpf.o" \
	"${probes[@]/#/$bin/}" "$bin/always-fail"
for k in "${klist[@]}"; do
	for p in "${probes[@]}"; do expect A "$p" "$k" '^PASS$'; done
	expect A always-fail "$k" '^FAIL rc=1$'
	expect A @done "$k" '^PASS$'
done
# The host's verdicts, from what the host offers, probed without run.sh:
# bpftool's probe for loading tracing (fentry) programs, and the kprobe PMU
# that libbpf attaches kprobes through (no CONFIG_KPROBES here: none).
if bpftool feature probe kernel 2>/dev/null | grep -qx "eBPF program_type tracing is available"; then
	expect A unlinkat-fentry "$host" '^PASS$'
else
	expect A unlinkat-fentry "$host" '^FAIL rc=1$'
	# the kernel refusing the load, not a harness fault
	expect_output A "unlinkat-selftest: FAIL: fentry: load:"
fi
if [[ -e /sys/bus/event_source/devices/kprobe/type ]]; then
	expect A unlinkat-kprobe "$host" '^PASS$'
else
	expect A unlinkat-kprobe "$host" '^FAIL rc=1$'
	expect_output A "unlinkat-selftest: FAIL: kprobe: attach:"
fi
expect A unlinkat-tracepoint "$host" '^PASS$'
expect A always-fail "$host" '^FAIL rc=1$'
expect_output A "always-fail: failing on purpose"

# --- B: everything passes: exit status 0 ---------------------------------------
run B 0 --kernels "$kernels" --timeout 60 --file "$bin/unlinkat.bpf.o" "${probes[@]/#/$bin/}"
for k in "${klist[@]}"; do
	for p in "${probes[@]}"; do expect B "$p" "$k" '^PASS$'; done
	expect B @done "$k" '^PASS$'
done

# --- C: timeout, guest dying mid-run (one kernel is enough: parsing is shared) --
kc=${klist[${#klist[@]} - 1]}
run C 1 --kernels "$kc" --timeout 3 "$bin/hang" "$bin/poweroff-midway" "$bin/unlinkat-tracepoint"
expect C hang "$kc" '^FAIL rc=(143|137)$'
expect C poweroff-midway "$kc" '^MISSING$'
expect C unlinkat-tracepoint "$kc" '^MISSING$'
expect C @done "$kc" '^MISSING$'
expect_output C "no TBPF-DONE"
expect_output C "poweroff-midway: powering off now"
# Stopping mid-run is retried once, said as such, and fails again the second time.
expect_output C "RETRY $kc: the guest stopped before TBPF-DONE (no panic message), in poweroff-midway"

finish
