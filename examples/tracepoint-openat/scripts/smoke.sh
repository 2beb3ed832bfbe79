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

finish "tracepoint-openat smoke"
