// SPDX-License-Identifier: MIT
/*
 * remove_checked_panics (src/lib/passes/checks.c): which branches into a
 * panic marker the conditions on the paths to them rule out. The IR is
 * written by hand, in the shape O2 leaves it with the BPF backend's
 * llvm.bpf.passthrough between the user's check and Go's; the real programs
 * are tests/conformance/checked_index (must build) and
 * tests/testdata/bad_index_checks (must stay refused). Each function has its
 * own marker, tinybpf.panic.N, and says whether the check may be removed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/IRReader.h>

#include "../../../src/lib/internal.h"
#include "../../../src/lib/passes/passes.h"

/* Cases 11 and 12's start: blocks b1 to b15, each branching to the next. */
#define STEP(n, next) "b" #n ":\n  br label %b" #next "\n"
#define CHAIN14                                                                                \
	STEP(1, 2) STEP(2, 3) STEP(3, 4) STEP(4, 5) STEP(5, 6) STEP(6, 7) STEP(7, 8) STEP(8, 9) \
	STEP(9, 10) STEP(10, 11) STEP(11, 12) STEP(12, 13) STEP(13, 14) STEP(14, 15)

/* Cases 20 and 21's shape: i < 32, then a switch of 16 ways to one block
 * (q) and one of 15 ways from it to TO, with EXTRA between (512 blocks to
 * walk back through, or 511). */
#define WAY(from, n, to) from #n ":\n  br label %" to "\n"
#define WAYS15(from, to)                                                                      \
	WAY(from, 0, to) WAY(from, 1, to) WAY(from, 2, to) WAY(from, 3, to) WAY(from, 4, to)  \
	WAY(from, 5, to) WAY(from, 6, to) WAY(from, 7, to) WAY(from, 8, to) WAY(from, 9, to)  \
	WAY(from, 10, to) WAY(from, 11, to) WAY(from, 12, to) WAY(from, 13, to)               \
	WAY(from, 14, to)
#define SWITCH15(label)                                                                        \
	"switch i32 %k, label %" label "0 [ i32 1, label %" label "1 i32 2, label %" label     \
	"2 i32 3, label %" label "3 i32 4, label %" label "4 i32 5, label %" label             \
	"5 i32 6, label %" label "6 i32 7, label %" label "7 i32 8, label %" label             \
	"8 i32 9, label %" label "9 i32 10, label %" label "10 i32 11, label %" label          \
	"11 i32 12, label %" label "12 i32 13, label %" label "13 i32 14, label %" label "14"
#define FAN(name, to, extra)                                                                   \
	"define i32 @" name "(i32 %i, i32 %k) {\n"                                             \
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %s, label %done\n"              \
	"s:\n  " SWITCH15("r") " i32 15, label %r15 ]\n" WAYS15("r", "q") WAY("r", 15, "q")     \
	"q:\n  " SWITCH15("p") " ]\n" WAYS15("p", to) extra

/* Cases 73 and 78: a switch on k to 65 blocks, w0 to w64, each doing BODY. */
#define D10(m, d) m(d##0) m(d##1) m(d##2) m(d##3) m(d##4) m(d##5) m(d##6) m(d##7) m(d##8) m(d##9)
#define N65(m)                                                                    \
	D10(m, ) D10(m, 1) D10(m, 2) D10(m, 3) D10(m, 4) D10(m, 5) m(60) m(61) m(62) m(63) m(64)
#define CASE(n) " i32 " #n ", label %w" #n
#define TO_THEN(n) "w" #n ":\n  br label %then\n"
#define CHECK_W(n)                                         \
	"w" #n ":\n  %b" #n " = icmp ugt i32 %i, 31\n" \
	"  br i1 %b" #n ", label %panic, label %ok\n"
#define SWITCH65(body) "  switch i32 %k, label %done [" N65(CASE) " ]\n" N65(body)

/* Case 77: s1 to s10, each branching on x to the next block both ways. */
#define TWICE(n, next) "s" #n ":\n  br i1 %x, label %" #next ", label %" #next "\n"

static const char ir[] =
	"declare void @tinybpf.panic.0() noreturn\n"
	"declare void @tinybpf.panic.1() noreturn\n"
	"declare void @tinybpf.panic.2() noreturn\n"
	"declare void @tinybpf.panic.3() noreturn\n"
	"declare void @tinybpf.panic.4() noreturn\n"
	"declare void @tinybpf.panic.5() noreturn\n"
	"declare void @tinybpf.panic.6() noreturn\n"
	"declare void @tinybpf.panic.7() noreturn\n"
	"declare void @tinybpf.panic.8() noreturn\n"
	"declare void @tinybpf.panic.9() noreturn\n"
	"declare void @tinybpf.panic.10() noreturn\n"
	"declare void @tinybpf.panic.11() noreturn\n"
	"declare void @tinybpf.panic.12() noreturn\n"
	"declare void @tinybpf.panic.13() noreturn\n"
	"declare void @tinybpf.panic.14() noreturn\n"
	"declare void @tinybpf.panic.15() noreturn\n"
	"declare void @tinybpf.panic.16() noreturn\n"
	"declare void @tinybpf.panic.17() noreturn\n"
	"declare void @tinybpf.panic.18() noreturn\n"
	"declare void @tinybpf.panic.19() noreturn\n"
	"declare void @tinybpf.panic.20() noreturn\n"
	"declare void @tinybpf.panic.21() noreturn\n"
	"declare void @tinybpf.panic.22() noreturn\n"
	"declare void @tinybpf.panic.23() noreturn\n"
	"declare void @tinybpf.panic.24() noreturn\n"
	"declare void @tinybpf.panic.25() noreturn\n"
	"declare void @tinybpf.panic.26() noreturn\n"
	"declare void @tinybpf.panic.27() noreturn\n"
	"declare void @tinybpf.panic.28() noreturn\n"
	"declare void @tinybpf.panic.29() noreturn\n"
	"declare void @tinybpf.panic.30() noreturn\n"
	"declare void @tinybpf.panic.31() noreturn\n"
	"declare void @tinybpf.panic.32() noreturn\n"
	"declare void @tinybpf.panic.33() noreturn\n"
	"declare void @tinybpf.panic.34() noreturn\n"
	"declare void @tinybpf.panic.35() noreturn\n"
	"declare void @tinybpf.panic.36() noreturn\n"
	"declare void @tinybpf.panic.37() noreturn\n"
	"declare void @tinybpf.panic.38() noreturn\n"
	"declare void @tinybpf.panic.39() noreturn\n"
	"declare void @tinybpf.panic.40() noreturn\n"
	"declare void @tinybpf.panic.41() noreturn\n"
	"declare void @tinybpf.panic.42() noreturn\n"
	"declare void @tinybpf.panic.43() noreturn\n"
	"declare void @tinybpf.panic.44() noreturn\n"
	"declare void @tinybpf.panic.45() noreturn\n"
	"declare void @tinybpf.panic.46() noreturn\n"
	"declare void @tinybpf.panic.47() noreturn\n"
	"declare void @tinybpf.panic.48() noreturn\n"
	"declare void @tinybpf.panic.49() noreturn\n"
	"declare void @tinybpf.panic.50() noreturn\n"
	"declare void @tinybpf.panic.51() noreturn\n"
	"declare void @tinybpf.panic.52() noreturn\n"
	"declare void @tinybpf.panic.53() noreturn\n"
	"declare void @tinybpf.panic.54() noreturn\n"
	"declare void @tinybpf.panic.55() noreturn\n"
	"declare void @tinybpf.panic.56() noreturn\n"
	"declare void @tinybpf.panic.57() noreturn\n"
	"declare void @tinybpf.panic.58() noreturn\n"
	"declare void @tinybpf.panic.59() noreturn\n"
	"declare void @tinybpf.panic.60() noreturn\n"
	"declare void @tinybpf.panic.61() noreturn\n"
	"declare void @tinybpf.panic.62() noreturn\n"
	"declare void @tinybpf.panic.63() noreturn\n"
	"declare void @tinybpf.panic.64() noreturn\n"
	"declare void @tinybpf.panic.65() noreturn\n"
	"declare void @tinybpf.panic.66() noreturn\n"
	"declare void @tinybpf.panic.67() noreturn\n"
	"declare void @tinybpf.panic.68() noreturn\n"
	"declare void @tinybpf.panic.69() noreturn\n"
	"declare void @tinybpf.panic.70() noreturn\n"
	"declare void @tinybpf.panic.71() noreturn\n"
	"declare void @tinybpf.panic.72() noreturn\n"
	"declare void @tinybpf.panic.73() noreturn\n"
	"declare void @tinybpf.panic.74() noreturn\n"
	"declare void @tinybpf.panic.75() noreturn\n"
	"declare void @tinybpf.panic.76() noreturn\n"
	"declare void @tinybpf.panic.77() noreturn\n"
	"declare void @tinybpf.panic.78() noreturn\n"
	"declare void @tinybpf.panic.79() noreturn\n"
	"declare void @tinybpf.panic.80() noreturn\n"
	"declare void @tinybpf.panic.81() noreturn\n"
	"declare void @tinybpf.panic.82() noreturn\n"
	"declare void @tinybpf.panic.83() noreturn\n"
	"declare void @tinybpf.panic.84() noreturn\n"
	"declare void @tinybpf.panic.85() noreturn\n"
	"declare i32 @llvm.bpf.passthrough.i32.i32(i32, i32)\n"
	"declare i64 @llvm.bpf.passthrough.i64.i64(i32, i64)\n"
	"declare i8 @llvm.bpf.passthrough.i8.i8(i32, i8)\n"
	"declare i32 @llvm.bpf.passthrough.i32.p0(i32, ptr)\n"
	"declare i1 @get()\n"
	/* 0: if i < 32 { a[i] } -> removed */
	"define i32 @ult32(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.0()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 1: if i < 33 { a[i] } with 32 elements -> kept */
	"define i32 @ult33(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 33\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.1()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 2: a signed i < 32 only: negatives remain -> kept */
	"define i32 @signed_below(i32 %i) {\n"
	"entry:\n  %c = icmp slt i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.2()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 3: if i >= 0 && i < 32 (select form), Go's check on sext(i) -> removed */
	"define i32 @signed_both(i32 %i) {\n"
	"entry:\n  %lo = icmp sgt i32 %i, -1\n  %hi = icmp slt i32 %i, 32\n"
	"  %c = select i1 %lo, i1 %hi, i1 false\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %w = sext i32 %p to i64\n  %b = icmp uge i64 %w, 32\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.3()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 4: if n > 31 { return }; a[n] through zext -> removed */
	"define i32 @early_return(i32 %n) {\n"
	"entry:\n  %c = icmp ugt i32 %n, 31\n  br i1 %c, label %done, label %then\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 1, i32 %n)\n"
	"  %w = zext i32 %p to i64\n  %b = icmp uge i64 %w, 32\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.4()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 5: if i < len { s[i] } with a run-time length -> removed */
	"define i32 @same_operands(i64 %i, i64 %len) {\n"
	"entry:\n  %c = icmp ult i64 %i, %len\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i64 @llvm.bpf.passthrough.i64.i64(i32 2, i64 %i)\n"
	"  %b = icmp uge i64 %p, %len\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.5()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 6: two paths to the check, one unchecked -> kept */
	"define i32 @one_path_checked(i32 %i) {\n"
	"entry:\n  %x = call i1 @get()\n  br i1 %x, label %checked, label %then\n"
	"checked:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.6()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 7: two paths, each checked (one tighter) -> removed */
	"define i32 @both_paths_checked(i32 %i) {\n"
	"entry:\n  %x = call i1 @get()\n  br i1 %x, label %a, label %b\n"
	"a:\n  %ca = icmp ult i32 %i, 32\n  br i1 %ca, label %then, label %done\n"
	"b:\n  %cb = icmp ult i32 %i, 8\n  br i1 %cb, label %then, label %done\n"
	"then:\n  %t = icmp ugt i32 %i, 31\n  br i1 %t, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.7()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 8: the test on the latch is of the previous iteration's value, and
	 * the first iteration comes from entry unchecked -> kept */
	"define i32 @loop_carried(i32 %n) {\n"
	"entry:\n  br label %head\n"
	"head:\n  %i = phi i32 [ 0, %entry ], [ %next, %latch ]\n"
	"  %t = icmp ugt i32 %i, 31\n  br i1 %t, label %panic, label %latch\n"
	"latch:\n  %next = add i32 %i, %n\n  %more = icmp ult i32 %i, 31\n"
	"  br i1 %more, label %head, label %done\n"
	"panic:\n  call void @tinybpf.panic.8()\n  unreachable\n"
	"done:\n  ret i32 0\n}\n"
	/* 9: if i < -5 (signed), a test of uint32(i) > 0xfffffffa: i is at most
	 * 0xfffffffa unsigned, so it never holds -> removed */
	"define i32 @negative_unsigned(i32 %i) {\n"
	"entry:\n  %c = icmp slt i32 %i, -5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, -6\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.9()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 10: a branch on i < 32 whose two targets are the same block says
	 * nothing of i -> kept */
	"define i32 @same_targets(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %then\n"
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.10()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 11 and 12: the check 15 blocks after the user's is proven; 16 is past
	 * how far back the pass looks (MAX_DEPTH) -> removed, kept */
	"define i32 @fifteen_back(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %b1, label %done\n"
	CHAIN14
	"b15:\n  br label %then\n"
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.11()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @sixteen_back(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %b1, label %done\n"
	CHAIN14
	"b15:\n  br label %b16\n"
	"b16:\n  br label %then\n"
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.12()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 13: no check of the user's, but an int32 is never above 2147483647 -> removed */
	"define i32 @above_int32_max(i32 %i) {\n"
	"entry:\n  %b = icmp sgt i32 %i, 2147483647\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.13()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 14: if uint32(i) > 0xfffffffa, i is -5 to -1 as signed: i > -1 never
	 * holds -> removed */
	"define i32 @high_unsigned(i32 %i) {\n"
	"entry:\n  %c = icmp ugt i32 %i, -6\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp sgt i32 %p, -1\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.14()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 15: if uint64(int64(i)) <= 20, then uint64(int64(i)) > 31 never holds
	 * (i is 0 to 20) -> removed */
	"define i32 @sext_ule(i32 %i) {\n"
	"entry:\n  %w = sext i32 %i to i64\n  %c = icmp ule i64 %w, 20\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %v = sext i32 %p to i64\n  %b = icmp ugt i64 %v, 31\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.15()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 16: if i < 10 (signed), int64(i) > 31 (signed) never holds -> removed */
	"define i32 @sext_signed(i32 %i) {\n"
	"entry:\n  %c = icmp slt i32 %i, 10\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %v = sext i32 %p to i64\n  %b = icmp sgt i64 %v, 31\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.16()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 17: a || b known true is no comparison of a with b: a < b may hold -> kept */
	"define i32 @or_is_no_order(i1 %a, i1 %x) {\n"
	"entry:\n  %c = or i1 %a, %x\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b = icmp ult i1 %a, %x\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.17()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 18: if i < len, Go's check written i < len, the panic on its false
	 * branch -> removed */
	"define i32 @same_operands_true(i64 %i, i64 %len) {\n"
	"entry:\n  %c = icmp ult i64 %i, %len\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i64 @llvm.bpf.passthrough.i64.i64(i32 2, i64 %i)\n"
	"  %b = icmp ult i64 %p, %len\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.18()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 19: a condition that is no comparison (a call's result) -> kept */
	"define i32 @no_comparison(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b = call i1 @get()\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.19()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 20 and 21: i < 32, then 16 ways to one block and 15 ways from it to
	 * the check: proving it walks back through 511 blocks (20), or 512 with
	 * one more block before the check (21), where the pass gives up
	 * (MAX_BLOCKS) -> removed, kept */
	FAN("fan_511", "then", "") "then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.20()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	FAN("fan_512", "u", "u:\n  br label %then\n")
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.21()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 22: if i < 0 (signed), uint64(int64(i)) is 2^64 - 2^31 or more: below
	 * 100 it never is -> removed */
	"define i32 @negative_sext_unsigned(i32 %i) {\n"
	"entry:\n  %c = icmp slt i32 %i, 0\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %v = sext i32 %p to i64\n  %b = icmp ult i64 %v, 100\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.22()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 23: two paths to the check: through a, i < 32; through b, i < 40
	 * after i > 50, which no i takes: the check is decided on a's path
	 * alone -> removed */
	"define i32 @one_path_impossible(i32 %i) {\n"
	"entry:\n  %x = call i1 @get()\n  br i1 %x, label %b0, label %a\n"
	"b0:\n  %e = icmp ugt i32 %i, 50\n  br i1 %e, label %b, label %done\n"
	"b:\n  %cb = icmp ult i32 %i, 40\n  br i1 %cb, label %then, label %done\n"
	"a:\n  %ca = icmp ult i32 %i, 32\n  br i1 %ca, label %then, label %done\n"
	"then:\n  %t = icmp ugt i32 %i, 31\n  br i1 %t, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.23()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 24: two checks branch to one panic block, i > 31 and then i > 40,
	 * both ruled out by i < 32: each branch is judged -> removed */
	"define i32 @two_checks_one_panic(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %next\n"
	"next:\n  %b2 = icmp ugt i32 %i, 40\n  br i1 %b2, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.24()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 25: if -5 <= i <= 0 (signed), uint32(i) is 0 or 0xfffffffb and up: i < 10
	 * unsigned holds for i = 0 -> kept */
	"define i32 @down_to_zero(i32 %i) {\n"
	"entry:\n  %lo = icmp sge i32 %i, -5\n  %hi = icmp sle i32 %i, 0\n"
	"  %c = select i1 %lo, i1 %hi, i1 false\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ult i32 %p, 10\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.25()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 26: uint64(int64(i)) < 0xfffffffffffffff0 also holds for i = -20: it
	 * says nothing of i's sign, and i < 0 may hold -> kept */
	"define i32 @sext_below_huge(i32 %i) {\n"
	"entry:\n  %w = sext i32 %i to i64\n  %c = icmp ult i64 %w, -16\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp slt i32 %p, 0\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.26()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 27: two checks merged into one condition, i > 31 and j > 7, after
	 * if i < 32: the and is false -> removed */
	"define i32 @merged_and(i32 %i, i32 %j) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b1 = icmp ugt i32 %i, 31\n  %b2 = icmp ugt i32 %j, 7\n"
	"  %b = and i1 %b1, %b2\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.27()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 28: Go's check written i < 32 || j < 8, the panic on its false branch,
	 * after if i < 32: the or is true -> removed */
	"define i32 @merged_or(i32 %i, i32 %j) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b1 = icmp ult i32 %i, 32\n  %b2 = icmp ult i32 %j, 8\n"
	"  %b = or i1 %b1, %b2\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.28()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 29: if int64(i) < len, Go's check on int64(i) again, extended anew
	 * from the passthrough of i: two zext instructions of one value are
	 * the same value -> removed */
	"define i32 @zext_twice(i32 %i, i64 %len) {\n"
	"entry:\n  %w = zext i32 %i to i64\n  %c = icmp ult i64 %w, %len\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %v = zext i32 %p to i64\n  %b = icmp uge i64 %v, %len\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.29()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 30: i < len unsigned says nothing of i >= len signed (i = 0 and
	 * len = -1 satisfy both) -> kept */
	"define i32 @unsigned_fact_signed_check(i64 %i, i64 %len) {\n"
	"entry:\n  %c = icmp ult i64 %i, %len\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b = icmp sge i64 %i, %len\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.30()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 31: Go's check written i < 32 && j < 8, the panic on its false
	 * branch, after only if j < 8: i = 40 takes it -> kept */
	"define i32 @and_half_known(i32 %i, i32 %j) {\n"
	"entry:\n  %c = icmp ult i32 %j, 8\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b1 = icmp ult i32 %i, 32\n  %b2 = icmp ult i32 %j, 8\n"
	"  %b = and i1 %b1, %b2\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.31()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 32: the same check after if i < 32 && j < 8 (one branch, select
	 * form): both halves hold, so the and does -> removed */
	"define i32 @and_both_known(i32 %i, i32 %j) {\n"
	"entry:\n  %ci = icmp ult i32 %i, 32\n  %cj = icmp ult i32 %j, 8\n"
	"  %c = select i1 %ci, i1 %cj, i1 false\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b1 = icmp ult i32 %i, 32\n  %b2 = icmp ult i32 %j, 8\n"
	"  %b = and i1 %b1, %b2\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.32()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 33: a passthrough of a pointer read as an i32 (the BPF backend never
	 * makes one): the pass must not take the pointer for an integer, and
	 * knows nothing of p: any p above 31 takes the panic -> kept */
	"define i32 @pointer_passthrough(ptr %x) {\n"
	"entry:\n  %p = call i32 @llvm.bpf.passthrough.i32.p0(i32 0, ptr %x)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.33()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 34: i128 is past what the ranges hold (64 bits and a sign): int128(x)
	 * > -1 holds for every x, x = 0 takes the panic -> kept */
	"define i32 @wide_zext(i32 %x) {\n"
	"entry:\n  %z = zext i32 %x to i128\n  %b = icmp sgt i128 %z, -1\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.34()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 35: x >= 5, then x < 2^64 + 5 (i128): x = 5 takes the panic. The two
	 * constants agree in their low 64 bits, and the pass took them for one
	 * value, x < 5 and x < 2^64 + 5 for one comparison, and removed the
	 * check -> kept */
	"define i32 @wide_constants(i128 %x) {\n"
	"entry:\n  %c = icmp ult i128 %x, 5\n  br i1 %c, label %done, label %then\n"
	"then:\n  %b = icmp ult i128 %x, 18446744073709551621\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.35()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 36 and 37: if i > 10 (signed), i is 11 to 2^31 - 1, so also as
	 * unsigned: uint32(i) < 11 never holds -> removed; after i > 9, i = 10
	 * takes it -> kept */
	"define i32 @signed_floor_11(i32 %i) {\n"
	"entry:\n  %c = icmp sgt i32 %i, 10\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ult i32 %p, 11\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.36()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @signed_floor_10(i32 %i) {\n"
	"entry:\n  %c = icmp sgt i32 %i, 9\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ult i32 %p, 11\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.37()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 38: if i == 5, i > 31 never holds -> removed */
	"define i32 @equal_fact(i32 %i) {\n"
	"entry:\n  %c = icmp eq i32 %i, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.38()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 39: if i == 5, i != 5 never holds (panic on true) -> removed */
	"define i32 @equal_then_not_same(i32 %i) {\n"
	"entry:\n  %c = icmp eq i32 %i, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ne i32 %p, 5\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.39()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 40: if i == 7, i != 5 always holds (panic on false) -> removed */
	"define i32 @equal_then_not_other(i32 %i) {\n"
	"entry:\n  %c = icmp eq i32 %i, 7\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ne i32 %p, 5\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.40()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 41 and 42: if i >= 5, or if i <= 5, i = 5 makes i != 5 false (panic
	 * on false) -> kept, kept */
	"define i32 @not_equal_at_low(i32 %i) {\n"
	"entry:\n  %c = icmp uge i32 %i, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ne i32 %p, 5\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.41()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @not_equal_at_high(i32 %i) {\n"
	"entry:\n  %c = icmp ule i32 %i, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ne i32 %p, 5\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.42()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 43: if i > 5, i != 5 always holds (panic on false) -> removed */
	"define i32 @not_equal_below(i32 %i) {\n"
	"entry:\n  %c = icmp ugt i32 %i, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ne i32 %p, 5\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.43()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 44: if i >= 5, i = 6 makes i != 5 true (panic on true) -> kept */
	"define i32 @not_equal_from_low(i32 %i) {\n"
	"entry:\n  %c = icmp uge i32 %i, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ne i32 %p, 5\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.44()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 45: if uint64(i) < 32, i > 31 never holds -> removed */
	"define i32 @zext_fact(i32 %i) {\n"
	"entry:\n  %w = zext i32 %i to i64\n  %c = icmp ult i64 %w, 32\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.45()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 46: int64(uint32(i)) > 5 says i > 5 unsigned, nothing of its sign:
	 * i = -2^31 is 2^31 > 5 extended, and i < 0 -> kept */
	"define i32 @zext_signed_fact_no_sign(i32 %i) {\n"
	"entry:\n  %w = zext i32 %i to i64\n  %c = icmp sgt i64 %w, 5\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp slt i32 %p, 0\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.46()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 47: the same fact, then uint32(i) < 6 never holds -> removed */
	"define i32 @zext_signed_fact(i32 %i) {\n"
	"entry:\n  %w = zext i32 %i to i64\n  %c = icmp sgt i64 %w, 5\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ult i32 %p, 6\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.47()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 48 and 49: if int64(i) < 10, i > 9 (signed) never holds -> removed;
	 * if int64(i) < 11, i = 10 takes it -> kept */
	"define i32 @sext_fact_10(i32 %i) {\n"
	"entry:\n  %w = sext i32 %i to i64\n  %c = icmp slt i64 %w, 10\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp sgt i32 %p, 9\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.48()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @sext_fact_11(i32 %i) {\n"
	"entry:\n  %w = sext i32 %i to i64\n  %c = icmp slt i64 %w, 11\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp sgt i32 %p, 9\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.49()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 50: x % 10 is 0 to 9: above 9 never -> removed */
	"define i32 @urem_10(i32 %x) {\n"
	"entry:\n  %r = urem i32 %x, 10\n  %b = icmp ugt i32 %r, 9\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.50()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 51: x % 31 is 0 to 30: x = 2 makes it 2 > 1 -> kept */
	"define i32 @urem_31(i32 %x) {\n"
	"entry:\n  %r = urem i32 %x, 31\n  %b = icmp ugt i32 %r, 1\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.51()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 52 and 53: x >> 27 is below 2^5 = 32: above 31 never -> removed;
	 * x >> 26 is up to 63 (x = 0xffffffff) -> kept */
	"define i32 @lshr_27(i32 %x) {\n"
	"entry:\n  %s = lshr i32 %x, 27\n  %b = icmp ugt i32 %s, 31\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.52()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	"define i32 @lshr_26(i32 %x) {\n"
	"entry:\n  %s = lshr i32 %x, 26\n  %b = icmp ugt i32 %s, 31\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.53()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 54 and 55: the constants on the left: if 32 > i, then 31 < i never
	 * holds -> removed; if 33 > i, i = 32 takes it -> kept */
	"define i32 @constant_left_32(i32 %i) {\n"
	"entry:\n  %c = icmp ugt i32 32, %i\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ult i32 31, %p\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.54()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @constant_left_33(i32 %i) {\n"
	"entry:\n  %c = icmp ugt i32 33, %i\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ult i32 31, %p\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.55()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 56: if i < 32, i <= 31 always holds (panic on false) -> removed */
	"define i32 @at_most_31(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ule i32 %p, 31\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.56()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 57 and 58: if i > 31, i = 32 makes i <= 32 true (panic on true) ->
	 * kept; if i > 32, i <= 32 never holds -> removed */
	"define i32 @at_most_32_from_32(i32 %i) {\n"
	"entry:\n  %c = icmp ugt i32 %i, 31\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ule i32 %p, 32\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.57()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @at_most_32_from_33(i32 %i) {\n"
	"entry:\n  %c = icmp ugt i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ule i32 %p, 32\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.58()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 59: if i < len, Go's check written len <= i: never -> removed */
	"define i32 @same_operands_swapped(i64 %i, i64 %len) {\n"
	"entry:\n  %c = icmp ult i64 %i, %len\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i64 @llvm.bpf.passthrough.i64.i64(i32 2, i64 %i)\n"
	"  %b = icmp ule i64 %len, %p\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.59()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 60: if i >= len { return }, then i >= len never holds -> removed */
	"define i32 @same_operands_false(i64 %i, i64 %len) {\n"
	"entry:\n  %c = icmp uge i64 %i, %len\n  br i1 %c, label %done, label %then\n"
	"then:\n  %p = call i64 @llvm.bpf.passthrough.i64.i64(i32 2, i64 %i)\n"
	"  %b = icmp uge i64 %p, %len\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.60()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 61 and 62: if !(i < 32) { return } (xor with true, on either side),
	 * then i > 31 never holds -> removed, removed */
	"define i32 @not_fact(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  %n = xor i1 %c, true\n"
	"  br i1 %n, label %done, label %then\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.61()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @not_fact_true_left(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  %n = xor i1 true, %c\n"
	"  br i1 %n, label %done, label %then\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.62()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 63: if i < 32, Go's check written !(i < 32): never true -> removed */
	"define i32 @not_check(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b1 = icmp ult i32 %p, 32\n  %b = xor i1 %b1, true\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.63()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 64: no check of the user's, !(i > 31) false takes the panic: i = 40
	 * -> kept */
	"define i32 @not_unknown(i32 %i) {\n"
	"entry:\n  %b1 = icmp ugt i32 %i, 31\n  %b = xor i1 %b1, true\n"
	"  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.64()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 65: after i < 32, (i > 31) xor (j > 7) is no negation: j = 8 makes
	 * it true -> kept */
	"define i32 @xor_is_no_not(i32 %i, i32 %j) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"then:\n  %b1 = icmp ugt i32 %i, 31\n  %b2 = icmp ugt i32 %j, 7\n"
	"  %b = xor i1 %b1, %b2\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.65()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 66: a branch on the constant false never takes its true side -> removed */
	"define i32 @constant_false() {\n"
	"entry:\n  br i1 false, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.66()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 67: a branch on x inside if x, x a call's result: x is true -> removed */
	"define i32 @same_condition_twice() {\n"
	"entry:\n  %x = call i1 @get()\n  br i1 %x, label %then, label %done\n"
	"then:\n  br i1 %x, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.67()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 68: case 23's two paths, Go's check i > 31 && j > 7: false through a
	 * (i < 32); b's path needs i > 50 and i < 40, which no i has -> removed */
	"define i32 @and_on_impossible_path(i32 %i, i32 %j) {\n"
	"entry:\n  %x = call i1 @get()\n  br i1 %x, label %b0, label %a\n"
	"b0:\n  %e = icmp ugt i32 %i, 50\n  br i1 %e, label %b, label %done\n"
	"b:\n  %cb = icmp ult i32 %i, 40\n  br i1 %cb, label %then, label %done\n"
	"a:\n  %ca = icmp ult i32 %i, 32\n  br i1 %ca, label %then, label %done\n"
	"then:\n  %t1 = icmp ugt i32 %i, 31\n  %t2 = icmp ugt i32 %j, 7\n"
	"  %t = and i1 %t1, %t2\n  br i1 %t, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.68()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 69: i < 32, then a condition on j of 127 parts (an and of an and ...
	 * 6 deep, each of one value twice), more than the 64 facts the pass
	 * records: it gives up on the path rather than lose the and's parts,
	 * though i < 32 decides (the limit is what is checked, as in 12) -> kept */
	"define i32 @too_many_facts(i32 %i, i32 %j) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %mid, label %done\n"
	"mid:\n  %a0 = icmp ult i32 %j, 8\n  %a1 = and i1 %a0, %a0\n  %a2 = and i1 %a1, %a1\n"
	"  %a3 = and i1 %a2, %a2\n  %a4 = and i1 %a3, %a3\n  %a5 = and i1 %a4, %a4\n"
	"  %a6 = and i1 %a5, %a5\n  br i1 %a6, label %then, label %done\n"
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.69()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 70 and 71: two paths decide the check each its own way, i < 32 one
	 * and i > 40 the other, the first through a in 70 and through b in 71:
	 * i = 50 on the i > 40 path takes the panic -> kept, kept */
	"define i32 @two_answers_a_below(i32 %i) {\n"
	"entry:\n  %x = call i1 @get()\n  br i1 %x, label %a, label %b\n"
	"a:\n  %ca = icmp ult i32 %i, 32\n  br i1 %ca, label %then, label %done\n"
	"b:\n  %cb = icmp ugt i32 %i, 40\n  br i1 %cb, label %then, label %done\n"
	"then:\n  %t = icmp ugt i32 %i, 31\n  br i1 %t, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.70()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	"define i32 @two_answers_b_below(i32 %i) {\n"
	"entry:\n  %x = call i1 @get()\n  br i1 %x, label %a, label %b\n"
	"a:\n  %ca = icmp ugt i32 %i, 40\n  br i1 %ca, label %then, label %done\n"
	"b:\n  %cb = icmp ult i32 %i, 32\n  br i1 %cb, label %then, label %done\n"
	"then:\n  %t = icmp ugt i32 %i, 31\n  br i1 %t, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.71()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 72: an unconditional branch into the panic, on i >= 32: i = 40 -> kept */
	"define i32 @jump_to_panic(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %ok, label %bad\n"
	"bad:\n  br label %panic\n"
	"panic:\n  call void @tinybpf.panic.72()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 73: 65 checks i > 31 into one panic block, one per value of k: i = 40,
	 * k = 0 takes the first -> kept */
	"define i32 @sixty_five_branches(i32 %i, i32 %k) {\n"
	"entry:\n" SWITCH65(CHECK_W)
	"panic:\n  call void @tinybpf.panic.73()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 74: the marker in the entry block: every call panics -> kept */
	"define void @panic_in_entry() {\n"
	"entry:\n  call void @tinybpf.panic.74()\n  unreachable\n}\n"
	/* 75: the only branch into the panic is in a block nothing reaches:
	 * it never runs -> removed */
	"define i32 @dead_check(i32 %i) {\n"
	"entry:\n  ret i32 0\n"
	"dead:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.75()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 76: an unchecked jump to the check from a block nothing reaches: only
	 * the path through i < 32 runs -> removed */
	"define i32 @dead_predecessor(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %then, label %done\n"
	"dead:\n  br label %then\n"
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.76()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 77: i < 32, then ten blocks each branching to the next both ways:
	 * one path, walked once (2^10 times if each way were walked, past
	 * MAX_BLOCKS) -> removed */
	"define i32 @both_ways(i32 %i, i1 %x) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %s1, label %done\n"
	TWICE(1, s2) TWICE(2, s3) TWICE(3, s4) TWICE(4, s5) TWICE(5, s6) TWICE(6, s7)
	TWICE(7, s8) TWICE(8, s9) TWICE(9, s10) TWICE(10, then)
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.77()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 78: i < 32, then 65 ways to the check: more predecessors than the
	 * pass tells apart (64): it gives up, though each way is checked (the
	 * limit is what is checked, as in 12) -> kept */
	"define i32 @sixty_five_ways(i32 %i, i32 %k) {\n"
	"entry:\n  %c = icmp ult i32 %i, 32\n  br i1 %c, label %s, label %done\n"
	"s:\n" SWITCH65(TO_THEN)
	"then:\n  %b = icmp ugt i32 %i, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.78()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 79: case 64's !(i > 31) with the panic on true: i = 0 takes it -> kept */
	"define i32 @not_unknown_true(i32 %i) {\n"
	"entry:\n  %b1 = icmp ugt i32 %i, 31\n  %b = xor i1 %b1, true\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.79()\n  unreachable\n"
	"ok:\n  ret i32 1\n}\n"
	/* 80: if i >= 32 || j >= 8 { return } (select form), then i > 31 || j > 7
	 * never holds: both halves of the or are false -> removed */
	"define i32 @or_false_fact(i32 %i, i32 %j) {\n"
	"entry:\n  %c1 = icmp uge i32 %i, 32\n  %c2 = icmp uge i32 %j, 8\n"
	"  %c = select i1 %c1, i1 true, i1 %c2\n  br i1 %c, label %done, label %then\n"
	"then:\n  %b1 = icmp ugt i32 %i, 31\n  %b2 = icmp ugt i32 %j, 7\n"
	"  %b = or i1 %b1, %b2\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.80()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 81: if i != 5, an interval says nothing: i = 40 takes i > 31 -> kept */
	"define i32 @not_equal_fact(i32 %i) {\n"
	"entry:\n  %c = icmp ne i32 %i, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp ugt i32 %p, 31\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.81()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 82: if int64(j) < len, Go's check on int64(i): two zext instructions
	 * of one type but of two values are two values; i = len takes the
	 * panic -> kept */
	"define i32 @zext_of_another(i32 %i, i32 %j, i64 %len) {\n"
	"entry:\n  %w = zext i32 %j to i64\n  %c = icmp ult i64 %w, %len\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %v = zext i32 %i to i64\n  %b = icmp uge i64 %v, %len\n"
	"  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.82()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 83: if d == 5, a division's zero check d == 0: one value, not 0 -> removed */
	"define i32 @equal_other_value(i32 %d) {\n"
	"entry:\n  %c = icmp eq i32 %d, 5\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %d)\n"
	"  %b = icmp eq i32 %p, 0\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.83()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 84: if i < 10, a panic unless i == 0: i in [0, 9] starts at 0, but
	 * i = 1 takes the panic -> kept */
	"define i32 @equal_lowest(i32 %i) {\n"
	"entry:\n  %c = icmp ult i32 %i, 10\n  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)\n"
	"  %b = icmp eq i32 %p, 0\n  br i1 %b, label %ok, label %panic\n"
	"panic:\n  call void @tinybpf.panic.84()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n"
	/* 85: if int32(x) < 10 as unsigned (x an int8), then x == 0 into the
	 * panic: x in [0, 9], and x = 0 takes it -> kept */
	"define i32 @sext_below_zero_included(i8 %x) {\n"
	"entry:\n  %w = sext i8 %x to i32\n  %c = icmp ult i32 %w, 10\n"
	"  br i1 %c, label %then, label %done\n"
	"then:\n  %p = call i8 @llvm.bpf.passthrough.i8.i8(i32 0, i8 %x)\n"
	"  %b = icmp eq i8 %p, 0\n  br i1 %b, label %panic, label %ok\n"
	"panic:\n  call void @tinybpf.panic.85()\n  unreachable\n"
	"ok:\n  ret i32 1\ndone:\n  ret i32 0\n}\n";

static const bool removed[] = { true, false, false, true, true, true, false, true, false,
				true, false, true, false, true, true, true, true, false, true, false,
				true, false, true, true, true, false, false, true, true, true,
				false, false, true,
				/* 33 */ false, false, false, true, false, true, true, true,
				/* 41 */ false, false, true, false, true, false, true, true,
				/* 49 */ false, true, false, true, false, true, false, true,
				/* 57 */ false, true, true, true, true, true, true, false,
				/* 65 */ false, true, true, true, false, false, false, false,
				/* 73 */ false, false, true, true, true, false, false, true,
				/* 81 */ false, false, true, false, false };

static void test_checked_panics(void **state)
{
	struct settings settings = { 0 };
	struct compile c = { .settings = &settings };
	LLVMMemoryBufferRef buffer;
	char *msg = NULL, name[32];
	int wrong = 0;

	c.llvm = LLVMContextCreate();
	c.diags = tb_diags_new();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "checks");
	if (LLVMParseIRInContext(c.llvm, buffer, &c.module, &msg))
		fail_msg("%s", msg);
	c.panic_count = ARRAY_SIZE(removed);
	remove_checked_panics(&c);
	for (size_t i = 0; i < ARRAY_SIZE(removed); i++) {
		LLVMValueRef m;

		snprintf(name, sizeof(name), PANIC_MARKER_PREFIX "%zu", i);
		m = LLVMGetNamedFunction(c.module, name);
		assert_non_null(m);
		if (removed[i] != !LLVMGetFirstUse(m)) {
			print_error("%s: the check was %s\n", name,
				    removed[i] ? "kept" : "removed");
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
	assert_int_equal(LLVMVerifyModule(c.module, LLVMReturnStatusAction, &msg), 0);
	LLVMDisposeMessage(msg);
	LLVMDisposeModule(c.module);
	LLVMContextDispose(c.llvm);
	tb_diags_free(c.diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checked_panics),
	};

	return cmocka_run_group_tests_name("checks", tests, NULL, NULL);
}
