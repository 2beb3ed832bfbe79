#!/usr/bin/env bash
# The docs say what tinybpf does: every output block marked
# "<!-- output: NAME -->" in docs/*.md matches what the command NAME stands for
# prints (line by line; "..." skips lines), every command and option the CLI
# offers is in docs/cli.md and the man page, the man page renders cleanly and
# installs, the claims of docs/writing-go.md hold, and docs/examples/embed.c
# builds against an installed tinybpf and prints what docs/library.md shows;
# README.md's Go program builds and the kernel accepts it.
# Needs root, $TINYBPF, $TESTDATA (TinyGo IR of tests/testdata), $TINYBPF_OPENAT_OBJ,
# TinyGo (scripts/env.sh).
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh
source scripts/env.sh # $TINYGO, for the README's program
export TINYBPF_CACHE="$tmp/cache" # every object a fresh build, never the user's cache
repo=$PWD
TINYBPF=$(realpath "$TINYBPF")

# The command behind each documented output block; run from tests/testdata,
# so file names read as the docs show them.
run_documented() {
	local ir=$TESTDATA
	cd "$repo/tests/testdata" || return 1
	case $1 in
	verify-openat) "$TINYBPF" verify "$TINYBPF_OPENAT_OBJ" ;;
	doctor-no-tinygo) TINYGO=/nowhere/tinygo "$TINYBPF" doctor ;;
	build-no-tinygo) TINYGO=/nowhere/tinygo "$TINYBPF" build -o "$tmp/x.o" ./two_maps ;;
	no-section | bad-section | unknown-helper | helper-args | index-panic | big-stack | dynamic-alloc | bad-string | \
		kfunc-typo | kfunc-undeclared | core-read-bad | helper-types | printk-bad | section-no-unsafe | sdk-map-misuse)
		"$TINYBPF" link -i "$ir/${1//-/_}.ll" -o "$tmp/x.o" ;;
	kfunc-btf) "$TINYBPF" link -i "$ir/kfunc_task.ll" -o "$tmp/kfunc_task.bpf.o" &&
		bpftool btf dump file "$tmp/kfunc_task.bpf.o" ;;
	go-map) "$TINYBPF" link -i "$ir/go_limits.ll" -o "$tmp/x.o" --program uses_go_map ;;
	verify-reject | verify-refused) # linked away from the Go files: the source text is embedded
		mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere" &&
			"$TINYBPF" link -i "$ir/${1//-/_}.ll" -o "$tmp/$1.o" && "$TINYBPF" verify "$tmp/$1.o" ;;
	config-unknown-key)
		cd "$tmp" && echo '{"build": {"outptu": "x.o"}}' >tinybpf.json &&
			"$TINYBPF" link "$ir/two_maps.ll" -o x.o ;;
	cli-bad-value) "$TINYBPF" link -i "$ir/two_maps.ll" -o "$tmp/x.o" --panic-return 4294967296 ;;
	config-unknown-top-key)
		cd "$tmp" && echo '{"buidl": {}}' >tinybpf.json && "$TINYBPF" link "$ir/two_maps.ll" -o x.o ;;
	embed) "$tmp/embed" "$ir/verify_reject.ll" "$tmp/embed.o" ;;
	*) echo "no command for output block $1" >&2; return 99 ;;
	esac
}

# Lines of the block marked NAME in a doc, without its fences.
block() { # doc, name
	awk -v mark="<!-- output: $2 -->" '
		$0 == mark { found = 1; next }
		found && /^```/ { if (inside) exit; inside = 1; next }
		found && inside { print }' "$1"
}

# Each documented line, in order, among the output's lines; "..." skips.
matches_output() { # block file, output file
	awk 'NR == FNR { want[n++] = $0; next }
		{ got[m++] = $0 }
		END {
			j = 0
			for (i = 0; i < n; i++) {
				if (want[i] == "...") continue
				while (j < m && got[j] != want[i]) {
					if (i > 0 && want[i - 1] != "..." && want[i] != "...") break
					j++
				}
				if (j >= m || got[j] != want[i]) { print "not in the output: " want[i] > "/dev/stderr"; exit 1 }
				j++
			}
		}' "$1" "$2"
}

# docs/library.md's example, built as a user would against `make install`.
make -s install DESTDIR="$tmp/root" PREFIX=/usr/local >/dev/null
expect "make install: the man page" test -s "$tmp/root/usr/local/share/man/man1/tinybpf.1"
expect "make install: the header" test -s "$tmp/root/usr/local/include/tinybpf/tinybpf.h"
expect "embed.c builds against the installed library, with pkg-config" \
	cc -std=c11 -Wall -Wextra -Werror docs/examples/embed.c -o "$tmp/embed" \
	$(PKG_CONFIG_PATH="$tmp/root/usr/local/lib/pkgconfig" pkg-config --cflags --libs tinybpf)

documented=0
for doc in docs/*.md; do
	for name in $(sed -n 's/^<!-- output: \(.*\) -->$/\1/p' "$doc"); do
		block "$doc" "$name" >"$tmp/want"
		(run_documented "$name") >"$tmp/got" 2>&1
		expect "$doc: output block $name" matches_output "$tmp/want" "$tmp/got"
		documented=$((documented + 1))
	done
done
expect "the docs have output blocks" test "$documented" -ge 14
# Each documented exit status, for the blocks that show failures.
for name in no-section index-panic bad-string go-map config-unknown-key doctor-no-tinygo verify-reject embed; do
	(run_documented "$name") >/dev/null 2>&1
	expect "$name exits 1" test $? = 1
done

# Every command and long option the CLI has is in docs/cli.md, in that
# command's section, and in the man page as an item (the line after .TP).
commands=$("$TINYBPF" help | sed -n 's/^  \([a-z]*\) .*/\1/p')
expect "help lists commands" test -n "$commands"
grep -A1 '^\.TP' docs/tinybpf.1 >"$tmp/man-items"
for cmd in $commands; do
	expect "cli.md: $cmd" grep -q "^## .*\\b$cmd\\b" docs/cli.md
	expect "tinybpf.1: $cmd" grep -q "^\\.SS $cmd\\b" docs/tinybpf.1
	awk -v cmd="$cmd" '/^## / { inside = 0; for (i = 2; i <= NF; i++) inside = inside || $i == cmd } inside' \
		docs/cli.md >"$tmp/section"
	for opt in $("$TINYBPF" "$cmd" --help | grep -o -- '--[a-z-]*' | sort -u); do
		expect "cli.md: $cmd $opt" grep -qF -- "\`$opt" "$tmp/section"
		man_opt=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		expect "tinybpf.1: $cmd $opt" grep -q -- "$man_opt" "$tmp/man-items"
	done
done

# README.md's program, built as the README shows: the kernel accepts it, with
# the ring buffer map it declares.
mkdir -p "$tmp/readme/bpf"
awk '/^```go$/ && !seen { seen = inside = 1; next } inside && /^```$/ { exit } inside' README.md >"$tmp/readme/bpf/main.go"
printf 'module readme\n\ngo 1.24\n' >"$tmp/readme/go.mod"
check "README's program builds" 0 "" sh -c "cd '$tmp/readme' && '$TINYBPF' build -o build/openat.bpf.o ./bpf"
check "README's program: the kernel accepts it" 0 \
	"trace_openat (tracepoint/syscalls/sys_enter_openat): accepted" "$TINYBPF" verify "$tmp/readme/build/openat.bpf.o"
bpftool btf dump file "$tmp/readme/build/openat.bpf.o" >"$tmp/readme.btf"
expect "README's program: the map events" grep -q "^\[[0-9]*\] VAR 'events' type_id=[0-9]*, linkage=global" "$tmp/readme.btf"

# docs/library.md: the CLI is built on the public header alone.
expect "src/cli includes only <tinybpf/tinybpf.h> of tinybpf's headers" \
	test -z "$(grep -h '^#include' src/cli/*.c src/cli/*.h | grep -vE '<(tinybpf/tinybpf|json-c/json|getopt|std[a-z]*|string|unistd)\.h>|"cli\.h"')"

# The man page renders without a warning.
groff -man -ww -z docs/tinybpf.1 2>"$tmp/groff"
expect "groff renders tinybpf.1 cleanly" test ! -s "$tmp/groff"
cat "$tmp/groff" >&2
MANWIDTH=80 man -l docs/tinybpf.1 2>/dev/null | grep -q "tinybpf verify \[-j\] \[-i\] object"
expect "man -l shows the synopsis" test $? = 0

# docs/writing-go.md: what happens to Go that BPF cannot run. Each program of
# go_limits alone is refused at its Go line with the message the doc quotes.
limit() { # name, program of go_limits, Go line:column, message
	(cd tests/testdata && "$TINYBPF" link -i "$TESTDATA/go_limits.ll" -o "$tmp/limit.o" --program "$2") >"$tmp/out" 2>&1
	expect "$1 refused" test $? = 1
	expect "$1: go_limits/main.go:$3: error: $4" grep -qxF -- "go_limits/main.go:$3: error: $4" "$tmp/out"
	expect "$1: no object" test ! -e "$tmp/limit.o"
	expect "writing-go.md: $1" grep -qF -- "\"$4\"" docs/writing-go.md
}
limit "Go maps" uses_go_map 14:2 "a Go map is not supported in BPF programs: use a BPF map (a bpfMapDef variable)"
limit "strings" uses_string 57:20 \
	"building a Go string at run time (concatenation, conversion) is not supported in BPF programs: use a fixed-size byte array"
limit "interfaces" uses_interface 28:48 \
	"a method call or type assertion through an interface is not supported in BPF programs: use the concrete type"
limit "floats" uses_float 36:22 "floating-point arithmetic is not supported in BPF programs: use integers (e.g. fixed-point)"
limit "recursion" uses_recursion 43:23 \
	"main.fib calls main.fib, which is already running (recursion): BPF programs cannot recurse; use a bounded loop"
expect "recursion: an error at each call that closes the cycle" test "$(grep -c 'error: main.fib calls main.fib' "$tmp/out")" = 2
limit "channels" uses_channel 66:2 "a channel is not supported in BPF programs: use a BPF ring buffer or queue map"
limit "append" uses_append 75:15 \
	"append (growing a slice at run time) is not supported in BPF programs: use a fixed-size array"
# More messages the doc quotes, each from what tinybpf (or, for the goroutine,
# TinyGo under tinybpf build) prints for its bad_* case, not from a test's source.
quoted() { # Go file:line:col, the message the doc quotes, command...
	local at=$1 row=$2
	shift 2
	(cd tests/testdata && "$@") >"$tmp/quoted" 2>&1
	expect "refused: $row" test $? = 1
	expect "printed at $at: $row" grep -qF -- "$at $row" "$tmp/quoted"
	expect "writing-go.md quotes: $row" grep -qF -- "${row#error: }" docs/writing-go.md
}
quoted bad_closure/main.go:14:34: "error: a call through a function value (closure or func variable) is not supported in BPF programs: call the function directly" \
	"$TINYBPF" link "$TESTDATA/bad_closure.ll" -o "$tmp/quoted.o"
quoted bad_defer/main.go:13:6: "error: defer is not supported in BPF programs: call the function before each return" \
	"$TINYBPF" link "$TESTDATA/bad_defer.ll" -o "$tmp/quoted.o"
quoted bad_fmt/main.go:12:18: "error: fmt.Sprintf uses a call through a function value (closure or func variable), which BPF programs cannot have: call the function directly" \
	"$TINYBPF" link "$TESTDATA/bad_fmt.ll" -o "$tmp/quoted.o"
quoted bad_goroutine/main.go:13:2: "attempted to start a goroutine without a scheduler" \
	"$TINYBPF" build -o "$tmp/quoted.o" ./bad_goroutine
quoted bad_package_init/main.go:12:5: "error: format is initialised by code Go runs at program start (package init), which BPF programs never run" \
	"$TINYBPF" link "$TESTDATA/bad_package_init.ll" -o "$tmp/quoted.o"
expect "no object from any of them" test ! -e "$tmp/quoted.o"

# docs/config.md: values of the wrong kind.
cd "$tmp" && echo '{"build": {"cpu": 3}}' >tinybpf.json
check "config: build.cpu must be a string" 1 "tinybpf.json:1:19: error: build.cpu must be a string, not a number" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" -o x.o
echo '{"build": {"programs": []}}' >tinybpf.json
check "config: build.programs" 1 "tinybpf.json:1:24: error: build.programs must map export names to sections, not be an array" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" -o x.o
cd "$repo" || exit 1

summary docs
