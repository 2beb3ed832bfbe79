// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "passes.h"

/*
 * Every Go panic (failed bounds or nil check, explicit panic) is a call to
 * one of TinyGo's runtime panic functions, or, once TinyGo has optimised with
 * -panic=trap, an llvm.trap. BPF can execute neither. Many such checks are
 * provably dead once optimised, so the verdict waits until after
 * optimisation: each site becomes a call to its own marker function, which
 * the optimiser treats as an unknown no-return call and never merges with
 * another; markers still present afterwards are real panic sites.
 */

struct cause {
	const char *name; /* a runtime function, or a "<prefix>.throw" block TinyGo names */
	const char *text;
};

static const struct cause runtime_panics[] = {
	{ "runtime.nilPanic", "nil pointer dereference" },
	{ "runtime.lookupPanic", "index out of range" },
	{ "runtime.slicePanic", "slice bounds out of range" },
	{ "runtime.sliceToArrayPointerPanic", "slice shorter than the array" },
	{ "runtime.unsafeSlicePanic", "invalid unsafe.Slice" },
	{ "runtime.nilMapPanic", "assignment to a nil map" },
	{ "runtime.chanMakePanic", "invalid channel size" },
	{ "runtime.negativeShiftPanic", "negative shift amount" },
	{ "runtime.divideByZeroPanic", "integer divide by zero" },
	{ "runtime.blockingPanic", "blocking operation" },
	{ "runtime._panic", "panic" },
	{ "runtime.runtimePanic", "panic" },
	{ "runtime.runtimePanicAt", "panic" },
};

static const struct cause trap_blocks[] = {
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

static const char *trap_cause(LLVMValueRef trap)
{
	const char *block = LLVMGetBasicBlockName(LLVMGetInstructionParent(trap));

	for (size_t i = 0; i < ARRAY_SIZE(trap_blocks); i++) {
		size_t n = strlen(trap_blocks[i].name);

		if (!strncmp(block, trap_blocks[i].name, n) && !strncmp(block + n, ".throw", 6))
			return trap_blocks[i].text;
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

/* Replaces every call to `callee` (which never returns) with a marker call. */
static void mark_calls(struct compile *c, LLVMValueRef callee, const char *cause)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llvm);

	for (LLVMUseRef u = LLVMGetFirstUse(callee), next; u; u = next) {
		LLVMValueRef call = LLVMGetUser(u);
		LLVMBasicBlockRef block;
		struct source_location loc;
		LLVMValueRef m, replacement;

		next = LLVMGetNextUse(u);
		if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != callee)
			continue;
		block = LLVMGetInstructionParent(call);
		loc = location_of(call);
		m = marker(c, c->panic_count);
		c->panics = xrealloc(c->panics, c->panic_count + 1, sizeof(*c->panics));
		c->panics[c->panic_count++] = (struct panic_site){
			.file = loc.file,
			.line = loc.line,
			.column = loc.column,
			.cause = xstrdup(cause ? cause : trap_cause(call)),
			.function = value_name(LLVMGetBasicBlockParent(block)),
		};
		LLVMPositionBuilderBefore(b, call);
		replacement = LLVMBuildCall2(b, LLVMGlobalGetValueType(m), m, NULL, 0, "");
		LLVMInstructionSetDebugLoc(replacement, LLVMInstructionGetDebugLoc(call));
		LLVMInstructionEraseFromParent(call);
	}
	LLVMDisposeBuilder(b);
}

/* The cause if f is one of the runtime's panic functions. Linking several
 * inputs renames their copies "runtime.nilPanic.1", ... */
static const char *runtime_panic_cause(LLVMValueRef f)
{
	size_t len;
	const char *name = LLVMGetValueName2(f, &len);

	for (size_t i = 0; i < ARRAY_SIZE(runtime_panics); i++) {
		size_t n = strlen(runtime_panics[i].name);

		if (len >= n && !strncmp(name, runtime_panics[i].name, n) &&
		    (len == n || (name[n] == '.' && strspn(name + n + 1, "0123456789") == len - n - 1)))
			return runtime_panics[i].text;
	}
	return NULL;
}

int pass_panics(struct compile *c)
{
	LLVMValueRef trap = LLVMGetNamedFunction(c->module, "llvm.trap");

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f)) {
		const char *cause = runtime_panic_cause(f);

		if (cause)
			mark_calls(c, f, cause);
	}
	if (trap)
		mark_calls(c, trap, NULL);
	return 0;
}

/* --panic-return: the rest of the block after the marker becomes `ret N`. */
static int return_instead(struct compile *c, LLVMValueRef marker_fn, const struct panic_site *p)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llvm);
	LLVMUseRef u;
	int err = 0;

	while (!err && (u = LLVMGetFirstUse(marker_fn))) {
		LLVMValueRef call = LLVMGetUser(u), rest;
		LLVMBasicBlockRef block = LLVMGetInstructionParent(call);
		LLVMValueRef f = LLVMGetBasicBlockParent(block);
		LLVMTypeRef ret = LLVMGetReturnType(LLVMGlobalGetValueType(f));

		if (!is_entry_point(c, f) || LLVMGetTypeKind(ret) != LLVMIntegerTypeKind) {
			diag_add(c->diags, TB_ERROR, p->file, p->line, p->column,
				 "%s can panic here (%s) inside a function that is not an entry "
				 "point, where --panic-return cannot return; add a check",
				 p->function, p->cause);
			err = -EINVAL;
			break;
		}
		while ((rest = LLVMGetNextInstruction(call)))
			LLVMInstructionEraseFromParent(rest);
		LLVMInstructionEraseFromParent(call);
		LLVMPositionBuilderAtEnd(b, block);
		LLVMBuildRet(b, LLVMConstInt(ret, (unsigned long long)c->settings->panic_return, true));
	}
	LLVMDisposeBuilder(b);
	return err;
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
		if (c->settings->panic_return_set) {
			if (return_instead(c, m, p))
				err = -EINVAL;
			continue;
		}
		diag_add(c->diags, TB_ERROR, p->file, p->line, p->column,
			 "%s can panic here (%s); BPF programs cannot panic: add a check the "
			 "compiler can see (e.g. test the index or the pointer first), or choose "
			 "a return value with --panic-return",
			 p->function, p->cause);
		err = -EINVAL;
	}
	return err;
}
