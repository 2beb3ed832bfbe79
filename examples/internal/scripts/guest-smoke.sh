#!/usr/bin/env bash
# An example's smoke test in the QEMU kernel matrix, for examples/*/scripts/
# smoke.sh (all of the smoke test for the examples whose programs the host
# kernel refuses; the --stage part for the others). Builds the example
# (smoke-lib.bash's build_example) and the tracer's smoke test
# (cmd/tracer/smoke_test.go), then runs the test in Debian's kernels under
# QEMU (tests/kernels/run.sh; suite.sh runs it in every guest of the kernel
# matrix): the test starts the tracer, makes
# the traced calls from a child process whose pid, uid, command name and file
# names it knows, checks the printed lines, then stops the tracer with SIGINT
# and checks that it detached.
#
# Usage: guest-smoke.sh EXAMPLE_DIR [--stage DIR] [--kernels "6.1 6.12"]
#   --stage DIR  only build: the test goes to DIR/tests/EXAMPLE-smoke, the
#                commands (cmd/X as EXAMPLE-X) and objects (build/O.bpf.o as
#                EXAMPLE-O.bpf.o) to DIR/files, for tests/kernels/suite.sh to
#                run in its boots
# Environment: TINYBPF_BIN, BPF_CPU, GOARCH (see build.sh; GOARCH=arm64 builds
# the object, the commands and the test for arm64 guests).
set -euo pipefail

example_dir=$(cd "${1:?usage: guest-smoke.sh EXAMPLE_DIR [--stage DIR] [--kernels LIST]}" && pwd)
shift
repo_dir=$(cd "$example_dir/../.." && pwd)
name=$(basename "$example_dir")
source "$repo_dir/examples/internal/scripts/smoke-lib.bash"
stage="" kernels="6.1 6.12"
while (($#)); do
	case "$1" in
	--stage) stage=$2; shift ;;
	--kernels) kernels=$2; shift ;;
	*) echo "guest-smoke.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done

only_stage=1
if [[ -z $stage ]]; then
	stage=$tmp
	only_stage=0
fi
mkdir -p "$stage/tests" "$stage/files"

build_example
cd "$example_dir"
for cmd in cmd/*/; do
	cmd=$(basename "$cmd")
	cp "build/$cmd" "$stage/files/$name-$cmd"
done
go_static test -c -o "$stage/tests/$name-smoke" ./cmd/tracer
# Prefixed: examples may name objects alike (guesttest finds them by this name).
for obj in build/*.bpf.o; do
	cp "$obj" "$stage/files/$name-$(basename "$obj")"
done
echo "guest-smoke.sh: $name staged in $stage" >&2
((only_stage)) && exit 0

files=()
for f in "$stage"/files/*; do files+=(--file "$f"); done
"$repo_dir/tests/kernels/run.sh" --kernels "$kernels" "${files[@]}" "$stage/tests/$name-smoke"
