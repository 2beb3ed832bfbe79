# Sourced by the CLI test scripts: a scratch directory $tmp, pass/fail
# counts, check() for one command's exit code and output, ok/ko for a
# result the script decided itself, and summary().
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected exit code, expected output substring, command...
	local name=$1 code=$2 want=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" = "$code" ] && { [ -z "$want" ] || grep -qF -- "$want" "$tmp/err" "$tmp/out"; }; then
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
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
