#!/usr/bin/env bash
# Smoke test (needs root; QEMU for the guests): the test in
# cmd/tracer/smoke_test.go, on this kernel and then in Debian's 6.1 and 6.12
# under QEMU (tests/kernels/run.sh). Where the kernel has the kfuncs (6.2+) it
# looks up a thread of the test by its id and the test's own process, and
# checks the printed tgid, ppid and comm; before 6.2 it checks that the tracer
# says the kernel lacks them.
# Usage: scripts/smoke.sh [--kernels "6.1 6.12"] ("" for this kernel only)
#        scripts/smoke.sh --stage DIR  (only build, for tests/kernels/suite.sh)
# Honours TINYBPF_BIN and BPF_CPU like scripts/build.sh; with GOARCH=arm64 (for
# the arm64 guests, --kernels "6.1-arm64 6.12-arm64") only the guests run it.
set -uo pipefail

example_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
guest_smoke=$example_dir/../internal/scripts/guest-smoke.sh
[[ ${1:-} != --stage ]] || exec "$guest_smoke" "$example_dir" "$@"
kernels="6.1 6.12"
case "${1:-}" in
--kernels) kernels=${2?--kernels needs a value} ;;
"") ;;
*) echo "smoke.sh: unknown argument '$1'" >&2; exit 2 ;;
esac
source "$example_dir/../internal/scripts/smoke-lib.bash"

stage=$tmp/stage
"$guest_smoke" "$example_dir" --stage "$stage" || exit 1
test_bin=$stage/tests/kfunc-task-smoke
# The test finds the tracer and the object in $TBPF_DATA_DIR, as in a guest.
if [[ ${GOARCH:-$(go env GOHOSTARCH)} == "$(go env GOHOSTARCH)" ]]; then
	expect "the smoke test on this kernel ($(uname -r))" \
		env TBPF_DATA_DIR="$stage/files" "$test_bin" -test.v
else
	echo "smoke.sh: GOARCH=$GOARCH: not run on this kernel, only in the guests"
fi
if [[ -n $kernels ]]; then
	files=()
	for f in "$stage"/files/*; do files+=(--file "$f"); done
	expect "the smoke test in the guests ($kernels)" \
		"$example_dir/../../tests/kernels/run.sh" --kernels "$kernels" "${files[@]}" "$test_bin"
fi
finish "kfunc-task smoke"
