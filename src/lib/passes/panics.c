// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "passes.h"

/*
 * With -panic=trap every Go panic (failed bounds or nil check, explicit
 * panic) ends in llvm.trap, which BPF cannot execute. Many of those checks
 * are provably dead once optimised, so the verdict waits until after
 * optimisation: each trap becomes a call to its own marker function, which
 * the optimiser treats as an unknown no-return call and never merges with
 * another; markers still present afterwards are real panic sites.
 */

struct cause {
	const char *block_prefix; /* TinyGo names the failing branch "<prefix>.throw" */
	const char *text;
};

static const struct cause causes[] = {
	{ "lookup", "index out of range" },
	{ "slice", "slice bounds out of range" },
	{ "gep", "nil pointer dereference" },
	{ "deref", "nil pointer dereference" },
	{ "store", "nil pointer dereference" },
	{ "divbyzero", "integer divide by zero" },
	{ "shift", "negative shift amount" },
	{ "typeassert", "failed type assertion" },
	{ "unsafe.Slice", "invalid unsafe.Slice" },
	{ "unsafe.String", "invalid unsafe.String" },
};

static const char *cause_of(LLVMValueRef trap)
{
	const char *block = LLVMGetBasicBlockName(LLVMGetInstructionParent(trap));

	for (size_t i = 0; i < ARRAY_SIZE(causes); i++) {
		size_t n = strlen(causes[i].block_prefix);

		if (!strncmp(block, causes[i].block_prefix, n) && !strncmp(block + n, ".throw", 6))
			return causes[i].text;
	}
	return "panic";
}

static LLVMValueRef marker(struct compile *c, size_t index)
{
	char name[64];
	LLVMTypeRef type = LLVMFunctionType(LLVMVoidTypeInContext(c->llvm), NULL, 0, false);
	LLVMValueRef f;

	snprintf(name, sizeof(name), PANIC_MARKER_PREFIX "%zu", index);
	f = LLVMAddFunction(c->module, name, type);
	LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
				LLVMCreateEnumAttribute(c->llvm, LLVMGetEnumAttributeKindForName("noreturn", 8), 0));
	LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
				LLVMCreateEnumAttribute(c->llvm, LLVMGetEnumAttributeKindForName("nounwind", 8), 0));
	return f;
}

int pass_panics(struct compile *c)
{
	LLVMValueRef trap = LLVMGetNamedFunction(c->module, "llvm.trap");
	LLVMBuilderRef b;

	if (!trap)
		return 0;
	b = LLVMCreateBuilderInContext(c->llvm);
	for (LLVMUseRef u = LLVMGetFirstUse(trap), next; u; u = next) {
		LLVMValueRef call = LLVMGetUser(u);
		LLVMValueRef func = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
		struct source_location loc = location_of(call);
		LLVMValueRef m = marker(c, c->panic_count);
		LLVMValueRef replacement;

		next = LLVMGetNextUse(u);
		c->panics = xrealloc(c->panics, c->panic_count + 1, sizeof(*c->panics));
		c->panics[c->panic_count++] = (struct panic_site){
			.file = loc.file,
			.line = loc.line,
			.column = loc.column,
			.cause = xstrdup(cause_of(call)),
			.function = value_name(func),
		};
		LLVMPositionBuilderBefore(b, call);
		replacement = LLVMBuildCall2(b, LLVMGlobalGetValueType(m), m, NULL, 0, "");
		LLVMInstructionSetDebugLoc(replacement, LLVMInstructionGetDebugLoc(call));
		LLVMInstructionEraseFromParent(call);
	}
	LLVMDisposeBuilder(b);
	LLVMDeleteFunction(trap);
	return 0;
}

int check_panics_after_optimisation(struct compile *c)
{
	int err = 0;

	for (size_t i = 0; i < c->panic_count; i++) {
		char name[64];
		LLVMValueRef m;
		const struct panic_site *p = &c->panics[i];

		snprintf(name, sizeof(name), PANIC_MARKER_PREFIX "%zu", i);
		m = LLVMGetNamedFunction(c->module, name);
		if (!m || !LLVMGetFirstUse(m))
			continue;
		diag_add(c->diags, TB_ERROR, p->file, p->line, p->column,
			 "%s can panic here (%s); BPF programs cannot panic: add a check the "
			 "compiler can see (e.g. test the index or the pointer first)",
			 p->function, p->cause);
		err = -EINVAL;
	}
	return err;
}
