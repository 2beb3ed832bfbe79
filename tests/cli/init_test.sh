#!/usr/bin/env bash
# tinybpf init as a user meets it: the new project builds with this tree's
# tinybpf and TinyGo ($TINYGO, from scripts/env.sh), and `make test` passes its
# own test (the program counts the test's getppid calls); bad names are
# refused with exit 1 and nothing written; existing files are never touched.
# Needs $TINYBPF, the Go module proxy, and root to load the program.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/env.sh
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh
tinybpf=$(realpath "$TINYBPF")

mkdir "$tmp/work" && cd "$tmp/work"
check "init hello" 0 "" "$tinybpf" init hello
[ -f hello/bpf/main.go ] && [ -f hello/Makefile ] && [ -f hello/hello_test.go ] && ok ||
	ko "project files missing: $(find hello | sort | tr '\n' ' ')"
unformatted=$(gofmt -l hello)
[ -z "$unformatted" ] && ok || ko "not gofmt-clean: $unformatted"

if make -C hello test TINYBPF="$tinybpf" >"$tmp/make" 2>&1 &&
	grep -q '^--- PASS: TestCountsOwnGetppid' "$tmp/make" && grep -q $'^ok  \thello\t' "$tmp/make"; then
	ok
else
	ko "make test in the new project:"; cat "$tmp/make" >&2
fi
[ -s hello/hello.bpf.o ] && grep -q 'sys_enter_getppid' hello/hello.bpf.o && ok ||
	ko "hello.bpf.o missing or without its tracepoint section"

# Names: exit 1 with the rule, nothing created.
for name in 1abc my-tool func main _hidden 'a b' ''; do
	check "bad name '$name'" 1 "is not a Go identifier" "$tinybpf" init "$name"
done
[ "$(ls | sort | tr '\n' ' ')" = "hello " ] && ok || ko "bad names left files: $(ls)"
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
