#!/usr/bin/env bash
# An example's smoke test, shared by examples/*/scripts/smoke.sh. Builds the
# example's BPF objects (its scripts/build.sh), its tracer and the tracer's
# smoke test (cmd/tracer/smoke_test.go) as static binaries, then runs the test
# in Debian's 6.1 and 6.12 kernels under QEMU (tests/kernels/run.sh): the test
# starts the tracer, makes the traced calls from a child process whose pid,
# uid, command name and file names it knows, checks the printed lines, then
# stops the tracer with SIGINT and checks that it detached.
#
# Usage: smoke.sh EXAMPLE_DIR [--stage DIR] [--kernels "6.1 6.12"]
#   --stage DIR  only build: the test goes to DIR/tests/EXAMPLE-smoke, the
#                commands (cmd/X as EXAMPLE-X) and objects (build/*.bpf.o) to
#                DIR/files, for tests/kernels/suite.sh to run in its boots
# Environment: TINYBPF_BIN, BPF_CPU (see the example's scripts/build.sh).
set -euo pipefail

example_dir=$(cd "${1:?usage: smoke.sh EXAMPLE_DIR [--stage DIR] [--kernels LIST]}" && pwd)
shift
repo_dir=$(cd "$example_dir/../.." && pwd)
name=$(basename "$example_dir")
stage="" kernels="6.1 6.12"
while (($#)); do
	case "$1" in
	--stage) stage=$2; shift ;;
	--kernels) kernels=$2; shift ;;
	*) echo "smoke.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done

own_stage=0
if [[ -z $stage ]]; then
	stage=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-smoke-$name.XXXXXX")
	own_stage=1
fi
mkdir -p "$stage/tests" "$stage/files"

"$example_dir/scripts/build.sh"
cd "$example_dir"
# Static binaries (no cgo): the guests have no dynamic loader.
export CGO_ENABLED=0
for cmd in cmd/*/; do
	cmd=$(basename "$cmd")
	go build -trimpath -ldflags='-s -w' -o "$stage/files/$name-$cmd" "./cmd/$cmd"
done
go test -c -trimpath -ldflags='-s -w' -o "$stage/tests/$name-smoke" ./cmd/tracer
cp build/*.bpf.o "$stage/files/"
echo "smoke.sh: $name staged in $stage" >&2
((own_stage)) || exit 0

files=()
for f in "$stage"/files/*; do files+=(--file "$f"); done
rc=0
"$repo_dir/tests/kernels/run.sh" --kernels "$kernels" "${files[@]}" "$stage/tests/$name-smoke" || rc=$?
rm -rf "$stage"
exit "$rc"
