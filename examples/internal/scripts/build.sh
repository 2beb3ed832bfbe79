#!/usr/bin/env bash
# Builds an example's BPF programs, for examples/*/scripts/build.sh: tinybpf
# build (TinyGo, then tinybpf) of the example's bpf/ package with the settings
# in its tinybpf.json (output file, CPU, program sections), plus any further
# PACKAGE=OUTPUT pairs.
#
# Usage: build.sh EXAMPLE_DIR [PACKAGE=OUTPUT]...
#   TINYBPF_BIN  tinybpf binary (default: this repository's, built by make)
#   BPF_CPU      BPF instruction set, v1..v4 (default: tinybpf.json's v3)
#   GOARCH       architecture of the kernel the program will run on; it selects
#                the pt_regs layout of kprobes (default: this machine's)
#   TINYGO       TinyGo (default: the one scripts/setup.sh installs)
set -euo pipefail

example_dir=$(cd "${1:?usage: build.sh EXAMPLE_DIR [PACKAGE=OUTPUT]...}" && pwd)
shift
repo_dir=$(cd "$example_dir/../.." && pwd)
source "$repo_dir/scripts/env.sh" # $TINYGO, which tinybpf build runs
if [[ -z ${TINYBPF_BIN:-} ]]; then
	make -C "$repo_dir" --no-print-directory -s all >&2
	TINYBPF_BIN=$repo_dir/build/bin/tinybpf
fi

# tinybpf reads tinybpf.json and resolves the packages in the working directory.
cd "$example_dir"
"$TINYBPF_BIN" build ${BPF_CPU:+--cpu "$BPF_CPU"} ./bpf
for pair in "$@"; do
	"$TINYBPF_BIN" build ${BPF_CPU:+--cpu "$BPF_CPU"} -o "${pair#*=}" "./${pair%%=*}"
done
echo "built $(basename "$example_dir")'s BPF objects in $example_dir/build${GOARCH:+ for GOARCH=$GOARCH}" >&2
