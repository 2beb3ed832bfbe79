#!/usr/bin/env bash
# Fetch Debian's cloud kernels for booting under QEMU: x86_64's 5.10 (bullseye),
# 6.1 (bookworm) and 6.12 (bookworm-security), arm64's 6.1 and 6.12 (the same
# suites) with an arm64 busybox-static for their initramfs. Only boot/vmlinuz-*
# and boot/config-* are extracted; nothing is installed.
#
# Usage: tests/kernels/fetch.sh [--update] [SERIES...]
#          SERIES: 5.10 6.1 6.12 6.1-arm64 6.12-arm64 (default: all)
#        tests/kernels/fetch.sh [--update] --sysroot arm64
# Prints one line per kernel on stdout:
#   SERIES<TAB>VMLINUZ<TAB>PACKAGE=VERSION<TAB>ARCH<TAB>BUSYBOX   (BUSYBOX "-": the host's)
# --sysroot arm64 prints a directory holding arm64 libbpf, libelf and zlib (headers and
# static libraries, the versions installed on the host) for cross-building guest tests.
# Cache: ${TINYBPF_CACHE_DIR:-$HOME/.cache/tinybpf-dev}/kernels
set -Eeuo pipefail

prog=fetch.sh
step="parse arguments"
trap 'echo "$prog: FAILED at step: $step" >&2' ERR

die() { echo "$prog: FAILED at step: $step: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

usage() {
	sed -n '2,14s/^# \{0,1\}//p' "$0"
}

all_series=(5.10 6.1 6.12 6.1-arm64 6.12-arm64)
force_update=0
sysroot=""
series=()
while (($#)); do
	case "$1" in
	--update) force_update=1 ;;
	--sysroot) (($# >= 2)) || die "--sysroot needs an architecture"; sysroot=$2; shift ;;
	-h | --help) usage; exit 0 ;;
	5.10 | 6.1 | 6.12 | 6.1-arm64 | 6.12-arm64) series+=("$1") ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
	shift
done
[[ -z $sysroot || $sysroot == arm64 ]] || die "--sysroot: only arm64 is known, not '$sysroot'"
[[ -z $sysroot || ${#series[@]} == 0 ]] || die "--sysroot takes no kernel series"
((${#series[@]})) || series=("${all_series[@]}")

kdir="${TINYBPF_CACHE_DIR:-$HOME/.cache/tinybpf-dev}/kernels"
state="$kdir/resolved.tsv"

step="create cache dir $kdir"
mkdir -p "$kdir"

# --- apt states ---------------------------------------------------------------------
# "host" is the machine's own apt (bookworm, amd64). The others are private states
# under $kdir/apt/NAME (their own sources.list, package lists and cache), so the host
# never sees bullseye or arm64 packages: apt-get -o Dir::Etc::sourcelist=... .
apt_state_of() { # SERIES -> apt state name
	case "$1" in
	5.10) echo bullseye-amd64 ;;
	*-arm64) echo bookworm-arm64 ;;
	*) echo host ;;
	esac
}

lists_dir() { # STATE
	if [[ $1 == host ]]; then echo /var/lib/apt/lists; else echo "$kdir/apt/$1/lists"; fi
}

# The URI of the host's apt sources that serves SUITE (deb822 .sources files or
# one-line .list files), so the private states use the same Debian mirror.
host_mirror() { # SUITE
	local suite=$1 f found=""
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f && -z $found ]] || continue
		found=$(awk -v s="$suite" '
			function flush() {
				if (!done && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " s " ")) { split(uris, u, " "); print u[1]; done = 1 }
				types = uris = suites = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
			/^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
			/^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
			END { flush() }' "$f")
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f $f && -z $found ]] || continue
		found=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk -v s="$suite" '$1 == "deb" && $3 == s { print $2; exit }')
	done
	echo "$found"
}

write_sources() { # STATE -> writes $kdir/apt/STATE/sources.list
	local st=$1 main sec
	main=$(host_mirror bookworm)
	main=${main:-http://deb.debian.org/debian}
	case "$st" in
	bullseye-amd64)
		echo "deb [arch=amd64] $main bullseye main"
		;;
	bookworm-arm64)
		sec=$(host_mirror bookworm-security)
		sec=${sec:-http://deb.debian.org/debian-security}
		# backports: the libbpf the host builds the guest tests with (scripts/setup.sh)
		printf 'deb [arch=arm64] %s %s main\n' "$main" bookworm "$main" bookworm-updates \
			"$main" bookworm-backports "$sec" bookworm-security
		;;
	esac >"$kdir/apt/$st/sources.list.tmp"
	mv "$kdir/apt/$st/sources.list.tmp" "$kdir/apt/$st/sources.list"
}

apt_opts() { # STATE -> options for apt-get and apt-cache, one per line
	local st=$1 d="$kdir/apt/$1"
	# apt's _apt sandbox user cannot write into root's $HOME; as root, skip it.
	((EUID == 0)) && printf '%s\n' -o APT::Sandbox::User=root
	[[ $st == host ]] && return 0
	printf '%s\n' -o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=- \
		-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" -o "Dir::State::status=$d/status" \
		-o Acquire::Languages=none -o Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false
	[[ $st == *-arm64 ]] && printf '%s\n' -o APT::Architecture=arm64 -o APT::Architectures=arm64
	return 0
}

have_lists() { # STATE
	[[ -n $(find "$(lists_dir "$1")" -maxdepth 1 -name '*_Packages*' -print -quit 2>/dev/null) ]]
}

declare -A updated
apt_update() { # STATE
	local st=$1 opts
	[[ -n ${updated[$st]:-} ]] && return 0
	step="apt-get update ($st)"
	if [[ $st != host ]]; then
		mkdir -p "$kdir/apt/$st/lists/partial" "$kdir/apt/$st/cache/archives/partial"
		: >>"$kdir/apt/$st/status"
		write_sources "$st"
	fi
	log "running apt-get update${st:+ for $st}"
	mapfile -t opts < <(apt_opts "$st")
	apt-get "${opts[@]}" update -qq >&2 || die "apt-get update ($st) failed (is Debian's archive reachable?)"
	updated[$st]=1
}

acache() { # STATE apt-cache-args...
	local opts
	mapfile -t opts < <(apt_opts "$1")
	apt-cache "${opts[@]}" "${@:2}" 2>/dev/null || true
}

lists_newer_than() { # FILE STATE...: did one of these apt states' package lists change after FILE?
	local f=$1 st
	shift
	for st; do
		[[ -n $(find "$(lists_dir "$st")" -maxdepth 1 -name '*_Packages*' -newer "$f" -print -quit 2>/dev/null || true) ]] &&
			return 0
	done
	return 1
}

# Serialise concurrent runs sharing one cache (fd 9 stays open until exit).
step="lock $kdir/.lock"
exec 9>"$kdir/.lock"
flock 9

# --- download and extract ---------------------------------------------------------------
# download STATE PKG VERSION DIR: the .deb into DIR; status 2 if apt could not get it
# (the archive may have dropped that version since our lists).
download() {
	local st=$1 pkg=$2 ver=$3 dir=$4 opts
	mapfile -t opts < <(apt_opts "$st")
	step="apt-get download $pkg=$ver ($st)"
	log "downloading $pkg=$ver"
	(cd "$dir" && apt-get download -qq "${opts[@]}" "$pkg=$ver" >&2) || return 2
	[[ -n $(find "$dir" -maxdepth 1 -name '*.deb' -print -quit) ]] || die "no .deb produced"
}

# fetch_into STATE PKG VERSION DEST [TAR-PATTERN...]: extracts the package (the whole of
# it, or the members matching the patterns) into DEST, atomically: a half-extracted
# package is never visible. Returns 2 if the download failed.
fetch_into() {
	local st=$1 pkg=$2 ver=$3 dest=$4 tmp deb
	shift 4
	tmp=$(mktemp -d "$kdir/.tmp.XXXXXX")
	download "$st" "$pkg" "$ver" "$tmp" || { rm -rf "$tmp"; return 2; }
	deb=$(find "$tmp" -maxdepth 1 -name '*.deb' -print -quit)
	step="extract $(basename "$deb")"
	mkdir -p "$tmp/x"
	if (($#)); then
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards "$@" ||
			{ rm -rf "$tmp"; die "dpkg-deb | tar failed"; }
	else
		dpkg-deb -x "$deb" "$tmp/x" || { rm -rf "$tmp"; die "dpkg-deb -x failed"; }
	fi
	rm -rf "$dest"
	mv "$tmp/x" "$dest"
	rm -rf "$tmp"
}

# --- kernels ------------------------------------------------------------------------------
# The metapackage's dependency names the current ABI (the signed image);
# the -unsigned twin carries the same kernel without the shim/signing layer.
meta_dep() { # STATE META REGEX -> dependency name or nothing
	acache "$1" depends "$2" | awk -v re="$3" '$1 == "Depends:" && $2 ~ re { print $2; exit }'
}

# Fallback when the metapackage is gone: newest matching -unsigned package in the index.
newest_by_search() { # STATE REGEX
	acache "$1" search --names-only "$2" | awk '{ print $1 }' | sort -V | tail -n 1
}

candidate() { # STATE PKG -> candidate version or nothing
	acache "$1" policy "$2" | awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

resolve() { # SERIES -> "PKG VERSION"
	local s=$1 st meta abi arch dep pkg ver
	st=$(apt_state_of "$s")
	case "$s" in
	5.10) meta=linux-image-cloud-amd64 abi='5\.10\.0-[0-9]+' arch=amd64 ;;
	6.1) meta=linux-image-cloud-amd64 abi='6\.1\.0-[0-9]+' arch=amd64 ;;
	6.12) meta=linux-image-6.12-cloud-amd64 abi='6\.12\.[0-9]+\+deb12' arch=amd64 ;;
	6.1-arm64) meta=linux-image-cloud-arm64 abi='6\.1\.0-[0-9]+' arch=arm64 ;;
	6.12-arm64) meta=linux-image-6.12-cloud-arm64 abi='6\.12\.[0-9]+\+deb12' arch=arm64 ;;
	esac
	dep=$(meta_dep "$st" "$meta" "^linux-image-$abi-cloud-$arch(-unsigned)?\$")
	if [[ -n $dep ]]; then
		pkg="${dep%-unsigned}-unsigned"
	else
		pkg=$(newest_by_search "$st" "^linux-image-$abi-cloud-$arch-unsigned\$")
	fi
	[[ -n $pkg ]] || return 1
	ver=$(candidate "$st" "$pkg")
	[[ -n $ver ]] || return 1
	echo "$pkg $ver"
}

# The kernel's files (vmlinuz, and config for its CONFIG_LSM) -> vmlinuz path
fetch_kernel() { # STATE PKG VERSION
	local dest="$kdir/${2}_${3}" vmlinuz rc=0
	vmlinuz=$(find "$dest/boot" -maxdepth 1 -name 'vmlinuz-*' -print -quit 2>/dev/null || true)
	if [[ -z $vmlinuz || -z $(find "$dest/boot" -maxdepth 1 -name 'config-*' -print -quit) ]]; then
		fetch_into "$1" "$2" "$3" "$dest" './boot/vmlinuz-*' './boot/config-*' || rc=$?
		((rc == 0)) || return "$rc"
		vmlinuz=$(find "$dest/boot" -maxdepth 1 -name 'vmlinuz-*' -print -quit)
		[[ -n $vmlinuz ]] || die "no boot/vmlinuz-* in $2=$3"
	fi
	echo "$vmlinuz"
}

fetch_busybox() { # STATE ARCH -> "PKG=VERSION PATH" of busybox-static for ARCH
	local st=$1 arch=$2 ver dest rc=0
	ver=$(candidate "$st" busybox-static)
	[[ -n $ver ]] || return 1
	dest="$kdir/busybox-static_${ver}_$arch"
	if [[ ! -x $dest/bin/busybox ]]; then
		fetch_into "$st" busybox-static "$ver" "$dest" './bin/busybox' || rc=$?
		((rc == 0)) || return "$rc"
	fi
	echo "busybox-static=$ver $dest/bin/busybox"
}

# --- arm64 sysroot --------------------------------------------------------------------------
# The -dev packages the guest tests link statically, in the versions installed on the host
# (same libbpf everywhere), for arm64; falls back to the candidate if that version is gone.
if [[ -n $sysroot ]]; then
	st=bookworm-arm64
	((force_update)) && apt_update "$st"
	have_lists "$st" || apt_update "$st"
	pkgs=(libbpf-dev libelf-dev zlib1g-dev)
	want=()
	for p in "${pkgs[@]}"; do
		v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)
		[[ -n $v ]] || die "$p is not installed on the host (scripts/setup.sh installs it)"
		want+=("$p=$v")
	done
	dest="$kdir/sysroot-arm64-$(printf '%s\n' "${want[@]}" | sha1sum | cut -c1-12)"
	if [[ ! -f $dest/.complete ]]; then
		rm -rf "$dest.partial"
		mkdir -p "$dest.partial"
		for pv in "${want[@]}"; do
			p=${pv%%=*} v=${pv#*=}
			step="resolve $p for arm64"
			if [[ -z $(acache "$st" show "$p=$v" | head -n 1) ]]; then
				apt_update "$st"
				if [[ -z $(acache "$st" show "$p=$v" | head -n 1) ]]; then
					v=$(candidate "$st" "$p")
					[[ -n $v ]] || die "no arm64 $p in $st"
					log "arm64 $p ${pv#*=} (the host's) is not in the archive; using $v"
				fi
			fi
			rc=0
			fetch_into "$st" "$p:arm64" "$v" "$dest.partial/$p" || rc=$?
			((rc == 0)) || die "apt-get download $p:arm64=$v failed"
			cp -a "$dest.partial/$p/." "$dest.partial/"
			rm -rf "${dest:?}.partial/$p"
			echo "$p=$v" >>"$dest.partial/.complete"
		done
		rm -rf "$dest"
		mv "$dest.partial" "$dest"
	fi
	echo "$dest"
	exit 0
fi

# --- fast path --------------------------------------------------------------------------------
# A previous run resolved these series, the files exist, and the apt states' lists
# have not changed since (so the resolution cannot have changed). No apt, no network:
# this is what makes a warm run take milliseconds.
fast_path() {
	[[ -s $state ]] || return 1
	local s out="" line sts=()
	for s in "${series[@]}"; do sts+=("$(apt_state_of "$s")"); done
	lists_newer_than "$state" "${sts[@]}" && return 1
	for s in "${series[@]}"; do
		line=$(awk -F'\t' -v s="$s" '$1 == s { print; exit }' "$state")
		[[ -n $line ]] || return 1
		IFS=$'\t' read -r _ pkg ver path arch bb <<<"$line"
		[[ -f $path && -n $arch && -n $bb ]] || return 1
		[[ -n $(find "$(dirname "$path")" -maxdepth 1 -name 'config-*' -print -quit) ]] || return 1
		[[ $bb == - || -x $bb ]] || return 1
		out+="$s"$'\t'"$path"$'\t'"$pkg=$ver"$'\t'"$arch"$'\t'"$bb"$'\n'
	done
	printf '%s' "$out"
}

if ((!force_update)) && fast_path; then
	exit 0
fi

out=""
newstate=""
for s in "${series[@]}"; do
	st=$(apt_state_of "$s")
	((force_update)) && apt_update "$st"
	# No package lists at all (fresh machine, new private state): nothing resolves without them.
	have_lists "$st" || apt_update "$st"

	step="resolve $s package name"
	if ! r=$(resolve "$s"); then
		# Lists may predate the package (or be stale): refresh once and retry.
		apt_update "$st"
		step="resolve $s package name (after apt-get update)"
		r=$(resolve "$s") || die "no linux-image $s cloud -unsigned package found with apt-cache"
	fi
	read -r pkg ver <<<"$r"

	step="fetch $pkg=$ver"
	rc=0
	path=$(fetch_kernel "$st" "$pkg" "$ver") || rc=$?
	if ((rc == 2)) && [[ -z ${updated[$st]:-} ]]; then
		# The archive dropped that version (security update since our lists): refresh and re-resolve.
		apt_update "$st"
		step="resolve $s package name (after apt-get update)"
		r=$(resolve "$s") || die "no linux-image $s cloud -unsigned package found with apt-cache"
		read -r pkg ver <<<"$r"
		step="fetch $pkg=$ver"
		rc=0
		path=$(fetch_kernel "$st" "$pkg" "$ver") || rc=$?
	fi
	((rc == 0)) || die "could not fetch $pkg=$ver"

	arch=amd64 bb=-
	if [[ $s == *-arm64 ]]; then
		arch=arm64
		step="fetch busybox-static for arm64"
		rc=0
		b=$(fetch_busybox "$st" arm64) || rc=$?
		if ((rc != 0)) && [[ -z ${updated[$st]:-} ]]; then
			apt_update "$st"
			b=$(fetch_busybox "$st" arm64) || die "could not fetch busybox-static for arm64"
		elif ((rc != 0)); then
			die "could not fetch busybox-static for arm64"
		fi
		bb=${b#* }
		log "$s: ${b% *} -> $bb"
	fi
	log "$s: $pkg=$ver -> $path"
	out+="$s"$'\t'"$path"$'\t'"$pkg=$ver"$'\t'"$arch"$'\t'"$bb"$'\n'
	newstate+="$s"$'\t'"$pkg"$'\t'"$ver"$'\t'"$path"$'\t'"$arch"$'\t'"$bb"$'\n'
done

# Merge with series not requested this time, so a 6.1-only run keeps the 6.12 entry,
# unless the lists changed since that entry was resolved (it may be outdated).
step="write $state"
{
	printf '%s' "$newstate"
	if [[ -f $state ]]; then
		while IFS= read -r line; do
			s=${line%%$'\t'*}
			[[ $'\n'$newstate == *$'\n'"$s"$'\t'* ]] && continue
			lists_newer_than "$state" "$(apt_state_of "$s")" && continue
			printf '%s\n' "$line"
		done <"$state"
	fi
} >"$state.tmp"
mv "$state.tmp" "$state"

printf '%s' "$out"
