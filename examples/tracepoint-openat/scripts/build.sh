#!/usr/bin/env bash
# Builds the BPF program in bpf/ (TinyGo, then tinybpf) into build/openat.bpf.o.
#   TINYBPF_BIN  tinybpf binary (default: <repo>/build/bin/tinybpf)
#   BPF_CPU      BPF ISA version passed to --cpu (default: v3)
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "$example_dir/../.." && pwd)"

# tinybpf resolves ./bpf and build/ against the working directory.
cd "$example_dir"
mkdir -p build
"${TINYBPF_BIN:-$repo_dir/build/bin/tinybpf}" build --cpu "${BPF_CPU:-v3}" -o build/openat.bpf.o ./bpf
echo "built $example_dir/build/openat.bpf.o" >&2
