#!/usr/bin/env bash
# Builds the BPF programs (TinyGo, then tinybpf; settings in tinybpf.json):
# bpf/ (ring buffer) into build/unlink.bpf.o and bpf/printk (bpf_printk) into
# build/unlink_printk.bpf.o.
#   TINYBPF_BIN, BPF_CPU: see ../internal/scripts/build.sh
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/build.sh" "$example_dir" bpf/printk=build/unlink_printk.bpf.o
