#!/usr/bin/env bash
# tinybpf doctor: a missing or unusable TinyGo fails with its fix, optional
# tools and kernel features warn, and what it says of the kernel agrees with
# probes that do not read what doctor reads (bpftool's, the bpf() syscall's).
# Needs root, $TINYBPF, $TINYGO, bpftool and jq.
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

has() { grep -qF -- "$1" "$tmp/out" || { echo "missing: $1" >&2; false; }; }
row() { printf '  %-8s %-24s %s' "$1" "$2" "$3"; } # status, check, detail: as doctor prints

check "this machine has what tinybpf needs" 0 "$(row ok TinyGo "0.42.0 (LLVM 22.")" "$TINYBPF" doctor
expect "TinyGo from \$TINYGO" has " at $TINYGO"
expect "LLVM with the BPF target" has "$(row ok LLVM "22.")"
expect "nothing failed" has "0 failed, "
cp "$tmp/out" "$tmp/doctor.txt"

# As strace sees it: the end-to-end build's directory (its mkdir, in
# $TMPDIR as tinybpf build's) is gone when doctor ends, with everything in
# it, and doctor's process closed the read end of every pipe it made to hear
# a tool. (LeakSanitizer does not run under ptrace.)
if command -v strace >/dev/null; then
	mkdir "$tmp/own-tmp"
	check "doctor under strace" 0 "" env ASAN_OPTIONS=detect_leaks=0 TMPDIR="$tmp/own-tmp" \
		strace -f -qq -e trace=mkdir,pipe2,close -o "$tmp/trace" "$TINYBPF" doctor
	made=$(sed -n 's|.*mkdir("\('"$tmp"'/own-tmp/tinybpf-doctor-[^"]*\)", 0700) = 0$|\1|p' "$tmp/trace")
	expect "the end-to-end build made its directory in \$TMPDIR" test -n "$made"
	expect "and removed it: $made" test ! -e "${made:-/nonexistent}"
	rm -rf "${made:-/nonexistent}"
	# shellcheck disable=SC2016
	open_reads=$(awk -v main="$(head -1 "$tmp/trace" | cut -d' ' -f1)" '
		$1 == main && /pipe2\(\[[0-9]+, [0-9]+\]/ { match($0, /\[[0-9]+/); open[substr($0, RSTART + 1, RLENGTH - 1)] = 1; pipes++ }
		$1 == main && /close\([0-9]+\) += 0/ { match($0, /close\([0-9]+/); delete open[substr($0, RSTART + 6, RLENGTH - 6)] }
		END { for (fd in open) printf "%s ", fd; if (!pipes) print "no pipe2 seen" }' "$tmp/trace")
	expect "every pipe's read end closed (left open: ${open_reads:-none})" test -z "$open_reads"
else
	skip "doctor's directory removed" "no strace to see which directory it made"
fi

# /tmp read-only (in a mount namespace of its own): the end-to-end build
# fails with its fix, and doctor ends cleanly (LeakSanitizer sees all). The
# tree under test stays writable, wherever it is (make mutate's copy is in
# /tmp, and its coverage build writes there).
tree=$(cd "$(dirname "$0")/../.." && pwd)
check "/tmp read-only: the end-to-end build cannot start" 1 \
	"$(row FAILED build "cannot create a directory in /tmp: Read-only file system")" \
	unshare -m sh -c 'mount --bind "$2" "$2" && mount --rbind /tmp /tmp &&
		mount -o remount,ro,bind /tmp && exec env -u TMPDIR "$1" doctor' sh "$TINYBPF" "$tree"
expect "its fix" has "fix: make /tmp writable for this user"

# $TMPDIR on a file system with room for its directory and no more (a tmpfs
# of two inodes: its root and the build's directory): the probe's files
# cannot be written.
mkdir "$tmp/full"
check "a full \$TMPDIR: the end-to-end build cannot write its files" 1 \
	"$(row FAILED build "cannot write the probe's files in $tmp/full/tinybpf-doctor-")" \
	unshare -m sh -c 'mount -t tmpfs -o nr_inodes=2,size=1m tmpfs "$2" && exec env TMPDIR="$2" "$1" doctor' \
	sh "$TINYBPF" "$tmp/full"
expect "its fix" has "fix: make room in $tmp/full, or set TMPDIR to a directory with room"
expect "and its reason" grep -q "No space left on device" "$tmp/out"

check "\$TINYGO pointing nowhere" 1 "$(row FAILED TinyGo "/nowhere/tinygo not found")" \
	env TINYGO=/nowhere/tinygo "$TINYBPF" doctor
expect "the fix" has "fix: install TinyGo (scripts/setup.sh builds 0.42.0 against Debian's LLVM 22), then put it on PATH or set TINYGO=/path/to/tinygo"
expect "one failure" has "1 failed, "

check "no tinygo on PATH" 1 "$(row FAILED TinyGo "tinygo not found on PATH")" \
	env -u TINYGO PATH=/usr/bin:/bin "$TINYBPF" doctor
expect "bpftool is optional" has "$(row warning bpftool "not found on PATH")"
expect "with its fix" has "fix: apt-get install bpftool"

printf '#!/bin/sh\necho "tinygo version 0.99.0 linux/amd64 (using go version go1.30 and LLVM version 99.1.0)"\n' >"$tmp/tinygo-llvm99"
printf '#!/bin/sh\nexit 3\n' >"$tmp/tinygo-broken"
chmod +x "$tmp/tinygo-llvm99" "$tmp/tinygo-broken"
check "TinyGo with a newer LLVM" 1 "uses LLVM 99, newer than tinybpf's LLVM 22." \
	env TINYGO="$tmp/tinygo-llvm99" "$TINYBPF" doctor
expect "its fix" has "fix: use a TinyGo built with LLVM 22 or older, or build tinybpf against LLVM 99 (make LLVM_CONFIG=llvm-config-99)"
# What a tool prints is read to its end, not to its first write: this one
# writes one byte, then the rest a moment later.
printf '#!/bin/sh\nprintf t\nsleep 0.2\necho "inygo version 0.99.0 linux/amd64 (using go version go1.30 and LLVM version 99.1.0)"\n' >"$tmp/tinygo-slow"
chmod +x "$tmp/tinygo-slow"
check "TinyGo whose version comes in two writes" 1 "uses LLVM 99, newer than tinybpf's LLVM 22." \
	env TINYGO="$tmp/tinygo-slow" "$TINYBPF" doctor
check "a TinyGo that does not run" 1 "$(row FAILED TinyGo "$tmp/tinygo-broken does not run as TinyGo")" \
	env TINYGO="$tmp/tinygo-broken" "$TINYBPF" doctor
# A TinyGo that runs but cannot name its root (its `env TINYGOROOT` fails).
printf '#!/bin/sh\ncase "$1" in env) exit 1 ;; *) exec "%s" "$@" ;; esac\n' "$TINYGO" >"$tmp/tinygo-noroot"
chmod +x "$tmp/tinygo-noroot"
check "a TinyGo that cannot name its root" 1 \
	"$(row FAILED "TinyGo root" "'$tmp/tinygo-noroot env TINYGOROOT' failed: ")" \
	env TINYGO="$tmp/tinygo-noroot" "$TINYBPF" doctor
expect "its fix" has "fix: use the TinyGo tinybpf installs (make install, or the Debian package), or run scripts/setup.sh"
# A go first on PATH that does not run; a bpftool that prints no version.
mkdir -p "$tmp/badgo" "$tmp/quiet"
printf '#!/bin/sh\nexit 1\n' >"$tmp/badgo/go"
printf '#!/bin/sh\nexit 0\n' >"$tmp/quiet/bpftool"
chmod +x "$tmp/badgo/go" "$tmp/quiet/bpftool"
check "a go that does not run" 1 "$(row FAILED Go "$tmp/badgo/go does not run ('$tmp/badgo/go version' failed)")" \
	env PATH="$tmp/badgo:$PATH" "$TINYBPF" doctor
expect "its fix" has "fix: install Go 1.25 or newer (https://go.dev/dl) and put it first on PATH"
check "a bpftool that prints no version" 0 "$(row ok bpftool "(no version) at $tmp/quiet/bpftool")" \
	env PATH="$tmp/quiet:$PATH" "$TINYBPF" doctor

# The kernel, against probes that do not read what doctor reads: bpftool's
# (its JSON: program types loaded for real, the kernel's config), and the
# bpf() syscall's list of BTF objects. Every type doctor says loads, bpftool
# loads; every type doctor says is refused, bpftool cannot load.
bpftool feature probe kernel -j >"$tmp/features.json" 2>/dev/null
probe() { jq -r "$1" "$tmp/features.json"; }
loads=$(sed -n 's/^  ok       program types            loads //p' "$tmp/doctor.txt")
refused=$(sed -n 's/^  warning  program type \([a-z0-9_]*\) .*refused by this kernel.*/\1/p' "$tmp/doctor.txt")
expect "program types were probed" test -n "$loads"
expect "bpftool probed program types" test "$(probe '.program_types | length')" -gt 20
for type in $loads; do
	expect "$type loads" test "$(probe ".program_types.have_${type}_prog_type")" = true
done
for type in $refused; do
	expect "$type refused" test "$(probe ".program_types.have_${type}_prog_type")" = false
done
# and no type bpftool finds refused is missing from doctor's warnings
for type in $(probe '.program_types | to_entries[] | select(.value == false) | .key' | sed 's/^have_//; s/_prog_type$//'); do
	expect "bpftool refuses $type: doctor warns" grep -qE "^  warning  program type $type +refused" "$tmp/doctor.txt"
done
if [ "$(probe '.program_types.have_tracing_prog_type')" = false ]; then
	expect "fentry refused, as on the test host" grep -qF \
		"$(row warning "program type tracing" "refused by this kernel (fentry/, fexit/, fmod_ret/, tp_btf/, iter/)")" \
		"$tmp/doctor.txt"
fi

# The kernel's release and machine, as uname(1) gives them.
expect "the kernel's release" grep -qF "$(row ok release "$(uname -r) $(uname -m)")" "$tmp/doctor.txt"
# BTF: the kernel lists its vmlinux BTF object through bpf(BPF_BTF_GET_NEXT_ID).
if [ "$(bpftool btf list -j 2>/dev/null | jq '[.[] | select(.name == "vmlinux")] | length')" = 1 ]; then
	want=$(row ok BTF /sys/kernel/btf/vmlinux)
else
	want=$(row warning BTF "no /sys/kernel/btf/vmlinux")
fi
expect "BTF" grep -qF "$want" "$tmp/doctor.txt"
# bpffs: the file system mounted at /sys/fs/bpf, as stat(1) names its type.
if [ "$(stat -f -c %T /sys/fs/bpf 2>/dev/null)" = bpf_fs ]; then
	want=$(row ok bpffs "mounted at /sys/fs/bpf")
else
	want=$(row warning bpffs "not mounted at /sys/fs/bpf: maps and programs cannot be pinned")
fi
expect "bpffs" grep -qF "$want" "$tmp/doctor.txt"
# kprobes: the kernel's config as bpftool reads it (CONFIG_KPROBE_EVENTS);
# where bpftool cannot read the config either, nothing independent is left.
if [ "$(probe '.system_config.CONFIG_BPF')" = null ]; then
	skip "kprobes" "bpftool cannot read this kernel's config, the independent source"
elif [ "$(probe '.system_config.CONFIG_KPROBE_EVENTS')" = y ]; then
	expect "kprobes (CONFIG_KPROBE_EVENTS=y)" grep -qF "$(row ok kprobes available)" "$tmp/doctor.txt"
else
	expect "kprobes (no CONFIG_KPROBE_EVENTS)" grep -qF \
		"$(row warning kprobes "not available: kprobe/kretprobe programs load but have nothing to attach to")" \
		"$tmp/doctor.txt"
fi
# LSM BPF: the list of active LSMs has no other source than securityfs, and
# nothing independent says whether "bpf" is in it; where securityfs is not
# mounted, doctor must say it cannot tell.
if [ ! -r /sys/kernel/security/lsm ]; then
	expect "LSM BPF" grep -qF "$(row warning "LSM BPF" "unknown: /sys/kernel/security/lsm is not readable")" "$tmp/doctor.txt"
else
	skip "LSM BPF" "only securityfs, which doctor reads itself, lists the active LSMs"
fi

# A kernel without BTF, bpffs, kprobes, as a mount namespace shows it: empty
# tmpfs over /sys/kernel/btf, /sys/fs/bpf, the kprobe PMU's directory and
# both tracefs mounts; and securityfs's lsm file as written here, with and
# without bpf in the list. Each a warning with its fix, or the list as read.
bare_kernel() { # directory to mount as /sys/kernel/security
	unshare -m sh -c 'for d in /sys/kernel/btf /sys/fs/bpf /sys/bus/event_source/devices /sys/kernel/tracing /sys/kernel/debug; do
			mount -t tmpfs none "$d" || exit 9
		done
		mount --bind "$2" /sys/kernel/security && exec "$1" doctor' sh "$TINYBPF" "$1"
}
mkdir -p "$tmp/lsm-bpf" "$tmp/lsm-nobpf"
printf 'lockdown,capability,landlock,yama,bpf\n' >"$tmp/lsm-bpf/lsm"
printf 'lockdown,capability,yama\n' >"$tmp/lsm-nobpf/lsm"
check "a kernel without BTF" 0 "$(row warning BTF "no /sys/kernel/btf/vmlinux")" bare_kernel "$tmp/lsm-bpf"
expect "its fix" has "fix: use a kernel built with CONFIG_DEBUG_INFO_BTF=y"
expect "bpffs not mounted" has "$(row warning bpffs "not mounted at /sys/fs/bpf: maps and programs cannot be pinned")"
expect "its fix" has "fix: mount -t bpf bpf /sys/fs/bpf (as root)"
expect "no kprobes" has "$(row warning kprobes "not available: kprobe/kretprobe programs load but have nothing to attach to")"
expect "LSM BPF in the list" has "$(row ok "LSM BPF" "enabled (lockdown,capability,landlock,yama,bpf)")"
check "LSMs without bpf" 0 "$(row warning "LSM BPF" "not enabled: active LSMs are lockdown,capability,yama")" \
	bare_kernel "$tmp/lsm-nobpf"
expect "its fix" has "fix: boot with bpf in the lsm= list (the kernel needs CONFIG_BPF_LSM=y)"

check "--json" 1 "" env TINYGO=/nowhere/tinygo "$TINYBPF" doctor --json
expect "--json fields" jq -e '.failed == 1 and
	(.checks[] | select(.name == "TinyGo") | .status == "failed" and .group == "toolchain" and
		.detail == "/nowhere/tinygo not found" and (.fix | startswith("install TinyGo"))) and
	(.checks[] | select(.name == "LLVM") | .status == "ok" and (has("fix") | not))' "$tmp/out" >/dev/null
check "usage" 2 "usage: tinybpf doctor" "$TINYBPF" doctor extra

# ---- The real cause, TinyGo's root, Go, and the whole path (issue 13) ----
# On this machine, as root: TinyGo's root (as TinyGo itself names it) is
# complete, Go is the go on PATH, libbpf is the 1.4 tinybpf links, and a
# program is built and, since bpftool finds tracepoints loadable, loaded.
root=$("$TINYGO" env TINYGOROOT)
expect "TinyGo's root is complete" grep -qF "$(row ok "TinyGo root" "$root has src/net and musl's headers")" "$tmp/doctor.txt"
expect "Go" grep -qF "$(row ok Go "$(go version | sed 's/^go version //') at $(command -v go)")" "$tmp/doctor.txt"
libbpf=$(pkg-config --modversion libbpf)
expect "libbpf linked in" grep -qF "$(row ok libbpf "v${libbpf%.*}, linked into tinybpf")" "$tmp/doctor.txt"
expect "the build end to end" grep -qF "$(row ok build "TinyGo and tinybpf built a tracepoint program with a global in ")" "$tmp/doctor.txt"
if [ "$(probe '.program_types.have_tracepoint_prog_type')" = true ]; then
	expect "the load end to end" grep -qF "$(row ok load "libbpf v${libbpf%.*} loaded it into this kernel")" "$tmp/doctor.txt"
else
	skip "the load end to end" "bpftool finds tracepoint programs refused by this kernel"
fi
expect "bpftool's version, as bpftool version prints it" grep -qF \
	"$(row ok bpftool "$(bpftool version | head -1 | sed 's/.* //') at $(command -v bpftool)")" "$tmp/doctor.txt"
expect "pahole is not asked for" sh -c "! grep -q pahole '$tmp/doctor.txt'"

# A TinyGo this user may not run is "permission denied", naming the
# directory it may not enter, never "not found". As nobody: a directory only
# root may enter, and a file nobody may execute.
chmod 711 "$tmp"
mkdir -m 700 "$tmp/private" && cp "$tmp/tinygo-broken" "$tmp/private/tinygo"
mkdir -m 755 "$tmp/open" && install -m 644 "$tmp/tinygo-broken" "$tmp/open/tinygo"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/ "$@"; }
# nobody runs a copy of tinybpf: the tree under test may sit in a directory
# only root may enter (a clone in a mktemp -d directory, mode 700).
mkdir -m 755 "$tmp/bin" && install -m 755 "$(realpath "$TINYBPF")" "$tmp/bin/tinybpf"
check "TinyGo behind a directory this user may not enter" 1 \
	"$(row FAILED TinyGo "$tmp/private/tinygo: permission denied: this user (uid 65534) may not enter $tmp/private")" \
	as_nobody TINYGO="$tmp/private/tinygo" "$tmp/bin/tinybpf" doctor
expect "its fix" has "fix: use a TinyGo this user may run: the one \`make install\` puts beside tinybpf (then unset TINYGO)"
check "a TinyGo file this user may not execute" 1 \
	"$(row FAILED TinyGo "$tmp/open/tinygo: permission denied: not executable by this user (uid 65534)")" \
	as_nobody TINYGO="$tmp/open/tinygo" "$tmp/bin/tinybpf" doctor
check "on PATH, a tinygo this user may not run" 1 \
	"$(row FAILED TinyGo "$tmp/open/tinygo: permission denied: not executable by this user (uid 65534)")" \
	as_nobody env -u TINYGO PATH="$tmp/open:/usr/bin:/bin" "$tmp/bin/tinybpf" doctor

# Installed as make install lays it out (PREFIX/bin/tinybpf, TinyGo in
# PREFIX/lib/tinybpf/tinygo, the SDK module in PREFIX/share/tinybpf/go):
# without $TINYGO, doctor finds both there.
inst=$tmp/inst
mkdir -p "$inst/bin" "$inst/lib/tinybpf/tinygo/bin" "$inst/share/tinybpf/go"
install -m 755 "$(realpath "$TINYBPF")" "$inst/bin/tinybpf"
printf '#!/bin/sh\nexec %s "$@"\n' "$TINYGO" >"$inst/lib/tinybpf/tinygo/bin/tinygo"
chmod +x "$inst/lib/tinybpf/tinygo/bin/tinygo"
printf 'module github.com/tinybpf/tinybpf\n\ngo 1.24\n' >"$inst/share/tinybpf/go/go.mod"
check "installed: TinyGo beside tinybpf" 0 \
	"at $inst/lib/tinybpf/tinygo/bin/tinygo (installed with tinybpf)" env -u TINYGO "$inst/bin/tinybpf" doctor
expect "installed: the SDK beside tinybpf" has \
	"$(row ok "Go SDK" "github.com/tinybpf/tinybpf at $inst/share/tinybpf/go (tinybpf init points new projects there)")"
# Another module there, and no go.mod two levels above the binary: no SDK.
printf 'module example.com/other\n\ngo 1.24\n' >"$inst/share/tinybpf/go/go.mod"
check "installed: another module where the SDK belongs" 0 \
	"$(row warning "Go SDK" "not beside this tinybpf: tinybpf init cannot wire github.com/tinybpf/tinybpf into new projects")" \
	env -u TINYGO "$inst/bin/tinybpf" doctor

# An incomplete TinyGo: this one's root without src/net and lib/musl (what a
# copy of TinyGo's module zip has), in a fresh cache. The root check names
# what is missing; the build fails with TinyGo's own message.
mkdir -p "$tmp/bare/src"
for e in "$root"/*; do case ${e##*/} in src | lib) ;; *) ln -s "$e" "$tmp/bare/" ;; esac; done
for e in "$root"/src/*; do [ "${e##*/}" = net ] || ln -s "$e" "$tmp/bare/src/"; done
printf '#!/bin/sh\nTINYGOROOT=%s exec %s "$@"\n' "$tmp/bare" "$TINYGO" >"$tmp/tinygo-bare"
chmod +x "$tmp/tinygo-bare"
check "an incomplete TinyGo" 1 \
	"$(row FAILED "TinyGo root" "$tmp/bare is incomplete: src/net (missing), lib/musl/include/alltypes.h.in (missing), lib/musl/arch/x86_64/bits/alltypes.h.in (missing)")" \
	env TINYGO="$tmp/tinygo-bare" XDG_CACHE_HOME="$tmp/cache" "$TINYBPF" doctor
expect "the build fails with TinyGo's message" has \
	"$(row FAILED build "TinyGo could not compile a 14-line program (exit 1): open $tmp/bare/lib/musl/arch/x86_64/bits/alltypes.h.in: no such file or directory")"
expect "and the fix" has "fix: TinyGo's root lacks musl's headers: use the TinyGo tinybpf installs, or run scripts/setup.sh"
expect "two failures" has "2 failed, "

# A TinyGo on an older LLVM than tinybpf's: a warning, not a failure.
printf '#!/bin/sh\necho "tinygo version 0.99.0 linux/amd64 (using go version go1.30 and LLVM version 19.1.7)"\n' >"$tmp/tinygo-llvm19"
chmod +x "$tmp/tinygo-llvm19"
check "TinyGo with an older LLVM" 1 \
	"$(row warning TinyGo "0.99.0 (LLVM 19.1.7) at $tmp/tinygo-llvm19 (\$TINYGO) differs from tinybpf's LLVM 22.")" \
	env TINYGO="$tmp/tinygo-llvm19" "$TINYBPF" doctor
expect "a TinyGo that writes no IR fails the build" has \
	"$(row FAILED build "$tmp/tinygo-llvm19 exited 0 but wrote no LLVM IR")"
expect "its fix: unset \$TINYGO" has "fix: unset TINYGO to use the TinyGo installed with tinybpf, or scripts/setup.sh builds TinyGo against LLVM 22"
# The same TinyGo found on PATH: no $TINYGO to unset.
mkdir "$tmp/llvm19" && cp "$tmp/tinygo-llvm19" "$tmp/llvm19/tinygo"
check "TinyGo on PATH with an older LLVM" 1 \
	"$(row warning TinyGo "0.99.0 (LLVM 19.1.7) at $tmp/llvm19/tinygo (on PATH) differs from tinybpf's LLVM 22.")" \
	env -u TINYGO PATH="$tmp/llvm19:$PATH" "$TINYBPF" doctor
expect "its fix: scripts/setup.sh" has "fix: scripts/setup.sh builds TinyGo 0.42.0 against Debian's LLVM 22"

# No go on PATH: TinyGo cannot work, and the build is not tried.
mkdir "$tmp/nogo" && ln -s "$(command -v bpftool)" "$tmp/nogo/"
check "no Go" 1 "$(row FAILED Go "go not found on PATH: TinyGo runs the go command")" \
	env PATH="$tmp/nogo" "$TINYBPF" doctor
expect "no end-to-end rows without Go" sh -c "! grep -q '^end to end' '$tmp/out'"

summary doctor
