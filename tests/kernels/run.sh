#!/usr/bin/env bash
# Run statically linked test binaries inside Debian's cloud kernels under QEMU
# (and optionally on the host), and print a PASS/FAIL table.
#
# Usage: tests/kernels/run.sh [options] TEST_BINARY...
#   --kernels "6.1 6.12"  kernels to boot: series fetched by fetch.sh, or paths to a bzImage
#                         ("" for none, e.g. with --host)             (default: "6.1 6.12")
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
usage() { sed -n '2,16s/^# \{0,1\}//p' "$0"; }

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
names=()
abs_tests=()
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
	names+=("$name")
done
for f in "${files[@]}"; do
	[[ -f $f ]] || die "data file '$f' does not exist"
done
busybox=/bin/busybox
[[ -x $busybox ]] || die "$busybox missing: apt-get install busybox-static"
for cmd in qemu-system-x86_64 cpio timeout; do
	command -v "$cmd" >/dev/null || die "$cmd missing (packages: qemu-system-x86 cpio)"
done

if [[ -z $log_dir ]]; then
	log_dir=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-kernels.XXXXXX")
else
	mkdir -p "$log_dir"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/tbpf-kernels-work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- resolve kernels -------------------------------------------------------
labels=()   # column labels, in order
declare -A kpath kpkg logs status_note elapsed
series=()
for k in "${kernel_list[@]}"; do
	if [[ $k == */* ]]; then
		[[ -f $k ]] || die "kernel image '$k' does not exist"
		labels+=("$(basename "$k")")
		kpath[$(basename "$k")]=$k
		kpkg[$(basename "$k")]="(local file)"
	else
		series+=("$k")
	fi
done
if ((${#series[@]})); then
	fetched=$("$here/fetch.sh" "${series[@]}") || die "fetch.sh failed (see above)"
	while IFS=$'\t' read -r s path pkg; do
		[[ -n $s ]] || continue
		kpath[$s]=$path
		kpkg[$s]=$pkg
	done <<<"$fetched"
	# Keep the order given on the command line.
	ordered=()
	for k in "${kernel_list[@]}"; do
		if [[ $k == */* ]]; then ordered+=("$(basename "$k")"); else ordered+=("$k"); fi
	done
	labels=("${ordered[@]}")
fi

# --- build the initramfs ---------------------------------------------------
stage="$work/root"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,tests,data}
cp "$busybox" "$stage/bin/busybox"
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
initramfs="$work/initramfs.cpio"
(cd "$stage" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) >"$initramfs" ||
	die "building the initramfs with cpio failed"

# --- run -------------------------------------------------------------------
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Boot budget plus every test's worst case; QEMU itself is the last line of defence.
# The boot budget is generous: under TCG on a loaded 2-core machine a boot took
# over 40 s, and only a failing run ever waits for it.
qemu_timeout=$((240 + ${#names[@]} * (per_test_timeout + 6)))

boot() { # kernel label -> QEMU's exit status; the console in ${logs[$k]}
	local k=$1 rc=0
	timeout -k 10 "$qemu_timeout" qemu-system-x86_64 \
		-machine q35,accel=tcg -cpu max -smp 2 -m 1G -nographic -no-reboot \
		-kernel "${kpath[$k]}" -initrd "$initramfs" \
		-append "console=ttyS0 panic=-1 oops=panic quiet" \
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
	# Emulation fails now and then in ways no test causes: the kernel dies
	# before init runs (an int3 oops in sched_clock_cpu while 6.12 patches its
	# code under multi-threaded TCG), or the guest freezes so hard that even
	# the per-test timeout never fires (once in 6.1 on a loaded machine).
	# Either gets one more boot; the first console log is kept and the report
	# says so. A program that breaks the kernel every time still fails.
	why=""
	if ! grep -q '^TBPF-BOOT ' "${logs[$k]}"; then
		why="the kernel never reached init"
	elif [[ $rc =~ ^(124|137)$ ]] && ! grep -qx 'TBPF-DONE' "${logs[$k]}"; then
		why="the guest hung past ${qemu_timeout}s"
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
for k in "${labels[@]}"; do
	booted=$(awk '$1 == "TBPF-BOOT" { print $2; exit }' "${logs[$k]}")
	printf '%s: %s, running %s, %ss%s, log %s\n' "$k" "${kpkg[$k]}" "${booted:-(no TBPF-BOOT marker)}" \
		"${elapsed[$k]}" "${status_note[$k]:+ — ${status_note[$k]}}" "${logs[$k]}"
done

# Show what each failing test printed (for a missing result: everything after
# its TBPF-BEGIN); a guest that never printed TBPF-DONE also gets its log's tail
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
