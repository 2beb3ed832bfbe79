# Sourced by the CLI test scripts: a scratch directory $tmp, pass/fail/skip
# counts, check() for one command's exit code and output (and no sanitizer
# report in it), ok/ko for a
# result the script decided itself, skip for a case that cannot run here
# (tests/run.sh names it with its reason), and summary().
# On every exit, failures, Ctrl+C and SIGTERM included, background jobs the
# script started are stopped and reaped, then $tmp is removed.
pass=0 fail=0 skipped=0
tmp=$(mktemp -d) || { echo "cannot make a temporary directory (TMPDIR=${TMPDIR-})" >&2; exit 1; }
cli_cleanup() {
	local pids
	pids=$(jobs -p)
	# shellcheck disable=SC2086
	[ -z "$pids" ] || { kill $pids 2>/dev/null; sleep 0.2; kill -KILL $pids 2>/dev/null; wait 2>/dev/null; }
	rm -rf "$tmp"
}
trap cli_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

skip() { # case, reason: a case this machine cannot run, counted and named
	skipped=$((skipped + 1))
	echo "SKIP $1: $2"
}

# A sanitizer's report fails the case whatever the exit code: a leak in a
# child that generate or the isolated stages run is reported there and
# passed on as one more error, under the exit code the case expects.
sanitized() { # files: true if one holds a sanitizer's report
	grep -qE '(Address|Leak|UndefinedBehavior)Sanitizer|runtime error:' "$@"
}

check() { # name, expected exit code, expected output substring, command...
	local name=$1 code=$2 want=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" = "$code" ] && { [ -z "$want" ] || grep -qF -- "$want" "$tmp/err" "$tmp/out"; } &&
		! sanitized "$tmp/err" "$tmp/out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: exit $got (want $code), output:" >&2
		cat "$tmp/out" "$tmp/err" >&2
	fi
}

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL $*" >&2; } # what failed

expect() { # name, command... : passes when the command succeeds
	local name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name" >&2
	fi
}

summary() { # suite name: the line tests/run.sh counts
	echo "$1: $pass passed, $fail failed, $skipped skipped"
	[ "$fail" = 0 ]
}
