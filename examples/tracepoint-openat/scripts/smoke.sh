#!/usr/bin/env bash
# End-to-end on this kernel, as root: builds the example, runs its tracer,
# has a shell whose pid the test knows open a file for appending, and checks
# the line the tracer prints (pid, tid, flags, file), in text and with -json.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

build_example
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/openat.bpf.o")

# open_file: a single-threaded shell opens $tmp/target with
# O_WRONLY|O_CREAT|O_APPEND (0x441) through openat. Prints its pid.
open_file() {
	sh -c ': >>"$1"' sh "$tmp/target" &
	wait $!
	echo $!
}

# trace_open NAME FLAGS...: one run of the tracer around one open_file;
# sets pid.
trace_open() {
	start_tracer "$1" attached "${tracer[@]}" "${@:2}"
	pid=$(open_file)
	wait_for "$1" "$tmp/target"
	stop_tracer "$1"
	grep -F "$tmp/target" "$tmp/$1.out" | sed 's/^/seen: /'
}

trace_open text
expect "the shell's openat of target" \
	grep -qxE "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z pid=$pid tid=$pid flags=0x441 file=$tmp/target" "$tmp/text.out"
expect "the exit line counts the events and no losses" \
	grep -qE "^tracer: detached; [1-9][0-9]* events printed, 0 lost$" "$tmp/text.err"
trace_open json -json
expect "-json prints the same event as an object" \
	grep -qE "^\\{\"time\":\"[^\"]+Z\",\"pid\":$pid,\"tid\":$pid,\"flags\":1089,\"filename\":\"$tmp/target\"\\}$" "$tmp/json.out"

expect "-json ends with its summary" \
	grep -qE '^\{"summary":\{"printed":[1-9][0-9]*,"lost":0,"kernel_drops":0,"perf_lost_samples":0,"undecodable":0\}\}$' "$tmp/json.out"

# An open() storm: printed plus reported lost is every open the storm made.
storm_test storm 50000 " file=PATH$" "${tracer[@]}" -pid PID

# tracer | head: the tracer stops when head does, cleanly, not by SIGPIPE.
( "${tracer[@]}" 2>"$tmp/head.err" | head -n 3 >"$tmp/head.out"; echo "${PIPESTATUS[0]}" >"$tmp/head.status" ) &
for _ in $(seq 100); do grep -q attached "$tmp/head.err" && break; sleep 0.1; done
for _ in $(seq 20); do : >"$tmp/target"; sleep 0.05; [ -s "$tmp/head.status" ] && break; done
wait
expect "tracer | head -n 3: head got 3 lines" test "$(wc -l <"$tmp/head.out")" = 3
expect "tracer | head -n 3: the tracer exits 0, not by SIGPIPE (got $(cat "$tmp/head.status"))" test "$(cat "$tmp/head.status")" = 0
# (head may have read a few more lines than it printed before it exited.)
expect "tracer | head -n 3: it detached and said so" grep -qE "^tracer: detached; ([3-9]|[1-9][0-9]+) events printed, [0-9]+ lost$" "$tmp/head.err"

finish "tracepoint-openat smoke"
