#!/usr/bin/env bash
# Part of tests/kernels/suite.sh (one line there): builds sdk_contexts (Go,
# typed SDK contexts of fentry, fexit, kprobe, tp_btf and lsm programs) with
# TinyGo and tinybpf and its static guest tests (libbpf, and cilium/ebpf:
# guest/cilium, also for bpf.InodeStorage), and runs them in the guest kernels.
# Usage: sdk_contexts.sh WORK TINYBPF KERNELS TIMEOUT; results in
# WORK/logs-sdk/results.tsv.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$1 tinybpf=$2 kernels=$3 timeout=$4
source "$here/../../../scripts/env.sh"
(cd "$here/sdk_contexts" && "$tinybpf" build --no-cache -o "$work/sdk_contexts.bpf.o" .)
"${CC:-gcc}" -O2 -Wall -Wextra -static "$here/sdk_contexts_test.c" -o "$work/bin/sdk_contexts_test" -lbpf -lelf -lz
# cilium/ebpf twins (guest/cilium, a static Go binary run under one name per
# test) of sdk_contexts_test and of inode_storage_test, whose object is built
# here as suite.sh builds it (in a directory of its own: suite.sh's is beside).
(cd "$here/cilium" && CGO_ENABLED=0 go build -o "$work/bin/sdk_contexts_cilium" .)
cp "$work/bin/sdk_contexts_cilium" "$work/bin/inode_storage_cilium"
mkdir -p "$work/sdk-cilium"
(cd "$here/../../testdata" && "$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=0 \
	-o "$work/sdk-cilium/sdk_inode_storage.ll" ./sdk_inode_storage)
"$tinybpf" link -i "$work/sdk-cilium/sdk_inode_storage.ll" -o "$work/sdk-cilium/sdk_inode_storage.bpf.o"
"$here/../run.sh" --kernels "$kernels" --timeout "$timeout" --log-dir "$work/logs-sdk" \
	--file "$work/sdk_contexts.bpf.o" --file "$work/sdk-cilium/sdk_inode_storage.bpf.o" \
	"$work/bin/sdk_contexts_test" "$work/bin/sdk_contexts_cilium" "$work/bin/inode_storage_cilium"
