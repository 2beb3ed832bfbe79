// SPDX-License-Identifier: MIT
/*
 * pass_panics (src/lib/passes/panics.c) on IR written by hand, for a shape
 * TinyGo's -opt=0 output has not shown: a throw block that a switch reaches
 * as well as a conditional branch. Only a block every predecessor of which
 * is a conditional branch is split into one marker per check; this one
 * stays whole, one site, and the module stays valid.
 * And on real TinyGo output (tests/testdata/bad_nil_checks), in this process
 * where LeakSanitizer sees what the pass leaves: the reason a nil check may
 * fail names the helper call the pointer's address went to, at its Go line.
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
#include "fixture.h"

static const char ir[] =
	"declare void @runtime.lookupPanic(ptr)\n"
	"define i32 @f(i32 %i, i32 %k) {\n"
	"entry:\n  %c = icmp ugt i32 %i, 31\n  br i1 %c, label %lookup.throw, label %next\n"
	"next:\n  switch i32 %k, label %ok [ i32 3, label %lookup.throw ]\n"
	"lookup.throw:\n  call void @runtime.lookupPanic(ptr undef)\n  unreachable\n"
	"ok:\n  ret i32 0\n}\n";

static void test_a_throw_block_a_switch_reaches_stays_whole(void **state)
{
	struct settings settings = { 0 };
	struct compile c = { .settings = &settings };
	LLVMMemoryBufferRef buffer;
	LLVMValueRef f, callee;
	unsigned markers = 0;
	char *msg = NULL;

	c.llvm = LLVMContextCreate();
	c.diags = tb_diags_new();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "switch");
	if (LLVMParseIRInContext(c.llvm, buffer, &c.module, &msg))
		fail_msg("%s", msg);
	assert_int_equal(pass_panics(&c), 0);
	assert_int_equal(c.panic_count, 1);
	assert_string_equal(c.panics[0].cause, "index out of range");
	f = LLVMGetNamedFunction(c.module, "f");
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			size_t len;

			if (!LLVMIsACallInst(i))
				continue;
			callee = LLVMGetCalledValue(i);
			assert_true(str_starts_with(LLVMGetValueName2(callee, &len), PANIC_MARKER_PREFIX));
			markers++;
		}
	assert_int_equal(markers, 1);
	assert_int_equal(LLVMVerifyModule(c.module, LLVMReturnStatusAction, &msg), 0);
	LLVMDisposeMessage(msg);
	compile_free(&c);
	tb_diags_free(c.diags);
}

/* bad_nil_checks' reloaded: r, tested, then its address goes to
 * bpfGetCurrentComm (main.go:47:19) and r is read again from memory for
 * r.Pid (48:4). */
static void test_why_a_reloaded_pointer_may_be_nil(void **state)
{
	static const char want[] =
		"r may be nil: its address went to bpfGetCurrentComm "
		"(tests/testdata/bad_nil_checks/main.go:47:19), which may have changed it, so it is "
		"read again from memory here";
	struct fixture f;
	unsigned found = 0;

	fixture_parse(&f, "bad_nil_checks");
	assert_int_equal(pass_programs(&f.c), 0);
	assert_int_equal(pass_panics(&f.c), 0);
	for (size_t i = 0; i < f.c.panic_count; i++) {
		const struct panic_site *p = &f.c.panics[i];

		if (p->file && strstr(p->file, "bad_nil_checks/main.go") && p->line == 48) {
			assert_non_null(p->why);
			assert_string_equal(p->why, want);
			found++;
		}
	}
	/* two checks of r for r.Pid = 5, as tinybpf link reports two errors
	 * there (tests/cli/bad_input_test.sh) */
	assert_int_equal(found, 2);
	compile_free(&f.c);
	tb_diags_free(f.c.diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_throw_block_a_switch_reaches_stays_whole),
		cmocka_unit_test(test_why_a_reloaded_pointer_may_be_nil),
	};

	return cmocka_run_group_tests_name("panics", tests, NULL, NULL);
}
