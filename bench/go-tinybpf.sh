#!/usr/bin/env bash
# Installs the Go tinybpf (github.com/kyleseneker/tinybpf), the peer that
# bench/run.sh measures against, from the Go module proxy, and prints the
# binary's path. Cached in $TINYBPF_CACHE_DIR/go-tinybpf/VERSION.
#
# `go install ...@latest` is tried first. Where the proxy refuses the module's
# version list (it does here: 403), @latest cannot resolve and even
# `go install ...@VERSION` fails (it asks the list for deprecation notices);
# then the newest version known to exist, $GO_TINYBPF_VERSION, is built inside a
# scratch module that requires it.
set -euo pipefail

module=github.com/kyleseneker/tinybpf
pinned=${GO_TINYBPF_VERSION:-v0.7.0}
root=${TINYBPF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tinybpf-dev}/go-tinybpf

latest=$(go list -m -versions "$module" 2>/dev/null | awk '{print $NF}') || true
if [[ -n $latest && $latest != "$module" ]]; then
	version=$latest
else
	echo "go-tinybpf.sh: the module proxy refuses the version list of $module; using $pinned" >&2
	version=$pinned
fi
bin=$root/$version/tinybpf
if [[ -x $bin ]]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$root/$version"
if ! GOBIN=$root/$version go install "$module/cmd/tinybpf@$version" 2>"$root/install.log"; then
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	printf 'module gotinybpfbench\n\ngo 1.24\n\nrequire %s %s\n' "$module" "$version" >"$scratch/go.mod"
	(cd "$scratch" && GOFLAGS=-mod=mod go build -o "$bin" "$module/cmd/tinybpf") >&2
fi
echo "$bin"
