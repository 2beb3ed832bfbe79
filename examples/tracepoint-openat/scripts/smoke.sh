#!/usr/bin/env bash
# End-to-end on this kernel, as root: builds the example, runs its tracer,
# has a shell whose pid the test knows open a file for appending, and checks
# the line the tracer prints (pid, tid, flags, file), in text and with -json.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$example_dir/../smoke-lib.bash"

"$example_dir/scripts/build.sh" || exit 1
(cd "$example_dir" && go build -o build/tracer ./cmd/tracer) || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/openat.bpf.o")

# open_file: a single-threaded shell opens $tmp/target with
# O_WRONLY|O_CREAT|O_APPEND (0x441) through openat. Prints its pid.
open_file() {
	sh -c ': >>"$1"' sh "$tmp/target" &
	wait $!
	echo $!
}

start_tracer text attached "${tracer[@]}"
pid=$(open_file)
wait_for text " file=$tmp/target$"
stop_tracer text
expect "the shell's openat of target" \
	grep -qxE "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z pid=$pid tid=$pid flags=0x441 file=$tmp/target" "$tmp/text.out"
grep -F "file=$tmp/target" "$tmp/text.out" | sed 's/^/seen: /'

start_tracer json attached "${tracer[@]}" -json
pid=$(open_file)
wait_for json "\"filename\":\"$tmp/target\""
stop_tracer json
expect "-json prints the same event as an object" \
	grep -qE "^\\{\"time\":\"[^\"]+Z\",\"pid\":$pid,\"tid\":$pid,\"flags\":1089,\"filename\":\"$tmp/target\"\\}$" "$tmp/json.out"
grep -F "$tmp/target" "$tmp/json.out" | sed 's/^/seen: /'

finish "tracepoint-openat smoke"
