// SPDX-License-Identifier: MIT
/*
 * The helpers pass, against sources that are not ours:
 *  - every helper of the UAPI header's __BPF_FUNC_MAPPER, declared both ways
 *    (//export bpf_name and Go's bpfName), becomes a call of the id the
 *    compiler gives BPF_FUNC_name, with the argument count of libbpf's
 *    bpf_helper_defs.h; a wrong count is refused, naming the helper;
 *  - on this kernel, the helper each call reaches returns what that helper
 *    returns: bpf_ktime_get_ns within CLOCK_MONOTONIC read around the run,
 *    bpf_ktime_get_boot_ns within CLOCK_BOOTTIME, the coarse clock within
 *    CLOCK_MONOTONIC_COARSE, the TAI clock within CLOCK_TAI, and the pid,
 *    tid, uid and gid this process has ($TINYBPF_TESTDATA/helper_clocks.ll,
 *    real TinyGo output).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <llvm-c/IRReader.h>

#include "../../../src/lib/internal.h"
#include "../../../src/lib/passes/passes.h"
#include "../../testdata.h"

/* The kernel's numbering: the compiler's value of each BPF_FUNC_ enumerator. */
struct uapi_helper {
	const char *name;
	long id;
};

#define UAPI_HELPER(name, value, ...) { #name, BPF_FUNC_##name },
static const struct uapi_helper uapi[] = { ___BPF_FUNC_MAPPER(UAPI_HELPER) };
#undef UAPI_HELPER

/* libbpf's declaration of a helper: its id, how many arguments it takes, and
 * the LLVM type each argument and the result have in C (a pointer is ptr, an
 * integer as wide as its C type). */
struct libbpf_helper {
	char name[64];
	long id;
	int args;
	bool variadic;
	char ret[8];
	char arg[8][8];
};

/* "const void *ptr" -> "ptr", "__u32 size" -> "i32": the C type's LLVM type. */
static void llvm_type_of(const char *c, char *out, size_t size)
{
	static const struct {
		const char *word;
		const char *type;
	} ints[] = {
		{ "__u64", "i64" }, { "__s64", "i64" }, { "long", "i64" }, { "unsigned long", "i64" },
		{ "__u32", "i32" }, { "__wsum", "i32" },
		{ "__s32", "i32" }, { "__be32", "i32" }, { "int", "i32" }, { "__u16", "i16" },
		{ "__be16", "i16" }, { "__u8", "i8" }, { "char", "i8" }, { "enum", "i32" },
	};

	if (strchr(c, '*')) {
		snprintf(out, size, "ptr");
		return;
	}
	while (*c == ' ')
		c++;
	if (!strncmp(c, "const ", 6))
		c += 6;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (!strncmp(c, ints[i].word, strlen(ints[i].word))) {
			snprintf(out, size, "%s", ints[i].type);
			return;
		}
	fail_msg("bpf_helper_defs.h: no LLVM type known for \"%s\"", c);
}

static size_t read_libbpf_helpers(struct libbpf_helper *out, size_t max)
{
	FILE *f = fopen("/usr/include/bpf/bpf_helper_defs.h", "r");
	char line[1024];
	size_t n = 0;

	assert_non_null(f); /* libbpf-dev */
	while (fgets(line, sizeof(line), f) && n < max) {
		/* static long (* const bpf_name)(args) = (void *) id; */
		char *start = strstr(line, "(* const bpf_"), *args, *close, *id;
		struct libbpf_helper *h = &out[n];

		if (strncmp(line, "static ", 7) || !start)
			continue;
		start += strlen("(* const bpf_");
		close = strchr(start, ')');
		assert_non_null(close);
		snprintf(h->name, sizeof(h->name), "%.*s", (int)(close - start), start);
		args = close + 2;
		close = strstr(args, ") = (void *) ");
		assert_non_null(close);
		id = close + strlen(") = (void *) ");
		h->id = strtol(id, NULL, 10);
		*close = '\0';
		h->variadic = strstr(args, "...") != NULL;
		h->args = 0;
		if (strcmp(args, "void")) {
			char *save, *arg;

			for (arg = strtok_r(args, ",", &save); arg; arg = strtok_r(NULL, ",", &save)) {
				if (strstr(arg, "..."))
					break;
				assert_true(h->args < 8);
				llvm_type_of(arg, h->arg[h->args], sizeof(h->arg[0]));
				h->args++;
			}
		}
		*strstr(line, "(* const bpf_") = '\0';
		if (strstr(line + 7, "void *") || strchr(line + 7, '*'))
			snprintf(h->ret, sizeof(h->ret), "ptr");
		else if (strstr(line + 7, "void "))
			snprintf(h->ret, sizeof(h->ret), "void");
		else
			llvm_type_of(line + 7, h->ret, sizeof(h->ret));
		n++;
	}
	fclose(f);
	return n;
}

static const struct libbpf_helper *libbpf_helper(const struct libbpf_helper *all, size_t n,
						 const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(all[i].name, name))
			return &all[i];
	return NULL;
}

/* bpf_ktime_get_ns -> bpfKtimeGetNs, as a Go program declares it. */
static void go_name(const char *name, char *out, size_t size)
{
	size_t n = (size_t)snprintf(out, size, "bpf");
	bool upper = true;

	for (; *name && n + 1 < size; name++) {
		if (*name == '_') {
			upper = true;
			continue;
		}
		out[n++] = upper && *name >= 'a' && *name <= 'z' ? (char)(*name - 'a' + 'A') : *name;
		upper = false;
	}
	out[n] = '\0';
}

struct fixture {
	struct settings settings;
	struct compile c;
};

/* A module declaring each helper both ways, with `extra` arguments more
 * than libbpf's count, and a function calling each declaration. */
static void build_module(struct fixture *f, const struct libbpf_helper *defs, size_t ndefs,
			 int extra)
{
	size_t cap = 1 << 20, len = 0;
	char *ir = malloc(cap), *msg = NULL;
	LLVMMemoryBufferRef buffer;

	assert_non_null(ir);
	for (size_t i = 0; i < ARRAY_SIZE(uapi); i++) {
		const struct libbpf_helper *d = libbpf_helper(defs, ndefs, uapi[i].name);
		char go[128], params[256] = "", args[256] = "";
		int nargs;

		if (!uapi[i].id)
			continue; /* unspec */
		assert_non_null(d);
		nargs = d->args + extra;
		for (int a = 0; a < nargs; a++) {
			/* past libbpf's count (extra, or a variadic helper's): 64-bit */
			const char *t = a < d->args ? d->arg[a] : "i64";

			snprintf(params + strlen(params), sizeof(params) - strlen(params), "%s%s",
				 a ? ", " : "", t);
			snprintf(args + strlen(args), sizeof(args) - strlen(args), "%s%s %s",
				 a ? ", " : "", t, strcmp(t, "ptr") ? "0" : "null");
		}
		go_name(uapi[i].name, go, sizeof(go));
		/* call_c_NAME and call_go_NAME return what the helper returns */
		const char *r = d->ret, *ret_kind = strcmp(r, "void") ? r : "void";
		const char *take = strcmp(r, "void") ? "%r = " : "";
		const char *give = strcmp(r, "void") ? " %r" : "";

		len += (size_t)snprintf(ir + len, cap - len,
					"declare %s @bpf_%s(%s)\n"
					"define %s @call_c_%s() {\n  %scall %s @bpf_%s(%s)\n  ret %s%s\n}\n"
					"declare %s @\"main.%s\"(%s%sptr)\n"
					"define %s @call_go_%s() {\n  %scall %s @\"main.%s\"(%s%sptr null)\n  ret %s%s\n}\n",
					r, uapi[i].name, params, ret_kind, uapi[i].name, take, r,
					uapi[i].name, args, ret_kind, give, r, go, params, nargs ? ", " : "",
					ret_kind, uapi[i].name, take, r, go, args, nargs ? ", " : "", ret_kind,
					give);
		assert_true(len < cap);
	}
	f->c.settings = &f->settings;
	f->c.diags = tb_diags_new();
	f->c.llvm = LLVMContextCreate();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, len, "helpers.ll");
	if (LLVMParseIRInContext(f->c.llvm, buffer, &f->c.module, &msg))
		fail_msg("%s", msg);
	free(ir);
}

static void fixture_free(struct fixture *f)
{
	LLVMDisposeModule(f->c.module);
	LLVMContextDispose(f->c.llvm);
	tb_diags_free(f->c.diags);
}

/* The helper id a caller's one call now calls: inttoptr (i64 id to ptr). */
static long called_id(LLVMModuleRef m, const char *caller)
{
	LLVMValueRef f = LLVMGetNamedFunction(m, caller), callee;

	assert_non_null(f);
	for (LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(f)); i;
	     i = LLVMGetNextInstruction(i)) {
		if (!LLVMIsACallInst(i))
			continue;
		callee = LLVMGetCalledValue(i);
		if (!LLVMIsAConstantExpr(callee) || LLVMGetConstOpcode(callee) != LLVMIntToPtr)
			fail_msg("%s still calls %s", caller, LLVMGetValueName(callee));
		return (long)LLVMConstIntGetZExtValue(LLVMGetOperand(callee, 0));
	}
	fail_msg("%s has no call", caller);
	return -1;
}

static void test_every_uapi_helper_gets_the_kernels_id(void **state)
{
	static struct libbpf_helper defs[512];
	size_t ndefs = read_libbpf_helpers(defs, ARRAY_SIZE(defs)), checked = 0;
	struct fixture f = { 0 };

	assert_true(ndefs > 200);
	build_module(&f, defs, ndefs, 0);
	if (pass_helpers(&f.c) || tb_diags_count(f.c.diags)) {
		tb_diags_print(f.c.diags, stderr);
		fail_msg("pass_helpers refused a UAPI helper");
	}
	for (size_t i = 0; i < ARRAY_SIZE(uapi); i++) {
		char caller[128];

		if (!uapi[i].id)
			continue;
		/* the two sources agree with each other first */
		assert_int_equal(libbpf_helper(defs, ndefs, uapi[i].name)->id, uapi[i].id);
		snprintf(caller, sizeof(caller), "call_c_%s", uapi[i].name);
		if (called_id(f.c.module, caller) != uapi[i].id)
			fail_msg("bpf_%s: helper %ld, the kernel's is %ld", uapi[i].name,
				 called_id(f.c.module, caller), uapi[i].id);
		snprintf(caller, sizeof(caller), "call_go_%s", uapi[i].name);
		if (called_id(f.c.module, caller) != uapi[i].id)
			fail_msg("Go's bpf%s: helper %ld, the kernel's is %ld", uapi[i].name,
				 called_id(f.c.module, caller), uapi[i].id);
		checked++;
	}
	assert_true(checked > 200);
	fixture_free(&f);
}

/* A variadic helper takes from its fixed arguments up to five, BPF's most. */
static void test_variadic_helpers_take_up_to_five_arguments(void **state)
{
	for (int n = 1; n <= 6; n++) {
		struct fixture f = { 0 };
		char ir[512], params[64] = "", args[64] = "", *msg = NULL;
		LLVMMemoryBufferRef buffer;
		int err;

		/* bpf_trace_printk(const char *fmt, u32 fmt_size, ...) */
		for (int a = 0; a < n; a++) {
			strcat(params, a == 0 ? "ptr" : a == 1 ? ", i32" : ", i64");
			strcat(args, a == 0 ? "ptr null" : a == 1 ? ", i32 0" : ", i64 0");
		}
		snprintf(ir, sizeof(ir),
			 "declare i64 @bpf_trace_printk(%s)\n"
			 "define i64 @f() {\n  %%r = call i64 @bpf_trace_printk(%s)\n  ret i64 %%r\n}\n",
			 params, args);
		f.c.settings = &f.settings;
		f.c.diags = tb_diags_new();
		f.c.llvm = LLVMContextCreate();
		buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "printk.ll");
		assert_int_equal(LLVMParseIRInContext(f.c.llvm, buffer, &f.c.module, &msg), 0);
		err = pass_helpers(&f.c);
		/* bpf_trace_printk(fmt, fmt_size, ...): two fixed */
		if ((err == 0) != (n >= 2 && n <= 5))
			fail_msg("bpf_trace_printk with %d arguments: %s", n, err ? "refused" : "accepted");
		fixture_free(&f);
	}
}

/* bpf_trace_printk's variadic arguments travel in registers: a pointer or an
 * integer of 1 to 8 bytes is taken as it is; an integer that is no whole
 * number of bytes up to 8 (i1, i128) is refused, as for a fixed argument. */
static void test_a_variadic_argument_is_any_register_value(void **state)
{
	static const struct {
		const char *type;
		bool accepted;
	} cases[] = {
		{ "ptr", true }, { "i8", true },  { "i16", true },
		{ "i32", true }, { "i64", true }, { "i1", false }, { "i128", false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fixture f = { 0 };
		char ir[512], *msg = NULL;
		LLVMMemoryBufferRef buffer;
		int err;

		snprintf(ir, sizeof(ir),
			 "declare i64 @bpf_trace_printk(ptr, i32, %s)\n"
			 "define i64 @f(%s %%a) {\n"
			 "  %%r = call i64 @bpf_trace_printk(ptr null, i32 0, %s %%a)\n"
			 "  ret i64 %%r\n}\n",
			 cases[i].type, cases[i].type, cases[i].type);
		f.c.settings = &f.settings;
		f.c.diags = tb_diags_new();
		f.c.llvm = LLVMContextCreate();
		buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "printk.ll");
		assert_int_equal(LLVMParseIRInContext(f.c.llvm, buffer, &f.c.module, &msg), 0);
		err = pass_helpers(&f.c);
		if ((err == 0) != cases[i].accepted)
			fail_msg("bpf_trace_printk with a variadic %s: %s", cases[i].type,
				 err ? "refused" : "accepted");
		assert_int_equal(tb_diags_error_count(f.c.diags), cases[i].accepted ? 0 : 1);
		fixture_free(&f);
	}
}

/* One argument too many: refused for every helper that is not variadic, with
 * a message naming it and libbpf's count; a variadic one takes up to five. */
static void test_a_wrong_argument_count_is_refused(void **state)
{
	static struct libbpf_helper defs[512];
	size_t ndefs = read_libbpf_helpers(defs, ARRAY_SIZE(defs)), fixed = 0;
	struct fixture f = { 0 };
	char *all;
	size_t size = 0;
	FILE *mem;

	build_module(&f, defs, ndefs, 1);
	assert_int_not_equal(pass_helpers(&f.c), 0);
	mem = open_memstream(&all, &size);
	tb_diags_print(f.c.diags, mem);
	fclose(mem);
	for (size_t i = 0; i < ARRAY_SIZE(uapi); i++) {
		const struct libbpf_helper *d = libbpf_helper(defs, ndefs, uapi[i].name);
		char want[256], go[128];

		if (!uapi[i].id)
			continue;
		go_name(uapi[i].name, go, sizeof(go));
		if (d->variadic) {
			snprintf(want, sizeof(want), "%s declares", go);
			if (d->args + 1 <= 5 && strstr(all, want))
				fail_msg("variadic bpf_%s refused with %d arguments", d->name, d->args + 1);
			continue;
		}
		snprintf(want, sizeof(want), "bpf_%s declares %d argument%s, but bpf_%s takes %d\n",
			 d->name, d->args + 1, d->args + 1 == 1 ? "" : "s", d->name, d->args);
		if (!strstr(all, want))
			fail_msg("no \"%s\" in:\n%s", want, all);
		snprintf(want, sizeof(want), "%s declares %d argument%s, but bpf_%s takes %d\n", go,
			 d->args + 1, d->args + 1 == 1 ? "" : "s", d->name, d->args);
		if (!strstr(all, want))
			fail_msg("no \"%s\" in:\n%s", want, all);
		fixed++;
	}
	/* two errors for each fixed-count helper, none for the variadic ones */
	assert_int_equal(tb_diags_count(f.c.diags), 2 * fixed);
	free(all);
	fixture_free(&f);
}

/* A name longer than any helper's, both ways: refused, with no guess, and
 * never written past the buffers the names are folded into. */
static void test_a_long_unknown_name_is_refused(void **state)
{
	struct fixture f = { 0 };
	char ir[4096], name[201], *msg = NULL;
	LLVMMemoryBufferRef buffer;
	char *all;
	size_t size = 0;
	FILE *mem;

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(ir, sizeof(ir),
		 "declare i64 @\"main.bpfX%s\"(ptr)\n"
		 "define i64 @a() {\n  %%r = call i64 @\"main.bpfX%s\"(ptr null)\n  ret i64 %%r\n}\n"
		 "declare i64 @bpf_%s()\n"
		 "define i64 @b() {\n  %%r = call i64 @bpf_%s()\n  ret i64 %%r\n}\n",
		 name, name, name, name);
	f.c.settings = &f.settings;
	f.c.diags = tb_diags_new();
	f.c.llvm = LLVMContextCreate();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "long.ll");
	assert_int_equal(LLVMParseIRInContext(f.c.llvm, buffer, &f.c.module, &msg), 0);
	assert_int_not_equal(pass_helpers(&f.c), 0);
	assert_int_equal(tb_diags_count(f.c.diags), 2);
	mem = open_memstream(&all, &size);
	tb_diags_print(f.c.diags, mem);
	fclose(mem);
	assert_non_null(strstr(all, "bpfXxxxxxxxx"));
	assert_non_null(strstr(all, "is not a BPF helper (a kernel function, a kfunc, is declared as bpfKfunc<Name>)"));
	assert_null(strstr(all, "did you mean"));
	free(all);
	fixture_free(&f);
}

/* "Did you mean": the helper nearest by edit distance, up to 4 edits (the
 * expectations from a plain Levenshtein distance over the UAPI names, the
 * first of equals in the kernel's order). */
static void test_a_misspelt_name_gets_the_nearest_helper(void **state)
{
	static const struct {
		const char *name, *message;
	} cases[] = {
		{ "bpfGetCurrentPidTgidXxxx", "did you mean bpf_get_current_pid_tgid (helper 14)?" },
		{ "bpfKcam", "did you mean bpf_bind (helper 64)?" },
		{ "bpfMapLookupElemX", "did you mean bpf_map_lookup_elem (helper 1)?" }, /* the first */
		{ "bpfGetCurrentPidTgidXxxxx", "is not a BPF helper (a kernel function" }, /* 5 edits */
		{ "bpfPidTgid", "is not a BPF helper (a kernel function" },		   /* 5 edits */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fixture f = { 0 };
		char ir[512], *msg = NULL, *all;
		size_t size = 0;
		FILE *mem;
		LLVMMemoryBufferRef buffer;

		snprintf(ir, sizeof(ir),
			 "declare i64 @\"main.%s\"(ptr)\n"
			 "define i64 @a() {\n  %%r = call i64 @\"main.%s\"(ptr null)\n  ret i64 %%r\n}\n",
			 cases[i].name, cases[i].name);
		f.c.settings = &f.settings;
		f.c.diags = tb_diags_new();
		f.c.llvm = LLVMContextCreate();
		buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "guess.ll");
		assert_int_equal(LLVMParseIRInContext(f.c.llvm, buffer, &f.c.module, &msg), 0);
		assert_int_not_equal(pass_helpers(&f.c), 0);
		mem = open_memstream(&all, &size);
		tb_diags_print(f.c.diags, mem);
		fclose(mem);
		if (!strstr(all, cases[i].message))
			fail_msg("%s: no \"%s\" in: %s", cases[i].name, cases[i].message, all);
		free(all);
		fixture_free(&f);
	}
}

/* What is not a call of a helper is left alone: a declaration without a
 * package that is not bpf_ (a C function), a helper's use as a value, and a
 * declaration that is never called (only calls are judged). */
static void test_only_helper_calls_are_rewritten(void **state)
{
	static const char ir[] =
		"declare i64 @abs(i64)\n"
		"declare i64 @bpf_ktime_get_ns()\n"
		"declare i64 @\"main.bpfNoSuchHelper\"(ptr)\n"
		"define i64 @f(ptr %slot) {\n"
		"  store ptr @bpf_ktime_get_ns, ptr %slot\n"
		"  store ptr @\"main.bpfNoSuchHelper\", ptr %slot\n"
		"  %a = call i64 @abs(i64 -1)\n"
		"  %t = call i64 @bpf_ktime_get_ns()\n"
		"  %r = add i64 %a, %t\n"
		"  ret i64 %r\n"
		"}\n";
	struct fixture f = { 0 };
	char *msg = NULL;
	LLVMMemoryBufferRef buffer;
	LLVMValueRef fn, abs_fn, helper;
	unsigned calls = 0;

	f.c.settings = &f.settings;
	f.c.diags = tb_diags_new();
	f.c.llvm = LLVMContextCreate();
	buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "uses.ll");
	assert_int_equal(LLVMParseIRInContext(f.c.llvm, buffer, &f.c.module, &msg), 0);
	assert_int_equal(pass_helpers(&f.c), 0);
	assert_int_equal(tb_diags_count(f.c.diags), 0);
	abs_fn = LLVMGetNamedFunction(f.c.module, "abs");
	helper = LLVMGetNamedFunction(f.c.module, "bpf_ktime_get_ns");
	assert_non_null(abs_fn);
	assert_non_null(helper); /* still stored: still declared */
	assert_non_null(LLVMGetNamedFunction(f.c.module, "main.bpfNoSuchHelper"));
	fn = LLVMGetNamedFunction(f.c.module, "f");
	for (LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(fn)); i;
	     i = LLVMGetNextInstruction(i)) {
		if (LLVMIsAStoreInst(i))
			assert_true(LLVMGetOperand(i, 0) == helper ||
				    LLVMGetOperand(i, 0) == LLVMGetNamedFunction(f.c.module, "main.bpfNoSuchHelper"));
		if (!LLVMIsACallInst(i))
			continue;
		if (calls++ == 0) {
			assert_ptr_equal(LLVMGetCalledValue(i), abs_fn);
		} else {
			LLVMValueRef callee = LLVMGetCalledValue(i);

			assert_true(LLVMIsAConstantExpr(callee) && LLVMGetConstOpcode(callee) == LLVMIntToPtr);
			assert_int_equal(LLVMConstIntGetZExtValue(LLVMGetOperand(callee, 0)), BPF_FUNC_ktime_get_ns);
		}
	}
	assert_int_equal(calls, 2);
	fixture_free(&f);
}

static uint64_t now(clockid_t clock)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(clock, &ts), 0);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct run {
	uint64_t out[6];
	uint64_t before[4], after[4]; /* monotonic, boottime, coarse, tai */
};

static const clockid_t clocks[4] = { CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_MONOTONIC_COARSE,
				     CLOCK_TAI };

static struct bpf_object *clocks_object;
static struct run runs[5];

/* Links helper_clocks with tinybpf, loads it with libbpf and runs it five
 * times, reading each clock just before and just after every run. */
static int load_and_run(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct bpf_program *prog, *coarse;
	struct bpf_map *bss;
	int zero = 0;
	char packet[64] = { 0 };

	if (geteuid() != 0) {
		free(out);
		tb_diags_free(diags);
		return 0; /* the tests skip, each saying why */
	}
	if (link_testdata("helper_clocks", out, NULL, 0, NULL, diags)) {
		tb_diags_print(diags, stderr);
		return -1;
	}
	clocks_object = bpf_object__open_file(out, NULL);
	unlink(out);
	free(out);
	tb_diags_free(diags);
	if (!clocks_object || bpf_object__load(clocks_object))
		return -1;
	prog = bpf_object__find_program_by_name(clocks_object, "read_clocks");
	coarse = bpf_object__find_program_by_name(clocks_object, "read_coarse");
	bss = bpf_object__find_map_by_name(clocks_object, ".bss");
	if (!prog || !coarse || !bss || bpf_map__value_size(bss) != sizeof(runs[0].out))
		return -1;
	for (size_t r = 0; r < ARRAY_SIZE(runs); r++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts);
		LIBBPF_OPTS(bpf_test_run_opts, xdp, .data_in = packet, .data_size_in = sizeof(packet));

		for (int c = 0; c < 4; c++)
			runs[r].before[c] = now(clocks[c]);
		if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) || opts.retval ||
		    bpf_prog_test_run_opts(bpf_program__fd(coarse), &xdp) || xdp.retval != 2)
			return -1;
		for (int c = 3; c >= 0; c--)
			runs[r].after[c] = now(clocks[c]);
		if (bpf_map_lookup_elem(bpf_map__fd(bss), &zero, runs[r].out))
			return -1;
	}
	return 0;
}

static int unload(void **state)
{
	bpf_object__close(clocks_object);
	return 0;
}

/* A cmocka skip, with the line tests/run.sh names it by. */
#define SKIP_BECAUSE(test, ...)                                   \
	do {                                                      \
		print_message("SKIP %s: ", test);                 \
		print_message(__VA_ARGS__);                       \
		print_message("\n");                              \
		skip();                                           \
	} while (0)

static void assert_clock(int helper_slot, int clock, const char *helper, const char *clock_name)
{
	if (!clocks_object)
		SKIP_BECAUSE(helper, "loading BPF programs needs root");
	for (size_t r = 0; r < ARRAY_SIZE(runs); r++) {
		uint64_t v = runs[r].out[helper_slot];

		if (v < runs[r].before[clock] || v > runs[r].after[clock])
			fail_msg("run %zu (%s): the helper returned %llu, outside %s's %llu..%llu read around the run",
				 r, helper, (unsigned long long)v, clock_name,
				 (unsigned long long)runs[r].before[clock],
				 (unsigned long long)runs[r].after[clock]);
	}
}

static void test_ktime_get_ns_is_the_monotonic_clock(void **state)
{
	assert_clock(0, 0, "test_ktime_get_ns_is_the_monotonic_clock", "CLOCK_MONOTONIC");
}

static void test_ktime_get_coarse_ns_is_the_coarse_clock(void **state)
{
	/* a coarse value lags the fine clock by up to a tick: if helper 5 stood
	 * in for 160 (or 160 for 5), five runs out of five inside the other
	 * clock's window would take five ticks landing inside microseconds */
	assert_clock(2, 2, "test_ktime_get_coarse_ns_is_the_coarse_clock", "CLOCK_MONOTONIC_COARSE");
}

static void test_ktime_get_tai_ns_is_the_tai_clock(void **state)
{
	assert_clock(3, 3, "test_ktime_get_tai_ns_is_the_tai_clock", "CLOCK_TAI");
}

static void test_ktime_get_boot_ns_is_the_boottime_clock(void **state)
{
	assert_clock(1, 1, "test_ktime_get_boot_ns_is_the_boottime_clock", "CLOCK_BOOTTIME");
	/* Whether this tells helper 125 from helper 5: only where the machine
	 * has been suspended, so that the two clocks differ by more than the
	 * window. Where they do not, say so: the id check above still does. */
	for (size_t r = 0; r < ARRAY_SIZE(runs); r++)
		if (runs[r].before[1] > runs[r].after[0] || runs[r].after[1] < runs[r].before[0])
			return; /* the windows do not overlap: the values tell them apart */
	SKIP_BECAUSE("test_ktime_get_boot_ns_is_the_boottime_clock",
		     "CLOCK_BOOTTIME equals CLOCK_MONOTONIC on this machine (never suspended), so "
		     "helper 125's value cannot be told from helper 5's here; the id test does");
}

static void test_pid_tgid_and_uid_gid_are_this_process(void **state)
{
	uint64_t pid_tgid = (uint64_t)getpid() << 32 | (uint32_t)syscall(SYS_gettid);
	uint64_t uid_gid = (uint64_t)getgid() << 32 | (uint32_t)getuid();

	if (!clocks_object)
		SKIP_BECAUSE("test_pid_tgid_and_uid_gid_are_this_process", "loading BPF programs needs root");
	for (size_t r = 0; r < ARRAY_SIZE(runs); r++) {
		assert_int_equal(runs[r].out[4], pid_tgid);
		assert_int_equal(runs[r].out[5], uid_gid);
	}
}

int main(void)
{
	const struct CMUnitTest ids[] = {
		cmocka_unit_test(test_every_uapi_helper_gets_the_kernels_id),
		cmocka_unit_test(test_a_wrong_argument_count_is_refused),
		cmocka_unit_test(test_a_long_unknown_name_is_refused),
		cmocka_unit_test(test_a_misspelt_name_gets_the_nearest_helper),
		cmocka_unit_test(test_only_helper_calls_are_rewritten),
		cmocka_unit_test(test_variadic_helpers_take_up_to_five_arguments),
		cmocka_unit_test(test_a_variadic_argument_is_any_register_value),
	};
	const struct CMUnitTest kernel[] = {
		cmocka_unit_test(test_ktime_get_ns_is_the_monotonic_clock),
		cmocka_unit_test(test_ktime_get_coarse_ns_is_the_coarse_clock),
		cmocka_unit_test(test_ktime_get_tai_ns_is_the_tai_clock),
		cmocka_unit_test(test_pid_tgid_and_uid_gid_are_this_process),
		cmocka_unit_test(test_ktime_get_boot_ns_is_the_boottime_clock),
	};

	return cmocka_run_group_tests_name("helper ids", ids, NULL, NULL) |
	       cmocka_run_group_tests_name("helpers on this kernel", kernel, load_and_run, unload);
}
