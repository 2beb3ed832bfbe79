#!/usr/bin/env bash
# Builds the BPF object and the tracer, then runs the tracer (as root) with
# any extra flags, e.g. scripts/run.sh -pid 1234 -json
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$example_dir/../internal/scripts/run.sh" "$example_dir" "$@"
