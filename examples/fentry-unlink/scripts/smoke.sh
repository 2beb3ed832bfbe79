#!/usr/bin/env bash
# Smoke test (needs root, QEMU; see ../internal/scripts/guest-smoke.sh): in the 6.1
# and 6.12 guests the ring buffer tracer must print entry and exit, with pid,
# file name and return value, of an unlinkat that succeeds and one that fails
# with ENOENT; the bpf_printk programs must write the same to trace_pipe.
# Usage: scripts/smoke.sh [--stage DIR] [--kernels "6.1 6.12"]
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
