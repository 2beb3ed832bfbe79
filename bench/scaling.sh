#!/usr/bin/env bash
# The scaling series of make bench: link time and peak memory of one module
# with 1, 10, 50 and 200 programs, tinybpf against the Go tinybpf and LLVM's
# own llvm-link | opt | llc, in one interleaved run; draws bench/scaling.png.
#
#   bench/scaling.sh WORK GO_TINYBPF
#     BENCH_SCALING_COUNTS="1 10 50 200"   programs per module
#     BENCH_SCALING_ROUNDS=5                rounds (each runs every tool on every size)
#
# Writes WORK/scaling.tsv (count, tool, round, wall µs, peak RSS KiB) and
# bench/scaling.png (gnuplot, from Debian's gnuplot-nox). The programs are
# generated: XDP programs that each parse a packet, look up and update a
# shared hash map and take a branch of their own, so no two are alike and LLVM
# cannot merge them. Everything is written inside each program: the Go tinybpf
# deletes Go functions that stay calls and cannot rewrite heap escapes that
# TinyGo inlined.
set -euo pipefail
work=$1 gotinybpf=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$repo/scripts/env.sh"
counts=${BENCH_SCALING_COUNTS:-1 10 50 200}
rounds=${BENCH_SCALING_ROUNDS:-5}
ours=$repo/build/bin/tinybpf
llvm_bin=$(llvm-config-22 --bindir)
log() { printf 'bench: scaling: %s\n' "$*" >&2; }
for tool in /usr/bin/time gnuplot; do
	command -v "$tool" >/dev/null || {
		echo "bench: scaling needs $tool (Debian packages time and gnuplot-nox; scripts/setup.sh installs them)" >&2
		exit 1
	}
done

dir=$work/scaling
rm -rf "$dir"
mkdir -p "$dir"

# gen N: a Go package with N programs, its TinyGo IR and the Go tinybpf's flags.
gen() {
	local n=$1 pkg=$dir/p$1 i
	mkdir -p "$pkg"
	printf 'module scaling%d\n\ngo 1.24\n' "$n" >"$pkg/go.mod"
	{
		cat <<-'EOF'
			//go:build tinygo

			package main

			import "unsafe"

			type bpfMapDef struct {
				Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
			}

			var counts = bpfMapDef{Type: 1, KeySize: 4, ValueSize: 8, MaxEntries: 1024}

			type xdpMd struct{ Data, DataEnd uint32 }

			func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
			func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

			func main() {}
		EOF
		for ((i = 0; i < n; i++)); do
			cat <<-EOF

				//go:section xdp
				//export prog$i
				func prog$i(ctx *xdpMd) int32 {
					data, end := uintptr(ctx.Data), uintptr(ctx.DataEnd)
					if data == 0 || data+14 > end {
						return 1
					}
					eth := (*[14]byte)(unsafe.Pointer(data))
					proto := uint32(eth[12])<<8 | uint32(eth[13])
					key, add := proto^$i, uint64(end-data)
					if proto == $((0x0800 + i)) {
						key, add = $i, 1
					}
					if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&key))); v != nil {
						*v += add
						return 1
					}
					bpfMapUpdateElem(unsafe.Pointer(&counts), unsafe.Pointer(&key), unsafe.Pointer(&add), 0)
					return 2
				}
			EOF
		done
	} >"$pkg/main.go"
	(cd "$pkg" && "$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=1 -o "$dir/p$n.ll" .)
	for ((i = 0; i < n; i++)); do printf -- '--program\nprog%d\n--section\nprog%d=xdp\n' "$i" "$i"; done >"$dir/p$n.goflags"
}

for n in $counts; do
	log "generating a module of $n programs"
	gen "$n"
done

# sample N TOOL ROUND: one run under GNU time, appended to scaling.tsv
sample() {
	local n=$1 tool=$2 r=$3 ir=$dir/p$1.ll out=$dir/out.o t0 t1 rss
	local -a cmd goflags
	case $tool in
	tinybpf) cmd=("$ours" link --no-cache -o "$out" -i "$ir") ;;
	go-tinybpf)
		mapfile -t goflags <"$dir/p$n.goflags"
		cmd=(env "PATH=$llvm_bin:$PATH" "$gotinybpf" link --cache=false -o "$out" -i "$ir" "${goflags[@]}")
		;;
	opt+llc) cmd=(sh -c '"$1/llvm-link" "$2" | "$1/opt" -O2 | "$1/llc" -march=bpf -mcpu=v3 -filetype=obj -o "$3"' sh "$llvm_bin" "$ir" "$out") ;;
	esac
	rm -f "$out"
	t0=$EPOCHREALTIME
	if /usr/bin/time -f '%M' -o "$dir/rss" "${cmd[@]}" >/dev/null 2>"$dir/err" && [[ -s $out ]]; then
		t1=$EPOCHREALTIME
		rss=$(tail -1 "$dir/rss")
		printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$r" "$((${t1/./} - ${t0/./}))" "$rss" >>"$work/scaling.tsv"
	else
		printf '%s\t%s\t%s\tFAIL\tFAIL\n' "$n" "$tool" "$r" >>"$work/scaling.tsv"
		log "$tool failed on $n programs: $(grep -m1 . "$dir/err" || true)"
	fi
}

tools=(tinybpf go-tinybpf opt+llc)
: >"$work/scaling.tsv"
for ((r = 0; r < rounds; r++)); do
	log "round $((r + 1)) of $rounds"
	for n in $counts; do
		for ((k = 0; k < ${#tools[@]}; k++)); do
			sample "$n" "${tools[(k + r) % ${#tools[@]}]}" "$r"
		done
	done
done

# Medians per count and tool: count, tool, median ms, min ms, max ms, median MiB.
median() { # column of scaling.tsv -> "count<TAB>tool<TAB>median<TAB>min<TAB>max"
	awk -F'\t' -v c="$1" '$4 != "FAIL" { print $1 "\t" $2 "\t" $c }' "$work/scaling.tsv" |
		sort -t$'\t' -k1,1n -k2,2 -k3,3n | awk -F'\t' -v OFS='\t' '
		function flush() {
			if (key != "")
				print key, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), v[1], v[n]
		}
		$1 "\t" $2 != key { flush(); key = $1 "\t" $2; n = 0 }
		{ v[++n] = $3 }
		END { flush() }'
}
median 4 >"$dir/time.median"
median 5 >"$dir/rss.median"
join -t$'\t' <(awk -F'\t' '{ print $1 "/" $2 "\t" $3 / 1000 "\t" $4 / 1000 "\t" $5 / 1000 }' "$dir/time.median" | sort) \
	<(awk -F'\t' '{ print $1 "/" $2 "\t" $3 / 1024 }' "$dir/rss.median" | sort) |
	awk -F'\t' -v OFS='\t' '{ split($1, k, "/"); print k[1], k[2], $2, $3, $4, $5 }' |
	sort -t$'\t' -k1,1n -k2,2 >"$work/scaling.summary"

for tool in "${tools[@]}"; do
	awk -F'\t' -v t="$tool" '$2 == t' "$work/scaling.summary" >"$dir/$tool.dat"
done
gnuplot <<-EOF
	set terminal pngcairo size 1100,440 font "DejaVu Sans,10"
	set output "$repo/bench/scaling.png"
	set multiplot layout 1,2 title "One module, N programs: cold link (median of $rounds rounds; load average $(cut -d' ' -f1 /proc/loadavg))"
	set logscale x
	set xtics ($(echo "$counts" | sed 's/ /, /g'))
	set xlabel "programs in the module"
	set key top left
	set grid
	set yrange [0:*]
	set ylabel "wall time (ms)"
	plot "$dir/tinybpf.dat" using 1:3 with linespoints lw 2 title "tinybpf", \
	     "$dir/go-tinybpf.dat" using 1:3 with linespoints lw 2 title "Go tinybpf", \
	     "$dir/opt+llc.dat" using 1:3 with linespoints lw 2 title "llvm-link | opt -O2 | llc"
	set key bottom right
	set ylabel "peak RSS of the largest process (MiB)"
	plot "$dir/tinybpf.dat" using 1:6 with linespoints lw 2 title "tinybpf", \
	     "$dir/go-tinybpf.dat" using 1:6 with linespoints lw 2 title "Go tinybpf", \
	     "$dir/opt+llc.dat" using 1:6 with linespoints lw 2 title "llvm-link | opt -O2 | llc"
	unset multiplot
EOF
log "wrote bench/scaling.png"
