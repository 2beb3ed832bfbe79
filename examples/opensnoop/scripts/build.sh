#!/usr/bin/env bash
# Builds the BPF program in bpf/ (TinyGo, then tinybpf) into build/opensnoop.bpf.o.
# tinybpf.json gives the program's section, the output path and the CPU.
#   TINYBPF_BIN  tinybpf binary (default: this repository's, built by make)
#   BPF_CPU      BPF instruction set, v1..v4 (default: tinybpf.json's v3)
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "$example_dir/../.." && pwd)"
source "$repo_dir/scripts/env.sh" # $TINYGO, which tinybpf build runs
if [ -z "${TINYBPF_BIN:-}" ]; then
	make -C "$repo_dir" --no-print-directory -s all >&2
	TINYBPF_BIN=$repo_dir/build/bin/tinybpf
fi

# tinybpf reads tinybpf.json and resolves ./bpf against the working directory.
cd "$example_dir"
"$TINYBPF_BIN" build ${BPF_CPU:+--cpu "$BPF_CPU"} ./bpf
echo "built $example_dir/build/opensnoop.bpf.o" >&2
