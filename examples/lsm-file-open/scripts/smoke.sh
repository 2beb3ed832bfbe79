#!/usr/bin/env bash
# Smoke test (needs root, QEMU; see ../internal/scripts/guest-smoke.sh): in the 6.1
# and 6.12 guests (booted with the BPF LSM active), with the tracer denying a
# file the test made, child processes of known pids (root and uid 1000) must
# get EPERM opening it and another file must open; the tracer must print each
# refusal (pid, command name, file), in text and with -json.
# Usage: scripts/smoke.sh [--stage DIR] [--kernels "6.1 6.12"]
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
