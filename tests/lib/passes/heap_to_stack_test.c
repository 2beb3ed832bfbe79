// SPDX-License-Identifier: MIT
/*
 * heap_to_stack (src/lib/passes/heap_to_stack.c) in this process, after the
 * stages before it in pipeline.c's order, on real TinyGo output
 * ($TINYBPF_TESTDATA): tb_link runs the same in a forked child, which exits
 * without freeing, so only here does the leak check (ASAN_OPTIONS
 * detect_leaks=1, tests/run.sh) see what the pass allocates and forgets.
 *  - bad_escape: each program's escaping local is refused at its Go line
 *    (the lines tests/cli/bad_input_test.sh checks through the CLI);
 *  - stack_edge: every runtime.alloc becomes a stack slot, and none is left;
 *  - ring_two_records: the stages before it, in this process for the same
 *    leak check, on a program the maps pass warns about (two record types
 *    sent to one ring buffer).
 */
#include <errno.h>
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
#include <llvm-c/Target.h>

#include "../../../src/lib/internal.h"
#include "../../../src/lib/passes/passes.h"
#include "fixture.h"


/* Parses a testdata case and runs the stages before heap-to-stack; the
 * result of heap-to-stack itself. */
static int run_to_heap_to_stack(struct fixture *f, const char *name)
{
	static int (*const before[])(struct compile *) = {
		pass_programs,	 pass_sdk_inline, pass_panics, pass_reachability, pass_unroll,
		pass_unsupported, pass_offsets,	  pass_packet, pass_maps,	  pass_core,
		pass_core_read,	 pass_globals,	  pass_printk, pass_helpers,	  pass_kfuncs,
	};
	fixture_parse(f, name);
	for (size_t i = 0; i < ARRAY_SIZE(before); i++)
		if (before[i](&f->c)) {
			tb_diags_print(f->c.diags, stderr);
			fail_msg("%s: stage %zu refused it", name, i);
		}
	return pass_heap_to_stack(&f->c);
}

static void fixture_free(struct fixture *f)
{
	compile_free(&f->c);
	tb_diags_free(f->c.diags);
}

/* The alignment of the stack slot named `name` of `bytes` bytes in `fn`. */
static unsigned slot_alignment(struct fixture *f, const char *fn, const char *name, unsigned bytes)
{
	LLVMValueRef func = LLVMGetNamedFunction(f->c.module, fn);
	LLVMTargetDataRef layout = LLVMGetModuleDataLayout(f->c.module);
	size_t len;

	assert_non_null(func);
	for (LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(func)); i;
	     i = LLVMGetNextInstruction(i))
		if (LLVMIsAAllocaInst(i) && !strcmp(LLVMGetValueName2(i, &len), name) &&
		    LLVMABISizeOfType(layout, LLVMGetAllocatedType(i)) == bytes)
			return LLVMGetAlignment(i);
	fail_msg("%s has no slot %s of %u bytes", fn, name, bytes);
	return 0;
}

static void test_escaping_locals_are_refused_at_their_lines(void **state)
{
	/* bad_escape/main.go: to_global, to_map_value, copied_to_map,
	 * via_callee (at keep's store), returned, sent_to_user */
	static const unsigned lines[] = { 27, 38, 49, 54, 67, 85 };
	struct fixture f;
	unsigned seen = 0;

	assert_int_equal(run_to_heap_to_stack(&f, "bad_escape"), -EINVAL);
	assert_int_equal(tb_diags_error_count(f.c.diags), ARRAY_SIZE(lines));
	for (size_t i = 0; i < tb_diags_count(f.c.diags); i++) {
		const struct tb_diag *d = tb_diags_at(f.c.diags, i);

		if (d->severity != TB_ERROR)
			continue;
		assert_non_null(strstr(d->file, "bad_escape/main.go"));
		assert_non_null(strstr(d->message, "outlives the call of"));
		for (size_t j = 0; j < ARRAY_SIZE(lines); j++)
			if (d->line == lines[j])
				seen |= 1u << j;
	}
	assert_int_equal(seen, (1u << ARRAY_SIZE(lines)) - 1);
	/* to_map_value's k (a uint32 whose address goes to the lookup helper)
	 * stays, and keeps the alignment TinyGo asked for it (align 4, Go's
	 * for uint32): slots under 8 bytes are not padded to 8 */
	assert_int_equal(slot_alignment(&f, "to_map_value", "k", 4), 4);
	fixture_free(&f);
}

static void test_locals_that_stay_become_stack_slots(void **state)
{
	struct fixture f;
	LLVMValueRef alloc;
	char *msg = NULL;

	assert_int_equal(run_to_heap_to_stack(&f, "stack_edge"), 0);
	assert_int_equal(tb_diags_count(f.c.diags), 0);
	alloc = LLVMGetNamedFunction(f.c.module, "runtime.alloc");
	assert_true(!alloc || !LLVMGetFirstUse(alloc));
	assert_int_equal(LLVMVerifyModule(f.c.module, LLVMReturnStatusAction, &msg), 0);
	LLVMDisposeMessage(msg);
	fixture_free(&f);
}

static void test_a_warning_of_the_maps_pass_in_process(void **state)
{
	struct fixture f;
	const struct tb_diag *d;

	assert_int_equal(run_to_heap_to_stack(&f, "ring_two_records"), 0);
	assert_int_equal(tb_diags_count(f.c.diags), 1);
	d = tb_diags_at(f.c.diags, 0);
	assert_int_equal(d->severity, TB_WARNING);
	assert_string_equal(d->message, "map events: records of two types are sent to it (execEvent and "
					"openEvent): tinybpf generate describes neither");
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping_locals_are_refused_at_their_lines),
		cmocka_unit_test(test_locals_that_stay_become_stack_slots),
		cmocka_unit_test(test_a_warning_of_the_maps_pass_in_process),
	};

	return cmocka_run_group_tests_name("heap_to_stack", tests, NULL, NULL);
}
