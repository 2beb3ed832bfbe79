#!/usr/bin/env bash
# Builds the BPF program in bpf/ (TinyGo, then tinybpf; settings in
# tinybpf.json) into build/openat.bpf.o.
#   TINYBPF_BIN  tinybpf binary (default: <repo>/build/bin/tinybpf)
#   BPF_CPU      BPF ISA version passed to --cpu (default: v3)
#   GOARCH       architecture of the kernel the program will run on, which
#                selects the pt_regs layout (default: this machine's; amd64, arm64)
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "$example_dir/../.." && pwd)"

# TinyGo: $TINYGO, or tinygo on PATH, or the one scripts/setup.sh builds.
if [[ -z ${TINYGO:-} ]] && ! command -v tinygo >/dev/null; then
	source "$repo_dir/scripts/env.sh"
fi
# tinybpf reads tinybpf.json and resolves ./bpf and build/ in the working directory.
cd "$example_dir"
mkdir -p build
"${TINYBPF_BIN:-$repo_dir/build/bin/tinybpf}" build --cpu "${BPF_CPU:-v3}" ./bpf
echo "built $example_dir/build/openat.bpf.o${GOARCH:+ for $GOARCH}" >&2
