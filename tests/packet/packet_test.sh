#!/usr/bin/env bash
# bpf.Header costs what clang's C costs: each program of
# tests/conformance/packet_sizes (Go, built by make test with TinyGo and
# tinybpf) has no more instructions than its twin in twins.c, compiled by
# clang-22 -O2 -mcpu=v3 (llvm-objdump-22 counts both). Prints the table.
# Needs $TINYBPF_CONFORMANCE_OBJ (the directory of packet_sizes.bpf.o).
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh
go_obj=$TINYBPF_CONFORMANCE_OBJ/packet_sizes.bpf.o
clang-22 -O2 -g -target bpf -mcpu=v3 -I/usr/include/"$(gcc -print-multiarch)" \
	-c tests/packet/twins.c -o "$tmp/twins.o" || { ko "twins.c does not compile"; summary "packet"; exit 1; }

count() { # object, function: its instructions
	llvm-objdump-22 -d --no-show-raw-insn "$1" |
		awk -v f="<$2>:" '$2 == f { inside = 1; next } inside && /^$/ { exit } inside && /^ *[0-9]+:/ { n++ } END { print n + 0 }'
}

printf '%-14s %4s %4s\n' program Go C
for prog in size1 size2 size14 size14_inner size20 size40 tc_ttl; do
	g=$(count "$go_obj" "$prog") c=$(count "$tmp/twins.o" "$prog")
	printf '%-14s %4d %4d\n' "$prog" "$g" "$c"
	if [ "$g" -gt 0 ] && [ "$c" -gt 0 ] && [ "$g" -le "$c" ]; then ok; else ko "$prog: Go $g instructions, C $c"; fi
done
summary "packet"
