# Counts one suite's log for tests/run.sh (the rules are in its header).
# Prints "passed failed skipped", then "SKIPPED<TAB>name<TAB>reason" for each
# skipped case and "PROBLEM<TAB>text" for each counting problem, which
# run.sh counts as a failure. tests/tally_test.sh checks it on sample logs.
function add_skip(name, reason) { if (!(name in skip_seen)) { skip_seen[name] = 1; skip_order[++ns] = name } if (reason != "") why[name] = reason }
/^SKIP-SUITE: / { suite_skip = substr($0, 13); next }
/^SKIP [^:]+: / { s = substr($0, 6); i = index(s, ": "); reason[substr(s, 1, i - 1)] = substr(s, i + 2) }
# shell suites
/^[A-Za-z0-9 _()\/.-]*: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/ {
	n = split($0, w, " "); 
	for (i = 1; i <= n; i++) {
		if (w[i] ~ /^passed/) p += w[i - 1]
		if (w[i] ~ /^failed/) f += w[i - 1]
		if (w[i] ~ /^skipped/) k += w[i - 1]
	}
	next
}
# cmocka
/\[  PASSED  \] [0-9]+ test/ { sub(/.*\[  PASSED  \] /, ""); p += $1; next }
/\[  FAILED  \] [0-9]+ test/ { sub(/.*\[  FAILED  \] /, ""); f += $1; next }
/\[  SKIPPED \] [0-9]+ test/ { sub(/.*\[  SKIPPED \] /, ""); k += $1; next }
/\[  SKIPPED \] [A-Za-z_0-9]+$/ { name = $NF; add_skip(name, ""); next }
# go test -v: every result, keyed by package so that names may repeat. A
# skip's reason is t.Skip's log line: streamed after "=== RUN" (go test -v),
# or printed under the "--- SKIP" line (a package's output held to its end).
/^=== (RUN|CONT|PAUSE|NAME) / { running = $3; last_skip = ""; next }
/^ *--- (PASS|FAIL|SKIP): / {
	name = $3; key = pkg SUBSEP name
	if (!(key in status)) order[++ng] = key
	status[key] = $2; sub(/:$/, "", status[key]); gname[key] = name
	last_skip = status[key] == "SKIP" ? key : ""
	if (last_skip != "" && (pkg SUBSEP name) in glog) greason[key] = glog[pkg SUBSEP name]
	next
}
/^ +[^ ].*\.go:[0-9]+: / {
	s = $0; sub(/^ +[^ ]*\.go:[0-9]+: /, "", s)
	if (last_skip != "") { greason[last_skip] = s; last_skip = ""; next }
	if (running != "") glog[pkg SUBSEP running] = s
	next
}
/^(ok  |FAIL|\?   )\t/ { pkg++; last_skip = ""; running = "" }
END {
	for (i = 1; i <= ng; i++) {
		key = order[i]; leaf = 1; bad_leaf = 0
		for (j = 1; j <= ng; j++) {
			other = order[j]
			split(key, a, SUBSEP); split(other, b, SUBSEP)
			if (a[1] == b[1] && index(b[2], a[2] "/") == 1) { leaf = 0; if (status[other] == "FAIL") bad_leaf = 1 }
		}
		if (!leaf) { if (status[key] == "FAIL" && !bad_leaf) f++; continue }
		if (status[key] == "PASS") p++
		else if (status[key] == "FAIL") f++
		else { k++; add_skip(gname[key], greason[key]) }
	}
	if (suite_skip != "" && p + f == 0) { k = k ? k : 1; add_skip("(the whole suite)", suite_skip) }
	printf "%d %d %d\n", p, f, k
	for (i = 1; i <= ns; i++) {
		name = skip_order[i]; r = why[name] != "" ? why[name] : reason[name]
		if (r == "") printf "PROBLEM\t%s was skipped without a reason (print \"SKIP %s: <reason>\")\n", name, name
		printf "SKIPPED\t%s\t%s\n", name, r
	}
	for (name in reason) if (!(name in skip_seen)) { k_extra++; printf "SKIPPED\t%s\t%s\n", name, reason[name] }
	if (p + f == 0 && suite_skip == "") print "PROBLEM\tno test passed or failed: it ran nothing (a suite that cannot run here says SKIP-SUITE: <reason>)"
}
