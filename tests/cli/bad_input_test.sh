#!/usr/bin/env bash
# The bad-input corpus: Go that BPF cannot run (tests/testdata/bad_* and
# older cases), malformed inputs and wrong command lines. Each row states the
# exit code, the exact error (with the Go file:line where there is one), how
# many errors there are, and checks that no output file is left behind.
# Needs $TINYBPF and $TESTDATA (TinyGo IR of tests/testdata, built by make
# test); cases TinyGo itself refuses go through `tinybpf build`.
set -uo pipefail
cd "$(dirname "$0")/../.."
pass=0 fail=0
tmp=$(mktemp -d)
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
check "interface method call" 1 1 \
	"bad_interface/main.go:22:21: error: a method call or type assertion through an interface is not supported in BPF programs: use the concrete type" \
	link bad_interface
check "Go map" 1 1 \
	"bad_go_map/main.go:9:27: error: a Go map is not supported in BPF programs: use a BPF map (a bpfMapDef variable)" \
	link bad_go_map
check "goroutine (refused by TinyGo)" 1 1 \
	"bad_goroutine/main.go:13:2: attempted to start a goroutine without a scheduler" \
	build bad_goroutine
check "floating point, on both lines" 1 2 \
	"bad_float/main.go:10:14: error: floating-point arithmetic is not supported in BPF programs: use integers (e.g. fixed-point)" \
	link bad_float
check "recursion, at both calls" 1 2 \
	"bad_recursion/main.go:11:23: error: main.fib calls main.fib, which is already running (recursion): BPF programs cannot recurse; use a bounded loop" \
	link bad_recursion
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
check "nil check shared with a safe one: the unsafe line, the pointer's origin" 1 2 \
	"bad_nil_checks/main.go:35:4: error: shared_block can panic here (nil pointer dereference): b may be nil: it is the result of bpfMapLookupElem (tests/testdata/bad_nil_checks/main.go:30:30), which returns nil when the key is absent; BPF programs cannot panic: test it first, e.g. if b == nil { return 0 }, or choose a return value with --panic-return" \
	link bad_nil_checks
check "tested pointer whose address went to a helper: read again after the call" 1 2 \
	"bad_nil_checks/main.go:48:4: error: reloaded can panic here (nil pointer dereference): r may be nil: its address went to bpfGetCurrentComm (tests/testdata/bad_nil_checks/main.go:47:19), which may have changed it, so it is read again from memory here; BPF programs cannot panic: test it again after that call, or pass the address of a copy, or choose a return value with --panic-return" \
	link bad_nil_checks
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
# Issue 12: a local whose address outlives the call cannot live on the stack.
check "address of a local in a package variable" 1 5 \
	"bad_escape/main.go:27:2: error: the address of x is stored in the package variable saved, where it outlives the call of to_global; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape
check "address of a local in a map value" 1 5 \
	"bad_escape/main.go:38:5: error: the address of x is stored in a BPF map value (from bpf_map_lookup_elem), where it outlives the call of to_map_value; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape
check "address of a local copied into a map" 1 5 \
	"bad_escape/main.go:49:18: error: the address of x is copied into a BPF map (by bpf_map_update_elem), where it outlives the call of copied_to_map; BPF programs keep variables on the stack, which ends with the call: store or copy the value, not its address" \
	link bad_escape
check "address of a local kept by a function it is passed to" 1 5 \
	"bad_escape/main.go:60:6: note: x's address is passed to keep here" \
	link bad_escape
check "address of a local returned" 1 5 \
	"bad_escape/main.go:67:2: error: the address of n is returned, where it outlives the call of newCounter; BPF programs keep variables on the stack, which ends with the call: return the value, not its address" \
	link bad_escape
check "package init code, which BPF never runs" 1 1 \
	"bad_package_init/main.go:12:5: error: format is initialised by code Go runs at program start (package init), which BPF programs never run" \
	link bad_package_init
check "helper with the wrong argument count" 1 1 \
	"helper_args/main.go:11:32: error: bpfGetCurrentComm declares 1 argument, but bpf_get_current_comm takes 2" \
	link helper_args
check "//go:extern and the Go name name different helpers" 1 1 \
	"bad_go_extern/main.go:13:21: error: bpfProbeReadUserStr is declared with //go:extern bpf_probe_read_kernel_str, but its Go name says bpf_probe_read_user_str (helper 114): the two disagree; rename the function or drop //go:extern" \
	link bad_go_extern
check "//go:extern and the Go name name different kfuncs" 1 1 \
	"bad_go_extern_kfunc/main.go:19:32: error: bpfKfuncBpfTaskFromPid is declared with //go:extern bpf_task_acquire, but its Go name says the kfunc bpf_task_from_pid: the two disagree; rename the function or drop //go:extern" \
	link bad_go_extern_kfunc
# Issue 12: kfunc prototypes against this machine's kernel BTF (every test
# machine has /sys/kernel/btf/vmlinux), naming the Go declaration.
check "kfunc returning unsafe.Pointer where the kernel returns struct task_struct *" 1 2 \
	"kfunc_void_pointer/main.go:16:32: error: bpfKfuncBpfTaskFromPid returns unsafe.Pointer, but the kernel's bpf_task_from_pid returns struct task_struct * (struct task_struct *bpf_task_from_pid(s32 pid), in /sys/kernel/btf/vmlinux); loaders would refuse the object: declare it to return *bpfCoreTaskStruct (a bpfCore struct standing for struct task_struct, docs/core.md)" \
	link kfunc_void_pointer
check "kfunc taking unsafe.Pointer where the kernel takes struct task_struct *" 1 2 \
	"kfunc_void_pointer/main.go:20:24: error: argument 1 of bpfKfuncBpfTaskRelease is unsafe.Pointer, but the kernel's bpf_task_release takes struct task_struct * (void bpf_task_release(struct task_struct *p), in /sys/kernel/btf/vmlinux); loaders would refuse the object: declare it as *bpfCoreTaskStruct (a bpfCore struct standing for struct task_struct, docs/core.md)" \
	link kfunc_void_pointer
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
# Issue 12: bpfUnroll() (docs/writing-go.md, Loops).
check "bpfUnroll outside a loop" 1 1 \
	"bad_unroll/main.go:15:11: error: bpfUnroll() asks to unroll the loop around it, but it is not inside a loop: call it in the loop's body" \
	link bad_unroll
check "bpfUnroll on a loop of a run-time count" 1 1 \
	"bad_unroll/main.go:25:12: error: this loop asks to be unrolled (bpfUnroll()), but the compiler cannot unroll it: its number of iterations must be a constant it can see, e.g. for i := 0; i < 16; i++ (break may leave it early)" \
	link bad_unroll --program unknown_count
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
check "unknown tinybpf.json key" 1 1 "typo.json: error: unknown key \"build.programz\"" \
	link two_maps --config "$tmp/typo.json"
check "--program naming nothing" 1 1 "error: no //export function named nosuch (asked for with --program)" \
	link two_maps --program nosuch

# Command lines: usage errors exit 2.
check "--panic-return without a number" 2 0 "tinybpf: --panic-return takes a number, got 'abc'" \
	link two_maps --panic-return abc
check "--section without =" 2 0 "tinybpf: --section takes FUNCTION=SECTION, got 'count_packets'" \
	link two_maps --section count_packets
check "build with two packages" 2 0 "tinybpf build: expected one Go package" \
	"$TINYBPF" build -o "$tmp/out.o" ./a ./b
check "build takes no -i" 2 0 "usage: tinybpf build" "$TINYBPF" build -i x.ll -o "$tmp/out.o" ./a

echo "bad-input: $pass passed, $fail failed"
[ "$fail" = 0 ]
