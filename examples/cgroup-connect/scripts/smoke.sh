#!/usr/bin/env bash
# End-to-end on this kernel, as root. The test creates a network namespace
# (tbc-$$, loopback only) with UDP and TCP echo servers on 127.0.0.1 and ::1,
# ports 7007 and 7008, and two cgroups v2 of its own, tbc-$$-in (with a child)
# and tbc-$$-out. The tracer refuses port 7007 to tbc-$$-in: its processes,
# and its child's, get EPERM from connect() to 7007 (TCP and UDP, IPv4 and
# IPv6) and connect to 7008; tbc-$$-out's connect to 7007. The counts the
# tracer prints are the connects refused. Namespace, cgroups and processes go
# on every exit path (trap). Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# --stage DIR: for the QEMU kernel matrix (tests/kernels/suite.sh), only build the
# guest smoke test (cmd/tracer/smoke_test.go) and its files into DIR.
[[ ${1:-} != --stage ]] || exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
source "$example_dir/../internal/scripts/smoke-lib.bash"

ns=tbc-$$ cg_root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts) mounted=
cleanup() {
	smoke_cleanup_all
	ip netns del "$ns" 2>/dev/null
	rmdir "$cg_root/tbc-$$-in/child" "$cg_root/tbc-$$-in" "$cg_root/tbc-$$-out" 2>/dev/null
	[ -z "$mounted" ] || umount "$cg_root"
	rm -rf "$tmp"
}
# smoke_cleanup removes $tmp, where a cgroup2 this test mounts lives: stop the
# processes first (smoke_cleanup does, before rm), keep $tmp until the unmount.
smoke_cleanup_all() { local keep=$tmp; tmp=/nonexistent-tbc; smoke_cleanup; tmp=$keep; }
trap cleanup EXIT

if [ -z "$cg_root" ]; then # no cgroup v2 mounted: one of our own
	cg_root=$tmp/cgroup2
	mkdir "$cg_root" && mount -t cgroup2 none "$cg_root" && mounted=1 || exit 1
fi
in=$cg_root/tbc-$$-in out=$cg_root/tbc-$$-out
mkdir "$in" "$in/child" "$out" || exit 1

build_example
(cd "$example_dir/../internal" && go_static build -o "$tmp/nettool" ./nettool) || exit 1
tracer=("$example_dir/build/tracer" -obj "$example_dir/build/connect.bpf.o")

ip netns add "$ns" && ip -n "$ns" link set lo up || exit 1
start_tracer echo listening ip netns exec "$ns" "$tmp/nettool" echo \
	127.0.0.1:7007 127.0.0.1:7008 '[::1]:7007'

# ping NAME CGROUP PROTO DST: 3 echoes from a process in CGROUP (it moves into it, then
# execs nettool); nettool's line goes to $tmp/NAME.ping.
ping() {
	sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$2" \
		ip netns exec "$ns" "$tmp/nettool" ping -proto "$3" -n 3 -timeout 1s "$4" >"$tmp/$1.ping"
	sed "s/^/$1: /" "$tmp/$1.ping"
}
result() { sed -n 's/^pid=[0-9]* //p' "$tmp/$1.ping"; }

ping before "$in" tcp 127.0.0.1:7007
expect "before: tbc-in connects to 7007" test "$(result before)" = "sent=3 replies=3 err=-"

# round NAME FLAGS...
round() {
	start_tracer "$1" attached "${tracer[@]}" -cgroup "$in" -port 7007 "${@:2}"
	ping "$1-in-tcp4" "$in" tcp 127.0.0.1:7007
	ping "$1-in-udp4" "$in" udp 127.0.0.1:7007
	ping "$1-in-tcp6" "$in" tcp '[::1]:7007'
	ping "$1-child-tcp4" "$in/child" tcp 127.0.0.1:7007
	ping "$1-in-7008" "$in" tcp 127.0.0.1:7008
	ping "$1-out-tcp4" "$out" tcp 127.0.0.1:7007
	ping "$1-out-tcp6" "$out" tcp '[::1]:7007'
	stop_tracer "$1"
	sed "s/^/$1: /" "$tmp/$1.out" "$tmp/$1.err"
	local refused="sent=3 replies=0 err=EPERM" ok="sent=3 replies=3 err=-"
	expect "$1: tbc-in, TCP to 127.0.0.1:7007: EPERM" test "$(result "$1-in-tcp4")" = "$refused"
	expect "$1: tbc-in, UDP to 127.0.0.1:7007: EPERM" test "$(result "$1-in-udp4")" = "$refused"
	expect "$1: tbc-in, TCP to [::1]:7007: EPERM" test "$(result "$1-in-tcp6")" = "$refused"
	expect "$1: tbc-in/child, TCP to 7007: EPERM" test "$(result "$1-child-tcp4")" = "$refused"
	expect "$1: tbc-in, TCP to 7008: connects" test "$(result "$1-in-7008")" = "$ok"
	expect "$1: tbc-out, TCP to 127.0.0.1:7007: connects" test "$(result "$1-out-tcp4")" = "$ok"
	expect "$1: tbc-out, TCP to [::1]:7007: connects" test "$(result "$1-out-tcp6")" = "$ok"
}

round text
expect "text: 12 connects refused to 7007" grep -qx "port 7007: refused 12 connects" "$tmp/text.out"
expect "text: the tracer named the cgroup" grep -qF "attached to cgroup $in (connect4, connect6), refusing ports 7007;" "$tmp/text.err"
round json -json
expect "-json: the cgroup and the 12 refusals" grep -qxF "{\"cgroup\":\"$in\",\"ports\":[{\"port\":7007,\"refused\":12}]}" "$tmp/json.out"

ping after "$in" tcp 127.0.0.1:7007
expect "after the tracer exits, tbc-in connects to 7007" test "$(result after)" = "sent=3 replies=3 err=-"
stop_tracer echo

"${tracer[@]}" -cgroup "$tmp" -port 7007 >"$tmp/bad.out" 2>"$tmp/bad.err"
expect "a directory that is not a cgroup v2 is refused (exit 1)" \
	sh -c "test $? = 1 && grep -q 'not a cgroup v2 directory' '$tmp/bad.err' && test ! -s '$tmp/bad.out'"
"${tracer[@]}" -cgroup "$in" -port x >"$tmp/bad.out" 2>"$tmp/bad.err"
expect "-port x is refused (exit 2) and named" sh -c "test $? = 2 && grep -q '\"x\"' '$tmp/bad.err'"

"${tracer[@]}" --help >"$tmp/help.out" 2>&1
expect "--help exits 0 and names -cgroup, -port and -json" sh -c "test $? = 0 && grep -q -- -cgroup '$tmp/help.out' && grep -q -- -port '$tmp/help.out' && grep -q -- -json '$tmp/help.out'"

finish "cgroup-connect smoke"
