#!/usr/bin/env bash
# tinybpf build's own cache (docs/cache.md): a warm build copies the object
# without running TinyGo; each input TinyGo reads (the package's Go files,
# go.mod, a local replace target, the Go environment, TinyGo itself) and each
# tinybpf option makes it build again, and what the go tool ignores does not.
# Works on a copy of tests/testdata/globals in a module of its own. Needs
# $TINYBPF and TinyGo ($TINYGO, or tinygo on PATH).
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
testdata=$(cd "$(dirname "$0")/../testdata" && pwd)
real_tinygo=$(command -v "${TINYGO:-tinygo}") || { echo "no TinyGo" >&2; exit 1; }
export TINYBPF_CACHE="$tmp/cache"
TINYBPF=$(realpath "$TINYBPF")

# TinyGo behind a wrapper that logs each run to $CALLS, a variable outside
# the key (only GO*, CGO_* and TINYGO* variables are in it).
export CALLS="$tmp/tinygo-calls"
: >"$CALLS"
write_wrapper() {
	printf '#!/bin/sh\necho "$* (GOGC=$GOGC GOMEMLIMIT=$GOMEMLIMIT)" >>"$CALLS"\nexec %s "$@"\n' "'$real_tinygo'" >"$tmp/tinygo.new"
	chmod +x "$tmp/tinygo.new"
	mv "$tmp/tinygo.new" "$tmp/tinygo"
}
write_wrapper
export TINYGO="$tmp/tinygo"

# The module: globals/ (tests/testdata/globals, its .data initialised from a
# constant of example.test/helper) and helper/, a local replace target.
mod="$tmp/work/mod" helper="$tmp/work/helper"
mkdir -p "$mod/globals" "$helper"
printf 'module example.test/cachetest\n\ngo 1.24\n\nrequire example.test/helper v0.0.0\n\nreplace example.test/helper => ../helper\n' >"$mod/go.mod"
printf 'module example.test/helper\n\ngo 1.24\n' >"$helper/go.mod"
printf 'package helper\n\n// LastLen is the initial value of globals'"'"' lastLen.\nconst LastLen = 7\n' >"$helper/helper.go"
# The helper is imported under a name of its own with a capital, a z and a
# digit: the key's reader of import lines must take the whole identifier.
sed 's|^import "unsafe"|import (\n\t"unsafe"\n\n\thelperZz9 "example.test/helper"\n)|; s|^var lastLen uint32 = 7 // .data|var lastLen uint32 = helperZz9.LastLen // .data|' \
	"$testdata/globals/main.go" >"$mod/globals/main.go"
expect "the copy uses the helper" grep -q "helperZz9.LastLen" "$mod/globals/main.go"
# A package the program does not import may embed files, as a loader embeds
# the object: that does not keep the program from the cache.
mkdir -p "$mod/loader"
printf 'package loader\n\nimport _ "embed"\n\n//go:embed globals.bpf.o\nvar object []byte\n' >"$mod/loader/loader.go"

cd "$mod" || exit 1
build() { "$TINYBPF" build -v "$@" ./globals; }

runs=0
ran() { # what, how many TinyGo runs since the last call
	local got
	got=$(wc -l <"$CALLS")
	expect "$1: TinyGo ran $2 time(s), not $((got - runs))" [ "$((got - runs))" = "$2" ]
	runs=$got
}

section() { # object, section: the section's bytes
	llvm-objcopy-22 -O binary --only-section="$2" "$1" "$tmp/section" && cat "$tmp/section"
}
u32() { # object, section: its first 4 bytes as a number
	section "$1" "$2" >/dev/null && od -An -tu4 -N4 "$tmp/section" | tr -d ' '
}
same() { # name, two objects: byte for byte
	expect "$1" cmp "$2" "$3"
}

check "cold build stores its object" 0 "note: cache: stored (build) $TINYBPF_CACHE/" build -o "$tmp/cold.o"
ran "cold build" 1
expect "lastLen starts at helper.LastLen (7)" [ "$(u32 "$tmp/cold.o" .data)" = 7 ]
check "warm build is a hit" 0 "note: cache: hit (build) $TINYBPF_CACHE/" build -o "$tmp/warm.o"
ran "warm build" 0
same "the hit is the cold build's bytes" "$tmp/cold.o" "$tmp/warm.o"
check "--no-cache builds" 0 "note: stage tinygo" build --no-cache -o "$tmp/fresh.o"
ran "--no-cache" 1
same "the cold build is a fresh build's bytes" "$tmp/cold.o" "$tmp/fresh.o"

# What the go tool ignores, and a new mtime on the same bytes: still a hit.
touch "$mod/globals/main.go" "$helper/helper.go"
for dir in testdata _scratch .hidden nested; do
	mkdir -p "$mod/globals/$dir"
	printf 'package x\n\nconst X = 1\n' >"$mod/globals/$dir/x.go"
done
printf 'module example.test/nested\n' >"$mod/globals/nested/go.mod"
printf 'notes\n' >"$mod/globals/README.md"
check "ignored files and directories" 0 "note: cache: hit (build)" build -o "$tmp/warm.o"
ran "testdata/, _dir/, .dir/, a nested module, README, a touch" 0

# Each input TinyGo reads: a miss, and the rebuild is what a fresh build gives.
sed -i 's/^var maxLen uint32 = 100/var maxLen uint32 = 200/' "$mod/globals/main.go"
check "edited .go file" 0 "note: cache: stored (build)" build -o "$tmp/edit.o"
ran "edited .go file" 1
expect "maxLen is the edited 200" [ "$(u32 "$tmp/edit.o" .rodata)" = 200 ]
build --no-cache -o "$tmp/fresh.o" 2>/dev/null
ran "--no-cache" 1
same "the rebuild is a fresh build's bytes" "$tmp/edit.o" "$tmp/fresh.o"
check "then a hit again" 0 "note: cache: hit (build)" build -o "$tmp/warm.o"
ran "edited .go file, second build" 0

echo "// edited" >>"$mod/go.mod"
check "edited go.mod" 0 "note: cache: stored (build)" build -o "$tmp/gomod.o"
ran "edited go.mod" 1
same "a comment in go.mod changes no code" "$tmp/edit.o" "$tmp/gomod.o"

sed -i 's/^const LastLen = 7/const LastLen = 9/' "$helper/helper.go"
check "edited replace target" 0 "note: cache: stored (build)" build -o "$tmp/helper.o"
ran "edited file in the replace target" 1
expect "lastLen starts at the edited 9" [ "$(u32 "$tmp/helper.o" .data)" = 9 ]

# Of a replaced directory only what the program imports counts: a repository
# replaced whole may hold any number of other packages.
mkdir -p "$helper/unused" && printf 'package unused\n\nconst X = 1\n' >"$helper/unused/unused.go"
check "a package the program does not import, added to the replace target" 0 "note: cache: hit (build)" \
	build -o "$tmp/unused.o"
ran "an unimported package in the replace target" 0

# A package of the main module (mid) that imports one of the replace target
# (deep): the key finds mid by the module's path (go.mod's module line) and
# follows its imports, so deep's files count.
mkdir -p "$mod/mid" "$helper/deep"
printf 'package deep\n\nconst X = 1\n' >"$helper/deep/deep.go"
printf 'package mid\n\nimport "example.test/helper/deep"\n\nconst X = deep.X\n' >"$mod/mid/mid.go"
sed -i 's|^import (|import (\n\t_ "example.test/cachetest/mid"|' "$mod/globals/main.go"
check "the program imports mid" 0 "note: cache: stored (build)" build -o "$tmp/mid.o"
ran "the program imports mid" 1
sed -i 's/^const X = 1/const X = 2/' "$helper/deep/deep.go"
check "a package of the replace target imported through the main module's own" 0 "note: cache: stored (build)" \
	build -o "$tmp/mid.o"
ran "edited deep, imported by mid" 1

# The same replace as a block with a quoted absolute path, after a blank
# line and a comment line: still followed.
printf 'module example.test/cachetest\n\ngo 1.24\n\nrequire example.test/helper v0.0.0\n\nreplace (\n\n\t// the helper\n\texample.test/helper v0.0.0 => "%s" // local\n)\n' \
	"$helper" >"$mod/go.mod"
check "replace block" 0 "note: cache: stored (build)" build -o "$tmp/block.o"
sed -i 's/^const LastLen = 9/const LastLen = 11/' "$helper/helper.go"
check "edited replace target, named in a block" 0 "note: cache: stored (build)" build -o "$tmp/block.o"
ran "go.mod rewritten, then the replace target edited" 2
expect "lastLen starts at the edited 11" [ "$(u32 "$tmp/block.o" .data)" = 11 ]
# A go.mod line the key's reader cannot take apart (more words than any
# replace has) might hide a directory: TinyGo runs, and go says what is wrong.
cp "$mod/go.mod" "$tmp/go.mod.orig"
printf 'replace example.test/helper v0.0.0 => ../helper v0.0.0 and four more words\n' >>"$mod/go.mod"
# (TinyGo, failing so, leaves its temporary directory: in the build's, which
# is in the user's TMPDIR and which the build removes whole.)
mkdir "$tmp/own-tmp"
TMPDIR="$tmp/own-tmp" check "a go.mod line of ten words" 1 \
	"note: cache: TinyGo runs: $mod/go.mod: cannot read the line \"replace example.test/helper v0.0.0 => ../helper v0.0.0 and four more words\"" \
	build -o "$tmp/words.o"
expect "a go.mod line of ten words: no object" test ! -e "$tmp/words.o"
expect "a go.mod line of ten words: nothing left in TMPDIR, the build's directory and TinyGo's in it removed" \
	test -z "$(ls -A "$tmp/own-tmp")"
ran "a go.mod line of ten words" 1
cp "$tmp/go.mod.orig" "$mod/go.mod"

check "GOARCH=arm64" 0 "note: cache: stored (build)" env GOARCH=arm64 "$TINYBPF" build -v -o "$tmp/arm64.o" ./globals
ran "GOARCH=arm64" 1
GOARCH=arm64 "$TINYBPF" build --no-cache -o "$tmp/fresh.o" ./globals 2>/dev/null
ran "--no-cache" 1
same "the arm64 rebuild is a fresh arm64 build's bytes" "$tmp/arm64.o" "$tmp/fresh.o"
check "GOARCH=arm64 again" 0 "note: cache: hit (build)" env GOARCH=arm64 "$TINYBPF" build -v -o "$tmp/warm.o" ./globals
check "and back to the host's" 0 "note: cache: hit (build)" build -o "$tmp/warm.o"
ran "GOARCH=arm64 again, then unset" 0
same "the host's entry is the host's object" "$tmp/block.o" "$tmp/warm.o"

check "--license" 0 "note: cache: stored (build)" build --license "Dual MIT/GPL" -o "$tmp/license.o"
ran "--license" 1
expect "the license section is the new one" [ "$(section "$tmp/license.o" license | tr -d '\0')" = "Dual MIT/GPL" ]
check "--cpu v2" 0 "note: cache: stored (build)" build --cpu v2 -o "$tmp/v2.o"
ran "--cpu v2" 1
build --no-cache --cpu v2 -o "$tmp/fresh.o" 2>/dev/null
ran "--no-cache" 1
same "the v2 rebuild is a fresh v2 build's bytes" "$tmp/v2.o" "$tmp/fresh.o"

# A wrapper script names the TinyGo it runs by absolute path, as the one
# scripts/setup.sh installs does: what it names is in the key too.
printf '#!/bin/sh\nexec %s "$@"\n' "'$real_tinygo'" >"$tmp/inner-tinygo"
chmod +x "$tmp/inner-tinygo"
printf '#!/bin/sh\necho "$* (GOGC=$GOGC GOMEMLIMIT=$GOMEMLIMIT)" >>"$CALLS"\nexec %s "$@"\n' "$tmp/inner-tinygo" >"$tmp/tinygo"
check "a wrapper of a wrapper" 0 "note: cache: stored (build)" build -o "$tmp/warm.o"
check "a wrapper of a wrapper, again" 0 "note: cache: hit (build)" build -o "$tmp/warm.o"
ran "a wrapper of a wrapper, twice" 1
cp "$tmp/inner-tinygo" "$tmp/inner-tinygo.new" && mv "$tmp/inner-tinygo.new" "$tmp/inner-tinygo"
check "the TinyGo the wrapper names, replaced" 0 "note: cache: stored (build)" build -o "$tmp/warm.o"
ran "the TinyGo the wrapper names, replaced" 1
write_wrapper # the same script as a new file: another TinyGo, for all tinybpf knows
check "replaced TinyGo" 0 "note: cache: stored (build)" build -o "$tmp/warm.o"
ran "replaced TinyGo" 1

# Dumps and kept files come from a real build, even when the cache has the object.
check "--dump-ir builds" 0 "note: stage tinygo" build --dump-ir "$tmp/dump" -o "$tmp/dump.o"
ran "--dump-ir" 1
expect "--dump-ir wrote the input IR" grep -q "define.*@filter" "$tmp/dump/00-input.ll"
check "--keep-temp builds" 0 "note: intermediate files kept in" build --keep-temp -o "$tmp/keep.o"
ran "--keep-temp" 1
rm -rf "$(sed -n 's/.*intermediate files kept in //p' "$tmp/err")"

# Inputs the key cannot account for: TinyGo runs every time.
printf 'go 1.24\n\nuse .\n' >"$mod/go.work"
check "go.work" 0 "note: cache: TinyGo runs: $mod/go.work makes this a workspace build" build -o "$tmp/work.o"
check "go.work again" 0 "note: stage tinygo" build -o "$tmp/work.o"
ran "go.work, twice" 2
rm "$mod/go.work"
printf 'embedded\n' >"$helper/banner.txt"
printf 'package helper\n\nimport _ "embed"\n\n//go:embed banner.txt\nvar Banner []byte\n' >"$helper/banner.go"
check "//go:embed in an imported package" 0 "note: cache: TinyGo runs: $helper/banner.go embeds files (//go:embed)" \
	build -o "$tmp/embed.o"
check "//go:embed again" 0 "note: stage tinygo" build -o "$tmp/embed.o"
ran "//go:embed, twice" 2
rm "$helper/banner.go" "$helper/banner.txt"
# What the go tool reads beside the module that replaces its files or its
# module set (cmd/go: GOFLAGS's -modfile, GOWORK, GO111MODULE=off, the same
# set with `go env -w` in $GOENV): TinyGo runs, said with the reason.
cp "$mod/go.mod" "$tmp/alt.mod"
check "GOFLAGS=-modfile" 0 "note: cache: TinyGo runs: GOFLAGS has -overlay or -modfile, which replace files" \
	env GOFLAGS="-modfile=$tmp/alt.mod" "$TINYBPF" build -v -o "$tmp/flags.o" ./globals
ran "GOFLAGS=-modfile" 1
printf 'go 1.24\n\nuse %s\n' "$mod" >"$tmp/elsewhere.work"
check "GOWORK naming a workspace" 0 "note: cache: TinyGo runs: GOWORK names a workspace" \
	env GOWORK="$tmp/elsewhere.work" "$TINYBPF" build -v -o "$tmp/gowork.o" ./globals
ran "GOWORK" 1
printf 'GOFLAGS=-modfile=%s\n' "$tmp/alt.mod" >"$tmp/goenv"
check "GOENV setting -modfile" 0 "note: cache: TinyGo runs: $tmp/goenv sets -overlay, -modfile or GOWORK" \
	env GOENV="$tmp/goenv" "$TINYBPF" build -v -o "$tmp/goenv.o" ./globals
ran "GOENV" 1
# The file is read whole, however long: here the setting follows 4 KiB of
# lines cmd/go skips (no line starting with a capital letter is a setting),
# and go env, reading the same file, says it is there.
{
	for i in $(seq 100); do printf '# line %03d of a long go env file: cmd/go skips it\n' "$i"; done
	printf 'GOFLAGS=-modfile=%s\n' "$tmp/alt.mod"
} >"$tmp/goenv-long"
expect "the go env file is longer than 4 KiB" [ "$(stat -c %s "$tmp/goenv-long")" -gt 4096 ]
expect "go env reads -modfile at its end" [ "$(GOENV="$tmp/goenv-long" go env GOFLAGS)" = "-modfile=$tmp/alt.mod" ]
check "GOENV setting -modfile after 4 KiB" 0 "note: cache: TinyGo runs: $tmp/goenv-long sets -overlay, -modfile or GOWORK" \
	env GOENV="$tmp/goenv-long" "$TINYBPF" build -v -o "$tmp/goenv.o" ./globals
ran "GOENV after 4 KiB" 1
mkdir -p "$tmp/xdg/go"
cp "$tmp/goenv" "$tmp/xdg/go/env"
check "XDG_CONFIG_HOME/go/env setting -modfile" 0 \
	"note: cache: TinyGo runs: $tmp/xdg/go/env sets -overlay, -modfile or GOWORK" \
	env -u GOENV XDG_CONFIG_HOME="$tmp/xdg" "$TINYBPF" build -v -o "$tmp/xdg.o" ./globals
ran "XDG_CONFIG_HOME" 1
# GOWORK=off and GOENV=off (the go env file unread) are module builds the
# cache keeps: stored once (the variables are in the key), then a hit.
off_twice() { # name, environment...
	local name=$1
	shift
	check "$name: stored" 0 "note: cache: stored (build)" env "$@" "$TINYBPF" build -v -o "$tmp/off.o" ./globals
	check "$name: then a hit" 0 "note: cache: hit (build)" env "$@" "$TINYBPF" build -v -o "$tmp/off.o" ./globals
	ran "$name, twice" 1
}
off_twice GOWORK=off GOWORK=off
cp "$tmp/goenv" off # a file named off, in case "off" were read as a path
off_twice "GOENV=off beside the -modfile files" GOENV=off XDG_CONFIG_HOME="$tmp/xdg"
rm off
# A go env file's settings reach go list (here -tags, which choose the
# files a package compiles): the file is in the key, so a changed one is a
# miss, even with nothing else changed.
printf 'GOFLAGS=-tags=one\n' >"$tmp/goenv-tags"
check "GOENV with -tags=one: stored" 0 "note: cache: stored (build)" \
	env GOENV="$tmp/goenv-tags" "$TINYBPF" build -v -o "$tmp/tags.o" ./globals
printf 'GOFLAGS=-tags=two\n' >"$tmp/goenv-tags"
check "the same GOENV file, now -tags=two: stored, not a hit" 0 "note: cache: stored (build)" \
	env GOENV="$tmp/goenv-tags" "$TINYBPF" build -v -o "$tmp/tags.o" ./globals
ran "a go env file changed between two builds" 2
# GOPATH mode cannot find the module's replace target: TinyGo's error, and
# the reason the cache was not asked.
check "GO111MODULE=off" 1 "note: cache: TinyGo runs: GO111MODULE=off (GOPATH mode)" \
	env GO111MODULE=off "$TINYBPF" build -v -o "$tmp/gopath.o" ./globals
expect "GO111MODULE=off: no object" test ! -e "$tmp/gopath.o"
ran "GO111MODULE=off" 1

# Builds at once, cold, sharing the cache: each is a fresh build's bytes.
sed -i 's/^var maxLen uint32 = 200/var maxLen uint32 = 300/' "$mod/globals/main.go"
pids=()
for i in 1 2 3; do
	"$TINYBPF" build -o "$tmp/par$i.o" ./globals 2>"$tmp/par$i.err" &
	pids+=($!)
done
for pid in "${pids[@]}"; do expect "concurrent build" wait "$pid"; done
ran "three concurrent cold builds" 3
build --no-cache -o "$tmp/fresh.o" 2>/dev/null
ran "--no-cache" 1
for i in 1 2 3; do same "concurrent build $i is a fresh build's bytes" "$tmp/par$i.o" "$tmp/fresh.o"; done
expect "maxLen is 300" [ "$(u32 "$tmp/fresh.o" .rodata)" = 300 ]
check "after them, a hit" 0 "note: cache: hit (build)" build -o "$tmp/warm.o"
ran "after concurrent builds" 0
same "the hit is a fresh build's bytes" "$tmp/warm.o" "$tmp/fresh.o"
expect "no temporary files left in the cache" [ -z "$(ls "$TINYBPF_CACHE" | grep -v '^[0-9a-f]\{64\}\.o$')" ]

# TinyGo runs without Go's collector up to 1 GiB (src/lib/build/tinygo.c),
# unless the user set GOGC or GOMEMLIMIT: theirs reach TinyGo.
expect "TinyGo ran with GOGC=off GOMEMLIMIT=1GiB" sh -c "tail -1 '$CALLS' | grep -q '(GOGC=off GOMEMLIMIT=1GiB)\$'"
GOGC=50 GOMEMLIMIT=2GiB build --no-cache -o "$tmp/gogc.o" 2>/dev/null
expect "the user's GOGC and GOMEMLIMIT reach TinyGo" sh -c "tail -1 '$CALLS' | grep -q '(GOGC=50 GOMEMLIMIT=2GiB)\$'"

# TinyGo's errors keep their file, line and column now that it parses and
# type-checks packages side by side (scripts/tinygo-patches/0007): a syntax
# error in the imported package, where gofmt places it, then a type error in
# the program, which is checked after the package it imports.
cp "$helper/helper.go" "$tmp/helper.go.orig"
printf 'package helper\n\nconst LastLen = 7\n\nfunc broken( {\n}\n' >"$helper/helper.go"
where=$(gofmt -l -e "$helper/helper.go" 2>&1 | sed -n '1s/^.*helper\.go:\([0-9]*:[0-9]*\): .*/\1/p')
expect "gofmt places the syntax error at 5:14" [ "$where" = 5:14 ]
check "a syntax error in an imported package" 1 "helper.go:$where: expected ')', found '{'" \
	build --no-cache -o "$tmp/syntax.o"
expect "no object after a syntax error" [ ! -e "$tmp/syntax.o" ]
cp "$tmp/helper.go.orig" "$helper/helper.go"
cp "$mod/globals/main.go" "$tmp/main.go.orig"
printf 'var _ int = "x"\n' >>"$mod/globals/main.go"
line=$(wc -l <"$mod/globals/main.go")
check "a type error in the program" 1 "main.go:$line:13: cannot use \"x\" (untyped string constant) as int value" \
	build --no-cache -o "$tmp/type.o"
expect "no object after a type error" [ ! -e "$tmp/type.o" ]
cp "$tmp/main.go.orig" "$mod/globals/main.go"

summary "build cache"
