#!/usr/bin/env bash
# The real-tools suite (tests/tools/README.md), on this kernel, as root.
# For each port of a libbpf-tools program (execsnoop, cpudist, opensnoop,
# bashreadline, mountsnoop):
#   - `tinybpf build` of its BPF side exits 0 and prints nothing (no
#     --panic-return, no warning), and so does the checked-index corpus;
#   - its tracer and Debian's tool run side by side on one workload whose
#     pids, arguments, files, lines, mounts and sleeps the script knows, and
#     print the same rows (the same histogram, for cpudist), which are also
#     the ones the workload must give;
#   - its instruction count after load (xlated) beside its C twin's
#     (twins/*.bpf.c, clang-22 -O2), and its lines beside the twin's: printed
#     as the table of the README.
# Needs $TINYBPF (the tinybpf to test), $TINYGO (scripts/env.sh), Go, clang-22,
# bpftool, perl, script, unshare and Debian's libbpf-tools (scripts/setup.sh
# installs them).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TINYBPF=${TINYBPF:-$root/build/bin/tinybpf}
# shellcheck source=examples/internal/scripts/smoke-lib.bash
source "$root/examples/internal/scripts/smoke-lib.bash"

for tool in execsnoop cpudist opensnoop bashreadline mountsnoop; do
	command -v "$tool" >/dev/null || { echo "no $tool: install Debian's libbpf-tools (scripts/setup.sh does)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "SKIP-SUITE: needs root (loads BPF programs)"; exit 0; }

# --- builds: no message, no --panic-return --------------------------------
build() { # tool: the BPF object and the tracer into $tmp/TOOL/
	mkdir -p "$tmp/$1"
	(cd "$here" && "$TINYBPF" build -o "$tmp/$1/$1.bpf.o" "./$1/bpf") >"$tmp/$1/build.log" 2>&1
	local status=$?
	expect "$1: tinybpf build exits 0 (got $status)" test "$status" = 0
	expect "$1: tinybpf build prints nothing" test ! -s "$tmp/$1/build.log"
	[ -s "$tmp/$1/build.log" ] && sed "s/^/$1 build: /" "$tmp/$1/build.log" >&2
	(cd "$here" && CGO_ENABLED=0 go build -o "$tmp/$1/$1" "./$1") || { echo "FAIL: go build ./$1" >&2; exit 1; }
}
build execsnoop
build cpudist
build opensnoop
build bashreadline
build mountsnoop

# The checked-index corpus (issue 12): every idiom builds as written, with
# no --panic-return.
for case in checked_index narrow_offsets; do
	flags=$(cat "$root/tests/conformance/$case/link-flags" 2>/dev/null)
	expect "conformance/$case links with no flags (has: $flags)" test -z "$flags"
	(cd "$root/tests/conformance" && "$TINYBPF" build -o "$tmp/$case.bpf.o" "./$case") >"$tmp/$case.log" 2>&1
	status=$?
	expect "conformance/$case: tinybpf build exits 0 and prints nothing (got $status)" \
		test "$status" = 0 -a ! -s "$tmp/$case.log"
	[ -s "$tmp/$case.log" ] && cat "$tmp/$case.log" >&2
done

# No other conformance case needs it either: only panic_return, which tests it.
with_flag=$(grep -l -- --panic-return "$root"/tests/conformance/*/link-flags 2>/dev/null | grep -v '/panic_return/')
expect "no conformance case but panic_return links with --panic-return (found: $with_flag)" test -z "$with_flag"

# --- workloads -------------------------------------------------------------
chmod 755 "$tmp"
nobody=$(id -u nobody)
# new_fifo: the fifo the next workloads wait on.
new_fifo() { rm -f "$tmp/go" && mkfifo -m 666 "$tmp/go"; }
# start_workload SCRIPT [PREFIX...]: sh -c SCRIPT, which begins by opening
# $tmp/go and so waits until a writer opens it too; returns once it waits,
# so that what it does next happens after the tracers attached. $! is its pid.
start_workload() {
	local script=$1
	shift
	"$@" env LC_ALL=C sh -c ": <$tmp/go; $script" >/dev/null 2>&1 &
	for _ in $(seq 100); do
		[ "$(cat "/proc/$!/wchan" 2>/dev/null)" = wait_for_partner ] && return 0 # fs/pipe.c
		sleep 0.05
	done
	echo "FAIL: the workload did not reach its fifo" >&2
	exit 1
}
release() { { wait "$@"; } >"$tmp/go"; } # opens the fifo, waits for the workloads

# Debian's tools print their header before perf_buffer__new opens the
# per-CPU buffers (under strace, the header's write comes before the
# PERF_COUNT_SW_BPF_OUTPUT perf_event_open calls): an event in between is
# dropped without a word, and once execsnoop so missed the workload's exec.
# Theirs is live once it waits in epoll_wait, in its poll loop.
start_theirs() { # as start_tracer
	start_tracer "$@"
	for _ in $(seq 200); do
		[ "$(cat "/proc/${tracer_pid[$1]}/wchan" 2>/dev/null)" = do_epoll_wait ] && return 0
		sleep 0.05
	done
	echo "FAIL: $1 never reached its poll loop" >&2
	dump "$1"
	exit 1
}

# --- execsnoop -------------------------------------------------------------
ours_exec=("$tmp/execsnoop/execsnoop" -obj "$tmp/execsnoop/execsnoop.bpf.o")
# The workload's shell forks a child whose exec of a missing file fails
# (ENOENT), then execs /bin/true itself with ARGS.
exec_case() { # name, workload args, flags...
	local name=$1 args=$2
	shift 2
	new_fifo
	start_workload "/nonexistent/tool x; exec /bin/true $args"
	wpid=$!
	start_tracer "$name-ours" '^PCOMM' "${ours_exec[@]}" "$@"
	start_theirs "$name-theirs" '^PCOMM' stdbuf -oL execsnoop "$@"
	release "$wpid"
	wait_for "$name-ours" "^true +$wpid "
	wait_for "$name-theirs" "^true +$wpid "
	sleep 0.2
	stop_tracer "$name-ours"
	stop_tracer "$name-theirs"
	for who in ours theirs; do # the workload's rows: its pid, or its child's
		awk -v w="$wpid" '$2 == w || $3 == w' "$tmp/$name-$who.out" >"$tmp/$name.$who"
	done
	expect "execsnoop $name: both print the same rows" diff -u "$tmp/$name.theirs" "$tmp/$name.ours"
	sed "s/^/execsnoop $name: /" "$tmp/$name.ours"
}
row() { printf '%-16s %-6d %-6d %3d %s' "$@"; } # PCOMM PID PPID RET ARGS

exec_case plain "a 'b c' d"
expect "execsnoop: /bin/true with its three arguments, pid and ppid" \
	grep -qxF -- "$(row true "$wpid" $$ 0 '/bin/true a b c d ')" "$tmp/plain.ours"
expect "execsnoop: no failed exec without -x" test "$(wc -l <"$tmp/plain.ours")" = 1

exec_case failed "1" -x
expect "execsnoop -x: the child's failed exec, ENOENT" \
	grep -qE -- "^sh +[0-9]+ +$wpid +-2 /nonexistent/tool x $" "$tmp/failed.ours"

exec_case many "$(seq -s ' ' 1 25)"
expect "execsnoop: 20 arguments of 26, then ..." \
	grep -qxF -- "$(row true "$wpid" $$ 0 "/bin/true $(seq -s ' ' 1 19 | sed 's/$/ /') ...")" "$tmp/many.ours"

exec_case maxargs "$(seq -s ' ' 1 25)" --max-args 5
expect "execsnoop --max-args 5: 5 arguments, then ..." \
	grep -qxF -- "$(row true "$wpid" $$ 0 '/bin/true 1 2 3 4  ...')" "$tmp/maxargs.ours"

# -u: two workloads, root's and nobody's; only nobody's is kept.
new_fifo
start_workload "exec /bin/true root" && root_pid=$!
start_workload "exec /bin/true nobody" setpriv --reuid="$nobody" --regid="$nobody" --clear-groups && nobody_pid=$!
start_tracer uid-ours '^PCOMM' "${ours_exec[@]}" -u "$nobody"
start_theirs uid-theirs '^PCOMM' stdbuf -oL execsnoop -u "$nobody"
release "$root_pid" "$nobody_pid"
wait_for uid-ours "^true +$nobody_pid "
wait_for uid-theirs "^true +$nobody_pid "
sleep 0.2
stop_tracer uid-ours
stop_tracer uid-theirs
for who in ours theirs; do
	awk -v a="$root_pid" -v b="$nobody_pid" '$2 == a || $2 == b' "$tmp/uid-$who.out" >"$tmp/uid.$who"
done
expect "execsnoop -u: both print the same rows" diff -u "$tmp/uid.theirs" "$tmp/uid.ours"
expect "execsnoop -u: nobody's exec, not root's" \
	test "$(cat "$tmp/uid.ours")" = "$(row true "$nobody_pid" $$ 0 '/bin/true nobody ')"

# --- opensnoop -------------------------------------------------------------
# The workload's shell execs cat, which opens a file that exists and one that
# does not, in a directory all may read; with -u, a second workload runs as
# nobody.
mkdir -m 755 "$tmp/work"
echo hello >"$tmp/work/exists"
chmod 644 "$tmp/work/exists"
ours_open=("$tmp/opensnoop/opensnoop" -obj "$tmp/opensnoop/opensnoop.bpf.o")
open_case() { # name, flags... (WPID: the root workload's pid)
	local name=$1
	shift
	new_fifo
	start_workload "exec cat $tmp/work/exists $tmp/work/missing"
	wpid=$!
	start_workload "exec cat $tmp/work/exists $tmp/work/missing" setpriv --reuid="$nobody" --regid="$nobody" --clear-groups
	npid=$!
	local flags=("${@/WPID/$wpid}")
	start_tracer "$name-ours" '^PID' "${ours_open[@]}" "${flags[@]}"
	start_theirs "$name-theirs" '^PID' stdbuf -oL opensnoop "${flags[@]}"
	release "$wpid" "$npid"
	local last=$wpid
	[ "$name" != uid ] || last=$npid
	wait_for "$name-ours" "^$last .* $tmp/work/missing$"
	wait_for "$name-theirs" "^$last .* $tmp/work/missing$"
	sleep 0.2
	stop_tracer "$name-ours"
	stop_tracer "$name-theirs"
	for who in ours theirs; do # the workloads' rows, in the order of each process
		awk -v a="$wpid" -v b="$npid" '$1 == a || $1 == b' "$tmp/$name-$who.out" | sort -s -n -k1,1 >"$tmp/$name.$who"
	done
	expect "opensnoop $name: both print the same rows" diff -u "$tmp/$name.theirs" "$tmp/$name.ours"
	sed "s/^/opensnoop $name: /" "$tmp/$name.ours"
}
orow() { printf '%-6d %-16s %3d %3d %s' "$1" "$2" "$3" "$4" "$tmp/work/$5"; } # PID COMM FD ERR FILE
open_case all
expect "opensnoop: cat opened exists as fd 3" grep -qxF -- "$(orow "$wpid" cat 3 0 exists)" "$tmp/all.ours"
expect "opensnoop: cat failed on missing, ENOENT" grep -qxF -- "$(orow "$wpid" cat -1 2 missing)" "$tmp/all.ours"
expect "opensnoop: nobody's cat too" grep -qxF -- "$(orow "$npid" cat -1 2 missing)" "$tmp/all.ours"
open_case failed -x
expect "opensnoop -x: only failures" test -z "$(awk '$4 == 0' "$tmp/failed.ours")"
expect "opensnoop -x: the failed open" grep -qxF -- "$(orow "$wpid" cat -1 2 missing)" "$tmp/failed.ours"
open_case pid -p WPID
expect "opensnoop -p: only the process's rows" test -z "$(awk -v w="$wpid" '$1 != w' "$tmp/pid.ours")"
expect "opensnoop -p: its open of exists" grep -qxF -- "$(orow "$wpid" cat 3 0 exists)" "$tmp/pid.ours"
open_case uid -u "$nobody"
expect "opensnoop -u: only nobody's rows" test -z "$(awk -v n="$npid" '$1 != n' "$tmp/uid.ours")"
expect "opensnoop -u: nobody's open of missing" grep -qxF -- "$(orow "$npid" cat -1 2 missing)" "$tmp/uid.ours"

# --- bashreadline ----------------------------------------------------------
# An interactive bash on a pseudo-terminal (script(1)) reads four lines with
# readline: one writes its pid to a file, one is 100 characters long (both
# tools keep the first 79), one is read by a bash whose comm is not "bash"
# (exec -a: not traced), and exit.
long="echo $(printf 'x%.0s' $(seq 95))"
bash_dir=$tmp/bashrl
mkdir -m 755 "$bash_dir" && cp /bin/bash "$bash_dir/notbash"
start_tracer rl-ours '^TIME' "$tmp/bashreadline/bashreadline" -obj "$tmp/bashreadline/bashreadline.bpf.o"
start_theirs rl-theirs '^TIME' stdbuf -oL bashreadline
printf '%s\n' "echo \$\$ >$tmp/bashpid" "$long" "$bash_dir/notbash --norc -i" "echo not-traced" "exit" "exit" |
	script -qc "bash --norc -i" /dev/null >/dev/null 2>&1
bash_pid=$(cat "$tmp/bashpid")
wait_for rl-ours "^[0-9:]+ +$bash_pid +exit$"
wait_for rl-theirs "^[0-9:]+ +$bash_pid +exit$"
stop_tracer rl-ours
stop_tracer rl-theirs
for who in ours theirs; do # PID and COMMAND of the workload's bash; TIME differs
	awk -v p="$bash_pid" '$2 == p { $1 = ""; print }' "$tmp/rl-$who.out" >"$tmp/rl.$who"
done
expect "bashreadline: both print the same lines" diff -u "$tmp/rl.theirs" "$tmp/rl.ours"
sed "s/^/bashreadline: /" "$tmp/rl.ours"
expect "bashreadline: the first line, as typed" grep -qxF -- " $bash_pid echo \$\$ >$tmp/bashpid" "$tmp/rl.ours"
expect "bashreadline: the long line's first 79 characters" grep -qxF -- " $bash_pid ${long:0:79}" "$tmp/rl.ours"
expect "bashreadline: not the line notbash read" test -z "$(grep not-traced "$tmp/rl-ours.out")"
expect "bashreadline: four lines" test "$(wc -l <"$tmp/rl.ours")" = 4

# --- mountsnoop ------------------------------------------------------------
# A shell in a mount namespace of its own (what it mounts goes with it) runs
# mount and umount: a read-only, nosuid tmpfs with data "size=1m"; a lazy
# umount (MNT_DETACH, 2, which mountsnoop names with the mount flags' table:
# MS_NOSUID); a umount of what is no longer mounted (EINVAL); a mount on a
# missing directory (ENOENT). The rows are those of its namespace, whose inode
# /proc tells: the MNT_NS column is read through task->nsproxy->mnt_ns.
mkdir -m 755 "$tmp/mnt"
new_fifo
start_workload "mount -t tmpfs -o ro,nosuid,size=1m tinybpf-test $tmp/mnt; umount -l $tmp/mnt; umount $tmp/mnt; mount -t tmpfs none $tmp/missing" \
	unshare -m --propagation private
wpid=$!
mnt_ns=$(stat -L -c %i "/proc/$wpid/ns/mnt")
expect "mountsnoop: the workload has a mount namespace of its own" test "$mnt_ns" != "$(stat -L -c %i /proc/self/ns/mnt)"
start_tracer mnt-ours '^COMM' "$tmp/mountsnoop/mountsnoop" -obj "$tmp/mountsnoop/mountsnoop.bpf.o"
start_theirs mnt-theirs '^COMM' stdbuf -oL mountsnoop
release "$wpid"
wait_for mnt-ours "missing\", \"tmpfs\""
wait_for mnt-theirs "missing\", \"tmpfs\""
stop_tracer mnt-ours
stop_tracer mnt-theirs
for who in ours theirs; do
	awk -v ns="$mnt_ns" '$4 == ns' "$tmp/mnt-$who.out" >"$tmp/mnt.$who"
done
expect "mountsnoop: both print the same rows" diff -u "$tmp/mnt.theirs" "$tmp/mnt.ours"
sed "s/^/mountsnoop: /" "$tmp/mnt.ours"
cut -c 46- "$tmp/mnt.ours" >"$tmp/mnt.calls" # COMM, PID, TID and MNT_NS are 45 columns
cat >"$tmp/mnt.want" <<CALLS
mount("tinybpf-test", "$tmp/mnt", "tmpfs", MS_RDONLY | MS_NOSUID, "size=1m") = 0
umount("$tmp/mnt", MS_NOSUID) = 0
umount("$tmp/mnt", 0x0) = -EINVAL
mount("none", "$tmp/missing", "tmpfs", 0x0, "") = -ENOENT
CALLS
expect "mountsnoop: the four calls, their flags and results" diff -u "$tmp/mnt.want" "$tmp/mnt.calls"
expect "mountsnoop: by mount and umount" test "$(awk '{ print $1 }' "$tmp/mnt.ours" | tr '\n' ' ')" = "mount umount umount mount "

# --- cpudist ---------------------------------------------------------------
# One process sleeps 5 times 2.1 ms, then 5 times 17 ms: off its CPU at least
# 2048 us ten times, and at least 16384 us five times (load can only lengthen
# a sleep). Both tools time the same context switches.
ours_cpu=("$tmp/cpudist/cpudist" -obj "$tmp/cpudist/cpudist.bpf.o")
sleeper="exec perl -e 'select(undef, undef, undef, 0.0021) for 1..5; select(undef, undef, undef, 0.017) for 1..5'"
cpu_case() { # name, flags...
	local name=$1
	shift
	new_fifo
	start_workload "$sleeper"
	wpid=$!
	local flags=("${@/WPID/$wpid}")
	start_tracer "$name-ours" '^Tracing' "${ours_cpu[@]}" "${flags[@]}"
	start_tracer "$name-theirs" '^Tracing' stdbuf -oL cpudist "${flags[@]}"
	release "$wpid"
	stop_tracer "$name-ours"
	stop_tracer "$name-theirs"
	for who in ours theirs; do
		grep -v '^Tracing' "$tmp/$name-$who.out" >"$tmp/$name.$who"
	done
	# Each tool reads its own clock, a few hundred nanoseconds apart at each
	# switch: an interval within that of a power of two may fall on either
	# side of it. So: the same lines but the slots' counts, the same number of
	# intervals, and at every slot the same count below it, give or take one.
	expect "cpudist $name: both print the same histogram (up to one interval at a slot's edge)" \
		same_hist "$tmp/$name.theirs" "$tmp/$name.ours"
	diff -u "$tmp/$name.theirs" "$tmp/$name.ours" >/dev/null || diff -u "$tmp/$name.theirs" "$tmp/$name.ours" | sed 's/^/differs: /'
	sed "s/^/cpudist $name: /" "$tmp/$name.ours"
}
same_hist() { # theirs, ours
	[ "$(sed -E 's/: [0-9]+ +\|.*/:/' "$1")" = "$(sed -E 's/: [0-9]+ +\|.*/:/' "$2")" ] || return 1
	paste -d'\t' <(awk '$2 == "->" { print $5 }' "$1") <(awk '$2 == "->" { print $5 }' "$2") |
		awk -F'\t' '{ a += $1; b += $2; d = a - b; if (d > 1 || d < -1) bad = 1 } END { exit bad || a != b }'
}
# The workload's shape, up to one interval: on a loaded 2-core machine one
# of the five 17 ms sleeps once landed in the 0-1 ms slot, in Debian's tool
# as in ours (the comparison above is the exact check; this one says the
# histogram is the workload's and not empty or shifted).
at_least() { # file, low usecs, count: the histogram's slots from low on hold >= count - 1
	awk -v low="$2" -v want="$3" '$2 == "->" && $1 >= low { n += $5 } END { exit !(n >= want - 1) }' "$1"
}
cpu_case offcpu -O -p WPID
expect "cpudist -O: ten sleeps of 2048 us or more" at_least "$tmp/offcpu.ours" 2048 10
expect "cpudist -O: five of 16384 us or more" at_least "$tmp/offcpu.ours" 16384 5
cpu_case perprocess -O -P -p WPID
# The comm is the one the process had at its first switch after the attach:
# the shell's, if it left the CPU before its exec of perl.
expect "cpudist -O -P: the histogram is the workload's" grep -qxE "pid = $wpid (sh|perl)" "$tmp/perprocess.ours"
expect "cpudist -O -P: ten sleeps of 2048 us or more" at_least "$tmp/perprocess.ours" 2048 10
cpu_case ms -O -m -p WPID
expect "cpudist -O -m: five sleeps of 16 ms or more" at_least "$tmp/ms.ours" 16 5

# --- instructions and lines ------------------------------------------------
bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$tmp/vmlinux.h" || { echo "FAIL: bpftool btf dump" >&2; exit 1; }
cc -std=c11 -D_GNU_SOURCE -O2 -o "$tmp/bpfstat" "$root/bench/bpfstat.c" -lbpf || { echo "FAIL: bench/bpfstat.c" >&2; exit 1; }
code_lines() { # file: lines that are neither blank nor only comment
	awk '{ s = $0
		if (inc) { if (s ~ /\*\//) { inc = 0; sub(/.*\*\//, "", s) } else next }
		while (s ~ /\/\*/) { if (s ~ /\/\*.*\*\//) sub(/\/\*.*\*\//, "", s); else { sub(/\/\*.*/, "", s); inc = 1 } }
		sub(/\/\/.*/, "", s); if (s ~ /[^ \t]/) n++ } END { print n + 0 }' "$1"
}
printf '%-10s %-38s %6s %6s %6s %8s %8s\n' tool program Go C ratio "Go lines" "C lines"
twin() { # tool: its C twin (opensnoop's is the benchmark's, which this port follows)
	if [ "$1" = opensnoop ]; then echo "$root/bench/twins/opensnoop.bpf.c"; else echo "$here/twins/$1.bpf.c"; fi
}
for tool in execsnoop cpudist opensnoop bashreadline mountsnoop; do
	clang-22 -O2 -g -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -I"$tmp" -c "$(twin "$tool")" -o "$tmp/$tool/twin.o" ||
		{ echo "FAIL: clang-22 $tool twin" >&2; exit 1; }
	"$tmp/bpfstat" count "$tmp/$tool/$tool.bpf.o" >"$tmp/$tool/go.count"
	"$tmp/bpfstat" count "$tmp/$tool/twin.o" >"$tmp/$tool/c.count"
	gl=$(code_lines "$here/$tool/bpf/main.go") cl=$(code_lines "$(twin "$tool")")
	for prog in $(cut -f3 "$tmp/$tool/c.count"); do
		g=$(awk -F'\t' -v p="$prog" '$1 == "count" && $3 == p { print $5 }' "$tmp/$tool/go.count")
		c=$(awk -F'\t' -v p="$prog" '$1 == "count" && $3 == p { print $5 }' "$tmp/$tool/c.count")
		expect "$tool/$prog: both load (Go '$g', C '$c' instructions)" test -n "$g" -a -n "$c"
		[ -n "$g" ] && [ -n "$c" ] &&
			printf '%-10s %-38s %6d %6d %6.2f %8d %8d\n' "$tool" "$prog" "$g" "$c" "$(awk -v g="$g" -v c="$c" 'BEGIN { print g / c }')" "$gl" "$cl"
	done
done
finish "tools"
