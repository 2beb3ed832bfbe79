#!/usr/bin/env bash
# Builds the LSM program in bpf/ (TinyGo, then tinybpf; settings in
# tinybpf.json) into build/deny.bpf.o.
#   TINYBPF_BIN, BPF_CPU: see ../internal/scripts/build.sh
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/build.sh" "$example_dir"
