#!/usr/bin/env bash
# tinybpf doctor: a missing or unusable TinyGo fails with its fix, optional
# tools and kernel features warn, and what it says of the kernel agrees with
# bpftool's own probe and with /sys. Needs root, $TINYBPF and $TINYGO.
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

has() { grep -qF -- "$1" "$tmp/out" || { echo "missing: $1" >&2; false; }; }
row() { printf '  %-8s %-24s %s' "$1" "$2" "$3"; } # status, check, detail: as doctor prints

check "this machine has what tinybpf needs" 0 "$(row ok TinyGo "0.42.0 (LLVM 22.")" "$TINYBPF" doctor
expect "TinyGo from \$TINYGO" has " at $TINYGO"
expect "LLVM with the BPF target" has "$(row ok LLVM "22.")"
expect "nothing failed" has "0 failed, "
cp "$tmp/out" "$tmp/doctor.txt"

check "\$TINYGO pointing nowhere" 1 "$(row FAILED TinyGo "/nowhere/tinygo not found")" \
	env TINYGO=/nowhere/tinygo "$TINYBPF" doctor
expect "the fix" has "fix: install TinyGo (scripts/setup.sh builds 0.42.0 against Debian's LLVM 22), then put it on PATH or set TINYGO=/path/to/tinygo"
expect "one failure" has "1 failed, "

check "no tinygo on PATH" 1 "$(row FAILED TinyGo "tinygo not found on PATH")" \
	env -u TINYGO PATH=/usr/bin:/bin "$TINYBPF" doctor
expect "bpftool is optional" has "$(row warning bpftool "not found on PATH")"
expect "with its fix" has "fix: apt-get install bpftool"

printf '#!/bin/sh\necho "tinygo version 0.99.0 linux/amd64 (using go version go1.30 and LLVM version 99.1.0)"\n' >"$tmp/tinygo-llvm99"
printf '#!/bin/sh\nexit 3\n' >"$tmp/tinygo-broken"
chmod +x "$tmp/tinygo-llvm99" "$tmp/tinygo-broken"
check "TinyGo with a newer LLVM" 1 "uses LLVM 99, newer than tinybpf's LLVM 22." \
	env TINYGO="$tmp/tinygo-llvm99" "$TINYBPF" doctor
expect "its fix" has "fix: use a TinyGo built with LLVM 22 or older, or build tinybpf against LLVM 99 (make LLVM_CONFIG=llvm-config-99)"
check "a TinyGo that does not run" 1 "$(row FAILED TinyGo "$tmp/tinygo-broken does not run as TinyGo")" \
	env TINYGO="$tmp/tinygo-broken" "$TINYBPF" doctor

# The kernel, against bpftool's probe: every type doctor says loads, bpftool
# finds available, and every type doctor says is refused, bpftool does not.
bpftool feature probe kernel >"$tmp/features" 2>/dev/null
loads=$(sed -n 's/^  ok       program types            loads //p' "$tmp/doctor.txt")
refused=$(sed -n 's/^  warning  program type \([a-z0-9_]*\) .*refused by this kernel.*/\1/p' "$tmp/doctor.txt")
expect "program types were probed" test -n "$loads"
for type in $loads; do
	expect "$type loads" grep -qx "eBPF program_type $type is available" "$tmp/features"
done
for type in $refused; do
	expect "$type refused" grep -qx "eBPF program_type $type is NOT available" "$tmp/features"
done
if grep -qx "eBPF program_type tracing is NOT available" "$tmp/features"; then
	expect "fentry refused, as on the test host" grep -qF \
		"$(row warning "program type tracing" "refused by this kernel (fentry/, fexit/, fmod_ret/, tp_btf/, iter/)")" \
		"$tmp/doctor.txt"
fi

if [ -r /sys/kernel/btf/vmlinux ]; then want=$(row ok BTF /sys/kernel/btf/vmlinux); else want=$(row warning BTF "no /sys/kernel/btf/vmlinux"); fi
expect "BTF" grep -qF "$want" "$tmp/doctor.txt"
if [ -e /sys/bus/event_source/devices/kprobe/type ] || [ -e /sys/kernel/tracing/kprobe_events ]; then
	want=$(row ok kprobes available)
else
	want=$(row warning kprobes "not available: kprobe/kretprobe programs load but have nothing to attach to")
fi
expect "kprobes" grep -qF "$want" "$tmp/doctor.txt"
if [ ! -r /sys/kernel/security/lsm ]; then
	want=$(row warning "LSM BPF" "unknown: /sys/kernel/security/lsm is not readable")
elif grep -q bpf /sys/kernel/security/lsm; then
	want=$(row ok "LSM BPF" enabled)
else
	want=$(row warning "LSM BPF" "not enabled")
fi
expect "LSM BPF" grep -qF "$want" "$tmp/doctor.txt"

check "--json" 1 "" env TINYGO=/nowhere/tinygo "$TINYBPF" doctor --json
expect "--json fields" jq -e '.failed == 1 and
	(.checks[] | select(.name == "TinyGo") | .status == "failed" and .group == "toolchain" and
		.detail == "/nowhere/tinygo not found" and (.fix | startswith("install TinyGo"))) and
	(.checks[] | select(.name == "LLVM") | .status == "ok" and (has("fix") | not))' "$tmp/out" >/dev/null
check "usage" 2 "usage: tinybpf doctor" "$TINYBPF" doctor extra

summary doctor
