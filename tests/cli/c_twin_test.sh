#!/usr/bin/env bash
# An example's program is no longer than its C twin after load: the
# tracepoint-openat object the tests build ($TINYBPF_OPENAT_OBJ) against
# bench/twins/tracepoint-openat.bpf.c compiled here by clang-22 -O2 (the same
# work: the -pid filter, the ring buffer, the drop count), each loaded by
# bpftool, their xlated instructions compared (what BENCHMARKS.md reports).
# Needs root, clang-22 and bpftool.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh

pin=/sys/fs/bpf/tinybpf-c-twin-$$
trap 'rm -f "$pin"; cli_cleanup' EXIT

xlated() { # object: instructions after load (bytes_xlated / 8); the pin goes at once
	bpftool prog load "$1" "$pin" >"$tmp/load.out" 2>&1 || { cat "$tmp/load.out" >&2; return 1; }
	bpftool prog show pinned "$pin" -j | sed -n 's/.*"bytes_xlated":\([0-9]*\).*/\1/p' | awk '{ print $1 / 8 }'
	rm -f "$pin"
}

if ! command -v clang-22 >/dev/null; then
	skip "C twin" "no clang-22"
else
	bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$tmp/vmlinux.h"
	check "clang-22 builds the twin" 0 "" clang-22 -O2 -g -target bpf -I"$tmp" -Ibench/twins \
		-c bench/twins/tracepoint-openat.bpf.c -o "$tmp/twin.o"
	c=$(xlated "$tmp/twin.o")
	go=$(xlated "$TINYBPF_OPENAT_OBJ")
	echo "c-twin: tracepoint-openat: $go instructions from Go, $c from C"
	[ -n "$c" ] && [ -n "$go" ] && [ "$go" -le "$c" ] && ok ||
		ko "tracepoint-openat: $go instructions from Go, more than C's $c"
fi

summary c-twin
