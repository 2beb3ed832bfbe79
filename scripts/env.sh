# Sourced by the project's scripts (and by you, in a shell): where the pinned
# toolchain lives. scripts/setup.sh installs it.
TINYGO_VERSION=0.42.0
TINYBPF_CACHE_DIR=${TINYBPF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tinybpf-dev}
# A TinyGo root laid out as TinyGo's releases are (bin/, src/, targets/,
# lib/musl/): `make install` copies it beside the installed tinybpf.
TINYGO_HOME=$TINYBPF_CACHE_DIR/toolchain/tinygo-$TINYGO_VERSION
export TINYGO=${TINYGO:-$TINYGO_HOME/bin/tinygo}
export TINYBPF_CACHE_DIR TINYGO_VERSION TINYGO_HOME
_tinybpf_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ":$PATH:" in
*":$_tinybpf_repo/build/bin:"*) ;;
*) export PATH="$_tinybpf_repo/build/bin:$PATH" ;;
esac
unset _tinybpf_repo
