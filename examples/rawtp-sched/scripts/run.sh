#!/usr/bin/env bash
# Builds the BPF object and the tracer, then runs the tracer (as root) with
# any extra flags, e.g. scripts/run.sh -json
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$example_dir/scripts/build.sh"
cd "$example_dir"
go build -o build/tracer ./cmd/tracer
exec build/tracer -obj build/sched.bpf.o "$@"
