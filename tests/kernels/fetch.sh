#!/usr/bin/env bash
# Fetch Debian's cloud kernels (6.1 from bookworm, 6.12 from bookworm-security)
# for booting under QEMU. Only boot/vmlinuz-* is extracted; nothing is installed.
#
# Usage: tests/kernels/fetch.sh [--update] [SERIES...]     SERIES: 6.1 6.12 (default: both)
# Prints one line per kernel on stdout: SERIES<TAB>VMLINUZ_PATH<TAB>PACKAGE=VERSION
# Cache: ${TINYBPF_CACHE_DIR:-$HOME/.cache/tinybpf-dev}/kernels
set -Eeuo pipefail

prog=fetch.sh
step="parse arguments"
trap 'echo "$prog: FAILED at step: $step" >&2' ERR

die() { echo "$prog: FAILED at step: $step: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

usage() {
	sed -n '2,7s/^# \{0,1\}//p' "$0"
}

force_update=0
series=()
while (($#)); do
	case "$1" in
	--update) force_update=1 ;;
	-h | --help) usage; exit 0 ;;
	6.1 | 6.12) series+=("$1") ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
	shift
done
((${#series[@]})) || series=(6.1 6.12)

kdir="${TINYBPF_CACHE_DIR:-$HOME/.cache/tinybpf-dev}/kernels"
state="$kdir/resolved.tsv"
lists=/var/lib/apt/lists

step="create cache dir $kdir"
mkdir -p "$kdir"

lists_newer_than() { # FILE: did apt's package lists change after FILE was written?
	[[ -n $(find "$lists" -maxdepth 1 -name '*_Packages*' -newer "$1" -print -quit 2>/dev/null || true) ]]
}

# Fast path: a previous run resolved these series, the files exist, and apt's
# package lists have not changed since (so the resolution cannot have changed).
# No apt, no network: this is what makes a warm run take milliseconds.
fast_path() {
	[[ -s $state ]] || return 1
	lists_newer_than "$state" && return 1
	local s out="" line
	for s in "${series[@]}"; do
		line=$(awk -F'\t' -v s="$s" '$1 == s { print; exit }' "$state")
		[[ -n $line ]] || return 1
		IFS=$'\t' read -r _ pkg ver path <<<"$line"
		[[ -f $path ]] || return 1
		out+="$s"$'\t'"$path"$'\t'"$pkg=$ver"$'\n'
	done
	printf '%s' "$out"
}

# Serialise concurrent runs sharing one cache (fd 9 stays open until exit).
step="lock $kdir/.lock"
exec 9>"$kdir/.lock"
flock 9

if ((!force_update)) && fast_path; then
	exit 0
fi

apt_updated=0
apt_update() {
	((apt_updated)) && return 0
	step="apt-get update"
	log "running apt-get update"
	apt-get update -qq >&2 || die "apt-get update failed (is Debian's archive reachable?)"
	apt_updated=1
}

# No package lists at all (fresh container): nothing can be resolved without them.
if ((force_update)) || [[ -z $(find "$lists" -maxdepth 1 -name '*_Packages*' -print -quit 2>/dev/null) ]]; then
	apt_update
fi

# The metapackage's dependency names the current ABI (the signed image);
# the -unsigned twin carries the same kernel without the shim/signing layer.
meta_dep() { # META REGEX -> dependency name or nothing
	{ apt-cache depends "$1" 2>/dev/null || true; } |
		awk -v re="$2" '$1 == "Depends:" && $2 ~ re { print $2; exit }'
}

# Fallback when the metapackage is gone: newest matching -unsigned package in the index.
newest_by_search() { # REGEX
	{ apt-cache search --names-only "$1" 2>/dev/null || true; } | awk '{ print $1 }' | sort -V | tail -n 1
}

candidate() { # PKG -> candidate version or nothing
	{ apt-cache policy "$1" 2>/dev/null || true; } | awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

resolve() { # SERIES -> "PKG VERSION"
	local s=$1 meta dep_re search_re dep pkg ver
	case "$s" in
	6.1)
		meta=linux-image-cloud-amd64
		dep_re='^linux-image-6\.1\.0-[0-9]+-cloud-amd64(-unsigned)?$'
		search_re='^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$'
		;;
	6.12)
		meta=linux-image-6.12-cloud-amd64
		dep_re='^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64(-unsigned)?$'
		search_re='^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned$'
		;;
	esac
	dep=$(meta_dep "$meta" "$dep_re")
	if [[ -n $dep ]]; then
		pkg="${dep%-unsigned}-unsigned"
	else
		pkg=$(newest_by_search "$search_re")
	fi
	[[ -n $pkg ]] || return 1
	ver=$(candidate "$pkg")
	[[ -n $ver ]] || return 1
	echo "$pkg $ver"
}

download_extract() { # SERIES PKG VERSION -> vmlinuz path
	local s=$1 pkg=$2 ver=$3 dest="$kdir/${2}_${3}" tmp deb vmlinuz
	vmlinuz=$(find "$dest/boot" -maxdepth 1 -name 'vmlinuz-*' -print -quit 2>/dev/null || true)
	if [[ -n $vmlinuz ]]; then
		echo "$vmlinuz"
		return 0
	fi
	tmp=$(mktemp -d "$kdir/.tmp.XXXXXX")
	# apt's _apt sandbox user cannot write into root's $HOME; as root, skip it.
	local sandbox=()
	((EUID == 0)) && sandbox=(-o APT::Sandbox::User=root)

	step="apt-get download $pkg=$ver ($s)"
	log "downloading $pkg=$ver"
	if ! (cd "$tmp" && apt-get download -qq "${sandbox[@]}" "$pkg=$ver" >&2); then
		rm -rf "$tmp"
		return 2 # caller may retry after apt-get update (superseded version)
	fi
	deb=$(find "$tmp" -maxdepth 1 -name '*.deb' -print -quit)
	[[ -n $deb ]] || { rm -rf "$tmp"; die "no .deb produced"; }

	step="extract boot/vmlinuz-* from $(basename "$deb")"
	mkdir -p "$tmp/x"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards './boot/vmlinuz-*' ||
		{ rm -rf "$tmp"; die "dpkg-deb | tar failed"; }
	vmlinuz=$(find "$tmp/x/boot" -maxdepth 1 -name 'vmlinuz-*' -print -quit)
	[[ -n $vmlinuz ]] || { rm -rf "$tmp"; die "no boot/vmlinuz-* in $deb"; }
	rm -rf "$dest"
	mv "$tmp/x" "$dest" # atomic: a half-extracted kernel is never visible
	rm -rf "$tmp"
	find "$dest/boot" -maxdepth 1 -name 'vmlinuz-*' -print -quit
}

out=""
newstate=""
for s in "${series[@]}"; do
	step="resolve $s package name"
	if ! r=$(resolve "$s"); then
		# Lists may predate the package (or be stale): refresh once and retry.
		apt_update
		step="resolve $s package name (after apt-get update)"
		r=$(resolve "$s") || die "no linux-image-$s cloud -unsigned package found with apt-cache"
	fi
	read -r pkg ver <<<"$r"

	step="fetch $pkg=$ver"
	rc=0
	path=$(download_extract "$s" "$pkg" "$ver") || rc=$?
	if ((rc == 2)); then
		# The archive dropped that version (security update since our lists): refresh and re-resolve.
		((apt_updated)) && die "apt-get download $pkg=$ver failed"
		apt_update
		step="resolve $s package name (after apt-get update)"
		r=$(resolve "$s") || die "no linux-image-$s cloud -unsigned package found with apt-cache"
		read -r pkg ver <<<"$r"
		step="fetch $pkg=$ver"
		path=$(download_extract "$s" "$pkg" "$ver") || die "apt-get download $pkg=$ver failed"
	elif ((rc != 0)); then
		die "could not fetch $pkg=$ver"
	fi
	log "$s: $pkg=$ver -> $path"
	out+="$s"$'\t'"$path"$'\t'"$pkg=$ver"$'\n'
	newstate+="$s"$'\t'"$pkg"$'\t'"$ver"$'\t'"$path"$'\n'
done

# Merge with series not requested this time, so a 6.1-only run keeps the 6.12 entry,
# unless the lists changed since that entry was resolved (it may be outdated).
step="write $state"
{
	printf '%s' "$newstate"
	if [[ -f $state ]] && ! lists_newer_than "$state"; then
		awk -F'\t' 'NR == FNR { seen[$1] = 1; next } !($1 in seen)' <(printf '%s' "$newstate") "$state"
	fi
} >"$state.tmp"
mv "$state.tmp" "$state"

printf '%s' "$out"
