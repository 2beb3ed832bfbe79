#!/usr/bin/env bash
# Installs everything tinybpf needs on a fresh Debian 12 machine, then builds
# tinybpf. Idempotent: a second run checks and finishes in seconds.
#
#   scripts/setup.sh            packages, TinyGo, Go modules, tinybpf
#   source scripts/env.sh       afterwards, to get $TINYGO and PATH in a shell
#
# Pinned: TinyGo 0.42.0 (built from the Go module proxy against Debian's
# LLVM 22), cilium/ebpf through the examples' go.sum.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$repo/scripts/env.sh"

step() { printf '\n== setup: %s\n' "$*"; }
fail() {
	printf 'setup: FAILED at step "%s": %s\n' "$current" "$1" >&2
	exit 1
}
current=start
trap 'fail "command failed (line $LINENO); the output above says why"' ERR

packages=(
	llvm-22-dev clang-22 lld-22 libclang-22-dev # libLLVM for tinybpf, and for building TinyGo
	libzstd-dev                                 # LLVM's static libraries need it (tinybpf links them)
	libelf-dev zlib1g-dev                       # loading and checking objects (libbpf: below)
	libjson-c-dev                               # tinybpf.json
	libcmocka-dev                               # C unit tests
	libclang-rt-22-dev                          # libFuzzer's runtime: make fuzz (tests/fuzz)
	pkg-config make gcc g++ bc                 # bc: tests/run.sh sums counts
	patch                                       # scripts/tinygo-patches
	jq                                          # tests read the CLI's --json output
	groff-base                                  # tests render the man page
	qemu-system-x86 busybox-static cpio         # the kernel matrix (tests/kernels)
	qemu-system-arm                             # its arm64 guests (qemu-system-aarch64)
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross # its arm64 guest tests, cross-built
	linux-libc-dev                              # <linux/bpf.h>: the helper table's source
	libbpf-tools                                # opensnoop, which examples/opensnoop is compared with
	time gnuplot-nox                            # make bench: peak memory, and its scaling plot
)

current="Debian packages"
step "$current"
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "installing: ${missing[*]}"
	[ "$(id -u)" = 0 ] || fail "not root: run as root or install ${missing[*]} yourself"
	apt-get update -q || fail "apt-get update failed: is Debian's archive reachable?"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
		fail "apt-get install failed for: ${missing[*]}"
else
	echo "all ${#packages[@]} packages present"
fi

# libbpf 1.4 and bpftool 7.5 from bookworm-backports, not bookworm's 1.1 and
# 7.1: 1.1 does not know the section names of newer program types (tc/ingress,
# tcx/*, netkit/*, uprobe.multi, ksyscall, ...), so verify and validation would
# misjudge them, and it crashes on malformed BTF that 1.4 refuses (issue 13's
# comparison is in docs/libbpf.md). tinybpf links libbpf statically, so the
# installed binary and its Debian package do not need backports.
current="libbpf and bpftool from bookworm-backports"
step "$current"
backports_pkgs=(libbpf-dev bpftool)
want_libbpf=1.4
have=$(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null || true)
if [[ $have == *:1.4.* || $have == *:1.[5-9].* ]] && dpkg-query -W -f='${Version}' bpftool 2>/dev/null | grep -q '^7\.[5-9]'; then
	echo "libbpf-dev $have, bpftool $(dpkg-query -W -f='${Version}' bpftool) present"
else
	[ "$(id -u)" = 0 ] || fail "not root: install libbpf-dev >= $want_libbpf and bpftool >= 7.5 from bookworm-backports yourself"
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\?$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
		mirror=${mirror:-http://deb.debian.org/debian}
		echo "adding bookworm-backports ($mirror) to /etc/apt/sources.list.d/tinybpf-backports.list"
		echo "deb $mirror bookworm-backports main" >/etc/apt/sources.list.d/tinybpf-backports.list
	fi
	apt-get update -q || fail "apt-get update failed: is Debian's archive reachable?"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-t bookworm-backports "${backports_pkgs[@]}" ||
		fail "apt-get install -t bookworm-backports ${backports_pkgs[*]} failed"
fi

command -v go >/dev/null || fail "Go is not on PATH (Go 1.24 or newer is required)"

current="TinyGo $TINYGO_VERSION"
step "$current"
# The build in $TINYGO_HOME, whatever $TINYGO says: its name carries the
# patch set (scripts/env.sh), so a changed patch set builds it again.
if "$TINYGO_HOME/bin/tinygo" version 2>/dev/null | grep -q "tinygo version $TINYGO_VERSION"; then
	"$TINYGO_HOME/bin/tinygo" version
else
	src=$(go mod download -json "github.com/tinygo-org/tinygo@v$TINYGO_VERSION" |
		sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	[ -d "$src" ] || fail "the Go module proxy did not serve TinyGo $TINYGO_VERSION"
	rm -rf "$TINYGO_HOME.partial"
	mkdir -p "$TINYGO_HOME.partial"
	# TinyGo finds its sources through TINYGOROOT, and the module cache is
	# read-only: work in a writable copy.
	cp -r "$src/." "$TINYGO_HOME.partial/root"
	chmod -R u+w "$TINYGO_HOME.partial/root"
	(
		cd "$TINYGO_HOME.partial/root"
		# Fixes tinybpf depends on (each patch's header says why).
		for p in "$repo"/scripts/tinygo-patches/*.patch; do
			[ -e "$p" ] || continue
			echo "applying $(basename "$p")"
			patch -p1 --forward --quiet <"$p"
		done
		# The proxy refuses tinygo.org/x/espflasher (used only to flash
		# ESP32 boards); a local stand-in keeps the rest of TinyGo intact.
		go mod edit -replace "tinygo.org/x/espflasher=$repo/scripts/tinygo-espflasher-stub"
		echo "building TinyGo (about a minute)"
		CGO_ENABLED=1 go build -tags llvm22 -o build/tinygo .
	) || fail "go build of TinyGo failed; are llvm-22-dev and libclang-22-dev installed?"
	# A module zip lacks TinyGo's git submodules; .ll output needs only an
	# (empty) src/net of them.
	mkdir -p "$TINYGO_HOME.partial/root/src/net" "$TINYGO_HOME.partial/bin"
	cat >"$TINYGO_HOME.partial/bin/tinygo" <<-EOF
		#!/bin/sh
		TINYGOROOT='$TINYGO_HOME/root' exec '$TINYGO_HOME/root/build/tinygo' "\$@"
	EOF
	chmod +x "$TINYGO_HOME.partial/bin/tinygo"
	rm -rf "$TINYGO_HOME"
	mv "$TINYGO_HOME.partial" "$TINYGO_HOME"
	"$TINYGO" version
fi

current="TinyGo's musl placeholder"
step "$current"
# TinyGo prepares musl for the host target even when it only emits LLVM IR,
# and the module zip has no musl sources. IR output never links, so an empty
# archive in TinyGo's library cache satisfies it. For the host, and for
# arm64: `GOARCH=arm64 tinybpf build` selects arm64's pt_regs in kprobes.
for goarch in "" arm64; do
	triple=$(GOARCH=$goarch "$TINYGO" info -json | sed -n 's/^ *"llvm-target": "\(.*\)",$/\1/p' | head -1)
	cpu=$(GOARCH=$goarch "$TINYGO" info -json | sed -n 's/^ *"cpu": "\(.*\)",$/\1/p' | head -1)
	[ -n "$triple" ] && [ -n "$cpu" ] || fail "cannot read the ${goarch:-host} target from 'tinygo info -json'"
	musl="${XDG_CACHE_HOME:-$HOME/.cache}/tinygo/musl-$triple-$cpu-v3"
	if [ ! -f "$musl/lib.a" ]; then
		mkdir -p "$musl/include"
		ar rc "$musl/lib.a"
	fi
	echo "$musl"
done

current="TinyGo smoke test"
step "$current"
smoke=$(mktemp -d)
printf 'package main\n\n//export f\nfunc f() int32 { return 1 }\n\nfunc main() {}\n' >"$smoke/main.go"
printf 'module smoke\n\ngo 1.24\n' >"$smoke/go.mod"
(cd "$smoke" && "$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=1 -o out.ll .) ||
	fail "TinyGo cannot compile a trivial package to LLVM IR"
grep -q "define.*@f()" "$smoke/out.ll" || fail "TinyGo's IR lacks the exported function"
rm -rf "$smoke"
echo "TinyGo emits LLVM IR"

current="Go modules"
step "$current"
for mod in "$repo"/examples/*/go.mod "$repo"/tests/go/go.mod; do
	(cd "$(dirname "$mod")" && go mod download) || fail "go mod download in $(dirname "$mod")"
done
echo "downloaded"

current="kernel interfaces"
step "$current"
# Attaching tracepoints needs tracefs; pinning needs bpffs. Fresh VMs often
# have neither mounted.
mountpoint -q /sys/kernel/tracing || mount -t tracefs tracefs /sys/kernel/tracing ||
	fail "cannot mount tracefs on /sys/kernel/tracing (not root?)"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || fail "cannot mount bpffs on /sys/fs/bpf"
[ -r /sys/kernel/btf/vmlinux ] || echo "warning: no /sys/kernel/btf/vmlinux: this kernel lacks BTF"
uname -r

current="tinybpf"
step "$current"
make -C "$repo" -j"$(nproc)" >/dev/null || fail "make failed; run 'make' to see why"
"$repo/build/bin/tinybpf" version

trap - ERR
printf '\nsetup: done. In a shell: source scripts/env.sh\n'
