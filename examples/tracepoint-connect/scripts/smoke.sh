#!/usr/bin/env bash
# End-to-end on this kernel, as root. In a network namespace of its own
# (tbp-$$: loopback, plus 192.0.2.7 and 2001:db8::7 on it) with echo servers on
# port 7007, bash processes whose pids the test knows connect (bash's
# /dev/tcp) to 192.0.2.7:7007, 127.0.0.1:7009 (nobody listens: ECONNREFUSED)
# and [2001:db8::7]:7007; the tracer must print each with that pid, comm bash,
# the address and the port in host order, and the return value; then -json
# with -pid, where only the chosen process's connect may appear.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

ns=tbp-$$
trap 'smoke_cleanup; ip netns del "$ns" 2>/dev/null' EXIT

build_example
(cd "$example_dir/../internal" && go_static build -o "$tmp/nettool" ./nettool) || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/connect.bpf.o")

ip netns add "$ns" && ip -n "$ns" link set lo up &&
	ip -n "$ns" addr add 192.0.2.7/32 dev lo && ip -n "$ns" addr add 2001:db8::7/128 dev lo nodad || exit 1
start_tracer echo listening ip netns exec "$ns" "$tmp/nettool" echo 192.0.2.7:7007 '[2001:db8::7]:7007'

# connect NAME HOST PORT: a bash in the namespace connects to HOST:PORT; its
# pid goes to $tmp/NAME.pid.
connect() {
	ip netns exec "$ns" bash -c 'echo $$ >"$1"; exec 3<>"/dev/tcp/$2/$3"' bash "$tmp/$1.pid" "$2" "$3" 2>/dev/null
}

start_tracer text attached "${tracer[@]}"
connect v4 192.0.2.7 7007
connect refused 127.0.0.1 7009
connect v6 2001:db8::7 7007
wait_for text "pid=$(cat "$tmp/v6.pid") "
stop_tracer text
grep -E "pid=($(cat "$tmp/v4.pid")|$(cat "$tmp/refused.pid")|$(cat "$tmp/v6.pid")) " "$tmp/text.out" | sed 's/^/seen: /'
line() { # NAME ADDR PORT RET: the line of NAME's bash
	local pid
	pid=$(cat "$tmp/$1.pid")
	grep -qxE "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z pid=$pid tid=$pid comm=bash addr=$2 port=$3 ret=$4" "$tmp/text.out"
}
expect "bash connects to 192.0.2.7:7007, ret 0" line v4 '192\.0\.2\.7' 7007 0
expect "bash connects to 127.0.0.1:7009, refused" line refused '127\.0\.0\.1' 7009 '-111 \(ECONNREFUSED\)'
expect "bash connects to [2001:db8::7]:7007, ret 0" line v6 '2001:db8::7' 7007 0
expect "the exit line counts the events and no losses" \
	grep -qE "^tracer: detached; [1-9][0-9]* events printed, 0 lost$" "$tmp/text.err"

# -json -pid: a bash waits on a fifo until the tracer runs, then connects; a
# second bash connects too, and must not appear.
mkfifo "$tmp/go"
ip netns exec "$ns" bash -c 'echo $$ >"$1"; read -r <"$2"; exec 3<>/dev/tcp/192.0.2.7/7007' bash "$tmp/json.pid" "$tmp/go" &
for _ in $(seq 50); do [ -s "$tmp/json.pid" ] && break; sleep 0.1; done
pid=$(cat "$tmp/json.pid")
start_tracer json attached "${tracer[@]}" -json -pid "$pid"
connect other 192.0.2.7 7007
echo >"$tmp/go"
wait_for json "\"pid\":$pid,"
stop_tracer json
sed 's/^/json: /' "$tmp/json.out"
expect "-json -pid: the chosen bash's connect, as an object" \
	grep -qxE "\{\"time\":\"[^\"]+Z\",\"pid\":$pid,\"tid\":$pid,\"comm\":\"bash\",\"addr\":\"192\.0\.2\.7\",\"port\":7007,\"ret\":0\}" "$tmp/json.out"
expect "-json -pid: that connect only, and the summary" test "$(wc -l <"$tmp/json.out")" = 2
expect "-json ends with its summary" \
	grep -qE '^\{"summary":\{"printed":1,"lost":0,"kernel_drops":0,"perf_lost_samples":0,"undecodable":0\}\}$' "$tmp/json.out"
stop_tracer echo

"${tracer[@]}" --help >"$tmp/help.out" 2>&1
expect "--help exits 0 and names -pid, -count and -json" sh -c "test $? = 0 && grep -q -- -pid '$tmp/help.out' && grep -q -- -count '$tmp/help.out' && grep -q -- -json '$tmp/help.out'"

finish "tracepoint-connect smoke"
