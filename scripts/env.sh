# Sourced by the project's scripts (and by you, in a shell): where the pinned
# toolchain lives. scripts/setup.sh installs it.
TINYGO_VERSION=0.42.0
TINYBPF_CACHE_DIR=${TINYBPF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tinybpf-dev}
_tinybpf_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# A TinyGo root laid out as TinyGo's releases are (bin/, src/, targets/,
# lib/musl/): `make install` copies it beside the installed tinybpf. It is
# built with the patches in scripts/tinygo-patches (each says why); their hash
# is part of the directory, so a changed patch set is built afresh by
# scripts/setup.sh, and a tree with other patches keeps its own build.
_tinygo_patches=$(cat "$_tinybpf_repo"/scripts/tinygo-patches/*.patch 2>/dev/null | sha256sum | cut -c1-12)
TINYGO_HOME=$TINYBPF_CACHE_DIR/toolchain/tinygo-$TINYGO_VERSION-p$_tinygo_patches
export TINYGO=${TINYGO:-$TINYGO_HOME/bin/tinygo}
export TINYBPF_CACHE_DIR TINYGO_VERSION TINYGO_HOME
case ":$PATH:" in
*":$_tinybpf_repo/build/bin:"*) ;;
*) export PATH="$_tinybpf_repo/build/bin:$PATH" ;;
esac
unset _tinybpf_repo _tinygo_patches
