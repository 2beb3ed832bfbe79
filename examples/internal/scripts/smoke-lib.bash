# Sourced by the examples' smoke tests, which set $example_dir first: the
# host ones (examples/*/scripts/smoke.sh run the tracer on this kernel) and
# guest-smoke.sh (the QEMU kernel matrix). Both build an example the same way;
# the host ones then run its tracer in the background, wait for what it
# prints, stop it the way a user does (Ctrl+C, i.e. SIGINT) and count
# assertions. Needs root.
#   build_example              scripts/build.sh, then each command cmd/X into build/X
#   go_static CMD ARGS...      go CMD (build, test -c) for a static binary: the
#                              guests have no dynamic loader
#   start_tracer NAME READY CMD...  stdout to $tmp/NAME.out, stderr to $tmp/NAME.err;
#                              returns once a line of either matches the regex READY
#   wait_for NAME REGEX        until a stdout line matches (10 s at most)
#   stop_tracer NAME           SIGINT; asserts exit status 0
#   expect DESC COMMAND...     one assertion: passes if the command succeeds
#   finish                     prints "<suite>: N passed, N failed", sets the exit status
# $tmp is a directory removed on exit.
# On every exit, a failed assertion's `exit 1`, Ctrl+C and SIGTERM included,
# every process the script started in the background (tracers, workloads
# waiting on a fifo) is stopped and reaped before $tmp goes: a failed run
# once left opensnoop's workload shells blocked in open() on their fifo
# forever, orphans of PID 1.
smoke_passed=0 smoke_failed=0
tmp=$(mktemp -d) || { echo "cannot make a temporary directory (TMPDIR=${TMPDIR-})" >&2; exit 1; }
declare -A tracer_pid
smoke_cleanup() {
	local pids
	pids=$(jobs -p)
	if [ -n "$pids" ]; then
		# shellcheck disable=SC2086
		kill $pids 2>/dev/null
		# shellcheck disable=SC2086
		kill -CONT $pids 2>/dev/null # a tracer stopped on purpose (rawtp-sched) handles it too
		for _ in $(seq 20); do
			# shellcheck disable=SC2086
			kill -0 $pids 2>/dev/null || break
			sleep 0.1
		done
		# shellcheck disable=SC2086
		kill -KILL $pids 2>/dev/null
		wait 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap smoke_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

go_static() {
	CGO_ENABLED=0 go "$1" -trimpath -ldflags='-s -w' "${@:2}"
}

build_example() {
	"$example_dir/scripts/build.sh" || exit 1
	local cmd
	for cmd in "$example_dir"/cmd/*/; do
		cmd=$(basename "$cmd")
		(cd "$example_dir" && go_static build -o "build/$cmd" "./cmd/$cmd") || exit 1
	done
}

expect() {
	local desc=$1
	shift
	if "$@"; then
		smoke_passed=$((smoke_passed + 1))
	else
		smoke_failed=$((smoke_failed + 1))
		echo "FAIL: $desc" >&2
	fi
}

# dump NAME: what a tracer printed, for a failure message.
dump() {
	echo "--- $1 stdout:" >&2
	tail -n 40 "$tmp/$1.out" >&2
	echo "--- $1 stderr:" >&2
	cat "$tmp/$1.err" >&2
}

start_tracer() {
	local name=$1 ready=$2
	shift 2
	: >"$tmp/$name.out" >"$tmp/$name.err" # there before the first look
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	tracer_pid[$name]=$!
	for _ in $(seq 100); do
		grep -qE -- "$ready" "$tmp/$name.out" "$tmp/$name.err" && return 0
		kill -0 "${tracer_pid[$name]}" 2>/dev/null || break
		sleep 0.1
	done
	echo "FAIL: $name did not attach" >&2
	dump "$name"
	exit 1
}

wait_for() {
	for _ in $(seq 100); do
		grep -qE -- "$2" "$tmp/$1.out" && return 0
		sleep 0.1
	done
	echo "no line matching '$2' from $1" >&2
	dump "$1"
	return 1
}

stop_tracer() {
	local name=$1 status=0
	kill -INT "${tracer_pid[$name]}"
	wait "${tracer_pid[$name]}" || status=$?
	unset "tracer_pid[$name]"
	expect "$name exits 0 on SIGINT (got $status)" test "$status" = 0
}

finish() {
	echo "$1: $smoke_passed passed, $smoke_failed failed"
	[ "$smoke_failed" = 0 ]
}

# storm_test NAME OPENS PATTERN TRACER...: the tracer must account for every
# event. A process (openstorm.c) opens one unique path OPENS times as fast as
# it can; the tracer, with "PID" in its arguments replaced by that process's
# pid, filters on it in the kernel, and writes to a pipe nobody reads until
# the storm is over, so its buffers overflow on purpose. Then it is stopped
# like Ctrl+C does, while still stuck behind its unread output. The lines it printed for the path (stdout lines matching
# PATTERN, in which PATH stands for the path) plus the events it reports
# lost ("detached; N events printed, M lost") must be exactly OPENS, with
# M > 0, and N must be those lines: nothing else of that process is traced.
storm_test() {
	local name=$1 opens=$2 pattern=$3
	shift 3
	cc -O2 -o "$tmp/openstorm" "$example_dir/../internal/scripts/openstorm.c" || exit 1
	rm -f "$tmp/storm-go" "$tmp/storm-done" && mkfifo "$tmp/storm-go"
	: >"$tmp/storm-target"
	"$tmp/openstorm" "$tmp/storm-go" "$tmp/storm-target" "$opens" >"$tmp/storm-opened" &
	local storm=$!
	for _ in $(seq 100); do
		[ "$(cat "/proc/$storm/wchan" 2>/dev/null)" = wait_for_partner ] && break # fs/pipe.c
		sleep 0.05
	done
	local args=("${@/PID/$storm}")
	# The reader of the tracer's stdout starts reading once the storm is over.
	: >"$tmp/$name.err"
	(
		sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$tmp/$name.pid" "${args[@]}" 2>"$tmp/$name.err" |
			{ while [ ! -e "$tmp/storm-done" ]; do sleep 0.05; done; cat; } >"$tmp/$name.out"
	) &
	local pipeline=$!
	for _ in $(seq 100); do grep -q attached "$tmp/$name.err" && break; sleep 0.1; done
	{ : >"$tmp/storm-go"; } # releases the storm
	wait "$storm"
	# Ctrl+C while the tracer is still stuck behind its unread output: it
	# must detach, then print what its buffers hold once it can write again.
	kill -INT "$(cat "$tmp/$name.pid")"
	sleep 0.5
	touch "$tmp/storm-done"
	wait "$pipeline"
	local printed lost lines target=$tmp/storm-target
	lines=$(grep -c -- "${pattern//PATH/$target}" "$tmp/$name.out")
	printed=$(sed -n 's/.*detached; \([0-9]*\) events printed, [0-9]* lost.*/\1/p' "$tmp/$name.err")
	lost=$(sed -n 's/.*detached; [0-9]* events printed, \([0-9]*\) lost.*/\1/p' "$tmp/$name.err")
	echo "storm $name: $opens opens caused, $(cat "$tmp/storm-opened") succeeded, $lines printed, ${lost:-?} reported lost"
	grep -v "^$" "$tmp/$name.err" | sed 's/^/  stderr: /'
	expect "storm $name: every open succeeded" test "$(cat "$tmp/storm-opened")" = "$opens"
	expect "storm $name: the summary counts the lines printed ($printed vs $lines)" test "$printed" = "$lines"
	expect "storm $name: the buffers overflowed (lost $lost)" test "${lost:-0}" -gt 0
	expect "storm $name: printed + lost = caused ($lines + $lost vs $opens)" test "$((lines + ${lost:-0}))" = "$opens"
}
