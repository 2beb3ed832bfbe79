// SPDX-License-Identifier: MIT
/*
 * bpf.CoreRead(&task.RealParent.Tgid), the BPF_CORE_READ of Go (docs/core.md).
 *
 * The SDK's functions are inlined (sdk_inline.c), so each of its intrinsics
 * sits in the program next to the address chain it was given, and the CO-RE
 * pass (core.c) has turned every field address of the chain into
 * llvm.preserve.*.access.index calls. This pass lowers the intrinsics:
 *
 *   tinybpf_core_read(dst, size, src)      -> bpf_probe_read_kernel(dst, size, src)
 *   tinybpf_core_read_str(dst, size, src)  -> bpf_probe_read_kernel_str(dst, size,
 *                                             src, or the pointer read at src)
 *   tinybpf_core_read_bitfield(field)      -> BPF_CORE_READ_BITFIELD_PROBED's sequence
 *
 * and, as libbpf's macros do, reads every pointer that the chain loads on
 * the way (task.RealParent) with bpf_probe_read_kernel into a temporary:
 * the kernel pointer need not be one the verifier lets the program
 * dereference, and a NULL one makes the read fail, which zeroes the
 * temporary, so that the rest of the chain fails too and the result is 0.
 *
 * TinyGo guards each dereference and field address with a nil check that
 * would panic, and BPF cannot panic (panics.c refuses what optimisation
 * cannot remove). The checks guarding a chain's instructions are removed
 * here: the chain is read with helpers that cannot fault. The same is done
 * for the chains of field queries (llvm.bpf.preserve.field.info, from
 * bpf.CoreFieldExists and the raw bpfCoreField… queries), which read no
 * memory at all.
 *
 * A check guards the instruction TinyGo emitted right after it: the first
 * one of the block its non-panicking edge leads to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>
#include <llvm-c/Target.h>

#include "../llvm_shim.h"
#include "../ptrset.h"
#include "passes.h"

enum {
	FIELD_BYTE_OFFSET = 0,
	FIELD_BYTE_SIZE = 1,
	FIELD_SIGNED = 3,
	FIELD_LSHIFT_U64 = 4,
	FIELD_RSHIFT_U64 = 5,
};

struct lowered_load {
	LLVMValueRef load; /* TinyGo's load of a pointer field */
	LLVMValueRef read; /* the same pointer, read with bpf_probe_read_kernel */
};

struct core_read {
	struct compile *c;
	LLVMBuilderRef b;
	struct ptrset chain; /* instructions whose nil checks go */
	struct ptrset bases; /* the pointers chains start from and load */
	struct lowered_load *loads;
	size_t nloads, cap;
	int err;
};

static const char *callee_name(LLVMValueRef call)
{
	LLVMValueRef callee = LLVMIsACallInst(call) ? LLVMGetCalledValue(call) : NULL;
	size_t len;

	return callee && LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &len) : "";
}

/* A relocated address: a llvm.preserve.*.access.index call (core.c), or a
 * getelementptr with a variable index into one (&task.Comm[i]). */
static bool is_relocated(LLVMValueRef v)
{
	if (LLVMIsAGetElementPtrInst(v))
		return is_relocated(LLVMGetOperand(v, 0));
	return str_starts_with(callee_name(v), "llvm.preserve.") &&
	       strstr(callee_name(v), ".access.index");
}

/* Marks the relocated accesses down from `address` to the pointer they start
 * from, which it returns; *last is the access that reaches the field. */
static LLVMValueRef mark_segment(struct core_read *r, LLVMValueRef address, LLVMValueRef *last)
{
	*last = NULL;
	while (is_relocated(address)) {
		if (!*last && LLVMIsACallInst(address))
			*last = address;
		ptrset_add(&r->chain, address);
		address = LLVMGetOperand(address, 0);
	}
	ptrset_add(&r->bases, address);
	return address;
}

/* A pointer the chain loads from a relocated field (task.RealParent). */
static bool is_chain_load(LLVMValueRef v)
{
	return LLVMIsALoadInst(v) && is_relocated(LLVMGetOperand(v, 0)) &&
	       LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMPointerTypeKind;
}

static LLVMValueRef declare(struct core_read *r, const char *name, LLVMTypeRef type)
{
	LLVMValueRef fn = LLVMGetNamedFunction(r->c->module, name);

	return fn ? fn : LLVMAddFunction(r->c->module, name, type);
}

/* bpf_probe_read_kernel{,_str}(dst, size, src) before `at`, with its line;
 * the helpers pass turns the //export-style declaration into the helper. */
static LLVMValueRef probe_read(struct core_read *r, const char *helper, LLVMValueRef dst,
			       LLVMValueRef size, LLVMValueRef src, LLVMValueRef at)
{
	LLVMTypeRef ptr = LLVMPointerTypeInContext(r->c->llvm, 0);
	LLVMTypeRef params[] = { ptr, LLVMInt32TypeInContext(r->c->llvm), ptr };
	LLVMTypeRef type = LLVMFunctionType(LLVMInt64TypeInContext(r->c->llvm), params, 3, false);
	LLVMValueRef args[] = { dst, size, src }, call;

	LLVMPositionBuilderBefore(r->b, at);
	call = LLVMBuildCall2(r->b, type, declare(r, helper, type), args, 3, "");
	LLVMInstructionSetDebugLoc(call, LLVMInstructionGetDebugLoc(at));
	ptrset_add(&r->chain, call);
	return call;
}

/* A stack slot of `type` in the function's entry block. */
static LLVMValueRef temporary(struct core_read *r, LLVMValueRef at, LLVMTypeRef type)
{
	LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(at));
	LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);

	LLVMPositionBuilderBefore(r->b, LLVMGetFirstInstruction(entry));
	return LLVMBuildAlloca(r->b, type, "core_read");
}

static LLVMValueRef u32(struct core_read *r, unsigned long long v)
{
	return LLVMConstInt(LLVMInt32TypeInContext(r->c->llvm), v, false);
}

/* The pointer `load` loads, read with bpf_probe_read_kernel into a
 * temporary instead, just before it (so that the nil check guarding the
 * load guards the read, and goes). Once per load, for every chain through
 * it. */
static LLVMValueRef read_pointer(struct core_read *r, LLVMValueRef load)
{
	LLVMTypeRef ptr = LLVMTypeOf(load);
	LLVMValueRef tmp, value;

	for (size_t i = 0; i < r->nloads; i++)
		if (r->loads[i].load == load)
			return r->loads[i].read;
	tmp = temporary(r, load, ptr);
	probe_read(r, "bpf_probe_read_kernel", tmp, u32(r, 8), LLVMGetOperand(load, 0), load);
	value = LLVMBuildLoad2(r->b, ptr, tmp, "");
	LLVMInstructionSetDebugLoc(value, LLVMInstructionGetDebugLoc(load));
	ptrset_add(&r->chain, value);
	ptrset_add(&r->bases, value);
	if (r->nloads == r->cap)
		r->loads = xrealloc(r->loads, r->cap = r->cap ? 2 * r->cap : 8, sizeof(*r->loads));
	r->loads[r->nloads++] = (struct lowered_load){ load, value };
	return value;
}

/* Lowers the chain that ends at `address`: each pointer it loads is read
 * with a helper instead. Returns the pointer the last segment of accesses
 * starts from (after lowering), and in *last the access reaching the field. */
static LLVMValueRef lower_chain(struct core_read *r, LLVMValueRef address, LLVMValueRef *last)
{
	LLVMValueRef first = address, base = mark_segment(r, address, last), end = base, ignored;

	while (is_chain_load(end)) {
		LLVMValueRef value = read_pointer(r, end);

		/* The segment's first access takes the read value, not the load. */
		for (LLVMValueRef a = first; is_relocated(a); a = LLVMGetOperand(a, 0))
			if (LLVMGetOperand(a, 0) == end) {
				LLVMSetOperand(a, 0, value);
				if (first == address)
					base = value;
			}
		first = LLVMGetOperand(end, 0);
		end = mark_segment(r, first, &ignored);
	}
	return base;
}

/* "bpf.CoreRead", for messages. */
static char *api_name(LLVMValueRef call, const char *fallback)
{
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(call);
	char *name = loc ? di_sdk_function(loc) : NULL;

	return name ? name : xstrdup(fallback);
}

/* An error at the user's call; fmt has one %s, for "bpf.CoreRead". */
static bool refuse(struct core_read *r, LLVMValueRef call, const char *fmt)
{
	char *name = api_name(call, callee_name(call)), *text = xasprintf(fmt, name);

	diag_at(r->c->diags, TB_ERROR, call, "%s", text);
	free(text);
	free(name);
	r->err = -EINVAL;
	return false;
}

static bool check_source(struct core_read *r, LLVMValueRef call, LLVMValueRef src)
{
	return is_relocated(src) ||
	       refuse(r, call,
		      "%s needs the address of a field of a kernel type, written at the call: "
		      "&x.Field or &x.A.B.Field, where x is a variable or parameter of type *T "
		      "and T a struct whose first field is bpf.Kernel (or a bpfCore… stub)");
}

/* tinybpf_core_read(dst, size, src) and tinybpf_core_read_str. */
static void lower_read(struct core_read *r, LLVMValueRef call, bool string)
{
	LLVMValueRef dst = LLVMGetOperand(call, 0), size = LLVMGetOperand(call, 1);
	LLVMValueRef src = LLVMGetOperand(call, 2), last, result;
	enum core_field_kind kind;

	if (!check_source(r, call, src))
		return;
	lower_chain(r, src, &last);
	kind = last ? core_field_kind(last) : CORE_FIELD_OTHER;
	if (kind == CORE_FIELD_BITFIELD) {
		refuse(r, call, "%s cannot read a bitfield: use bpf.CoreReadBitfield");
		return;
	}
	if (!string) {
		result = probe_read(r, "bpf_probe_read_kernel", dst, size, src, call);
		LLVMReplaceAllUsesWith(call, result);
		LLVMInstructionEraseFromParent(call);
		return;
	} else if (kind == CORE_FIELD_ARRAY) {
		result = probe_read(r, "bpf_probe_read_kernel_str", dst, size, src, call);
	} else if (kind == CORE_FIELD_POINTER) {
		LLVMTypeRef ptr = LLVMPointerTypeInContext(r->c->llvm, 0);
		LLVMValueRef tmp = temporary(r, call, ptr), string_at;

		probe_read(r, "bpf_probe_read_kernel", tmp, u32(r, 8), src, call);
		string_at = LLVMBuildLoad2(r->b, ptr, tmp, "");
		result = probe_read(r, "bpf_probe_read_kernel_str", dst, size, string_at, call);
	} else {
		refuse(r, call,
		       "%s needs a byte array field (task.Comm) or a pointer to a string "
		       "(dentry.DName.Name)");
		return;
	}
	LLVMReplaceAllUsesWith(call, result);
	LLVMInstructionEraseFromParent(call);
}

static LLVMValueRef field_info(struct core_read *r, LLVMValueRef field, int kind, LLVMValueRef at)
{
	LLVMTypeRef ptr = LLVMTypeOf(field), i64 = LLVMInt64TypeInContext(r->c->llvm);
	const char *name = "llvm.bpf.preserve.field.info";
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(
		r->c->module, LLVMLookupIntrinsicID(name, strlen(name)), &ptr, 1);
	LLVMValueRef args[] = { field, LLVMConstInt(i64, (unsigned long long)kind, false) }, info;

	LLVMPositionBuilderBefore(r->b, at);
	info = LLVMBuildCall2(r->b, LLVMGlobalGetValueType(fn), fn, args, 2, "");
	LLVMInstructionSetDebugLoc(info, LLVMInstructionGetDebugLoc(at));
	return LLVMBuildZExt(r->b, info, i64, "");
}

/* tinybpf_core_read_bitfield(field), as libbpf's
 * BPF_CORE_READ_BITFIELD_PROBED (bpf_core_read.h) for little-endian BPF:
 *
 *	u64 val = 0;
 *	bpf_probe_read_kernel(&val, BYTE_SIZE, (void *)base + BYTE_OFFSET);
 *	val <<= LSHIFT_U64;
 *	val = SIGNED ? (s64)val >> RSHIFT_U64 : val >> RSHIFT_U64;
 *
 * every constant a relocation of the field, whose offset counts from the
 * pointer the field's accesses start from. */
static void lower_bitfield(struct core_read *r, LLVMValueRef call)
{
	LLVMValueRef field = LLVMGetOperand(call, 0), last, base, tmp, value, sign, result;
	LLVMTypeRef i64 = LLVMInt64TypeInContext(r->c->llvm), i8 = LLVMInt8TypeInContext(r->c->llvm);
	LLVMValueRef size, offset, lshift, rshift, signed_, address;

	if (!check_source(r, call, field))
		return;
	base = lower_chain(r, field, &last);
	if (!LLVMIsACallInst(field) || core_field_kind(field) != CORE_FIELD_BITFIELD) {
		refuse(r, call, "%s needs a bpf.Bitfield field of a kernel type (&x.Flag)");
		return;
	}
	size = field_info(r, field, FIELD_BYTE_SIZE, call);
	offset = field_info(r, field, FIELD_BYTE_OFFSET, call);
	lshift = field_info(r, field, FIELD_LSHIFT_U64, call);
	rshift = field_info(r, field, FIELD_RSHIFT_U64, call);
	signed_ = field_info(r, field, FIELD_SIGNED, call);
	tmp = temporary(r, call, i64);
	LLVMPositionBuilderBefore(r->b, call);
	LLVMBuildStore(r->b, LLVMConstInt(i64, 0, false), tmp);
	address = LLVMBuildGEP2(r->b, i8, base, &offset, 1, "");
	size = LLVMBuildTrunc(r->b, size, LLVMInt32TypeInContext(r->c->llvm), "");
	probe_read(r, "bpf_probe_read_kernel", tmp, size, address, call);
	LLVMPositionBuilderBefore(r->b, call);
	value = LLVMBuildShl(r->b, LLVMBuildLoad2(r->b, i64, tmp, ""), lshift, "");
	sign = LLVMBuildICmp(r->b, LLVMIntNE, signed_, LLVMConstInt(i64, 0, false), "");
	result = LLVMBuildSelect(r->b, sign, LLVMBuildAShr(r->b, value, rshift, ""),
				 LLVMBuildLShr(r->b, value, rshift, ""), "");
	LLVMReplaceAllUsesWith(call, result);
	LLVMInstructionEraseFromParent(call);
}

/* Every user of a loaded pointer is an access of a chain or a nil check. */
static bool only_chain_users(LLVMValueRef load)
{
	for (LLVMUseRef u = LLVMGetFirstUse(load); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);

		if (is_relocated(user) && LLVMGetOperand(user, 0) == load)
			continue;
		if (LLVMIsAICmpInst(user) && (LLVMIsNull(LLVMGetOperand(user, 0)) ||
					      LLVMIsNull(LLVMGetOperand(user, 1))))
			continue;
		return false;
	}
	return true;
}

/* A field query reads nothing: its chain's checks go, and so do those of
 * the pointers it loads when nothing else uses them (optimisation then
 * drops the loads). */
static void mark_query(struct core_read *r, LLVMValueRef info)
{
	LLVMValueRef last, base = mark_segment(r, LLVMGetOperand(info, 0), &last);

	while (is_chain_load(base) && only_chain_users(base)) {
		ptrset_add(&r->chain, base);
		ptrset_add(&r->bases, base);
		base = mark_segment(r, LLVMGetOperand(base, 0), &last);
	}
}

/* A block that only reports a nil dereference (panics.c's marker). */
static bool is_nil_panic(struct core_read *r, LLVMBasicBlockRef bb)
{
	const char *name = callee_name(LLVMGetFirstInstruction(bb));
	char *end;
	unsigned long n;

	if (!str_starts_with(name, PANIC_MARKER_PREFIX))
		return false;
	n = strtoul(name + strlen(PANIC_MARKER_PREFIX), &end, 10);
	return !*end && n < r->c->panic_count &&
	       !strcmp(r->c->panics[n].cause, "nil pointer dereference");
}

/* A pointer of a chain: one a chain starts from or loads, or an address
 * computed from one (TinyGo checks field addresses too). */
static bool is_chain_value(struct core_read *r, LLVMValueRef v)
{
	while (is_relocated(v))
		v = LLVMGetOperand(v, 0);
	return ptrset_has(&r->bases, v);
}

/* The branch `br (icmp eq p, null), nil-panic, bb` that guards bb with a
 * check of a chain's pointer p, if that is bb's only way in. */
static LLVMValueRef guarding_check(struct core_read *r, LLVMBasicBlockRef bb)
{
	LLVMUseRef u = LLVMGetFirstUse(LLVMBasicBlockAsValue(bb));
	LLVMValueRef br = u ? LLVMGetUser(u) : NULL, cond, p;

	if (!u || LLVMGetNextUse(u) || !LLVMIsABranchInst(br) || !LLVMIsConditional(br) ||
	    LLVMGetSuccessor(br, 1) != bb || !is_nil_panic(r, LLVMGetSuccessor(br, 0)))
		return NULL;
	cond = LLVMGetCondition(br);
	if (!LLVMIsAICmpInst(cond) || LLVMGetICmpPredicate(cond) != LLVMIntEQ)
		return NULL;
	p = LLVMIsNull(LLVMGetOperand(cond, 1)) ? LLVMGetOperand(cond, 0) : LLVMGetOperand(cond, 1);
	if (!LLVMIsNull(LLVMGetOperand(cond, 0)) && !LLVMIsNull(LLVMGetOperand(cond, 1)))
		return NULL;
	return is_chain_value(r, p) ? br : NULL;
}

/* Whether bb is on the way to a chain's instruction: TinyGo checks each
 * step of &x.A.B.C in its own block, and a step may be an address only the
 * next step uses, or a check of the next address. */
static bool leads_to_chain(struct core_read *r, LLVMBasicBlockRef bb, unsigned depth)
{
	for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && depth < 32;
	     i = LLVMGetNextInstruction(i)) {
		if (ptrset_has(&r->chain, i))
			return true;
		if (is_relocated(i) && is_chain_value(r, i))
			continue;
		if (LLVMIsAICmpInst(i) && LLVMGetICmpPredicate(i) == LLVMIntEQ &&
		    (is_chain_value(r, LLVMGetOperand(i, 0)) ||
		     is_chain_value(r, LLVMGetOperand(i, 1))))
			continue;
		if (LLVMIsABranchInst(i) && LLVMIsConditional(i) &&
		    guarding_check(r, LLVMGetSuccessor(i, 1)) == i)
			return leads_to_chain(r, LLVMGetSuccessor(i, 1), depth + 1);
		return false;
	}
	return false;
}

static unsigned remove_nil_checks(struct core_read *r)
{
	unsigned removed = 0;

	for (LLVMValueRef fn = LLVMGetFirstFunction(r->c->module); fn; fn = LLVMGetNextFunction(fn))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
		     bb = LLVMGetNextBasicBlock(bb)) {
			LLVMValueRef br = guarding_check(r, bb), cond;

			if (!br || !leads_to_chain(r, bb, 0))
				continue;
			cond = LLVMGetCondition(br);
			LLVMPositionBuilderBefore(r->b, br);
			LLVMInstructionSetDebugLoc(LLVMBuildBr(r->b, bb),
						   LLVMInstructionGetDebugLoc(br));
			LLVMInstructionEraseFromParent(br);
			if (!LLVMGetFirstUse(cond))
				LLVMInstructionEraseFromParent(cond);
			removed++;
		}
	return removed;
}

/* An address no longer used (the outer steps of &x.A.B that core.c also
 * relocated), and the addresses it was computed from. */
static void erase_dead_access(LLVMValueRef v)
{
	while (is_relocated(v) && !LLVMGetFirstUse(v)) {
		LLVMValueRef from = LLVMGetOperand(v, 0);

		LLVMInstructionEraseFromParent(v);
		v = from;
	}
}

/* Every unused address, before the loads are judged. */
static void sweep_dead_accesses(struct compile *c)
{
	for (LLVMValueRef fn = LLVMGetFirstFunction(c->module); fn; fn = LLVMGetNextFunction(fn))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
		     bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetLastInstruction(bb), prev; i; i = prev) {
				prev = LLVMGetPreviousInstruction(i);
				/* Erasing i may erase what it was computed from,
				 * which comes before it: start over from the end. */
				if (is_relocated(i) && !LLVMGetFirstUse(i)) {
					erase_dead_access(i);
					prev = LLVMGetLastInstruction(bb);
				}
			}
}

/* A load the chains no longer use goes, with the nil checks left on it;
 * its debug records move to the value read instead. */
static void drop_dead_loads(struct core_read *r)
{
	for (size_t i = 0; i < r->nloads; i++) {
		LLVMValueRef load = r->loads[i].load;
		bool used = false;

		for (LLVMUseRef u = LLVMGetFirstUse(load), next; u; u = next) {
			LLVMValueRef user = LLVMGetUser(u);

			next = LLVMGetNextUse(u);
			if (LLVMIsAICmpInst(user) && !LLVMGetFirstUse(user))
				LLVMInstructionEraseFromParent(user);
			else
				used = true;
		}
		if (used)
			continue;
		LLVMReplaceAllUsesWith(load, r->loads[i].read);
		LLVMInstructionEraseFromParent(load);
	}
}

/* The calls of the function named `name`, collected before any is changed. */
static size_t calls_of(struct compile *c, const char *name, LLVMValueRef **out)
{
	LLVMValueRef fn = LLVMGetNamedFunction(c->module, name);
	size_t n = 0;

	*out = NULL;
	for (LLVMUseRef u = fn ? LLVMGetFirstUse(fn) : NULL; u; u = LLVMGetNextUse(u)) {
		LLVMValueRef call = LLVMGetUser(u);

		if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != fn)
			continue;
		*out = xrealloc(*out, n + 1, sizeof(**out));
		(*out)[n++] = call;
	}
	return n;
}

static void drop_declaration(struct compile *c, const char *name)
{
	LLVMValueRef fn = LLVMGetNamedFunction(c->module, name);

	if (fn && !LLVMGetFirstUse(fn))
		LLVMDeleteFunction(fn);
}

int pass_core_read(struct compile *c)
{
	static const char *const intrinsics[] = { "tinybpf_core_read", "tinybpf_core_read_str",
						  "tinybpf_core_read_bitfield" };
	struct core_read r = { .c = c, .b = LLVMCreateBuilderInContext(c->llvm) };
	unsigned reads = 0, removed;
	LLVMValueRef *calls;
	size_t n;

	for (size_t k = 0; k < ARRAY_SIZE(intrinsics); k++) {
		n = calls_of(c, intrinsics[k], &calls);
		for (size_t i = 0; i < n; i++, reads++) {
			if (k == 2)
				lower_bitfield(&r, calls[i]);
			else
				lower_read(&r, calls[i], k == 1);
		}
		free(calls);
	}
	/* Field queries, the bitfield reads' included. */
	for (LLVMValueRef fn = LLVMGetFirstFunction(c->module); fn; fn = LLVMGetNextFunction(fn)) {
		size_t len;

		if (!str_starts_with(LLVMGetValueName2(fn, &len), "llvm.bpf.preserve.field.info"))
			continue;
		for (LLVMUseRef u = LLVMGetFirstUse(fn); u; u = LLVMGetNextUse(u))
			if (LLVMIsACallInst(LLVMGetUser(u)))
				mark_query(&r, LLVMGetUser(u));
	}
	removed = remove_nil_checks(&r);
	sweep_dead_accesses(c);
	drop_dead_loads(&r);
	for (size_t k = 0; k < ARRAY_SIZE(intrinsics); k++)
		drop_declaration(c, intrinsics[k]);
	if (c->settings->verbose && (reads || removed))
		diag_note(c->diags,
			  "core-read: %u CO-RE reads, %zu pointers read on the way, %u nil checks "
			  "removed",
			  reads, r.nloads, removed);
	LLVMDisposeBuilder(r.b);
	ptrset_free(&r.chain);
	ptrset_free(&r.bases);
	free(r.loads);
	return r.err;
}
