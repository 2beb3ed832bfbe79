#!/usr/bin/env bash
# make install as a user meets it: the tree is installed, then moved (it is
# relocatable), and a user who is not root (nobody), with only the moved
# tree's bin and Go on PATH, no tinybpf or TinyGo variable and an empty home
# (so empty caches), runs tinybpf doctor (TinyGo found beside tinybpf, exit 0),
# tinybpf init (go.mod points at the moved SDK) and go generate (TinyGo and
# tinybpf build the object, generate writes the loader). As root, the
# project then passes go vet and its tests. A C program builds with
# `pkg-config --cflags --libs tinybpf` against the moved tree and runs.
# Needs root (setpriv to nobody; the tests load programs), $TINYBPF_TESTDATA,
# and the Go modules of `tinybpf init`'s go.sum in Go's module cache
# (scripts/setup.sh downloads them for the examples).
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh
chmod 711 "$tmp" # nobody walks through it to the tree and its home

make -s install PREFIX="$tmp/installed" >"$tmp/make" 2>&1 || { ko "make install:"; cat "$tmp/make" >&2; }
mv "$tmp/installed" "$tmp/moved"
prefix=$tmp/moved
for f in bin/tinybpf lib/tinybpf/tinygo/bin/tinygo share/tinybpf/go/go.mod share/tinybpf/go/bpf/doc.go \
	lib/libtinybpf.a lib/tinybpf/libbpf.a lib/pkgconfig/tinybpf.pc include/tinybpf/tinybpf.h \
	share/man/man1/tinybpf.1 share/doc/tinybpf/README.md share/doc/tinybpf/docs/getting-started.md; do
	[ -s "$prefix/$f" ] && ok || ko "not installed: $f"
done
# The SDK comes whole: every file of bpf/, so files added later come along.
[ "$(cd bpf && find . -type f | sort)" = "$(cd "$prefix/share/tinybpf/go/bpf" && find . -type f | sort)" ] && ok ||
	ko "the installed SDK differs from bpf/"

# Modules for nobody: the ones init's go.sum names, from root's module cache,
# served as a file:// proxy (nobody may not read root's cache).
mkdir -p "$tmp/proxy" "$tmp/home"
download=$(go env GOMODCACHE)/cache/download
while read -r mod ver _; do
	ver=${ver%/go.mod}
	enc=$(sed 's/[A-Z]/!\L&/g' <<<"$mod")
	mkdir -p "$tmp/proxy/$enc/@v"
	cp "$download/$enc/@v/$ver".* "$tmp/proxy/$enc/@v/" 2>/dev/null
done <examples/tracepoint-openat/go.sum
chmod -R a+rX "$tmp/proxy"
chown nobody "$tmp/home"
as_user() { # nobody, with only the installed tree and Go
	(cd "$tmp/home" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -i HOME="$tmp/home" PATH="$prefix/bin:$(dirname "$(command -v go)"):/usr/bin:/bin" \
		GOPROXY="file://$tmp/proxy" GOTOOLCHAIN=local "$@")
}

check "doctor, as nobody" 0 \
	"  ok       TinyGo                   0.42.0 (LLVM 22.1.8) at $prefix/lib/tinybpf/tinygo/bin/tinygo (installed with tinybpf)" \
	as_user tinybpf doctor
expect "doctor: TinyGo's root" grep -qF "  ok       TinyGo root              $prefix/lib/tinybpf/tinygo has src/net and musl's headers" "$tmp/out"
expect "doctor: the SDK" grep -qF "  ok       Go SDK                   github.com/tinybpf/tinybpf at $prefix/share/tinybpf/go" "$tmp/out"
expect "doctor: its build" grep -qF "  ok       build                    TinyGo and tinybpf built a tracepoint program" "$tmp/out"
expect "doctor: no load as nobody" grep -qF "  warning  load                     not tried: this process may not load BPF programs" "$tmp/out"

check "init, as nobody" 0 "created hello/" as_user tinybpf init hello
expect "go.mod points at the moved SDK" \
	grep -qx "replace github.com/tinybpf/tinybpf => $prefix/share/tinybpf/go" "$tmp/home/hello/go.mod"
check "go generate, as nobody" 0 "" as_user sh -c 'cd hello && go generate ./...'
expect "the object" test -s "$tmp/home/hello/hello.bpf.o"
expect "the loader" grep -q '^func loadHelloObjects(' "$tmp/home/hello/hello_bpf.go"
# TinyGo used nobody's empty cache, and found all it needs in its own root.
expect "TinyGo's cache is nobody's" test -d "$tmp/home/.cache/tinygo"
if (cd "$tmp/home/hello" && GOFLAGS=-buildvcs=false go vet ./... && go test -count=1 -v ./...) >"$tmp/test" 2>&1 &&
	[ "$(grep -c '^--- PASS' "$tmp/test")" = 2 ]; then
	ok
else
	ko "go vet and go test (as root) of nobody's project:"; cat "$tmp/test" >&2
fi

# A C program on the library, with pkg-config against the moved tree.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
expect "pkg-config finds the moved tree" \
	test "$(pkg-config --variable=includedir tinybpf | xargs realpath)" = "$prefix/include"
if cc -std=c11 -Wall -Wextra -Werror docs/examples/embed.c -o "$tmp/embed" \
	$(pkg-config --cflags --libs tinybpf) 2>"$tmp/cc"; then ok; else ko "embed.c with pkg-config:"; cat "$tmp/cc" >&2; fi
check "the C program links and verifies" 1 "ethertype_checked: accepted" \
	"$tmp/embed" "$TINYBPF_TESTDATA/verify_reject.ll" "$tmp/embed.o"
cd "$repo"
summary install
