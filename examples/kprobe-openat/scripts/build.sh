#!/usr/bin/env bash
# Builds the kprobe in bpf/ (TinyGo, then tinybpf; settings in
# tinybpf.json) into build/openat.bpf.o.
#   TINYBPF_BIN, BPF_CPU: see ../internal/scripts/build.sh
#   GOARCH: the kernel's architecture, for the pt_regs layout: amd64 (default
#   on this machine) or arm64
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/build.sh" "$example_dir"
