// SPDX-License-Identifier: MIT
/*
 * check_stack_after_codegen (src/lib/passes/stack.c) on an object tinybpf
 * linked from real TinyGo output (tests/testdata/stack_edge, whose at_384
 * has a 384-byte frame), against a module whose at_384 keeps no alloca: a
 * frame of spills alone, as optimisation can leave. The warning still comes,
 * with no note (there is no variable to name), and nothing is sorted that
 * does not exist (UBSan stops on qsort of NULL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <llvm-c/IRReader.h>

#include "../../../src/lib/internal.h"
#include "../../../src/lib/passes/passes.h"
#include "../../testdata.h"

static void test_a_frame_without_allocas_warns_without_notes(void **state)
{
	static const char ir[] = "define i32 @at_384() {\n  ret i32 0\n}\n";
	struct settings settings = { 0 };
	struct compile c = { .settings = &settings };
	struct tb_diags *link_diags = tb_diags_new();
	char *out = temp_object_path(), *msg = NULL;
	LLVMMemoryBufferRef buffer;
	const struct tb_diag *d;

	assert_int_equal(link_testdata("stack_edge", out, NULL, 0, NULL, link_diags), 0);
	tb_diags_free(link_diags);
	c.llvm = LLVMContextCreate();
	c.diags = tb_diags_new();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "spills");
	if (LLVMParseIRInContext(c.llvm, buffer, &c.module, &msg))
		fail_msg("%s", msg);
	check_stack_after_codegen(&c, out);
	assert_int_equal(tb_diags_count(c.diags), 1);
	d = tb_diags_at(c.diags, 0);
	assert_int_equal(d->severity, TB_WARNING);
	assert_non_null(strstr(d->message, "at_384: its stack frame is 384 bytes"));
	unlink(out);
	free(out);
	LLVMDisposeModule(c.module);
	LLVMContextDispose(c.llvm);
	tb_diags_free(c.diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_frame_without_allocas_warns_without_notes),
	};

	return cmocka_run_group_tests_name("stack", tests, NULL, NULL);
}
