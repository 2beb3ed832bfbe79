// SPDX-License-Identifier: MIT
/*
 * prune_dead_debug_globals (src/lib/link/prune.c), which drops from the text
 * the debug info of variables TinyGo deleted, before LLVM parses it.
 *
 * On real TinyGo output ($TINYBPF_TESTDATA/globals.ll): LLVM's own parser
 * reads the pruned text into a module it verifies, with the same functions
 * and variables as the original; the pruned text describes exactly the
 * variables that exist (one DIGlobalVariableExpression per variable that
 * LLVM says carries debug info), the original hundreds more; and it is a
 * fraction of the size. The objects tb_link makes from pruned and unpruned
 * text were compared byte for byte over the test corpus when this was
 * written (the commit message says how many).
 *
 * On small hand-written modules, what it must keep: an entry still attached
 * to a variable, a type a kept node also uses, a node a string mentions (it
 * keeps rather than judge), and a list something else refers to; and that
 * load_inputs falls back to the original text when the pruned one does not
 * parse (a definition split over two lines).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/IRReader.h>

#include "../../src/lib/link/link.h"
#include "../testdata.h"

static char *read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*size = (size_t)n;
	return data;
}

/* LLVM's parser and verifier on the text: the module, or a failed test. */
static LLVMModuleRef llvm_parse(LLVMContextRef ctx, const char *text, size_t size)
{
	LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(text, size, "t.ll");
	LLVMModuleRef mod = NULL;
	char *msg = NULL;

	if (LLVMParseIRInContext(ctx, buf, &mod, &msg))
		fail_msg("LLVM cannot parse the text: %s", msg);
	if (LLVMVerifyModule(mod, LLVMReturnStatusAction, &msg))
		fail_msg("LLVM's verifier refuses the module: %s", msg);
	LLVMDisposeMessage(msg);
	return mod;
}

static size_t occurrences(const char *text, size_t size, const char *what)
{
	size_t n = 0, len = strlen(what);

	for (const char *p = text; (p = memmem(p, size - (size_t)(p - text), what, len)); p += len)
		n++;
	return n;
}

static size_t globals_with_debug_info(LLVMModuleRef mod)
{
	unsigned dbg = LLVMGetMDKindIDInContext(LLVMGetModuleContext(mod), "dbg", 3);
	size_t n = 0;

	for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g)) {
		size_t count;
		LLVMValueMetadataEntry *md = LLVMGlobalCopyAllMetadata(g, &count);

		for (size_t i = 0; i < count; i++)
			n += LLVMValueMetadataEntriesGetKind(md, (unsigned)i) == dbg;
		LLVMDisposeValueMetadataEntries(md);
	}
	return n;
}

static void assert_same_values(LLVMValueRef a, LLVMValueRef b, LLVMValueRef (*next)(LLVMValueRef))
{
	for (; a && b; a = next(a), b = next(b)) {
		size_t la, lb;
		const char *na = LLVMGetValueName2(a, &la), *nb = LLVMGetValueName2(b, &lb);

		assert_int_equal(la, lb);
		assert_memory_equal(na, nb, la);
		assert_int_equal(LLVMIsDeclaration(a), LLVMIsDeclaration(b));
		assert_int_equal(LLVMGetLinkage(a), LLVMGetLinkage(b));
	}
	assert_null(a);
	assert_null(b);
}

static void test_real_tinygo_output(void **state)
{
	char *path = testdata_ir("globals");
	size_t size, pruned_size;
	char *text = read_whole(path, &size);
	char *pruned = prune_dead_debug_globals(text, size, &pruned_size);
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMModuleRef original, mod;
	size_t variables;

	assert_non_null(pruned);
	original = llvm_parse(ctx, text, size);
	mod = llvm_parse(ctx, pruned, pruned_size);
	assert_same_values(LLVMGetFirstFunction(original), LLVMGetFirstFunction(mod),
			   LLVMGetNextFunction);
	assert_same_values(LLVMGetFirstGlobal(original), LLVMGetFirstGlobal(mod), LLVMGetNextGlobal);
	variables = globals_with_debug_info(original);
	assert_true(variables > 0);
	assert_int_equal(globals_with_debug_info(mod), variables);
	/* Described: the variables that exist, and no more; TinyGo's text
	 * describes far more. */
	assert_int_equal(occurrences(pruned, pruned_size, "!DIGlobalVariableExpression("), variables);
	assert_true(occurrences(text, size, "!DIGlobalVariableExpression(") > 10 * variables);
	assert_true(pruned_size < size * 6 / 10);
	LLVMDisposeModule(original);
	LLVMDisposeModule(mod);
	LLVMContextDispose(ctx);
	free(pruned);
	free(text);
	free(path);
}

/* @g's entry (!10) is still attached; !20 (h) is not. !30 is g's type and
 * also h's, !31 h's alone; nothing refers to !40. PRODUCER and EXTRA vary
 * per test. */
#define MODULE(PRODUCER, EXTRA)                                                                  \
	"source_filename = \"m\"\n"                                                              \
	"target datalayout = \"e-m:e-p:64:64-i64:64-i128:128-n32:64-S128\"\n"                   \
	"target triple = \"bpfel\"\n"                                                            \
	"\n"                                                                                     \
	"@g = global i32 0, !dbg !10\n"                                                          \
	"\n"                                                                                     \
	"!llvm.dbg.cu = !{!0}\n"                                                                 \
	"!llvm.module.flags = !{!2}\n" EXTRA                                                    \
	"\n"                                                                                     \
	"!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: \"" PRODUCER  \
	"\", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !5)\n"    \
	"!1 = !DIFile(filename: \"m.go\", directory: \"/m\")\n"                                  \
	"!2 = !{i32 2, !\"Debug Info Version\", i32 3}\n"                                        \
	"!5 = !{!10, !20}\n"                                                                     \
	"!10 = !DIGlobalVariableExpression(var: !11, expr: !DIExpression())\n"                   \
	"!11 = distinct !DIGlobalVariable(name: \"g\", scope: !0, file: !1, line: 1, type: !30, " \
	"isLocal: false, isDefinition: true)\n"                                                  \
	"!20 = !DIGlobalVariableExpression(var: !21, expr: !DIExpression())\n"                   \
	"!21 = distinct !DIGlobalVariable(name: \"h\", scope: !0, file: !1, line: 2, type: !32, " \
	"isLocal: false, isDefinition: true)\n"                                                  \
	"!30 = !DIBasicType(name: \"int32\", size: 32, encoding: DW_ATE_signed)\n"              \
	"!31 = !DIBasicType(name: \"int64\", size: 64, encoding: DW_ATE_signed)\n"              \
	"!32 = !DICompositeType(tag: DW_TAG_structure_type, name: \"pair\", size: 96, "          \
	"elements: !33)\n"                                                                       \
	"!33 = !{!34, !35}\n"                                                                    \
	"!34 = !DIDerivedType(tag: DW_TAG_member, name: \"a\", baseType: !30, size: 32)\n"      \
	"!35 = !DIDerivedType(tag: DW_TAG_member, name: \"b\", baseType: !31, size: 64, "       \
	"offset: 32)\n"                                                                         \
	"!40 = !DIBasicType(name: \"unused\", size: 8, encoding: DW_ATE_unsigned)\n"

static bool defines(const char *text, size_t size, unsigned id)
{
	char line[32];

	snprintf(line, sizeof(line), "\n!%u = ", id);
	return memmem(text, size, line, strlen(line)) != NULL;
}

static char *pruned_of(const char *text, size_t *size)
{
	char *pruned = prune_dead_debug_globals(text, strlen(text), size);
	LLVMContextRef ctx = LLVMContextCreate();

	assert_non_null(pruned);
	LLVMDisposeModule(llvm_parse(ctx, pruned, *size));
	LLVMContextDispose(ctx);
	return pruned;
}

static void test_drops_the_unattached_entry_and_what_only_it_uses(void **state)
{
	static const char text[] = MODULE("TinyGo", "");
	size_t size;
	char *pruned = pruned_of(text, &size);

	assert_non_null(memmem(pruned, size, "\n!5 = !{!10}\n", strlen("\n!5 = !{!10}\n")));
	for (unsigned id = 20; id <= 35; id++)
		if (id != 30) /* g's type: also h's, but g keeps it */
			assert_false(defines(pruned, size, id));
	for (unsigned id = 0; id <= 11; id++)
		assert_int_equal(defines(pruned, size, id), defines(text, sizeof(text) - 1, id));
	assert_true(defines(pruned, size, 30));
	assert_false(defines(pruned, size, 40));
	free(pruned);
}

static void test_keeps_what_a_string_names(void **state)
{
	/* "!31" in the producer's string: kept, though no node uses it. */
	static const char text[] = MODULE("TinyGo !31", "");
	size_t size;
	char *pruned = pruned_of(text, &size);

	assert_true(defines(pruned, size, 31));
	assert_false(defines(pruned, size, 21));
	free(pruned);
}

static void test_keeps_an_entry_referred_to_elsewhere(void **state)
{
	static const char text[] = MODULE("TinyGo", "!other = !{!20}\n");
	size_t size;
	char *pruned = pruned_of(text, &size);

	for (unsigned id = 0; id <= 35; id++)
		assert_int_equal(defines(pruned, size, id), defines(text, sizeof(text) - 1, id));
	assert_non_null(memmem(pruned, size, "\n!5 = !{!10, !20}\n", strlen("\n!5 = !{!10, !20}\n")));
	assert_false(defines(pruned, size, 40));
	free(pruned);
}

static void test_leaves_a_shared_list_alone(void **state)
{
	/* !5 also listed elsewhere: no longer only the unit's globals. */
	static const char text[] = MODULE("TinyGo", "!other = !{!5}\n");
	size_t size = 0;

	assert_null(prune_dead_debug_globals(text, strlen(text), &size));
}

static void test_falls_back_when_the_pruned_text_does_not_parse(void **state)
{
	/* h's variable split over two lines: pruning drops the first and
	 * leaves the second, which LLVM refuses; the original is valid. */
	static const char text[] = MODULE("TinyGo", "");
	const char *split_at = strstr(text, "!21 = distinct !DIGlobalVariable(name: \"h\",") +
			       strlen("!21 = distinct !DIGlobalVariable(name: \"h\",");
	char path[] = "/tmp/tinybpf-prune-XXXXXX.ll";
	int fd = mkstemps(path, 3);
	struct settings settings = { .cpu = "v3", .jobs = 1 };
	struct compile c = { .settings = &settings, .diags = tb_diags_new() };
	const char *paths[] = { path };
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMMemoryBufferRef buf;
	LLVMModuleRef mod = NULL;
	char *pruned, *msg = NULL;
	size_t size;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "%.*s\n%s", (int)(split_at - text), text, split_at);
	fclose(f);
	/* What makes the fallback necessary: */
	{
		size_t n;
		char *split = read_whole(path, &n);

		pruned = prune_dead_debug_globals(split, n, &size);
		assert_non_null(pruned);
		buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(pruned, size, "p.ll");
		assert_int_not_equal(LLVMParseIRInContext(ctx, buf, &mod, &msg), 0);
		LLVMDisposeMessage(msg);
		free(pruned);
		free(split);
	}
	c.llvm = LLVMContextCreate();
	LLVMContextSetDiagnosticHandler(c.llvm, on_llvm_diagnostic, &c);
	if (load_inputs(&c, paths, 1, 1))
		tb_diags_print(c.diags, stderr);
	assert_int_equal(tb_diags_error_count(c.diags), 0);
	assert_non_null(c.module);
	assert_non_null(LLVMGetNamedGlobal(c.module, "g"));
	assert_int_equal(globals_with_debug_info(c.module), 1);
	unlink(path);
	LLVMContextDispose(ctx);
	compile_free(&c);
	tb_diags_free(c.diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_tinygo_output),
		cmocka_unit_test(test_drops_the_unattached_entry_and_what_only_it_uses),
		cmocka_unit_test(test_keeps_what_a_string_names),
		cmocka_unit_test(test_keeps_an_entry_referred_to_elsewhere),
		cmocka_unit_test(test_leaves_a_shared_list_alone),
		cmocka_unit_test(test_falls_back_when_the_pruned_text_does_not_parse),
	};

	return cmocka_run_group_tests_name("prune", tests, NULL, NULL);
}
