#!/usr/bin/env bash
# Builds an example (its scripts/build.sh, then its tracer into build/tracer)
# and runs the tracer, as root, from the example directory with the given
# flags; for examples/*/scripts/run.sh.
# Usage: run.sh EXAMPLE_DIR [TRACER FLAGS]...
set -euo pipefail

example_dir=$(cd "${1:?usage: run.sh EXAMPLE_DIR [TRACER FLAGS]...}" && pwd)
shift
"$example_dir/scripts/build.sh"
cd "$example_dir"
go build -o build/tracer ./cmd/tracer
exec build/tracer "$@"
