// SPDX-License-Identifier: MIT
/*
 * prune_dead_debug_globals (src/lib/link/prune.c), which drops from the text
 * the debug info of variables TinyGo deleted, before LLVM parses it.
 *
 * On real TinyGo output ($TINYBPF_TESTDATA/globals.ll and sdk_twins.ll):
 * LLVM's own parser reads the pruned text into a module it verifies, with
 * the same functions and variables as the original; the pruned text
 * describes exactly the variables that exist (one DIGlobalVariableExpression
 * per variable that LLVM says carries debug info), the original hundreds
 * more; it defines only nodes LLVM keeps when it parses it (nothing that
 * only dropped entries used is left behind); it is a fraction of the size;
 * and tb_link makes of it, byte for byte, the object it makes of the
 * unpruned module (given as bitcode, which is never pruned).
 *
 * On small hand-written modules: the exact text it makes; what it must keep
 * (an entry still attached to a variable, a type a kept node also uses, a
 * node a string mentions, a list something else refers to, every line that
 * is no numbered definition); the lists it must leave alone (shared, not
 * plain, named only in a string); node numbers up to its size bound and the
 * highest one; the text's first and last lines, read within its size; NULL
 * when there is nothing to drop; and that load_inputs falls back to the
 * original text when the pruned one does not parse (a definition split over
 * two lines).
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
#include <llvm-c/BitWriter.h>
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

/* "!N = ..." lines of text; a uniqued node (one not marked distinct) counts
 * once per body, as LLVM keeps one node of each: the eight lists the prune
 * leaves empty are one `!{}` once parsed. */
static int compare_bodies(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	size_t lx = strcspn(*x, "\n"), ly = strcspn(*y, "\n");
	int d = memcmp(*x, *y, lx < ly ? lx : ly);

	return d ? d : (lx > ly) - (lx < ly);
}

static size_t nodes_defined(const char *text, size_t size)
{
	const char **bodies = malloc(size / 4 * sizeof(*bodies));
	size_t n = 0, distinct = 0, unique = 0;

	assert_non_null(bodies);
	for (const char *p = text, *end = text + size; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p + 1;

		if (*p == '!' && q < end && *q >= '0' && *q <= '9') {
			while (q < end && *q >= '0' && *q <= '9')
				q++;
			assert_memory_equal(q, " = ", 3);
			q += 3;
			if (!strncmp(q, "distinct ", strlen("distinct ")))
				distinct++;
			else
				bodies[n++] = q;
		}
		p = nl ? nl + 1 : end;
	}
	qsort(bodies, n, sizeof(*bodies), compare_bodies);
	for (size_t i = 0; i < n; i++)
		unique += !i || compare_bodies(&bodies[i - 1], &bodies[i]);
	free(bodies);
	return distinct + unique;
}

/* The metadata nodes LLVM itself writes for mod: only those it reaches from
 * the module (named metadata, attachments), renumbered. */
static size_t nodes_llvm_keeps(LLVMModuleRef mod)
{
	char *printed = LLVMPrintModuleToString(mod);
	size_t n = 0;

	for (const char *p = printed; (p = strchr(p, '\n')); p++)
		n += p[1] == '!' && p[2] >= '0' && p[2] <= '9';
	LLVMDisposeMessage(printed);
	return n;
}

static void link_one(const char *input, const char *output)
{
	const char *inputs[] = { input };
	struct tb_diags *diags = tb_diags_new();
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = output);

	if (tb_link(&opts, diags))
		tb_diags_print(diags, stderr);
	assert_int_equal(tb_diags_error_count(diags), 0);
	tb_diags_free(diags);
}

/* name's TinyGo output, pruned: what LLVM parses from it, and that tb_link
 * makes of it the object it makes of the unpruned module (bitcode, which is
 * never pruned). */
static void check_real_tinygo_output(const char *name)
{
	char *path = testdata_ir(name);
	size_t size, pruned_size, variables;
	char *text = read_whole(path, &size);
	char *pruned = prune_dead_debug_globals(text, size, &pruned_size);
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMModuleRef original, mod;
	char bitcode[] = "/tmp/tinybpf-prune-XXXXXX.bc";
	char *from_text = temp_object_path(), *from_bitcode = temp_object_path();
	char *a, *b;
	size_t a_size, b_size;
	int fd;

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
	/* Every node the pruned text defines is one LLVM keeps: nothing that
	 * only the dropped entries used is left behind. TinyGo's text has no
	 * such node: LLVM keeps all it defines (the dead entries are in the
	 * lists). */
	assert_int_equal(nodes_defined(pruned, pruned_size), nodes_llvm_keeps(mod));
	assert_int_equal(nodes_defined(text, size), nodes_llvm_keeps(original));
	assert_true(nodes_defined(pruned, pruned_size) < nodes_defined(text, size) / 2);
	/* The same object as from the whole module. */
	fd = mkstemps(bitcode, 3);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(LLVMWriteBitcodeToFile(original, bitcode), 0);
	link_one(path, from_text);
	link_one(bitcode, from_bitcode);
	a = read_whole(from_text, &a_size);
	b = read_whole(from_bitcode, &b_size);
	assert_int_equal(a_size, b_size);
	assert_memory_equal(a, b, a_size);
	free(a);
	free(b);
	unlink(bitcode);
	unlink(from_text);
	unlink(from_bitcode);
	free(from_text);
	free(from_bitcode);
	LLVMDisposeModule(original);
	LLVMDisposeModule(mod);
	LLVMContextDispose(ctx);
	free(pruned);
	free(text);
	free(path);
}

static void test_real_tinygo_output(void **state)
{
	check_real_tinygo_output("globals");
}

/* A program on the SDK (maps, helpers, packet headers): more packages. */
static void test_real_tinygo_output_with_the_sdk(void **state)
{
	check_real_tinygo_output("sdk_twins");
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

/* MODULE("TinyGo", ""), pruned, as written by hand: h's entry, its
 * variable, its type and what only that type uses, and !40 are gone; g's
 * type !30 stays; the list keeps g's entry alone. */
static const char pruned_module[] =
	"source_filename = \"m\"\n"
	"target datalayout = \"e-m:e-p:64:64-i64:64-i128:128-n32:64-S128\"\n"
	"target triple = \"bpfel\"\n"
	"\n"
	"@g = global i32 0, !dbg !10\n"
	"\n"
	"!llvm.dbg.cu = !{!0}\n"
	"!llvm.module.flags = !{!2}\n"
	"\n"
	"!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: \"TinyGo\", "
	"isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !5)\n"
	"!1 = !DIFile(filename: \"m.go\", directory: \"/m\")\n"
	"!2 = !{i32 2, !\"Debug Info Version\", i32 3}\n"
	"!5 = !{!10}\n"
	"!10 = !DIGlobalVariableExpression(var: !11, expr: !DIExpression())\n"
	"!11 = distinct !DIGlobalVariable(name: \"g\", scope: !0, file: !1, line: 1, type: !30, "
	"isLocal: false, isDefinition: true)\n"
	"!30 = !DIBasicType(name: \"int32\", size: 32, encoding: DW_ATE_signed)\n";

/* text, pruned, is exactly pruned_module (and parses: pruned_of). */
static void assert_prunes_to_pruned_module(const char *text)
{
	size_t size = 0;
	char *pruned = pruned_of(text, &size);

	assert_int_equal(size, strlen(pruned_module));
	assert_memory_equal(pruned, pruned_module, size);
	free(pruned);
}

static void test_the_pruned_text(void **state)
{
	assert_prunes_to_pruned_module(MODULE("TinyGo", ""));
}

/* A malformed node nothing refers to is dropped unread (prune.c says why that
 * is accepted): the text is then as if it had never been there. */
static void test_drops_a_malformed_node_nothing_refers_to(void **state)
{
	assert_prunes_to_pruned_module(MODULE("TinyGo", "!99 = !DIBogus(x: 1)\n"));
}

/* The text is read within its size, to the last byte and no further (here
 * a buffer of exactly its size, without a final newline or NUL, ending in a
 * node number), and written back without a newline it did not have. */
static void test_reads_within_the_text(void **state)
{
	static const char module[] = MODULE("TinyGo", "");
	static const char last[] = "@h = global i64 0, !dbg !20";
	const char *dead = strstr(module, "!40 = ");
	size_t size = strlen(module) + strlen(last), pruned_size = 0;
	char *text = malloc(size), *pruned;
	char *want;

	assert_non_null(text);
	memcpy(text, module, strlen(module));
	memcpy(text + strlen(module), last, strlen(last));
	pruned = prune_dead_debug_globals(text, size, &pruned_size);
	assert_non_null(pruned);
	/* h's entry attached now: only !40 goes. */
	assert_true(asprintf(&want, "%.*s%s", (int)(dead - module), module, last) > 0);
	assert_int_equal(pruned_size, strlen(want));
	assert_memory_equal(pruned, want, pruned_size);
	free(want);
	free(pruned);
	free(text);
}

/* The unit on the text's first line and @g on its last, then the other way
 * round: both are read (LLVM takes metadata and globals in any order;
 * source_filename and target lines, which must come first, are left out). */
static void test_the_first_and_last_lines(void **state)
{
	static const char module[] = MODULE("TinyGo", "");
	const char *unit = strstr(module, "!0 = "), *unit_end = strchr(unit, '\n') + 1;
	const char *g = strstr(module, "@g = "), *g_end = strchr(g, '\n') + 1;
	int unit_len = (int)(unit_end - unit - 1), g_len = (int)(g_end - g - 1);
	size_t size = 0;
	char *text, *pruned;

	for (int unit_first = 1; unit_first >= 0; unit_first--) {
		/* first, the module from @g on without the unit and @g, last */
		assert_true(asprintf(&text, "%.*s\n%.*s%s%.*s", unit_first ? unit_len : g_len,
				     unit_first ? unit : g, (int)(unit - g_end), g_end, unit_end,
				     unit_first ? g_len : unit_len, unit_first ? g : unit) > 0);
		assert_int_equal(strlen(text), strlen(module) - (size_t)(g - module) - 1);
		pruned = pruned_of(text, &size);
		assert_non_null(memmem(pruned, size, "\n!5 = !{!10}\n", strlen("\n!5 = !{!10}\n")));
		assert_false(defines(pruned, size, 21));
		assert_true(defines(pruned, size, 11));
		if (unit_first) {
			assert_memory_equal(pruned, unit, unit_len + 1);
			assert_memory_equal(pruned + size - g_len - 1, "\n", 1);
			assert_memory_equal(pruned + size - g_len, g, g_len);
		} else {
			assert_memory_equal(pruned, g, g_len + 1);
			assert_memory_equal(pruned + size - unit_len, unit, unit_len);
		}
		free(pruned);
		free(text);
	}
}

/* MODULE with `!K = !{}` added, nothing referring to it, and the producer
 * padded to make the text size bytes. */
static char *module_with_node(unsigned long k, size_t size)
{
	static const char format[] = MODULE("%2$s", "%1$s"); /* EXTRA comes first */
	char node[32], *pad, *text;
	size_t base;

	snprintf(node, sizeof(node), "!%lu = !{}\n", k);
	base = strlen(MODULE("", "")) + strlen(node);
	assert_true(size >= base);
	pad = malloc(size - base + 1);
	assert_non_null(pad);
	memset(pad, 'x', size - base);
	pad[size - base] = '\0';
	assert_true(asprintf(&text, format, node, pad) > 0);
	assert_int_equal(strlen(text), size);
	free(pad);
	return text;
}

/* A node number is taken as LLVM's numbering up to a quarter of the text's
 * size (a definition takes 8 bytes at least); above, the text is left to
 * the parser rather than allocate for numbers that large. */
static void test_node_numbers_up_to_a_quarter_of_the_size(void **state)
{
	size_t size = 0;
	char *text = module_with_node(1000, 4000), *pruned;

	pruned = pruned_of(text, &size);
	assert_false(defines(pruned, size, 1000));
	assert_non_null(memmem(pruned, size, "\n!5 = !{!10}\n", strlen("\n!5 = !{!10}\n")));
	free(pruned);
	free(text);
	text = module_with_node(1000, 4003);
	pruned = pruned_of(text, &size);
	assert_false(defines(pruned, size, 1000));
	free(pruned);
	free(text);
	text = module_with_node(1001, 4003);
	assert_null(prune_dead_debug_globals(text, strlen(text), &size));
	free(text);
	/* 2^40, and a number no size_t holds */
	text = module_with_node(1099511627776UL, 4000);
	assert_null(prune_dead_debug_globals(text, strlen(text), &size));
	free(text);
	{
		static const char huge[] = MODULE("TinyGo", "") "!99999999999999999999999999 = !{}\n";

		assert_null(prune_dead_debug_globals(huge, strlen(huge), &size));
	}
}

/* Lines that look like a definition but are none are roots, kept whole
 * with what they name: an unnamed global (@0), "!" with no number, and a
 * number not followed by " = ". (The text no longer parses: only what the
 * prune makes of it is checked.) */
static void test_lines_that_are_no_definitions(void **state)
{
	static const char text[] = MODULE("TinyGo", "@0 = global i32 7\n"
						   "! = !{!31}\n"
						   "!3= !{!40}\n");
	size_t size = 0;
	char *pruned = prune_dead_debug_globals(text, strlen(text), &size);

	assert_non_null(pruned);
	assert_non_null(memmem(pruned, size, "\n@0 = global i32 7\n! = !{!31}\n!3= !{!40}\n",
			       strlen("\n@0 = global i32 7\n! = !{!31}\n!3= !{!40}\n")));
	assert_true(defines(pruned, size, 0));
	assert_true(defines(pruned, size, 31));
	assert_true(defines(pruned, size, 40));
	assert_false(defines(pruned, size, 21));
	assert_non_null(memmem(pruned, size, "\n!5 = !{!10}\n", strlen("\n!5 = !{!10}\n")));
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

/* Only a unit's `globals:` field names a list to prune: here a string of
 * another node says "globals: !41", and !41 is kept whole, with !31. */
static void test_only_a_unit_names_a_list(void **state)
{
	static const char text[] = MODULE("TinyGo", "!named = !{!50}\n"
						    "!50 = !{!\"globals: !41\"}\n"
						    "!41 = !{!31}\n");
	size_t size;
	char *pruned = pruned_of(text, &size);

	assert_non_null(memmem(pruned, size, "\n!41 = !{!31}\n", strlen("\n!41 = !{!31}\n")));
	assert_true(defines(pruned, size, 31));
	assert_non_null(memmem(pruned, size, "\n!5 = !{!10}\n", strlen("\n!5 = !{!10}\n")));
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

/* text with each `from` replaced by `to` */
static char *replaced(const char *text, const char *from, const char *to)
{
	size_t n = occurrences(text, strlen(text), from);
	char *out = malloc(strlen(text) + n * strlen(to) + 1), *w = out;
	const char *p = text, *q;

	assert_true(n > 0);
	assert_non_null(out);
	while ((q = strstr(p, from))) {
		memcpy(w, p, (size_t)(q - p));
		w += q - p;
		memcpy(w, to, strlen(to));
		w += strlen(to);
		p = q + strlen(from);
	}
	strcpy(w, p);
	return out;
}

/* The unit's list may be anything but a plain list of node numbers: then
 * it is left as it is, never rewritten (nor repaired), though a second
 * unit's list (empty) is pruned and !40 goes. */
static void test_leaves_other_lists_alone(void **state)
{
	static const char *const lists[] = {
		"!{!10, !20",		/* no closing brace */
		"!{i32 1, !10, !20}",	/* not only nodes */
		"!{!10, !20, null}",
		"distinct !{!10, !20}", /* not uniqued */
	};
	static const char two_units[] = MODULE(
		"TinyGo", "!60 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, "
			  "producer: \"TinyGo\", isOptimized: true, runtimeVersion: 0, "
			  "emissionKind: FullDebug, globals: !61)\n"
			  "!61 = !{}\n");

	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		char *units = replaced(two_units, "!llvm.dbg.cu = !{!0}", "!llvm.dbg.cu = !{!0, !60}");
		char *text = replaced(units, "!{!10, !20}", lists[i]), *line, *pruned;
		size_t size = 0;

		assert_true(asprintf(&line, "\n!5 = %s\n", lists[i]) > 0);
		pruned = prune_dead_debug_globals(text, strlen(text), &size);
		assert_non_null(pruned);
		assert_non_null(memmem(pruned, size, line, strlen(line)));
		assert_true(defines(pruned, size, 21));
		assert_true(defines(pruned, size, 61));
		assert_false(defines(pruned, size, 40));
		free(pruned);
		free(line);
		free(text);
		free(units);
	}
}

/* A node defined twice is left to the parser, which refuses it. */
static void test_a_node_defined_twice(void **state)
{
	static const char text[] = MODULE("TinyGo", "!40 = !{}\n");
	size_t size = 0;

	assert_null(prune_dead_debug_globals(text, strlen(text), &size));
}

/* An empty list is a list: what nothing refers to (!40) still goes. */
static void test_an_empty_list(void **state)
{
	char *text = replaced(MODULE("TinyGo", "!more = !{!20}\n"), "!{!10, !20}", "!{}");
	size_t size;
	char *pruned = pruned_of(text, &size);

	assert_int_equal(size, strlen(text) - strlen(strstr(text, "!40 = ")));
	assert_memory_equal(pruned, text, size);
	free(pruned);
	free(text);
}

/* Nothing to drop (every entry attached or listed elsewhere, every node
 * referred to): NULL, as link.h says, not a copy. */
static void test_nothing_to_drop(void **state)
{
	static const char text[] = MODULE("TinyGo", "!more = !{!20, !40}\n");
	size_t size = 0;

	assert_null(prune_dead_debug_globals(text, strlen(text), &size));
}

/* MODULE with nodes !a and !b swapped */
static char *swapped(const char *text, const char *a, const char *b)
{
	char *t1 = replaced(text, a, "!@"), *t2 = replaced(t1, b, a), *t3 = replaced(t2, "!@", b);

	free(t1);
	free(t2);
	return t3;
}

/* The list as the highest node number, then as !0; an entry as the
 * highest; !0 as the one node dropped. */
static void test_the_lowest_and_highest_node_numbers(void **state)
{
	char *text = replaced(MODULE("TinyGo", ""), "!5", "!99"), *pruned;
	size_t size;

	pruned = pruned_of(text, &size);
	assert_non_null(memmem(pruned, size, "\n!99 = !{!10}\n", strlen("\n!99 = !{!10}\n")));
	assert_false(defines(pruned, size, 21));
	free(pruned);
	free(text);
	text = swapped(MODULE("TinyGo", ""), "!0", "!5");
	pruned = pruned_of(text, &size);
	assert_non_null(memmem(pruned, size, "\n!0 = !{!10}\n", strlen("\n!0 = !{!10}\n")));
	assert_false(defines(pruned, size, 21));
	free(pruned);
	free(text);
	text = replaced(MODULE("TinyGo", ""), "!10", "!99");
	pruned = pruned_of(text, &size);
	assert_non_null(memmem(pruned, size, "\n!5 = !{!99}\n", strlen("\n!5 = !{!99}\n")));
	assert_true(defines(pruned, size, 99));
	assert_false(defines(pruned, size, 21));
	free(pruned);
	free(text);
	/* h's entry listed elsewhere too: !0, the unused type now, alone goes */
	text = swapped(MODULE("TinyGo", "!more = !{!20}\n"), "!0", "!40");
	pruned = pruned_of(text, &size);
	assert_int_equal(size, strlen(text) - strlen(strstr(text, "!0 = ")));
	assert_memory_equal(pruned, text, size);
	free(pruned);
	free(text);
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
		cmocka_unit_test(test_real_tinygo_output_with_the_sdk),
		cmocka_unit_test(test_drops_the_unattached_entry_and_what_only_it_uses),
		cmocka_unit_test(test_the_pruned_text),
		cmocka_unit_test(test_drops_a_malformed_node_nothing_refers_to),
		cmocka_unit_test(test_reads_within_the_text),
		cmocka_unit_test(test_the_first_and_last_lines),
		cmocka_unit_test(test_node_numbers_up_to_a_quarter_of_the_size),
		cmocka_unit_test(test_lines_that_are_no_definitions),
		cmocka_unit_test(test_keeps_what_a_string_names),
		cmocka_unit_test(test_keeps_an_entry_referred_to_elsewhere),
		cmocka_unit_test(test_only_a_unit_names_a_list),
		cmocka_unit_test(test_leaves_a_shared_list_alone),
		cmocka_unit_test(test_leaves_other_lists_alone),
		cmocka_unit_test(test_an_empty_list),
		cmocka_unit_test(test_nothing_to_drop),
		cmocka_unit_test(test_the_lowest_and_highest_node_numbers),
		cmocka_unit_test(test_a_node_defined_twice),
		cmocka_unit_test(test_falls_back_when_the_pruned_text_does_not_parse),
	};

	return cmocka_run_group_tests_name("prune", tests, NULL, NULL);
}
