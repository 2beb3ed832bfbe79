#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs the whole test suite.
# Run as root: the tests load BPF programs into the kernel.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$repo/scripts/env.sh"
make -C "$repo" -j"$(nproc)" test
