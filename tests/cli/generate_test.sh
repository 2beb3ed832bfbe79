#!/usr/bin/env bash
# tinybpf generate as a user meets it: loaders for the test objects are
# written into a copy of tests/generate (a Go module), must be gofmt-clean,
# pass go vet and build, and its Go tests load, set, run and read through
# them; a C skeleton compiles with gcc and its test program reads what the
# program wrote. Output is byte-identical across runs; bad input exits 1 and
# leaves no file. Needs $TINYBPF and the objects make test builds
# ($TINYBPF_{OPENAT,GLOBALS,CORE,TYPED_GLOBALS}_OBJ); loading needs root.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh

# A module with one package per loader; objects that are embedded are copied
# beside their loader, as a project would keep them. The packages that
# tests/generate/loaders_test.go imports get exported names (--ident Name);
# two/ gets the defaults: the loaders of two objects in one package.
mod=$tmp/mod
mkdir -p "$mod" && cp tests/generate/go.mod tests/generate/go.sum tests/generate/*.go "$mod"
mkdir -p "$mod/typedglobals" "$mod/openat" "$mod/coretask" "$mod/globals" "$mod/ringrecords" "$mod/two"
cp "$TINYBPF_TYPED_GLOBALS_OBJ" "$mod/typedglobals/typed_globals.bpf.o"
cp "$TINYBPF_OPENAT_OBJ" "$mod/openat/tracepoint-openat.bpf.o"
cp "$TINYBPF_CORE_OBJ" "$mod/coretask/core_task.bpf.o"
cp "$TINYBPF_RING_RECORDS_OBJ" "$mod/ringrecords/ring_records.bpf.o"
cp tests/generate/two/*.go "$mod/two/"
cp "$TINYBPF_TYPED_GLOBALS_OBJ" "$mod/two/typed_globals.bpf.o"
cp "$TINYBPF_OPENAT_OBJ" "$mod/two/tracepoint-openat.bpf.o"

check "typed_globals: package from directory, embedded" 0 "" \
	"$TINYBPF" generate "$mod/typedglobals/typed_globals.bpf.o" --ident TypedGlobals
[ -s "$mod/typedglobals/typed_globals_bpf.go" ] &&
	grep -q '^package typedglobals$' "$mod/typedglobals/typed_globals_bpf.go" &&
	grep -q '^//go:embed typed_globals.bpf.o$' "$mod/typedglobals/typed_globals_bpf.go" &&
	ok || ko "default output typed_globals_bpf.go with package and embed"
check "openat: options after the object" 0 "" \
	"$TINYBPF" generate "$mod/openat/tracepoint-openat.bpf.o" -o "$mod/openat/loader.go" -p openat --ident Openat
check "core_task" 0 "" "$TINYBPF" generate "$mod/coretask/core_task.bpf.o" -o "$mod/coretask/bpf.go" --ident CoreTask
# Record types reach the loader without a global: RingBuf[T], PerfEventArray[T]
# and a bpfMapDef ring buffer's record (TestRingRecords decodes them).
check "ring_records: record types of ring and perf buffers" 0 "" \
	"$TINYBPF" generate "$mod/ringrecords/ring_records.bpf.o" --ident RingRecords
for type in RingRecordsSdkEvent RingRecordsRawEvent RingRecordsPerfSample; do
	grep -q "^type $type struct" "$mod/ringrecords/ring_records_bpf.go" && ok ||
		ko "ring_records: no type $type in the loader"
done
# bpftool 7.5 (with its own libbpf) loads an object whose maps carry record
# types as well; libbpf 1.4 and cilium/ebpf load it in TestRingRecords.
pin=/sys/fs/bpf/tinybpf-generate-test-$$
trap 'rm -rf "$tmp" "$pin"' EXIT
check "bpftool loads ring_records" 0 "" bpftool prog loadall "$mod/ringrecords/ring_records.bpf.o" "$pin"
rm -rf "$pin"
check "bpftool writes a skeleton of ring_records" 0 "" bpftool gen skeleton "$mod/ringrecords/ring_records.bpf.o"
check "globals: path only, --prefix (the older name of --ident)" 0 "" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -o "$mod/globals/globals.go" --prefix Globals --no-embed
check "an object elsewhere is not embedded, and a note says so" 0 "cannot //go:embed it" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -o "$tmp/elsewhere.go" -p elsewhere
grep -q 'go:embed' "$tmp/elsewhere.go" && ko "embedded an object outside the package" || ok

# Two objects, one package, default names: bpf2go's, an unexported stem from
# each object's file name. Under go generate, the package is $GOPACKAGE.
check "two/: typed_globals, default names" 0 "" "$TINYBPF" generate "$mod/two/typed_globals.bpf.o"
check "two/: tracepoint-openat, package from \$GOPACKAGE" 0 "" \
	env GOPACKAGE=two "$TINYBPF" generate "$mod/two/tracepoint-openat.bpf.o" -o "$mod/two/openat_bpf.go"
for want in '^func loadTypedGlobalsObjects(obj any, opts \*ebpf.CollectionOptions) error {$' \
	'^type typedGlobalsSettings struct {$' '^	typedGlobalsProgRecord *= "record"$' \
	'^var _TypedGlobalsBytes \[\]byte$' '^func loadTypedGlobals() (\*ebpf.CollectionSpec, error) {$'; do
	grep -q "$want" "$mod/two/typed_globals_bpf.go" && ok || ko "two/typed_globals_bpf.go lacks /$want/"
done
for want in '^package two$' '^func loadTracepointOpenatObjectsFromFile(path string, obj any, opts \*ebpf.CollectionOptions) error {$'; do
	grep -q "$want" "$mod/two/openat_bpf.go" && ok || ko "two/openat_bpf.go lacks /$want/"
done
cp "$TINYBPF_GLOBALS_OBJ" "$tmp/func.bpf.o"
check "an object name that makes no identifier" 1 "$tmp/func.bpf.o gives no Go identifier ('func'): pass --ident NAME" \
	"$TINYBPF" generate "$tmp/func.bpf.o" -o "$tmp/func.go" -p x
[ -e "$tmp/func.go" ] && ko "output written for an object name without identifier" || ok
check "an empty --ident" 2 "tinybpf: --ident takes a non-empty value" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -o "$tmp/e.go" -p x --ident ''
# Every example's object gets a loader that builds, as a user of the example would generate it.
for example in examples/*/bpf; do
	name=$(basename "$(dirname "$example")")
	pkg=$mod/examples/${name//-/}
	mkdir -p "$pkg"
	if (cd "$(dirname "$example")" && "$TINYBPF" build --no-cache -o "$pkg/$name.bpf.o" ./bpf) >"$tmp/build" 2>&1; then
		check "$name: a loader for the example" 0 "" "$TINYBPF" generate "$pkg/$name.bpf.o"
	else
		ko "$name: tinybpf build:"; cat "$tmp/build" >&2
	fi
done

unformatted=$(cd "$mod" && gofmt -l .)
[ -z "$unformatted" ] && ok || { ko "not gofmt-clean: $unformatted"; (cd "$mod" && gofmt -d .) >&2; }
if (cd "$mod" && go vet ./... && go build ./...) >"$tmp/vet" 2>&1; then ok; else ko "go vet/build:"; cat "$tmp/vet" >&2; fi
if (cd "$mod" && TINYBPF_GLOBALS_OBJ="$TINYBPF_GLOBALS_OBJ" go test -count=1 -v ./...) >"$tmp/gotest" 2>&1 &&
	[ "$(grep -c '^--- PASS' "$tmp/gotest")" = 7 ]; then
	ok
else
	ko "go test of the generated loaders:"; cat "$tmp/gotest" >&2
fi

# Deterministic: a second run writes the same bytes.
for lang in go c; do
	"$TINYBPF" generate "$TINYBPF_TYPED_GLOBALS_OBJ" --lang $lang -o "$tmp/r1.$lang" -p r --no-embed
	"$TINYBPF" generate "$TINYBPF_TYPED_GLOBALS_OBJ" --lang $lang -o "$tmp/r2.$lang" -p r --no-embed
	cmp -s "$tmp/r1.$lang" "$tmp/r2.$lang" && ok || ko "$lang output differs between runs"
done

# C: the skeleton compiles warning-free and its user reads back what the program wrote.
check "C skeleton" 0 "" "$TINYBPF" generate --lang c "$TINYBPF_TYPED_GLOBALS_OBJ" -o "$tmp/typed_globals.skel.h"
if gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$tmp" tests/generate/skeleton_test.c \
	-lbpf -o "$tmp/skeleton_test" 2>"$tmp/cc"; then ok; else ko "skeleton does not compile:"; cat "$tmp/cc" >&2; fi
check "C skeleton loads, runs and reads" 0 "" "$tmp/skeleton_test"
# Global data in sections of their own (.data.counters, .rodata.config,
# .bss.scratch): C names for them as bpftool's skeleton gives them.
"$TINYBPF" link "$TINYBPF_TESTDATA/globals_sections.ll" --program use_good -o "$tmp/globals_sections.bpf.o" ||
	ko "link globals_sections"
for obj in "$TINYBPF_OPENAT_OBJ" "$TINYBPF_GLOBALS_OBJ" "$TINYBPF_CORE_OBJ" "$tmp/globals_sections.bpf.o"; do
	name=$(basename "$obj" .bpf.o | tr - _)
	"$TINYBPF" generate --lang c "$obj" -o "$tmp/$name.skel.h" &&
		echo "#include \"$name.skel.h\"" | gcc -std=c11 -Wall -Wextra -Werror -I"$tmp" -x c -c - -o /dev/null &&
		ok || ko "C skeleton of $name does not compile"
done
skel_maps() { sed -n 's/^\t\tstruct bpf_map \*\([A-Za-z0-9_]*\);$/\1/p' | sort; }
bpftool gen skeleton "$tmp/globals_sections.bpf.o" name globals_sections 2>/dev/null | skel_maps >"$tmp/gsec.bpftool"
skel_maps <"$tmp/globals_sections.skel.h" >"$tmp/gsec.ours"
expect "globals_sections: bpftool's skeleton has its three sections" \
	test "$(tr '\n' ' ' <"$tmp/gsec.bpftool")" = "bss_scratch data_counters rodata_config "
expect "globals_sections: the skeleton's maps are bpftool's" diff -u "$tmp/gsec.bpftool" "$tmp/gsec.ours"

# Bad input: exit 1, a message naming the file, and no output file.
check "missing object" 1 "$tmp/nope.o: error: cannot read it: No such file or directory" \
	"$TINYBPF" generate "$tmp/nope.o" -o "$tmp/nope.go" -p x
[ -e "$tmp/nope.go" ] && ko "output written for a missing object" || ok
check "not an object" 1 "go.mod is not an ELF object" \
	"$TINYBPF" generate tests/generate/go.mod -o "$tmp/bad.go" -p x
[ -e "$tmp/bad.go" ] && ko "output written for a bad object" || ok
# An ELF file's identification is its first 16 bytes (EI_NIDENT, elf(5)):
# 15 of them are no ELF file; all 16 and nothing after are, cut short, for
# libbpf to refuse in its words.
head -c 15 /bin/true >"$tmp/ident15.o" && head -c 16 /bin/true >"$tmp/ident16.o" || ko "cut /bin/true"
check "15 bytes of an ELF file" 1 "ident15.o is not an ELF object" \
	"$TINYBPF" generate "$tmp/ident15.o" -o "$tmp/ident.go" -p x
check "its 16 identification bytes alone" 1 "ident16.o is not a BPF object libbpf can open: libbpf: elf: '$tmp/ident16.o' is not a proper ELF object" \
	"$TINYBPF" generate "$tmp/ident16.o" -o "$tmp/ident.go" -p x
[ -e "$tmp/ident.go" ] && ko "output written for a cut ELF file" || ok
cp /bin/true "$tmp/true.o"
check "an ELF file that is not BPF" 1 "is not a BPF object libbpf can open" \
	"$TINYBPF" generate "$tmp/true.o" -o "$tmp/true.go" -p x
[ -e "$tmp/true.go" ] && ko "output written for a non-BPF ELF" || ok
check "a type that is not in BTF" 1 "type noSuchEvent is not in the object's BTF" \
	"$TINYBPF" generate "$TINYBPF_OPENAT_OBJ" -t noSuchEvent -o "$tmp/t.go" -p x
[ -e "$tmp/t.go" ] && ko "output written for a missing type" || ok
mkdir -p "$tmp/not-a-package"
check "directory name that is no package" 1 "directory not-a-package is no Go package name" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -o "$tmp/not-a-package/x.go"
[ -z "$(ls "$tmp/not-a-package")" ] && ok || ko "files left in not-a-package"
check "bad --lang" 2 "tinybpf: --lang takes go or c, got 'rust'" "$TINYBPF" generate --lang rust "$TINYBPF_GLOBALS_OBJ"
check "bad --ident" 1 "--ident '1x' is not a Go identifier" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" --ident 1x -o "$tmp/p.go" -p x
check "no object" 2 "expected one BPF object" "$TINYBPF" generate
check "an output in a directory that does not exist, with no --package" 1 \
	"error: /nonexistent-dir: No such file or directory (the package is named after the output's directory); pass --package NAME, or make the directory first" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -o /nonexistent-dir/x.go
check "a package that is a Go keyword" 1 "error: package func is not a Go identifier" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -p func -o "$tmp/kw.go"
check "a C skeleton name that is no C identifier" 1 "error: skeleton name 9bad is not a C identifier" \
	"$TINYBPF" generate --lang c "$TINYBPF_GLOBALS_OBJ" --ident 9bad -o "$tmp/kw.h"
# /proc/self is there, but no file can be made in it
check "an output that cannot be written" 1 "error: cannot write /proc/self/g.go: No such file or directory" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -p x -o /proc/self/g.go
expect "nothing written for the refused names" sh -c '[ ! -e "$1" ] && [ ! -e "$2" ]' sh "$tmp/kw.go" "$tmp/kw.h"
# An output that is a directory holding a file: rename(2) refuses it
# (EISDIR), and the temporary file written beside it is removed.
mkdir -p "$tmp/outdir/adir" && touch "$tmp/outdir/adir/keep"
check "an output that is a directory" 1 "error: cannot write $tmp/outdir/adir: Is a directory" \
	"$TINYBPF" generate "$TINYBPF_GLOBALS_OBJ" -p x -o "$tmp/outdir/adir"
expect "an output that is a directory: nothing left beside it" test "$(ls -A "$tmp/outdir")" = adir
expect "an output that is a directory: its file kept" test "$(ls -A "$tmp/outdir/adir")" = keep

# Objects clang writes (-target bpf): without -g there is no BTF to describe
# types from; with it, --type of a typedef of an int or of an array is no
# record; a static variable (BTF linkage static) is not the loader's, as
# bpftool gen skeleton leaves it out of its .data struct too.
cat >"$tmp/clang.c" <<'EOF'
typedef int pid_like;
typedef struct { int a; } pairs[2];
int shown = 2;
static volatile int hidden = 1;
pid_like p;
pairs pp;
__attribute__((section("xdp"), used)) int prog(void *ctx) { return hidden + shown + p + pp[0].a; }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOF
if clang-22 -O2 -target bpf -c "$tmp/clang.c" -o "$tmp/nobtf.o" 2>"$tmp/clang.err" &&
	clang-22 -g -O2 -target bpf -c "$tmp/clang.c" -o "$tmp/clang.o" 2>"$tmp/clang.err"; then
	check "an object without BTF" 1 "error: $tmp/nobtf.o has no BTF: generate describes types from it" \
		"$TINYBPF" generate "$tmp/nobtf.o" -p x -o "$tmp/nobtf.go"
	expect "an object without BTF: no file" test ! -e "$tmp/nobtf.go"
	for t in pid_like pairs; do
		check "--type $t, a typedef of no record" 1 "error: type $t is not a struct, union or enum" \
			"$TINYBPF" generate "$tmp/clang.o" -p x -t "$t" -o "$tmp/t.go"
		expect "--type $t: no file" test ! -e "$tmp/t.go"
	done
	bpftool gen skeleton "$tmp/clang.o" >"$tmp/clang.skel.h" 2>/dev/null
	expect "bpftool's skeleton has shown, not the static hidden" sh -c \
		'grep -qx "		int shown;" "$1" && ! grep -q hidden "$1"' sh "$tmp/clang.skel.h"
	check "a static variable beside a global one" 0 "" "$TINYBPF" generate "$tmp/clang.o" -p x -o "$tmp/clang.go"
	expect "the loader has shown, not the static hidden" sh -c \
		'grep -q "ebpf:\"shown\"" "$1" && ! grep -qi hidden "$1"' sh "$tmp/clang.go"
else
	ko "clang-22 -target bpf: $(cat "$tmp/clang.err")"
fi

# Globals clang lays out: a struct with an anonymous union, an enum64, a
# pointer, a packed struct and an array of 8 dimensions. The C skeleton's
# offsets are the ELF symbols' (llvm-readelf) and gcc holds its static
# asserts; the Go records are C's layout. An array of 9 dimensions is refused.
cat >"$tmp/glob.c" <<'EOF'
struct withanon { int a; union { int b; long c; }; char d; };
enum big { BIG_A = 0x100000000ULL, BIG_B = 1 };
struct __attribute__((packed)) pk { int i; char c; };
struct withanon wa;
enum big bg;
int *ptr;
struct pk pkd;
int deep8[1][1][1][1][1][1][1][1];
__attribute__((section("xdp"), used)) int prog(void *ctx) { return wa.a + bg + *ptr + pkd.i + deep8[0][0][0][0][0][0][0][0]; }
char _license[] __attribute__((section("license"), used)) = "GPL";
EOF
sed 's/int deep8\[1\]/int deep9[1][1]/; s/deep8\[0\]/deep9[0][0]/' "$tmp/glob.c" >"$tmp/deep9.c"
if clang-22 -g -O2 -target bpf -c "$tmp/glob.c" -o "$tmp/glob.o" 2>"$tmp/clang.err" &&
	clang-22 -g -O2 -target bpf -c "$tmp/deep9.c" -o "$tmp/deep9.o" 2>"$tmp/clang.err"; then
	check "an array of 9 dimensions" 1 "error: deep9: arrays nest deeper than 8" \
		"$TINYBPF" generate "$tmp/deep9.o" -p x -o "$tmp/deep9.go"
	expect "an array of 9 dimensions: no file" test ! -e "$tmp/deep9.go"
	check "clang's globals: Go" 0 "" "$TINYBPF" generate "$tmp/glob.o" -p x -o "$tmp/glob.go"
	cat >"$tmp/glob.want" <<'EOF'
type globBig uint64

const (
	globBigBIGA globBig = 4294967296
	globBigBIGB globBig = 1
)
type globPk struct {
	_ structs.HostLayout
	I [4]byte
	C int8
}
type globWithanon struct {
	_ structs.HostLayout
	A int32
	_ [4]byte
	B int32
	_ [4]byte
	D int8
	_ [7]byte
}
EOF
	sed -n '/^type globBig/,/^)/p;/^type globPk struct/,/^}/p;/^type globWithanon struct/,/^}/p' "$tmp/glob.go" |
		diff -u "$tmp/glob.want" - >&2 && ok || ko "clang's globals: the Go records"
	check "clang's globals: C" 0 "" "$TINYBPF" generate "$tmp/glob.o" --lang c -o "$tmp/glob.skel.h"
	printf '#include "glob.skel.h"\nint main(void) { return 0; }\n' >"$tmp/glob_main.c"
	expect "the skeleton's static asserts hold for gcc" gcc -c "$tmp/glob_main.c" -o "$tmp/glob_main.o"
	llvm-readelf-22 -s "$tmp/glob.o" | while read -r _ value _ _ _ _ _ name _; do
		case $name in wa | bg | ptr | pkd | deep8) echo "$name $((16#$value))" ;; esac
	done | sort >"$tmp/glob.elf"
	sed -n 's/^_Static_assert(offsetof(struct glob__bss, \([a-z0-9]*\)) == \([0-9]*\),.*/\1 \2/p' "$tmp/glob.skel.h" |
		sort >"$tmp/glob.skel"
	expect "the skeleton's .bss offsets are the ELF symbols'" sh -c \
		'[ "$(wc -l <"$1")" = 5 ] && diff -u "$1" "$2" >&2' sh "$tmp/glob.elf" "$tmp/glob.skel"
else
	ko "clang-22 -target bpf: $(cat "$tmp/clang.err")"
fi

# A section whose first variable is not the loader's: clang lays out the
# static one it emits with the function first, at 0, and `second` at 1 (as
# the ELF symbol says): the skeleton's struct starts with a byte of padding.
cat >"$tmp/pad.c" <<'EOF'
static volatile char first = 1;
extern char second;
__attribute__((section("xdp"), used)) int prog(void *ctx) { return first + second; }
char second = 2;
char _license[] __attribute__((section("license"), used)) = "GPL";
EOF
if clang-22 -g -O2 -target bpf -c "$tmp/pad.c" -o "$tmp/pad.o" 2>"$tmp/clang.err"; then
	at=$(llvm-readelf-22 -s "$tmp/pad.o" | awk '$NF == "second" { print $2 + 0 }')
	expect "clang put second at 1, after the static first" [ "$at" = 1 ]
	check "a section that starts with a static variable: C" 0 "" \
		"$TINYBPF" generate "$tmp/pad.o" --lang c -o "$tmp/pad.skel.h"
	printf '#include "pad.skel.h"\nint main(void) { return 0; }\n' >"$tmp/pad_main.c"
	expect "its static asserts hold for gcc" gcc -c "$tmp/pad_main.c" -I"$tmp" -o "$tmp/pad_main.o"
	expect "second at the ELF symbol's offset" grep -qx \
		"_Static_assert(offsetof(struct pad__data, second) == $at, \"offset of second\");" "$tmp/pad.skel.h"
else
	ko "clang-22 -target bpf: $(cat "$tmp/clang.err")"
fi

summary generate
