#!/usr/bin/env bash
# Part of tests/kernels/suite.sh (one line there): builds sdk_contexts (Go,
# typed SDK contexts of fentry, fexit, kprobe, tp_btf and lsm programs) with
# TinyGo and tinybpf and its static guest tests (libbpf, and cilium/ebpf:
# sdk_contexts_cilium), and runs them in the guest kernels.
# Usage: sdk_contexts.sh WORK TINYBPF KERNELS TIMEOUT; results in
# WORK/logs-sdk/results.tsv.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$1 tinybpf=$2 kernels=$3 timeout=$4
source "$here/../../../scripts/env.sh"
(cd "$here/sdk_contexts" && "$tinybpf" build --no-cache -o "$work/sdk_contexts.bpf.o" .)
"${CC:-gcc}" -O2 -Wall -Wextra -static "$here/sdk_contexts_test.c" -o "$work/bin/sdk_contexts_test" -lbpf -lelf -lz
# the same checks with cilium/ebpf, a static Go binary
(cd "$here/sdk_contexts_cilium" && CGO_ENABLED=0 go build -o "$work/bin/sdk_contexts_cilium" .)
"$here/../run.sh" --kernels "$kernels" --timeout "$timeout" --log-dir "$work/logs-sdk" \
	--file "$work/sdk_contexts.bpf.o" "$work/bin/sdk_contexts_test" "$work/bin/sdk_contexts_cilium"
