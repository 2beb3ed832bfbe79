// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "../llvm_shim.h"
#include "passes.h"

/*
 * Every Go panic (failed bounds or nil check, explicit panic) is a call to
 * one of TinyGo's runtime panic functions, or, once TinyGo has optimised with
 * -panic=trap, an llvm.trap. BPF can execute neither. Many such checks are
 * provably dead once optimised, so the verdict waits until after
 * optimisation: each site becomes a call to its own marker function, which
 * the optimiser treats as an unknown no-return call and never merges with
 * another; markers still present afterwards are real panic sites.
 *
 * A site is one check: TinyGo routes all the checks of one kind in a function
 * through one shared block (all nil checks before stores jump to one
 * "store.throw", located at the first of them), so that block is split, one
 * marker per check, each at the check's own line. What the check tested is
 * read then, from TinyGo's IR, whose shape is still Go's: which pointer may be
 * nil and where it came from, or which index may be out of range.
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

#define NIL_CAUSE    "nil pointer dereference"
#define LOOKUP_CAUSE "index out of range"

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

/* ---- what a check tested, in words ---- */

/* The name and the type's name of a DILocalVariable: operands 1 and 3
 * (scope, name, file, type, ...), a layout LLVM has kept since DIVariable
 * existed; the C API has no getters. */
static char *di_variable_name(LLVMContextRef llvm, LLVMMetadataRef var, char **type)
{
	LLVMValueRef node = LLVMMetadataAsValue(llvm, var), *ops;
	unsigned len, count;
	const char *name;
	char *copy;

	if (LLVMGetMetadataKind(var) != LLVMDILocalVariableMetadataKind ||
	    (count = LLVMGetMDNodeNumOperands(node)) < 4)
		return NULL;
	ops = xcalloc(count, sizeof(*ops));
	LLVMGetMDNodeOperands(node, ops);
	name = ops[1] ? LLVMGetMDString(ops[1], &len) : NULL;
	copy = name && len ? strndup(name, len) : NULL;
	if (type && ops[3]) {
		size_t n;
		const char *t = LLVMDITypeGetName(LLVMValueAsMetadata(ops[3]), &n);

		*type = t && n ? strndup(t, n) : NULL;
	}
	free(ops);
	return copy;
}

/* The Go variable a debug record of the function says `value` is, or NULL,
 * and its Go type's name if `type` is not NULL. TinyGo describes SSA values
 * with #dbg_value and names runtime.alloc calls (variables whose address is
 * taken) after the variable. */
static char *go_variable_typed(struct compile *c, LLVMValueRef value, char **type)
{
	LLVMValueRef fn;

	if (type)
		*type = NULL;
	if (LLVMIsACallInst(value) && LLVMGetCalledValue(value) &&
	    !strcmp(LLVMGetValueName(LLVMGetCalledValue(value)), "runtime.alloc") &&
	    *LLVMGetValueName(value))
		return value_name(value);
	if (LLVMIsAArgument(value))
		fn = LLVMGetParamParent(value);
	else if (LLVMIsAInstruction(value))
		fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(value));
	else
		return NULL;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(i); r; r = LLVMGetNextDbgRecord(r)) {
				LLVMDbgRecordKind kind = LLVMDbgRecordGetKind(r);

				if ((kind == LLVMDbgRecordValue || kind == LLVMDbgRecordDeclare) &&
				    LLVMDbgVariableRecordGetValue(r, 0) == value)
					return di_variable_name(c->llvm, LLVMDbgVariableRecordGetVariable(r),
								type);
			}
	return NULL;
}

static char *go_variable(struct compile *c, LLVMValueRef value)
{
	return go_variable_typed(c, value, NULL);
}

/* "main.bpfMapLookupElem" -> "bpfMapLookupElem", "github.com/a/bpf.F" -> "bpf.F". */
static const char *short_go_name(const char *name)
{
	const char *slash = strrchr(name, '/');

	if (slash)
		return slash + 1;
	return str_starts_with(name, "main.") ? name + 5 : name;
}

static char *where(LLVMValueRef inst)
{
	struct source_location loc = location_of(inst);
	char *text = loc.file ? xasprintf("%s:%u:%u", loc.file, loc.line, loc.column)
			      : xstrdup("an unknown line");

	location_free(&loc);
	return text;
}

/* When a function that returns a pointer returns nil, by its name. */
static const char *nil_when(const char *callee)
{
	static const struct {
		const char *suffix, *when;
	} known[] = {
		{ "MapLookupElem", "which returns nil when the key is absent" },
		{ "map_lookup_elem", "which returns nil when the key is absent" },
		{ "RingbufReserve", "which returns nil when the ring buffer is full" },
		{ "ringbuf_reserve", "which returns nil when the ring buffer is full" },
	};
	size_t n = strlen(callee);

	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		size_t m = strlen(known[i].suffix);

		if (n >= m && !strcmp(callee + n - m, known[i].suffix))
			return known[i].when;
	}
	return "which may return nil";
}

/* The pointer a value is an address inside of: through field and element
 * addresses, which TinyGo checks on the struct's pointer. */
static LLVMValueRef base_pointer(LLVMValueRef p)
{
	while (LLVMIsAGetElementPtrInst(p) || LLVMIsABitCastInst(p) || LLVMIsAAddrSpaceCastInst(p))
		p = LLVMGetOperand(p, 0);
	return p;
}

static bool is_alloc_call(LLVMValueRef v)
{
	LLVMValueRef callee = LLVMIsACallInst(v) ? LLVMGetCalledValue(v) : NULL;

	return callee && !strcmp(LLVMGetValueName(callee), "runtime.alloc");
}

/* A call, other than the allocation, that is given the address `slot` (or an
 * address inside it): it may store anything there. */
static LLVMValueRef call_given(LLVMValueRef slot)
{
	for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u), callee;

		if (LLVMIsAGetElementPtrInst(user) && LLVMGetOperand(user, 0) == slot) {
			LLVMValueRef inner = call_given(user);

			if (inner)
				return inner;
		}
		if (!LLVMIsACallInst(user))
			continue;
		callee = LLVMGetCalledValue(user);
		if (callee && LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee))
			continue;
		for (unsigned i = 0; i < LLVMGetNumArgOperands(user); i++)
			if (LLVMGetOperand(user, i) == slot)
				return user;
	}
	return NULL;
}

static const char *program_section(const struct compile *c, LLVMValueRef f)
{
	for (size_t i = 0; i < c->program_count; i++)
		if (c->programs[i].function == f)
			return c->programs[i].section;
	return NULL;
}

/* Why the pointer a nil check tests may be nil, from where it came from. */
static char *why_nil(struct compile *c, LLVMValueRef checked, char **variable)
{
	LLVMValueRef base = base_pointer(checked);
	char *name = go_variable(c, checked), *why = NULL, *at;

	if (!name && base != checked)
		name = go_variable(c, base);
	*variable = name ? xstrdup(name) : NULL;
	if (!name)
		name = xstrdup("the pointer");
	if (LLVMIsACallInst(base) && LLVMGetCalledValue(base) &&
	    LLVMIsAFunction(LLVMGetCalledValue(base))) {
		char *callee = value_name(LLVMGetCalledValue(base));

		at = where(base);
		why = xasprintf("%s may be nil: it is the result of %s (%s), %s", name,
				short_go_name(callee), at, nil_when(callee));
		free(callee);
		free(at);
	} else if (LLVMIsALoadInst(base)) {
		LLVMValueRef from = base_pointer(LLVMGetOperand(base, 0)), call;

		if (is_alloc_call(from) && (call = call_given(from))) {
			char *callee = LLVMIsAFunction(LLVMGetCalledValue(call))
					       ? value_name(LLVMGetCalledValue(call))
					       : xstrdup("a function");

			at = where(call);
			why = xasprintf("%s may be nil: its address went to %s (%s), which may "
					"have changed it, so it is read again from memory here",
					name, short_go_name(callee), at);
			free(callee);
			free(at);
		} else if (LLVMIsAGlobalVariable(from)) {
			char *global = value_name(from);

			why = xasprintf("%s may be nil: it is read from the package variable %s", name,
					short_go_name(global));
			free(global);
		} else {
			why = xasprintf("%s may be nil: it is a pointer read from memory", name);
		}
	} else if (LLVMIsAArgument(base)) {
		LLVMValueRef fn = LLVMGetParamParent(base);
		const char *section = program_section(c, fn);

		if (section)
			why = xasprintf("%s may be nil: it is the program's context, which "
					"BPF_PROG_TEST_RUN may leave out for a %s program",
					name, section);
		else {
			char *go = di_function_name(fn);

			why = xasprintf("%s may be nil: it is a parameter of %s, whose callers may "
					"pass nil",
					name, go ? short_go_name(go) : "its function");
			free(go);
		}
	} else if (LLVMIsAPHINode(base) || LLVMIsASelectInst(base)) {
		why = xasprintf("%s may be nil on some path to here", name);
	} else if (LLVMIsAIntToPtrInst(base)) {
		why = xasprintf("%s may be nil: it is made from an integer, which may be 0", name);
	}
	free(name);
	return why;
}

/* The index a bounds check compares, without the extension to 64 bits. */
static LLVMValueRef unextended(LLVMValueRef v)
{
	while (LLVMIsAZExtInst(v) || LLVMIsASExtInst(v))
		v = LLVMGetOperand(v, 0);
	return v;
}

/* Why an index may be out of range: TinyGo's check is
 * `icmp uge i64 %index, LEN` (taken to the panic). A signed index is out of
 * range when negative too; *check is set to what to test. */
static char *why_out_of_range(struct compile *c, LLVMValueRef cond, char **check)
{
	LLVMValueRef index, len;
	unsigned long long n;
	char *name, *type = NULL, *why;
	bool is_signed;

	if (!LLVMIsAICmpInst(cond) || LLVMGetICmpPredicate(cond) != LLVMIntUGE)
		return NULL;
	index = LLVMGetOperand(cond, 0);
	len = LLVMGetOperand(cond, 1);
	if (!LLVMIsAConstantInt(len))
		return NULL;
	n = LLVMConstIntGetZExtValue(len);
	name = go_variable_typed(c, unextended(index), &type);
	is_signed = LLVMIsASExtInst(index) || (type && str_starts_with(type, "int"));
	if (!name && LLVMIsALoadInst(unextended(index))) {
		why = xasprintf("the index is read from memory here and may be %s%llu or more; "
				"a test of an earlier read does not cover it",
				is_signed ? "negative, or " : "", n);
		*check = xasprintf("i := <the field>; if i < %llu { … use i … }", n);
		free(type);
		return why;
	}
	if (name && type)
		why = xasprintf("%s (%s) may be %s%llu or more", name, type,
				is_signed ? "negative, or " : "", n);
	else
		why = xasprintf("%s may be %s%llu or more", name ? name : "the index",
				is_signed ? "negative, or " : "", n);
	*check = is_signed ? xasprintf("if %s >= 0 && %s < %llu { … }", name ? name : "i",
				       name ? name : "i", n)
			   : xasprintf("if %s < %llu { … }", name ? name : "i", n);
	free(name);
	free(type);
	return why;
}

/* What the user can write instead, for the site's cause; `check` is the
 * test an index needs, if known. */
static char *instead(const struct panic_site *p, const char *variable, const char *check)
{
	if (!strcmp(p->cause, NIL_CAUSE) && p->why) {
		if (strstr(p->why, "its address went to"))
			return xstrdup("test it again after that call, or pass the address of a "
				       "copy");
		return xasprintf("test it first, e.g. if %s == nil { return 0 }",
				 variable ? variable : "p");
	}
	if (check && str_starts_with(check, "i := "))
		return xasprintf("copy it to a variable, then test and use that: %s", check);
	if (check)
		return xasprintf("test the index first, e.g. %s", check);
	return xstrdup("add a check the compiler can see (e.g. test the index or the pointer "
		       "first)");
}

/* ---- sites ---- */

static void add_site(struct compile *c, LLVMValueRef located, const char *cause, LLVMValueRef cond,
		     LLVMValueRef f)
{
	struct source_location loc = location_of(located);
	struct panic_site *p;
	LLVMValueRef checked = NULL;
	char *variable = NULL, *check = NULL;

	c->panics = xrealloc(c->panics, c->panic_count + 1, sizeof(*c->panics));
	p = &c->panics[c->panic_count++];
	*p = (struct panic_site){
		.file = loc.file,
		.line = loc.line,
		.column = loc.column,
		.cause = xstrdup(cause),
		.function = value_name(f),
	};
	if (!strcmp(cause, NIL_CAUSE) && cond && LLVMIsAICmpInst(cond) &&
	    (LLVMGetICmpPredicate(cond) == LLVMIntEQ || LLVMGetICmpPredicate(cond) == LLVMIntNE)) {
		if (LLVMIsAConstantPointerNull(LLVMGetOperand(cond, 1)))
			checked = LLVMGetOperand(cond, 0);
		else if (LLVMIsAConstantPointerNull(LLVMGetOperand(cond, 0)))
			checked = LLVMGetOperand(cond, 1);
		if (checked)
			p->why = why_nil(c, checked, &variable);
	} else if (!strcmp(cause, LOOKUP_CAUSE) && cond) {
		p->why = why_out_of_range(c, cond, &check);
	}
	p->instead = instead(p, variable, check);
	free(variable);
	free(check);
}

static LLVMValueRef call_marker(struct compile *c, LLVMBuilderRef b, LLVMMetadataRef loc)
{
	LLVMValueRef m = marker(c, c->panic_count - 1);
	LLVMValueRef call = LLVMBuildCall2(b, LLVMGlobalGetValueType(m), m, NULL, 0, "");

	LLVMInstructionSetDebugLoc(call, loc);
	return call;
}

/* Whether a block holds nothing but the panic call and `unreachable`, so that
 * each branch to it can get its own copy. */
static bool is_throw_block(LLVMBasicBlockRef bb, LLVMValueRef call)
{
	LLVMValueRef next = LLVMGetNextInstruction(call);

	return LLVMGetFirstInstruction(bb) == call && next && LLVMIsAUnreachableInst(next) &&
	       !LLVMGetNextInstruction(next);
}

/* The conditional branches into bb, or 0 if anything else reaches it. */
static size_t branches_into(LLVMBasicBlockRef bb, LLVMValueRef *out, size_t max)
{
	size_t n = 0;

	for (LLVMUseRef u = LLVMGetFirstUse(LLVMBasicBlockAsValue(bb)); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef br = LLVMGetUser(u);

		if (!LLVMIsABranchInst(br) || !LLVMIsConditional(br) || n == max)
			return 0;
		/* A branch with the block on both sides is one check. */
		if (n && out[n - 1] == br)
			continue;
		out[n++] = br;
	}
	return n;
}

#define MAX_CHECKS_PER_BLOCK 4096

/* One marker per check branching to the throw block, at the check's line. */
static void split_throw_block(struct compile *c, LLVMValueRef call, const char *cause,
			      LLVMValueRef *branches, size_t n)
{
	LLVMBasicBlockRef bb = LLVMGetInstructionParent(call);
	LLVMValueRef f = LLVMGetBasicBlockParent(bb);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llvm);

	for (size_t i = 0; i < n; i++) {
		LLVMBasicBlockRef own = LLVMInsertBasicBlockInContext(c->llvm, bb, LLVMGetBasicBlockName(bb));
		LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(branches[i]);

		if (!loc)
			loc = LLVMInstructionGetDebugLoc(call);
		add_site(c, branches[i], cause, LLVMGetCondition(branches[i]), f);
		LLVMPositionBuilderAtEnd(b, own);
		call_marker(c, b, loc);
		LLVMInstructionSetDebugLoc(LLVMBuildUnreachable(b), loc);
		for (unsigned s = 0; s < LLVMGetNumSuccessors(branches[i]); s++)
			if (LLVMGetSuccessor(branches[i], s) == bb)
				LLVMSetSuccessor(branches[i], s, own);
	}
	LLVMDisposeBuilder(b);
	LLVMDeleteBasicBlock(bb);
}

/* Replaces every call to `callee` (which never returns) with marker calls. */
static void mark_calls(struct compile *c, LLVMValueRef callee, const char *cause)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llvm);
	LLVMValueRef *branches = xcalloc(MAX_CHECKS_PER_BLOCK, sizeof(*branches));

	for (LLVMUseRef u = LLVMGetFirstUse(callee), next; u; u = next) {
		LLVMValueRef call = LLVMGetUser(u);
		LLVMBasicBlockRef block;
		const char *why;
		size_t n;

		next = LLVMGetNextUse(u);
		if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != callee)
			continue;
		block = LLVMGetInstructionParent(call);
		why = cause ? cause : trap_cause(call);
		if (is_throw_block(block, call) &&
		    (n = branches_into(block, branches, MAX_CHECKS_PER_BLOCK))) {
			split_throw_block(c, call, why, branches, n);
			continue;
		}
		add_site(c, call, why, NULL, LLVMGetBasicBlockParent(block));
		LLVMPositionBuilderBefore(b, call);
		call_marker(c, b, LLVMInstructionGetDebugLoc(call));
		LLVMInstructionEraseFromParent(call);
	}
	free(branches);
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

	/* Here the debug info still has Go names: what is the user's code is
	 * told by them (for reports after optimisation, whose inlined copies
	 * of the standard library are reported at the user's calls). */
	note_user_code(c);

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

static bool reported(struct compile *c, const struct source_location *at, const char *message)
{
	for (size_t i = 0; i < tb_diags_count(c->diags); i++) {
		const struct tb_diag *d = tb_diags_at(c->diags, i);

		if (d->line == at->line && d->column == at->column && !strcmp(d->message, message) &&
		    (!d->file || !at->file || !strcmp(d->file, at->file)))
			return true;
	}
	return false;
}

static void report_at(struct compile *c, struct source_location *at, char *message)
{
	if (!reported(c, at, message))
		diag_add(c->diags, TB_ERROR, at->file, at->line, at->column, "%s", message);
	free(message);
	location_free(at);
}

/* A check inside a function of the standard library (encoding/binary's
 * bounds checks): reported where the user's code calls it. Once optimised,
 * the check is usually inlined there, and its location says where; if not,
 * at each call of the function the check is in. */
/* A Go function name as the user writes it: "(encoding/binary.littleEndian).Uint32"
 * -> "(binary.littleEndian).Uint32". */
static char *shown_function(const char *name)
{
	char *out = xcalloc(strlen(name) + 1, 1), *o = out;

	for (const char *p = name; *p;) {
		size_t word = strcspn(p, "()*.");
		const char *slash = memrchr(p, '/', word);

		if (slash) {
			p = slash + 1;
			continue;
		}
		memcpy(o, p, word + (p[word] != '\0'));
		o += word + (p[word] != '\0');
		p += word + (p[word] != '\0');
	}
	return out;
}

static void report_outside_user_code(struct compile *c, const struct panic_site *p,
				     LLVMValueRef call, LLVMMetadataRef loc)
{
	LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
	LLVMMetadataRef user = loc;
	char *caller = value_name(fn), *shown = shown_function(p->function);
	const char *callee = shown;
	struct source_location at;
	bool any = false;

	while (!location_in_user_code(c, user) && LLVMDILocationGetInlinedAt(user))
		user = LLVMDILocationGetInlinedAt(user);
	if (location_in_user_code(c, user)) {
		at = user_location_of(c, call);
		report_at(c, &at,
			  xasprintf("%s can panic here: %s, which it calls here, can panic (%s); "
				    "BPF programs cannot panic: make sure of what %s needs first "
				    "(e.g. that a slice is long enough), or choose a return value "
				    "with --panic-return",
				    caller, callee, p->cause, callee));
		any = true;
	} else {
		for (LLVMUseRef u = LLVMGetFirstUse(fn); u; u = LLVMGetNextUse(u)) {
			LLVMValueRef site = LLVMGetUser(u), outer;
			LLVMMetadataRef site_loc;
			char *name;

			if (!LLVMIsACallInst(site) || !(site_loc = LLVMInstructionGetDebugLoc(site)) ||
			    !location_in_user_code(c, site_loc))
				continue;
			outer = LLVMGetBasicBlockParent(LLVMGetInstructionParent(site));
			name = value_name(outer);
			at = location_of(site);
			report_at(c, &at,
				  xasprintf("%s can panic here: %s, which it calls here, can panic "
					    "(%s); BPF programs cannot panic: make sure of what %s "
					    "needs first (e.g. that a slice is long enough), or choose "
					    "a return value with --panic-return",
					    name, callee, p->cause, callee));
			free(name);
			any = true;
		}
	}
	if (!any) {
		at = (struct source_location){ p->file ? xstrdup(p->file) : NULL, p->line, p->column };
		report_at(c, &at,
			  xasprintf("%s can panic here (%s); BPF programs cannot panic: %s, or choose "
				    "a return value with --panic-return",
				    p->function, p->cause, p->instead));
	}
	free(caller);
	free(shown);
}

int check_panics_after_optimisation(struct compile *c)
{
	int err = 0;

	if (check_backend_limits(c) | check_unrolled_loops(c))
		return -EINVAL;
	remove_checked_panics(c);
	for (size_t i = 0; i < c->panic_count; i++) {
		char name[64];
		LLVMValueRef m;
		const struct panic_site *p = &c->panics[i];
		struct source_location at;

		snprintf(name, sizeof(name), PANIC_MARKER_PREFIX "%zu", i);
		m = LLVMGetNamedFunction(c->module, name);
		if (!m || !LLVMGetFirstUse(m))
			continue;
		if (c->settings->panic_return_set) {
			if (return_instead(c, m, p))
				err = -EINVAL;
			continue;
		}
		err = -EINVAL;
		for (LLVMUseRef u = LLVMGetFirstUse(m); u; u = LLVMGetNextUse(u)) {
			LLVMValueRef call = LLVMGetUser(u);
			LLVMMetadataRef loc = LLVMIsAInstruction(call) ? LLVMInstructionGetDebugLoc(call) : NULL;

			if (loc && !location_in_user_code(c, loc)) {
				report_outside_user_code(c, p, call, loc);
				continue;
			}
			at = (struct source_location){ p->file ? xstrdup(p->file) : NULL, p->line,
						       p->column };
			report_at(c, &at,
				  xasprintf("%s can panic here (%s)%s%s; BPF programs cannot panic: %s, "
					    "or choose a return value with --panic-return",
					    p->function, p->cause, p->why ? ": " : "",
					    p->why ? p->why : "", p->instead));
		}
	}
	return err;
}
