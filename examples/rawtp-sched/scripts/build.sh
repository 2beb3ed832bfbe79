#!/usr/bin/env bash
# Builds the BPF program in bpf/ (TinyGo, then tinybpf) into build/sched.bpf.o.
# tinybpf.json gives the program's section, the output path and the CPU.
#   TINYBPF_BIN, BPF_CPU: see ../internal/scripts/build.sh
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/build.sh" "$example_dir"
