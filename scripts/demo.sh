#!/usr/bin/env bash
# Sets everything up, compiles the Go eBPF program of examples/tracepoint-openat
# with TinyGo + tinybpf, loads it with the example's Go tracer (cilium/ebpf)
# and prints live openat events. Run as root. Extra arguments go to the
# tracer (default: -count 10); e.g. scripts/demo.sh -count 0 runs until Ctrl+C.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/setup.sh" >/dev/null
# shellcheck source=scripts/env.sh
source "$repo/scripts/env.sh"
example=$repo/examples/tracepoint-openat

"$example/scripts/build.sh"
(cd "$example" && go build -o build/tracer ./cmd/tracer)
# Something to see even on an idle machine.
(for _ in 1 2 3 4 5 6 7 8 9 10; do sleep 0.3; cat /etc/hostname >/dev/null; done) &
trap 'kill $! 2>/dev/null || true' EXIT
cd "$example"
echo "tracing openat (Ctrl+C to stop):" >&2
build/tracer -obj build/openat.bpf.o "${@:--count=10}"
