#!/usr/bin/env bash
# Seeds of the fuzz targets, from real TinyGo output and real objects that
# `make test-build` made: CORPUS/<target>/ for each target. Existing files
# stay (the corpus grows across runs).
#   tests/fuzz/seeds.sh CORPUS TEST_BUILD
set -euo pipefail
corpus=$1 build=$2
cd "$(dirname "$0")/../.."
mkdir -p "$corpus"/{load_inputs,config,generate,verify}

# load_inputs: TinyGo's IR, as text, as bitcode, in an ELF .llvmbc, in an archive.
in=$corpus/load_inputs
for t in two_maps globals map_typed core_task kfunc_task; do
	cp "$build/testdata/$t.ll" "$in/$t.ll"
	llvm-as-22 "$build/testdata/$t.ll" -o "$in/$t.bc"
done
clang-22 -c -fembed-bitcode -Wno-override-module "$build/testdata/globals.ll" -o "$in/globals-embedded.o"
rm -f "$in/archive.a"
llvm-ar-22 rc "$in/archive.a" "$in/two_maps.bc" "$in/globals-embedded.o"

# config: the examples' tinybpf.json and every key of the schema.
for f in examples/*/tinybpf.json; do cp "$f" "$corpus/config/$(basename "$(dirname "$f")").json"; done
printf '{"build": {"output": "build/x.bpf.o", "cpu": "v3", "license": "Dual MIT/GPL",\n  "programs": {"trace_openat": "tracepoint/syscalls/sys_enter_openat", "f": "xdp"}}}\n' \
	>"$corpus/config/all-keys.json"
printf '{"build": {"output": "\\u00e9\\ud83d\\ude00.o", "cpu": "v1"}, "x": [1, -2.5e3, true, null]}' \
	>"$corpus/config/escapes.json"

# generate and verify: objects tinybpf built.
for o in "$build"/objects/*.bpf.o "$build"/conformance/{ringbuf,perf_event,map_shapes,globals_config,core_names}.bpf.o; do
	[ -f "$o" ] || continue
	cp "$o" "$corpus/generate/$(basename "$o")"
	cp "$o" "$corpus/verify/$(basename "$o")"
done
for t in load_inputs config generate verify; do
	echo "seeds: $t: $(ls "$corpus/$t" | wc -l) files"
done
