#!/usr/bin/env bash
# `make deb-test`: installs build/deb/tinybpf_*.deb in a clean Debian 12 root
# and uses it there as a new user would, not root:
#   - apt resolves the package's dependencies from bookworm and
#     bookworm-security alone (no backports: libbpf is linked in);
#   - tinybpf doctor finds the TinyGo installed with it, with no variable set,
#     and builds its own program (exit 0);
#   - tinybpf init makes a project that go generate builds (object and loader)
#     and go vet and go test's build pass, from an empty cache;
#   - examples/tracepoint-openat, copied from this tree, builds the same way.
# Ends with "deb-test: N passed, M failed" and the time it took.
#
# The root comes from debootstrap (minbase, plus ca-certificates) from the
# mirror the host's apt sources name, and is cached as a tarball in
# $TINYBPF_CACHE_DIR/debootstrap, with apt's downloaded packages, so a rerun
# skips both downloads. Go is the host's (bind-mounted read-only: Debian 12's
# is too old for TinyGo 0.42) and modules come from the host's module cache
# through GOPROXY=file://, falling back to the host's proxy. Everything runs
# in a private mount namespace, so no mount outlives the test; the root is
# removed at the end. Needs root (debootstrap, chroot); installs debootstrap
# if missing.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/env.sh
source scripts/env.sh
started=$SECONDS
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL $*" >&2; }
die() { echo "deb-test: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: debootstrap and chroot need it"
deb=$(ls build/deb/tinybpf_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "no build/deb/tinybpf_*.deb: run make deb first"
if ! command -v debootstrap >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null ||
		die "cannot install debootstrap"
fi

# The host's Debian mirror and security mirror, as its apt sources name them.
sources=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null)
mirror=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/\?$/\1/p; s/^deb \(http[^ ]*\/debian\)\/\? bookworm .*/\1/p' <<<"$sources" | head -1)
security=$(sed -n 's/^URIs: *\(http[^ ]*\/debian-security\)\/\?$/\1/p; s/^deb \(http[^ ]*\/debian-security\)\/\? .*/\1/p' <<<"$sources" | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
security=${security:-http://deb.debian.org/debian-security}

cache=$TINYBPF_CACHE_DIR/debootstrap
base=$cache/bookworm-minbase-$(dpkg --print-architecture).tar.gz
mkdir -p "$cache/apt-archives/partial"
if [ ! -s "$base" ]; then
	echo "deb-test: debootstrap bookworm from $mirror (once; cached in $base)"
	scratch=$(mktemp -d /var/tmp/tinybpf-debootstrap.XXXXXX)
	debootstrap --variant=minbase --include=ca-certificates bookworm "$scratch" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
		{ tail -20 "$cache/debootstrap.log" >&2; rm -rf "$scratch"; die "debootstrap failed"; }
	rm -rf "$scratch"/var/cache/apt/archives/*.deb
	chmod 755 "$scratch"
	tar -C "$scratch" -czf "$base.partial" . && mv "$base.partial" "$base"
	rm -rf "$scratch"
fi

root=$(mktemp -d /var/tmp/tinybpf-chroot.XXXXXX)
trap 'rm -rf "$root"' EXIT
tar -C "$root" -xzf "$base" || die "cannot unpack $base"
chmod 755 "$root" # it becomes /, which every user must enter (mktemp made it 0700)
echo "deb-test: a Debian 12 root in $root ($((SECONDS - started)) s)"
printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
	"$mirror" "$mirror" "$security" >"$root/etc/apt/sources.list"
rm -f "$root"/etc/apt/sources.list.d/*
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/tinybpf.deb"
mkdir -p "$root/usr/local/go" "$root/var/cache/gomod" "$root/work"
cp -r examples/tracepoint-openat examples/internal "$root/work/"
rm -rf "$root/work/tracepoint-openat/build"
goroot=$(go env GOROOT)
modcache=$(go env GOMODCACHE)/cache/download
proxy="file:///var/cache/gomod,$(go env GOPROXY)"

# Inside the chroot, as root: the package through apt, and a user.
cat >"$root/work/install.sh" <<'EOF'
set -e
t=$SECONDS
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends /tmp/tinybpf.deb >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }
useradd -m tbuser
cp -r /work/tracepoint-openat /work/internal /home/tbuser/
chown -R tbuser: /home/tbuser
echo "== installed the package and its dependencies ($((SECONDS - t)) s)"
EOF
# As the user: only the installed tree and Go on PATH, no tinybpf variable,
# an empty home (so empty caches).
cat >"$root/work/user.sh" <<'EOF'
set -u
cd ~
step() {
	local t=$SECONDS
	echo "== $*"
	"$@" && echo "== ok ($((SECONDS - t)) s)" || echo "== FAILED ($?)"
}
step tinybpf doctor
step tinybpf init hello
cd hello
step go generate ./...
step go vet ./...
step go test -count=1 -run '^$' ./...
grep replace go.mod
cd ~/tracepoint-openat
# The example takes the SDK from the tree it lives in (../..); copied out of
# it, it takes the installed one, as a user's copy would.
step go mod edit -replace github.com/tinybpf/tinybpf=/usr/share/tinybpf/go
step tinybpf build ./bpf
step go vet ./...
step go test -count=1 -run '^$' ./...
EOF

log=$root/work/log
unshare --mount --propagation private -- bash -c '
	set -e
	root=$1 goroot=$2 modcache=$3
	mount -t proc proc "$root/proc"
	mount --rbind /dev "$root/dev"
	mount --bind -o ro "$goroot" "$root/usr/local/go"
	mount --bind -o ro "$modcache" "$root/var/cache/gomod"
	mount --bind "$4" "$root/var/cache/apt/archives"
	chroot "$root" /bin/bash /work/install.sh
	chroot "$root" runuser -u tbuser -- env -i HOME=/home/tbuser PATH=/usr/local/go/bin:/usr/bin:/bin \
		GOPROXY="$5" GOTOOLCHAIN=local /bin/bash /work/user.sh
' _ "$root" "$goroot" "$modcache" "$cache/apt-archives" "$proxy" >"$log" 2>&1
status=$?
[ "$status" = 0 ] && ok || { ko "installing the package (exit $status):"; tail -30 "$log" >&2; }

# What was installed and what the user saw.
if grep -q '^Depends:' <(dpkg-deb -f "$deb") && ! dpkg-deb -f "$deb" Depends | grep -q libbpf; then ok; else ko "the package depends on libbpf"; fi
grep -rqs backports "$root/etc/apt/sources.list" "$root/etc/apt/sources.list.d" && ko "the root's apt sources name backports" || ok
for s in "tinybpf doctor" "tinybpf init hello" "go generate ./..." "go vet ./..." "go test -count=1 -run ^\$ ./..." \
	"tinybpf build ./bpf"; do
	[ "$(grep -c "^== FAILED" <(sed -n "/^== ${s//\//\\/}\$/,/^== \(ok\|FAILED\)/p" "$log"))" = 0 ] &&
		grep -qx "== $s" "$log" && ok || ko "as tbuser: $s"
done
[ "$(grep -c '^== ok' "$log")" = 9 ] && ok || ko "as tbuser: $(grep -c '^== ok' "$log") of 9 steps ok"
grep -qF "  ok       TinyGo                   0.42.0 (LLVM 22.1.8) at /usr/lib/tinybpf/tinygo/bin/tinygo (installed with tinybpf)" "$log" &&
	ok || ko "doctor did not find the installed TinyGo"
grep -qF "  ok       build                    TinyGo and tinybpf built a tracepoint program" "$log" && ok ||
	ko "doctor's own build failed"
grep -qx "replace github.com/tinybpf/tinybpf => /usr/share/tinybpf/go" "$log" && ok ||
	ko "init did not point the project at /usr/share/tinybpf/go"
[ -s "$root/home/tbuser/hello/hello.bpf.o" ] && [ -s "$root/home/tbuser/hello/hello_bpf.go" ] && ok ||
	ko "go generate wrote no object or loader"
[ -s "$root/home/tbuser/tracepoint-openat/build/openat.bpf.o" ] && ok || ko "the example's object is missing"
cp "$log" build/deb/deb-test.log
grep -E '^== (ok|installed)' "$log" | paste -sd' ' | sed 's/^/steps: /'
if [ "$fail" != 0 ]; then sed 's/^/    | /' "$log" >&2; fi
echo "deb-test: $pass passed, $fail failed ($((SECONDS - started)) s; package $(du -h "$deb" | cut -f1))"
[ "$fail" = 0 ]
