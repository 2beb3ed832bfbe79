#!/usr/bin/env bash
# End-to-end on this kernel, as root: builds the example, runs its tracer,
# execs known binaries from a shell whose pid the test knows, and checks the
# pid, tgid and comm the tracer prints, in text and in --json; then fills a
# perf buffer on purpose and checks that the lost samples are reported.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

build_example
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/sched.bpf.o")

# comm is the exec'd file's name, cut to 15 bytes and a NUL.
cp /bin/true "$tmp/smoke-exec"
cp /bin/true "$tmp/smoke-exec-long-name"

# exec_child FILE: a shell (comm "sh") writes its pid, then execs FILE, which
# keeps that pid. Prints the pid.
exec_child() {
	sh -c 'echo $$ >"$1"; exec "$2"' sh "$tmp/child.pid" "$1"
	cat "$tmp/child.pid"
}

time_re='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
json_time_re="${time_re%Z}(\\.[0-9]+)?Z" # to the nanosecond

start_tracer text attached "${tracer[@]}"
pid=$(exec_child "$tmp/smoke-exec")
long_pid=$(exec_child "$tmp/smoke-exec-long-name")
wait_for text "pid=$long_pid " # events arrive in order per CPU, not across CPUs
wait_for text "comm=smoke-exec$"
stop_tracer text
expect "the exec of smoke-exec, as pid $pid" \
	grep -qxE "$time_re pid=$pid tgid=$pid comm=smoke-exec" "$tmp/text.out"
# The shell's own exec comes first: the program reads the task after exec.
expect "pid $pid exec'd sh, then smoke-exec" \
	test "$(grep -E " pid=$pid " "$tmp/text.out" | sed 's/.* comm=//' | paste -sd,)" = "sh,smoke-exec"
expect "a long name is cut to comm's 15 bytes" \
	grep -qxE "$time_re pid=$long_pid tgid=$long_pid comm=smoke-exec-long" "$tmp/text.out"
expect "the exit line counts the events and no losses" \
	grep -qE "^tracer: detached; [1-9][0-9]* events printed, 0 lost$" "$tmp/text.err"
grep -hE " pid=($pid|$long_pid) " "$tmp/text.out" | sed 's/^/seen: /'

start_tracer json attached "${tracer[@]}" -json
pid=$(exec_child "$tmp/smoke-exec")
wait_for json "\"pid\":$pid,.*smoke-exec"
stop_tracer json
expect "--json prints the same event as an object" \
	grep -qxE "\\{\"time\":\"$json_time_re\",\"pid\":$pid,\"tgid\":$pid,\"comm\":\"smoke-exec\"\\}" "$tmp/json.out"
grep -h "smoke-exec" "$tmp/json.out" | sed 's/^/seen: /'

# A stopped tracer with one page per CPU cannot keep up with 300 execs on
# CPU 0: the kernel drops samples, and the tracer must say how many.
start_tracer lost attached "${tracer[@]}" -pages 1
kill -STOP "${tracer_pid[lost]}"
taskset -c 0 sh -c 'for i in $(seq 300); do "$1"; done' sh "$tmp/smoke-exec"
kill -CONT "${tracer_pid[lost]}"
for _ in $(seq 50); do grep -q "lost" "$tmp/lost.err" && break; sleep 0.1; done
stop_tracer lost
expect "lost samples on CPU 0 are reported" \
	grep -qE "^tracer: lost [1-9][0-9]* samples on CPU 0 " "$tmp/lost.err"
expect "the exit line counts them" \
	grep -qE "^tracer: detached; [0-9]+ events printed, [1-9][0-9]* lost$" "$tmp/lost.err"
expect "what was kept still decodes" grep -qE "comm=smoke-exec$" "$tmp/lost.out"
expect "no decode errors" test -z "$(grep -v -e attached -e lost -e detached "$tmp/lost.err" "$tmp/text.err" "$tmp/json.err")"

sed "s/^/seen: /" "$tmp/lost.err"
finish "rawtp-sched smoke"
