#!/usr/bin/env bash
# End-to-end on this kernel, as root: runs this opensnoop beside Debian's
# libbpf-tools opensnoop on the same workload, with the same filters (-p, -t,
# -u, -x), and checks that both print the same rows for the workload's
# processes, and that those rows are the ones the workload's opens must give.
# Then checks -json, and runs the Go end-to-end test of multi-threaded opens.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

command -v opensnoop >/dev/null || { echo "no opensnoop: install Debian's libbpf-tools (scripts/setup.sh does)" >&2; exit 1; }
build_example
ours=("$example_dir/build/tracer" -obj "$example_dir/build/opensnoop.bpf.o")
theirs=(stdbuf -oL opensnoop) # line-buffered, so rows reach the file as they are printed

# The workload: a shell opens a log for appending (flags O_WRONLY|O_CREAT|
# O_APPEND; only root may create it) and closes it, then execs cat, which
# opens one file that exists and one that does not, in a directory all may
# read. Two workloads run at once, one as root and one as nobody, so that
# each filter has something to keep and to drop.
chmod 755 "$tmp"
mkdir -m 755 "$tmp/work"
echo hello >"$tmp/work/exists"
chmod 644 "$tmp/work/exists"
nobody=$(id -u nobody)

# start_workload [PREFIX...]: a shell that waits in opening a fifo until a
# writer opens it too, then execs cat (same pid). It is started before the tracers so that they can be given its
# pid, and start_workload returns only once it waits in its open of the fifo:
# everything it opened before happened before the tracers attached, and that
# open entered before, so neither tool reports any of it.
start_workload() {
	"$@" env LC_ALL=C sh -c ': <"$1"; true 3>>"$4"; exec cat "$2" "$3"' \
		sh "$tmp/go" "$tmp/work/exists" "$tmp/work/missing" "$tmp/work/log" >/dev/null 2>&1 &
	for _ in $(seq 100); do
		[ "$(cat "/proc/$!/wchan" 2>/dev/null)" = wait_for_partner ] && return 0 # fs/pipe.c
		sleep 0.05
	done
	echo "FAIL: the workload did not reach its fifo" >&2
	exit 1
}

# row PID COMM FD ERR FILE: the line both tools must print for one open.
row() { printf '%-6d %-16s %3d %3d %s' "$1" "$2" "$3" "$4" "$tmp/work/$5"; }

# run_case NAME root|nobody FLAGS...: both tools with FLAGS (ROOT_PID in
# them stands for the root workload's pid) trace one run of the two
# workloads, the second argument being one that the filters keep. Leaves the
# sorted rows of the workloads' pids in $tmp/NAME.ours and $tmp/NAME.theirs.
run_case() {
	local name=$1 kept=$2
	shift 2
	rm -f "$tmp/go" && mkfifo -m 666 "$tmp/go"
	start_workload
	root_pid=$!
	start_workload setpriv --reuid="$nobody" --regid="$nobody" --clear-groups
	nobody_pid=$!
	local flags=("${@/ROOT_PID/$root_pid}")
	start_tracer "$name-ours" attached "${ours[@]}" "${flags[@]}"
	start_tracer "$name-theirs" '^PID' "${theirs[@]}" "${flags[@]}"
	# Opening the fifo for writing releases both; it stays open until both
	# have exited, so neither can miss the release.
	{ wait "$root_pid" "$nobody_pid"; } >"$tmp/go"
	# The missing file is cat's last open; other CPUs' buffers may still
	# hold earlier rows, so the readers get a moment more after it.
	local last_pid=$root_pid
	[ "$kept" = root ] || last_pid=$nobody_pid
	wait_for "$name-ours" "^$last_pid .* $tmp/work/missing$"
	wait_for "$name-theirs" "^$last_pid .* $tmp/work/missing$"
	sleep 0.2
	stop_tracer "$name-ours"
	stop_tracer "$name-theirs"
	for who in ours theirs; do
		awk -v a="$root_pid" -v b="$nobody_pid" '$1 == a || $1 == b' "$tmp/$name-$who.out" | sort >"$tmp/$name.$who"
	done
	expect "$name: both print the same rows" diff -u "$tmp/$name.theirs" "$tmp/$name.ours"
}

has() { grep -qxF -- "$2" "$tmp/$1.ours"; }
lacks() { ! grep -qxF -- "$2" "$tmp/$1.ours"; }

run_case all root
expect "all: root's cat opened exists as fd 3" has all "$(row "$root_pid" cat 3 0 exists)"
expect "all: root's cat failed on missing with ENOENT" has all "$(row "$root_pid" cat -1 2 missing)"
expect "all: root's shell created the log" has all "$(row "$root_pid" sh 3 0 log)"
expect "all: nobody's cat opened exists" has all "$(row "$nobody_pid" cat 3 0 exists)"
expect "all: nobody's shell may not create the log" has all "$(row "$nobody_pid" sh -1 13 log)"
grep -E "^(PID|$root_pid|$nobody_pid) " "$tmp/all-ours.out" | sed 's/^/seen: /' # in arrival order

run_case pid root -p ROOT_PID
expect "-p: the process's rows" has pid "$(row "$root_pid" cat -1 2 missing)"
expect "-p: no other process's" test -z "$(grep -v "^$root_pid " "$tmp/pid-ours.out" | grep -v '^PID')"

run_case tid root -t ROOT_PID # cat has one thread, whose tid is its pid
expect "-t: the thread's rows" has tid "$(row "$root_pid" cat 3 0 exists)"
expect "-t: no other thread's" test -z "$(grep -v "^$root_pid " "$tmp/tid-ours.out" | grep -v '^PID')"

run_case uid nobody -u "$nobody"
expect "-u: nobody's rows" has uid "$(row "$nobody_pid" cat -1 2 missing)"
expect "-u: no row of root's cat" test -z "$(grep "^$root_pid " "$tmp/uid.ours")"

run_case failed root -x
expect "-x: the failed open" has failed "$(row "$root_pid" cat -1 2 missing)"
expect "-x: not the successful one" lacks failed "$(row "$root_pid" cat 3 0 exists)"
expect "-x: only failures" test -z "$(awk '$4 == 0' "$tmp/failed.ours")"
grep -E "^(PID|$root_pid|$nobody_pid) " "$tmp/failed-ours.out" | sed 's/^/seen: /'

# -json: the same opens as objects.
rm -f "$tmp/go" && mkfifo -m 666 "$tmp/go"
start_workload
root_pid=$!
start_tracer json attached "${ours[@]}" -json -p "$root_pid"
{ wait "$root_pid"; } >"$tmp/go"
wait_for json "\"path\":\"$tmp/work/missing\""
stop_tracer json
json_time_re='"time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z"'
for want in "\"pid\":$root_pid,\"uid\":0,\"comm\":\"sh\",\"fd\":3,\"err\":0,\"flags\":1089,\"path\":\"$tmp/work/log\"" \
	"\"pid\":$root_pid,\"uid\":0,\"comm\":\"cat\",\"fd\":3,\"err\":0,\"flags\":0,\"path\":\"$tmp/work/exists\"" \
	"\"pid\":$root_pid,\"uid\":0,\"comm\":\"cat\",\"fd\":-1,\"err\":2,\"flags\":0,\"path\":\"$tmp/work/missing\""; do
	expect "-json: $want" grep -qxE "\\{$json_time_re,$(sed 's/[.]/\\./g' <<<"$want")\\}" "$tmp/json.out"
done
grep -F "$tmp/work" "$tmp/json.out" | sed 's/^/seen: /'
expect "the exit line counts the events and no losses" \
	grep -qE "^opensnoop: detached; [1-9][0-9]* events printed, 0 lost$" "$tmp/json.err"

# An open() storm: printed plus reported lost is every open the storm made.
storm_test storm 50000 " PATH$" "${ours[@]}" -p PID

# Threads, which cat does not have: internal/loader/e2e_test.go.
expect "go test ./internal/loader with the object: -p and -t on threads whose tid is not the pid" \
	env -C "$example_dir" TINYBPF_OPENSNOOP_OBJ="$example_dir/build/opensnoop.bpf.o" go test -count=1 ./internal/loader

finish "opensnoop smoke"
