#!/usr/bin/env bash
# Builds the BPF object, then runs the tracer (as root) with any extra flags:
#   scripts/run.sh -pid 1234 -count 10 -json
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$example_dir/scripts/build.sh"
cd "$example_dir"
exec go run ./cmd/tracer "$@"
