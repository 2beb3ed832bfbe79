#!/usr/bin/env bash
# Run statically linked test binaries inside Debian's cloud kernels under QEMU
# (and optionally on the host), and print a PASS/FAIL table.
#
# Usage: tests/kernels/run.sh [options] TEST_BINARY...
#   --kernels "6.1 6.12"  kernels to boot: series fetched by fetch.sh (5.10 6.1 6.12
#                         6.1-arm64 6.12-arm64), or paths to a bzImage or arm64 Image; all
#                         of the test binaries' architecture ("" for none, e.g. with --host)
#                                                                     (default: "6.1 6.12")
#   --timeout SECONDS     per-test timeout                              (default: 60)
#   --file PATH           data file for the tests, at /data/NAME in the guest (repeatable);
#                         tests find the directory in $TBPF_DATA_DIR (on the host too)
#   --host                also run the binaries on the host, in a column named `uname -r`
#   --log-dir DIR         where serial logs (KERNEL.log, host.log) and results.tsv
#                         (TEST<TAB>KERNEL<TAB>RESULT; TEST "@done" = TBPF-DONE seen)
#                         go                                (default: a new /tmp/tbpf-kernels.*)
# Exit status: 0 all tests passed on every kernel; 1 a test failed or a result is missing;
# 2 usage or setup error (fetch, initramfs).
set -Eeuo pipefail

prog=run.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "$prog: error: $*" >&2; exit 2; }
log() { echo "$prog: $*" >&2; }
usage() { sed -n '2,18s/^# \{0,1\}//p' "$0"; }

kernels="6.1 6.12"
per_test_timeout=60
host=0
log_dir=""
files=()
tests=()
while (($#)); do
	case "$1" in
	--kernels) (($# >= 2)) || die "--kernels needs a value"; kernels=$2; shift ;;
	--timeout) (($# >= 2)) || die "--timeout needs a value"; per_test_timeout=$2; shift ;;
	--file) (($# >= 2)) || die "--file needs a value"; files+=("$2"); shift ;;
	--log-dir) (($# >= 2)) || die "--log-dir needs a value"; log_dir=$2; shift ;;
	--host) host=1 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; tests+=("$@"); break ;;
	-*) usage >&2; die "unknown option '$1'" ;;
	*) tests+=("$1") ;;
	esac
	shift
done

[[ $per_test_timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer"
((${#tests[@]})) || { usage >&2; die "no test binaries given"; }
read -r -a kernel_list <<<"$kernels"
((${#kernel_list[@]} || host)) || die "nothing to run on: empty --kernels and no --host"

# --- validate inputs -------------------------------------------------------
# elf_arch FILE -> amd64, arm64, other, or nothing for a script. Read from the ELF
# header (e_machine at offset 18), so that neither file(1) nor readelf is needed.
elf_arch() {
	[[ $(head -c 4 "$1" | od -An -c | tr -d ' ') == 177ELF ]] || return 0
	case $(od -An -t u2 -j 18 -N 2 "$1" | tr -d ' ') in
	62) echo amd64 ;;
	183) echo arm64 ;;
	*) echo other ;;
	esac
}
names=()
abs_tests=()
test_arch=""
for t in "${tests[@]}"; do
	[[ -f $t && -x $t ]] || die "test binary '$t' is not an executable file"
	abs_tests+=("$(realpath "$t")")
	name=$(basename "$t")
	# Names appear in marker lines and the guest's shell loop: keep them plain.
	[[ $name =~ ^[A-Za-z0-9._+-]+$ ]] || die "test name '$name' must match [A-Za-z0-9._+-]+"
	for n in "${names[@]}"; do
		[[ $n != "$name" ]] || die "two tests named '$name' (names come from the file name)"
	done
	# A dynamically linked binary would fail in the guest with a confusing ENOENT.
	if command -v readelf >/dev/null && readelf -l "$t" 2>/dev/null | grep -q 'program interpreter'; then
		die "'$t' is dynamically linked; link it with -static (C) or CGO_ENABLED=0 (Go)"
	fi
	a=$(elf_arch "$t")
	if [[ -n $a ]]; then
		[[ -z $test_arch || $test_arch == "$a" ]] ||
			die "'$t' is built for $a, an earlier test for $test_arch: one architecture per run"
		test_arch=$a
	fi
	names+=("$name")
done
for f in "${files[@]}"; do
	[[ -f $f ]] || die "data file '$f' does not exist"
done
for cmd in cpio timeout od; do
	command -v "$cmd" >/dev/null || die "$cmd missing (packages: cpio coreutils)"
done

if [[ -z $log_dir ]]; then
	log_dir=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-kernels.XXXXXX")
else
	mkdir -p "$log_dir"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-kernels-work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- resolve kernels -------------------------------------------------------
# image_arch FILE -> amd64 (bzImage: "HdrS" at 0x202), arm64 (Image: "ARMd" at 56), or nothing
image_arch() {
	if [[ $(od -An -c -j 514 -N 4 "$1" | tr -d ' ') == HdrS ]]; then
		echo amd64
	elif [[ $(od -An -c -j 56 -N 4 "$1" | tr -d ' ') == ARMd ]]; then
		echo arm64
	fi
}
labels=()   # column labels, in order
declare -A kpath kpkg karch kbusybox logs status_note elapsed boots
series=()
for k in "${kernel_list[@]}"; do
	if [[ $k == */* ]]; then
		[[ -f $k ]] || die "kernel image '$k' does not exist"
		b=$(basename "$k")
		labels+=("$b")
		kpath[$b]=$k
		kpkg[$b]="(local file)"
		karch[$b]=$(image_arch "$k")
		[[ -n ${karch[$b]} ]] || die "'$k' is neither an x86 bzImage nor an arm64 Image"
		kbusybox[$b]=-
		# An arm64 kernel needs an arm64 busybox: the one fetch.sh keeps for its arm64 series.
		if [[ ${karch[$b]} == arm64 ]]; then
			kbusybox[$b]=$("$here/fetch.sh" 6.1-arm64 | cut -f5) || die "fetch.sh 6.1-arm64 (for its busybox) failed"
		fi
	else
		series+=("$k")
	fi
done
if ((${#series[@]})); then
	fetched=$("$here/fetch.sh" "${series[@]}") || die "fetch.sh failed (see above)"
	while IFS=$'\t' read -r s path pkg arch bb; do
		[[ -n $s ]] || continue
		kpath[$s]=$path
		kpkg[$s]=$pkg
		karch[$s]=$arch
		kbusybox[$s]=$bb
	done <<<"$fetched"
	# Keep the order given on the command line.
	ordered=()
	for k in "${kernel_list[@]}"; do
		if [[ $k == */* ]]; then ordered+=("$(basename "$k")"); else ordered+=("$k"); fi
	done
	labels=("${ordered[@]}")
fi
host_arch=$(uname -m)
host_arch=${host_arch/x86_64/amd64}
host_arch=${host_arch/aarch64/arm64}
((!host)) || [[ -z $test_arch || $test_arch == "$host_arch" ]] ||
	die "--host: the tests are built for $test_arch, this host is $host_arch"
for k in "${labels[@]}"; do
	[[ -z $test_arch || ${karch[$k]} == "$test_arch" ]] ||
		die "kernel $k is ${karch[$k]}, the tests are built for $test_arch (run one architecture per run.sh)"
	[[ ${kbusybox[$k]} != - ]] || kbusybox[$k]=/bin/busybox
	[[ -x ${kbusybox[$k]} ]] || die "${kbusybox[$k]} missing: apt-get install busybox-static"
	case ${karch[$k]} in
	amd64) command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (package qemu-system-x86)" ;;
	arm64) command -v qemu-system-aarch64 >/dev/null || die "qemu-system-aarch64 missing (package qemu-system-arm)" ;;
	esac
done

# --- build the initramfs ---------------------------------------------------
# The same tree for every kernel; only busybox differs between architectures, so it
# goes into a second cpio archive that the kernel unpacks over the first.
stage="$work/root"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,tests,data}
ln -s busybox "$stage/bin/sh"
# The kernel opens /dev/console for init's stdio before anything is mounted.
if ! mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null; then
	log "warning: cannot mknod /dev/console (not root?); init reopens it after mounting devtmpfs"
fi
for i in "${!tests[@]}"; do
	cp "${tests[$i]}" "$stage/tests/${names[$i]}"
	chmod 755 "$stage/tests/${names[$i]}"
done
for f in "${files[@]}"; do
	cp "$f" "$stage/data/"
done
printf '%s\n' "${names[@]}" >"$stage/tests.list"

# Guest init. Markers are printed after an empty echo so that a test whose
# output lacks a final newline cannot glue text in front of them.
cat >"$stage/init" <<EOF
#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin
m() { mkdir -p "\$3"; mount -t "\$1" "\$2" "\$3" || echo "TBPF-WARN mount \$1 on \$3 failed"; }
m proc proc /proc
m sysfs sys /sys
m devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
m debugfs debugfs /sys/kernel/debug
m tracefs tracefs /sys/kernel/tracing
m securityfs securityfs /sys/kernel/security
m bpf bpf /sys/fs/bpf
ulimit -l unlimited
export TBPF_DATA_DIR=/data TBPF_KERNEL="\$(uname -r)" HOME=/tmp
echo
echo "TBPF-BOOT \$(uname -r)"
while read -r t; do
	echo "TBPF-BEGIN \$t"
	(cd /tmp && timeout -k 5 $per_test_timeout "/tests/\$t" </dev/null)
	rc=\$?
	echo
	if [ "\$rc" -eq 0 ]; then echo "TBPF-RESULT \$t PASS"; else echo "TBPF-RESULT \$t FAIL rc=\$rc"; fi
done </tests.list
echo TBPF-DONE
sync
poweroff -f
EOF
chmod 755 "$stage/init"
common="$work/common.cpio"
(cd "$stage" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) >"$common" ||
	die "building the initramfs with cpio failed"
declare -A initramfs
for k in "${labels[@]}"; do
	a=${karch[$k]}
	[[ -z ${initramfs[$a]:-} ]] || continue
	mkdir -p "$work/busybox-$a/bin"
	cp "${kbusybox[$k]}" "$work/busybox-$a/bin/busybox"
	initramfs[$a]="$work/initramfs-$a.cpio"
	{
		cat "$common"
		(cd "$work/busybox-$a" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet)
	} >"${initramfs[$a]}" || die "building the initramfs with cpio failed"
done

# --- run -------------------------------------------------------------------
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Boot budget plus every test's worst case; QEMU itself is the last line of defence.
# The boot budget is generous: under TCG on a loaded 2-core machine a boot took
# over 40 s, and only a failing run ever waits for it.
qemu_timeout=$((240 + ${#names[@]} * (per_test_timeout + 6)))

# lsm_append KERNEL -> "lsm=LIST,bpf" when the kernel's built-in LSM list (CONFIG_LSM
# in the config-* fetch.sh keeps beside the vmlinuz) lacks bpf, as 5.10's does: BPF LSM
# programs need it active. Nothing when the list has it or there is no config.
lsm_append() {
	local cfg list
	cfg=$(find "$(dirname "${kpath[$1]}")" -maxdepth 1 -name 'config-*' -print -quit 2>/dev/null || true)
	[[ -n $cfg ]] || return 0
	list=$(sed -n 's/^CONFIG_LSM="\(.*\)"$/\1/p' "$cfg")
	[[ -n $list && ,$list, != *,bpf,* ]] || return 0
	echo "lsm=$list,bpf"
}

boot() { # kernel label -> QEMU's exit status; the console in ${logs[$k]}
	local k=$1 rc=0 qemu console
	case ${karch[$k]} in
	# cortex-a72, not max: max emulates pointer authentication, which made a boot
	# take 13 s instead of 3 under TCG here.
	arm64) qemu=(qemu-system-aarch64 -machine virt -cpu cortex-a72) console=ttyAMA0 ;;
	# One host thread for both vCPUs: under multi-threaded TCG, 6.12 oopsed on an int3
	# while it patched its own code (text_poke_bp) at boot and, when a test enabled the
	# syscall tracepoints, in syscall_exit_to_user_mode_prepare: another vCPU can run a
	# stale translation of the patched code. One thread runs every vCPU in turn, so a
	# patch is seen by all before any runs on.
	*) qemu=(qemu-system-x86_64 -machine q35 -accel tcg,thread=single -cpu max) console=ttyS0 ;;
	esac
	timeout -k 10 "$qemu_timeout" "${qemu[@]}" -smp 2 -m 1G -nographic -no-reboot \
		-kernel "${kpath[$k]}" -initrd "${initramfs[${karch[$k]}]}" \
		-append "console=$console panic=-1 oops=panic quiet $(lsm_append "$k")" \
		</dev/null 2>&1 | tr -d '\r' | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' >"${logs[$k]}" || rc=$?
	return "$rc"
}

# One second boot per run, for all its kernels together: a hang is retried
# once, reported (a "RETRY" line, an @retry row in retries.tsv, the note),
# and a second hang in the same run -- the retried guest's or another's --
# fails; it is never retried away.
retries_left=1
for k in "${labels[@]}"; do
	logs[$k]="$log_dir/$k.log"
	log "booting $k (${kpkg[$k]}), log: ${logs[$k]}"
	t0=$(now)
	rc=0
	boot "$k" || rc=$?
	retried=""
	boots[$k]=1
	# Emulation fails now and then in ways no test causes: the kernel dies
	# before init runs (an int3 oops in sched_clock_cpu while 6.12 patches its
	# code under multi-threaded TCG), or the guest freezes so hard that even
	# the per-test timeout never fires (once in 6.1 on a loaded machine), or
	# it stops mid-run without TBPF-DONE (once in CI: a test's result and
	# TBPF-DONE missing, the cause not kept). Each gets one more boot; the
	# first console log is kept and the report says so, with the first panic
	# line. A program that breaks the kernel every time still fails.
	why=""
	if ! grep -q '^TBPF-BOOT ' "${logs[$k]}"; then
		why="the kernel never reached init"
	elif [[ $rc =~ ^(124|137)$ ]] && ! grep -qx 'TBPF-DONE' "${logs[$k]}"; then
		why="the guest hung past ${qemu_timeout}s"
	elif ! grep -qx 'TBPF-DONE' "${logs[$k]}"; then
		# Died mid-run: the same emulation faults strike after init too (text
		# patching as a program attaches). Its first panic line says which.
		oops=$(grep -m1 -E 'Kernel panic|Oops|BUG:|general protection' "${logs[$k]}" |
			sed 's/^\[[ 0-9.]*\] //' | cut -c1-120 || true)
		why="the guest stopped before TBPF-DONE (${oops:-no panic message})"
	fi
	if [[ -n $why ]]; then
		# the test running when it hung: begun, never given a result
		in_test=$(awk '$1 == "TBPF-BEGIN" { t = $2 } $1 == "TBPF-RESULT" && $2 == t { t = "" } END { print t }' "${logs[$k]}")
		[[ -z $in_test ]] || why="$why, in $in_test"
	fi
	if [[ -n $why ]] && ((retries_left == 0)); then
		log "$k: $why; not booted again: this run already retried a guest"
		retried="$why; not retried: a second hang in this run"
	elif [[ -n $why ]]; then
		retries_left=0
		mv "${logs[$k]}" "$log_dir/$k.first.log"
		log "$k: $why; booting it once more"
		retried="booted twice: $why the first time, log $log_dir/$k.first.log"
		echo "RETRY $k: $why; booted once more (first boot's log: $log_dir/$k.first.log)"
		printf '%s\t%s\t%s\n' "@retry" "$k" "$why" >>"$log_dir/retries.tsv"
		rc=0
		boots[$k]=2
		boot "$k" || rc=$?
	fi
	elapsed[$k]=$(secs "$t0" "$(now)")
	# QEMU exits 0 whatever the guest did; only the markers decide. Its status
	# still tells us about a timeout or a QEMU that could not start.
	case $rc in
	0) status_note[$k]="" ;;
	124 | 137) status_note[$k]="QEMU killed after ${qemu_timeout}s timeout" ;;
	*) status_note[$k]="QEMU exited with status $rc" ;;
	esac
	[[ -z $retried ]] || status_note[$k]="${status_note[$k]:+${status_note[$k]}; }$retried"
	log "$k: ${elapsed[$k]}s"
done

if ((host)); then
	h=$(uname -r)
	labels+=("$h")
	kpkg[$h]="(host kernel)"
	logs[$h]="$log_dir/host.log"
	hdata="$work/host-data"
	hrun="$work/host-tmp"
	mkdir -p "$hdata" "$hrun"
	for f in "${files[@]}"; do cp "$f" "$hdata/"; done
	log "running on the host, log: ${logs[$h]}"
	t0=$(now)
	# Same markers as the guest, so one parser reads both.
	{
		echo "TBPF-BOOT $(uname -r)"
		for i in "${!tests[@]}"; do
			echo "TBPF-BEGIN ${names[$i]}"
			rc=0
			(cd "$hrun" && TBPF_DATA_DIR="$hdata" TBPF_KERNEL="$(uname -r)" \
				timeout -k 5 "$per_test_timeout" "${abs_tests[$i]}" </dev/null 2>&1) || rc=$?
			echo
			if ((rc == 0)); then echo "TBPF-RESULT ${names[$i]} PASS"; else echo "TBPF-RESULT ${names[$i]} FAIL rc=$rc"; fi
		done
		echo TBPF-DONE
	} >"${logs[$h]}"
	elapsed[$h]=$(secs "$t0" "$(now)")
	status_note[$h]=""
fi

# --- report ----------------------------------------------------------------
result() { # LOG NAME -> PASS | FAIL rc=N | MISSING
	awk -v n="$1" '
		$1 == "TBPF-RESULT" && $2 == n && ($3 == "PASS" && NF == 3 || $3 == "FAIL" && $4 ~ /^rc=[0-9]+$/ && NF == 4) {
			r = $3 (NF == 4 ? " " $4 : "")
		}
		END { print (r == "" ? "MISSING" : r) }' "$2"
}

declare -A cell
failed=0
: >"$log_dir/results.tsv"
: >"$log_dir/notes.tsv"
# boots.tsv: KERNEL<TAB>ARCH<TAB>UNAME<TAB>SECONDS<TAB>BOOTS<TAB>NOTE (BOOTS 2: booted once
# more, see NOTE; 0: the host, not booted; UNAME from TBPF-BOOT, "-" if never seen)
for k in "${labels[@]}"; do
	booted=$(awk '$1 == "TBPF-BOOT" { print $2; exit }' "${logs[$k]}")
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "${karch[$k]:-$(uname -m)}" "${booted:--}" "${elapsed[$k]}" \
		"${boots[$k]:-0}" "${status_note[$k]}"
done >"$log_dir/boots.tsv"
for k in "${labels[@]}"; do
	done_seen=0
	grep -qx 'TBPF-DONE' "${logs[$k]}" && done_seen=1
	printf '%s\t%s\t%s\n' "@done" "$k" "$( ((done_seen)) && echo PASS || echo MISSING)" >>"$log_dir/results.tsv"
	if ((!done_seen)); then
		failed=1
		status_note[$k]="${status_note[$k]:+${status_note[$k]}; }no TBPF-DONE marker"
	fi
	for n in "${names[@]}"; do
		r=$(result "$n" "${logs[$k]}")
		cell[$k/$n]=$r
		printf '%s\t%s\t%s\n' "$n" "$k" "$r" >>"$log_dir/results.tsv"
		[[ $r == PASS ]] || failed=1
		# A test that passed by proving the kernel refuses a feature says so.
		note=$(awk -v n="$n" '
			$0 == "TBPF-BEGIN " n { on = 1; next }
			on && $1 == "TBPF-RESULT" && $2 == n { exit }
			on && $1 == "TBPF-UNSUPPORTED" { sub(/^TBPF-UNSUPPORTED /, ""); print; exit }' "${logs[$k]}")
		if [[ -n $note && $r == PASS ]]; then
			cell[$k/$n]="PASS*"
			printf '%s\t%s\t%s\n' "$n" "$k" "$note" >>"$log_dir/notes.tsv"
		fi
	done
done

w=4
for n in "${names[@]}"; do ((${#n} > w)) && w=${#n}; done
echo
printf '%-*s' "$w" "TEST"
for k in "${labels[@]}"; do printf '  %-*s' "$(( ${#k} > 12 ? ${#k} : 12 ))" "$k"; done
echo
for n in "${names[@]}"; do
	printf '%-*s' "$w" "$n"
	for k in "${labels[@]}"; do printf '  %-*s' "$(( ${#k} > 12 ? ${#k} : 12 ))" "${cell[$k/$n]}"; done
	echo
done
echo
[[ ! -s $log_dir/notes.tsv ]] || echo "PASS*: the test proved that this kernel refuses the feature, as documented (notes.tsv)"
for k in "${labels[@]}"; do
	booted=$(awk '$1 == "TBPF-BOOT" { print $2; exit }' "${logs[$k]}")
	printf '%s: %s, running %s, %ss%s, log %s\n' "$k" "${kpkg[$k]}" "${booted:-(no TBPF-BOOT marker)}" \
		"${elapsed[$k]}" "${status_note[$k]:+ — ${status_note[$k]}}" "${logs[$k]}"
done

# Show what each failing test printed (for a missing result: everything after
# its TBPF-BEGIN), and each PASS* test's evidence of the refusal it proved; a
# guest that never printed TBPF-DONE also gets its log's tail
# (a kernel panic, a QEMU error, a hang until the QEMU timeout).
for k in "${labels[@]}"; do
	for n in "${names[@]}"; do
		r=${cell[$k/$n]}
		[[ $r == PASS ]] && continue
		echo
		hint=""
		# 124: coreutils timeout (host); 143/137: TERM/KILL from busybox timeout (guest).
		[[ $r =~ ^FAIL\ rc=(124|137|143)$ ]] && hint=" (probably the ${per_test_timeout}s per-test timeout)"
		echo "=== $n on $k: $r$hint ==="
		if grep -qx "TBPF-BEGIN $n" "${logs[$k]}"; then
			# Blank lines are held back so the one printed before the marker is dropped.
			awk -v n="$n" '
				$0 == "TBPF-BEGIN " n { on = 1; next }
				on && $1 == "TBPF-RESULT" && $2 == n { exit }
				on && $0 == "" { blank++; next }
				on { while (blank > 0) { print ""; blank-- } print }' "${logs[$k]}"
		else
			echo "(never started: the guest stopped before reaching it)"
		fi
	done
	if ! grep -qx 'TBPF-DONE' "${logs[$k]}"; then
		echo
		echo "=== $k: no TBPF-DONE; last lines of ${logs[$k]} ==="
		tail -n 30 "${logs[$k]}"
	fi
done

echo
if ((failed)); then
	echo "kernels: FAIL"
	exit 1
fi
echo "kernels: PASS"
