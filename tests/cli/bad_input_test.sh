#!/usr/bin/env bash
# The bad-input corpus: Go that BPF cannot run (tests/testdata/bad_* and
# older cases), malformed inputs and wrong command lines. Each row states the
# exit code, the exact error (with the Go file:line where there is one), how
# many errors there are, and checks that no output file is left behind.
# Needs $TINYBPF and $TESTDATA (TinyGo IR of tests/testdata, built by make
# test); cases TinyGo itself refuses go through `tinybpf build`.
set -uo pipefail
cd "$(dirname "$0")/../.."
pass=0 fail=0 skipped=0
tmp=$(mktemp -d) || { echo "cannot make a temporary directory (TMPDIR=${TMPDIR-})" >&2; exit 1; }
trap 'rm -rf "$tmp"' EXIT

# name, exit code, number of "error:" lines, expected stderr line (fragment), command...
# The command writes $tmp/out.o, which must not exist afterwards.
check() {
	local name=$1 code=$2 count=$3 want=$4
	shift 4
	rm -f "$tmp"/out.o*
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	local got=$? errors
	errors=$(grep -c "error:" "$tmp/stderr")
	if [ "$got" = "$code" ] && grep -qF -- "$want" "$tmp/stderr" &&
		{ [ "$count" = - ] || [ "$errors" = "$count" ]; } && ! ls "$tmp"/out.o* >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: exit $got (want $code), $errors errors (want $count), want: $want" >&2
		ls "$tmp"/out.o* 2>/dev/null | sed 's/^/  left behind: /' >&2
		sed 's/^/  | /' "$tmp/stderr" >&2
	fi
}

ok() { pass=$((pass + 1)); }
ko() { # what failed, for a case the script judges itself: $tmp/stderr follows
	fail=$((fail + 1))
	echo "FAIL $*" >&2
	sed 's/^/  | /' "$tmp/stderr" >&2
}

skip() { # a case this machine cannot run, and why: counted, and named in the log
	skipped=$((skipped + 1))
	echo "SKIP $*"
}

link() { # testdata case: tinybpf link of its TinyGo IR
	"$TINYBPF" link "$TESTDATA/$1.ll" -o "$tmp/out.o" "${@:2}"
}

build() { # testdata case: tinybpf build, which runs TinyGo
	(cd tests/testdata && "$TINYBPF" build -o "$tmp/out.o" "./$1")
}

# Go that BPF cannot have: the error is at the user's line, not in the runtime.
check "string concatenation" 1 1 \
	"bad_string/main.go:11:22: error: building a Go string at run time (concatenation, conversion) is not supported in BPF programs: use a fixed-size byte array" \
	link bad_string
check "fmt" 1 1 \
	"bad_fmt/main.go:12:18: error: fmt.Sprintf uses a call through a function value (closure or func variable), which BPF programs cannot have: call the function directly" \
	link bad_fmt
# A library function that allocates at run time: the error is at the user's
# call, not at the make inside TinyGo's standard library.
check "a library function allocating at run time" 1 1 \
	"bad_library_alloc/main.go:18:19: error: bytes.Repeat uses memory allocated at run time, which BPF programs cannot have: use fixed-size values" \
	link bad_library_alloc
check "interface method call" 1 1 \
	"bad_interface/main.go:22:21: error: a method call or type assertion through an interface is not supported in BPF programs: use the concrete type" \
	link bad_interface
check "Go map" 1 1 \
	"bad_go_map/main.go:9:27: error: a Go map is not supported in BPF programs: use a BPF map (a bpfMapDef variable)" \
	link bad_go_map
# go_limits' programs that no bad_* case has (the docs check runs them all,
# but make mutate leaves it out: its located messages are meant to be here).
check "channel" 1 1 \
	"go_limits/main.go:66:2: error: a channel is not supported in BPF programs: use a BPF ring buffer or queue map" \
	link go_limits --program uses_channel
check "append" 1 1 \
	"go_limits/main.go:75:15: error: append (growing a slice at run time) is not supported in BPF programs: use a fixed-size array" \
	link go_limits --program uses_append
check "goroutine (refused by TinyGo)" 1 1 \
	"bad_goroutine/main.go:13:2: attempted to start a goroutine without a scheduler" \
	build bad_goroutine
check "goroutine (refused by TinyGo): tinybpf says TinyGo failed, and where to look" 1 1 \
	"error: TinyGo could not compile ./bad_goroutine (its messages are above)" \
	build bad_goroutine
# TinyGo cannot be started: why, from exec's errno (the child reports it).
check "TinyGo not there" 1 1 \
	"error: cannot run TinyGo (/nowhere/tinygo): No such file or directory; tinybpf doctor says why and how to fix it" \
	env TINYGO=/nowhere/tinygo "$TINYBPF" build -o "$tmp/out.o" ./tests/testdata/two_maps
printf '#!/bin/sh\nexit 0\n' >"$tmp/tinygo-noexec" && chmod 644 "$tmp/tinygo-noexec"
check "TinyGo not executable" 1 1 \
	"error: cannot run TinyGo ($tmp/tinygo-noexec): Permission denied; tinybpf doctor says why and how to fix it" \
	env TINYGO="$tmp/tinygo-noexec" "$TINYBPF" build -o "$tmp/out.o" ./tests/testdata/two_maps
check "a helper declared twice by //export, with other parameters (refused by TinyGo, patch 0008)" 1 1 \
	"bad_export_redeclared/main.go:9:6: bpf_ktime_get_ns is declared here as func() uint64 and at again.go:4:6 as func(flags uint64) uint64: one //export name, one signature" \
	build bad_export_redeclared
check "floating point, on both lines" 1 2 \
	"bad_float/main.go:10:14: error: floating-point arithmetic is not supported in BPF programs: use integers (e.g. fixed-point)" \
	link bad_float
check "recursion, at both calls" 1 2 \
	"bad_recursion/main.go:11:23: error: main.fib calls main.fib, which is already running (recursion): BPF programs cannot recurse; use a bounded loop" \
	link bad_recursion --program fibonacci
check "recursion of the entry point itself" 1 1 \
	"bad_recursion/main.go:29:18: error: main.countdown calls main.countdown, which is already running (recursion): BPF programs cannot recurse; use a bounded loop" \
	link bad_recursion --program countdown
check "closure call" 1 1 \
	"bad_closure/main.go:14:34: error: a call through a function value (closure or func variable) is not supported in BPF programs: call the function directly" \
	link bad_closure
check "defer" 1 1 \
	"bad_defer/main.go:13:6: error: defer is not supported in BPF programs: call the function before each return" \
	link bad_defer
check "make with a run-time length" 1 1 \
	"dynamic_alloc/main.go:12:13: error: allocation of a size known only at run time (make with a variable length?): BPF programs have a fixed stack; use a constant size" \
	link dynamic_alloc
check "stack over 512 bytes" 1 1 \
	"big_stack/main.go:22:6: error: on_exec: its stack frame exceeds BPF's 512 bytes" \
	link big_stack
check "possible panic, never a silent return 0" 1 1 \
	"index_panic/main.go:13:20: error: pick can panic here (index out of range): i (uint32) may be 8 or more; BPF programs cannot panic: test the index first, e.g. if i < 8 { … }, or choose a return value with --panic-return" \
	link index_panic
check "raw tracepoint context read unchecked (test runs may pass none)" 1 1 \
	"bad_raw_tp_context/main.go:17:24: error: on_exec can panic here (nil pointer dereference): ctx may be nil: it is the program's context, which BPF_PROG_TEST_RUN may leave out for a raw_tp/sched_process_exec program; BPF programs cannot panic: test it first, e.g. if ctx == nil { return 0 }, or choose a return value with --panic-return" \
	link bad_raw_tp_context
# Issue 12: each nil check at its own line (TinyGo shares one throw block per
# function, located at the first check), saying where the pointer came from.
check "nil check shared with a safe one: the unsafe line, the pointer's origin" 1 3 \
	"bad_nil_checks/main.go:35:4: error: shared_block can panic here (nil pointer dereference): b may be nil: it is the result of bpfMapLookupElem (tests/testdata/bad_nil_checks/main.go:30:30), which returns nil when the key is absent; BPF programs cannot panic: test it first, e.g. if b == nil { return 0 }, or choose a return value with --panic-return" \
	link bad_nil_checks
check "tested pointer whose address went to a helper: read again after the call" 1 3 \
	"bad_nil_checks/main.go:48:4: error: reloaded can panic here (nil pointer dereference): r may be nil: its address went to bpfGetCurrentComm (tests/testdata/bad_nil_checks/main.go:47:19), which may have changed it, so it is read again from memory here; BPF programs cannot panic: test it again after that call, or pass the address of a copy, or choose a return value with --panic-return" \
	link bad_nil_checks
check "a pointer made from an integer" 1 3 \
	"bad_nil_checks/main.go:57:4: error: from_integer can panic here (nil pointer dereference): r may be nil: it is made from an integer, which may be 0; BPF programs cannot panic: test it first, e.g. if r == nil { return 0 }, or choose a return value with --panic-return" \
	link bad_nil_checks
check "a pointer read from a package variable: named as such" 1 1 \
	"bad_nil_global/main.go:17:10: error: from_global can panic here (nil pointer dereference): current may be nil: it is read from the package variable current; BPF programs cannot panic: test it first, e.g. if current == nil { return 0 }, or choose a return value with --panic-return" \
	link bad_nil_global
# Checks that do not rule the panic out stay refused (tests/conformance/
# checked_index holds the ones that do).
check "signed index tested against the length only" 1 3 \
	"bad_index_checks/main.go:42:10: error: signed_index can panic here (index out of range): i (int32) may be negative, or 32 or more; BPF programs cannot panic: test the index first, e.g. if i >= 0 && i < 32 { … }, or choose a return value with --panic-return" \
	link bad_index_checks
check "index read from memory again after its test" 1 3 \
	"bad_index_checks/main.go:57:10: error: read_again can panic here (index out of range): the index is read from memory here and may be 32 or more; a test of an earlier read does not cover it; BPF programs cannot panic: copy it to a variable, then test and use that: i := <the field>; if i < 32 { … use i … }, or choose a return value with --panic-return" \
	link bad_index_checks
check "loop bounded by a count the program was given" 1 3 \
	"bad_index_checks/main.go:71:10: error: loop_count can panic here (index out of range): j (uint32) may be 32 or more; BPF programs cannot panic: test the index first, e.g. if j < 32 { … }, or choose a return value with --panic-return" \
	link bad_index_checks
check "panic() of a value computed at run time, boxed in the panic's block" 1 1 \
	"panic_value/main.go:16:8: error: panics_with_value can panic here (panic); BPF programs cannot panic: add a check the compiler can see (e.g. test the index or the pointer first), or choose a return value with --panic-return" \
	link panic_value
check "an index panic in TinyGo's -opt=1 IR (llvm.trap in lookup.throw): its cause from the block's name" 1 1 \
	"index_panic/main.go:13:20: error: pick can panic here (index out of range); BPF programs cannot panic" \
	"$TINYBPF" link "$TESTDATA/index_panic.opt1.ll" -o "$tmp/out.o"
# Issue 12: a local whose address outlives the call cannot live on the stack.
check "address of a local in a package variable" 1 6 \
	"bad_escape/main.go:27:2: error: the address of x is stored in the package variable saved, where it outlives the call of to_global; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape
check "address of a local in a map value" 1 6 \
	"bad_escape/main.go:38:5: error: the address of x is stored in a BPF map value (from bpf_map_lookup_elem), where it outlives the call of to_map_value; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape
check "address of a local copied into a map" 1 6 \
	"bad_escape/main.go:49:18: error: the address of x is copied into a BPF map (by bpf_map_update_elem), where it outlives the call of copied_to_map; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape
check "address of a local kept by a function it is passed to" 1 6 \
	"bad_escape/main.go:60:6: note: x's address is passed to keep here" \
	link bad_escape
check "address of a local returned" 1 6 \
	"bad_escape/main.go:67:2: error: the address of n is returned, where it outlives the call of newCounter; BPF programs keep variables on the stack, which ends with the call: return the value, not its address" \
	link bad_escape
check "address of a local stored through the program's context pointer" 1 1 \
	"bad_escape_more/main.go:26:17: error: the address of x is stored through a pointer the function was given, where it outlives the call of through_ctx; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape_more --program through_ctx
# (the advice was "return the value": "returned" matched the memory's words)
check "address of a local stored in memory a Go function returned" 1 1 \
	"bad_escape_more/main.go:34:14: error: the address of x is stored in memory a call returned, where it outlives the call of into_returned; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape_more --program into_returned
# A local's address given to a Go function that returns it: what the call
# returns is the address, and storing it in a package variable lets it escape.
check "address of a local returned by the function it is passed to" 1 1 \
	"bad_escape_more/main.go:49:2: error: the address of x is stored in the package variable saved, where it outlives the call of through_identity; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape_more --program through_identity
# Go's copy() of a local array holding the address into another (a memmove
# of slices), then that one stored: the address was followed into the slice
# and lost there, and the program built.
check "address of a local copied by copy() into another local, then stored" 1 1 \
	"bad_escape_more/main.go:64:2: error: the address of x is stored in the package variable keptPointers, where it outlives the call of copied_holder; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape_more --program copied_holder
# The local holding the address given to a Go function that stores what it
# holds: the holder was followed into no call, and the program built.
check "address of a local held by a local given to a Go function that stores it" 1 1 \
	"bad_escape_more/main.go:70:2: error: the address of x is stored in the package variable keptPointers, where it outlives the call of holder_to_callee; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape_more --program holder_to_callee
check "address of a local held by a local given to a Go function: the call, in a note" 1 1 \
	"bad_escape_more/main.go:82:9: note: x's address is passed to keepAll here" \
	link bad_escape_more --program holder_to_callee
# A Go function given the holder returns it: the call's result was read,
# the address stored, and the program built (the kernel took it).
check "address of a local held by a local a Go function returns, then stored" 1 1 \
	"bad_escape_more/main.go:100:2: error: the address of x is stored in the package variable keptPointers, where it outlives the call of holder_returned; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape_more --program holder_returned
check "address of a local held by a local a Go function returns: the call, in a note" 1 1 \
	"bad_escape_more/main.go:100:26: note: x's address is passed to holderOf here" \
	link bad_escape_more --program holder_returned
# Read through a local holding the holder's address: the load of a load was
# followed nowhere, and the program built (the kernel took it).
check "address of a local held by a local whose address another local holds, then stored" 1 1 \
	"bad_escape_more/main.go:115:2: error: the address of x is stored in the package variable keptPointers, where it outlives the call of holder_of_holder; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape_more --program holder_of_holder
check "the address of a local holding an address, stored: refused for both locals" 1 2 \
	"bad_escape_more/main.go:129:2: error: the address of x is held by a local whose address is stored in the package variable keptHolder, where it outlives the call of holder_address_kept" \
	link bad_escape_more --program holder_address_kept
check "the address of a local held through more locals than are followed" 1 1 \
	"bad_escape_more/main.go:145:2: error: the address of x is kept here through 5 locals, each holding the address of the one before: tinybpf follows no more than 4, so cannot tell whether it outlives the call of six_holders; keep it through fewer pointers to pointers" \
	link bad_escape_more --program six_holders
# sync/atomic's pointer functions put the address in memory with atomic
# instructions (in the standard library's functions), which were not
# followed: the programs built, and the kernel took them.
check "address of a local exchanged into a package variable (atomic.SwapPointer)" 1 1 \
	"bad_escape_more/main.go:160:20: error: the address of x is stored in the package variable keptAtomic (by sync/atomic.SwapPointer, given it here), where it outlives the call of atomic_swap" \
	link bad_escape_more --program atomic_swap
check "address of a local stored in a package variable by atomic.StorePointer" 1 1 \
	"bad_escape_more/main.go:168:21: error: the address of x is stored in the package variable keptAtomic (by sync/atomic.StorePointer, given it here), where it outlives the call of atomic_store" \
	link bad_escape_more --program atomic_store
check "address of a local swapped into a package variable (atomic.CompareAndSwapPointer)" 1 1 \
	"bad_escape_more/main.go:176:30: error: the address of x is stored in the package variable keptAtomic (by sync/atomic.CompareAndSwapPointer, given it here), where it outlives the call of atomic_cas" \
	link bad_escape_more --program atomic_cas
# Optimised (-opt=1), sync/atomic's functions are inlined: the atomic
# instructions are in the user's function, at lines of sync/atomic's doc.go,
# and the error is at the user's line that has them inlined.
check "atomic.SwapPointer inlined: the exchange into a package variable, at the user's line" 1 1 \
	"bad_escape_more/main.go:160:20: error: the address of x is stored in the package variable keptAtomic, where it outlives the call of atomic_swap" \
	link bad_escape_more.opt1 --program atomic_swap
check "atomic.StorePointer inlined: the store into a package variable, at the user's line" 1 1 \
	"bad_escape_more/main.go:168:21: error: the address of x is stored in the package variable keptAtomic, where it outlives the call of atomic_store" \
	link bad_escape_more.opt1 --program atomic_store
check "atomic.CompareAndSwapPointer inlined: the swap into a package variable, at the user's line" 1 1 \
	"bad_escape_more/main.go:176:30: error: the address of x is stored in the package variable keptAtomic, where it outlives the call of atomic_cas" \
	link bad_escape_more.opt1 --program atomic_cas
# The exchange reads what the local holding the address held: the address,
# given back and stored (a holder read by an atomic exchange, in
# sync/atomic's function, or inlined).
check "a local holding the address exchanged for nil, what it held stored" 1 1 \
	"bad_escape_more/main.go:188:2: error: the address of x is stored in the package variable keptAtomic, where it outlives the call of atomic_swap_out" \
	link bad_escape_more --program atomic_swap_out
check "the same, atomic.SwapPointer inlined" 1 1 \
	"bad_escape_more/main.go:188:2: error: the address of x is stored in the package variable keptAtomic, where it outlives the call of atomic_swap_out" \
	link bad_escape_more.opt1 --program atomic_swap_out
# What a Go function returns of a holder is followed at the holder's level:
# kept, the holder's own address, not x's.
check "a holder a Go function returns, kept: x held by a local whose address is kept" 1 2 \
	"bad_escape_more/main.go:204:2: error: the address of x is held by a local whose address is stored in the package variable keptHolderArray, where it outlives the call of holder_returned_kept" \
	link bad_escape_more --program holder_returned_kept
# A function returning its own holder: one error, for the holder.
check "a Go function returning the address of its local holding another's: one error" 1 1 \
	"bad_escape_more/main.go:213:2: error: the address of h is returned, where it outlives the call of newHolder" \
	link bad_escape_more --program holder_of_callee_returned
# A Go function given the holder that returns it on one path and what it
# holds on the other: the call is both (x's address itself is stored).
check "a Go function returning the holder or what it holds: both followed" 1 2 \
	"bad_escape_more/main.go:245:2: error: the address of x is stored in the package variable keptEither, where it outlives the call of either_returned" \
	link bad_escape_more --program either_returned
# Four locals away (the most followed), kept: the usual error for each.
check "an address kept four locals away: still the usual error" 1 4 \
	"bad_escape_more/main.go:262:2: error: the address of x is held by a local whose address is stored in the package variable keptDeep, where it outlives the call of four_deep_kept" \
	link bad_escape_more --program four_deep_kept
# A Go function returning the fourth local's address, kept: x is five away.
check "an address four locals away, returned by a Go function and kept" 1 5 \
	"bad_escape_more/main.go:285:2: error: the address of x is kept here through 5 locals, each holding the address of the one before: tinybpf follows no more than 4" \
	link bad_escape_more --program four_deep_returned
# A Go function given the holder, returning another address: nothing of x's
# is kept, and it builds.
if "$TINYBPF" link "$TESTDATA/bad_escape_more.ll" --program holder_given_other_returned \
	-o "$tmp/other.o" 2>"$tmp/stderr" && [ ! -s "$tmp/stderr" ]; then
	ok
else
	ko "a Go function given the holder and returning another address: refused"
fi
rm -f "$tmp/other.o"
# Through a holder chosen on a path (a phi), read through or stored
# through; through a holder's address made an integer and back; a holder
# copied by bpf_probe_read_kernel or into the packet. Stored through a chosen holder with
# nothing kept, it builds.
for opt in "" .opt1; do
	check "a holder chosen on a path, read through$opt" 1 1 \
		"bad_escape_more/main.go:324:2: error: the address of x is stored in the package variable keptChosen, where it outlives the call of holder_chosen_read" \
		link bad_escape_more$opt --program holder_chosen_read
	check "x's address stored through a holder chosen on a path$opt" 1 1 \
		"bad_escape_more/main.go:341:2: error: the address of x is stored in the package variable keptChosen, where it outlives the call of holder_chosen_store" \
		link bad_escape_more$opt --program holder_chosen_store
	check "x's address stored through a holder chosen on a path, the other kept$opt" 1 1 \
		"bad_escape_more/main.go:655:2: error: the address of x is stored in the package variable keptChosen, where it outlives the call of holder_chosen_store_second" \
		link bad_escape_more$opt --program holder_chosen_store_second
	check "a holder chosen anew on each turn of a loop$opt" 1 1 \
		"bad_escape_more/main.go:617:2: error: the address of x is stored in the package variable keptChosen, where it outlives the call of holder_chosen_in_loop" \
		link bad_escape_more$opt --program holder_chosen_in_loop
	check "a holder's address as an integer and back$opt" 1 1 \
		"bad_escape_more/main.go:373:2: error: the address of x is stored in the package variable keptChosen, where it outlives the call of holder_as_integer" \
		link bad_escape_more$opt --program holder_as_integer
	check "a holder copied by bpf_probe_read_kernel$opt" 1 1 \
		"bad_escape_more/main.go:390:20: error: the address of x is copied in the package variable keptCopy, where it outlives the call of holder_probe_read" \
		link bad_escape_more$opt --program holder_probe_read
	check "a holder written into the packet$opt" 1 1 \
		"bad_escape_more/main.go:405:18: error: the address of x is copied into a packet (by bpf_skb_store_bytes), where it outlives the call of holder_into_packet" \
		link bad_escape_more$opt --program holder_into_packet
	# Through Go functions, each calling the next: eight followed (BPF's
	# bound on nested calls), a ninth refused, never passed unchecked.
	check "kept eight Go functions deep$opt" 1 1 \
		"bad_escape_more/main.go:416:28: error: the address of x is stored in the package variable keptThrough, where it outlives the call of eight_calls_deep" \
		link bad_escape_more$opt --program eight_calls_deep
	check "passed nine Go functions deep$opt" 1 1 \
		"bad_escape_more/main.go:474:34: error: the address of x is passed here to a Go function 9 calls deep, each calling the next with it: tinybpf follows no more than 8 (BPF's own bound on nested calls), so cannot tell whether it outlives the call of nine_calls_deep; pass it through fewer functions" \
		link bad_escape_more$opt --program nine_calls_deep
	# A Go function storing x's address where a pointer it was given points
	# (through another passing both on): into the caller's local, which then
	# holds it, or into a package variable. Into a local kept to itself, it
	# builds (tinybpf once refused it as stored through a pointer given).
	check "stored by a Go function into the caller's local, then kept$opt" 1 1 \
		"bad_escape_more/main.go:511:2: error: the address of x is stored in the package variable keptThrough, where it outlives the call of attached_kept" \
		link bad_escape_more$opt --program attached_kept
	check "stored by a Go function into the package variable it was given$opt" 1 1 \
		"bad_escape_more/main.go:491:5: error: the address of x is stored in the package variable keptEvent, where it outlives the call of attached_to_package" \
		link bad_escape_more$opt --program attached_to_package
	if "$TINYBPF" link "$TESTDATA/bad_escape_more$opt.ll" --program attached_local \
		-o "$tmp/attached.o" 2>"$tmp/stderr" && [ ! -s "$tmp/stderr" ]; then
		ok
	else
		ko "stored by a Go function into the caller's local, nothing kept$opt: refused"
	fi
	rm -f "$tmp/attached.o"
	for prog in holder_chosen_local holder_chosen_in_loop_local; do
		if "$TINYBPF" link "$TESTDATA/bad_escape_more$opt.ll" --program $prog \
			-o "$tmp/chosen.o" 2>"$tmp/stderr" && [ ! -s "$tmp/stderr" ]; then
			ok
		else
			ko "$prog$opt: x's address through a holder chosen on a path, nothing kept: refused"
		fi
		rm -f "$tmp/chosen.o"
	done
done
# Each of the probe-read helpers copies the holder alike: the same IR with
# the declaration renamed (they share bpf_probe_read_kernel's parameters).
for h in ProbeRead ProbeReadStr ProbeReadKernelStr ProbeReadUser ProbeReadUserStr; do
	sed "s/@main\.bpfProbeReadKernel\b/@main.bpf$h/g" "$TESTDATA/bad_escape_more.ll" >"$tmp/probe.ll"
	check "a holder copied by bpf$h" 1 1 \
		"bad_escape_more/main.go:390:20: error: the address of x is copied in the package variable keptCopy, where it outlives the call of holder_probe_read" \
		"$TINYBPF" link "$tmp/probe.ll" --program holder_probe_read -o "$tmp/out.o"
done
# The helpers that copy a holder somewhere lasting, each declaration renamed
# to the others of its shape: program, Go name in the IR, error words.
while IFS='|' read -r prog decl as where <&3; do
	sed "s/@main\.$decl\b/@main.$as/g" "$TESTDATA/bad_escape_more.ll" >"$tmp/lasting.ll"
	check "a holder given to $as" 1 1 \
		"error: the address of x is copied $where, where it outlives the call of $prog" \
		"$TINYBPF" link "$tmp/lasting.ll" --program "$prog" -o "$tmp/out.o"
done 3<<'EOF'
holder_to_storage|bpfTaskStorageGet|bpfTaskStorageGet|into task storage (as bpf_task_storage_get's initial value)
holder_to_storage|bpfTaskStorageGet|bpfSkStorageGet|into socket storage (as bpf_sk_storage_get's initial value)
holder_to_storage|bpfTaskStorageGet|bpfInodeStorageGet|into inode storage (as bpf_inode_storage_get's initial value)
holder_to_storage|bpfTaskStorageGet|bpfCgrpStorageGet|into cgroup storage (as bpf_cgrp_storage_get's initial value)
holder_output|bpfSkbOutput|bpfSkbOutput|to user space (by bpf_skb_output)
holder_output|bpfSkbOutput|bpfXdpOutput|to user space (by bpf_xdp_output)
holder_sockmap_key|bpfSockMapUpdate|bpfSockMapUpdate|into a BPF map (as the key of bpf_sock_map_update)
holder_sockmap_key|bpfSockMapUpdate|bpfSockHashUpdate|into a BPF map (as the key of bpf_sock_hash_update)
holder_seq_write|bpfSeqWrite|bpfSeqWrite|to user space (by bpf_seq_write)
EOF
# IR an optimiser vectorised (tinybpf link takes any IR): pair_kept's two
# stores, side by side in the -opt=1 IR, rewritten as one store of a
# <2 x ptr> built by insertelement. Both addresses are refused.
python3 - "$TESTDATA/bad_escape_more.opt1.ll" "$tmp/vector.ll" <<'EOF'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
out, i, done = [], 0, False
while i < len(lines):
    a = re.match(r"\s*store ptr (%\S+), ptr @main\.keptPair, align 8, (!dbg !\d+)$", lines[i])
    b = i + 1 < len(lines) and re.match(
        r"\s*store ptr (%\S+), ptr getelementptr inbounds nuw \(i8, ptr @main\.keptPair, i64 8\), align 8", lines[i + 1])
    if a and b:
        out += ["  %pair.0 = insertelement <2 x ptr> poison, ptr " + a.group(1) + ", i64 0",
                "  %pair.1 = insertelement <2 x ptr> %pair.0, ptr " + b.group(1) + ", i64 1",
                "  store <2 x ptr> %pair.1, ptr @main.keptPair, align 8, " + a.group(2)]
        i, done = i + 2, True
        continue
    out.append(lines[i])
    i += 1
open(sys.argv[2], "w").write("\n".join(out))
sys.exit(0 if done else 1)
EOF
if [ $? = 0 ]; then
	check "two addresses stored as one vector" 1 2 \
		"bad_escape_more/main.go:548:10: error: the address of x is stored in the package variable keptPair, where it outlives the call of pair_kept" \
		"$TINYBPF" link "$tmp/vector.ll" --program pair_kept -o "$tmp/out.o"
else
	ko "bad_escape_more.opt1.ll: pair_kept's two stores are no longer side by side"
fi
# An escape in the function itself, through no call, has no note naming a
# call; one in the standard library is reported at the user's call, which
# the error names, and has none either.
for prog in copied_holder atomic_swap; do
	"$TINYBPF" link "$TESTDATA/bad_escape_more.ll" --program $prog -o "$tmp/out.o" 2>"$tmp/stderr"
	if [ "$(grep -c "error:" "$tmp/stderr")" = 1 ] && ! grep -q "note:" "$tmp/stderr"; then
		ok
	else
		ko "$prog: one error and no note"
	fi
done
check "address of a local sent to user space by bpf_perf_event_output (its data, argument 4)" 1 6 \
	"bad_escape/main.go:85:20: error: the address of x is copied to user space (by bpf_perf_event_output), where it outlives the call of sent_to_user; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape
check "package init code, which BPF never runs" 1 1 \
	"bad_package_init/main.go:12:5: error: format is initialised by code Go runs at program start (package init), which BPF programs never run" \
	link bad_package_init
check "helper with the wrong argument count" 1 1 \
	"helper_args/main.go:11:32: error: bpfGetCurrentComm declares 1 argument, but bpf_get_current_comm takes 2" \
	link helper_args
# The SDK's CO-RE API (docs/core.md): each misuse at its Go line; one build
# reports all of a stage's, so each row checks one of them.
check "bpf.CoreRead of a field of a type that is not the kernel's" 1 3 \
	"core_read_bad/main.go:32:29: error: bpf.CoreRead needs the address of a field of a kernel type, written at the call: &x.Field or &x.A.B.Field, where x is a variable or parameter of type *T and T a struct whose first field is bpf.Kernel (or a bpfCore… stub)" \
	link core_read_bad
check "bpf.CoreRead of a bitfield" 1 3 \
	"core_read_bad/main.go:33:18: error: bpf.CoreRead cannot read a bitfield: use bpf.CoreReadBitfield" \
	link core_read_bad
check "bpf.CoreReadStr of an integer field" 1 3 \
	"core_read_bad/main.go:34:26: error: bpf.CoreReadStr needs a byte array field (task.Comm) or a pointer to a string (dentry.DName.Name)" \
	link core_read_bad
check "bpf.CoreFieldSigned of an array" 1 5 \
	"core_query_bad/main.go:33:24: error: bpf.CoreFieldSigned needs an integer or bitfield field; this one is an array" \
	link core_query_bad
check "bpf.CoreTypeSize of a type that is not the kernel's" 1 5 \
	"core_query_bad/main.go:36:41: error: bpf.CoreTypeSize needs a kernel type (a struct whose first field is bpf.Kernel, or a bpfCore… stub) as its type argument" \
	link core_query_bad
check "bpf.CoreEnumValue of a string variable" 1 5 \
	"core_query_bad/main.go:37:28: error: bpf.CoreEnumValue needs constant strings: the C names of the enum and of its enumerator" \
	link core_query_bad
check "bpf.CoreEnumValue of \"enum NAME\"" 1 5 \
	"core_query_bad/main.go:38:28: error: bpf.CoreEnumValue(\"enum pid_type\", \"PIDTYPE_TGID\"): both must be C identifiers, the enum's name as in \`enum NAME\` (without \"enum\") and the enumerator's" \
	link core_query_bad
check "bpf.CoreRead of a whole kernel struct" 1 5 \
	"core_query_bad/main.go:39:23: error: reads 20 bytes at task_struct.pid, which has 4: the kernel's fields are not where the Go stub has them, so read one field at a time" \
	link core_query_bad
# core_more: one program a mistake, each refused at its line.
cm=core_more/main.go
check "CO-RE: a variable offset from a stub pointer whose first field is no array" 1 1 \
	"$cm:50:34: error: CO-RE: cannot tell which field of task_struct.pid a variable offset means" \
	link core_more --program variable_offset
check "CO-RE: an address inside a field" 1 1 \
	"$cm:60:35: error: CO-RE: the address is 2 bytes into task_struct.pid" \
	link core_more --program into_a_field
check "CO-RE: a load through a stub pointer whose first field has no name" 1 1 \
	"$cm:70:15: error: CO-RE: byte 0 of file is in no named field of main.bpfCoreFile" \
	link core_more --program unnamed_first_field
check "bpf.CoreFieldSigned of a pointer" 1 2 \
	"$cm:77:24: error: bpf.CoreFieldSigned needs an integer or bitfield field; this one is a pointer" \
	link core_more --program signed_pointer
check "bpf.CoreFieldSigned of a struct" 1 2 \
	"$cm:80:24: error: bpf.CoreFieldSigned needs an integer or bitfield field; this one is a struct" \
	link core_more --program signed_pointer
check "bpfCoreTypeExists of a nil constant, no variable" 1 1 \
	"$cm:89:22: error: bpfCoreTypeExists needs a variable of type *bpfCore… (its value does not matter)" \
	link core_more --program type_of_nil
check "bpf.CoreEnumValue of an enum name starting with a digit" 1 1 \
	"$cm:101:32: error: bpf.CoreEnumValue(\"9pid_type\", \"PIDTYPE_TGID\"): both must be C identifiers, the enum's name as in \`enum NAME\` (without \"enum\") and the enumerator's" \
	link core_more --program enum_digit
check "CO-RE: a read helper given an address inside a field: that error alone" 1 1 \
	"$cm:116:54: error: CO-RE: the address is 2 bytes into task_struct.pid" \
	link core_more --program read_into_a_field
check "CO-RE: a read helper given a stub pointer whose first field has no name: that error alone" 1 1 \
	"$cm:128:20: error: CO-RE: byte 0 of file is in no named field of main.bpfCoreFile" \
	link core_more --program read_unnamed_first_field
check "CO-RE: one pointer as two bpfCore types: once, at a variable's line" 1 1 \
	"$cm:137:2: error: a pointer used as two different bpfCore types; CO-RE needs one" \
	link core_more --program two_stubs
# A field query through pointers the program loads reads nothing: the loads
# and their nil checks go (the object is the two relocated sizes stored),
# and nothing can panic.
if "$TINYBPF" link --no-cache "$TESTDATA/core_query_chain.ll" -o "$tmp/chain.o" 2>"$tmp/stderr" &&
	[ ! -s "$tmp/stderr" ] && ! llvm-objdump-22 -d "$tmp/chain.o" | grep -E "= \*\(u(64|32) \*\)\(r[0-9]" >/dev/null; then
	ok
else
	ko "a field query through loaded pointers: refused, or reads memory"
fi
rm -f "$tmp/chain.o"
check "bpf.CoreReadBitfield of a package variable" 1 1 \
	"$cm:150:35: error: bpf.CoreReadBitfield needs the address of a field of a kernel type, written at the call: &x.Field or &x.A.B.Field, where x is a variable or parameter of type *T and T a struct whose first field is bpf.Kernel (or a bpfCore… stub)" \
	link core_more --program bitfield_not_kernel
check "bpf.CoreReadBitfield of an integer field" 1 1 \
	"$cm:157:35: error: bpf.CoreReadBitfield needs a bpf.Bitfield field of a kernel type (&x.Flag)" \
	link core_more --program bitfield_of_integer
check "bpf.CoreTypeExists of a kernel type with a field C has no type for" 1 1 \
	"core_type_undescribable/main.go:28:35: error: CO-RE: field Name of main.TaskStruct has a type CO-RE cannot describe (use integers, pointers, arrays or kernel types)" \
	link core_type_undescribable
check "CoreTypeExists of a kernel type no variable has: what to declare" 1 1 \
	"core_type_undescribed/main.go:22:35: error: bpf.CoreTypeExists: the program's debug info has no type main.BpfRingbuf, which TinyGo describes only where a variable has it: declare one in this function, \`var t *BpfRingbuf; _ = t\` (and BpfRingbuf must be a kernel type: a struct whose first field is bpf.Kernel, or a bpfCore… stub)" \
	link core_type_undescribed
# The CO-RE intrinsics declared by hand with a kind past the ones a query
# asks: the last kinds from libbpf's bpf_core_read.h (a field's signedness,
# a type's size, an enumerator's value), not from tinybpf.
core_h=/usr/include/bpf/bpf_core_read.h
if [ -r "$core_h" ]; then
	kind() { sed -n "s/^[[:space:]]*$1 = \([0-9]*\),.*/\1/p" "$core_h"; }
	check "tinybpf_core_field_info with kind 4 (BPF_FIELD_LSHIFT_U64)" 1 1 \
		"core_raw_kind/main.go:28:24: error: tinybpf_core_field_info needs a constant kind from 0 to $(kind BPF_FIELD_SIGNED)" \
		link core_raw_kind --program field_kind
	check "tinybpf_core_type_info with kind 2 (BPF_TYPE_MATCHES)" 1 1 \
		"core_raw_kind/main.go:35:23: error: tinybpf_core_type_info needs a constant kind from 0 to $(kind BPF_TYPE_SIZE)" \
		link core_raw_kind --program type_kind
	check "tinybpf_core_enum_value with kind 2" 1 1 \
		"core_raw_kind/main.go:41:24: error: tinybpf_core_enum_value needs a constant kind, 0 or $(kind BPF_ENUMVAL_VALUE)" \
		link core_raw_kind --program enum_kind
else
	skip "CO-RE intrinsics with a bad kind: no $core_h"
fi
# helper_types/a_end.go, kept out of the build, ends in an //export comment of
# currentComm's helper with no function after it: the search goes on to main.go.
check "raw-style helper: a u32 declared uint64" 1 4 \
	"helper_types/main.go:6:46: error: bpfProbeReadUserStr: parameter size is uint64, a 64-bit integer, but bpf_probe_read_user_str takes u32 size, a 32-bit integer: declare it uint32 or int32" \
	link helper_types
check "raw-style helper: a uintptr where the prototype has a pointer" 1 4 \
	"helper_types/main.go:6:59: error: bpfProbeReadUserStr: parameter src is uintptr, a 64-bit integer, but bpf_probe_read_user_str takes const void *unsafe_ptr, a pointer: declare it unsafe.Pointer or a pointer type" \
	link helper_types
check "//export bpf_* declaration: an int where the prototype has a u32" 1 4 \
	"helper_types/main.go:11:38: error: currentComm (//export bpf_get_current_comm): parameter size is int, a 64-bit integer, but bpf_get_current_comm takes u32 size_of_buf, a 32-bit integer: declare it uint32 or int32" \
	link helper_types
check "raw-style helper: the first parameter wrong" 1 4 \
	"helper_types/main.go:14:25: error: bpfProbeReadKernel: parameter dst is uint64, a 64-bit integer, but bpf_probe_read_kernel takes void *dst, a pointer: declare it unsafe.Pointer or a pointer type" \
	link helper_types
# A name longer than the maps pass compares (it reads each call given a map
# for a ring buffer's record type), refused by the helpers pass, not a crash.
check "a declared function with a long name, given a map" 1 1 \
	"bad_helper_long_name/main.go:20:90: error: bpfRingbufOutputThenMoreWordsThanAnyHelperNameHasSoItRunsPastSixtyFourBytes is not a BPF helper (a kernel function, a kfunc, is declared as bpfKfunc<Name>)" \
	link bad_helper_long_name
# A declaration whose parameters span three lines: the wrong one at its own
# line and column; a wrong result before a comment: the result alone, as written.
check "a parameter on the second line of its declaration" 1 2 \
	"helper_lines/main.go:9:2: error: bpfProbeReadKernel: parameter size is uint64, a 64-bit integer, but bpf_probe_read_kernel takes u32 size, a 32-bit integer: declare it uint32 or int32" \
	link helper_lines
check "a result before a comment" 1 2 \
	"helper_lines/main.go:13:22: error: bpfKtimeGetNs returns int32, a 32-bit integer, but bpf_ktime_get_ns returns u64, a 64-bit integer" \
	link helper_lines
# Hand-declared helpers in other forms gofmt keeps (helper_decl_forms): names
# in groups, a bracketed type, one parameter a line, the result after a ")" on
# a line of its own. Each message is at the place Go's own parser gives for the
# parameter or result it names (tests/cli/go_positions); without the source
# (its directory gone, or the file cut short since TinyGo read it) each is at
# the call, where Go's SSA places it, and says the argument's number instead.
forms=tests/testdata/helper_decl_forms/main.go
if go_at=$(go run ./tests/cli/go_positions "$forms" 2>"$tmp/go_positions.err"); then
	at() { awk -v f="$1" -v what="$2" '$1 == f && ($2 " " $3 == what || $2 == what) { print $NF }' <<<"$go_at"; }
	check "a parameter named in a group" 1 3 \
		"helper_decl_forms/main.go:$(at bpfGetStack "param size"): error: bpfGetStack: parameter size is uint64, a 64-bit integer, but bpf_get_stack takes u32 size, a 32-bit integer: declare it uint32 or int32" \
		link helper_decl_forms
	check "a parameter after one of a bracketed type, one a line" 1 3 \
		"helper_decl_forms/main.go:$(at bpfGetCurrentComm "param size"): error: bpfGetCurrentComm: parameter size is uint64, a 64-bit integer, but bpf_get_current_comm takes u32 size_of_buf, a 32-bit integer: declare it uint32 or int32" \
		link helper_decl_forms
	check "a result on the line of the closing parenthesis" 1 3 \
		"helper_decl_forms/main.go:$(at bpfProbeReadUser result): error: bpfProbeReadUser returns int32, a 32-bit integer, but bpf_probe_read_user returns long, a 64-bit integer" \
		link helper_decl_forms
	mkdir -p "$tmp/cut"
	for d in gone cut; do
		sed "s|directory: \"$PWD/tests/testdata/helper_decl_forms\"|directory: \"$tmp/$d\"|" \
			"$TESTDATA/helper_decl_forms.ll" >"$tmp/forms_$d.ll"
	done
	# The file TinyGo read, changed since: bpfGetStack's declaration deleted,
	# bpfGetCurrentComm's closing line too, and the file cut in the middle of
	# bpfProbeReadUser's parameters; no declaration can be read to its end.
	sed -n '1,/^\tsize uint32,$/p' "$forms" | grep -v -e '^) int64$' -e '^func bpfGetStack' >"$tmp/cut/main.go"
	# bpfGetStack's declaration changed since: three parameters where TinyGo
	# compiled four. That declaration is not the compiled one: not quoted.
	mkdir -p "$tmp/changed"
	sed 's/^func bpfGetStack(ctx, buf unsafe.Pointer, size, flags uint64) int64$/func bpfGetStack(ctx, buf unsafe.Pointer, size uint64) int64/' \
		"$forms" >"$tmp/changed/main.go"
	sed "s|directory: \"$PWD/tests/testdata/helper_decl_forms\"|directory: \"$tmp/changed\"|" \
		"$TESTDATA/helper_decl_forms.ll" >"$tmp/forms_changed.ll"
	grep -qx 'func bpfGetStack(ctx, buf unsafe.Pointer, size uint64) int64' "$tmp/changed/main.go" && ok ||
		ko "the changed declaration has three parameters"
	check "a declaration changed since TinyGo read it: the argument's number, at the call" 1 3 \
		"changed/main.go:$(at bpfGetStack call): error: bpfGetStack: its argument 3 is a 64-bit integer, but bpf_get_stack takes u32 size, a 32-bit integer: declare it uint32 or int32" \
		"$TINYBPF" link "$tmp/forms_changed.ll" -o "$tmp/out.o"
	# An editor's copy beside main.go is no Go file, even if it sorts first
	# and declares bpfGetStack as it was (Emacs's autosave, #main.go#): the
	# declaration quoted is main.go's.
	mkdir -p "$tmp/autosave"
	cp "$forms" "$tmp/autosave/main.go" && cp "$tmp/changed/main.go" "$tmp/autosave/#main.go#"
	sed "s|directory: \"$PWD/tests/testdata/helper_decl_forms\"|directory: \"$tmp/autosave\"|" \
		"$TESTDATA/helper_decl_forms.ll" >"$tmp/forms_autosave.ll"
	check "an editor's #main.go# beside main.go is not read" 1 3 \
		"autosave/main.go:$(at bpfGetStack "param size"): error: bpfGetStack: parameter size is uint64, a 64-bit integer, but bpf_get_stack takes u32 size, a 32-bit integer: declare it uint32 or int32" \
		"$TINYBPF" link "$tmp/forms_autosave.ll" -o "$tmp/out.o"
	for d in gone cut; do
		check "no source ($d): the argument's number, at the call" 1 3 \
			"$d/main.go:$(at bpfGetStack call): error: bpfGetStack: its argument 3 is a 64-bit integer, but bpf_get_stack takes u32 size, a 32-bit integer: declare it uint32 or int32" \
			"$TINYBPF" link "$tmp/forms_$d.ll" -o "$tmp/out.o"
		check "no source ($d): a result, at the call" 1 3 \
			"$d/main.go:$(at bpfProbeReadUser call): error: bpfProbeReadUser returns a 32-bit integer, but bpf_probe_read_user returns long, a 64-bit integer" \
			"$TINYBPF" link "$tmp/forms_$d.ll" -o "$tmp/out.o"
	done
else
	fail=$((fail + 1))
	echo "FAIL go run ./tests/cli/go_positions $forms:" >&2
	sed 's/^/  | /' "$tmp/go_positions.err" >&2
fi
check "SDK helper with a wrong argument type (refused by TinyGo)" 1 1 \
	"sdk_helper_type/main.go:14:46: cannot use size (variable of type uint64) as uint32 value in argument to bpf.ProbeReadUserStr" \
	build sdk_helper_type
# Results and integer widths against the UAPI prototypes, which the header
# itself states (each grep fails the row if the kernel's words change).
for proto in "u32 bpf_get_prandom_u32(void)" "void bpf_ringbuf_submit(void *data, u64 flags)" \
	"long bpf_get_current_comm(void *buf, u32 size_of_buf)" "long bpf_get_stackid(void *ctx, struct bpf_map *map, u64 flags)"; do
	if grep -qF " * $proto" /usr/include/linux/bpf.h; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "FAIL the UAPI header no longer says: $proto" >&2; fi
done
check "helper result: 64 bits where the helper returns u32" 1 4 \
	"helper_results/main.go:9:25: error: bpfGetPrandomU32 returns uint64, a 64-bit integer, but bpf_get_prandom_u32 returns u32, a 32-bit integer" \
	link helper_results
check "helper result where the helper returns void" 1 4 \
	"helper_results/main.go:12:58: error: bpfRingbufSubmit returns int64, a 64-bit integer, but bpf_ringbuf_submit returns void, nothing: declare no result" \
	link helper_results
check "helper parameter of 8 bits for a u32" 1 4 \
	"helper_results/main.go:15:44: error: bpfGetCurrentComm: parameter size is uint8, an 8-bit integer, but bpf_get_current_comm takes u32 size_of_buf, a 32-bit integer: declare it uint32 or int32" \
	link helper_results
check "helper parameter of 16 bits for a u64" 1 4 \
	"helper_results/main.go:18:43: error: bpfGetStackid: parameter flags is uint16, a 16-bit integer, but bpf_get_stackid takes u64 flags, a 64-bit integer: declare it uint64 or int64" \
	link helper_results
check "bpf.Printk: more conversions than arguments" 1 12 \
	'printk_bad/main.go:13:12: error: bpf.Printk: format "pid %d uid %d\n" has 2 conversions but 1 argument is given' \
	link printk_bad
check "bpf.Printk: a conversion the kernel refuses" 1 12 \
	'printk_bad/main.go:14:12: error: bpf.Printk: format "pid %q\n": "%q": the kernel accepts %d, %i, %u, %x, %X (with l or ll), %c, %s, %p and its forms, and %%' \
	link printk_bad
check "bpf.Printk: %s run into a letter, shown as far as that letter" 1 12 \
	'printk_bad/main.go:15:12: error: bpf.Printk: format "comm %sx\n": "%sx": %s must be followed by a space, punctuation or the end' \
	link printk_bad
check "bpf.Printk: a %p form the kernel refuses (the letter after p decides)" 1 12 \
	'printk_bad/main.go:16:12: error: bpf.Printk: format "task %pQ\n": "%pQ": of the %p conversions the kernel accepts only %p, %pK, %px, %ps, %pS, %pB, %pks, %pus, %pi4, %pI4, %pi6 and %pI6' \
	link printk_bad
check "bpf.Printk: a format that is a variable" 1 12 \
	'printk_bad/main.go:17:12: error: bpf.Printk: the format must be a constant string (the kernel reads it from .rodata)' \
	link printk_bad
check "bpf.Printk: arguments as a slice of run-time length" 1 12 \
	'printk_bad/main.go:18:12: error: bpf.Printk: pass the arguments one by one, not as a slice (args...)' \
	link printk_bad
check "bpf.Printk: arguments as a slice a function returns" 1 12 \
	'printk_bad/main.go:19:12: error: bpf.Printk: pass the arguments one by one, not as a slice (args...)' \
	link printk_bad
check "bpf.Printk: a control character in the format, which the kernel refuses, quoted as Go writes it (DEL too)" 1 12 \
	'printk_bad/main.go:20:12: error: bpf.Printk: format "bell\x07 del\x7f\n": "\x07": a character that is neither printable ASCII nor white space' \
	link printk_bad
check "bpf.Printk: %pks followed by a letter" 1 12 \
	'printk_bad/main.go:21:12: error: bpf.Printk: format "task %pksx\n": "%pksx": %pks and %pus must be followed by a space, punctuation or the end' \
	link printk_bad
check "bpf.Printk: %pi with neither 4 nor 6" 1 12 \
	'printk_bad/main.go:22:12: error: bpf.Printk: format "addr %pi5\n": "%pi": of the %p conversions the kernel accepts only' \
	link printk_bad
check "bpf.Printk: %pI alone" 1 12 \
	'printk_bad/main.go:23:12: error: bpf.Printk: format "addr %pI\n": "%pI": of the %p conversions the kernel accepts only' \
	link printk_bad
check "bpf.Printk: a refused format is quoted as Go writes it (tab, quote, backslash)" 1 12 \
	'printk_bad/main.go:24:12: error: bpf.Printk: format "tab\t\"quoted\" \\ %q\n": "%q": the kernel accepts' \
	link printk_bad
# Every %p form bpf_bprintf_prepare accepts (kernel/bpf/helpers.c): linked, and the kernel loads it.
if "$TINYBPF" link "$TESTDATA/printk_formats.ll" -o "$tmp/pf.o" 2>"$tmp/stderr" &&
	"$TINYBPF" verify "$tmp/pf.o" 2>&1 | grep -F "formats (raw_tp/sys_enter): accepted" >/dev/null; then
	ok
else
	ko "bpf.Printk: the %p forms the kernel accepts: not linked or not loaded"
fi
rm -f "$tmp/pf.o"
check "//go:section that TinyGo dropped: the package does not import unsafe" 1 1 \
	'section_no_unsafe/main.go:12: error: count has no ELF section: TinyGo ignored its "//go:section raw_tp/sys_enter" because the package does not import "unsafe" (TinyGo honours //go:section on functions only then); add import _ "unsafe" to the file' \
	link section_no_unsafe
check "the packet intrinsic declared by hand with a 32-bit parameter" 1 1 \
	"packet_intrinsic_narrow/main.go:14:13: error: tinybpf_packet_header is the SDK's packet intrinsic: declare it as func(data, end, off, size uintptr) unsafe.Pointer, or import github.com/tinybpf/tinybpf/bpf" \
	link packet_intrinsic_narrow
check "the packet intrinsic declared by hand with three parameters" 1 1 \
	"packet_intrinsic_three/main.go:14:13: error: tinybpf_packet_header is the SDK's packet intrinsic: declare it as func(data, end, off, size uintptr) unsafe.Pointer, or import github.com/tinybpf/tinybpf/bpf" \
	link packet_intrinsic_three
check "the packet intrinsic declared by hand with a uintptr result" 1 1 \
	"packet_intrinsic_result/main.go:15:13: error: tinybpf_packet_header is the SDK's packet intrinsic: declare it as func(data, end, off, size uintptr) unsafe.Pointer, or import github.com/tinybpf/tinybpf/bpf" \
	link packet_intrinsic_result
check "the packet intrinsic declared again with two parameters, beside a package that declares it right" 1 1 \
	"packet_intrinsic_twice/main.go:20:13: error: tinybpf_packet_header is used here other than by a call of func(data, end, off, size uintptr) unsafe.Pointer (is it declared again with other parameters?): declare it so, or import github.com/tinybpf/tinybpf/bpf" \
	link packet_intrinsic_twice
check "LPM trie without the no-prealloc flag, never added silently" 1 6 \
	"sdk_map_misuse/main.go:10: error: map routes: an LPM trie needs Flags: bpf.MapNoPrealloc (BPF_F_NO_PREALLOC): the kernel refuses it without, and tinybpf does not add flags you did not write" \
	link sdk_map_misuse
check "SDK hash map without MaxEntries" 1 6 \
	"sdk_map_misuse/main.go:11: error: map counts: MaxEntries is missing: a hash map needs it (the kernel refuses 0)" \
	link sdk_map_misuse
check "task storage without the no-prealloc flag" 1 6 \
	"sdk_map_misuse/main.go:12: error: map perTask: a task storage map needs Flags: bpf.MapNoPrealloc (BPF_F_NO_PREALLOC)" \
	link sdk_map_misuse
check "ring buffer size that is no power of 2" 1 6 \
	"sdk_map_misuse/main.go:13: error: map events: a ring buffer's MaxEntries is its size in bytes: a power of 2 and a multiple of the page size (at least 4096), not 5000" \
	link sdk_map_misuse
# Each kind of map named as the UAPI header's enum numbers it
# (BPF_MAP_TYPE_PERCPU_ARRAY 6, BPF_MAP_TYPE_PERCPU_HASH 5).
check "SDK per-CPU array without MaxEntries" 1 6 \
	"sdk_map_misuse/main.go:14: error: map perCPU: MaxEntries is missing: a per-CPU array needs it (the kernel refuses 0)" \
	link sdk_map_misuse
check "SDK per-CPU hash map without MaxEntries" 1 6 \
	"sdk_map_misuse/main.go:15: error: map perCPUCounts: MaxEntries is missing: a per-CPU hash map needs it (the kernel refuses 0)" \
	link sdk_map_misuse
check "a map whose definition type has no fields" 1 1 \
	"bad_map_empty/main.go:10: error: map counts: cannot read its definition" \
	link bad_map_empty
check "map of maps without a template" 1 2 \
	"sdk_inner_missing/main.go:10: error: map outer: a map of maps needs its inner maps' template: set Inner: &m, a map variable defined like every inner map (or give Values)" \
	link sdk_inner_missing
check "map of maps whose slots differ from the template" 1 2 \
	"sdk_inner_missing/main.go:14: error: map mixed: slot 1 of Values, big, is defined differently from the template small (the kernel refuses it at load)" \
	link sdk_inner_missing
# .maps definitions written as libbpf's C writes them, one mistake each.
bmf=bad_map_fields/main.go
check "a .maps field that is no map attribute" 1 5 \
	"$bmf:10: error: map unknown: field Size is not a map attribute (known: Type, KeySize, ValueSize, MaxEntries, MapFlags (or Flags), Pinning, NumaNode, MapExtra, Key, Value, Values, Inner)" \
	link bad_map_fields
check "a .maps attribute given twice (MapFlags and Flags)" 1 5 \
	"$bmf:19: error: map twice: field Flags declares map_flags a second time" link bad_map_fields
check "a .maps Key that is no pointer" 1 5 \
	"$bmf:29: error: map plainKey: field Key must be a pointer to the key type, e.g. Key *uint32" link bad_map_fields
check "Values on a hash map" 1 5 \
	"$bmf:38: error: map hashValues: only a map of maps (Type 12 or 13) has Values" link bad_map_fields
check "Inner on a hash map" 1 5 \
	"$bmf:48: error: map hashInner: only a map of maps has Inner" link bad_map_fields
bmm=bad_map_more/main.go
check "a .maps Inner that is no pointer" 1 5 \
	"$bmm:22: error: map plainInner: field Inner must point to a map variable, its inner maps' template" link bad_map_more
check "a .maps Values before another field" 1 5 \
	"$bmm:32: error: map valuesFirst: Values must be the last field, as loaders require" link bad_map_more
check "Values on a prog array" 1 5 \
	"$bmm:42: error: map progValues: a prog array's slots cannot be filled from Go; leave out Values and fill it from user space" link bad_map_more
# Inner without Values: libbpf builds the inner maps' template from Values
# alone, and the kernel refuses the map (libbpf: "map 'onlyInner': failed to
# create: Invalid argument(-22)"), so tinybpf refuses it first.
check "a map of maps with Inner but no Values" 1 5 \
	"$bmm:53: error: map onlyInner: an array of maps needs Values, an array of pointers to the inner maps' type (e.g. Values [0]*T when user space fills every slot): loaders make the inner maps' template from it" link bad_map_more
check "a .maps Type in libbpf's array encoding, of length 0" 1 5 \
	"$bmm:64: error: map zeroType: no Type: every map needs one (e.g. Type: 1 for a hash map; bpf.MapType... names them all)" link bad_map_more
bmi=bad_map_inner/main.go
check "a slot of Values that is no map variable" 1 5 \
	"$bmi:22: error: map notAMapSlot: slot 0 of Values is not a map (give it //go:section .maps)" link bad_map_inner
check "inner maps that are maps of maps (Values)" 1 5 \
	"$bmi:40: error: map mapsOfMaps: its inner maps are maps of maps, which loaders refuse" link bad_map_inner
check "two inner maps defined differently" 1 5 \
	"$bmi:58: error: map twiceB: defined differently from twiceA, but both are inner maps of twoTemplates (its template must be one definition)" link bad_map_inner
check "Values of a type no .maps variable has" 1 5 \
	"$bmi:76: error: map noTemplate: no .maps variable has the type Values points to; declare one (it is the inner maps' template)" link bad_map_inner
check "an Inner template that is a map of maps" 1 5 \
	"$bmi:86: error: map nestedInner: its inner maps are maps of maps, which loaders refuse" link bad_map_inner
check "map of maps whose Values holds no pointers: that error alone" 1 1 \
	"bad_map_values/main.go:8: error: map outer: field Values must be an array of pointers to the inner maps' type, e.g. Values [2]*innerMap" \
	link bad_map_values
check "map of maps whose template is a map of maps" 1 1 \
	"sdk_inner_nested/main.go:12: error: map top: its inner maps are maps of maps, which loaders refuse" \
	link sdk_inner_nested
check "a ring buffer fed two record types: a warning, and no record type" 0 0 \
	"ring_two_records/main.go:19:19: warning: map events: records of two types are sent to it (execEvent and openEvent): tinybpf generate describes neither" \
	"$TINYBPF" link "$TESTDATA/ring_two_records.ll" -o "$tmp/two_records.o"
check "//go:extern and the Go name name different helpers" 1 1 \
	"bad_go_extern/main.go:13:21: error: bpfProbeReadUserStr is declared with //go:extern bpf_probe_read_kernel_str, but its Go name says bpf_probe_read_user_str (helper 114): the two disagree; rename the function or drop //go:extern" \
	link bad_go_extern
check "//go:extern and the Go name name different kfuncs" 1 1 \
	"bad_go_extern_kfunc/main.go:19:32: error: bpfKfuncBpfTaskFromPid is declared with //go:extern bpf_task_acquire, but its Go name says the kfunc bpf_task_from_pid: the two disagree; rename the function or drop //go:extern" \
	link bad_go_extern_kfunc
check "a call of a body-less function that is neither helper nor kfunc: that error alone" 1 1 \
	"kfunc_undeclared/main.go:11:16: error: call to main.taskFromPid, which has no body and is not a BPF helper or a kfunc: name a helper bpf<Name> and a kfunc bpfKfunc<Name>, or put //go:extern <kernel name> above it" \
	link kfunc_undeclared
# Issue 12: kfunc prototypes against this machine's kernel BTF (every test
# machine has /sys/kernel/btf/vmlinux), naming the Go declaration.
check "kfunc returning unsafe.Pointer where the kernel returns struct task_struct *" 1 2 \
	"kfunc_void_pointer/main.go:16:32: error: bpfKfuncBpfTaskFromPid returns unsafe.Pointer, but the kernel's bpf_task_from_pid returns struct task_struct * (struct task_struct *bpf_task_from_pid(s32 pid), in /sys/kernel/btf/vmlinux); loaders would refuse the object: declare it to return *bpfCoreTaskStruct (a bpfCore struct standing for struct task_struct, docs/core.md)" \
	link kfunc_void_pointer
check "kfunc taking unsafe.Pointer where the kernel takes struct task_struct *" 1 2 \
	"kfunc_void_pointer/main.go:20:24: error: argument 1 of bpfKfuncBpfTaskRelease is unsafe.Pointer, but the kernel's bpf_task_release takes struct task_struct * (void bpf_task_release(struct task_struct *p), in /sys/kernel/btf/vmlinux); loaders would refuse the object: declare it as *bpfCoreTaskStruct (a bpfCore struct standing for struct task_struct, docs/core.md)" \
	link kfunc_void_pointer
check "kfunc: --verbose says which BTF the prototypes were checked against" 1 2 \
	"note: kfunc prototypes checked against this machine's kernel BTF, /sys/kernel/btf/vmlinux" \
	link kfunc_void_pointer --verbose
# A pointer to an integer in the kernel (bpf_local_irq_save, Linux 6.15+): the
# advice is a pointer to that type, not a bpfCore struct.
# (grep reads to the end: -q would stop early, and bpftool's SIGPIPE fail the pipe.)
if bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null | grep "^\[[0-9]*\] FUNC 'bpf_local_irq_save' " >/dev/null; then
	check "kfunc taking unsafe.Pointer where the kernel takes unsigned long *" 1 1 \
		"kfunc_int_pointer/main.go:17:25: error: argument 1 of bpfKfuncBpfLocalIrqSave is unsafe.Pointer, but the kernel's bpf_local_irq_save takes long unsigned int * (void bpf_local_irq_save(long unsigned int *flags__irq_flag), in /sys/kernel/btf/vmlinux); loaders would refuse the object: declare it as a pointer to that type" \
		link kfunc_int_pointer
else
	skip "kfunc taking unsafe.Pointer where the kernel takes unsigned long *: this kernel's BTF has no bpf_local_irq_save (Linux 6.15+)"
fi
# kfuncs declared against the kernel's prototypes (6.18's BTF: bpf_strcmp is
# 6.17+), one program a mistake; each error quotes the prototype as bpftool's
# C dump of the same BTF writes it.
want_kfuncs="bpf_task_from_pid bpf_task_under_cgroup bpf_cgroup_from_id bpf_strcmp bpf_send_signal_task"
have=$(bpftool btf dump file /sys/kernel/btf/vmlinux format c 2>/dev/null | grep -oE "[a-z_]+\(" |
	grep -cxE "($(tr ' ' '|' <<<"$want_kfuncs"))\(")
if [ "$have" = 5 ]; then
	km=kfunc_mismatch/main.go
	# the kernel's prototype, from bpftool's C dump of the BTF (not from tinybpf)
	bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$tmp/vmlinux.h"
	proto() { sed -n "s/^extern \(.*[ *]$1(.*)\) __weak __ksym;\$/\1/p" "$tmp/vmlinux.h"; }
	kp="in /sys/kernel/btf/vmlinux); loaders would refuse the object"
	check "kfunc: a pointer result only compared with nil" 1 1 \
		"$km:28:27: error: assign the result of bpfKfuncBpfTaskFromPid to a variable: its Go type is what the loader checks against the kernel's bpf_task_from_pid" \
		link kfunc_mismatch --program no_args
	check "kfunc: one argument where the kernel takes two" 1 1 \
		"$km:37:41: error: bpfKfuncBpfTaskUnderCgroup declares 1 argument, but the kernel's bpf_task_under_cgroup takes 2 ($(proto bpf_task_under_cgroup), $kp" \
		link kfunc_mismatch --program one_arg
	check "kfunc: an integer result where the kernel returns a struct pointer" 1 1 \
		"$km:43:38: error: bpfKfuncBpfCgroupFromId returns a 64-bit integer, but the kernel's bpf_cgroup_from_id returns struct cgroup * ($(proto bpf_cgroup_from_id), $kp: declare it to return *bpfCoreCgroup (a bpfCore struct standing for struct cgroup, docs/core.md)" \
		link kfunc_mismatch --program integer_result
	for i in 1 2; do
		check "kfunc: integer argument $i where the kernel takes const char *" 1 2 \
			"$km:49:26: error: argument $i of bpfKfuncBpfStrcmp is a 64-bit integer, but the kernel's bpf_strcmp takes const char * ($(proto bpf_strcmp), $kp: declare it as a pointer to that type" \
			link kfunc_mismatch --program integer_strings
	done
	check "kfunc: two arguments where the kernel takes four, one an enum" 1 1 \
		"$km:55:34: error: bpfKfuncBpfSendSignalTask declares 2 arguments, but the kernel's bpf_send_signal_task takes 4 ($(proto bpf_send_signal_task), $kp" \
		link kfunc_mismatch --program enum_argument
	# Go's names for the declared pointers: a type of package main as its code
	# writes it (no "main."), an array as [N]T
	kn=kfunc_named_pointer/main.go
	check "kfunc: a pointer to uint64 where the kernel returns struct task_struct *" 1 1 \
		"$kn:21:32: error: bpfKfuncBpfTaskFromPid returns *uint64, but the kernel's bpf_task_from_pid returns struct task_struct * ($(proto bpf_task_from_pid), $kp: declare it to return *bpfCoreTaskStruct" \
		link kfunc_named_pointer --program integer_result
	check "kfunc: a pointer to a struct of package main where the kernel takes const char *" 1 2 \
		"$kn:32:26: error: argument 1 of bpfKfuncBpfStrcmp is *cgroupInfo, but the kernel's bpf_strcmp takes const char * ($(proto bpf_strcmp), $kp: declare it as a pointer to that type" \
		link kfunc_named_pointer --program other_pointers
	check "kfunc: a pointer to an array of a type of package main where the kernel takes const char *" 1 2 \
		"$kn:32:26: error: argument 2 of bpfKfuncBpfStrcmp is *[2]cgroupInfo, but the kernel's bpf_strcmp takes const char * ($(proto bpf_strcmp), $kp: declare it as a pointer to that type" \
		link kfunc_named_pointer --program other_pointers
else
	skip "kfunc prototype mismatches (kfunc_mismatch): this kernel's BTF has $have of $want_kfuncs"
fi
# kfunc_more: declarations BPF cannot pass (no kernel BTF needed: refused
# before the prototype is compared), one kfunc declared twice, and a kfunc no
# kernel has (a warning: the program may be meant for another kernel).
kmo=kfunc_more/main.go
check "kfunc with six arguments" 1 1 \
	"$kmo:76:29: error: bpfKfuncSixArguments takes 6 arguments; a kfunc call passes at most 5" \
	link kfunc_more --program six_arguments
check "kfunc taking a struct by value" 1 1 \
	"$kmo:86:28: error: argument 1 of bpfKfuncTakesStruct is neither an integer nor a pointer" \
	link kfunc_more --program struct_argument
check "kfunc with two results" 1 1 \
	"$kmo:94:28: error: bpfKfuncTwoResults must return nothing, an integer or a pointer" \
	link kfunc_more --program two_results
check "one kfunc declared twice with different Go prototypes" 1 1 \
	"$kmo:64:20: error: taskFromPid64 (//go:extern bpf_task_from_pid) names the kernel function bpf_task_from_pid, which this program already defines or declares differently" \
	link kfunc_more --program shared_differently
check "a kfunc this machine's kernel lacks: a warning, and the object" 0 0 \
	"$kmo:158:37: warning: bpfKfuncNoSuchKernelFunction: this machine's kernel has no kfunc no_such_kernel_function (/sys/kernel/btf/vmlinux): the program loads only on kernels that have it" \
	"$TINYBPF" link "$TESTDATA/kfunc_more.ll" --program unknown_kfunc -o "$tmp/unknown_kfunc.o"
if [ -s "$tmp/unknown_kfunc.o" ] && bpftool btf dump file "$tmp/unknown_kfunc.o" |
	grep -x "\[[0-9]*\] FUNC 'no_such_kernel_function' type_id=[0-9]* linkage=extern" >/dev/null; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL a kfunc this machine's kernel lacks: no extern FUNC no_such_kernel_function in the object" >&2
fi
rm -f "$tmp/unknown_kfunc.o"
# Two Go declarations of bpf_task_from_pid with one prototype (bpfKfunc… and
# //go:extern), and bpfKfunc_…: one extern declaration each, every call a
# call of it (two relocations a kfunc).
if "$TINYBPF" link "$TESTDATA/kfunc_more.ll" --program shared -o "$tmp/shared.o" 2>"$tmp/stderr" &&
	[ "$(bpftool btf dump file "$tmp/shared.o" | grep -c "FUNC 'bpf_task_from_pid' type_id=[0-9]* linkage=extern")" = 1 ] &&
	[ "$(bpftool btf dump file "$tmp/shared.o" | grep -c "FUNC 'bpf_task_release' type_id=[0-9]* linkage=extern")" = 1 ] &&
	[ "$(llvm-objdump-22 -r "$tmp/shared.o" | grep -cE "R_BPF_64_32 +bpf_task_from_pid$")" = 2 ] &&
	[ "$(llvm-objdump-22 -r "$tmp/shared.o" | grep -cE "R_BPF_64_32 +bpf_task_release$")" = 2 ] &&
	[ ! -s "$tmp/stderr" ]; then
	ok
else
	ko "one kfunc declared twice alike: not one extern with two calls"
fi
rm -f "$tmp/shared.o"
# Prototypes this machine's kernel BTF refuses (Linux 6.18: bool
# bpf_session_is_return(void) is 6.9+; bpf_ct_set_nat_info needs nf_nat built
# in), each quoting the prototype as bpftool's C dump of the BTF writes it.
want_more="bpf_session_is_return bpf_task_from_pid bpf_task_release bpf_cast_to_kern_ctx bpf_ct_set_nat_info"
bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$tmp/vmlinux-more.h" 2>/dev/null
have=$(grep -oE "[a-z_]+\(" "$tmp/vmlinux-more.h" | grep -cxE "($(tr ' ' '|' <<<"$want_more"))\(")
if [ "$have" = 5 ]; then
	kproto() { sed -n "s/^extern \(.*[ *]$1(.*)\) __weak __ksym;\$/\1/p" "$tmp/vmlinux-more.h"; }
	kp="in /sys/kernel/btf/vmlinux); loaders would refuse the object"
	# A Go bool result is the kernel's bool in the extern's BTF: its size,
	# bits and encoding as the kernel's BTF has them, its name as TinyGo's
	# debug info names Go's bool.
	kbool=$(bpftool btf dump file /sys/kernel/btf/vmlinux | sed -n "s/^\[[0-9]*\] INT '_Bool' //p")
	gobool=$(grep -o 'DIBasicType(name: "[a-z]*", size: 8, encoding: DW_ATE_boolean)' "$TESTDATA/kfunc_more.ll" | head -1 | cut -d'"' -f2)
	if "$TINYBPF" link "$TESTDATA/kfunc_more.ll" --program bool_result -o "$tmp/bool.o" 2>"$tmp/stderr" &&
		ret=$(bpftool btf dump file "$tmp/bool.o" | sed -n "s/^\[[0-9]*\] FUNC 'bpf_session_is_return' type_id=\([0-9]*\) linkage=extern\$/\1/p") &&
		rid=$(bpftool btf dump file "$tmp/bool.o" | sed -n "s/^\[$ret\] FUNC_PROTO '(anon)' ret_type_id=\([0-9]*\) vlen=0\$/\1/p") &&
		[ -n "$rid" ] && [ -n "$kbool" ] && [ "$gobool" = bool ] &&
		[ "$(bpftool btf dump file "$tmp/bool.o" | grep "^\[$rid\] ")" = "[$rid] INT '$gobool' $kbool" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAIL a kfunc's bool result: not the kernel's bool ($kbool) in the extern's BTF" >&2
		sed 's/^/  | /' "$tmp/stderr" >&2
		bpftool btf dump file "$tmp/bool.o" 2>&1 | sed 's/^/  | /' >&2
	fi
	rm -f "$tmp/bool.o"
	check "kfunc declared without the result the kernel returns" 1 1 \
		"$kmo:104:21: error: taskFromPidNoResult (//go:extern bpf_task_from_pid) returns nothing, but the kernel's bpf_task_from_pid returns struct task_struct * ($(kproto bpf_task_from_pid), $kp: declare it to return *bpfCoreTaskStruct (a bpfCore struct standing for struct task_struct, docs/core.md)" \
		link kfunc_more --program no_result
	check "kfunc declared with a result where the kernel returns void" 1 1 \
		"$kmo:118:26: error: releaseWithResult (//go:extern bpf_task_release) returns a 32-bit integer, but the kernel's bpf_task_release returns void ($(kproto bpf_task_release), $kp: declare it to return nothing" \
		link kfunc_more --program void_result
	check "kfunc taking unsafe.Pointer where the kernel takes s32" 1 1 \
		"$kmo:127:25: error: argument 1 of taskFromPointer (//go:extern bpf_task_from_pid) is unsafe.Pointer, but the kernel's bpf_task_from_pid takes s32 ($(kproto bpf_task_from_pid), $kp: declare it as an integer" \
		link kfunc_more --program pointer_for_integer
	check "kfunc returning an integer where the kernel returns void *" 1 2 \
		"$kmo:140:28: error: castToKernCtx (//go:extern bpf_cast_to_kern_ctx) returns a 64-bit integer, but the kernel's bpf_cast_to_kern_ctx returns void * ($(kproto bpf_cast_to_kern_ctx), $kp: declare it to return unsafe.Pointer" \
		link kfunc_more --program void_pointers
	check "kfunc taking an integer where the kernel takes void *" 1 2 \
		"$kmo:140:28: error: argument 1 of castToKernCtx (//go:extern bpf_cast_to_kern_ctx) is a 64-bit integer, but the kernel's bpf_cast_to_kern_ctx takes void * ($(kproto bpf_cast_to_kern_ctx), $kp: declare it as unsafe.Pointer" \
		link kfunc_more --program void_pointers
	check "kfunc returning a pointer to a pointer where the kernel returns a struct pointer" 1 1 \
		"$kmo:168:26: error: taskFromPidTwice (//go:extern bpf_task_from_pid) returns **bpfCoreTaskStruct, but the kernel's bpf_task_from_pid returns struct task_struct * ($(kproto bpf_task_from_pid), $kp: declare it to return *bpfCoreTaskStruct (a bpfCore struct standing for struct task_struct, docs/core.md)" \
		link kfunc_more --program double_pointer
	# (arguments 1 and 4 are refused too: a struct pointer, an enum)
	check "kfunc taking an integer where the kernel takes a union pointer" 1 3 \
		"$kmo:150:21: error: argument 2 of ctSetNatInfo (//go:extern bpf_ct_set_nat_info) is a 64-bit integer, but the kernel's bpf_ct_set_nat_info takes union nf_inet_addr * ($(kproto bpf_ct_set_nat_info), $kp: declare it as a pointer to that type" \
		link kfunc_more --program union_argument
else
	skip "kfunc_more's prototypes against the kernel: this kernel's BTF has $have of $want_more"
fi
# Issue 12: what the BPF backend cannot generate, in tinybpf's words at the
# user's line, not LLVM's (and a check inside the standard library, at the
# user's call of it).
check "signed division before BPF v4" 1 1 \
	"bad_backend/main.go:24:17: error: signed division (/ on a signed integer) needs BPF v4 (--cpu v4, Linux 6.6 or later); with --cpu v3, divide unsigned values, e.g. int64(uint64(a) / uint64(b)) when neither is negative" \
	link bad_backend --program signed_division
check "copy of a length known only at run time" 1 1 \
	"bad_backend/main.go:32:6: error: copying a number of bytes known only at run time (copy(), clear(), or a loop the optimiser turned into one) is not supported in BPF programs: copy a constant number of bytes, e.g. copy(dst[:8], src[:8]), or move bytes one at a time in a bounded loop" \
	link bad_backend --program copy_run_time_length
check "a check inside the standard library, at the user's call" 1 1 \
	"bad_backend/main.go:40:41: error: library_bounds can panic here: (binary.littleEndian).Uint32, which it calls here, can panic (index out of range); BPF programs cannot panic: make sure of what (binary.littleEndian).Uint32 needs first (e.g. that a slice is long enough), or choose a return value with --panic-return" \
	link bad_backend --program library_bounds
check "an atomic add whose result is used, with --cpu v2" 1 1 \
	"bad_backend/main.go:46:31: error: an atomic add that uses its result (sync/atomic) needs BPF v3 atomics (--cpu v3, the default: Linux 5.12 or later); --cpu v2 can only add without reading the result" \
	link bad_backend --program atomic_result --cpu v2
check "comparing strings is not building one" 1 1 \
	"bad_backend/main.go:52:22: error: comparing Go strings (==, !=) is not supported in BPF programs: compare bytes: an array with ==, e.g. comm == [16]byte{'b', 'a', 's', 'h'}, or a bounded loop over the bytes" \
	link bad_backend --program compare_strings
check "a compare-and-swap with --cpu v2" 1 1 \
	"bad_backend/main.go:63:32: error: an atomic compare-and-swap (sync/atomic) needs BPF v3 atomics (--cpu v3, the default: Linux 5.12 or later); --cpu v2 has none" \
	link bad_backend --program compare_and_swap --cpu v2
check "an atomic or with --cpu v2, its result unused" 1 1 \
	"bad_backend/main.go:72:17: error: an atomic or (sync/atomic) needs BPF v3 atomics (--cpu v3, the default: Linux 5.12 or later); --cpu v2 can only add without reading the result" \
	link bad_backend --program atomic_or --cpu v2
# What v2 has, an add whose result is unused, builds: BPF's lock add
# (llvm-objdump's reading), which this kernel takes.
if "$TINYBPF" link "$TESTDATA/bad_backend.ll" --program atomic_add --cpu v2 -o "$tmp/add.o" 2>"$tmp/stderr" &&
	llvm-objdump-22 -d "$tmp/add.o" | grep -E "lock \*\(u64 \*\)\(r[0-9]+ \+ 0x0\) \+= r[0-9]+" >/dev/null &&
	"$TINYBPF" verify "$tmp/add.o" 2>&1 | grep -F "atomic_add (xdp): accepted" >/dev/null; then
	ok
else
	ko "an atomic add, its result unused, with --cpu v2: not linked, no lock add, or not accepted"
fi
rm -f "$tmp/add.o"
check "one division inlined twice: one error at its line" 1 1 \
	"bad_backend/main.go:78:11: error: signed division (/ on a signed integer) needs BPF v4 (--cpu v4, Linux 6.6 or later); with --cpu v3, divide unsigned values" \
	link bad_backend --program division_twice
# With v3 atomics (the default) the compare-and-swap is BPF's own, and the kernel takes it.
if "$TINYBPF" link "$TESTDATA/bad_backend.ll" --program compare_and_swap -o "$tmp/cas.o" 2>"$tmp/stderr" &&
	"$TINYBPF" verify "$tmp/cas.o" 2>&1 | grep -F "compare_and_swap (xdp): accepted" >/dev/null; then
	ok
else
	ko "compare-and-swap with --cpu v3: not linked or not accepted"
fi
rm -f "$tmp/cas.o"
# Issue 12: bpfUnroll() (docs/writing-go.md, Loops).
check "bpfUnroll outside a loop" 1 1 \
	"bad_unroll/main.go:15:11: error: bpfUnroll() asks to unroll the loop around it, but it is not inside a loop: call it in the loop's body" \
	link bad_unroll
check "bpfUnroll on a loop of a run-time count" 1 1 \
	"bad_unroll/main.go:25:12: error: this loop asks to be unrolled (bpfUnroll()), but the compiler cannot unroll it: its number of iterations must be a constant it can see, e.g. for i := 0; i < 16; i++ (break may leave it early)" \
	link bad_unroll --program unknown_count
check "bpfUnroll on a loop inlined twice: one error, not one per copy" 1 1 \
	"bad_unroll/main.go:36:12: error: this loop asks to be unrolled (bpfUnroll()), but the compiler cannot unroll it: its number of iterations must be a constant it can see, e.g. for i := 0; i < 16; i++ (break may leave it early)" \
	link bad_unroll --program inlined_twice
check "no section, never the function's name" 1 1 \
	"no_section/main.go:4: error: count_exec has no ELF section" \
	link no_section
check "unknown section" 1 1 "bad_section/main.go:7: error: on_open: section" link bad_section

# Malformed inputs.
: >"$tmp/empty.ll"
printf 'define i32 @f( {\n  ret i32 0\n}\n' >"$tmp/syntax.ll"
llvm-as-22 "$TESTDATA/two_maps.ll" -o "$tmp/full.bc"
head -c 200 "$tmp/full.bc" >"$tmp/truncated.bc"
echo '{ "build": { "programz": {} } }' >"$tmp/typo.json"
check "IR with a syntax error, at its line" 1 1 "syntax.ll: error: not valid LLVM IR: $tmp/syntax.ll:2:3: error: expected type" \
	"$TINYBPF" link "$tmp/syntax.ll" -o "$tmp/out.o"
check "truncated bitcode" 1 - "truncated.bc: error: not valid LLVM bitcode" \
	"$TINYBPF" link "$tmp/truncated.bc" -o "$tmp/out.o"
check "empty file" 1 1 "error: no BPF program found" "$TINYBPF" link "$tmp/empty.ll" -o "$tmp/out.o"
check "no inputs" 1 1 "error: no input files" "$TINYBPF" link -o "$tmp/out.o"
check "unknown tinybpf.json key" 1 1 "typo.json:1:14: error: unknown key \"build.programz\" (known: output, cpu, license, programs)" \
	link two_maps --config "$tmp/typo.json"
check "the packet intrinsic declared with another signature" 1 1 \
	"tests/testdata/bad_packet_intrinsic/main.go:14:17: error: tinybpf_packet_header is the SDK's packet intrinsic: declare it as func(data, end, off, size uintptr) unsafe.Pointer, or import github.com/tinybpf/tinybpf/bpf" \
	link bad_packet_intrinsic
check "--program naming nothing" 1 1 "error: no //export function named nosuch (asked for with --program)" \
	link two_maps --program nosuch

# Hostile inputs (issue 16): never a crash, always the input's name, exit 1.
# A module with debug info that fails LLVM's verifier: LLVM's own parser
# aborts on it ("Broken module found"); as bitcode too.
printf 'define i32 @f() {\n  %%x = add i32 %%x, 2\n  ret i32 %%x\n}\n!llvm.module.flags = !{!0}\n!0 = !{i32 2, !"Debug Info Version", i32 3}\n' >"$tmp/broken.ll"
llvm-as-22 -disable-verify "$tmp/broken.ll" -o "$tmp/broken.bc"
check "IR that fails LLVM's verifier" 1 1 \
	"broken.ll: error: not valid LLVM IR: the module is invalid: Only PHI nodes may reference their own value! (%x = add i32 %x, 2)" \
	"$TINYBPF" link "$tmp/broken.ll" -o "$tmp/out.o"
check "bitcode that fails LLVM's verifier" 1 1 \
	"broken.bc: error: not valid LLVM bitcode: LLVM: Broken module found, compilation aborted!" \
	"$TINYBPF" link "$tmp/broken.bc" -o "$tmp/out.o"
# Bitcode on which LLVM's bitcode reader segfaults (two_maps, 6 bytes
# changed; tests/fuzz/regressions), alone, in an ELF .llvmbc, in an archive.
segv=tests/fuzz/regressions/load_inputs/bitreader-segv.bc
cc -c -x c /dev/null -o "$tmp/empty.o"
llvm-objcopy-22 --add-section .llvmbc="$segv" "$tmp/empty.o" "$tmp/segv.o"
llvm-ar-22 rc "$tmp/segv.a" "$tmp/segv.o"
# It crashes the child that reads it: no core file either (ulimit -c
# unlimited; the kernel's core_pattern here is "core", in the working
# directory; AddressSanitizer turns core files off unless told not to).
mkdir -p "$tmp/segv-cwd"
check "bitcode that crashes LLVM's reader" 1 1 \
	"bitreader-segv.bc: error: not valid LLVM bitcode: LLVM's bitcode reader crashed (SIGSEGV)" \
	env ASAN_OPTIONS="${ASAN_OPTIONS:-}:disable_coredump=0" \
	sh -c 'cd "$1" && ulimit -c unlimited && exec "$2" link "$3" -o "$4"' sh "$tmp/segv-cwd" "$TINYBPF" "$PWD/$segv" "$tmp/out.o"
if [ -z "$(ls -A "$tmp/segv-cwd")" ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL the crashed bitcode reader left $(ls -A "$tmp/segv-cwd")" >&2; fi
check "the same in an ELF object's .llvmbc" 1 1 \
	"segv.o: error: not valid LLVM bitcode: LLVM's bitcode reader crashed (SIGSEGV)" \
	"$TINYBPF" link "$tmp/segv.o" -o "$tmp/out.o"
check "the same in an archive" 1 1 \
	"segv.a(segv.o): error: not valid LLVM bitcode: LLVM's bitcode reader crashed (SIGSEGV)" \
	"$TINYBPF" link "$tmp/segv.a" -o "$tmp/out.o"
# An archive with no member (ar's 8-byte magic alone, as llvm-ar writes it
# for no files), and one whose member is an ELF object with no bitcode.
llvm-ar-22 rc "$tmp/none.a"
check "an empty archive" 1 1 "none.a: error: an empty archive" "$TINYBPF" link "$tmp/none.a" -o "$tmp/out.o"
llvm-ar-22 rc "$tmp/plain.a" "$tmp/empty.o"
check "an archive of an object without bitcode" 1 1 \
	"plain.a(empty.o): error: an ELF object without LLVM bitcode (.llvmbc): compile with -fembed-bitcode, or pass the .ll/.bc" \
	"$TINYBPF" link "$tmp/plain.a" -o "$tmp/out.o"
check "an input that is not a regular file" 1 1 "/dev/zero: error: cannot read input: not a regular file" \
	"$TINYBPF" link /dev/zero -o "$tmp/out.o"
mkfifo "$tmp/fifo"
check "a FIFO, without waiting for a writer" 1 1 "fifo: error: cannot read input: not a regular file" \
	timeout 10 "$TINYBPF" link "$tmp/fifo" -o "$tmp/out.o"
# What the BPF backend cannot select is a fatal error in LLVM: located at the
# instruction's Go line, and no core file (ulimit -c unlimited; the kernel's
# core_pattern here is "core", in the working directory). Hand-written IR:
# Go has no atomic NAND.
mkdir -p "$tmp/cwd"
sed 's/^\t//' >"$tmp/nand.ll" <<'EOF'
	@g = global i64 0
	define i64 @f() !dbg !5 {
	  %v = atomicrmw nand ptr @g, i64 1 seq_cst, !dbg !8
	  ret i64 0, !dbg !8
	}
	!llvm.dbg.cu = !{!2}
	!llvm.module.flags = !{!0}
	!0 = !{i32 2, !"Debug Info Version", i32 3}
	!1 = !DIFile(filename: "main.go", directory: "nand")
	!2 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", emissionKind: FullDebug)
	!5 = distinct !DISubprogram(name: "main.f", linkageName: "f", scope: !1, file: !1, line: 3, type: !6, spFlags: DISPFlagDefinition, unit: !2)
	!6 = !DISubroutineType(types: !7)
	!7 = !{}
	!8 = !DILocation(line: 12, column: 5, scope: !5)
EOF
check "Cannot select, at the Go line of the instruction" 1 1 \
	"nand/main.go:12:5: error: BPF code generation failed: the BPF backend has no instruction for AtomicLoadNand here (LLVM: Cannot select)" \
	env ASAN_OPTIONS="${ASAN_OPTIONS:-}:disable_coredump=0" \
	sh -c 'cd "$1" && ulimit -c unlimited && exec "$2" link --no-cache "$3" -o "$4" --section f=xdp' sh "$tmp/cwd" "$TINYBPF" "$tmp/nand.ll" "$tmp/out.o"
if [ -z "$(ls -A "$tmp/cwd")" ]; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL a crashed code generation left $(ls -A "$tmp/cwd")" >&2; fi
# The same instruction without a location of its own: the error is at its function's line.
sed 's/, !dbg !8$//; s/seq_cst, !dbg !8/seq_cst/' "$tmp/nand.ll" >"$tmp/nand-noloc.ll"
check "Cannot select, an instruction without a location: at its function's line" 1 1 \
	"nand/main.go:3: error: BPF code generation failed: the BPF backend has no instruction for AtomicLoadNand here (LLVM: Cannot select)" \
	"$TINYBPF" link --no-cache "$tmp/nand-noloc.ll" -o "$tmp/out.o" --section f=xdp
# The same from real TinyGo output: sync/atomic.LoadUint64 is a seq_cst load,
# which BPF has not. The error is at the load, inlined from sync/atomic; a
# note names the program's line.
# LLVM says the seq_cst error twice (once per attempt to lower the load): once here.
check "Cannot select in Go: the load, and the program's line" 1 2 \
	"bad_atomic_load/main.go:17:22: note: called from here" link bad_atomic_load
check "Cannot select in Go: LLVM's own error, once" 1 2 \
	"atomic/doc_64.go:93:6: error: in function count i32 (ptr): sequentially consistent (seq_cst) atomic load/store is not supported" \
	link bad_atomic_load
check "Cannot select in Go: the error" 1 2 \
	"atomic/doc_64.go:93:6: error: BPF code generation failed: the BPF backend has no instruction for AtomicLoad here (LLVM: Cannot select)" \
	link bad_atomic_load

# A runtime function that can panic, left whole (noinline) and called by the
# program and by another runtime function: the error is at the program's
# call, and the runtime's own call of it is no user line to report.
# Hand-written IR.
sed 's/^\t//' >"$tmp/panic_outside.ll" <<'EOF'
	define i32 @prog(ptr %ctx) !dbg !5 {
	  %v = load i32, ptr %ctx, align 4, !dbg !20
	  %a = call i32 @runtime.foo(i32 %v), !dbg !20
	  %b = call i32 @runtime.bar(i32 %v), !dbg !21
	  %s = add i32 %a, %b, !dbg !21
	  ret i32 %s, !dbg !21
	}
	define internal i32 @runtime.bar(i32 %x) #0 !dbg !10 {
	  %r = call i32 @runtime.foo(i32 %x), !dbg !22
	  %r2 = add i32 %r, 1, !dbg !22
	  ret i32 %r2, !dbg !22
	}
	define internal i32 @runtime.foo(i32 %i) #0 !dbg !11 {
	  %c = icmp ugt i32 %i, 7, !dbg !23
	  br i1 %c, label %panic, label %ok, !dbg !23
	panic:
	  call void @runtime.lookupPanic(ptr undef), !dbg !23
	  unreachable
	ok:
	  ret i32 %i, !dbg !23
	}
	declare void @runtime.lookupPanic(ptr)
	attributes #0 = { noinline }
	!llvm.dbg.cu = !{!2}
	!llvm.module.flags = !{!0}
	!0 = !{i32 2, !"Debug Info Version", i32 3}
	!1 = !DIFile(filename: "main.go", directory: "pan")
	!3 = !DIFile(filename: "slice.go", directory: "/tinygo/src/runtime")
	!2 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", emissionKind: FullDebug)
	!5 = distinct !DISubprogram(name: "main.prog", linkageName: "prog", scope: !1, file: !1, line: 3, type: !6, spFlags: DISPFlagDefinition, unit: !2)
	!6 = !DISubroutineType(types: !7)
	!7 = !{}
	!10 = distinct !DISubprogram(name: "runtime.bar", linkageName: "runtime.bar", scope: !3, file: !3, line: 20, type: !6, spFlags: DISPFlagDefinition, unit: !2)
	!11 = distinct !DISubprogram(name: "runtime.foo", linkageName: "runtime.foo", scope: !3, file: !3, line: 30, type: !6, spFlags: DISPFlagDefinition, unit: !2)
	!20 = !DILocation(line: 5, column: 7, scope: !5)
	!21 = !DILocation(line: 6, column: 7, scope: !5)
	!22 = !DILocation(line: 21, column: 3, scope: !10)
	!23 = !DILocation(line: 31, column: 3, scope: !11)
EOF
check "a panic in a runtime function: at the program's call" 1 1 \
	"pan/main.go:5:7: error: prog can panic here: runtime.foo, which it calls here, can panic (index out of range)" \
	"$TINYBPF" link --no-cache "$tmp/panic_outside.ll" -o "$tmp/out.o" --section prog=xdp

# tinybpf.json, read strictly: each error at its line and column.
config_case() { # name, file contents (printf format), expected message
	printf "$2" >"$tmp/cfg.json"
	check "tinybpf.json: $1" 1 1 "cfg.json:$3" link two_maps --config "$tmp/cfg.json"
}
config_case "top level an array (segfaulted)" '[]' '1:1: error: the settings must be an object, { "build": { ... } }, not an array'
config_case "top level a string (segfaulted)" '"x"' '1:1: error: the settings must be an object, { "build": { ... } }, not a string'
config_case "top level a number" '1' '1:1: error: the settings must be an object, { "build": { ... } }, not a number'
config_case "top level true" 'true' '1:1: error: the settings must be an object, { "build": { ... } }, not a boolean'
config_case "trailing garbage" '{"build": {}} x' "1:15: error: 'x' after the JSON document: a file holds one document"
config_case "a second document" '{"build": {}}\n{"build": {}}\n' "2:1: error: '{' after the JSON document: a file holds one document"
config_case "a comment" '{\n  // the output\n  "build": {}\n}' '2:3: error: a comment: JSON has none'
config_case "a duplicate key" '{"build": {\n  "cpu": "v3",\n  "cpu": "v2"\n}}' '3:3: error: the key "cpu" appears twice in this object (first at line 2)'
config_case "an escaped NUL" '{"build": {"output": "x\\u0000.o"}}' '1:24: error: \u0000 (NUL) is not allowed in a string'
config_case "a raw NUL" '{"build": {"output": "x\0.o"}}' '1:24: error: a NUL byte inside a string (escape it)'
config_case "a trailing comma" '{"build": {"cpu": "v3",}}' "1:24: error: '}' where a key (no comma after the last member) should be"
config_case "cut short" '{"build": {"cpu": "v3"' "1:23: error: the file ends where ',' or '}' should be"
config_case "invalid UTF-8" '{"build": {"output": "\xff.o"}}' '1:23: error: invalid UTF-8 in a string'
config_case "past U+10FFFF (f4 90 80 80)" '{"build": {"output": "\xf4\x90\x80\x80.o"}}' '1:23: error: invalid UTF-8 in a string'
config_case "a lone low surrogate" '{"build": {"output": "\\udc00.o"}}' '1:23: error: a \u escape of a lone surrogate'
config_case "two low surrogates (a low one never starts a pair)" '{"build": {"output": "\\udc00\\udc00.o"}}' '1:23: error: a \u escape of a lone surrogate'
config_case "cut short after a surrogate pair" '{"build": {"output": "\\ud834\\udd1e' '1:22: error: a string that does not end'
config_case "only a byte order mark" '\xef\xbb\xbf' '1:1: error: the file ends where a value should be'
config_case "a backslash, then the file's last byte" '{"build": {"license": "GPL\\}' "1:27: error: unknown escape \\'}' in a string"
config_case "cpu probe" '{"build": {"cpu": "probe"}}' '1:19: error: build.cpu is "probe"; it must be v1, v2, v3 or v4'
config_case "an empty license" '{"build": {"license": ""}}' '1:23: error: build.license must not be empty'
config_case "a number for a section" '{"build": {"programs": {"count_packets": 1}}}' '1:42: error: build.programs.count_packets must be a string, not a number'
config_case "build not an object" '{"build": []}' '1:11: error: build must be an object, not an array'
config_case "an array of two for a string" '{"build": {"license": ["GPL", "MIT"]}}' '1:23: error: build.license must be a string, not an array'
check "tinybpf.json that is /dev/zero" 1 1 "/dev/zero: error: cannot read it: not a regular file" \
	link two_maps --config /dev/zero

# generate and verify on objects that are not ours.
check "generate on /dev/zero (was read until memory ran out)" 1 1 "/dev/zero: error: cannot read it: not a regular file" \
	"$TINYBPF" generate /dev/zero -o "$tmp/out.o.go"
check "verify on /dev/zero" 1 1 "/dev/zero: error: cannot open it as a BPF object: not a regular file" \
	"$TINYBPF" verify /dev/zero
# An object with BTF but no program or map: qsort() got NULL (UBSan).
echo 'char _license[] __attribute__((section("license"))) = "GPL";' >"$tmp/nomaps.c"
clang-22 -target bpf -g -O2 -c "$tmp/nomaps.c" -o "$tmp/nomaps.o"
if "$TINYBPF" generate "$tmp/nomaps.o" -o "$tmp/nomaps_bpf.go" -p nomaps 2>"$tmp/stderr" &&
	grep -q "^package nomaps$" "$tmp/nomaps_bpf.go"; then pass=$((pass + 1)); else
	fail=$((fail + 1)); echo "FAIL generate on an object without programs or maps" >&2; sed 's/^/  | /' "$tmp/stderr" >&2; fi
# Two types that C keeps apart (a typedef of an anonymous struct, and a struct
# tag) and Go cannot: both named foo; one error, exit 1, no loader.
printf 'typedef struct { int x; } foo;\nstruct foo { long y; };\nfoo a;\nstruct foo b;\n' >"$tmp/dupname.c"
clang-22 -target bpf -g -O2 -c "$tmp/dupname.c" -o "$tmp/dupname.o"
ids=$(bpftool btf dump file "$tmp/dupname.o" | awk '/TYPEDEF .foo. / { sub("type_id=", "", $4); a = $4 } /STRUCT .foo. / { gsub(/[][]/, "", $1); b = $1 } END { print a " and " b }')
check "generate: two types named foo" 1 1 "error: two different BTF types are named foo (ids $ids)" \
	"$TINYBPF" generate "$tmp/dupname.o" -o "$tmp/out.o.go" -p dupname
# --type naming a function: BTF_KIND_FUNC (its number from the UAPI header)
# has no userspace representation; one error, no loader.
"$TINYBPF" link "$TESTDATA/two_maps.ll" -o "$tmp/two.o"
func_kind=$(sed -n '/BTF_KIND_FUNC[[:space:]]*=/s/.*=[[:space:]]*\([0-9]*\).*/\1/p' /usr/include/linux/btf.h)
check "generate --type of a function" 1 1 "error: count_packets: BTF kind $func_kind has no userspace representation" \
	"$TINYBPF" generate "$tmp/two.o" -o "$tmp/out.o.go" --type count_packets
rm -f "$tmp/two.o"
# .BTF whose magic is broken: libbpf drops it when nothing needs it, and the
# verdicts are no longer the object's own.
"$TINYBPF" link "$TESTDATA/verify_reject.ll" -o "$tmp/badbtf.o"
btf_offset=$(llvm-readelf-22 -S -W "$tmp/badbtf.o" | awk '$2 == ".BTF" { print $5 } $3 == ".BTF" { print $6 }')
printf '\0' | dd of="$tmp/badbtf.o" bs=1 seek=$((16#$btf_offset)) conv=notrunc status=none
check "verify warns when libbpf dropped the BTF" 1 0 \
	"badbtf.o: warning: libbpf dropped the object's BTF, which it cannot parse (Error loading ELF section .BTF: -22.); the verdicts below are for the object without BTF" \
	"$TINYBPF" verify "$tmp/badbtf.o"
rm -f "$tmp/badbtf.o"

# Command lines: usage errors exit 2.
check "--panic-return past 64 bits (was -1)" 2 0 \
	"tinybpf: --panic-return takes a number from -2147483648 to 2147483647, got '99999999999999999999999'" \
	link index_panic --panic-return 99999999999999999999999
check "--panic-return past 32 bits (was 0)" 2 0 \
	"tinybpf: --panic-return takes a number from -2147483648 to 2147483647, got '4294967296'" \
	link index_panic --panic-return 4294967296
check "--cpu probe" 2 0 "tinybpf: --cpu takes v1, v2, v3 or v4, got 'probe'" link two_maps --cpu probe
check "an empty --license" 2 0 "tinybpf: --license takes a non-empty value" link two_maps --license ''
check "-j with a space" 2 0 "tinybpf: -j takes a number from 1 to 256, got ' 3'" link two_maps -j ' 3'
check "-j 257" 2 0 "tinybpf: -j takes a number from 1 to 256, got '257'" link two_maps -j 257
check "an empty -o" 2 0 "tinybpf: -o takes a non-empty value" "$TINYBPF" link "$TESTDATA/two_maps.ll" -o ''
check "version with an argument" 2 0 "usage: tinybpf version (it takes no arguments)" "$TINYBPF" version extra
check "help for a command that does not exist" 2 0 "tinybpf: unknown command 'nosuch'" "$TINYBPF" help nosuch
check "cache with an unknown action" 2 0 "tinybpf: cache takes stats, clean or dir, got 'purge'" "$TINYBPF" cache purge
check "generate --lang rust" 2 0 "tinybpf: --lang takes go or c, got 'rust'" "$TINYBPF" generate --lang rust x.o
check "generate with an empty --package" 2 0 "tinybpf: --package takes a non-empty value" "$TINYBPF" generate -p '' x.o
check "-o a directory (was: Device or resource busy)" 1 1 \
	".: error: is a directory: the output must name the object file to write" \
	sh -c 'cd "$1" && exec "$2" link "$3" -o .' sh "$tmp" "$TINYBPF" "$TESTDATA/two_maps.ll"
# No file can be made beside the output (/proc takes none, even from root):
# a failure, not an exit 0 after the error.
check "-o where no file can be made" 1 1 \
	"/proc/tinybpf-bad-input.o: error: cannot write: No such file or directory" \
	"$TINYBPF" link "$TESTDATA/two_maps.ll" -o /proc/tinybpf-bad-input.o
check "--panic-return without a number" 2 0 "tinybpf: --panic-return takes a number from -2147483648 to 2147483647, got 'abc'" \
	link two_maps --panic-return abc
check "--section without =" 2 0 "tinybpf: --section takes FUNCTION=SECTION, got 'count_packets'" \
	link two_maps --section count_packets
check "build with two packages" 2 0 "tinybpf build: expected one Go package" \
	"$TINYBPF" build -o "$tmp/out.o" ./a ./b
check "build takes no -i" 2 0 "usage: tinybpf build" "$TINYBPF" build -i x.ll -o "$tmp/out.o" ./a

# Not bad input, but the same refusal's other side (core.c): a bpfCore stub's
# first field, read at offset 0 (at -opt=1 through the pointer itself, with no
# field address), still carries its CO-RE relocation; libbpf (bpftool -d prints its debug log)
# patches the load to task_struct.pid's offset in this kernel's BTF.
pid_bits=$(bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null |
	awk '/STRUCT .task_struct. size/ { f = 1; next } f && /^\[/ { exit } f' |
	sed -n "s/^[[:space:]]*'pid' type_id=[0-9]* bits_offset=\([0-9]*\)\$/\1/p")
pin=/sys/fs/bpf/tinybpf-bad-input-$$
for first in core_first_field core_first_field.opt1; do
	if [ -n "$pid_bits" ] && "$TINYBPF" link "$TESTDATA/$first.ll" -o "$tmp/first.o" 2>"$tmp/stderr" &&
		bpftool -d prog load "$tmp/first.o" "$pin" >"$tmp/load.out" 2>&1 &&
		grep -q "relo #0: patched insn #[0-9]* (LDX/ST/STX) off 0 -> $((pid_bits / 8))\$" "$tmp/load.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL a bpfCore stub's first field ($first): no CO-RE relocation to task_struct.pid (bits_offset ${pid_bits:-?})" >&2
		cat "$tmp/stderr" "$tmp/load.out" 2>/dev/null | grep -v '^libbpf: \(elf\|sec\|map\)' | tail -15 | sed 's/^/  | /' >&2
	fi
	rm -f "$pin"
done

echo "bad-input: $pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
