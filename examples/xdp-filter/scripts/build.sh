#!/usr/bin/env bash
# Builds the BPF program in bpf/ (TinyGo, then tinybpf) into build/filter.bpf.o.
# tinybpf.json gives the output path and the CPU; the program's section is the
# //go:section line in bpf/filter.go.
#   TINYBPF_BIN, BPF_CPU: see ../internal/scripts/build.sh
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/build.sh" "$example_dir"
