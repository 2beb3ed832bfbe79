#!/usr/bin/env bash
# Smoke test (needs root, QEMU; see ../internal/scripts/guest-smoke.sh): in the 6.1
# and 6.12 guests the tracer must print the pid and file name of an open the
# test makes.
# Usage: scripts/smoke.sh [--stage DIR] [--kernels "6.1 6.12"]
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/guest-smoke.sh" "$example_dir" "$@"
