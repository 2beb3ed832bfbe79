#!/usr/bin/env bash
# tinybpf verify on the running kernel, as a user meets it: verdicts per
# program, the Go line of a rejection, JSON, exit codes. Needs root, $TINYBPF,
# $TESTDATA (TinyGo IR of tests/testdata) and $TINYBPF_OPENAT_OBJ.
set -uo pipefail
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"

"$TINYBPF" link -i "$TESTDATA/verify_reject.ll" -o "$tmp/reject.o" &&
	"$TINYBPF" link -i "$TESTDATA/verify_refused.ll" -o "$tmp/refused.o" ||
	{ echo "verify: cannot link the test programs" >&2; exit 1; }

has() { grep -qxF -- "$1" "$tmp/out" || { echo "missing line: $1" >&2; false; }; }

check "the example's program is accepted" 0 \
	"trace_openat (tracepoint/syscalls/sys_enter_openat): accepted, " "$TINYBPF" verify -i "$TINYBPF_OPENAT_OBJ"
expect "one program" has "1 program: 1 accepted, 0 rejected, 0 refused by this kernel"

# The report docs/troubleshooting.md shows.
check "a rejection exits 1 and names the Go line" 1 \
	"  verify_reject/main.go:41: R1 offset is outside of the packet" "$TINYBPF" verify -i "$tmp/reject.o"
expect "accepted beside rejected" grep -qE '^ethertype_checked \(xdp\): accepted, [0-9]+ instructions$' "$tmp/out"
expect "rejected" has "first_byte_unchecked (xdp): rejected"
expect "the verifier's first words" has "    invalid access to packet, off=0 size=1, R1(id=0,off=0,r=0)"
expect "the log names the object's Go file" grep -qE '^    ; .* @ verify_reject/main.go:41$' "$tmp/out"
expect "a helper overfilling a buffer" has "  verify_reject/main.go:53: invalid write to stack R1 off=-16 size=64"
expect "the summary" has "3 programs: 1 accepted, 2 rejected, 0 refused by this kernel"

# A file name the object holds whole, with no directory ("main.go": a DIFile
# with an empty directory keeps its name), is the kernel's name as it is,
# even beside "x/main.go", which ends with it: the same IR, with its Go file's
# directory emptied and ethertype_checked moved to a file x/main.go.
n=$(sed -n 's/^!\([0-9]*\) = !DIFile(filename: "main.go", directory: "[^"]*\/verify_reject")$/\1/p' "$TESTDATA/verify_reject.ll")
m=$(($(sed -n 's/^!\([0-9]*\) = .*/\1/p' "$TESTDATA/verify_reject.ll" | sort -n | tail -1) + 1))
sed -e "s|^!$n = !DIFile(filename: \"main.go\", directory: \"[^\"]*\")\$|!$n = !DIFile(filename: \"main.go\", directory: \"\")|" \
	-e "/DISubprogram(name: \"main.ethertype_checked\"/s|scope: !$n, file: !$n,|scope: !$m, file: !$m,|" \
	"$TESTDATA/verify_reject.ll" >"$tmp/two_files.ll" &&
	echo "!$m = !DIFile(filename: \"x/main.go\", directory: \"\")" >>"$tmp/two_files.ll" &&
	"$TINYBPF" link -i "$tmp/two_files.ll" -o "$tmp/two_files.o" &&
	strings "$tmp/two_files.o" | grep -qx "x/main.go" ||
	{ echo "verify: cannot make the two-file object" >&2; exit 1; }
check "a file name without a directory, beside one that ends with it" 1 \
	"  main.go:41: R1 offset is outside of the packet" "$TINYBPF" verify "$tmp/two_files.o"
expect "the whole name, not the longer one" has "  main.go:41: R1 offset is outside of the packet"

# Two files of the object with the base name the kernel shows (main.go, in
# two directories): which one the kernel means cannot be told, so the name
# stays as the kernel shows it. The same IR, ethertype_checked moved to a
# main.go of another directory.
sed -e "/DISubprogram(name: \"main.ethertype_checked\"/s|scope: !$n, file: !$n,|scope: !$m, file: !$m,|" \
	"$TESTDATA/verify_reject.ll" >"$tmp/same_base.ll" &&
	echo "!$m = !DIFile(filename: \"main.go\", directory: \"/nonexistent/other\")" >>"$tmp/same_base.ll" &&
	"$TINYBPF" link -i "$tmp/same_base.ll" -o "$tmp/same_base.o" ||
	{ echo "verify: cannot make the object with two main.go" >&2; exit 1; }
check "two files with the base name the kernel shows" 1 \
	"  main.go:41: R1 offset is outside of the packet" "$TINYBPF" verify "$tmp/same_base.o"
expect "the kernel's name, not either file's" has "  main.go:41: R1 offset is outside of the packet"

check "--json" 1 "" "$TINYBPF" verify --json "$tmp/reject.o"
expect "--json fields" jq -e '
	.object == "'"$tmp/reject.o"'" and .accepted == 1 and .rejected == 2 and .refused == 0 and
	(.programs | length) == 3 and
	(.programs[] | select(.name == "first_byte_unchecked") |
		.verdict == "rejected" and .type == "xdp" and .section == "xdp" and
		.file == "verify_reject/main.go" and .line == 41 and
		.message == "R1 offset is outside of the packet" and (.log | contains("@ verify_reject/main.go:41"))) and
	(.programs[] | select(.name == "ethertype_checked") | .verdict == "accepted" and .instructions > 0)' "$tmp/out" >/dev/null

# Whether this kernel loads tracing programs, as bpftool sees it (the test
# host does not: fentry is refused with EPERM).
bpftool feature probe kernel >"$tmp/features" 2>/dev/null
if grep -q "program_type tracing is NOT available" "$tmp/features"; then
	check "fentry on a kernel that refuses tracing programs: not a rejection" 0 \
		"unlink_entry (fentry/do_unlinkat): refused by this kernel (type tracing): not verified" \
		"$TINYBPF" verify "$tmp/refused.o"
	expect "libbpf's reason" has "  prog 'unlink_entry': BPF program load failed: Operation not permitted"
	expect "the summary" has "2 programs: 1 accepted, 0 rejected, 1 refused by this kernel"
	check "--json: refused" 0 "" "$TINYBPF" verify -j "$tmp/refused.o"
	expect "--json refused fields" jq -e '.refused == 1 and
		(.programs[] | select(.name == "unlink_entry") | .verdict == "refused" and .type == "tracing")' "$tmp/out" >/dev/null
else
	check "fentry where tracing programs load" 0 "2 programs: 2 accepted, 0 rejected, 0 refused" \
		"$TINYBPF" verify "$tmp/refused.o"
fi

# Issue 12: verify tells the truth.
# Sections newer than libbpf 1.1 (tc/ingress, tcx/egress: sched_cls) and than
# the linked libbpf 1.4 (kprobe.session, uprobe.session: kprobe, typed from
# tinybpf's own table) are programs this kernel loads: accepted, never
# "refused" nor an object error.
"$TINYBPF" link -i "$TESTDATA/verify_tc.ll" -o "$tmp/tc.o" || ko "link verify_tc"
check "tc/ingress, tcx/egress, kprobe.session, uprobe.session are loaded and accepted" 0 \
	"4 programs: 4 accepted, 0 rejected, 0 refused by this kernel" "$TINYBPF" verify "$tmp/tc.o"
expect "tc/ingress accepted" grep -qE '^tc_ingress \(tc/ingress\): accepted, [0-9]+ instructions$' "$tmp/out"
expect "tcx/egress accepted" grep -qE '^tcx_egress \(tcx/egress\): accepted, [0-9]+ instructions$' "$tmp/out"
expect "kprobe.session accepted" grep -qE '^unlink_session \(kprobe.session/do_unlinkat\): accepted, [0-9]+ instructions$' "$tmp/out"
expect "uprobe.session accepted" grep -qE '^user_session \(uprobe.session\): accepted, [0-9]+ instructions$' "$tmp/out"
expect "their types" sh -c "'$TINYBPF' verify -j '$tmp/tc.o' | jq -e '[.programs[].type] == [\"sched_cls\", \"sched_cls\", \"kprobe\", \"kprobe\"]' >/dev/null"

# On a kernel older than 6.10 (5.10, 6.1) enum bpf_attach_type has no
# BPF_TRACE_KPROBE_SESSION nor BPF_TRACE_UPROBE_SESSION: such programs are
# refused by that kernel, and said so, before libbpf tries them. The kernel's
# enum is read from its BTF, here one of such a kernel's enumerators only,
# bound over /sys/kernel/btf/vmlinux in a private mount namespace (the kernel
# still loads the tc programs).
old_btf() { # file: raw BTF of one type, enum bpf_attach_type { BPF_CGROUP_INET_INGRESS }
	python3 -c '
import struct, sys
strs = b"\0bpf_attach_type\0BPF_CGROUP_INET_INGRESS\0"
types = struct.pack("<IIIIi", 1, 6 << 24 | 1, 4, 17, 0)
hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(types), len(types), len(strs))
open(sys.argv[1], "wb").write(hdr + types + strs)' "$1"
}
if unshare -m true 2>/dev/null && old_btf "$tmp/old.btf"; then
	check "kprobe.session and uprobe.session on a kernel without their attach types: refused" 0 \
		"4 programs: 2 accepted, 0 rejected, 2 refused by this kernel" \
		unshare -m sh -c 'mount --bind "$1" /sys/kernel/btf/vmlinux && exec "$2" verify "$3"' sh \
		"$tmp/old.btf" "$TINYBPF" "$tmp/tc.o"
	expect "kprobe.session refused" has "unlink_session (kprobe.session/do_unlinkat): refused by this kernel (type kprobe): not verified"
	expect "kprobe.session: why" has "  this kernel has no attach type for section kprobe.session/do_unlinkat"
	expect "uprobe.session: why" has "  this kernel has no attach type for section uprobe.session"
	expect "tc/ingress still accepted" grep -qE '^tc_ingress \(tc/ingress\): accepted, [0-9]+ instructions$' "$tmp/out"
else
	skip "kprobe.session and uprobe.session on a kernel without their attach types" \
		"unshare -m needs CAP_SYS_ADMIN"
fi

# A tp_btf program the verifier rejects is rejected, exit 1, with its Go line,
# even on a kernel that refuses fentry (the probe of the tracing type loads an
# fentry program): the verifier walked its instructions, so the kernel loads
# its type. It was "refused by this kernel", exit 0 (tests/tools/README.md).
"$TINYBPF" link -i "$TESTDATA/verify_tp_btf.ll" -o "$tmp/tp_btf.o" || ko "link verify_tp_btf"
check "a tp_btf program past its arguments is rejected, exit 1" 1 \
	"1 program: 0 accepted, 1 rejected, 0 refused by this kernel" "$TINYBPF" verify "$tmp/tp_btf.o"
expect "rejected, not refused" has "switch_past_args (tp_btf/sched_switch): rejected"
expect "at its Go line" has "  verify_tp_btf/main.go:18: invalid bpf_context access off=88 size=8"

# An object libbpf cannot prepare (a kfunc whose prototype this kernel does
# not have: void * where it returns struct task_struct *) is rejected, exit 1,
# even in a program type this kernel refuses. Built by clang, as tinybpf
# itself now refuses the Go declaration (tests/cli/bad_input_test.sh).
cat >"$tmp/kfunc.c" <<'C'
#define SEC(name) __attribute__((section(name), used))
extern void *bpf_task_from_pid(int pid) __attribute__((section(".ksyms")));
extern void bpf_task_release(void *task) __attribute__((section(".ksyms")));
SEC("fentry/do_unlinkat") int task_probe(void *ctx)
{
	void *task = bpf_task_from_pid(1);

	if (task)
		bpf_task_release(task);
	return 0;
}
SEC("tracepoint/syscalls/sys_enter_unlinkat") int task_tracepoint(void *ctx)
{
	void *task = bpf_task_from_pid(1);

	if (task)
		bpf_task_release(task);
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
C
clang-22 -g -O2 -target bpf -c "$tmp/kfunc.c" -o "$tmp/kfunc.o" || ko "clang-22: the kfunc object"
check "an object libbpf cannot prepare is rejected, exit 1" 1 \
	"2 programs: 0 accepted, 2 rejected, 0 refused by this kernel" "$TINYBPF" verify "$tmp/kfunc.o"
expect "even where the program type is refused" has "task_probe (fentry/do_unlinkat): rejected"
kernel_proto=$(bpftool btf dump file /sys/kernel/btf/vmlinux | sed -n "s/^\[[0-9]*\] FUNC 'bpf_task_from_pid' type_id=\([0-9]*\) .*/\1/p")
expect "libbpf's reason, and the Go declaration" grep -qE "^  libbpf could not prepare the object: extern \(func ksym\) 'bpf_task_from_pid': func_proto \[[0-9]+\] incompatible with vmlinux \[$kernel_proto\]; the kfunc bpf_task_from_pid \(declared in Go as bpfKfuncBpfTaskFromPid, or with //go:extern bpf_task_from_pid\) has another prototype in this kernel$" "$tmp/out"

# A kfunc whose name (127 letters, the most libbpf's message gives whole to
# tinybpf) is in no kernel: its Go name, longer than tinybpf spells, is cut,
# and the reason is said, exit 1.
long_name=k$(head -c 126 /dev/zero | tr '\0' x)
cat >"$tmp/long_kfunc.c" <<C
#define SEC(name) __attribute__((section(name), used))
extern void *$long_name(int pid) __attribute__((section(".ksyms")));
SEC("tracepoint/syscalls/sys_enter_unlinkat") int long_kfunc(void *ctx)
{
	return $long_name(1) != 0;
}
char LICENSE[] SEC("license") = "GPL";
C
clang-22 -g -O2 -target bpf -c "$tmp/long_kfunc.c" -o "$tmp/long_kfunc.o" || ko "clang-22: the long kfunc object"
check "a kfunc of a 127-letter name is in no kernel" 1 "the kfunc $long_name (declared in Go as bpfKfuncK" \
	"$TINYBPF" verify "$tmp/long_kfunc.o"
expect "a kfunc of a 127-letter name: the reason" grep -qF ") is not in this kernel" "$tmp/out"

# A kernel that refuses the object's BTF: libbpf goes on without it, and the
# verifier's log has no Go lines. Said, not silent. (A member name the kernel
# refuses, "Rx-ueueIndex", same length, in the BTF strings of a good object.)
perl -pe 's/RxQueueIndex/Rx-ueueIndex/g' "$tmp/reject.o" >"$tmp/badbtf.o"
check "BTF the kernel refuses: a warning" 1 \
	"badbtf.o: warning: this kernel refused the object's BTF and libbpf loaded the programs without it (libbpf: Error loading .BTF into kernel: -22. BTF is optional, ignoring.): verifier messages name no Go lines, and programs that need BTF (kfuncs, CO-RE) fail" \
	"$TINYBPF" verify "$tmp/badbtf.o"
expect "without BTF, the rejection has no Go line" has "  R1 offset is outside of the packet"

# A map the kernel will not create (a hash map with 0-byte keys: EINVAL from
# BPF_MAP_CREATE): the program never reaches the verifier, and libbpf's own
# words say why, exit 1.
cat >"$tmp/badmap.c" <<'C'
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
struct {
	__uint(type, 1); /* BPF_MAP_TYPE_HASH */
	__uint(key_size, 0);
	__uint(value_size, 4);
	__uint(max_entries, 1);
} nokey SEC(".maps");
SEC("socket") int uses_nokey(void *ctx)
{
	return nokey.type != 0;
}
char LICENSE[] SEC("license") = "GPL";
C
clang-22 -g -O2 -target bpf -c "$tmp/badmap.c" -o "$tmp/badmap.o" || ko "clang-22: the map object"
check "a map the kernel will not create: rejected, exit 1" 1 \
	"1 program: 0 accepted, 1 rejected, 0 refused by this kernel" "$TINYBPF" verify "$tmp/badmap.o"
expect "a map the kernel will not create: libbpf's reason, whole" grep -qxF \
	"  libbpf could not prepare the object: map 'nokey': failed to create: Invalid argument(-22)" "$tmp/out"

# .BTF.ext libbpf cannot parse (24 bytes of junk; 2 bytes of its magic alone):
# libbpf goes on without line info, and verify says so, never silent.
cat >"$tmp/sock.c" <<'C'
#define SEC(name) __attribute__((section(name), used))
SEC("socket") int keep_none(void *ctx)
{
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
C
clang-22 -g -O2 -target bpf -c "$tmp/sock.c" -o "$tmp/sock.o" || ko "clang-22: the socket object"
printf 'junkjunkjunkjunkjunkjunk' >"$tmp/junk.bin"
printf '\x9f\xeb' >"$tmp/magic.bin"
for junk in junk magic; do
	llvm-objcopy-22 --update-section .BTF.ext="$tmp/$junk.bin" "$tmp/sock.o" "$tmp/ext-$junk.o" ||
		ko "llvm-objcopy-22: .BTF.ext of $junk"
	check ".BTF.ext libbpf cannot parse ($junk): a warning, the program accepted" 0 \
		"ext-$junk.o: warning: libbpf dropped the object's .BTF.ext, which it cannot parse: the verdicts below are for the object without line and function info" \
		"$TINYBPF" verify "$tmp/ext-$junk.o"
	expect ".BTF.ext libbpf cannot parse ($junk): the verdict" has "keep_none (socket): accepted, 2 instructions"
done
check "the same object with its .BTF.ext: no warning" 0 "keep_none (socket): accepted, 2 instructions" \
	"$TINYBPF" verify "$tmp/sock.o"
expect "the same object with its .BTF.ext: nothing on stderr" test ! -s "$tmp/err"

check "no object" 2 "usage: tinybpf verify" "$TINYBPF" verify
check "two objects" 2 "usage: tinybpf verify" "$TINYBPF" verify "$tmp/reject.o" "$tmp/refused.o"
check "a missing object" 1 "$tmp/nope.o: error: cannot open it as a BPF object" "$TINYBPF" verify "$tmp/nope.o"
check "not an object" 1 "/etc/hostname: error: cannot open it as a BPF object" "$TINYBPF" verify /etc/hostname

# A user who may not load BPF programs is told so, rather than shown every
# program as refused.
if [ "$(cat /proc/sys/kernel/unprivileged_bpf_disabled)" != 0 ]; then
	chmod o+rx "$tmp"
	check "unprivileged" 1 "error: this process may not load BPF programs: run as root" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$TINYBPF" verify "$tmp/reject.o"
fi

# Sections newer than the libbpf tinybpf links (1.4): uprobe.session.s is
# sleepable, uprobe.session is not. A program calling bpf_copy_from_user
# (sleepable only, the kernel says) is accepted in the first, rejected in the
# second with the kernel's reason, as bpftool finds its uprobe.multi.s and
# uprobe.multi twins (sections its libbpf knows) loaded and refused.
sleepy() { # section: an object of one program calling bpf_copy_from_user
	printf '#include <linux/bpf.h>\nstatic long (*copy)(void *dst, __u32 size, const void *src) = (void *)BPF_FUNC_copy_from_user;\n__attribute__((section("%s"), used)) int sleepy(void *ctx) { char b[8]; copy(b, sizeof(b), (void *)0); return b[0] & 0; }\nchar _license[] __attribute__((section("license"), used)) = "GPL";\n' \
		"$1" >"$tmp/sleepy.c"
	clang-22 -g -O2 -target bpf -I/usr/include/"$(gcc -print-multiarch)" -c "$tmp/sleepy.c" -o "$tmp/$1.o"
}
for sec in uprobe.session uprobe.session.s uprobe.multi uprobe.multi.s; do sleepy "$sec"; done
bpftool_loads() { # object
	local pin=/sys/fs/bpf/tinybpf-verify-test-$$ rc
	bpftool prog loadall "$1" "$pin" >/dev/null 2>&1
	rc=$?
	rm -rf "$pin"
	return "$rc"
}
not() { ! "$@"; }
expect "bpftool loads the uprobe.multi.s twin" bpftool_loads "$tmp/uprobe.multi.s.o"
expect "bpftool cannot load the uprobe.multi twin" not bpftool_loads "$tmp/uprobe.multi.o"
check "uprobe.session.s is sleepable" 0 "sleepy (uprobe.session.s): accepted" \
	"$TINYBPF" verify "$tmp/uprobe.session.s.o"
check "uprobe.session is not" 1 "helper call might sleep in a non-sleepable prog" \
	"$TINYBPF" verify "$tmp/uprobe.session.o"

summary verify
