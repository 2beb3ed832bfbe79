#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs the whole test suite and
# the Debian package's test.
# Run as root: the tests load BPF programs into the kernel.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/setup.sh"
# shellcheck source=scripts/env.sh
source "$repo/scripts/env.sh"
make -C "$repo" -j"$(nproc)" test
# The Debian package, built, checked by lintian, and installed and used in a
# clean Debian 12 root as a non-root user (packaging/README.md). About 14
# minutes from nothing on a loaded 2-core machine, 5 with its caches warm.
make -C "$repo" deb-test
