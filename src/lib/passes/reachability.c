// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../llvm_shim.h"
#include "../ptrset.h"
#include "passes.h"

struct walk {
	struct ptrset reached;
	LLVMValueRef *stack;
	size_t depth;
};

static void push(struct walk *w, LLVMValueRef v)
{
	if (!ptrset_add(&w->reached, v))
		return;
	w->stack = xrealloc(w->stack, w->depth + 1, sizeof(*w->stack));
	w->stack[w->depth++] = v;
}

/* Functions and globals an operand refers to, also through constant expressions. */
static void visit_operand(struct walk *w, LLVMValueRef op)
{
	if (!op || !LLVMIsAConstant(op))
		return;
	if (LLVMIsAFunction(op) || LLVMIsAGlobalVariable(op)) {
		push(w, op);
		return;
	}
	if (LLVMIsAConstantExpr(op) || LLVMIsAConstantStruct(op) || LLVMIsAConstantArray(op) ||
	    LLVMIsAConstantVector(op)) {
		int n = LLVMGetNumOperands(op);

		for (int i = 0; i < n; i++)
			visit_operand(w, LLVMGetOperand(op, i));
	}
}

static void visit(struct walk *w, LLVMValueRef v)
{
	if (LLVMIsAGlobalVariable(v)) {
		visit_operand(w, LLVMGetInitializer(v));
		return;
	}
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(v); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			int n = LLVMGetNumOperands(i);

			for (int k = 0; k < n; k++)
				visit_operand(w, LLVMGetOperand(i, k));
		}
}

static bool is_root_global(LLVMValueRef g)
{
	const char *sec = LLVMGetSection(g);

	return sec && (!strcmp(sec, ".maps") || !strcmp(sec, "license"));
}

static void delete_body(LLVMValueRef f)
{
	LLVMBasicBlockRef bb;

	while ((bb = LLVMGetFirstBasicBlock(f)))
		LLVMDeleteBasicBlock(bb);
}

/* Deletes what nothing uses any more, until nothing changes. */
static void delete_unused(struct compile *c, const struct ptrset *reached)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (LLVMValueRef f = LLVMGetFirstFunction(c->module), next; f; f = next) {
			next = LLVMGetNextFunction(f);
			if (ptrset_has(reached, f))
				continue;
			remove_dead_constant_users(f);
			if (!LLVMGetFirstUse(f)) {
				LLVMDeleteFunction(f);
				changed = true;
			}
		}
		for (LLVMValueRef g = LLVMGetFirstGlobal(c->module), next; g; g = next) {
			next = LLVMGetNextGlobal(g);
			if (ptrset_has(reached, g))
				continue;
			remove_dead_constant_users(g);
			if (!LLVMGetFirstUse(g)) {
				LLVMDeleteGlobal(g);
				changed = true;
			}
		}
	}
}

/* The global a store writes to, through constant GEPs; NULL for anything else. */
static LLVMValueRef stored_global(LLVMValueRef store)
{
	LLVMValueRef ptr = LLVMGetOperand(store, 1);

	while (LLVMIsAConstantExpr(ptr))
		ptr = LLVMGetOperand(ptr, 0);
	return LLVMIsAGlobalVariable(ptr) ? ptr : NULL;
}

/*
 * TinyGo evaluates package variable initialisers at compile time where it
 * can; what it cannot (e.g. [12]byte([]byte("..."))) stays as code in a
 * package's init function, which runtime.initAll calls at program start.
 * BPF programs have no start: dropping that code with the runtime would
 * leave the variables zero and silently change the program, so each store
 * it makes to a variable the programs use is an error at its Go line.
 */
static void report_runtime_initialisers(struct compile *c, const struct ptrset *reached)
{
	LLVMValueRef init_all = LLVMGetNamedFunction(c->module, "runtime.initAll");

	for (LLVMBasicBlockRef bb = init_all ? LLVMGetFirstBasicBlock(init_all) : NULL; bb;
	     bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef call = LLVMGetFirstInstruction(bb); call;
		     call = LLVMGetNextInstruction(call)) {
			LLVMValueRef init = LLVMIsACallInst(call) ? LLVMGetCalledValue(call) : NULL;
			size_t len;

			if (!init || !LLVMIsAFunction(init) ||
			    !is_user_go_name(LLVMGetValueName2(init, &len)))
				continue;
			for (LLVMBasicBlockRef ib = LLVMGetFirstBasicBlock(init); ib;
			     ib = LLVMGetNextBasicBlock(ib))
				for (LLVMValueRef i = LLVMGetFirstInstruction(ib); i;
				     i = LLVMGetNextInstruction(i)) {
					LLVMValueRef global = LLVMIsAStoreInst(i) ? stored_global(i) : NULL;
					char *name;

					if (!global || !ptrset_has(reached, global))
						continue;
					name = go_name_to_c(LLVMGetValueName2(global, &len));
					diag_at(c->diags, TB_ERROR, i,
						"%s is initialised by code Go runs at program start "
						"(package init), which BPF programs never run: give it a "
						"constant initialiser, or set it from the loader before load",
						name);
					free(name);
				}
		}
}

int pass_reachability(struct compile *c)
{
	struct walk w = { 0 };

	for (size_t i = 0; i < c->program_count; i++)
		push(&w, c->programs[i].function);
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g))
		if (is_root_global(g))
			push(&w, g);
	while (w.depth)
		visit(&w, w.stack[--w.depth]);
	report_runtime_initialisers(c, &w.reached);
	if (tb_diags_error_count(c->diags)) {
		ptrset_free(&w.reached);
		free(w.stack);
		return -EINVAL;
	}

	/* Empty what is unreachable first, so that what remains has no users. */
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		if (!ptrset_has(&w.reached, f))
			delete_body(f);
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g))
		if (!ptrset_has(&w.reached, g)) {
			LLVMSetInitializer(g, NULL);
			LLVMSetLinkage(g, LLVMExternalLinkage); /* a valid declaration */
		}
	delete_unused(c, &w.reached);

	/* Only entry points are visible; subprograms are static, which is also
	 * what the verifier expects of Go helper functions. */
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		if (!is_entry_point(c, f) && !LLVMIsDeclaration(f))
			LLVMSetLinkage(f, LLVMInternalLinkage);
	ptrset_free(&w.reached);
	free(w.stack);
	return 0;
}
