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

# Each step says how long it took: a first set-up spends minutes building
# TinyGo, a second one seconds checking.
setup_started=$SECONDS step_started=
step_done() { [ -z "$step_started" ] || printf '   (%d s)\n' $((SECONDS - step_started)); }
step() {
	step_done
	printf '\n== setup: %s\n' "$*"
	step_started=$SECONDS
}
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
	curl                                        # musl sources for TinyGo (Debian archive)
	groff-base                                  # tests render the man page
	qemu-system-x86 busybox-static cpio         # the kernel matrix (tests/kernels)
	qemu-system-arm                             # its arm64 guests (qemu-system-aarch64)
	qemu-user                                   # runs arm64 checkers on the host (qemu-aarch64)
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
# 7.1: 1.1 does not know 19 of 1.4's section names (tc/ingress, tcx/*,
# netkit/*, uprobe.multi*, cgroup/*_unix, netfilter, ...), so verify and
# validation would misjudge them, and it accepts malformed BTF that its own
# functions then crash on, which 1.4 refuses (measured: docs/libbpf.md,
# packaging/libbpf-compare.sh). tinybpf links libbpf statically, so the
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

command -v go >/dev/null || fail "Go is not on PATH (Go 1.25 or newer is required: TinyGo 0.42's go.mod)"

current="TinyGo $TINYGO_VERSION"
step "$current"
# The build in $TINYGO_HOME, whatever $TINYGO says: its name carries the
# patch set (scripts/env.sh), so a changed patch set builds it again.
# TinyGo is laid out as its release tarballs are: bin/tinygo, src/, targets/
# and lib/musl/ under one root, which TinyGo finds from its own executable
# (no TINYGOROOT), so `make install` can copy the tree anywhere. Everything
# TinyGo needs is inside that root; nothing is put in a user's cache.
tinygo_complete() { # the files TinyGo reads that its module zip lacks
	local a
	[ -x "$TINYGO_HOME/bin/tinygo" ] && [ -d "$TINYGO_HOME/src/net" ] || return 1
	for a in x86_64 aarch64; do
		[ -f "$TINYGO_HOME/lib/musl/arch/$a/bits/alltypes.h.in" ] || return 1
	done
	[ -f "$TINYGO_HOME/lib/musl/include/alltypes.h.in" ]
}
# How TinyGo is built. -trimpath: the binary must not point back at the build
# directory (TinyGo would fall back to it as its root). PIE, bind-now and
# fortified C: Debian's hardening, which lintian checks in the package
# (packaging/deb.sh). A change here rebuilds TinyGo.
tinygo_build_flags=(-trimpath -buildmode=pie -tags llvm22)
tinygo_cgo_cflags="-O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong"
tinygo_cgo_ldflags="-Wl,-z,relro -Wl,-z,now"
tinygo_stamp="go build ${tinygo_build_flags[*]}; CGO_CFLAGS=$tinygo_cgo_cflags; CGO_LDFLAGS=$tinygo_cgo_ldflags"
if tinygo_complete && "$TINYGO_HOME/bin/tinygo" version 2>/dev/null | grep -q "tinygo version $TINYGO_VERSION" &&
	[ "$(cat "$TINYGO_HOME.build" 2>/dev/null)" = "$tinygo_stamp" ]; then
	"$TINYGO_HOME/bin/tinygo" version
else
	src=$(go mod download -json "github.com/tinygo-org/tinygo@v$TINYGO_VERSION" |
		sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	[ -d "$src" ] || fail "the Go module proxy did not serve TinyGo $TINYGO_VERSION"
	partial=$TINYGO_HOME.partial
	rm -rf "$partial"
	mkdir -p "$partial/root/bin"
	# The module cache is read-only: build in a writable copy.
	cp -r "$src/." "$partial/build"
	chmod -R u+w "$partial/build"
	(
		cd "$partial/build"
		# Fixes tinybpf depends on (each patch's header says why).
		for p in "$repo"/scripts/tinygo-patches/*.patch; do
			[ -e "$p" ] || continue
			echo "applying $(basename "$p")"
			patch -p1 --forward --quiet <"$p"
		done
		# The proxy refuses tinygo.org/x/espflasher (used only to flash
		# ESP32 boards); a local stand-in keeps the rest of TinyGo intact.
		go mod edit -replace "tinygo.org/x/espflasher=$repo/scripts/tinygo-espflasher-stub"
		CGO_ENABLED=1 CGO_CFLAGS=$tinygo_cgo_cflags CGO_CXXFLAGS=$tinygo_cgo_cflags \
			CGO_LDFLAGS=$tinygo_cgo_ldflags go build "${tinygo_build_flags[@]}" \
			-o "$partial/root/bin/tinygo" . >"$partial/build.log" 2>&1 &
		pid=$!
		# The longest step of a first set-up: say that it is alive.
		started=$SECONDS next=15
		while kill -0 "$pid" 2>/dev/null; do
			sleep 1
			if ((SECONDS - started >= next)); then
				echo "building TinyGo against LLVM 22: $((SECONDS - started)) s"
				next=$((next + 15))
			fi
		done
		wait "$pid" || { tail -n 30 "$partial/build.log" >&2; exit 1; }
		echo "built TinyGo in $((SECONDS - started)) s"
	) || fail "go build of TinyGo failed; are llvm-22-dev and libclang-22-dev installed?"
	# What a TinyGo release ships beside its binary (TinyGo's make/release.mk).
	cp -r "$partial/build/src" "$partial/build/targets" "$partial/build/LICENSE" "$partial/root/" # as patched
	chmod -R u+w "$partial/root"
	# The module zip lacks TinyGo's git submodules. Of those, IR output needs
	# src/net (it may stay empty: the programs import no net package) and
	# musl: TinyGo prepares the host's libc headers even when it only emits
	# LLVM IR, from lib/musl's *.h.in files, and lists musl's sources. A
	# release carries musl's sources; this one takes them from Debian's musl
	# source package, pinned by the checksum in Debian's musl_1.2.3-1.dsc.
	mkdir -p "$partial/root/src/net"
	musl_tar=$TINYBPF_CACHE_DIR/downloads/musl_1.2.3.orig.tar.gz
	musl_sha256=7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4
	if ! echo "$musl_sha256  $musl_tar" | sha256sum -c --status 2>/dev/null; then
		mkdir -p "$(dirname "$musl_tar")"
		mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\?$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
		curl -fsSL -o "$musl_tar.part" "${mirror:-http://deb.debian.org/debian}/pool/main/m/musl/musl_1.2.3.orig.tar.gz" ||
			fail "cannot download musl's source from Debian's archive"
		echo "$musl_sha256  $musl_tar.part" | sha256sum -c --status ||
			fail "musl_1.2.3.orig.tar.gz does not have the checksum Debian's .dsc gives"
		mv "$musl_tar.part" "$musl_tar"
	fi
	mkdir -p "$partial/musl" "$partial/root/lib/musl/arch" "$partial/root/lib/musl/src" "$partial/root/lib/musl/crt"
	tar -xzf "$musl_tar" -C "$partial/musl" --strip-components=1
	(
		cd "$partial/musl"
		cp -r arch/aarch64 arch/x86_64 arch/generic "$partial/root/lib/musl/arch/"
		cp -r include COPYRIGHT "$partial/root/lib/musl/"
		cp crt/crt1.c "$partial/root/lib/musl/crt/"
		# The directories builder/musl.go globs its sources from.
		cp -r src/conf src/ctype src/env src/errno src/exit src/fcntl src/include \
			src/internal src/legacy src/locale src/linux src/malloc src/mman src/math \
			src/misc src/multibyte src/sched src/signal src/stdio src/stdlib src/string \
			src/thread src/time src/unistd src/process "$partial/root/lib/musl/src/"
	)
	rm -rf "$TINYGO_HOME"
	mv "$partial/root" "$TINYGO_HOME"
	echo "$tinygo_stamp" >"$TINYGO_HOME.build" # beside the root: make install copies the root
	rm -rf "$partial"
	tinygo_complete || fail "the TinyGo tree at $TINYGO_HOME is incomplete"
	"$TINYGO" version
fi

current="TinyGo smoke test"
step "$current"
# In a cache of its own: TinyGo must need nothing that a user cache holds.
smoke=$(mktemp -d)
printf 'package main\n\n//export f\nfunc f() int32 { return 1 }\n\nfunc main() {}\n' >"$smoke/main.go"
printf 'module smoke\n\ngo 1.24\n' >"$smoke/go.mod"
for goarch in amd64 arm64; do
	(cd "$smoke" && XDG_CACHE_HOME=$smoke/cache GOARCH=$goarch "$TINYGO" build -gc=none -scheduler=none -panic=trap -opt=1 -o out.ll .) ||
		fail "TinyGo cannot compile a trivial package to LLVM IR for GOARCH=$goarch"
	grep -q "define.*@f()" "$smoke/out.ll" || fail "TinyGo's IR lacks the exported function"
done
chmod -R u+w "$smoke"
rm -rf "$smoke"
echo "TinyGo emits LLVM IR (amd64 and arm64) with an empty cache"

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
step_done
printf '\nsetup: done in %d s. In a shell: source scripts/env.sh\n' $((SECONDS - setup_started))
