#!/usr/bin/env bash
# `make deb`: build/deb/tinybpf_VERSION-1_ARCH.deb, then lintian on it.
#
# The package is `make install PREFIX=/usr` of a build with Debian's
# hardening flags (dpkg-buildflags), stripped as dh_strip strips, with the
# man page compressed, a copyright file and a changelog. Its Depends come
# from dpkg-shlibdeps on the two executables: bookworm's (and
# bookworm-security's) packages only, since libbpf is linked in
# (docs/libbpf.md). lintian's findings are printed and kept in
# build/deb/lintian.txt; those we keep on purpose are overridden, each with
# its reason, in packaging/lintian-overrides. Run as root or not; lintian is
# installed if missing (root only).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/env.sh
source scripts/env.sh

version=$(sed -n 's/^#define TB_VERSION "\(.*\)"$/\1/p' src/lib/internal.h)
debversion=$version-1
arch=$(dpkg --print-architecture)
out=build/deb
stage=$out/root
deb=$out/tinybpf_${debversion}_$arch.deb
rm -rf "$stage" "$out"/*.deb
mkdir -p "$stage/DEBIAN"

# Hardening, all of it (bind-now too); the CPPFLAGS go with CFLAGS, since the
# Makefile adds its own include paths to CPPFLAGS.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
cxxflags="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
# make does not track flags: a build with other flags starts over.
if [ "$(cat "$out/build/flags" 2>/dev/null)" != "$cflags|$cxxflags|$ldflags|static=0" ]; then
	rm -rf "$out/build"
	mkdir -p "$out/build"
	echo "$cflags|$cxxflags|$ldflags|static=0" >"$out/build/flags"
fi
# STATIC=0: the package links the system's libraries (zlib, libelf, json-c,
# libc) as Debian policy asks (lintian: embedded-library); the tree's fully
# static tinybpf is for speed at start-up (BENCHMARKS.md).
make -s -j"$(nproc)" BUILD="$out/build" STATIC=0 CFLAGS="$cflags" CXXFLAGS="$cxxflags" LDFLAGS="$ldflags" all
make -s BUILD="$out/build" STATIC=0 PREFIX=/usr DESTDIR="$PWD/$stage" install

# As dh_strip: executables lose symbols, static libraries debug info.
strip --remove-section=.comment --remove-section=.note --strip-unneeded \
	"$stage/usr/bin/tinybpf" "$stage/usr/lib/tinybpf/tinygo/bin/tinygo"
strip --strip-debug --remove-section=.comment --remove-section=.note \
	--enable-deterministic-archives "$stage/usr/lib/libtinybpf.a" "$stage/usr/lib/tinybpf/libbpf.a"
# The license files of the TinyGo tree are in the package's copyright file;
# its example programs and READMEs are documentation TinyGo never reads;
# git's files are of no use outside a repository.
tinygo=$stage/usr/lib/tinybpf/tinygo
rm -rf "$tinygo/LICENSE" "$tinygo/lib/musl/COPYRIGHT" "$tinygo/src/examples"
find "$tinygo/src" \( -name 'README*' -o -name '*.md' \) -delete
find "$tinygo/src" -mindepth 1 -type d -empty ! -path "$tinygo/src/net" -delete
find "$stage" \( -name .gitignore -o -name .gitattributes -o -name .gitmodules \) -delete
# pkg-config's file goes where the architecture's libraries' files go, and
# names /usr: this package is not moved.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
mkdir -p "$stage/usr/lib/$multiarch/pkgconfig"
sed 's|^prefix=.*|prefix=/usr|; /^# Relocatable/d' "$stage/usr/lib/pkgconfig/tinybpf.pc" \
	>"$stage/usr/lib/$multiarch/pkgconfig/tinybpf.pc"
rm -r "$stage/usr/lib/pkgconfig"
gzip -9n "$stage/usr/share/man/man1/tinybpf.1"
install -D -m 0644 packaging/copyright "$stage/usr/share/doc/tinybpf/copyright"
gzip -9n <packaging/changelog >"$stage/usr/share/doc/tinybpf/changelog.Debian.gz"
install -D -m 0644 packaging/lintian-overrides "$stage/usr/share/lintian/overrides/tinybpf"
# Directories 0755 and files 0644, executables 0755, whatever the umask.
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod go-w,a+r {} +

# Dependencies of the two executables, as dh_shlibdeps finds them (it needs
# a debian/control to name the package).
shlibs=$out/shlibs
rm -rf "$shlibs" && mkdir -p "$shlibs/debian"
printf 'Source: tinybpf\n\nPackage: tinybpf\nArchitecture: any\n' >"$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps -O -e"$repo/$stage/usr/bin/tinybpf" \
	-e"$repo/$stage/usr/lib/tinybpf/tinygo/bin/tinygo" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

cat >"$stage/DEBIAN/control" <<EOF
Package: tinybpf
Version: $debversion
Architecture: $arch
Maintainer: tinybpf maintainers <maintainers@users.noreply.b-seed-b9c32a2c.example>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Recommends: bpftool, pkg-config
Section: devel
Priority: optional
Description: compiler of Go eBPF programs: TinyGo's LLVM IR to BPF objects
 tinybpf turns a Go package, compiled by TinyGo to LLVM IR, into a standard
 BPF ELF object (program sections, BTF-defined maps, BTF and BTF.ext with the
 Go source lines, CO-RE relocations) that libbpf, cilium/ebpf and bpftool
 load. It writes typed Go loaders for cilium/ebpf in bpf2go's shape and libbpf
 skeletons, verifies objects in the running kernel, and starts new projects.
 .
 This package carries the TinyGo it runs (0.42.0, on LLVM 22) in
 /usr/lib/tinybpf/tinygo, the Go SDK for BPF programs (module
 github.com/tinybpf/tinybpf, which tinybpf init wires into projects) in
 /usr/share/tinybpf/go, and the C library with its header and pkg-config
 file. Building needs Go 1.25 to 1.27 on PATH (https://go.dev/dl; Debian 12's
 Go is older); loading programs needs root or CAP_BPF.
EOF
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
	>"$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1), installed $(($(du -sk --exclude=DEBIAN "$stage" | cut -f1) / 1024)) MiB)"
echo "Depends: $depends"

if ! command -v lintian >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "deb.sh: lintian is not installed (apt-get install lintian)" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends lintian >/dev/null
fi
# --info explains each tag; the exit status is lintian's (errors fail).
lintian --info --display-info --show-overrides "$deb" | tee "$out/lintian.txt"
echo "lintian: $(grep -c '^[EWIP]: ' "$out/lintian.txt" || true) findings ($(grep -c '^O: ' "$out/lintian.txt" || true) overridden), in $out/lintian.txt"
