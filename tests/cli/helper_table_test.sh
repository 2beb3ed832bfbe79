#!/usr/bin/env bash
# The generated helper table (src/lib/passes/helper_table.h) and the SDK's
# helpers against sources tinybpf does not write:
#   - the generated files are what scripts/gen/helpers writes today (-check);
#   - every helper id, and their count, as the C compiler reads <linux/bpf.h>;
#   - every id, result kind and argument kind as libbpf's bpf_helper_defs.h
#     (written by the kernel's scripts/bpf_doc.py, not by us) declares them.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/cli/lib.sh
source tests/cli/lib.sh
table=src/lib/passes/helper_table.h
defs=/usr/include/bpf/bpf_helper_defs.h

expect "the generated files are up to date (make sdk-gen)" go run ./scripts/gen/helpers -check

count=$(grep -c '^HELPER(' "$table")
{
	echo '#include <linux/bpf.h>'
	sed -n 's/^HELPER("\([a-z0-9_]*\)", \([0-9]*\),.*/_Static_assert(BPF_FUNC_\1 == \2, "\1");/p' "$table"
	echo "_Static_assert(__BPF_FUNC_MAX_ID == $((count + 1)), \"one row per helper\");"
} >"$tmp/ids.c"
expect "$count helpers: ids and count as <linux/bpf.h> defines them" gcc -std=c11 -fsyntax-only "$tmp/ids.c"

# name id result-kind argument-kinds, from each source.
sed -n 's/^HELPER("\([a-z0-9_]*\)", \([0-9]*\), -\{0,1\}[0-9]*, .\(.\)., "\([p1248]*\)".*/\1 \2 \3 \4/p' "$table" |
	sort >"$tmp/ours"
awk '
	function kind(t) {
		gsub(/^ +| +$/, "", t)
		if (t ~ /\*/) return "p"
		sub(/^const /, "", t)
		sub(/ +[a-z_0-9]+$/, "", t) # the name
		if (t ~ /^(__u8|__s8|char)$/) return "1"
		if (t ~ /^(__u16|__s16|__be16)$/) return "2"
		if (t ~ /^(__u32|__s32|int|__be32|__wsum|unsigned int)$/) return "4"
		if (t ~ /^(__u64|__s64|long|unsigned long|long long|unsigned long long)$/) return "8"
		return "?" t
	}
	/^static .*\(\* const bpf_[a-z0-9_]+\)\(.*\) = \(void \*\) [0-9]+;$/ {
		line = $0
		ret = line; sub(/^static /, "", ret); sub(/ *\(\* const.*/, "", ret)
		name = line; sub(/^[^(]*\(\* const bpf_/, "", name); sub(/\).*/, "", name)
		id = line; sub(/.*\(void \*\) /, "", id); sub(/;$/, "", id)
		args = line; sub(/^[^)]*\)\(/, "", args); sub(/\) = \(void \*\).*/, "", args)
		kinds = ""
		if (args != "void") {
			n = split(args, a, ",")
			for (i = 1; i <= n; i++) if (a[i] !~ /\.\.\./) kinds = kinds kind(a[i])
		}
		print name, id, (ret == "void" ? "v" : kind(ret " x")), kinds
	}' "$defs" | sort >"$tmp/libbpf"
compared=$(join "$tmp/ours" "$tmp/libbpf" | wc -l)
echo "helper-table: $compared helpers in both the table and $(basename "$defs")"
if diff <(join -o 1.1,1.2,1.3,1.4 "$tmp/ours" "$tmp/libbpf") <(join -o 2.1,2.2,2.3,2.4 "$tmp/ours" "$tmp/libbpf") >"$tmp/diff"; then
	ok
else
	ko "helpers whose id or kinds differ from libbpf's (ours <, libbpf's >):"; cat "$tmp/diff" >&2
fi
[ "$compared" -ge 200 ] && ok || ko "only $compared helpers compared"

summary helper-table
