#!/usr/bin/env bash
# make bench: measures tinybpf against the Go tinybpf and clang on this machine,
# in one interleaved run, and rewrites BENCHMARKS.md.
#
#   bench/run.sh
#     BENCH_ROUNDS=11        link-time rounds (each round runs every tool on every program)
#     BENCH_BUILD_ROUNDS=5   `tinybpf build` rounds
#     BENCH_RUNTIME_ROUNDS=12, BENCH_OPENATS=20000, BENCH_EXECS=200   in-kernel run time
#     BENCH_KERNELS=6.12     QEMU guest for programs the host refuses (fentry); "" for none
#     BENCH_OUT=BENCHMARKS.md
#     BENCH_NOTE=TEXT        a line for the machine table (what else ran meanwhile)
#     BENCH_BASELINE=PATH    an earlier tinybpf (e.g. main's build/bin/tinybpf, copied aside):
#                            its `build`, cold and warm, joins section 4's rounds, and the
#                            targets compare against it
#     BENCH_BASELINE_TINYGO=PATH the TinyGo that baseline shipped with (its commit's
#                            scripts/tinygo-patches: a toolchain dir under
#                            ~/.cache/tinybpf-dev/toolchain); default: the current one
#
# Programs are found by directory: every Go package under examples/,
# tests/testdata/ and tests/conformance/ with an //export function; C twins are
# bench/twins/<example>.bpf.c. Everything is built in build/bench/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/env.sh
source scripts/env.sh
started=$EPOCHREALTIME

rounds=${BENCH_ROUNDS:-11}
build_rounds=${BENCH_BUILD_ROUNDS:-5}
runtime_rounds=${BENCH_RUNTIME_ROUNDS:-12}
openats=${BENCH_OPENATS:-20000}
execs=${BENCH_EXECS:-200}
guest_kernels=${BENCH_KERNELS-6.12}
out=${BENCH_OUT:-$repo/BENCHMARKS.md}
command_line="make bench"
[[ -n ${BENCH_ROUNDS:-}${BENCH_BUILD_ROUNDS:-}${BENCH_RUNTIME_ROUNDS:-} ]] &&
	command_line="BENCH_ROUNDS=$rounds BENCH_BUILD_ROUNDS=$build_rounds BENCH_RUNTIME_ROUNDS=$runtime_rounds make bench"

llvm_bin=$(llvm-config-22 --bindir)
ours=$repo/build/bin/tinybpf
# Our TinyGo flags are `tinybpf build`'s (src/lib/build/tinygo.c); the Go tinybpf's
# build uses -opt=1, and it cannot link -opt=0 IR (runtime.nilPanic is left
# undefined), so link times are measured on the -opt=1 IR for every tool.
tinygo_flags=(-gc=none -scheduler=none -panic=trap)

baseline=${BENCH_BASELINE:-}
baseline_tinygo=${BENCH_BASELINE_TINYGO:-$TINYGO}
[[ -z $baseline || -x $baseline ]] || { echo "bench: BENCH_BASELINE=$baseline is not an executable" >&2; exit 1; }
work=$repo/build/bench
rm -rf "$work"
mkdir -p "$work"/{ir,obj,tmp,cache/ours,cache/go,cache/base,guest}
# The Go tinybpf's cache lives under $XDG_CACHE_HOME/tinybpf; TinyGo's, which
# must stay where setup.sh prepared it, is under $XDG_CACHE_HOME/tinygo.
ln -s "${XDG_CACHE_HOME:-$HOME/.cache}/tinygo" "$work/cache/go/tinygo"
cut -d" " -f1-3 /proc/loadavg >"$work/loadavg.start"
log() { printf 'bench: %s\n' "$*" >&2; }
fail() {
	printf 'bench: error: %s\n' "$*" >&2
	exit 1
}

# --- tools -------------------------------------------------------------------
[[ -x $ours ]] || fail "$ours is missing: run make first"
[[ -x $TINYGO ]] || fail "TinyGo is missing: run scripts/setup.sh"
log "installing the Go tinybpf"
gotinybpf=$(bench/go-tinybpf.sh) || fail "could not install the Go tinybpf (bench/go-tinybpf.sh)"
go_version=$(basename "$(dirname "$gotinybpf")")
# The Go tinybpf finds llvm-link, opt and llc on PATH: give it LLVM 22's.
go_env=(env "PATH=$llvm_bin:$(dirname "$TINYGO"):$PATH")

stat_flags=(-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wno-unused-parameter)
cc "${stat_flags[@]}" -o "$work/bpfstat" bench/bpfstat.c -lbpf || fail "cannot build bench/bpfstat.c"
cc "${stat_flags[@]}" -static -o "$work/guest/bpfstat" bench/bpfstat.c -lbpf -lelf -lz 2>/dev/null ||
	fail "cannot link bench/bpfstat.c statically"
bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$work/vmlinux.h" ||
	fail "bpftool cannot dump /sys/kernel/btf/vmlinux (the C twins need it)"

# Cache support in our CLI is detected, not assumed.
ours_cache=0
"$ours" link --help 2>&1 | grep -q -- '--no-cache' && ours_cache=1
ours_cold=("$ours" link)
ours_build_cold=("$ours" build)
if ((ours_cache)); then
	ours_cold+=(--no-cache)
	ours_build_cold+=(--no-cache)
fi

# --- programs ----------------------------------------------------------------
# programs.tsv: slug, id, module dir, package (relative to the module), status
: >"$work/programs.tsv"
module_of() {
	local d=$1
	while [[ $d != . && ! -f $d/go.mod ]]; do d=$(dirname "$d"); done
	[[ -f $d/go.mod ]] && echo "$d"
}
mapfile -t package_dirs < <(
	for top in examples tests/testdata tests/conformance; do
		[[ -d $top ]] && grep -rl --include='*.go' '^//export ' "$top" | xargs -r -n1 dirname
	done | sort -u
)

note() { printf '%s\t%s\n' "$1" "$2" >>"$work/notes.tsv"; }
: >"$work/notes.tsv"
objdump_programs() { # FILE -> "name section" of each program symbol
	"$llvm_bin/llvm-objdump" -t "$1" | awk '$2 == "g" && $3 == "F" && $4 != ".text" { print $NF, $4 }'
}

for dir in "${package_dirs[@]}"; do
	mod=$(module_of "$dir") || { note "$dir" "no go.mod above it"; continue; }
	id=${dir%/bpf}
	slug=${id//\//_}
	pkg=./${dir#"$mod"/}
	[[ $dir == "$mod" ]] && pkg=.
	ir0=$work/ir/$slug.opt0.ll ir1=$work/ir/$slug.opt1.ll
	log "preparing $id"
	if ! (cd "$mod" && "$TINYGO" build "${tinygo_flags[@]}" -opt=0 -o "$ir0" "$pkg" &&
		"$TINYGO" build "${tinygo_flags[@]}" -opt=1 -o "$ir1" "$pkg") >"$work/tmp/err" 2>&1; then
		note "$id" "TinyGo failed: $(grep -m1 . "$work/tmp/err")"
		continue
	fi
	if ! (cd "$mod" && "$ours" link -i "$ir0" -o "$work/obj/$slug.ours.o") 2>"$work/tmp/err"; then
		note "$id" "refused by tinybpf (as intended for a refusal test): $(grep -m1 error "$work/tmp/err")"
		continue
	fi
	if ! (cd "$mod" && "$ours" link -i "$ir1" -o "$work/tmp/$slug.opt1.o") 2>"$work/tmp/err"; then
		note "$id" "tinybpf refuses the -opt=1 IR: $(grep -m1 error "$work/tmp/err")"
		continue
	fi
	# The Go tinybpf mistakes TinyGo 0.42's libm definitions (fmaximum, ...)
	# for programs unless told which functions are programs.
	go_flags=()
	while read -r name section; do
		go_flags+=(--program "$name" --section "$name=$section")
	done < <(objdump_programs "$work/obj/$slug.ours.o")
	printf '%s\n' "${go_flags[@]}" >"$work/tmp/$slug.goflags"
	if ! (cd "$mod" && "${go_env[@]}" "$gotinybpf" link --cache=false -i "$ir1" -o "$work/obj/$slug.go.o" \
		"${go_flags[@]}") >"$work/tmp/err" 2>&1; then
		rm -f "$work/obj/$slug.go.o"
		note "$id" "Go tinybpf cannot link it: $(grep -A1 -m1 -E 'failed|error' "$work/tmp/err" | tr '\n' ' ')"
	fi
	printf '%s\t%s\t%s\t%s\n' "$slug" "$id" "$mod" "$pkg" >>"$work/programs.tsv"
done

# C twins: bench/twins/NAME.bpf.c pairs with examples/NAME, whether or not
# that example exists yet.
clang_flags=(-O2 -g -target bpf -D__TARGET_ARCH_x86 -I"$work")
for twin in bench/twins/*.bpf.c; do
	name=$(basename "$twin" .bpf.c)
	slug=examples_$name
	clang-22 "${clang_flags[@]}" -c "$twin" -o "$work/obj/$slug.c.o" || fail "clang-22 cannot compile $twin"
	grep -q "^$slug	" "$work/programs.tsv" ||
		printf '%s\t%s\t-\t-\n' "$slug" "examples/$name" >>"$work/programs.tsv"
done

# --- 1. link time --------------------------------------------------------------
# Every round runs every variant on every program, rotating the variants'
# order, so load from other processes spreads over all of them alike.
# Bash's $EPOCHREALTIME costs no fork; each sample includes exec and exit.
timed() { # FILE KEY CMD... -> appends KEY<TAB>microseconds (or FAIL)
	local file=$1 key=$2 t0 t1
	shift 2
	t0=$EPOCHREALTIME
	if "$@" >/dev/null 2>&1; then
		t1=$EPOCHREALTIME
		printf '%s\t%s\n' "$key" "$((${t1/./} - ${t0/./}))" >>"$file"
	else
		printf '%s\tFAIL\n' "$key" >>"$file"
	fi
}

# variant TABLE VARIANT SLUG MODULE PACKAGE: one timed run into TABLE.tsv
variant() {
	local table=$1 v=$2 s=$3 pkg=$5 o=$work/tmp/timed.o
	local ir1=$work/ir/$3.opt1.ll ir0=$work/ir/$3.opt0.ll
	local -a goflags go_cached=("${go_env[@]}" XDG_CACHE_HOME="$work/cache/go" "$gotinybpf")
	mapfile -t goflags <"$work/tmp/$s.goflags"
	# The Go tinybpf only where it can link the program at all.
	[[ $v != go-* || -f $work/obj/$s.go.o ]] || return 0
	cd "$4"
	local -a cmd
	case $table:$v in
	link:ours-cold) cmd=("${ours_cold[@]}" -o "$o" -i "$ir1") ;;
	link:ours-opt0) cmd=("${ours_cold[@]}" -o "$o" -i "$ir0") ;;
	link:ours-warm) cmd=(env TINYBPF_CACHE="$work/cache/ours" "$ours" link -o "$o" -i "$ir1") ;;
	link:go-cold) cmd=("${go_env[@]}" "$gotinybpf" link --cache=false -o "$o" -i "$ir1" "${goflags[@]}") ;;
	link:go-warm) cmd=("${go_cached[@]}" link -o "$o" -i "$ir1" "${goflags[@]}") ;;
	link:chain) cmd=(sh -c '"$1/llvm-link" "$2" | "$1/opt" -O2 | "$1/llc" -march=bpf -mcpu=v3 -filetype=obj -o "$3"' sh "$llvm_bin" "$ir1" "$o") ;;
	# The Go tinybpf's flags must come before the package (Go's flag package).
	build:ours-cold) cmd=("${ours_build_cold[@]}" -o "$o" "$pkg") ;;
	build:ours-warm) cmd=(env TINYBPF_CACHE="$work/cache/ours" "$ours" build -o "$o" "$pkg") ;;
	build:base-cold) cmd=(env TINYGO="$baseline_tinygo" "$baseline" build --no-cache -o "$o" "$pkg") ;;
	build:base-warm) cmd=(env TINYGO="$baseline_tinygo" TINYBPF_CACHE="$work/cache/base" "$baseline" build -o "$o" "$pkg") ;;
	build:go-cold) cmd=("${go_env[@]}" "$gotinybpf" build --cache=false -o "$o" "${goflags[@]}" "$pkg") ;;
	build:go-warm) cmd=("${go_cached[@]}" build -o "$o" "${goflags[@]}" "$pkg") ;;
	esac
	timed "$work/$table.tsv" "$s $v" "${cmd[@]}"
	cd "$repo"
}

# interleave TABLE ROUNDS VARIANT...: programs from $work/TABLE.programs. One
# untimed run of each warm variant fills its cache first.
interleave() {
	local table=$1 n=$2 r k slug mod pkg
	shift 2
	local -a vs=("$@") entries
	mapfile -t entries <"$work/$table.programs"
	log "$table: $n rounds x ${#entries[@]} programs x ${#vs[@]} variants"
	for entry in "${entries[@]}"; do
		IFS=$'\t' read -r slug mod pkg <<<"$entry"
		for v in "${vs[@]}"; do [[ $v != *-warm ]] || variant "$table" "$v" "$slug" "$mod" "$pkg"; done
	done
	: >"$work/$table.tsv"
	for ((r = 0; r < n; r++)); do
		for entry in "${entries[@]}"; do
			IFS=$'\t' read -r slug mod pkg <<<"$entry"
			for ((k = 0; k < ${#vs[@]}; k++)); do
				variant "$table" "${vs[(k + r) % ${#vs[@]}]}" "$slug" "$mod" "$pkg"
			done
		done
	done
}

awk -F'\t' -v OFS='\t' '$3 != "-" { print $1, $3, $4 }' "$work/programs.tsv" >"$work/link.programs"
variants=(ours-cold ours-opt0 go-cold go-warm chain)
((ours_cache)) && variants+=(ours-warm)
interleave link "$rounds" "${variants[@]}"

# --- 1b. scaling: one module of 1 to 200 programs ------------------------------
bench/scaling.sh "$work" "$gotinybpf"

# --- 2. instruction counts -----------------------------------------------------
log "instruction counts on the host"
"$work/bpfstat" count "$work"/obj/*.ours.o "$work"/obj/*.go.o "$work"/obj/*.c.o |
	sed "s|^count|$(uname -r) (host)|" >"$work/count.tsv" || true
mapfile -t refused < <(awk -F'\t' '$5 == "refused" { print $2 }' "$work/count.tsv" | sort -u)
if ((${#refused[@]})) && [[ -n $guest_kernels ]]; then
	log "instruction counts in QEMU ($guest_kernels) for ${#refused[@]} objects the host refuses"
	files=()
	for f in "${refused[@]}"; do files+=(--file "$f"); done
	if tests/kernels/run.sh --kernels "$guest_kernels" --timeout 300 --log-dir "$work/guest/logs" \
		"${files[@]}" "$work/guest/bpfstat" >"$work/guest/run.out" 2>&1; then
		for k in $guest_kernels; do
			tr -d '\r' <"$work/guest/logs/$k.log" | awk -F'\t' -v OFS='\t' -v dir="$work/obj" -v k="$k" '
				$1 == "count" { sub("^/data", dir, $2); $1 = k " (QEMU)"; print }' >>"$work/count.tsv"
		done
	else
		note "QEMU" "tests/kernels/run.sh failed; see $work/guest/run.out"
	fi
fi

# --- 3. run time in the kernel -------------------------------------------------
: >"$work/runtime.tsv"
for twin in "$work"/obj/*.c.o; do
	slug=$(basename "$twin" .c.o)
	[[ -f $work/obj/$slug.ours.o ]] || continue
	sections=$(objdump_programs "$twin" | awk '{print $2}')
	grep -q '^tracepoint/\|^raw_tracepoint/\|^raw_tp/\|^tp/' <<<"$sections" || continue
	if grep -q exec <<<"$sections"; then workload=exec calls=$execs; else workload=openat calls=$openats; fi
	objs=("$work/obj/$slug.ours.o" "$twin")
	[[ -f $work/obj/$slug.go.o ]] && objs+=("$work/obj/$slug.go.o")
	log "run time of $slug: $runtime_rounds rounds of $calls $workload calls"
	if "$work/bpfstat" runtime "$workload" "$calls" "$runtime_rounds" "${objs[@]}" >"$work/tmp/runtime" 2>"$work/tmp/err"; then
		awk -v w="$workload" '{ print $0 "\t" w }' "$work/tmp/runtime" >>"$work/runtime.tsv"
	else
		note "$slug" "run time not measured: $(grep -m1 . "$work/tmp/err")"
	fi
done

# --- 4. tinybpf build end to end ---------------------------------------------
awk -F'\t' -v OFS='\t' '$2 ~ /^examples\// && $3 != "-" { print $1, $3, $4 }' "$work/programs.tsv" >"$work/build.programs"
variants=(ours-cold go-cold go-warm)
((ours_cache)) && variants+=(ours-warm)
[[ -n $baseline ]] && variants+=(base-cold base-warm)
interleave build "$build_rounds" "${variants[@]}"

# --- BENCHMARKS.md -------------------------------------------------------------
elapsed=$(((${EPOCHREALTIME/./} - ${started/./}) / 1000000))
export ours_cache rounds build_rounds runtime_rounds openats execs baseline baseline_tinygo
export BENCH_NOTE=${BENCH_NOTE:-}
bench/report.sh "$work" "$command_line" "$elapsed" "$gotinybpf" "$go_version" >"$out.partial"
mv "$out.partial" "$out"
log "wrote $out in ${elapsed}s"
