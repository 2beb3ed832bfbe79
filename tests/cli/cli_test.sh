#!/usr/bin/env bash
# The CLI as a user meets it: exit codes, messages on stderr, options after
# positional arguments, input kinds, the cache, -j. (Refused Go and the
# promise of no partial output: bad_input_test.sh.) Needs $TINYBPF and
# $TESTDATA (TinyGo IR of tests/testdata, built by make test).
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
export TINYBPF_CACHE="$tmp/cache" # never the user's cache
# A $TMPDIR of its own: the check that nothing is left in $TMPDIR must see
# only what this script's tinybpf runs wrote, not what a suite running beside
# it (make mutate runs two at once) has in /tmp at that moment.
export TMPDIR="$tmp/tmpdir"
mkdir "$TMPDIR"

check "version" 0 "tinybpf 0.1.0 (LLVM 22" "$TINYBPF" version
check "unknown command" 2 "unknown command 'lnk'" "$TINYBPF" lnk
check "usage error" 2 "usage: tinybpf link" "$TINYBPF" link --frobnicate
check "missing input" 1 "cannot read input" "$TINYBPF" link -i "$tmp/nope.ll" -o "$tmp/a.o"
check "not IR" 1 "not valid LLVM IR" "$TINYBPF" link -i /etc/hostname -o "$tmp/a.o"
check "unknown helper, as the README shows it" 1 \
	"unknown_helper/main.go:10:34: error: bpfGetCurrentPidTgd is not a BPF helper; did you mean bpf_get_current_pid_tgid (helper 14)?" \
	"$TINYBPF" link -i "$TESTDATA/unknown_helper.ll" -o "$tmp/u.o"
check "options after positionals" 0 "" \
	"$TINYBPF" link "$TESTDATA/config_section.ll" -o "$tmp/ok.o" --section on_exec=tp/sched/sched_process_exec
[ -s "$tmp/ok.o" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: no output" >&2; }
check "conflicting --section" 1 "--section gives on_exec two sections" \
	"$TINYBPF" link "$TESTDATA/config_section.ll" -o "$tmp/c.o" --section on_exec=xdp --section on_exec=tc
check "--section of a missing function" 1 "names nosuch, which is not an //export function" \
	"$TINYBPF" link "$TESTDATA/config_section.ll" -o "$tmp/c.o" --section nosuch=xdp --section on_exec=xdp
check "bad cpu" 2 "--cpu takes v1, v2, v3 or v4, got 'v9'" "$TINYBPF" link "$TESTDATA/two_maps.ll" -o "$tmp/c.o" --cpu v9
start_ns=$(date +%s%N)
check "verbose stages" 0 "note: stage optimise" "$TINYBPF" link -v "$TESTDATA/two_maps.ll" -o "$tmp/v.o"
wall_ms=$((($(date +%s%N) - start_ns) / 1000000))
# each stage's time: a number of ms from 0 to the whole run's wall time, and together no more
expect "verbose stage times are within the run's $wall_ms ms" awk -v wall="$wall_ms" '
	/^note: stage [a-z-]+: [0-9]+\.[0-9] ms$/ { t = $(NF - 1); n++; sum += t; if (t < 0 || t > wall) bad = 1 }
	END { exit !(n >= 10 && !bad && sum <= wall) }' "$tmp/err"
# docs/cli.md: -v shows each stage: the load, the passes, LLVM's two, the total
for stage in "stage load" "stage heap-to-stack" "stage optimise" "stage codegen" "link total"; do
	expect "verbose: $stage" grep -qE "^note: $stage: [0-9]+\.[0-9] ms$" "$tmp/err"
done
# -v counts CO-RE's relocated accesses: at least one for each CO-RE
# relocation record in .BTF.ext (read from the format libbpf reads: a header,
# then for each section its record count), since records are what the
# accesses become once LLVM has merged some.
check "verbose: CO-RE accesses" 0 "note: CO-RE: " \
	"$TINYBPF" link -v --no-cache "$TESTDATA/core_task.ll" -o "$tmp/core.o"
accesses=$(sed -n 's/^note: CO-RE: \([0-9]*\) relocated accesses$/\1/p' "$tmp/err")
llvm-objcopy-22 --dump-section .BTF.ext="$tmp/btf.ext" "$tmp/core.o" "$tmp/core.copy.o"
records=$(python3 - "$tmp/btf.ext" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
magic, version, flags, hdr_len = struct.unpack_from("<HBBI", d, 0)
assert magic == 0xEB9F and hdr_len >= 32, "not .BTF.ext"
core_off, core_len = struct.unpack_from("<II", d, 24)
at, end = hdr_len + core_off, hdr_len + core_off + core_len
size = struct.unpack_from("<I", d, at)[0]
at, n = at + 4, 0
while at < end:
    _, count = struct.unpack_from("<II", d, at)
    n, at = n + count, at + 8 + count * size
print(n)
EOF
)
expect "verbose: $accesses CO-RE accesses for $records relocation records" \
	test -n "$accesses" -a -n "$records" -a "${records:-0}" -gt 0 -a "${accesses:-0}" -ge "${records:-1}"
# core_names only asks whether fields exist (bpfCoreFieldExists): -v counts
# no CO-RE read, yet the nil checks of the pointers it asks through go.
check "verbose: CO-RE queries and no read" 0 "" \
	"$TINYBPF" link -v --no-cache "$TESTDATA/core_names.ll" -o "$tmp/names.o"
expect "verbose: 0 CO-RE reads, nil checks removed" grep -qE \
	'^note: core-read: 0 CO-RE reads, 0 pointers read on the way, [1-9][0-9]* nil checks removed$' "$tmp/err"
# two_maps imports no SDK package: no SDK function to inline, so -v has no
# "sdk-inline: N SDK functions inlined" note (only its stage time).
expect "verbose: no sdk-inline count for a program without the SDK" sh -c '! grep -q "SDK functions inlined" "$1"' sh "$tmp/err"
# -v says the kfuncs' prototypes were checked, and against which BTF (this machine has it).
check "verbose: kfunc prototypes checked against the kernel's BTF" 0 \
	"note: kfunc prototypes checked against this machine's kernel BTF, /sys/kernel/btf/vmlinux" \
	"$TINYBPF" link -v --no-cache "$TESTDATA/kfunc_task.ll" -o "$tmp/kf.o"
expect "verbose: no 'not checked' note where the BTF is there" sh -c '! grep -q "kfunc prototypes not checked" "$1"' sh "$tmp/err"
check "dump-ir" 0 "" "$TINYBPF" link "$TESTDATA/two_maps.ll" -o "$tmp/d.o" --dump-ir "$tmp/dump"
[ -s "$tmp/dump/00-input.ll" ] && grep -q 'section ".maps"' "$tmp"/dump/*-maps.ll &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --dump-ir files" >&2; }
# A dump directory that cannot be made (nothing can be created in /proc):
# each dump is a warning naming its file, and the object is still written.
check "--dump-ir where no directory can be made: a warning" 0 \
	"/proc/tinybpf-dumps/00-input.ll: warning: cannot write IR dump: No such file or directory" \
	"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/d2.o" --dump-ir /proc/tinybpf-dumps
expect "--dump-ir, unwritable: one warning per dump, no other message, the object" awk '
	/^\/proc\/tinybpf-dumps\/[0-9][0-9]-[a-z0-9-]+\.ll: warning: cannot write IR dump: / { n++; next }
	{ other++ } END { exit !(n >= 10 && !other) }' "$tmp/err"
expect "--dump-ir, unwritable: the object is written" cmp "$tmp/d2.o" "$tmp/d.o"
# -o into directories that do not exist yet: made, as go build -o makes them.
check "-o makes missing directories, several deep" 0 "" \
	"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/new/deeper/deepest/m.o"
expect "-o into new directories: the same object" cmp "$tmp/new/deeper/deepest/m.o" "$tmp/d.o"
# An output that is no regular file is written in place, never replaced by a
# renamed temporary file: /dev/stdout (a symlink to /proc/self/fd/1; as root
# the rename once made it a regular file), a symlink of the user's, a FIFO.
# A cache hit writes the same way.
"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/ref.o"
"$TINYBPF" link "$TESTDATA/two_maps.ll" -o /dev/stdout >"$tmp/stdout.o" 2>"$tmp/err"
"$TINYBPF" link "$TESTDATA/two_maps.ll" -o /dev/stdout >"$tmp/stdout-hit.o" 2>>"$tmp/err"
if [ -L /dev/stdout ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL -o /dev/stdout replaced /dev/stdout (restored)" >&2
	rm -f /dev/stdout && ln -s /proc/self/fd/1 /dev/stdout
fi
expect "-o /dev/stdout: the object on stdout, built and from the cache" sh -c \
	'cmp "$1" "$3" && cmp "$2" "$3" && [ ! -s "$4" ]' sh "$tmp/stdout.o" "$tmp/stdout-hit.o" "$tmp/ref.o" "$tmp/err"
# Without $TMPDIR (unset, or empty) the object is made in /tmp, and nothing
# of it is left there.
env -u TMPDIR "$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o /dev/stdout >"$tmp/notmpdir.o" 2>"$tmp/err"
TMPDIR= "$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o /dev/stdout >"$tmp/emptytmpdir.o" 2>>"$tmp/err"
expect "-o /dev/stdout without \$TMPDIR, or with it empty: the object, and nothing left in /tmp" sh -c \
	'cmp "$1" "$3" && cmp "$2" "$3" && [ ! -s "$4" ] && ! ls /tmp | grep -q "^tinybpf-output\.o"' \
	sh "$tmp/notmpdir.o" "$tmp/emptytmpdir.o" "$tmp/ref.o" "$tmp/err"
echo old >"$tmp/target.o" && ln -s target.o "$tmp/link.o"
check "-o through a symlink" 0 "" "$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/link.o"
expect "-o through a symlink: the link stays, its target holds the object" sh -c \
	'[ -L "$1" ] && cmp "$2" "$3"' sh "$tmp/link.o" "$tmp/target.o" "$tmp/ref.o"
mkfifo "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/from-fifo.o" &
reader=$!
check "-o into a FIFO" 0 "" "$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/fifo"
wait "$reader"
expect "-o into a FIFO: the reader got the object, the FIFO stays" sh -c \
	'[ -p "$1" ] && cmp "$2" "$3"' sh "$tmp/fifo" "$tmp/from-fifo.o" "$tmp/ref.o"
expect "no temporary file left beside them or in \$TMPDIR" sh -c \
	'! ls "$1" "$TMPDIR" | grep -q "\.tmp\.[0-9]"' sh "$tmp"

# Nothing can be made in /proc: the output's directory, then the output itself.
check "-o whose directory cannot be made" 1 \
	"/proc/tinybpf-nowhere/x.o: error: cannot create its directory: No such file or directory" \
	"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o /proc/tinybpf-nowhere/x.o
check "-o that cannot be written" 1 "/proc/self/x.o: error: cannot write: No such file or directory" \
	"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o /proc/self/x.o

# Reproducible: the same input gives the same bytes, with no build-machine paths.
"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/r1.o" && "$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/r2.o"
cmp -s "$tmp/r1.o" "$tmp/r2.o" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: output differs between runs" >&2; }
if strings -a "$tmp/r1.o" | grep -qE "$PWD|$HOME|/usr/local/go|/tmp/"; then
	fail=$((fail + 1)); echo "FAIL: absolute build paths in the object:" >&2; strings -a "$tmp/r1.o" | grep -E "^/" >&2
else pass=$((pass + 1)); fi

# Input kinds: bitcode, ELF objects with embedded bitcode, archives, several inputs.
llvm-as-22 "$TESTDATA/two_maps.ll" -o "$tmp/two_maps.bc"
clang-22 -c -fembed-bitcode -Wno-override-module "$TESTDATA/globals.ll" -o "$tmp/globals.o"
llvm-ar-22 rc "$tmp/both.a" "$tmp/two_maps.bc" "$tmp/globals.o"
# Each input kind gives the object its textual IR gives, byte for byte.
"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/two_maps-ll.o"
"$TINYBPF" link --no-cache "$TESTDATA/globals.ll" -o "$tmp/globals-ll.o"
check "bitcode input" 0 "" "$TINYBPF" link "$tmp/two_maps.bc" -o "$tmp/bc.o"
expect "bitcode input: the .ll's object" cmp "$tmp/bc.o" "$tmp/two_maps-ll.o"
check "ELF .llvmbc input" 0 "" "$TINYBPF" link "$tmp/globals.o" -o "$tmp/elf.o"
expect "ELF .llvmbc input: the .ll's object" cmp "$tmp/elf.o" "$tmp/globals-ll.o"
check "archive input" 0 "" "$TINYBPF" link "$tmp/both.a" -o "$tmp/ar.o"
bpftool btf dump file "$tmp/ar.o" >"$tmp/ar.btf"
for sym in count_packets filter counts last maxLen seenPackets lastLen; do
	grep -q "'$sym'" "$tmp/ar.btf" && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: $sym missing from the archive's object" >&2; }
done
check "two inputs" 0 "" "$TINYBPF" link "$tmp/two_maps.bc" "$TESTDATA/globals.ll" -o "$tmp/two.o"
# both programs, in the section each asked for, and both inputs' variables
llvm-readelf-22 -s -S "$tmp/two.o" >"$tmp/two.elf"
for sym in "FUNC    GLOBAL DEFAULT     3 count_packets" "FUNC    GLOBAL DEFAULT     3 filter" \
	"OBJECT  GLOBAL DEFAULT     8 counts" "OBJECT  GLOBAL DEFAULT     5 maxLen" "[ 3] xdp "; do
	expect "two inputs: $sym" grep -qF -- "$sym" "$tmp/two.elf"
done
check "the same program twice" 1 "two inputs define the same //export function or variable" \
	"$TINYBPF" link "$tmp/two_maps.bc" "$TESTDATA/two_maps.ll" -o "$tmp/dup.o"
# A module clang made beside TinyGo's: its definitions have no user Go name
# (main.x, example.com/p.x), so they are made internal as the runtime's are,
# and no program reaching them, none is in the object: its variables are
# two_maps' alone.
printf 'int c_counter = 5;\nchar _license[] __attribute__((section("license"), used)) = "GPL";\n' >"$tmp/cmod.c"
clang-22 -g -O2 -target bpf -emit-llvm -S "$tmp/cmod.c" -o "$tmp/cmod.ll"
check "a clang module beside Go's" 0 "" "$TINYBPF" link "$TESTDATA/two_maps.ll" "$tmp/cmod.ll" -o "$tmp/cmod.o"
expect "a clang module beside Go's: the object's variables are two_maps' alone" sh -c '
	[ "$(llvm-readelf-22 -s "$1" | awk "\$4 == \"OBJECT\" { print \$5, \$8 }")" = \
	  "$(llvm-readelf-22 -s "$2" | awk "\$4 == \"OBJECT\" { print \$5, \$8 }")" ]' sh "$tmp/cmod.o" "$tmp/two_maps-ll.o"
check "ELF without bitcode" 1 "an ELF object without LLVM bitcode" "$TINYBPF" link "$tmp/bc.o" -o "$tmp/x.o"

# The cache: builds running at once share it safely; a hit is the fresh build's bytes.
pids=()
for i in 1 2 3 4; do
	TINYBPF_CACHE="$tmp/shared" "$TINYBPF" link "$TESTDATA/map_in_map.ll" -o "$tmp/par$i.o" 2>"$tmp/par$i.err" &
	pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: concurrent build" >&2; }; done
"$TINYBPF" link --no-cache "$TESTDATA/map_in_map.ll" -o "$tmp/par-fresh.o"
for i in 1 2 3 4; do
	cmp -s "$tmp/par$i.o" "$tmp/par-fresh.o" && pass=$((pass + 1)) ||
		{ fail=$((fail + 1)); echo "FAIL: concurrent build $i differs from a fresh build" >&2; }
done
[ "$(ls -A "$tmp/shared")" = "$(cd "$tmp/shared" && ls -- *.o)" ] && [ "$(ls "$tmp/shared" | wc -l)" = 1 ] &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: cache holds $(ls -A "$tmp/shared")" >&2; }
check "warm build is a cache hit" 0 "note: cache: hit $tmp/shared/" \
	env TINYBPF_CACHE="$tmp/shared" "$TINYBPF" link -v "$TESTDATA/map_in_map.ll" -o "$tmp/warm.o"
cmp -s "$tmp/warm.o" "$tmp/par-fresh.o" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: warm hit differs" >&2; }
check "--no-cache builds" 0 "note: stage optimise" \
	env TINYBPF_CACHE="$tmp/shared" "$TINYBPF" link -v --no-cache "$TESTDATA/map_in_map.ll" -o "$tmp/warm.o"
# In $TMPDIR when it is an absolute path, as tinybpf build's directory; else /tmp.
mkdir "$tmp/own-tmp"
check "--keep-temp names its directory, in \$TMPDIR" 0 "note: intermediate files kept in $tmp/own-tmp/tinybpf-keep-" \
	env TMPDIR="$tmp/own-tmp" "$TINYBPF" link --keep-temp "$TESTDATA/two_maps.ll" -o "$tmp/k.o"
kept=$(sed -n 's/.*intermediate files kept in //p' "$tmp/err")
[ -s "$kept/linked.ll" ] && [ -s "$kept/optimised.ll" ] && cmp -s "$kept/object.o" "$tmp/k.o" &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: --keep-temp files in '$kept'" >&2; }
[ -n "$kept" ] && rm -rf "$kept"
check "--keep-temp with a relative \$TMPDIR: in /tmp" 0 "note: intermediate files kept in /tmp/tinybpf-keep-" \
	env TMPDIR=own-tmp "$TINYBPF" link --keep-temp "$TESTDATA/two_maps.ll" -o "$tmp/k.o"
kept=$(sed -n 's/.*intermediate files kept in //p' "$tmp/err")
[ -n "$kept" ] && rm -rf "$kept"
# mkdtemp(3) fails with EROFS on a read-only /tmp (a private mount namespace
# binds it read-only): one error, exit 1, and nothing built after it.
if unshare -m true 2>/dev/null; then
	check "--keep-temp on a read-only /tmp" 1 \
		"error: cannot create a directory for --keep-temp: Read-only file system" \
		unshare -m sh -c 'mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp && exec "$@"' sh \
		env -u TMPDIR "$TINYBPF" link --keep-temp "$TESTDATA/two_maps.ll" -o "$tmp/kro.o"
	expect "--keep-temp on a read-only /tmp: one error, no object" \
		sh -c '[ "$(grep -c "error:" "$1")" = 1 ] && [ ! -e "$2" ]' sh "$tmp/err" "$tmp/kro.o"
	# tinybpf build's directory for TinyGo's output cannot be made either:
	# one error, exit 1, TinyGo never run (it is not there).
	check "build on a read-only /tmp" 1 \
		"error: cannot create a temporary directory: Read-only file system" \
		unshare -m sh -c 'mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp && exec "$@"' sh \
		env TINYGO=/nonexistent/tinygo "$TINYBPF" build --no-cache -o "$tmp/bro.o" "$tmp"
	expect "build on a read-only /tmp: one error, no object" \
		sh -c '[ "$(grep -c "error:" "$1")" = 1 ] && [ ! -e "$2" ]' sh "$tmp/err" "$tmp/bro.o"
else
	skip "--keep-temp on a read-only /tmp" "unshare -m needs CAP_SYS_ADMIN"
	skip "build on a read-only /tmp" "unshare -m needs CAP_SYS_ADMIN"
fi

# The key covers each option's value, not only whether it is given: a second
# value is a miss, and its object is what a build without the cache gives,
# which differs from the first value's.
key_value() { # option, testdata case, first value, second value
	local opt=$1 case=$2
	TINYBPF_CACHE="$tmp/keys" "$TINYBPF" link "$opt" "$3" "$TESTDATA/$case.ll" -o "$tmp/key1.o" 2>/dev/null
	check "$opt $3 then $4: a cache miss" 0 "note: stage optimise" \
		env TINYBPF_CACHE="$tmp/keys" "$TINYBPF" link -v "$opt" "$4" "$TESTDATA/$case.ll" -o "$tmp/key2.o"
	"$TINYBPF" link --no-cache "$opt" "$4" "$TESTDATA/$case.ll" -o "$tmp/key-fresh.o"
	expect "$opt $4: a fresh build's bytes" cmp "$tmp/key2.o" "$tmp/key-fresh.o"
	expect "$opt $3 and $4 give different objects" not cmp -s "$tmp/key1.o" "$tmp/key2.o"
}
not() { ! "$@"; }
key_value --panic-return index_panic 7 9
expect "--panic-return 9 returns 9" grep -qx "w0 = 0x9" <(llvm-objdump-22 -d "$tmp/key2.o" | sed 's/.*\t//')
key_value --cpu two_maps v2 v3
key_value --license two_maps GPL "Dual BSD/GPL"
key_value --section config_section on_exec=tp/sched/sched_process_exec on_exec=tracepoint/sched/sched_process_exec
key_value --program map_in_map route drop

# --panic-return has no program to return from in a function the program
# calls: refused at its Go line, never a helper that silently returns N.
check "--panic-return in a called function" 1 \
	"panic_in_subprog/main.go:14:14: error: main.pick can panic here (index out of range) inside a function that is not an entry point, where --panic-return cannot return; add a check" \
	"$TINYBPF" link --panic-return 7 "$TESTDATA/panic_in_subprog.ll" -o "$tmp/subprog.o"
expect "--panic-return in a called function: no object" test ! -e "$tmp/subprog.o"

# A license declared in Go (//go:section license) is the object's license.
check "a license declared in Go" 0 "" "$TINYBPF" link "$TESTDATA/go_license.ll" -o "$tmp/license.o"
llvm-objcopy-22 -O binary --only-section=license "$tmp/license.o" "$tmp/license.bin"
expect "its license section is the Go variable's bytes" cmp "$tmp/license.bin" <(printf 'Dual MIT/GPL\0')
check "and the kernel takes the object" 0 "pass (xdp): accepted" "$TINYBPF" verify "$tmp/license.o"

# tinybpf.json strings are RFC 8259's: a 4-byte UTF-8 character as it is, and
# escapes after other characters, the surrogate pair being RFC 8259 section
# 7's own example (U+1D11E, the G clef: "\ud834\udd1e", UTF-8 f0 9d 84 9e).
# \u0100 (c4 80) has no bit in common with the lead and continuation marks'
# own low bits, so each mark is checked whole (\u00e9's c3 a9 would hide a
# 0x80 that became 0x81).
printf '{"build": {"output": "%s/caf\\u00e9\\u0100-\xf0\x9d\x84\x9e-\\ud834\\udd1e.o"}}' "$tmp" >"$tmp/utf8.json"
check "tinybpf.json: UTF-8 and \\u escapes in build.output" 0 "" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/utf8.json"
expect "the object is at that name, in UTF-8" test -s "$tmp/$(printf 'caf\xc3\xa9\xc4\x80-\xf0\x9d\x84\x9e-\xf0\x9d\x84\x9e.o')"
# Hexadecimal digits in either case (\u20ac and \u20AC: the euro sign, e2 82 ac
# in UTF-8, a 3-byte sequence), and U+10FFFF, the last code point (f4 8f bf bf).
printf '{"build": {"output": "%s/\\u20ac\\u20AC-\xf4\x8f\xbf\xbf.o"}}' "$tmp" >"$tmp/utf8.json"
check "tinybpf.json: \\u20ac, \\u20AC and U+10FFFF in build.output" 0 "" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/utf8.json"
expect "the object is at that name, in UTF-8 too" test -s "$tmp/$(printf '\xe2\x82\xac\xe2\x82\xac-\xf4\x8f\xbf\xbf.o')"
# 33 levels of arrays: the parser's limit is 32 nested in the root (0 to 32):
# the document is read, and the schema refuses it.
printf '%.0s[' {1..33} >"$tmp/deep.json"
printf '%.0s]' {1..33} >>"$tmp/deep.json"
check "tinybpf.json: 32 levels nested in the root are read" 1 \
	"deep.json:1:1: error: the settings must be an object, { \"build\": { ... } }, not an array" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/deep.json" -o "$tmp/deep.o"
# 500000 levels (a megabyte, within the size limit): refused at the 33rd,
# where the parser stops, not a stack overflow.
head -c 500000 /dev/zero | tr '\0' '[' >"$tmp/deeper.json"
head -c 500000 /dev/zero | tr '\0' ']' >>"$tmp/deeper.json"
check "tinybpf.json: 500000 levels are refused at the 33rd" 1 \
	"deeper.json:1:34: error: nested deeper than 32 levels" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/deeper.json" -o "$tmp/deep.o"

# Numbers as RFC 8259 writes them (minus, int without a leading zero, frac,
# exp): Python's json module, the independent judge here, and tinybpf agree on
# each; a number is read (then refused as build.cpu's kind), a malformed one is
# an error at its place.
for n in 0 -0 12 -12 1.5 0.25 1e9 1E+2 2e-3 -0.0e0 - 01 1. .5 1e 1e+ -a 1.e3 +1 0x10 1e5x; do
	printf '{"build": {"cpu": %s}}' "$n" >"$tmp/num.json"
	if python3 -c 'import json, sys; json.loads(sys.argv[1])' "{\"cpu\": $n}" 2>/dev/null; then
		want="num.json:1:19: error: build.cpu must be a string, not a number"
	else
		# at the number's start, or at the first character after a number
		want="num.json:1:(19|20|22): error: (not a JSON number|'.' where a value should be|'.' where ',' or '\\}' should be)"
	fi
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/num.json" -o "$tmp/num.o" 2>"$tmp/err"
	status=$?
	expect "tinybpf.json number $n: exit 1, $(head -c 60 <<<"$want")" sh -c \
		'[ "$1" = 1 ] && [ "$(wc -l <"$2")" = 1 ] && grep -qE -- "$3\$" "$2" && [ ! -e "$4" ]' \
		sh "$status" "$tmp/err" "$want" "$tmp/num.o"
done

# Raw UTF-8 in a string (RFC 3629): a 2-byte (U+00E9, c3 a9) and a 3-byte
# (U+20AC, e2 82 ac) sequence in build.output are the file's name, byte for byte.
printf '{"build": {"output": "%s/raw-caf\xc3\xa9-\xe2\x82\xac.o"}}' "$tmp" >"$tmp/raw.json"
check "tinybpf.json: raw 2- and 3-byte UTF-8 in build.output" 0 "" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/raw.json"
expect "the object is at that name, the same bytes" test -s "$tmp/$(printf 'raw-caf\xc3\xa9-\xe2\x82\xac.o')"
# Each side of RFC 3629's boundaries (section 4: leads C2-DF, E0 A0-BF, E1-EC,
# ED 80-9F, EE-EF, F0 90-BF, F1-F3, F4 80-8F; tails 80-BF), raw in a string:
# taken as the file's name, byte for byte, or refused, as Python's strict
# UTF-8 decoder judges it.
for seq in 7f c280 c1bf dfbf e0a080 e09fbf e18080 ecbfbf ed8080 ed9fbf eda080 edbfbf ee8080 efbfbf \
	f0908080 f08fbfbf f1808080 f3bfbfbf f4808080 f48fbfbf f4908080 f5808080 c27f c2c0 e180c0 80 ff; do
	raw=$(printf '%s' "$seq" | sed 's/../\\x&/g')
	printf '{"build": {"output": "%s/u8-'"$raw"'.o"}}' "$tmp" >"$tmp/u8.json"
	if python3 -c 'import sys; bytes.fromhex(sys.argv[1]).decode("utf-8")' "$seq" 2>/dev/null; then
		check "tinybpf.json: raw $seq, valid UTF-8" 0 "" "$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/u8.json"
		expect "raw $seq: the object at that name" test -s "$tmp/$(printf "u8-$raw.o")"
	else
		check "tinybpf.json: raw $seq, not UTF-8" 1 "error: invalid UTF-8 in a string" \
			"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/u8.json"
	fi
done
# The same boundaries as \u escapes (U+007F, U+0080, U+07FF, U+0800, U+FFFF,
# and the pairs for U+10000 and U+10FFFF): the name is Python's json.loads of
# the same string, in UTF-8.
for esc in '\u007f' '\u0080' '\u07ff' '\u0800' '\uffff' '\ud800\udc00' '\udbff\udfff'; do
	printf '{"build": {"output": "%s/esc-%s.o"}}' "$tmp" "$esc" >"$tmp/esc.json"
	name=$(python3 -c 'import json, sys; sys.stdout.buffer.write(json.load(open(sys.argv[1]))["build"]["output"].encode())' \
		"$tmp/esc.json")
	check "tinybpf.json: $esc" 0 "" "$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/esc.json"
	expect "$esc: the object at Python's name for it" test -s "$name"
done

# Malformed documents, each refused by Python's json module too (the
# independent judge): one error at the place (columns counted by hand, the
# same as Python's where it points at the same character), exit 1, no object.
bad_json() { # name, document (printf format), expected message
	printf "$2" >"$tmp/bad.json"
	expect "$1: Python's json refuses it too" sh -c \
		'! python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$1" 2>/dev/null' sh "$tmp/bad.json"
	check "tinybpf.json: $1" 1 "bad.json:$3" \
		"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/bad.json" -o "$tmp/bad.o"
	expect "$1: one message" test "$(wc -l <"$tmp/err")" = 1
	expect "$1: no object" test ! -e "$tmp/bad.o"
}
bad_json "a member without ':'" '{"build": {"output" "x.o"}}' \
	"1:21: error: '\"' where ':' should be"
bad_json "array items without ','" '{"build": [1 2]}' "1:14: error: '2' where ',' or ']' should be"
bad_json "\\\\u with three digits" '{"build": {"output": "\\u12"}}' \
	'1:23: error: \u needs four hexadecimal digits'
bad_json "unknown escape \\\\x" '{"build": {"output": "\\x"}}' \
	"1:23: error: unknown escape \\'x' in a string"
bad_json "a control byte escaped" '{"build": {"output": "\\\001"}}' \
	'1:23: error: unknown escape \byte 0x01 in a string'
# RFC 8259 section 8.2 leaves lone surrogates' meaning open; tinybpf refuses
# them (Python's json reads them, so it is no judge here).
printf '{"build": {"output": "\\udc00.o"}}' >"$tmp/bad.json"
check "tinybpf.json: a lone low surrogate" 1 "bad.json:1:23: error: a \\u escape of a lone surrogate" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/bad.json" -o "$tmp/bad.o"
expect "a lone low surrogate: no object" test ! -e "$tmp/bad.o"
# Well-formed JSON the schema refuses, each at its place.
bad_schema() { # name, document, expected message
	printf '%s' "$2" >"$tmp/bad.json"
	check "tinybpf.json: $1" 1 "bad.json:$3" \
		"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/bad.json" -o "$tmp/bad.o"
	expect "$1: no object" test ! -e "$tmp/bad.o"
}
bad_schema "null output" '{"build": {"output": null}}' "1:22: error: build.output must be a string, not null"
bad_schema "an unknown key in the root" '{"bild": {}}' '1:2: error: unknown key "bild" (known: build)'
bad_schema "an unknown key in build" '{"build": {"licence": "GPL"}}' \
	'1:12: error: unknown key "build.licence" (known: output, cpu, license, programs)'
bad_schema "programs as an array" '{"build": {"programs": []}}' \
	"1:24: error: build.programs must map export names to sections, not be an array"
bad_schema "programs with an empty export name" '{"build": {"programs": {"": "xdp"}}}' \
	"1:25: error: build.programs: an empty export name"
# build.cpu and build.license from the file give the bytes the options give.
printf '{"build": {"cpu": "v2", "license": "Dual BSD/GPL"}}' >"$tmp/cpu.json"
check "tinybpf.json: build.cpu and build.license" 0 "" \
	"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" --config "$tmp/cpu.json" -o "$tmp/cfg.o"
"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" --cpu v2 --license "Dual BSD/GPL" -o "$tmp/opt.o"
expect "build.cpu v2 and build.license: the object --cpu v2 --license gives" cmp "$tmp/cfg.o" "$tmp/opt.o"
llvm-objcopy-22 -O binary --only-section=license "$tmp/cfg.o" "$tmp/cfg.lic"
expect "build.license is the license section's bytes" cmp "$tmp/cfg.lic" <(printf 'Dual BSD/GPL\0')
# A byte order mark before the document: RFC 8259 lets a reader skip it, and
# the settings after it are read.
printf '\xef\xbb\xbf{"build": {"cpu": "v2", "license": "Dual BSD/GPL"}}' >"$tmp/bom.json"
check "tinybpf.json after a byte order mark" 0 "" \
	"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" --config "$tmp/bom.json" -o "$tmp/bom.o"
expect "after a byte order mark: the object the same file without one gives" cmp "$tmp/cfg.o" "$tmp/bom.o"
# Neither -o nor build.output: nothing to write to.
check "no output named anywhere" 1 "error: no output file: pass -o FILE or set build.output in tinybpf.json" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll"

# Sizes are checked before reading (sparse files: nothing is written to disk).
# tinybpf.json holds at most 1 MiB: one byte more is refused, 1 MiB exactly is
# read (its NULs are then the JSON error).
truncate -s $((1 << 20)) "$tmp/big.json"
check "tinybpf.json of 1 MiB is read" 1 "big.json:1:1: error: a NUL byte where a value should be" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/big.json" -o "$tmp/big.o"
truncate -s $(((1 << 20) + 1)) "$tmp/big.json"
check "tinybpf.json of 1 MiB and a byte is refused, unread" 1 \
	"big.json: error: cannot read it: it is 1048577 bytes, more than the 1 MiB allowed" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" --config "$tmp/big.json" -o "$tmp/big.o"
truncate -s 513M "$tmp/big.ll"
check "an input of 513 MiB is refused, unread" 1 \
	"big.ll: error: cannot read input: it is 513 MiB, more than the 512 MiB allowed" \
	"$TINYBPF" link "$tmp/big.ll" -o "$tmp/big.o"
truncate -s 257M "$tmp/big.bpf.o"
check "generate: an object of 257 MiB is refused, unread" 1 \
	"big.bpf.o: error: cannot read it: it is 257 MiB, more than the 256 MiB allowed" \
	"$TINYBPF" generate "$tmp/big.bpf.o" -o "$tmp/big.go"
expect "no output after a refused size" sh -c '[ ! -e "$1" ] && [ ! -e "$2" ]' sh "$tmp/big.o" "$tmp/big.go"
rm -f "$tmp"/big.*

# IR that is not TinyGo's (a function with no Go debug info) has no entry point.
printf 'define i32 @f(ptr %%ctx) {\n  ret i32 0\n}\n' >"$tmp/no-go.ll"
check "IR without Go functions" 1 "error: no BPF program found: mark each entry point with //export <name>" \
	"$TINYBPF" link "$tmp/no-go.ll" -o "$tmp/no-go.o"
expect "IR without Go functions: no object" test ! -e "$tmp/no-go.o"

# Global data in named sections: .data.NAME, .rodata.NAME, .bss.NAME are kept
# and load; another section, or a variable declared and defined nowhere, is
# refused at its Go line.
check "globals in .data.NAME, .rodata.NAME, .bss.NAME" 0 "" \
	"$TINYBPF" link "$TESTDATA/globals_sections.ll" --program use_good -o "$tmp/gsec.o"
llvm-readelf-22 -S -s "$tmp/gsec.o" >"$tmp/gsec.elf"
for want in "] .data.counters    PROGBITS" "] .rodata.config    PROGBITS" "] .bss.scratch      NOBITS" \
	"OBJECT  GLOBAL DEFAULT     5 hits" "OBJECT  GLOBAL DEFAULT     6 limit" "OBJECT  GLOBAL DEFAULT     7 scratch"; do
	expect "named data sections: $want" grep -qF -- "$want" "$tmp/gsec.elf"
done
check "and the kernel takes them" 0 "use_good (xdp): accepted" "$TINYBPF" verify "$tmp/gsec.o"
tinybpf_abs=$(realpath "$TINYBPF")
(cd "$(dirname "$0")/../testdata" && "$tinybpf_abs" link "$TESTDATA/globals_sections.ll" --program use_bad -o "$tmp/gbad.o") 2>"$tmp/gbad.err"
expect "globals elsewhere: refused" test $? = 1
for want in 'globals_sections/main.go:19: error: variable in section ".database": BPF global data lives in .data, .rodata or .bss (or .data.NAME, ...)' \
	'globals_sections/main.go:22: error: variable in section "mysection": BPF global data lives in .data, .rodata or .bss (or .data.NAME, ...)' \
	'globals_sections/main.go:38:37: error: undefinedVar is declared (//go:extern) but defined nowhere; for configuration a loader sets, declare a variable with //go:section .rodata'; do
	expect "refused: $want" grep -qxF -- "$want" "$tmp/gbad.err"
done
expect "three errors, no object" test "$(grep -c 'error:' "$tmp/gbad.err")" = 3 -a ! -e "$tmp/gbad.o"

# The stack warning's edge: a 384-byte frame warns, the next smaller (376) does not.
check "a 384-byte frame warns" 0 \
	"stack_edge/main.go:28: warning: at_384: its stack frame is 384 bytes, near BPF's limit of 512 (tinybpf warns from 384)" \
	"$TINYBPF" link "$TESTDATA/stack_edge.ll" --program at_384 -o "$tmp/s384.o"
expect "with a note naming the variable" grep -qF "stack_edge/main.go:29:6: note: at_384's stack holds s: 384 bytes" "$tmp/err"
check "a 376-byte frame links" 0 "" "$TINYBPF" link "$TESTDATA/stack_edge.ll" --program below_384 -o "$tmp/s376.o"
expect "a 376-byte frame: no warning, no note" test ! -s "$tmp/err"
# Two variables hold the frame: the notes name the larger first, though it is declared second.
check "a frame of two variables warns" 0 "stack_two/main.go:18: warning: on_exec: its stack frame is 416 bytes" \
	"$TINYBPF" link --no-cache "$TESTDATA/stack_two.ll" -o "$tmp/s2.o"
expect "the larger variable's note first, then the smaller's" sh -c \
	'[ "$(grep note: "$1")" = "$(printf "%s\n%s" \
		"stack_two/main.go:20:6: note: on_exec'"'"'s stack holds large: 320 bytes" \
		"stack_two/main.go:19:6: note: on_exec'"'"'s stack holds small: 96 bytes")" ]' sh "$tmp/err"
# 512 bytes: LLVM's BPF backend (as clang with C) refuses an access at r10-512,
# so the frame is an error, with no warning that it is "near" the limit.
check "a 512-byte frame is the backend's error" 1 \
	"stack_limit/main.go:29:6: error: at_512: its stack frame exceeds BPF's 512 bytes; make large variables smaller, or keep them in a per-CPU array map" \
	"$TINYBPF" link "$TESTDATA/stack_limit.ll" --program at_512 -o "$tmp/s512.o"
expect "512 bytes: one error, no warning, the variable named, no object" sh -c \
	'[ "$(grep -c "error:" "$1")" = 1 ] && ! grep -q "warning:" "$1" &&
	 grep -qF "stack_limit/main.go:30:6: note: at_512'"'"'s stack holds s: 512 bytes" "$1" && [ ! -e "$2" ]' sh "$tmp/err" "$tmp/s512.o"
check "a 520-byte frame too" 1 "stack_limit/main.go:38:6: error: past_512: its stack frame exceeds BPF's 512 bytes" \
	"$TINYBPF" link "$TESTDATA/stack_limit.ll" --program past_512 -o "$tmp/s520.o"
check "no frame, a register copy minus 400 (r0 = r1; r0 += -400) links" 0 "" \
	"$TINYBPF" link "$TESTDATA/stack_edge.ll" --program no_frame -o "$tmp/s0.o"
expect "no frame: no warning, no note" test ! -s "$tmp/err"

# -j: textual inputs parsed on threads give the same object; errors keep their input's name.
"$TINYBPF" link --no-cache -j 1 "$TESTDATA/two_maps.ll" "$TESTDATA/globals.ll" "$TESTDATA/map_typed.ll" -o "$tmp/j1.o"
check "-j 3" 0 "" "$TINYBPF" link --no-cache -j 3 "$TESTDATA/two_maps.ll" "$TESTDATA/globals.ll" \
	"$TESTDATA/map_typed.ll" -o "$tmp/j3.o"
cmp -s "$tmp/j1.o" "$tmp/j3.o" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: -j 3 output differs" >&2; }
check "-j with a bad input" 1 "/etc/hostname: error: not valid LLVM IR" \
	"$TINYBPF" link -j 2 "$TESTDATA/two_maps.ll" /etc/hostname -o "$tmp/jbad.o"
check "-j 0" 2 "-j takes a number from 1 to 256" "$TINYBPF" link -j 0 "$TESTDATA/two_maps.ll" -o "$tmp/j0.o"

# A module of 32 programs (tests/conformance/many_programs, whose runners check
# what each program does) is compiled in two parts side by side and joined by
# libbpf's linker: the same bytes for any -j, each program once, in its
# section, with global BTF linkage (what the linker and libbpf ask of it).
many=$TESTDATA/../conformance/many_programs.ll
check "32 programs: two parts" 0 "note: codegen: 32 programs in 2 parts on up to 2 processes" \
	"$TINYBPF" link --no-cache -v -j 2 "$many" -o "$tmp/many-j2.o"
expect "32 programs: no part's file left beside the object" test -z "$(ls -A "$tmp" | grep '^many-j2\.o\.tmp\.')"
# 200 programs are still two parts, docs/cli.md's example (one more part for
# every 100 beyond the first 200).
check "200 programs: two parts, as docs/cli.md says" 0 "note: codegen: 200 programs in 2 parts on up to 2 processes" \
	"$TINYBPF" link --no-cache -v -j 2 "$TESTDATA/two_hundred.ll" -o "$tmp/two-hundred.o"
"$TINYBPF" link --no-cache -j 1 "$many" -o "$tmp/many-j1.o" 2>"$tmp/many-j1.err"
# Without -j, as many processes as CPUs this process may use: nproc counts the
# same affinity mask.
check "32 programs, one CPU allowed: one process" 0 \
	"programs in 2 parts on up to $(taskset -c 0 nproc) processes" \
	taskset -c 0 "$TINYBPF" link --no-cache -v "$many" -o "$tmp/many-cpu0.o"
if [ "$(nproc)" -ge 2 ]; then
	check "32 programs, two CPUs allowed: two processes" 0 \
		"programs in 2 parts on up to $(taskset -c 0,1 nproc) processes" \
		taskset -c 0,1 "$TINYBPF" link --no-cache -v "$many" -o "$tmp/many-cpu01.o"
else
	skip "32 programs, two CPUs allowed" "this machine has one CPU"
fi
expect "32 programs: nothing on stderr without -v" test ! -s "$tmp/many-j1.err"
expect "32 programs: the note's times: joining within the whole, the whole within the link" awk '
	/^note: codegen: 32 programs in 2 parts/ { whole = $(NF - 7); join = $(NF - 1) }
	/^note: link total: / { total = $(NF - 1) }
	END { exit !(whole > 0 && join > 0 && join <= whole && whole <= total) }' "$tmp/err"
# With stdin closed, descriptor 0 is the first free one: the parts' files and
# pipes may get it, and must still work.
"$TINYBPF" link --no-cache -j 2 "$many" -o "$tmp/many-nostdin.o" <&- 2>"$tmp/many-nostdin.err"
expect "32 programs with stdin closed: the same bytes" cmp "$tmp/many-j2.o" "$tmp/many-nostdin.o"
expect "32 programs: -j 1 and -j 2 give the same bytes" cmp "$tmp/many-j1.o" "$tmp/many-j2.o"
bpftool btf dump file "$tmp/many-j2.o" >"$tmp/many.btf"
expect "32 programs: 32 global BTF FUNCs named prog_0 to prog_31" awk '
	/^\[[0-9]+\] FUNC .prog_[0-9]+. .*linkage=global$/ { seen[$3]++ }
	END { for (i = 0; i < 32; i++) if (seen["\047prog_" i "\047"] != 1) exit 1 }' "$tmp/many.btf"
"$TINYBPF" link --no-cache --keep-temp "$many" -o "$tmp/many-k.o" 2>"$tmp/many-k.err"
kept=$(sed -n 's/^note: intermediate files kept in //p' "$tmp/many-k.err")
# the cut: prog_0 to prog_15 in part 0, which defines the map; prog_16 to prog_31 in part 1
expect "32 programs: part 0 has prog_0 to prog_15 and the map" sh -c "
	[ \"\$(grep -c '^define.* @prog_[0-9]*(' '$kept/part0.optimised.ll')\" = 16 ] &&
	grep -q '^define.* @prog_15(' '$kept/part0.optimised.ll' &&
	grep -q '^@counts = global' '$kept/part0.optimised.ll'"
expect "32 programs: part 1 has prog_16 to prog_31 and an extern map" sh -c "
	[ \"\$(grep -c '^define.* @prog_[0-9]*(' '$kept/part1.optimised.ll')\" = 16 ] &&
	grep -q '^define.* @prog_16(' '$kept/part1.optimised.ll' &&
	grep -q '^@counts = external global' '$kept/part1.optimised.ll'"
rm -rf "$kept"
expect "32 programs: one map, defined once" grep -qx "\\[[0-9]*\\] DATASEC '.maps' size=32 vlen=1" "$tmp/many.btf"
# A module whose program another calls cannot be cut (each part would define
# it): compiled whole, and -v says why (tests/conformance/many_called runs it).
check "24 programs, one called: one part" 0 "note: codegen: 24 programs compiled as one part: a program is also called" \
	"$TINYBPF" link --no-cache -v "$TESTDATA/../conformance/many_called.ll" -o "$tmp/called.o"
expect "24 programs, one called: the object holds all 24" test "$(bpftool btf dump file "$tmp/called.o" | grep -c "^\[[0-9]*\] FUNC 'prog_")" = 24

# Cache entries are checked on every hit (issue 16): one truncated to 0 bytes
# or with a byte changed is removed and built again, never copied out.
export TINYBPF_CACHE="$tmp/integrity"
check "a build stores its entry" 0 "note: cache: stored $TINYBPF_CACHE/" \
	"$TINYBPF" link -v "$TESTDATA/two_maps.ll" -o "$tmp/i1.o"
entry=$(ls "$TINYBPF_CACHE"/*.o)
: >"$entry"
check "an entry truncated to 0 bytes is rebuilt" 0 \
	"note: cache: $entry is corrupt (its digest does not match its bytes); removed, building again" \
	"$TINYBPF" link -v "$TESTDATA/two_maps.ll" -o "$tmp/i2.o"
expect "the rebuilt object is the fresh build's bytes" cmp "$tmp/i1.o" "$tmp/i2.o"
printf '\377' | dd of="$entry" bs=1 seek=200 conv=notrunc status=none
check "an entry with a byte changed is rebuilt" 0 "is corrupt (its digest does not match its bytes)" \
	"$TINYBPF" link -v "$TESTDATA/two_maps.ll" -o "$tmp/i3.o"
expect "the rebuilt object is the fresh build's bytes, again" cmp "$tmp/i1.o" "$tmp/i3.o"
check "the entry stored again is whole: a hit" 0 "note: cache: hit $entry" \
	"$TINYBPF" link -v "$TESTDATA/two_maps.ll" -o "$tmp/i4.o"
expect "the hit is the fresh build's bytes" cmp "$tmp/i1.o" "$tmp/i4.o"

# The size bound: after a store the least recently used entries go until the
# cache is at 80% of TINYBPF_CACHE_MAX_SIZE. A, B and C stored in that order,
# A used again, then C: B is the least recently used.
export TINYBPF_CACHE="$tmp/lru"
size_of() { "$TINYBPF" link --no-cache "$TESTDATA/$1.ll" -o "$tmp/$1.size.o" && echo $(($(stat -c %s "$tmp/$1.size.o") + 56)); }
sa=$(size_of two_maps) sb=$(size_of map_typed) sc=$(size_of globals) # entry sizes: 56-byte trailer
max=$(((sa + sc) * 5 / 4 + 16))
expect "A and B ($sa, $sb bytes) fit in $max" test $((sa + sb)) -le "$max"
expect "A, B and C ($sc) do not: storing C must evict" test $((sa + sb + sc)) -gt "$max"
lru_link() { TINYBPF_CACHE_MAX_SIZE=$max "$TINYBPF" link -v "$TESTDATA/$1.ll" -o "$tmp/lru-$1.o"; }
lru_link two_maps 2>/dev/null && lru_link map_typed 2>/dev/null
check "A used again is a hit" 0 "note: cache: hit" lru_link two_maps
check "C is stored" 0 "note: cache: stored" lru_link globals
check "A is still there" 0 "note: cache: hit" lru_link two_maps
check "C is still there" 0 "note: cache: hit" lru_link globals
check "B, the least recently used, was evicted" 0 "note: cache: stored" lru_link map_typed
check "cache stats counts what is there" 0 "entries    " "$TINYBPF" cache stats
"$TINYBPF" cache stats -j >"$tmp/stats.json"
expect "cache stats -j: entries and bytes are what the directory holds" \
	test "$(jq -r '"\(.entries) \(.bytes) \(.directory)"' "$tmp/stats.json")" = \
	"$(ls "$TINYBPF_CACHE"/*.o | wc -l) $(cat "$TINYBPF_CACHE"/*.o | wc -c) $TINYBPF_CACHE"
check "cache dir" 0 "$TINYBPF_CACHE" "$TINYBPF" cache dir
entries=$(ls "$TINYBPF_CACHE"/*.o | wc -l)
# Storing B again evicted A and C, both used before B was stored.
expect "the cache holds B alone" test "$entries" = 1
check "cache clean" 0 "removed 1 entry from $TINYBPF_CACHE" "$TINYBPF" cache clean
expect "cache clean left no entry" test -z "$(ls "$TINYBPF_CACHE")"
check "TINYBPF_CACHE_MAX_SIZE must be a size" 2 "TINYBPF_CACHE_MAX_SIZE is bytes, or a number with the suffix K, M or G" \
	env TINYBPF_CACHE_MAX_SIZE=lots "$TINYBPF" link "$TESTDATA/two_maps.ll" -o "$tmp/x.o"
export TINYBPF_CACHE="$tmp/cache"

# What a run killed with SIGKILL leaves is removed by the next run, once its
# owner is gone; a live run's files stay.
sleep 60 & dead=$!
kill -KILL "$dead"; wait "$dead" 2>/dev/null
: >"$tmp/left.o.tmp.$dead.AbCdEf"
: >"$tmp/left.o.tmp.$$.LiVeOn" # this shell is alive
check "a link after a killed one" 0 "" "$TINYBPF" link "$TESTDATA/two_maps.ll" -o "$tmp/left.o"
expect "the dead run's temporary object is gone" test ! -e "$tmp/left.o.tmp.$dead.AbCdEf"
expect "a live run's temporary object stays" test -e "$tmp/left.o.tmp.$$.LiVeOn"
rm -f "$tmp/left.o.tmp.$$.LiVeOn"
# tinybpf build killed while TinyGo runs (a TinyGo that waits): its
# $TMPDIR/tinybpf-build-PID-* directory is removed by the next build.
# It writes its pid and becomes the sleep, which must end with the killed
# build (tinybpf asks the kernel to stop TinyGo when tinybpf dies).
# It first writes its output (-o FILE, in that directory), so the directory
# left behind has a file in it.
printf '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && : >"$2"; shift; done\necho $$ >"%s"\nexec sleep 60\n' \
	"$tmp/slow-tinygo.pid" >"$tmp/slow-tinygo" &&
	chmod +x "$tmp/slow-tinygo"
mkdir -p "$tmp/pkg" "$tmp/builds"
TMPDIR="$tmp/builds" TINYGO="$tmp/slow-tinygo" "$TINYBPF" build --no-cache -o "$tmp/killed.o" "$tmp/pkg" 2>/dev/null &
killed=$!
for _ in $(seq 100); do ls -d "$tmp/builds/tinybpf-build-$killed"-* >/dev/null 2>&1 && break; sleep 0.05; done
expect "the build made its directory in \$TMPDIR" test -n "$(ls -d "$tmp/builds/tinybpf-build-$killed"-* 2>/dev/null)"
for _ in $(seq 100); do [ -s "$tmp/slow-tinygo.pid" ] && break; sleep 0.05; done
expect "TinyGo wrote into the build's directory" test -n "$(ls "$tmp/builds/tinybpf-build-$killed"-*/program.ll 2>/dev/null)"
kill -KILL "$killed"; wait "$killed" 2>/dev/null
slow=$(cat "$tmp/slow-tinygo.pid" 2>/dev/null)
for _ in $(seq 100); do kill -0 "$slow" 2>/dev/null || break; sleep 0.05; done
expect "TinyGo does not outlive a killed build" test -n "$slow" -a ! -d "/proc/$slow"
kill -KILL "$slow" 2>/dev/null
TMPDIR="$tmp/builds" TINYGO=/nonexistent/tinygo "$TINYBPF" build --no-cache -o "$tmp/next.o" "$tmp/pkg" 2>/dev/null
expect "the next build removed the killed build's directory" test -z "$(ls -A "$tmp/builds")"

# Started with stdin closed (from cron, a daemon, `<&-`): the first file tinybpf
# opens is descriptor 0, a descriptor like any other. Link (object read back
# through the cache), generate (the object read whole) and verify must do what
# they do with stdin open.
"$TINYBPF" link --no-cache "$TESTDATA/two_maps.ll" -o "$tmp/open-in.o"
"$TINYBPF" generate "$tmp/open-in.o" -o "$tmp/open-in.go" -p twomaps >/dev/null 2>&1
check "stdin closed: link" 0 "" sh -c '"$1" link "$2" -o "$3" <&-' sh "$TINYBPF" "$TESTDATA/two_maps.ll" "$tmp/closed-in.o"
check "stdin closed: link from the cache" 0 "" sh -c '"$1" link "$2" -o "$3" <&-' sh "$TINYBPF" "$TESTDATA/two_maps.ll" "$tmp/closed-hit.o"
expect "stdin closed: the same object, built and from the cache" sh -c 'cmp "$1" "$3" && cmp "$2" "$3"' sh \
	"$tmp/closed-in.o" "$tmp/closed-hit.o" "$tmp/open-in.o"
check "stdin closed: generate" 0 "" sh -c '"$1" generate "$2" -o "$3" -p twomaps <&-' sh "$TINYBPF" "$tmp/open-in.o" \
	"$tmp/closed-in.go"
expect "stdin closed: the same Go" cmp "$tmp/closed-in.go" "$tmp/open-in.go"

summary cli
