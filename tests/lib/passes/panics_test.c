// SPDX-License-Identifier: MIT
/*
 * pass_panics (src/lib/passes/panics.c) on IR written by hand, for a shape
 * TinyGo's -opt=0 output has not shown: a throw block that a switch reaches
 * as well as a conditional branch. Only a block every predecessor of which
 * is a conditional branch is split into one marker per check; this one
 * stays whole, one site, and the module stays valid.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_throw_block_a_switch_reaches_stays_whole),
	};

	return cmocka_run_group_tests_name("panics", tests, NULL, NULL);
}
