#!/usr/bin/env bash
# The docs say what tinybpf does: every output block marked
# "<!-- output: NAME -->" in docs/*.md matches what the command NAME stands for
# prints (line by line; "..." skips lines), every command and option the CLI
# offers is in docs/cli.md and the man page, the man page renders cleanly and
# installs, the claims of docs/writing-go.md hold, and docs/examples/embed.c
# builds against an installed tinybpf and prints what docs/library.md shows.
# Needs root, $TINYBPF, $TESTDATA (TinyGo IR of tests/testdata), $TINYGO.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh
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
	no-section | bad-section | unknown-helper | helper-args | index-panic | big-stack | dynamic-alloc)
		"$TINYBPF" link -i "$ir/${1//-/_}.ll" -o "$tmp/x.o" ;;
	verify-reject | verify-refused)
		"$TINYBPF" link -i "$ir/${1//-/_}.ll" -o "$tmp/$1.o" && "$TINYBPF" verify "$tmp/$1.o" ;;
	config-unknown-key)
		cd "$tmp" && echo '{"build": {"outptu": "x.o"}}' >tinybpf.json &&
			"$TINYBPF" link "$ir/two_maps.ll" -o x.o ;;
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
expect "embed.c builds against the installed library" \
	cc -std=c11 -Wall -Wextra -Werror -I"$tmp/root/usr/local/include" docs/examples/embed.c \
	-o "$tmp/embed" -L"$tmp/root/usr/local/lib" -ltinybpf \
	$(llvm-config-22 --ldflags --libs) -lbpf -lelf -lz -ljson-c -lstdc++

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
for name in no-section index-panic config-unknown-key doctor-no-tinygo verify-reject embed; do
	(run_documented "$name") >/dev/null 2>&1
	expect "$name exits 1" test $? = 1
done

# Every command and long option the CLI has is in docs/cli.md and the man page.
commands=$("$TINYBPF" help | sed -n 's/^  \([a-z]*\) .*/\1/p')
expect "help lists commands" test -n "$commands"
for cmd in $commands; do
	expect "cli.md: $cmd" grep -q "^## .*\\b$cmd\\b" docs/cli.md
	expect "tinybpf.1: $cmd" grep -q "^\\.SS $cmd\\b" docs/tinybpf.1
	for opt in $("$TINYBPF" "$cmd" --help | grep -o -- '--[a-z-]*' | sort -u); do
		expect "cli.md: $cmd $opt" grep -qF -- "\`$opt" docs/cli.md
		man_opt=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		expect "tinybpf.1: $cmd $opt" grep -q -- "$man_opt" docs/tinybpf.1
	done
done

# docs/library.md: the CLI is built on the public header alone.
expect "src/cli includes only <tinybpf/tinybpf.h> of tinybpf's headers" \
	test -z "$(grep -h '^#include' src/cli/*.c src/cli/*.h | grep -vE '<(tinybpf/tinybpf|json-c/json|getopt|std[a-z]*|string|unistd)\.h>|"cli\.h"')"

# The man page renders without a warning.
groff -man -ww -z docs/tinybpf.1 2>"$tmp/groff"
expect "groff renders tinybpf.1 cleanly" test ! -s "$tmp/groff"
cat "$tmp/groff" >&2
MANWIDTH=80 man -l docs/tinybpf.1 2>/dev/null | grep -q "tinybpf verify \[-j\] \[-i\] object"
expect "man -l shows the synopsis" test $? = 0

# docs/writing-go.md: what happens to Go that BPF cannot run.
limit() { # name, program of go_limits, expected message
	"$TINYBPF" link -i "$TESTDATA/go_limits.ll" -o "$tmp/limit.o" --program "$2" >"$tmp/out" 2>&1
	expect "$1 refused" test $? = 1
	expect "$1: $3" grep -qF -- "$3" "$tmp/out"
	expect "$1: no object" test ! -e "$tmp/limit.o"
	expect "writing-go.md: $1" grep -qF -- "$3" docs/writing-go.md
}
limit "Go maps" uses_go_map "allocation of a size known only at run time"
limit "strings" uses_string "allocation of a size known only at run time"
limit "interfaces" uses_interface "can panic here (nil pointer dereference)"
limit "floats" uses_float "A call to built-in function '__floatunsidf' is not supported."
check "recursion builds" 0 "" "$TINYBPF" link -i "$TESTDATA/go_limits.ll" -o "$tmp/rec.o" --program uses_recursion
check "recursion: the kernel refuses it" 1 "the call stack of 8 frames is too deep !" "$TINYBPF" verify "$tmp/rec.o"
expect "writing-go.md: recursion" grep -qF "the call stack of 8 frames is too deep !" docs/writing-go.md
(cd tests/docs && "$TINYBPF" build -o "$tmp/go.o" ./goroutine) >"$tmp/out" 2>&1
expect "goroutines refused" test $? = 1
expect "goroutines: TinyGo's message" grep -qF "goroutine/main.go:12:2: attempted to start a goroutine without a scheduler" "$tmp/out"
expect "writing-go.md: goroutines" grep -qF "attempted to start a goroutine without a scheduler" docs/writing-go.md

# docs/config.md: values of the wrong kind.
cd "$tmp" && echo '{"build": {"cpu": 3}}' >tinybpf.json
check "config: build.cpu must be a string" 1 "tinybpf.json: error: build.cpu must be a string" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" -o x.o
echo '{"build": {"programs": []}}' >tinybpf.json
check "config: build.programs" 1 "tinybpf.json: error: build.programs must map export names to sections" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" -o x.o
cd "$repo" || exit 1

summary docs
