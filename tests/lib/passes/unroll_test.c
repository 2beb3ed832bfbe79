// SPDX-License-Identifier: MIT
/*
 * bpfUnroll() (src/lib/passes/unroll.c) on real TinyGo output
 * ($TINYBPF_TESTDATA/unroll.ll, tests/testdata/unroll): linked by tb_link, the
 * two loops that ask to be unrolled, directly and through a wrapper, have no
 * backward jump left in the object, and the same loop without the call keeps
 * one; of two loops, the inner one that asks is unrolled and the outer one
 * keeps its jump. tests/conformance/unroll runs the first three and
 * compares their values.
 * The pass alone, in this process (LeakSanitizer sees what it leaves): one
 * request per loop, on its back edge, and no bpfUnroll call left.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/IRReader.h>

#include "../../../src/lib/internal.h"
#include "../../../src/lib/passes/passes.h"
#include "fixture.h"

/* Jumps to an earlier instruction: what a loop leaves in BPF code. */
static unsigned backward_jumps(const struct bpf_program *prog)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t count = bpf_program__insn_cnt(prog);
	unsigned n = 0;

	for (size_t i = 0; i < count; i++) {
		uint8_t cls = BPF_CLASS(insns[i].code), op = BPF_OP(insns[i].code);

		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT &&
		    insns[i].off < 0)
			n++;
	}
	return n;
}

/* Calls of helper `id`. */
static unsigned helper_calls(const struct bpf_program *prog, int id)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t count = bpf_program__insn_cnt(prog);
	unsigned n = 0;

	for (size_t i = 0; i < count; i++)
		n += insns[i].code == (BPF_JMP | BPF_CALL) && insns[i].src_reg == 0 && insns[i].imm == id;
	return n;
}

static void test_unroll_requests_leave_no_loop(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;
	struct bpf_program *prog;
	unsigned seen = 0;

	if (link_testdata("unroll", out, NULL, 0, NULL, diags))
		tb_diags_print(diags, stderr);
	assert_int_equal(tb_diags_error_count(diags), 0);
	obj = bpf_object__open_file(out, NULL);
	assert_non_null(obj);
	bpf_object__for_each_program(prog, obj) {
		const char *name = bpf_program__name(prog);

		if (!strcmp(name, "unrolled") || !strcmp(name, "unrolled_wrapper")) {
			assert_int_equal(backward_jumps(prog), 0);
			/* 32 copies of the body: at least one helper call each */
			assert_true(bpf_program__insn_cnt(prog) > 32 * 5);
			seen++;
		} else if (!strcmp(name, "looped")) {
			assert_int_equal(backward_jumps(prog), 1);
			seen++;
		} else if (!strcmp(name, "unrolled_inner")) {
			/* the inner loop's 4 iterations, one map update each; the
			 * outer loop, of a count known at run time only, keeps
			 * its jump back */
			assert_int_equal(helper_calls(prog, BPF_FUNC_map_update_elem), 4);
			assert_int_equal(backward_jumps(prog), 1);
			seen++;
		}
	}
	assert_int_equal(seen, 4);
	bpf_object__close(obj);
	unlink(out);
	free(out);
	tb_diags_free(diags);
}

/* Terminators that carry an llvm.loop node whose hint is
 * llvm.loop.unroll.full, the string LLVM's loop unroller reads. */
static unsigned full_unroll_requests(LLVMContextRef llvm, LLVMValueRef fn)
{
	unsigned kind = LLVMGetMDKindIDInContext(llvm, "llvm.loop", 9), n = 0;

	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
		LLVMValueRef term = LLVMGetBasicBlockTerminator(bb), id, *ops;
		unsigned count;

		if (!term || !LLVMHasMetadata(term) || !(id = LLVMGetMetadata(term, kind)))
			continue;
		count = LLVMGetMDNodeNumOperands(id);
		ops = calloc(count, sizeof(*ops));
		LLVMGetMDNodeOperands(id, ops);
		for (unsigned i = 0; i < count; i++) {
			unsigned len = 0;
			const char *hint;
			LLVMValueRef op = NULL;

			if (!ops[i] || !LLVMIsAMDNode(ops[i]) || LLVMGetMDNodeNumOperands(ops[i]) != 1)
				continue;
			LLVMGetMDNodeOperands(ops[i], &op);
			hint = op ? LLVMGetMDString(op, &len) : NULL;
			n += hint && len == strlen("llvm.loop.unroll.full") &&
			     !memcmp(hint, "llvm.loop.unroll.full", len);
		}
		free(ops);
	}
	return n;
}

static void test_the_pass_alone(void **state)
{
	struct fixture f;
	struct compile c;
	char *msg = NULL;

	fixture_parse(&f, "unroll");
	c = f.c;

	assert_int_equal(pass_unroll(&c), 0);
	assert_int_equal(tb_diags_count(c.diags), 0);
	assert_int_equal(LLVMVerifyModule(c.module, LLVMReturnStatusAction, &msg), 0);
	LLVMDisposeMessage(msg);
	assert_null(LLVMGetNamedFunction(c.module, "main.bpfUnroll"));
	assert_int_equal(full_unroll_requests(c.llvm, LLVMGetNamedFunction(c.module, "unrolled")), 1);
	assert_int_equal(full_unroll_requests(c.llvm, LLVMGetNamedFunction(c.module, "unrolled_wrapper")), 1);
	assert_int_equal(full_unroll_requests(c.llvm, LLVMGetNamedFunction(c.module, "looped")), 0);
	/* the inner loop's back edge only, not the branch into it from the
	 * outer loop, whose latch the pass meets first */
	assert_int_equal(full_unroll_requests(c.llvm, LLVMGetNamedFunction(c.module, "unrolled_inner")), 1);
	LLVMDisposeModule(c.module);
	LLVMContextDispose(c.llvm);
	tb_diags_free(c.diags);
}

/* Blocks a and b, each entered from outside the other (entry -> a -> b and
 * entry -> c -> b, with b -> a and b -> c): a cycle with two entries, which
 * is no natural loop (neither a nor b dominates the other, entry alone
 * dominates them), so a marker in b is in no loop to unroll. Finding that
 * takes the dominator iteration a second pass: the reverse postorder entry,
 * a, b, c meets b before c, one of its predecessors. */
static void test_a_cycle_with_two_entries_is_no_loop(void **state)
{
	static const char ir[] =
		"declare void @main.bpfUnroll()\n"
		"declare i1 @get()\n"
		"define void @two_entries() {\n"
		"entry:\n  %x = call i1 @get()\n  br i1 %x, label %a, label %c\n"
		"a:\n  br label %b\n"
		"b:\n  call void @main.bpfUnroll()\n  %y = call i1 @get()\n"
		"  br i1 %y, label %c, label %a\n"
		"c:\n  %z = call i1 @get()\n  br i1 %z, label %b, label %done\n"
		"done:\n  ret void\n}\n";
	struct settings settings = { 0 };
	struct compile c = { .settings = &settings };
	LLVMMemoryBufferRef buffer;
	char *msg = NULL;

	c.diags = tb_diags_new();
	c.llvm = LLVMContextCreate();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "two_entries");
	assert_int_equal(LLVMParseIRInContext(c.llvm, buffer, &c.module, &msg), 0);
	assert_int_equal(pass_unroll(&c), -EINVAL);
	assert_int_equal(tb_diags_count(c.diags), 1);
	assert_non_null(strstr(tb_diags_at(c.diags, 0)->message, "but it is not inside a loop"));
	assert_int_equal(full_unroll_requests(c.llvm, LLVMGetNamedFunction(c.module, "two_entries")), 0);
	LLVMDisposeModule(c.module);
	LLVMContextDispose(c.llvm);
	tb_diags_free(c.diags);
}

/* A loop whose latch l has two predecessors: s, through the 60 cases of a
 * switch, and d, where the marker is. The 61 uses of l once filled the
 * predecessor list (4 per block and 16) before d's branch was met: d was
 * left out of the loop, and its marker judged outside any. D_FIRST puts
 * d's branch first in the text, and so last in l's use list. */
static void check_many_cases_to_the_latch(bool d_first)
{
	struct settings settings = { 0 };
	struct compile c = { .settings = &settings };
	LLVMMemoryBufferRef buffer;
	char *msg = NULL, *ir, *cases = xstrdup(""), *d, *sw;

	for (int k = 0; k < 60; k++) {
		char *more = xasprintf("%s i32 %d, label %%l", cases, k);

		free(cases);
		cases = more;
	}
	d = xstrdup("d:\n  call void @main.bpfUnroll()\n  br label %l\n");
	sw = xasprintf("s:\n  switch i32 %%k, label %%d [%s ]\n", cases);
	ir = xasprintf("declare void @main.bpfUnroll()\n"
		       "declare i1 @get()\n"
		       "declare i32 @geti()\n"
		       "define void @many_cases() {\n"
		       "entry:\n  br label %%h\n"
		       "h:\n  %%i = phi i32 [ 0, %%entry ], [ %%n, %%l ]\n"
		       "  %%k = call i32 @geti()\n  %%c = call i1 @get()\n"
		       "  br i1 %%c, label %%s, label %%d\n"
		       "%s%s"
		       "l:\n  %%n = add i32 %%i, 1\n  %%b = icmp ult i32 %%n, 4\n"
		       "  br i1 %%b, label %%h, label %%done\n"
		       "done:\n  ret void\n}\n",
		       d_first ? d : sw, d_first ? sw : d);
	c.diags = tb_diags_new();
	c.llvm = LLVMContextCreate();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "many_cases");
	assert_int_equal(LLVMParseIRInContext(c.llvm, buffer, &c.module, &msg), 0);
	assert_int_equal(pass_unroll(&c), 0);
	assert_int_equal(tb_diags_count(c.diags), 0);
	assert_int_equal(full_unroll_requests(c.llvm, LLVMGetNamedFunction(c.module, "many_cases")), 1);
	LLVMDisposeModule(c.module);
	LLVMContextDispose(c.llvm);
	tb_diags_free(c.diags);
	free(ir);
	free(sw);
	free(d);
	free(cases);
}

static void test_a_latch_reached_by_many_switch_cases(void **state)
{
	check_many_cases_to_the_latch(false);
	check_many_cases_to_the_latch(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unroll_requests_leave_no_loop),
		cmocka_unit_test(test_the_pass_alone),
		cmocka_unit_test(test_a_cycle_with_two_entries_is_no_loop),
		cmocka_unit_test(test_a_latch_reached_by_many_switch_cases),
	};

	return cmocka_run_group_tests_name("pass unroll", tests, NULL, NULL);
}
