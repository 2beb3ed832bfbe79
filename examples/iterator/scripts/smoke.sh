#!/usr/bin/env bash
# End-to-end on this kernel, as root: builds the example and a small C program
# (scripts/threads.c: a process whose two threads name themselves), runs the
# tracer, and checks the rows the task iterator gives for that process (its
# pid, each thread's id, the parent — this script — and each name) and for this
# script's own shell, in text and with -json.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

build_example
# Its name is the main thread's comm.
cc -O2 -Wall -pthread -o "$tmp/iter-target" "$example_dir/scripts/threads.c" || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/tasks.bpf.o")
# not_grep PATTERN FILE: FILE has no line with PATTERN.
not_grep() { ! grep -q -- "$1" "$2"; }

"$tmp/iter-target" >"$tmp/target.out" &
pid=$!
for _ in $(seq 50); do [ "$(grep -c '^tid ' "$tmp/target.out")" = 2 ] && break; sleep 0.1; done
tid1=$(sed -n 's/^tid iter-worker-1 //p' "$tmp/target.out")
tid2=$(sed -n 's/^tid iter-worker-2 //p' "$tmp/target.out")
expect "the target reported its pid ($pid) and two thread ids ($tid1, $tid2)" \
	test "$(sed -n 's/^pid //p' "$tmp/target.out")" = "$pid" -a -n "$tid1" -a -n "$tid2"

# run NAME ARGS...: the tracer, once; asserts exit status 0.
run() {
	local name=$1 status
	shift
	"${tracer[@]}" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	status=$?
	expect "$name: exit 0 (got $status)" test "$status" = 0
	sed 's/^/seen: /' "$tmp/$name.out" | head -n 6
}

# -pid: the heading and exactly the target's three tasks, in tid order (the
# iterator walks tids upwards): tgid, tid, parent (this shell), name.
run text -pid "$pid"
printf '%7d %7d %7d %s\n' "$pid" "$pid" $$ iter-target "$pid" "$tid1" $$ iter-worker-1 "$pid" "$tid2" $$ iter-worker-2 |
	sort -n -k2 >"$tmp/text.want"
expect "-pid: the target's three threads, with the right ids, parent and names" \
	test "$(tail -n +2 "$tmp/text.out")" = "$(cat "$tmp/text.want")"
expect "-pid: the heading first" test "$(head -n 1 "$tmp/text.out")" = "   TGID     TID    PPID COMM"
expect "-pid: the count on stderr" grep -qx "tracer: listed 3 of the tasks the iterator walked" "$tmp/text.err"

run json -json -pid "$pid"
expect "-json: the main thread as an object" \
	grep -qx "{\"tgid\":$pid,\"tid\":$pid,\"ppid\":$$,\"comm\":\"iter-target\"}" "$tmp/json.out"
expect "-json: the second worker as an object" \
	grep -qx "{\"tgid\":$pid,\"tid\":$tid2,\"ppid\":$$,\"comm\":\"iter-worker-2\"}" "$tmp/json.out"
expect "-json: three objects" test "$(wc -l <"$tmp/json.out")" = 3

# Every task: this script's shell with its parent and name as /proc says,
# the target's threads, and the tracer itself.
run all
expect "all: this script's shell ($$, parent $PPID, $(cat /proc/$$/comm))" \
	grep -qx "$(printf '%7d %7d %7d %s' $$ $$ "$PPID" "$(cat /proc/$$/comm)")" "$tmp/all.out"
expect "all: the target's worker" grep -qx "$(printf '%7d %7d %7d %s' "$pid" "$tid1" $$ iter-worker-1)" "$tmp/all.out"
expect "all: the tracer itself, a child of this shell" grep -qE "^ +([0-9]+) +\\1 +$$ tracer$" "$tmp/all.out"
expect "all: kthreadd, pid 2, child of 0" grep -qx "$(printf '%7d %7d %7d %s' 2 2 0 kthreadd)" "$tmp/all.out"

# Once the target is gone, the iterator no longer finds it: every read is a
# new walk.
kill "$pid"
wait "$pid" 2>/dev/null
run gone -pid "$pid"
expect "after the target exited: only the heading" test "$(cat "$tmp/gone.out")" = "   TGID     TID    PPID COMM"

# tracer | true: the reader is gone before the tracer writes (EPIPE): no
# error, exit 0, as with head.
"${tracer[@]}" 2>"$tmp/pipe.err" | true
status=${PIPESTATUS[0]}
expect "tracer | true: exits 0 (got $status)" test "$status" = 0
expect "tracer | true: no error on stderr" not_grep "broken pipe" "$tmp/pipe.err"

"${tracer[@]}" -pid -3 >"$tmp/bad.out" 2>"$tmp/bad.err"
status=$?
expect "-pid -3: exit 1 (got $status)" test "$status" = 1
expect "-pid -3: says why" grep -qx "tracer: -pid -3: not a process id" "$tmp/bad.err"
expect "-pid -3: nothing on stdout" test ! -s "$tmp/bad.out"
"${tracer[@]}" --help >"$tmp/help.out" 2>&1
status=$?
expect "--help exits 0 (got $status)" test "$status" = 0

finish "iterator smoke"
