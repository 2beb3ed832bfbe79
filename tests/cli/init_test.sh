#!/usr/bin/env bash
# tinybpf init as a user meets it: the new project lists what it made and the
# next commands; `go generate ./...` runs tinybpf build and generate from its
# //go:generate lines with nothing from a user cache (a fresh XDG_CACHE_HOME);
# its go.mod and go.sum are what `go mod tidy` writes, with the Go SDK
# replaced by this tree; `go vet` and its tests pass (the program counts the
# test's getppid calls in a map and in ring-buffer events, and counts the
# events a full ring buffer drops); its tracer prints events, reports drops
# and exits 0 when its reader goes away (SIGPIPE). Bad names are refused with
# exit 1 and nothing written; existing files are never touched.
# Needs $TINYBPF, TinyGo ($TINYGO, from scripts/env.sh), Go with the module
# proxy or a module cache holding cilium/ebpf, and root to load the program.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
source scripts/env.sh
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh
tinybpf=$(realpath "$TINYBPF")
# go generate runs `tinybpf` from PATH: this tree's, found through a link
# (tinybpf finds the Go SDK from its own path, which the link resolves to).
mkdir "$tmp/bin" && ln -s "$tinybpf" "$tmp/bin/tinybpf"
# TinyGo's cache is fresh; Go's stays where it is (compiling cilium/ebpf again
# would only cost time).
GOCACHE=$(go env GOCACHE)
export PATH=$tmp/bin:$PATH XDG_CACHE_HOME=$tmp/cache GOCACHE

mkdir "$tmp/work" && cd "$tmp/work"
check "init hello" 0 "" "$tinybpf" init hello
files="hello/ hello/bpf hello/cmd hello/cmd/hello hello/go.mod hello/go.sum hello/bpf/main.go hello/bpf/stub.go hello/hello.go hello/hello_test.go hello/cmd/hello/main.go"
listed=$(sed -n 's/^created //p; s/^  \(hello\/[^ ]*\)$/\1/p' "$tmp/out" | tr '\n' ' ')
[ "$listed" = "$files " ] && ok || ko "init listed '$listed', want '$files '"
[ "$(find hello | sort | tr '\n' ' ')" = "$(echo "$files" | tr ' ' '\n' | sed 's|/$||' | sort | tr '\n' ' ')" ] && ok ||
	ko "project files: $(find hello | sort | tr '\n' ' ')"
grep -qx '  go generate ./...   # tinybpf build -o hello.bpf.o ./bpf, then tinybpf generate' "$tmp/out" && ok ||
	ko "init does not print the next command"
unformatted=$(gofmt -l hello)
[ -z "$unformatted" ] && ok || ko "not gofmt-clean: $unformatted"
# The SDK the project builds against is this tree's (tinybpf runs in place).
grep -qx "replace github.com/tinybpf/tinybpf => $repo" hello/go.mod && ok ||
	ko "go.mod does not replace the SDK module with $repo: $(grep replace hello/go.mod)"
# The loader it calls is bpf2go's name for hello.bpf.o: "load" + "Hello" + "Objects".
grep -qF $'\tif err := loadHelloObjects(&t.objs, nil); err != nil {' hello/hello.go && ok ||
	ko "hello.go does not call loadHelloObjects: $(grep -n 'Objects(' hello/hello.go)"

# INIT_TEST_QUICK=1 (make mutate): what init writes and refuses, without the
# Go toolchain's part (a module download and builds: tens of seconds).
if [ -n "${INIT_TEST_QUICK:-}" ]; then
	skip "the project's go mod tidy, go generate, go vet, go test and tracer" "INIT_TEST_QUICK is set"
else
cd hello
# Go's own tidy agrees with the go.mod and go.sum init wrote.
if go mod tidy -diff >"$tmp/tidy" 2>&1; then ok; else ko "go.mod/go.sum differ from go mod tidy's:"; cat "$tmp/tidy" >&2; fi
if go generate ./... >"$tmp/gen" 2>&1; then ok; else ko "go generate:"; cat "$tmp/gen" >&2; fi
[ -s hello.bpf.o ] && grep -q 'sys_enter_getppid' hello.bpf.o && ok ||
	ko "hello.bpf.o missing or without its tracepoint section"
grep -q '^func loadHelloObjects(obj any, opts \*ebpf.CollectionOptions) error {$' hello_bpf.go && ok ||
	ko "hello_bpf.go lacks loadHelloObjects"
# TinyGo prepared musl's headers in the fresh cache from its own root.
ls -d "$XDG_CACHE_HOME"/tinygo/musl-* >/dev/null 2>&1 && ok || ko "TinyGo did not use the fresh cache"
if go vet ./... >"$tmp/vet" 2>&1; then ok; else ko "go vet:"; cat "$tmp/vet" >&2; fi
if go test -count=1 -v ./... >"$tmp/test" 2>&1 &&
	grep -q '^--- PASS: TestCountsOwnGetppid' "$tmp/test" &&
	grep -q '^--- PASS: TestCountsDroppedEvents' "$tmp/test" && grep -q $'^ok  \thello\t' "$tmp/test"; then
	ok
else
	ko "go test in the new project:"; cat "$tmp/test" >&2
fi

# The tracer: events from a process that calls getppid, then a reader that
# leaves after 3 lines. It must exit 0, not die of SIGPIPE (141).
go build -o "$tmp/tracer" ./cmd/hello || ko "go build ./cmd/hello"
(for _ in $(seq 200); do perl -e 'getppid() for 1..5'; sleep 0.05; done) &
caller=$!
timeout 30 "$tmp/tracer" 2>"$tmp/tracer.err" | head -n 3 >"$tmp/tracer.out"
status=${PIPESTATUS[0]}
kill "$caller" 2>/dev/null
wait "$caller" 2>/dev/null
[ "$status" = 0 ] && ok || ko "tracer | head: exit $status, want 0: $(cat "$tmp/tracer.err")"
# getppid's number, from the UAPI header.
nr=$(sed -n 's/^#define __NR_getppid \([0-9]*\)$/\1/p' /usr/include/x86_64-linux-gnu/asm/unistd_64.h)
[ "$(grep -cE "^pid=[0-9]+ syscall=$nr comm=.+\$" "$tmp/tracer.out")" = 3 ] && ok ||
	ko "tracer output: $(cat "$tmp/tracer.out")"
# Drops: the tracer is stopped while a process makes more calls than the
# ring buffer holds (8191 events); resumed, it reports what the program counted.
"$tmp/tracer" >/dev/null 2>"$tmp/drops.err" &
tracer=$!
for _ in $(seq 50); do grep -qs '^tracing' "$tmp/drops.err" && break; sleep 0.1; done
kill -STOP "$tracer"
# kill returns before the stop takes effect: under load the reader could still
# drain events. Wait until every thread of the tracer is stopped (state T).
for _ in $(seq 100); do
	awk '{ print $3 }' /proc/"$tracer"/task/*/stat 2>/dev/null | grep -qv '^T$' || break
	sleep 0.05
done
perl -e 'getppid() for 1..10000'
kill -CONT "$tracer"
sleep 2
kill -INT "$tracer"
wait "$tracer"
status=$?
dropped=$(sed -n 's/^hello: \([0-9]*\) events dropped: the ring buffer was full$/\1/p' "$tmp/drops.err" | paste -sd+ | bc)
[ "$status" = 0 ] && [ "${dropped:-0}" -ge $((10000 - 8191)) ] && ok ||
	ko "tracer stopped during 10000 calls: exit $status, $dropped dropped reported, want >= 1809: $(cat "$tmp/drops.err")"
fi
cd "$tmp/work"

# Names: exit 1 with the rule, nothing created.
for name in 1abc my-tool func main _hidden 'a b' ''; do
	check "bad name '$name'" 1 "is not a Go identifier" "$tinybpf" init "$name"
done
[ "$(ls | sort | tr '\n' ' ')" = "hello " ] && ok || ko "bad names left files: $(ls)"
# A tinybpf alone, with no SDK beside it or in its tree: exit 1, nothing written.
mkdir "$tmp/alone" && cp "$tinybpf" "$tmp/alone/tinybpf"
check "no Go SDK to be found" 1 \
	"error: cannot find tinybpf's Go SDK (module github.com/tinybpf/tinybpf): reinstall tinybpf (make install puts it in PREFIX/share/tinybpf/go)" \
	"$tmp/alone/tinybpf" init lonely
[ ! -e lonely ] && ok || ko "init without an SDK left lonely/"
check "no name" 2 "usage: tinybpf init NAME" "$tinybpf" init
check "two names" 2 "usage: tinybpf init NAME" "$tinybpf" init a b

# Existing paths: exit 1, contents untouched, nothing added.
mkdir taken && echo mine >taken/Makefile
check "existing directory" 1 "taken: File exists; init writes a new directory and never overwrites" \
	"$tinybpf" init taken
[ "$(ls taken)" = Makefile ] && [ "$(cat taken/Makefile)" = mine ] && ok || ko "existing directory changed"
echo data >file
check "existing file" 1 "file: File exists" "$tinybpf" init file
[ "$(cat file)" = data ] && ok || ko "existing file changed"
check "a second init of the same name" 1 "hello: File exists" "$tinybpf" init hello

summary init
