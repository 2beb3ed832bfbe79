#!/usr/bin/env bash
# The SDK's maps cost nothing: tests/testdata/sdk_twins does each map
# operation (hash lookup, update and delete, array lookup, ring buffer reserve
# and submit, ring buffer output) once through the SDK's typed maps and once
# in the seeds' raw style; each pair must compile to the same number of BPF
# instructions, and the kernel must accept all of them. Needs $TINYBPF and
# $TESTDATA (make test builds the TinyGo IR); verifying needs root.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh

check "link sdk_twins" 0 "" "$TINYBPF" link "$TESTDATA/sdk_twins.ll" -o "$tmp/twins.o"
check "the kernel accepts every program" 0 "" "$TINYBPF" verify "$tmp/twins.o"
# A program's instruction count: its symbol's size over 8 bytes.
llvm-readelf-22 -s "$tmp/twins.o" | awk '$4 == "FUNC" { print $8, $3 / 8 }' >"$tmp/counts"
for op in lookup update array reserve output; do
	sdk=$(awk -v p="sdk_$op" '$1 == p { print $2 }' "$tmp/counts")
	raw=$(awk -v p="raw_$op" '$1 == p { print $2 }' "$tmp/counts")
	echo "sdk-twins: $op: $sdk instructions through the SDK, $raw in the raw style"
	[ -n "$sdk" ] && [ "$sdk" = "$raw" ] && ok || ko "$op: $sdk instructions through the SDK, $raw raw"
done

summary sdk-twins
