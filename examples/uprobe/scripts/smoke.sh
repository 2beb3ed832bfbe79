#!/usr/bin/env bash
# End-to-end on this kernel, as root: builds the example and a small C program
# (scripts/target.c), runs the tracer on the program's functions, has the
# program call them with arguments the test chooses, and checks the returned
# values, the pid and the tid the tracer prints, in text and with -json; a
# second copy of the program, the noise, checks the -pid filter.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR, with the
# traced program, scripts/target.c, linked statically for GOARCH as
# DIR/files/uprobe-target, and again with control-flow protection (its
# functions then start with endbr64 on amd64, a BTI landing pad on arm64) as
# uprobe-target-cfp.
if [[ ${1:-} == --stage ]]; then
	mkdir -p "$2/files"
	if [[ ${GOARCH:-$(go env GOARCH)} == arm64 ]]; then
		cc=(${CC_ARM64:-aarch64-linux-gnu-gcc}) cfp=-mbranch-protection=standard
	else
		cc=(cc) cfp=-fcf-protection=full
	fi
	"${cc[@]}" -static -O2 -Wall -o "$2/files/uprobe-target" "$example_dir/scripts/target.c" || exit 1
	"${cc[@]}" -static -O2 -Wall $cfp -o "$2/files/uprobe-target-cfp" "$example_dir/scripts/target.c" || exit 1
	exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
fi
source "$example_dir/../internal/scripts/smoke-lib.bash"

build_example
cc -O2 -Wall -o "$tmp/target" "$example_dir/scripts/target.c" || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/uretprobe.bpf.o" -binary "$tmp/target")
# not_grep PATTERN FILE: FILE has no line with PATTERN.
not_grep() { ! grep -q -- "$1" "$2"; }
ts='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'

# trace NAME TRACER_ARGS... -- TARGET_ARGS...: one run of the tracer around
# one run of the target with TARGET_ARGS and of the noise (answer(1000)),
# with "PID" in the tracer's arguments replaced by the target's pid. Sets pid
# and noise_pid.
trace() {
	local name=$1 args=()
	shift
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	rm -f "$tmp/go" && mkfifo "$tmp/go"
	"$tmp/target" "$tmp/go" "$@" >"$tmp/$name.target" &
	pid=$!
	"$tmp/target" "$tmp/go" 1000 >"$tmp/$name.noise" &
	noise_pid=$!
	for _ in $(seq 50); do grep -q '^pid ' "$tmp/$name.target" && grep -q '^pid ' "$tmp/$name.noise" && break; sleep 0.1; done
	start_tracer "$name" attached "${tracer[@]}" "${args[@]/PID/$pid}"
	exec 3>"$tmp/go" # releases both; open until they are done
	wait "$pid" || { echo "FAIL: the target failed" >&2; exit 1; }
	wait "$noise_pid" || { echo "FAIL: the noise failed" >&2; exit 1; }
	exec 3>&-
	sleep 0.2 # the ring buffer is read every few ms; let the tracer print
	stop_tracer "$name"
	sed 's/^/seen: /' "$tmp/$name.out"
}

# answer(x) is x*7-3: the values the test expects, worked out here.
trace text -symbol answer -pid PID -- 6 -5 1099511627776
want=("$((6 * 7 - 3))" "$((-5 * 7 - 3))" "$((1099511627776 * 7 - 3))")
expect "the target printed what the test expects (${want[*]})" \
	test "$(tail -n +2 "$tmp/text.target" | paste -sd' ')" = "${want[*]}"
printf "pid=$pid tid=$pid ret=%s\n" "${want[@]}" >"$tmp/text.want"
expect "three lines, the target's returns in order, with its pid and tid (39, -38 and a 43-bit value)" \
	test "$(sed -E "s/^$ts //" "$tmp/text.out")" = "$(cat "$tmp/text.want")"
expect "-pid: nothing of the noise (pid $noise_pid)" not_grep "pid=$noise_pid " "$tmp/text.out"
expect "the attach line" grep -qx "tracer: attached to uretprobe $tmp/target:answer; Ctrl+C to stop" "$tmp/text.err"
expect "the exit line: 3 printed, 0 lost" grep -qx "tracer: detached; 3 events printed, 0 lost" "$tmp/text.err"

# Without -pid, the noise's return is there too; -json.
trace json -symbol answer -json -- 6
expect "-json: the target's return as an object" \
	grep -qxE "\\{\"time\":\"[^\"]+Z\",\"pid\":$pid,\"tid\":$pid,\"ret\":39\\}" "$tmp/json.out"
expect "-json without -pid: the noise's return too (answer(1000) = 6997)" \
	grep -qxE "\\{\"time\":\"[^\"]+Z\",\"pid\":$noise_pid,\"tid\":$noise_pid,\"ret\":6997\\}" "$tmp/json.out"

# -str: shout returns its argument, upper-cased in place; the program reads it.
trace str -symbol shout -str -pid PID -- "s:hello world" "s:Tiny \"BPF\""
expect "-str: the strings shout returned, quoted" test "$(sed -E "s/^$ts //; s/ret=0x[0-9a-f]+ /ret=ADDR /" "$tmp/str.out")" = \
	"pid=$pid tid=$pid ret=ADDR str=\"HELLO WORLD\"
pid=$pid tid=$pid ret=ADDR str=\"TINY \\\"BPF\\\"\""
trace strjson -symbol shout -str -json -pid PID -- "s:abc"
expect "-str -json: the string as a field" \
	grep -qxE "\\{\"time\":\"[^\"]+Z\",\"pid\":$pid,\"tid\":$pid,\"ret\":[0-9]+,\"str\":\"ABC\"\\}" "$tmp/strjson.out"

# The defaults: bash's readline, with -str the lines an interactive bash
# reads. script(1) gives the shell a terminal; its first line writes its pid
# (other interactive shells on the machine may print lines too: only this
# one's count).
start_tracer bash attached "$example_dir/build/tracer" -obj "$example_dir/build/uretprobe.bpf.o" -str
{
	sleep 0.5
	echo "echo \$\$ >$tmp/bash.pid"
	sleep 0.5
	echo exit
} | script -qc "bash --norc --noprofile -i" /dev/null >"$tmp/bash.script" 2>&1
sleep 0.2
stop_tracer bash
sed 's/^/seen: /' "$tmp/bash.out"
bash_pid=$(cat "$tmp/bash.pid" 2>/dev/null)
expect "default bash readline -str: the two lines the shell read, with its pid ($bash_pid)" \
	test "$(grep " pid=$bash_pid " "$tmp/bash.out" | sed -E "s/^$ts //; s/ret=0x[0-9a-f]+ /ret=ADDR /")" = \
	"pid=$bash_pid tid=$bash_pid ret=ADDR str=\"echo \$\$ >$tmp/bash.pid\"
pid=$bash_pid tid=$bash_pid ret=ADDR str=\"exit\""
expect "the attach line names /bin/bash:readline" \
	grep -qx "tracer: attached to uretprobe /bin/bash:readline; Ctrl+C to stop" "$tmp/bash.err"

# Bad input: clear errors, exit 1, nothing on stdout.
bad() {
	local name=$1 message=$2 status
	shift 2
	"${tracer[@]}" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	status=$?
	expect "$name: exit 1 (got $status)" test "$status" = 1
	expect "$name: says why" grep -qF -- "$message" "$tmp/$name.err"
	expect "$name: nothing on stdout" test ! -s "$tmp/$name.out"
}
bad nosymbol "tracer: attach uretprobe_ret to uretprobe $tmp/target:nosuchfunction: symbol nosuchfunction: not found" -symbol nosuchfunction
bad nobinary "tracer: -binary: stat executable: stat /nonexistent/bin: no such file or directory" -binary /nonexistent/bin -symbol answer
expect "nobinary: no hint about the object" not_grep "build it with" "$tmp/nobinary.err"
bad nosymbolflag "tracer: -binary and -symbol must not be empty: which function's returns to print" -symbol ""
"${tracer[@]}" --help >"$tmp/help.out" 2>&1
status=$?
expect "--help exits 0 (got $status)" test "$status" = 0
expect "--help shows -symbol" grep -q -- "-symbol name" "$tmp/help.out"

finish "uprobe smoke"
