#!/usr/bin/env bash
# End-to-end on this kernel, as root, on traffic the test makes itself between
# two network namespaces it creates (tbt-$$-a, tbt-$$-b) joined by a veth pair,
# with documentation addresses (192.0.2.0/24, 2001:db8::/64) only they have.
# b runs UDP and TCP echo servers on ports 7007, 7008 and 7009; a is the
# client. The tracer blocks 7007 (counted: UDP only goes there) and 7009 (TCP:
# a SYN is retransmitted, so only "at least one" is exact) and lets 7008 through:
#   ingress on b's vb with tcx, egress on a's va with clsact, both directions on
#   vb with -attach auto (tcx on 6.6+) and -json.
# The namespaces, servers and tracers go on every exit path (trap).
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

a=tbt-$$-a b=tbt-$$-b
trap 'smoke_cleanup; ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null' EXIT

build_example
(cd "$example_dir/../internal" && go_static build -o "$tmp/nettool" ./nettool) || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/filter.bpf.o" -port 7007 -port 7009)

ip netns add "$a" && ip netns add "$b" &&
	ip -n "$a" link add va type veth peer name vb netns "$b" &&
	ip -n "$a" addr add 192.0.2.1/24 dev va && ip -n "$b" addr add 192.0.2.2/24 dev vb &&
	ip -n "$a" addr add 2001:db8::1/64 dev va nodad && ip -n "$b" addr add 2001:db8::2/64 dev vb nodad &&
	ip -n "$a" link set va up && ip -n "$b" link set vb up || exit 1
mac_a=$(ip -n "$a" -br link show va | awk '{print $3}') mac_b=$(ip -n "$b" -br link show vb | awk '{print $3}')
ip -n "$a" neigh replace 2001:db8::2 lladdr "$mac_b" dev va nud permanent &&
	ip -n "$b" neigh replace 2001:db8::1 lladdr "$mac_a" dev vb nud permanent || exit 1
for _ in $(seq 50); do # sending waits for duplicate address detection of the link-local addresses
	[ -z "$(ip -n "$a" -6 addr show tentative)$(ip -n "$b" -6 addr show tentative)" ] && break
	sleep 0.1
done

start_tracer echo listening ip netns exec "$b" "$tmp/nettool" echo \
	192.0.2.2:7007 192.0.2.2:7008 192.0.2.2:7009 '[2001:db8::2]:7007'

# ping NAME PROTO DST N [TIMEOUT]: N echoes from a, each waiting up to TIMEOUT
# (2s; 300ms where no reply may come); nettool's line goes to $tmp/NAME.ping.
ping() {
	ip netns exec "$a" "$tmp/nettool" ping -proto "$2" -n "$4" -timeout "${5:-2s}" "$3" >"$tmp/$1.ping"
	sed "s/^/$1: /" "$tmp/$1.ping"
}
replies() { sed -n 's/.* replies=\([0-9]*\) .*/\1/p' "$tmp/$1.ping"; }

# traffic NAME [V6]: UDP and TCP to each port, and checks the replies.
traffic() {
	ping "$1-udp7007" udp 192.0.2.2:7007 5 300ms
	ping "$1-udp7008" udp 192.0.2.2:7008 5
	ping "$1-tcp7009" tcp 192.0.2.2:7009 1 300ms
	ping "$1-tcp7008" tcp 192.0.2.2:7008 3
	expect "$1: UDP to 7007 gets no reply" test "$(replies "$1-udp7007")" = 0
	expect "$1: UDP to 7008 gets its 5" test "$(replies "$1-udp7008")" = 5
	expect "$1: TCP to 7009 does not connect" test "$(replies "$1-tcp7009")" = 0
	expect "$1: TCP to 7008 gets its 3" test "$(replies "$1-tcp7008")" = 3
	if [ -n "${2:-}" ]; then
		ping "$1-udp6" udp '[2001:db8::2]:7007' 5 300ms
		expect "$1: UDP over IPv6 to 7007 gets no reply" test "$(replies "$1-udp6")" = 0
	fi
}

ping before udp 192.0.2.2:7007 3
expect "before the filter, UDP to 7007 gets its 3 replies" test "$(replies before)" = 3

# Ingress on b, tcx.
start_tracer ingress attached ip netns exec "$b" "${tracer[@]}" -iface vb -direction ingress -attach tcx
traffic ingress v6
stop_tracer ingress
sed 's/^/ingress: /' "$tmp/ingress.out" "$tmp/ingress.err"
expect "ingress: attached with tcx" grep -q "attached to vb ingress with tcx, dropping ports 7007,7009" "$tmp/ingress.err"
expect "ingress: 10 datagrams (5 IPv4, 5 IPv6) dropped to 7007" grep -qx "port 7007: dropped 10 ingress, 0 egress" "$tmp/ingress.out"
expect "ingress: the SYNs to 7009 dropped" grep -qxE "port 7009: dropped [1-9][0-9]* ingress, 0 egress" "$tmp/ingress.out"
expect "ingress: no tcx program left on vb" test -z "$(ip netns exec "$b" bpftool net show dev vb 2>/dev/null | grep tcx/)"

# Egress on a, clsact.
start_tracer egress attached ip netns exec "$a" "${tracer[@]}" -iface va -direction egress -attach clsact
expect "egress: a clsact qdisc on va while attached" grep -q "qdisc clsact" <(tc -n "$a" qdisc show dev va)
traffic egress
stop_tracer egress
sed 's/^/egress: /' "$tmp/egress.out" "$tmp/egress.err"
expect "egress: attached with clsact" grep -q "attached to va egress with clsact" "$tmp/egress.err"
expect "egress: 5 datagrams dropped to 7007" grep -qx "port 7007: dropped 0 ingress, 5 egress" "$tmp/egress.out"
expect "egress: the SYNs to 7009 dropped" grep -qxE "port 7009: dropped 0 ingress, [1-9][0-9]* egress" "$tmp/egress.out"
expect "egress: the clsact qdisc it added is gone" test -z "$(tc -n "$a" qdisc show dev va | grep clsact)"

# Both directions on b, -attach auto, -json.
start_tracer json attached ip netns exec "$b" "${tracer[@]}" -iface vb -json
traffic json
stop_tracer json
sed 's/^/json: /' "$tmp/json.out"
if [ "$(uname -r | awk -F. '{print ($1 > 6 || ($1 == 6 && $2 >= 6))}')" = 1 ]; then want=tcx; else want=clsact; fi
expect "json: auto chose $want on $(uname -r); 5 datagrams dropped to 7007 on ingress" \
	grep -qxE "\{\"attach\":\"$want\",\"ports\":\[\{\"port\":7007,\"ingress\":5,\"egress\":0\},\{\"port\":7009,\"ingress\":[1-9][0-9]*,\"egress\":0\}\]\}" "$tmp/json.out"

ping after udp 192.0.2.2:7007 3
expect "after the tracer exits, UDP to 7007 gets its 3 replies" test "$(replies after)" = 3
stop_tracer echo

"${tracer[@]}" -iface vb -port 70000 >"$tmp/bad.out" 2>"$tmp/bad.err"
expect "-port 70000 is refused (exit 2) and named" \
	sh -c "test $? = 2 && grep -q '\"70000\"' '$tmp/bad.err'"
ip netns exec "$b" "${tracer[@]}" -iface vb -direction sideways >"$tmp/bad.out" 2>"$tmp/bad.err"
expect "-direction sideways is refused (exit 1) and named" \
	sh -c "test $? = 1 && grep -q '\"sideways\"' '$tmp/bad.err' && test ! -s '$tmp/bad.out'"

# BPF_PROG_TEST_RUN on crafted frames: IPv4 with and without options, TCP and
# UDP, a non-first fragment, IPv6, truncated transport headers.
(cd "$example_dir" && TC_FILTER_OBJ="$example_dir/build/filter.bpf.o" go test -tags smoke -count=1 -v -run TestTestRun ./internal/filter) >"$tmp/testrun.out" 2>&1
sed 's/^/testrun: /' "$tmp/testrun.out"
expect "BPF_PROG_TEST_RUN: every verdict and count as expected" grep -qx -- "--- PASS: TestTestRun.*" "$tmp/testrun.out"

"${tracer[@]}" --help >"$tmp/help.out" 2>&1
expect "--help exits 0 and names -port, -direction, -attach and -json" sh -c "test $? = 0 && grep -q -- -port '$tmp/help.out' && grep -q -- -direction '$tmp/help.out' && grep -q -- -attach '$tmp/help.out' && grep -q -- -json '$tmp/help.out'"

finish "tc-filter smoke"
