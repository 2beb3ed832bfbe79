// SPDX-License-Identifier: MIT
/*
 * pass_offsets (src/lib/passes/offsets.c) and pass_verify_ir
 * (src/lib/passes/verify_ir.c) on IR written by hand: the shape a TinyGo
 * without scripts/tinygo-patches/0001 gives unsafe.Add(p, n) for a uint32 n
 * (its output, reduced), and a function whose IR is broken. The real
 * evidence for the offsets is tests/conformance/narrow_offsets, which fails
 * in the kernel with such a TinyGo.
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

static const char offsets_ir[] =
	"define ptr @add32(ptr %p, i32 %n) !dbg !4 {\n"
	"  %q = getelementptr i8, ptr %p, i32 %n, !dbg !7\n"
	"  ret ptr %q\n}\n"
	"define ptr @add64(ptr %p, i64 %n) {\n"
	"  %q = getelementptr i8, ptr %p, i64 %n\n"
	"  ret ptr %q\n}\n"
	"define ptr @field(ptr %p) {\n"
	"  %q = getelementptr { i32, i32 }, ptr %p, i32 0, i32 1\n"
	"  ret ptr %q\n}\n"
	"!llvm.dbg.cu = !{!0}\n!llvm.module.flags = !{!3}\n"
	"!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: \"TinyGo\", "
	"emissionKind: FullDebug)\n"
	"!1 = !DIFile(filename: \"main.go\", directory: \"/x/add\")\n"
	"!3 = !{i32 2, !\"Debug Info Version\", i32 3}\n"
	"!4 = distinct !DISubprogram(name: \"main.add32\", scope: !1, file: !1, line: 8, type: !5, "
	"spFlags: DISPFlagDefinition, unit: !0)\n"
	"!5 = !DISubroutineType(types: !6)\n!6 = !{}\n"
	"!7 = !DILocation(line: 9, column: 14, scope: !4)\n";

static void load(struct compile *c, struct settings *s, const char *text)
{
	LLVMMemoryBufferRef buffer =
		LLVMCreateMemoryBufferWithMemoryRangeCopy(text, strlen(text), "test");
	char *msg = NULL;

	*c = (struct compile){ .settings = s };
	c->llvm = LLVMContextCreate();
	c->diags = tb_diags_new();
	if (LLVMParseIRInContext(c->llvm, buffer, &c->module, &msg))
		fail_msg("%s", msg);
}

static void unload(struct compile *c)
{
	LLVMDisposeModule(c->module);
	LLVMContextDispose(c->llvm);
	tb_diags_free(c->diags);
}

static void test_narrow_gep_index_refused_at_its_line(void **state)
{
	struct settings s = { 0 };
	struct compile c;
	const struct tb_diag *d;

	load(&c, &s, offsets_ir);
	assert_int_not_equal(pass_offsets(&c), 0);
	/* only the 32-bit variable index: not i64, not struct field constants */
	assert_int_equal(tb_diags_count(c.diags), 1);
	d = tb_diags_at(c.diags, 0);
	assert_string_equal(d->file, "/x/add/main.go");
	assert_int_equal(d->line, 9);
	assert_int_equal(d->column, 14);
	assert_string_equal(d->message,
			    "unsafe.Add with a 32-bit offset: this TinyGo extends it by its sign "
			    "whatever its Go type, so an unsigned offset of 2^31 or more would "
			    "subtract; write unsafe.Add(p, uintptr(n)) (int(n) if n is signed), or "
			    "build with the TinyGo scripts/setup.sh builds, which has the fix");
	unload(&c);
}

/* Valid as parsed (the parser refuses invalid IR with debug info); the test
 * then moves %y below its use, the kind of IR a broken pass would leave. */
static const char invalid_ir[] =
	"define i32 @broken(i32 %x) !dbg !4 {\n"
	"entry:\n  br label %next\n"
	"next:\n  %y = add i32 %x, 1\n  %z = add i32 %y, 1\n  ret i32 %z\n}\n"
	"!llvm.dbg.cu = !{!0}\n!llvm.module.flags = !{!3}\n"
	"!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: \"TinyGo\", "
	"emissionKind: FullDebug)\n"
	"!1 = !DIFile(filename: \"main.go\", directory: \"/x/broken\")\n"
	"!3 = !{i32 2, !\"Debug Info Version\", i32 3}\n"
	"!4 = distinct !DISubprogram(name: \"main.broken\", scope: !1, file: !1, line: 21, "
	"type: !5, spFlags: DISPFlagDefinition, unit: !0)\n"
	"!5 = !DISubroutineType(types: !6)\n!6 = !{}\n";

static void test_invalid_ir_names_the_go_function(void **state)
{
	struct settings s = { 0 };
	struct compile c;
	const struct tb_diag *d;

	LLVMBuilderRef b;
	LLVMValueRef y, ret;

	load(&c, &s, invalid_ir);
	b = LLVMCreateBuilderInContext(c.llvm);
	y = LLVMGetFirstInstruction(LLVMGetLastBasicBlock(LLVMGetNamedFunction(c.module, "broken")));
	ret = LLVMGetLastInstruction(LLVMGetInstructionParent(y));
	LLVMInstructionRemoveFromParent(y);
	LLVMPositionBuilderBefore(b, ret);
	LLVMInsertIntoBuilder(b, y);
	LLVMDisposeBuilder(b);
	assert_int_not_equal(pass_verify_ir(&c), 0);
	assert_int_equal(tb_diags_count(c.diags), 1);
	d = tb_diags_at(c.diags, 0);
	assert_string_equal(d->file, "/x/broken/main.go");
	assert_int_equal(d->line, 21);
	assert_string_equal(d->message,
			    "internal error: tinybpf made invalid LLVM IR of main.broken (LLVM: "
			    "Instruction does not dominate all uses!); this is a bug in tinybpf, not "
			    "in your program: please report it with the files --dump-ir DIR writes");
	unload(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_narrow_gep_index_refused_at_its_line),
		cmocka_unit_test(test_invalid_ir_names_the_go_function),
	};

	return cmocka_run_group_tests_name("passes offsets and verify", tests, NULL, NULL);
}
