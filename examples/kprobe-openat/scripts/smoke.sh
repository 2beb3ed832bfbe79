#!/usr/bin/env bash
# Smoke test (needs root, QEMU; see ../internal/scripts/guest-smoke.sh):
#   1. the program built for arm64 (GOARCH=arm64) must read the probed
#      function's arguments 2 and 3 from arm64's pt_regs slots (x1 at 8, x2 at
#      16) and the one built here from x86_64's (rsi at 104, rdx at 96);
#   2. in the 6.1 and 6.12 guests, the tracer must print the pid, uid, open
#      flags, comm and file name of an open the test makes.
# Usage: scripts/smoke.sh [--stage DIR] [--kernels "6.1 6.12"]
set -euo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "$example_dir/../.." && pwd)"
tinybpf=${TINYBPF_BIN:-$repo_dir/build/bin/tinybpf}
if [[ -z ${TINYGO:-} ]] && ! command -v tinygo >/dev/null; then
	source "$repo_dir/scripts/env.sh"
fi

# Offsets the program loads from its context (pt_regs), e.g. "0x60 0x68": the
# register r1 (ctx) is copied to first, then every 64-bit load from it.
ctx_offsets() {
	llvm-objdump-22 -d --no-show-raw-insn "$1" | awk '
		!reg && $2 ~ /^r[6-9]$/ && $3 == "=" && $4 == "r1" { reg = $2; next }
		reg && index($0, "*(u64 *)(" reg " + ") {
			sub(/.*\(r[0-9] \+ /, ""); sub(/\).*/, ""); print
		}' | sort -u | paste -sd' '
}

check_arch() { # GOARCH expected-offsets
	local obj got
	obj=$(mktemp -d)/openat-$1.bpf.o
	(cd "$example_dir" && GOARCH=$1 "$tinybpf" build -o "$obj" ./bpf)
	got=$(ctx_offsets "$obj")
	rm -rf "$(dirname "$obj")"
	if [[ $got != "$2" ]]; then
		echo "smoke.sh: FAIL: GOARCH=$1 object reads pt_regs at offsets '$got', want '$2'" >&2
		exit 1
	fi
	echo "smoke.sh: GOARCH=$1: pt_regs offsets $got, as expected" >&2
}
check_arch arm64 "0x10 0x8"
check_arch amd64 "0x60 0x68"

exec "$repo_dir/examples/internal/scripts/guest-smoke.sh" "$example_dir" "$@"
