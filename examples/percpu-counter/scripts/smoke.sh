#!/usr/bin/env bash
# End-to-end on this kernel, as root: builds the example, runs its tracer, has
# a process the test builds (scripts/pinned-calls.c) pin itself to each CPU in
# turn and call getppid(2) a different, known number of times on each, and
# checks every CPU's count and the total the tracer prints, in text and with
# -json. Needs two CPUs or more. Honours TINYBPF_BIN and BPF_CPU like
# scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

build_example
cc -O2 -Wall -o "$tmp/pinned-calls" "$example_dir/scripts/pinned-calls.c" || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/counter.bpf.o")
calls=1000 # on CPU c the workload calls getppid calls*(c+1) times

# The CPUs cilium/ebpf reads a per-CPU value for: the possible ones ("0-7").
possible=$(cat /sys/devices/system/cpu/possible)
ncpu=$((${possible##*-} + 1))
expect "a multi-CPU kernel (possible CPUs: $possible)" test "$ncpu" -ge 2

# count NAME TRACER_ARGS...: one run of the tracer around one run of the
# workload, with "PID" in the arguments replaced by the workload's pid. Sets
# want[c], what the workload says it did on CPU c, and want_total. A second
# workload, the noise, calls getppid 7*(c+1) times on each CPU at the same
# time: a count that is not filtered by pid is off by those.
count() {
	local name=$1
	shift
	rm -f "$tmp/go" && mkfifo "$tmp/go"
	"$tmp/pinned-calls" "$tmp/go" "$calls" >"$tmp/$name.load" &
	local load=$!
	"$tmp/pinned-calls" "$tmp/go" 7 >"$tmp/$name.noise" &
	local noise=$!
	for _ in $(seq 50); do grep -q '^pid ' "$tmp/$name.load" && grep -q '^pid ' "$tmp/$name.noise" && break; sleep 0.1; done
	start_tracer "$name" attached "${tracer[@]}" "${@/PID/$load}"
	# Releases both workloads: the fifo stays open for writing until they are
	# done, so that neither can miss it.
	exec 3>"$tmp/go"
	wait "$load" || { echo "FAIL: the workload failed" >&2; exit 1; }
	wait "$noise" || { echo "FAIL: the noise workload failed" >&2; exit 1; }
	exec 3>&-
	stop_tracer "$name"
	sed 's/^/seen: /' "$tmp/$name.out"
	want=() want_total=0
	local c
	for ((c = 0; c < ncpu; c++)); do want[c]=0; done
	while read -r _ c _ n; do
		want[c]=$n
		want_total=$((want_total + n))
	done < <(grep '^cpu ' "$tmp/$name.load")
	pid=$load
}

# at_least NAME: every CPU's count and the total in NAME's line are at least
# what the workload did there.
at_least() {
	local line c n
	line=$(tail -n 1 "$tmp/$1.out")
	for ((c = 0; c < ncpu; c++)); do
		n=$(sed -n "s/.* cpu$c=\([0-9]*\) .*/\1/p" <<<"$line")
		[ -n "$n" ] && [ "$n" -ge "${want[c]}" ] || { echo "cpu$c: ${n:-none} < ${want[c]}" >&2; return 1; }
	done
	n=$(sed -n 's/.* total=\([0-9]*\)$/\1/p' <<<"$line")
	[ -n "$n" ] && [ "$n" -ge "$want_total" ] || { echo "total ${n:-none} < $want_total" >&2; return 1; }
}

# Only getppid, only the workload's: each CPU's count is exactly the calls
# the workload made there, and the total their sum.
count exact -pid PID -syscall getppid
expect "the workload ran on every CPU" test "$(grep -c '^cpu ' "$tmp/exact.load")" = "$ncpu"
line=""
for ((c = 0; c < ncpu; c++)); do line+="cpu$c=${want[c]} "; done
line+="total=$want_total"
expect "one line: each CPU's getppid calls and their sum ($line)" \
	grep -qxE "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z $line" "$tmp/exact.out"
expect "the attach line names the tracepoint" \
	grep -qx "tracer: attached to tracepoint syscalls/sys_enter_getppid; Ctrl+C to stop" "$tmp/exact.err"
expect "the exit line" grep -qx "tracer: detached" "$tmp/exact.err"

count json -json -pid PID -syscall getppid
json_cpus=$(
	IFS=,
	echo "${want[*]}"
)
expect "-json: the same counts as an object" \
	grep -qxE "\\{\"time\":\"[^\"]+Z\",\"per_cpu\":\\[$json_cpus\\],\"total\":$want_total\\}" "$tmp/json.out"

# Every system call of the workload: at least its getppid calls on each CPU.
count allcalls -pid PID
expect "all system calls of the workload: at least its getppid calls on each CPU" at_least allcalls
expect "the attach line names raw_syscalls/sys_enter" \
	grep -qx "tracer: attached to tracepoint raw_syscalls/sys_enter; Ctrl+C to stop" "$tmp/allcalls.err"
# getppid of every process: at least the workload's.
count everyone -syscall getppid
expect "getppid of every process: at least the workload's on each CPU" at_least everyone

# -interval: a line every 100 ms while it runs, then the last one.
start_tracer interval attached "${tracer[@]}" -interval 100ms -syscall getppid
sleep 0.55
stop_tracer interval
expect "-interval 100ms: 5 lines or more in 550 ms (got $(wc -l <"$tmp/interval.out"))" \
	test "$(wc -l <"$tmp/interval.out")" -ge 5

# A name that is no system call: a clear error, exit 1, nothing on stdout.
"${tracer[@]}" -syscall nosuchcall >"$tmp/bad.out" 2>"$tmp/bad.err"
status=$?
expect "-syscall nosuchcall exits 1 (got $status)" test "$status" = 1
expect "-syscall nosuchcall says why" grep -qx \
	'tracer: no tracepoint syscalls/sys_enter_nosuchcall on this kernel: is "nosuchcall" a system call here?' "$tmp/bad.err"
expect "-syscall nosuchcall prints nothing on stdout" test ! -s "$tmp/bad.out"
"${tracer[@]}" --help >"$tmp/help.out" 2>&1
status=$?
expect "--help exits 0 (got $status) and shows -syscall" grep -q -- "-syscall name" "$tmp/help.out"
expect "--help exits 0" test "$status" = 0

finish "percpu-counter smoke"
