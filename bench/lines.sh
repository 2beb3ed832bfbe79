#!/usr/bin/env bash
# Lines of the six seed-era examples' BPF-side Go against their C twins
# (bench/twins): non-blank lines that are not comments, per example and summed.
#
# Usage: bench/lines.sh [--markdown]
#
# What is counted, the same way on both sides:
#   Go: the .go files of examples/NAME/bpf/ that TinyGo compiles into the
#       object (not sub-packages such as bpf/printk/), except files generated
#       by `tinybpf types` ("// Code generated ... DO NOT EDIT."), which stand
#       where C's generated vmlinux.h does, also not counted. The standard-Go
#       stubs (//go:build !tinygo: package main and an empty main, so that
#       `go vet ./...` and `go build ./...` load the package) are not part of
#       the program; they are counted apart, in the "stubs" line.
#   C:  bench/twins/NAME.bpf.c, plus bench/twins/ringbuf_events.h where the
#       twin includes it (the Go program declares that map itself).
#   A comment line is one that starts with // (or lies in /* */); Go's
#   directives //go:build, //go:section and //export are code, as C's SEC()
#   is, and count.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

examples=(tracepoint-openat opensnoop kprobe-openat rawtp-sched fentry-open fentry-unlink)

count() {
	awk '
	FNR == 1 { inblock = 0 }
	{
		line = $0
		if (inblock) {
			if (line !~ /\*\//) next
			inblock = 0
			sub(/.*\*\//, "", line)
		}
		if (line ~ /^[ \t]*\/\*/) {
			if (line !~ /\*\//) { inblock = 1; next }
			sub(/\/\*.*\*\//, "", line)
		}
		if (line ~ /^[ \t]*$/) next
		if (line ~ /^[ \t]*\/\//) { if (line ~ /^[ \t]*\/\/(go:|export )/) n++; next }
		n++
	}
	END { print n + 0 }' "$@"
}

is_stub() { grep -q '^//go:build !tinygo$' "$1"; }

go_files() {
	local f
	for f in "examples/$1/bpf/"*.go; do
		grep -q '^// Code generated .* DO NOT EDIT\.$' "$f" || is_stub "$f" || echo "$f"
	done
}

stub_files() {
	local f
	for f in "examples/$1/bpf/"*.go; do
		if is_stub "$f"; then echo "$f"; fi
	done
}

c_files() {
	echo "bench/twins/$1.bpf.c"
	if grep -q '#include "ringbuf_events.h"' "bench/twins/$1.bpf.c"; then echo bench/twins/ringbuf_events.h; fi
}

markdown=0
[[ ${1:-} == --markdown ]] && markdown=1
((markdown)) && printf '| example | Go (bpf/) | C twin | Go / C |\n|---|--:|--:|--:|\n'
total_go=0 total_c=0 total_stub=0
for e in "${examples[@]}"; do
	mapfile -t gf < <(go_files "$e")
	mapfile -t cf < <(c_files "$e")
	mapfile -t sf < <(stub_files "$e")
	g=$(count "${gf[@]}") c=$(count "${cf[@]}")
	((${#sf[@]})) && total_stub=$((total_stub + $(count "${sf[@]}")))
	total_go=$((total_go + g)) total_c=$((total_c + c))
	ratio=$(awk -v g="$g" -v c="$c" 'BEGIN { printf "%.2f", g / c }')
	if ((markdown)); then
		printf '| examples/%s | %d | %d | %s |\n' "$e" "$g" "$c" "$ratio"
	else
		printf '%-18s go %4d  c %4d  %s\n' "$e" "$g" "$c" "$ratio"
	fi
done
ratio=$(awk -v g="$total_go" -v c="$total_c" 'BEGIN { printf "%.2f", g / c }')
if ((markdown)); then
	printf '| **total** | **%d** | **%d** | **%s** |\n' "$total_go" "$total_c" "$ratio"
else
	printf '%-18s go %4d  c %4d  %s\n' total "$total_go" "$total_c" "$ratio"
fi
with=$((total_go + total_stub))
ratio=$(awk -v g="$with" -v c="$total_c" 'BEGIN { printf "%.2f", g / c }')
if ((markdown)); then
	printf '\nWith the %d lines of the standard-Go stubs, the Go is %d lines, %s× the C.\n' "$total_stub" "$with" "$ratio"
else
	printf '%-18s go %4d  (%d with the stubs: %s)\n' stubs "$total_stub" "$with" "$ratio"
fi
