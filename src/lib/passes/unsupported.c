// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../llvm_shim.h"
#include "../ptrset.h"
#include "passes.h"

/*
 * Go features BPF cannot have, reported at the line of the user's Go code
 * that uses them. TinyGo compiles them into calls to its runtime (strings,
 * maps, defer, append), into calls through function values or interface
 * thunks, or into floating-point instructions; left alone they fail later
 * inside the runtime's code ("allocation of a size known only at run time"
 * at runtime/string.go), far from the cause. A call from the user's code to
 * another package (fmt.Sprintf) is reported with what that package's code
 * needs. Runs after reachability, so only code the programs call is judged.
 */

struct construct {
	const char *callee_prefix;
	const char *what; /* NULL: part of another construct, reported with it */
	const char *instead;
};

static const struct construct constructs[] = {
	/* Comparing is not building: said first, and a conversion whose only
	 * use is a comparison is reported as the comparison (string(b) == "x"). */
	{ "runtime.stringEqual", "comparing Go strings (==, !=)",
	  "compare bytes: an array with ==, e.g. comm == [16]byte{'b', 'a', 's', 'h'}, or a "
	  "bounded loop over the bytes" },
	{ "runtime.stringLess", "ordering Go strings (<, >)", "compare the bytes in a bounded loop" },
	{ "runtime.string", "building a Go string at run time (concatenation, conversion)",
	  "use a fixed-size byte array" },
	{ "runtime.hashmap", "a Go map", "use a BPF map (a bpfMapDef variable)" },
	{ "runtime.chan", "a channel", "use a BPF ring buffer or queue map" },
	{ "runtime.setupDeferFrame", "defer", "call the function before each return" },
	{ "runtime.destroyDeferFrame", NULL, NULL }, /* the returns of a defer, reported above */
	{ "runtime.sliceAppend", "append (growing a slice at run time)", "use a fixed-size array" },
	{ "runtime.sliceGrow", "append (growing a slice at run time)", "use a fixed-size array" },
	{ "runtime.typeAssert", "an interface", "use the concrete type" },
	{ "interface:", "a method call or type assertion through an interface",
	  "use the concrete type" },
};

static const struct construct function_value = {
	NULL, "a call through a function value (closure or func variable)",
	"call the function directly"
};
static const struct construct floating_point = {
	NULL, "floating-point arithmetic", "use integers (e.g. fixed-point)"
};
static const struct construct runtime_allocation = {
	NULL, "memory allocated at run time", "use fixed-size values"
};

static const struct construct *callee_construct(LLVMValueRef callee)
{
	size_t len;
	const char *name = LLVMGetValueName2(callee, &len);

	for (size_t i = 0; i < ARRAY_SIZE(constructs); i++)
		if (str_starts_with(name, constructs[i].callee_prefix))
			return &constructs[i];
	return NULL;
}

static bool is_floating_point(LLVMValueRef inst)
{
	switch (LLVMGetInstructionOpcode(inst)) {
	case LLVMFAdd:
	case LLVMFSub:
	case LLVMFMul:
	case LLVMFDiv:
	case LLVMFRem:
	case LLVMFNeg:
	case LLVMFPToUI:
	case LLVMFPToSI:
	case LLVMUIToFP:
	case LLVMSIToFP:
	case LLVMFPTrunc:
	case LLVMFPExt:
	case LLVMFCmp:
		return true;
	default:
		return false;
	}
}

/* What one instruction is, if BPF cannot have it; callee is set for calls. */
static const struct construct *instruction_construct(LLVMValueRef inst, LLVMValueRef *callee)
{
	LLVMValueRef called;

	*callee = NULL;
	if (is_floating_point(inst))
		return &floating_point;
	if (!LLVMIsACallInst(inst))
		return NULL;
	called = LLVMGetCalledValue(inst);
	if (LLVMIsAInlineAsm(called))
		return NULL;
	if (!LLVMIsAFunction(called))
		return &function_value;
	*callee = called;
	if (!strcmp(LLVMGetValueName(called), "runtime.alloc") &&
	    !LLVMIsAConstantInt(LLVMGetOperand(inst, 0)))
		return &runtime_allocation;
	return callee_construct(called);
}

/* The function's Go name ("fmt.Sprintf", "(*main.T).m"), or its IR name. */
static char *go_name(LLVMValueRef f)
{
	char *name = di_function_name(f);

	return name ? name : value_name(f);
}

/* The user's code, methods ("(*main.T).m") included, and generic functions
 * of the standard library ("slices.sort[main.T]") excluded. */
static bool is_user_function(LLVMValueRef f)
{
	char *name = go_name(f);
	char *start = name + strspn(name, "(*");
	bool user;

	start[strcspn(start, "[")] = '\0';
	user = is_user_go_name(start);
	free(name);
	return user;
}

/* What a function of another package needs, through everything it calls;
 * NULL if nothing BPF lacks. Functions that need something are remembered
 * with it; a function being walked (a cycle) counts as clean meanwhile. */
struct needs {
	struct ptrset visited;
	LLVMValueRef *functions;
	const struct construct **found;
	size_t count;
};

static const struct construct *needs_of(struct needs *n, LLVMValueRef f)
{
	const struct construct *found = NULL;

	if (LLVMIsDeclaration(f))
		return NULL;
	if (!ptrset_add(&n->visited, f)) {
		for (size_t i = 0; i < n->count; i++)
			if (n->functions[i] == f)
				return n->found[i];
		return NULL;
	}
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb && !found; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && !found; i = LLVMGetNextInstruction(i)) {
			LLVMValueRef callee;

			found = instruction_construct(i, &callee);
			if (found && !found->what)
				found = NULL;
			else if (!found && callee)
				found = needs_of(n, callee);
		}
	if (found) {
		n->functions = xrealloc(n->functions, n->count + 1, sizeof(*n->functions));
		n->found = xrealloc(n->found, n->count + 1, sizeof(*n->found));
		n->functions[n->count] = f;
		n->found[n->count++] = found;
	}
	return found;
}

/* One message per Go line: a string concatenation is several runtime calls. */
static bool already_reported(struct compile *c, LLVMValueRef inst, const char *message)
{
	struct source_location loc = location_of(inst);
	bool seen = false;

	for (size_t i = 0; i < tb_diags_count(c->diags) && !seen; i++) {
		const struct tb_diag *d = tb_diags_at(c->diags, i);

		seen = d->line == loc.line && !strcmp(d->message, message) &&
		       (!d->file || !loc.file || !strcmp(d->file, loc.file));
	}
	location_free(&loc);
	return seen;
}

static void report(struct compile *c, LLVMValueRef inst, char *message)
{
	if (!already_reported(c, inst, message))
		diag_at(c->diags, TB_ERROR, inst, "%s", message);
	free(message);
}

/* Whether a string built at run time is only compared: string(b) == "x". */
static bool only_compared(LLVMValueRef v)
{
	bool any = false;

	for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u), callee;
		size_t len;

		if (LLVMIsAExtractValueInst(user) || LLVMIsAInsertValueInst(user)) {
			if (!only_compared(user))
				return false;
			any = true;
			continue;
		}
		callee = LLVMIsACallInst(user) ? LLVMGetCalledValue(user) : NULL;
		if (!callee || !LLVMIsAFunction(callee) ||
		    (!str_starts_with(LLVMGetValueName2(callee, &len), "runtime.stringEqual") &&
		     !str_starts_with(LLVMGetValueName2(callee, &len), "runtime.stringLess")))
			return false;
		any = true;
	}
	return any;
}

static void check_user_function(struct compile *c, struct needs *n, LLVMValueRef f)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			LLVMValueRef callee;
			const struct construct *k = instruction_construct(i, &callee);

			/* heap_to_stack names the user's own run-time-sized make. */
			if (k == &runtime_allocation || (k && !k->what))
				continue;
			if (k && callee && str_starts_with(k->callee_prefix, "runtime.string") &&
			    strcmp(k->callee_prefix, "runtime.string") == 0 && only_compared(i))
				continue;
			if (k) {
				report(c, i, xasprintf("%s is not supported in BPF programs: %s", k->what,
						       k->instead));
			} else if (callee && !is_user_function(callee) && (k = needs_of(n, callee))) {
				char *name = go_name(callee);

				report(c, i, xasprintf("%s uses %s, which BPF programs cannot have: %s",
						       name, k->what, k->instead));
				free(name);
			}
		}
}

/* A call that closes a cycle of the user's call graph: the verifier refuses
 * recursion. Depth-first from each entry point; path holds the open calls.
 * (Recursion inside other packages is not looked for.) */
struct walk {
	struct ptrset done;
	LLVMValueRef *path;
	size_t depth;
};

static bool on_path(const struct walk *w, LLVMValueRef f)
{
	for (size_t i = 0; i < w->depth; i++)
		if (w->path[i] == f)
			return true;
	return false;
}

static void find_recursion(struct compile *c, struct walk *w, LLVMValueRef f)
{
	if (LLVMIsDeclaration(f) || ptrset_has(&w->done, f))
		return;
	w->path = xrealloc(w->path, w->depth + 1, sizeof(*w->path));
	w->path[w->depth++] = f;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			LLVMValueRef callee = LLVMIsACallInst(i) ? LLVMGetCalledValue(i) : NULL;

			if (!callee || !LLVMIsAFunction(callee) || !is_user_function(callee))
				continue;
			if (on_path(w, callee)) {
				char *caller = go_name(f), *target = go_name(callee);

				diag_at(c->diags, TB_ERROR, i,
					"%s calls %s, which is already running (recursion): BPF programs "
					"cannot recurse; use a bounded loop",
					caller, target);
				free(caller);
				free(target);
			} else {
				find_recursion(c, w, callee);
			}
		}
	w->depth--;
	ptrset_add(&w->done, f);
}

int pass_unsupported(struct compile *c)
{
	struct needs n = { 0 };
	struct walk w = { 0 };
	size_t errors = tb_diags_error_count(c->diags);

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f) && is_user_function(f))
			check_user_function(c, &n, f);
	for (size_t i = 0; i < c->program_count; i++)
		find_recursion(c, &w, c->programs[i].function);
	ptrset_free(&n.visited);
	free(n.functions);
	free(n.found);
	ptrset_free(&w.done);
	free(w.path);
	return tb_diags_error_count(c->diags) > errors ? -EINVAL : 0;
}
