#!/usr/bin/env bash
# Kernel-matrix suite: tinybpf-built Go programs, and the examples' tracers, run in
# Debian's kernels under QEMU (the host refuses fentry/fexit/lsm and has no kprobes):
# x86_64 5.10, 6.1, 6.12 and arm64 6.1, 6.12; the CO-RE tests also on the host.
#
# Usage: tests/kernels/suite.sh [--kernels LIST] [--timeout SECONDS] [--keep] [--doc FILE]
#   --kernels   series for run.sh, any of 5.10 6.1 6.12 6.1-arm64 6.12-arm64 (default: all);
#               "" runs the host column only
#   --timeout   per-test timeout, passed to run.sh                   (default: 60)
#   --keep      keep the work directory (objects, binaries, logs) even on success
#   --doc FILE  write the results table into FILE, between its "<!-- matrix:begin -->" and
#               "<!-- matrix:end -->" lines (docs/kernels.md); only after a run with no failure
# Environment: TINYBPF=path uses that tinybpf instead of building one; CC (default gcc);
#   CC_ARM64 (default aarch64-linux-gnu-gcc) for the arm64 guests' C tests.
#
# Steps:
#   1. build tinybpf from this tree into build/kernels-suite (make BUILD=...), so a
#      binary someone else left in build/ from a half-edited tree cannot leak in;
#   2. TinyGo IR of tests/testdata/{core_task,kfunc_task,core_queries} + tinybpf link,
#      once: CO-RE objects are architecture-neutral, every kernel loads these files;
#   3. per architecture and BPF instruction set (a "group" of kernels): the guest tests
#      tests/kernels/guest/*_test.c linked statically with libbpf (arm64: cross-built
#      against fetch.sh --sysroot arm64) and guest/*.sh, the objects of
#      examples/fentry-unlink and guest/sdk_contexts (the SDK's typed contexts) and the
#      cilium/ebpf twins (guest/cilium) built for the GOARCH, and each example's guest smoke test (examples/NAME/scripts/smoke.sh --stage, with
#      GOARCH set); for kernels before 5.12, the objects that hold BPF atomics with fetch
#      are built with BPF_CPU=v2 (see docs/kernels.md), the others as they ship;
#   4. one run.sh per group: one boot per kernel runs every test;
#   5. run.sh --host with the CO-RE tests: the same files on the host kernel, and the
#      guest smoke tests of host_examples (their programs run on the host too).
# Then one table, tests by kernel ("-" = not run there; "PASS*" = the test proved that
# the kernel refuses the feature, as documented), boot times, and the task_struct
# offsets each kernel relocated to. Last line: "kernels: N passed, N failed", counted
# from run.sh's results.tsv files (a kernel without TBPF-DONE and a failed build step
# count as failed). Exit 0 only if none failed.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

# The examples whose guest smoke tests run in every guest: one line each. Each one's
# scripts/smoke.sh --stage DIR puts its test in DIR/tests and its files in DIR/files
# (examples/internal/scripts/guest-smoke.sh does it for them).
guest_examples=(
	kprobe-openat
	fentry-open
	fentry-unlink
	tracepoint-openat
	rawtp-sched
	opensnoop
	percpu-counter
	uprobe
	iterator
	lsm-file-open
	kfunc-task
	xdp-filter
	tc-filter
	cgroup-connect
	tracepoint-connect
)
# Examples whose guest smoke test also runs on the host (its kernel allows their programs).
host_examples=(kfunc-task)
# The C guest tests (tests/kernels/guest/NAME.c), and those that also run on the host;
# guest_scripts (tests/kernels/guest/NAME.sh, busybox sh) run in every guest as they are.
guest_tests=(fentry_unlink_test core_task_test kfunc_task_test core_queries_test core_read_test inode_storage_test
	sdk_contexts_test)
guest_scripts=(bpf_lsm_test)
host_tests=(core_task_test kfunc_task_test core_queries_test core_read_test)

kernels="5.10 6.1 6.12 6.1-arm64 6.12-arm64"
timeout=60
keep=0
doc=""
while (($#)); do
	case "$1" in
	--kernels) (($# >= 2)) || { echo "suite.sh: --kernels needs a value" >&2; exit 2; }; kernels=$2; shift ;;
	--timeout) (($# >= 2)) || { echo "suite.sh: --timeout needs a value" >&2; exit 2; }; timeout=$2; shift ;;
	--keep) keep=1 ;;
	--doc) (($# >= 2)) || { echo "suite.sh: --doc needs a file" >&2; exit 2; }; doc=$2; shift ;;
	-h | --help) sed -n '2,34s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "suite.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done
if [[ -n $doc ]] && ! grep -q '^<!-- matrix:begin -->$' "$doc" 2>/dev/null; then
	echo "suite.sh: --doc $doc: no '<!-- matrix:begin -->' line in it" >&2
	exit 2
fi

CC=${CC:-gcc}
CC_ARM64=${CC_ARM64:-aarch64-linux-gnu-gcc}
work=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-kernels-suite.XXXXXX")
passed=0
failed=0
t_start=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

finish() {
	echo "suite.sh: total $(elapsed "$t_start")s"
	if ((failed)); then
		echo "suite.sh: work directory kept: $work"
	elif ((keep)); then
		echo "suite.sh: work directory: $work"
	else
		rm -rf "$work"
	fi
	echo "kernels: $passed passed, $failed failed"
	((failed == 0))
	exit
}
step_failed() {
	echo "suite.sh: FAIL: $*"
	failed=$((failed + 1))
	finish
}

# shellcheck source=scripts/env.sh
source "$repo/scripts/env.sh"
[[ -x $TINYGO ]] || step_failed "TinyGo not found at $TINYGO (run scripts/setup.sh)"

# --- 1. tinybpf ------------------------------------------------------------------
# Others may edit src/ while this runs (seen: a mutation test flipping a helper id
# for a few seconds). Record the tree's state so a change during the build is told.
src_state() { git -C "$repo" diff HEAD -- src include 2>/dev/null | sha1sum; }
state_before=$(src_state)
dirty=$(git -C "$repo" status --porcelain -- src include 2>/dev/null || true)
[[ -z $dirty ]] || printf 'suite.sh: note: uncommitted changes in src/ or include/:\n%s\n' "$dirty"
t0=$(date +%s.%N)
if [[ -n ${TINYBPF:-} ]]; then
	tinybpf=$TINYBPF
else
	suite_build="$repo/build/kernels-suite"
	make -s -C "$repo" -j"$(nproc)" BUILD="$suite_build" "$suite_build/bin/tinybpf" \
		>"$work/make.log" 2>&1 || { cat "$work/make.log"; step_failed "make tinybpf"; }
	tinybpf="$suite_build/bin/tinybpf"
fi
echo "suite.sh: tinybpf $tinybpf ($(elapsed "$t0")s)"

# --- 2. the CO-RE objects, once ---------------------------------------------------
# Built as tests/tests.mk builds testdata objects; every kernel below loads these files.
t0=$(date +%s.%N)
core_files=()
# sdk_inode_storage: bpf.InodeStorage needs LSM programs, so only guests run its test.
for case in core_task kfunc_task core_queries core_read sdk_inode_storage; do
	(cd "$repo/tests/testdata" &&
		"$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=0 -o "$work/$case.ll" "./$case") ||
		step_failed "tinygo build tests/testdata/$case"
	"$tinybpf" link -i "$work/$case.ll" -o "$work/$case.bpf.o" || step_failed "tinybpf link $case.ll"
	core_files+=(--file "$work/$case.bpf.o")
done
relos="?"
if command -v llvm-objdump-22 >/dev/null; then
	relos=$(llvm-objdump-22 -dr "$work/core_task.bpf.o" | grep -c 'CO-RE <' || true)
fi
echo "suite.sh: built core_task.bpf.o ($relos CO-RE relocations, sha256" \
	"$(sha256sum "$work/core_task.bpf.o" | cut -c1-16)), kfunc_task.bpf.o, core_queries.bpf.o ($(elapsed "$t0")s)"
[[ $(src_state) == "$state_before" ]] ||
	echo "suite.sh: WARNING: src/ or include/ changed while tinybpf was built; rerun before trusting the result"

# --- 3. groups: kernels of one architecture and one BPF instruction set ---------------
read -r -a klist <<<"$kernels"
declare -A garch gcpu gkernels
groups=()
if ((${#klist[@]})); then
	fetched=$("$here/fetch.sh" "${klist[@]}") || step_failed "tests/kernels/fetch.sh ${klist[*]}"
	for k in "${klist[@]}"; do
		line=$(awk -F'\t' -v k="$k" '$1 == k { print; exit }' <<<"$fetched")
		IFS=$'\t' read -r _ path _ arch _ <<<"$line"
		# BPF atomic instructions with BPF_FETCH came in 5.12; at v3, LLVM lowers Go's
		# sync/atomic adds (sequentially consistent) to them, and 5.10's verifier refuses
		# them ("BPF_STX uses reserved fields"). v2 gives the older BPF_XADD. Objects
		# without such atomics keep the default (v3) there too: see stage_example.
		cpu=""
		ver=$(basename "$path" | sed -n 's/^vmlinuz-\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
		read -r maj min <<<"${ver:-99 0}"
		((maj < 5 || (maj == 5 && min < 12))) && cpu=v2
		g="$arch${cpu:+-$cpu}"
		if [[ -z ${garch[$g]:-} ]]; then
			groups+=("$g")
			garch[$g]=$arch
			gcpu[$g]=$cpu
		fi
		gkernels[$g]="${gkernels[$g]:-}${gkernels[$g]:+ }$k"
	done
fi

# The C guest tests, statically linked, per architecture.
build_c_tests() { # ARCH -> $work/bin-ARCH/
	local arch=$1 cc flags=() t
	[[ -d $work/bin-$arch ]] && return 0
	mkdir -p "$work/bin-$arch"
	case "$arch" in
	amd64) cc=$CC ;;
	arm64)
		cc=$CC_ARM64
		command -v "$cc" >/dev/null || step_failed "$cc missing (packages gcc-aarch64-linux-gnu libc6-dev-arm64-cross)"
		local sysroot
		sysroot=$("$here/fetch.sh" --sysroot arm64) || step_failed "tests/kernels/fetch.sh --sysroot arm64"
		flags=(-I"$sysroot/usr/include" -L"$sysroot/usr/lib/aarch64-linux-gnu")
		;;
	esac
	for t in "${guest_tests[@]}"; do
		"$cc" -O2 -Wall -Wextra -static "${flags[@]}" "$here/guest/$t.c" -o "$work/bin-$arch/$t" \
			-lbpf -lelf -lz || step_failed "$cc -static guest/$t.c (needs libbpf-dev libelf-dev zlib1g-dev)"
	done
}

# fetch_atomics FILE...: do these objects hold BPF atomics with BPF_FETCH (5.12+)?
fetch_atomics() {
	local o
	for o; do
		# Not grep -q: it would stop reading early, and llvm-objdump's SIGPIPE would fail
		# the pipeline (pipefail) on a match.
		llvm-objdump-22 -d --no-show-raw-insn "$o" | grep -E 'atomic_fetch_|xchg|cmpxchg' >/dev/null && return 0
	done
	return 1
}

# stage_example EX GROUP: EX's guest smoke test, its commands and objects into the
# group's stage. For a group of kernels before 5.12 (gcpu v2), the example is built as
# it ships (v3) unless its objects hold atomics with BPF_FETCH; only then with
# BPF_CPU=v2, and $stage/cpu.tsv says so.
stage_example() {
	local ex=$1 g=$2 arch=${garch[$2]} cpu="" dir="$work/ex-$1-$2"
	while :; do
		rm -rf "$dir"
		GOARCH=$arch BPF_CPU=$cpu TINYBPF_BIN=$tinybpf "$repo/examples/$ex/scripts/smoke.sh" --stage "$dir" \
			>"$work/smoke-$ex-$g.log" 2>&1 || {
			cat "$work/smoke-$ex-$g.log"
			step_failed "GOARCH=$arch BPF_CPU=$cpu examples/$ex/scripts/smoke.sh --stage"
		}
		[[ -z $cpu && -n ${gcpu[$g]} ]] && fetch_atomics "$dir"/files/*.bpf.o || break
		cpu=${gcpu[$g]}
	done
	[[ -z $cpu ]] || printf '%s\t%s\n' "$ex" "$cpu" >>"${gstage[$g]}/cpu.tsv"
	cp "$dir"/files/* "${gstage[$g]}/files/"
	cp "$dir"/tests/* "${gstage[$g]}/tests/"
}

# stage_object TEST DIR PKG FILE GROUP: `tinybpf build` of DIR's package PKG (with the
# group's GOARCH) into the group's stage as FILE, rebuilt with --cpu v2 for a group of
# kernels before 5.12 if it holds BPF atomics with fetch ($stage/cpu.tsv says so).
stage_object() {
	local test=$1 dir=$2 pkg=$3 file=$4 g=$5 cpu="" out="${gstage[$5]}/files/$4"
	while :; do
		(cd "$dir" && GOARCH=${garch[$g]} "$tinybpf" build ${cpu:+--cpu "$cpu"} -o "$out" "$pkg") ||
			step_failed "tinybpf build ${dir#"$repo"/} (GOARCH=${garch[$g]}${cpu:+ --cpu $cpu})"
		[[ -z $cpu && -n ${gcpu[$g]} ]] && fetch_atomics "$out" || break
		cpu=${gcpu[$g]}
	done
	[[ -z $cpu ]] || printf '%s\t%s\n' "$test" "$cpu" >>"${gstage[$g]}/cpu.tsv"
}

declare -A gstage
for g in "${groups[@]}"; do
	t0=$(date +%s.%N)
	arch=${garch[$g]}
	stage="$work/stage-$g"
	mkdir -p "$stage/files" "$stage/tests"
	: >"$stage/cpu.tsv"
	gstage[$g]=$stage
	build_c_tests "$arch"
	cp "$work/bin-$arch/"* "$stage/tests/"
	for t in "${guest_scripts[@]}"; do cp "$here/guest/$t.sh" "$stage/tests/$t"; done
	# The objects of fentry_unlink_test and sdk_contexts_test (pt_regs and perf_event
	# registers differ per GOARCH), by the same rule as the examples.
	stage_object fentry_unlink_test "$repo/examples/fentry-unlink" ./bpf fentry-unlink.bpf.o "$g"
	stage_object sdk_contexts_test "$here/guest/sdk_contexts" . sdk_contexts.bpf.o "$g"
	# The cilium/ebpf twins of sdk_contexts_test and inode_storage_test: one static Go
	# binary, run under one name per test.
	(cd "$here/guest/cilium" && CGO_ENABLED=0 GOARCH=$arch go build -o "$stage/tests/sdk_contexts_cilium" .) ||
		step_failed "go build tests/kernels/guest/cilium (GOARCH=$arch)"
	cp "$stage/tests/sdk_contexts_cilium" "$stage/tests/inode_storage_cilium"
	for ex in "${guest_examples[@]}"; do
		stage_example "$ex" "$g"
	done
	v2=$(cut -f1 "$stage/cpu.tsv" | paste -sd' ')
	echo "suite.sh: staged $g (GOARCH=$arch) for ${gkernels[$g]} ($(elapsed "$t0")s)${v2:+; built with BPF_CPU=${gcpu[$g]} (BPF atomics with fetch): $v2}"
done

# --- 4. boot the kernels; 5. the host -------------------------------------------------
rc=0
tsvs=()
logdirs=()
for g in "${groups[@]}"; do
	t0=$(date +%s.%N)
	files=("${core_files[@]}")
	for f in "${gstage[$g]}"/files/*; do files+=(--file "$f"); done
	grc=0
	"$here/run.sh" --kernels "${gkernels[$g]}" --timeout "$timeout" --log-dir "$work/logs-$g" \
		"${files[@]}" "${gstage[$g]}"/tests/* || grc=$?
	echo "suite.sh: run.sh (${gkernels[$g]}) exit status $grc ($(elapsed "$t0")s)"
	tsvs+=("$work/logs-$g/results.tsv")
	logdirs+=("$work/logs-$g")
	((rc != 0)) || rc=$grc
done
t0=$(date +%s.%N)
hrc=0
build_c_tests amd64
host_files=("${core_files[@]}") host_bins=("${host_tests[@]/#/$work/bin-amd64/}")
for ex in "${host_examples[@]}"; do
	TINYBPF_BIN=$tinybpf "$repo/examples/$ex/scripts/smoke.sh" --stage "$work/host-$ex" >"$work/smoke-$ex-host.log" 2>&1 ||
		{ cat "$work/smoke-$ex-host.log"; step_failed "examples/$ex/scripts/smoke.sh --stage (host)"; }
	for f in "$work/host-$ex"/files/*; do host_files+=(--file "$f"); done
	host_bins+=("$work/host-$ex"/tests/*)
done
"$here/run.sh" --kernels "" --host --timeout "$timeout" --log-dir "$work/logs-host" \
	"${host_files[@]}" "${host_bins[@]}" || hrc=$?
echo "suite.sh: run.sh --host exit status $hrc ($(elapsed "$t0")s)"
tsvs+=("$work/logs-host/results.tsv")
logdirs+=("$work/logs-host")
((rc != 0)) || rc=$hrc

# --- one table for every run ---------------------------------------------------------------
# results.tsv: TEST<TAB>KERNEL<TAB>RESULT; "@done" rows only count when missing.
# notes.tsv: TEST<TAB>KERNEL<TAB>WHY for a pass that proved a documented refusal.
declare -A cell logfile note uname_of secs_of retry_of
tests=()
columns=()
for dir in "${logdirs[@]}"; do
	tsv=$dir/results.tsv
	[[ -s $tsv ]] || continue
	while IFS=$'\t' read -r test kernel result; do
		if [[ $test == "@done" ]]; then
			[[ " ${columns[*]} " == *" $kernel "* ]] || columns+=("$kernel")
			logfile[$kernel]="$dir/$kernel.log"
			[[ -f ${logfile[$kernel]} ]] || logfile[$kernel]="$dir/host.log"
			[[ $result == PASS ]] || { failed=$((failed + 1)); echo "suite.sh: $kernel: no TBPF-DONE"; }
			continue
		fi
		[[ " ${tests[*]} " == *" $test "* ]] || tests+=("$test")
		cell[$test/$kernel]=$result
		if [[ $result == PASS ]]; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done <"$tsv"
	while IFS=$'\t' read -r test kernel why; do
		note[$test/$kernel]=$why
		cell[$test/$kernel]="PASS*"
	done < <(cat "$dir/notes.tsv" 2>/dev/null || true)
	while IFS=$'\t' read -r kernel _ running secs nboots bnote; do
		uname_of[$kernel]=$running
		[[ -n ${secs_of[$kernel]:-} ]] || secs_of[$kernel]=$secs
		if [[ $nboots == 2 ]]; then
			echo "suite.sh: RETRY: $kernel was booted twice: $bnote"
			retry_of[$kernel]=$bnote
		fi
	done < <(cat "$dir/boots.tsv" 2>/dev/null || true)
done
if ((${#tests[@]})); then
	echo
	echo "suite.sh: results (\"-\": not run on that kernel; PASS*: proved the kernel refuses it, as documented)"
	printf '%-24s' TEST
	for k in "${columns[@]}"; do printf '  %-11s' "$k"; done
	echo
	for n in "${tests[@]}"; do
		printf '%-24s' "$n"
		for k in "${columns[@]}"; do printf '  %-11s' "${cell[$n/$k]:--}"; done
		echo
	done
	echo
	for k in "${columns[@]}"; do
		echo "suite.sh: $k: running ${uname_of[$k]:-?}, ${secs_of[$k]:-?}s"
	done
	for k in "${columns[@]}"; do
		[[ -f ${logfile[$k]} ]] || continue
		sed -n "s/^core-task: /  /p; s/^core-queries: /  /p; s/^kfunc-task: /  /p" "${logfile[$k]}" |
			sed "1i suite.sh: core_task, core_queries, kfunc_task on $k:"
	done
fi
# A setup error (exit 2) leaves no table; any non-zero status must not pass.
if ((rc != 0 && failed == 0)); then
	failed=1
	echo "suite.sh: FAIL: run.sh exited with status $rc"
fi

# --- the table for docs/kernels.md ------------------------------------------------------
# Per test: each kernel's result, and the oldest kernel (per architecture) it works on:
# a PASS, not a PASS* (there the test proved the kernel refuses the feature).
kver() { # uname -r -> sortable number, 5.10.0-32-cloud-amd64 -> 5010
	awk -F'[.-]' '{ printf "%d", $1 * 1000 + $2 }' <<<"$1"
}
write_doc() {
	local n k a best bestv v out="$work/doc-table.md" arches=() label
	for k in "${columns[@]}"; do
		a=$(cat "${logdirs[@]/%//boots.tsv}" 2>/dev/null | awk -F'\t' -v k="$k" '$1 == k { print $2; exit }')
		[[ $a == x86_64 ]] && a=amd64
		arch_of[$k]=$a
		[[ " ${arches[*]} " == *" $a "* ]] || arches+=("$a")
	done
	{
		printf '| test |'
		for a in "${arches[@]}"; do printf ' oldest working (%s) |' "${a/amd64/x86_64}"; done
		for k in "${columns[@]}"; do
			label=${uname_of[$k]:-$k}
			[[ -n ${gkernels_all[$k]:-} ]] || label="host ${uname_of[$k]:-$k}"
			printf ' %s |' "$label"
		done
		echo
		printf '|---|'
		for a in "${arches[@]}"; do printf -- '---|'; done
		for k in "${columns[@]}"; do printf -- '---|'; done
		echo
		for n in "${tests[@]}"; do
			printf '| `%s` |' "$n"
			for a in "${arches[@]}"; do
				best="" bestv=""
				for k in "${columns[@]}"; do
					[[ ${arch_of[$k]} == "$a" && ${cell[$n/$k]:-} == PASS ]] || continue
					v=$(kver "${uname_of[$k]}")
					if [[ -z $bestv ]] || ((v < bestv)); then
						bestv=$v best=$(sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"${uname_of[$k]}")
					fi
				done
				printf ' %s |' "${best:-none}"
			done
			for k in "${columns[@]}"; do
				case ${cell[$n/$k]:--} in
				PASS) printf ' works |' ;;
				PASS\*) printf ' refused, as it should be¹ |' ;;
				-) printf ' not run |' ;;
				*) printf ' %s |' "${cell[$n/$k]}" ;;
				esac
			done
			echo
		done
		echo
		if [[ " ${cell[*]} " == *" PASS* "* ]]; then
			echo "¹ The test passed by proving the kernel refuses the feature with the documented error:"
		fi
		for n in "${tests[@]}"; do
			for k in "${columns[@]}"; do
				if [[ -n ${note[$n/$k]:-} ]]; then echo "\`$n\` on ${uname_of[$k]}: ${note[$n/$k]}."; fi
			done
		done | sort -u | sed 's/^/- /'
		for g in "${groups[@]}"; do
			v2=$(cut -f1 "${gstage[$g]}/cpu.tsv" | sed 's/.*/`&`/' | paste -sd' ' | sed 's/ /, /g')
			[[ -z $v2 ]] || echo "- On ${gkernels[$g]}, built with \`BPF_CPU=${gcpu[$g]}\`: $v2 (their objects hold BPF atomics with \`BPF_FETCH\`, which kernels before 5.12 refuse); the others as they ship."
		done
		echo
		printf 'Generated by `tests/kernels/suite.sh --doc` on %s' "$(date -u +%Y-%m-%d)"
		if ((${#klist[@]})); then
			printf '; each boot runs all its tests (TCG, 2 vCPUs, seconds, with the load of the machine then):'
			for k in "${columns[@]}"; do
				if [[ -n ${gkernels_all[$k]:-} ]]; then printf ' %s %s,' "$k" "${secs_of[$k]}"; fi
			done | sed 's/,$//'
		fi
		echo "; the whole suite, builds included: $(elapsed "$t_start") s."
		for k in "${columns[@]}"; do
			if [[ -n ${retry_of[$k]:-} ]]; then echo; echo "Retried: $k was booted twice (${retry_of[$k]})."; fi
		done
	} >"$out"
	awk -v table="$out" '
		$0 == "<!-- matrix:begin -->" { print; while ((getline l < table) > 0) print l; skip = 1; next }
		$0 == "<!-- matrix:end -->" { skip = 0 }
		!skip' "$doc" >"$doc.tmp"
	mv "$doc.tmp" "$doc"
	echo "suite.sh: wrote the table into $doc"
}
declare -A arch_of gkernels_all
for k in "${klist[@]}"; do gkernels_all[$k]=1; done
if [[ -n $doc ]]; then
	if ((failed)); then
		echo "suite.sh: not writing $doc: the run had failures"
	else
		write_doc
	fi
fi
finish
