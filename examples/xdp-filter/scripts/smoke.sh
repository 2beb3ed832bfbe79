#!/usr/bin/env bash
# End-to-end on this kernel, as root, on traffic the test makes itself between
# two network namespaces it creates (tbx-$$-a, tbx-$$-b) joined by a veth pair,
# with documentation addresses (192.0.2.0/24, 2001:db8::/64) that exist only in
# them. The tracer attaches the XDP program to b's end and blocks a's second
# address of each family: UDP echoes from a's first address get their replies,
# those from the blocked one get none, and the drop counts it prints are
# exactly the datagrams sent. Then BPF_PROG_TEST_RUN on crafted frames
# (internal/filter/testrun_test.go). The namespaces go on every exit.
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

a=tbx-$$-a b=tbx-$$-b
trap 'smoke_cleanup; ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null' EXIT

build_example
(cd "$example_dir/../internal" && go_static build -o "$tmp/nettool" ./nettool) || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/filter.bpf.o")

ip netns add "$a" && ip netns add "$b" &&
	ip -n "$a" link add va type veth peer name vb netns "$b" &&
	ip -n "$a" addr add 192.0.2.1/24 dev va && ip -n "$a" addr add 192.0.2.3/24 dev va &&
	ip -n "$a" addr add 2001:db8::1/64 dev va nodad && ip -n "$a" addr add 2001:db8::3/64 dev va nodad &&
	ip -n "$b" addr add 192.0.2.2/24 dev vb && ip -n "$b" addr add 2001:db8::2/64 dev vb nodad &&
	ip -n "$a" link set va up && ip -n "$b" link set vb up &&
	ip -n "$a" link set lo up && ip -n "$b" link set lo up || exit 1
# Permanent neighbours: no ARP or neighbour discovery (whose probes from a
# blocked address the filter would drop too) beside the datagrams counted.
mac_a=$(ip -n "$a" -br link show va | awk '{print $3}') mac_b=$(ip -n "$b" -br link show vb | awk '{print $3}')
for addr in 192.0.2.1 192.0.2.3 2001:db8::1 2001:db8::3; do
	ip -n "$b" neigh replace "$addr" lladdr "$mac_a" dev vb nud permanent || exit 1
done
for addr in 192.0.2.2 2001:db8::2; do
	ip -n "$a" neigh replace "$addr" lladdr "$mac_b" dev va nud permanent || exit 1
done
# Sending waits for the link-local addresses' duplicate address detection.
for _ in $(seq 50); do
	[ -z "$(ip -n "$a" -6 addr show tentative)$(ip -n "$b" -6 addr show tentative)" ] && break
	sleep 0.1
done

start_tracer echo listening ip netns exec "$b" "$tmp/nettool" echo 192.0.2.2:7007 '[2001:db8::2]:7007'

# ping NAME SRC DST N [TIMEOUT]: N UDP echoes from SRC in a, each waiting up
# to TIMEOUT (2s; 300ms where no reply may come); the line nettool prints goes
# to $tmp/NAME.ping.
ping() {
	ip netns exec "$a" "$tmp/nettool" ping -proto udp -src "$2" -n "$4" -timeout "${5:-2s}" "$3" >"$tmp/$1.ping"
	sed "s/^/$1: /" "$tmp/$1.ping"
}
replies() { sed -n 's/.* replies=\([0-9]*\) .*/\1/p' "$tmp/$1.ping"; }

# Before the filter: every address gets its replies.
ping before4 192.0.2.3 192.0.2.2:7007 3
expect "before the filter, 192.0.2.3 gets its 3 replies" test "$(replies before4)" = 3
ping before6 2001:db8::3 '[2001:db8::2]:7007' 3
expect "before the filter, 2001:db8::3 gets its 3 replies" test "$(replies before6)" = 3

# round NAME FLAGS...: the tracer blocks 192.0.2.3 and 2001:db8::3 on b's vb
# while a sends 5 datagrams from each of its four addresses (the allowed ones
# first).
round() {
	start_tracer "$1" attached ip netns exec "$b" "${tracer[@]}" -iface vb -block 192.0.2.3 -block 2001:db8::3 "${@:2}"
	ping "$1-allowed4" 192.0.2.1 192.0.2.2:7007 5
	ping "$1-allowed6" 2001:db8::1 '[2001:db8::2]:7007' 5
	ping "$1-blocked4" 192.0.2.3 192.0.2.2:7007 5 300ms
	ping "$1-blocked6" 2001:db8::3 '[2001:db8::2]:7007' 5 300ms
	stop_tracer "$1"
	sed "s/^/$1: /" "$tmp/$1.out"
	expect "$1: 192.0.2.1 gets its 5 replies" test "$(replies "$1-allowed4")" = 5
	expect "$1: 2001:db8::1 gets its 5 replies" test "$(replies "$1-allowed6")" = 5
	expect "$1: 192.0.2.3 gets none" grep -qx "pid=[0-9]* sent=5 replies=0 err=timeout" "$tmp/$1-blocked4.ping"
	expect "$1: 2001:db8::3 gets none" grep -qx "pid=[0-9]* sent=5 replies=0 err=timeout" "$tmp/$1-blocked6.ping"
}

round text
expect "text: 5 packets dropped from 192.0.2.3" grep -qx "dropped 5 packets from 192.0.2.3" "$tmp/text.out"
expect "text: 5 packets dropped from 2001:db8::3" grep -qx "dropped 5 packets from 2001:db8::3" "$tmp/text.out"
passed=$(sed -n 's/^passed \([0-9]*\) packets$/\1/p' "$tmp/text.out")
expect "text: at least the 10 allowed datagrams passed (got ${passed:-none})" test "${passed:-0}" -ge 10
expect "text: the tracer said it detached" grep -qx "tracer: detached from vb" "$tmp/text.err"

round json -json
expect "-json: one object with both counts" \
	grep -qxE '\{"blocked":\[\{"addr":"192\.0\.2\.3","dropped":5\},\{"addr":"2001:db8::3","dropped":5\}\],"passed":[0-9]+\}' "$tmp/json.out"

# Detached, the filter is gone: the blocked address gets its replies again.
ping after4 192.0.2.3 192.0.2.2:7007 3
expect "after the tracer exits, 192.0.2.3 gets its 3 replies" test "$(replies after4)" = 3
stop_tracer echo

# Bad input: a clear message and exit 1, nothing attached.
"${tracer[@]}" -iface vb -block 192.0.2.300 >"$tmp/bad.out" 2>"$tmp/bad.err"
expect "an invalid -block is refused with exit 2 (flag error)" test $? = 2
expect "... and names the value" grep -q '"192.0.2.300"' "$tmp/bad.err"
ip netns exec "$b" "${tracer[@]}" -iface nosuch0 -block 192.0.2.3 >"$tmp/bad.out" 2>"$tmp/bad.err"
expect "an unknown interface exits 1" test $? = 1
expect "... saying which" grep -q "nosuch0" "$tmp/bad.err"

# BPF_PROG_TEST_RUN on crafted frames: IPv4/IPv6 blocked and allowed, ARP,
# truncated headers.
(cd "$example_dir" && XDP_FILTER_OBJ="$example_dir/build/filter.bpf.o" go test -tags smoke -count=1 -v -run TestTestRun ./internal/filter) >"$tmp/testrun.out" 2>&1
sed 's/^/testrun: /' "$tmp/testrun.out"
expect "BPF_PROG_TEST_RUN: every verdict and count as expected" grep -qx -- "--- PASS: TestTestRun.*" "$tmp/testrun.out"

"${tracer[@]}" --help >"$tmp/help.out" 2>&1
expect "--help exits 0 and names -iface, -block and -json" sh -c "test $? = 0 && grep -q -- -iface '$tmp/help.out' && grep -q -- -block '$tmp/help.out' && grep -q -- -json '$tmp/help.out'"

finish "xdp-filter smoke"
