#!/usr/bin/env bash
# Builds an example's BPF program, shared by examples/*/scripts/build.sh:
# TinyGo, then tinybpf, on the example's bpf/ package, with the settings in
# its tinybpf.json (output file, CPU), plus any further PACKAGE=OUTPUT pairs.
#
# Usage: build.sh EXAMPLE_DIR [PACKAGE=OUTPUT]...
#   TINYBPF_BIN  tinybpf binary (default: <repo>/build/bin/tinybpf)
#   BPF_CPU      BPF ISA version passed to --cpu (default: v3)
#   GOARCH       architecture of the kernel the program will run on; it selects
#                the pt_regs layout of kprobes (default: this machine's)
#   TINYGO       TinyGo (default: tinygo on PATH, else the one scripts/setup.sh builds)
set -euo pipefail

example_dir=$(cd "${1:?usage: build.sh EXAMPLE_DIR [PACKAGE=OUTPUT]...}" && pwd)
shift
repo_dir=$(cd "$example_dir/../.." && pwd)
if [[ -z ${TINYGO:-} ]] && ! command -v tinygo >/dev/null; then
	source "$repo_dir/scripts/env.sh"
fi
tinybpf=${TINYBPF_BIN:-$repo_dir/build/bin/tinybpf}

# tinybpf reads tinybpf.json and resolves paths in the working directory.
cd "$example_dir"
mkdir -p build
"$tinybpf" build --cpu "${BPF_CPU:-v3}" ./bpf
for pair in "$@"; do
	"$tinybpf" build --cpu "${BPF_CPU:-v3}" -o "${pair#*=}" "./${pair%%=*}"
done
echo "built $(basename "$example_dir")'s BPF objects in $example_dir/build${GOARCH:+ for GOARCH=$GOARCH}" >&2
