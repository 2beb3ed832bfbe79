// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "../llvm_shim.h"
#include "../ptrset.h"
#include "passes.h"

/*
 * BPF has no heap. TinyGo allocates every escaping value with runtime.alloc;
 * a BPF program's stack lasts as long as its call, so a stack slot is
 * equivalent as long as the value does not outlive the call. Go lets it: its
 * address stored in a package variable or a map value, copied into a map or
 * a ring buffer, or returned by the function that declared it, outlives the
 * stack it would be put on. Such a value is refused at the Go line that lets
 * it escape (issue 12, item 5): a stack address in a map is a dangling
 * pointer, and leaks a kernel address to user space.
 *
 * The analysis follows the allocation's address through address arithmetic,
 * into the local slots it is stored in (and out again through loads), and
 * into the parameters of the Go functions it is passed to (not yet inlined
 * here). Storing it anywhere that is not a local slot, or handing a slot that
 * holds it to a helper that copies memory out, is an escape.
 */

#define MAX_BPF_ALIGN 8

/* The requested alignment, raised to 8 for slots of 8 bytes or more: a
 * larger alignment is always a valid one, and it lets the zeroing use 8-byte
 * stores: half as many as for a 4-aligned struct. */
static unsigned alignment_of(LLVMValueRef call, unsigned long long size)
{
	unsigned kind = LLVMGetEnumAttributeKindForName("align", 5);
	LLVMAttributeRef attr = LLVMGetCallSiteEnumAttribute(call, LLVMAttributeReturnIndex, kind);
	unsigned align = attr ? (unsigned)LLVMGetEnumAttributeValue(attr) : MAX_BPF_ALIGN;

	if (align > MAX_BPF_ALIGN || size >= MAX_BPF_ALIGN)
		return MAX_BPF_ALIGN;
	return align ? align : 1;
}

static void to_stack(struct compile *c, LLVMValueRef call, unsigned long long size)
{
	LLVMValueRef func = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
	LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(func);
	LLVMTypeRef i8 = LLVMInt8TypeInContext(c->llvm);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llvm);
	unsigned align = alignment_of(call, size);
	char *name = value_name(call); /* TinyGo names it after the Go variable */
	LLVMValueRef slot, zero;

	LLVMSetValueName2(call, "", 0);

	/* In the entry block, so the verifier sees a fixed stack frame; with
	 * the variable's name and line, for the stack report (stack.c). */
	LLVMPositionBuilderBefore(b, LLVMGetFirstInstruction(entry));
	slot = LLVMBuildAlloca(b, LLVMArrayType2(i8, size), name);
	LLVMSetAlignment(slot, align);
	LLVMInstructionSetDebugLoc(slot, LLVMInstructionGetDebugLoc(call));
	free(name);

	/* Go's zero value, at the point of allocation: a loop gets fresh memory. */
	LLVMPositionBuilderBefore(b, call);
	zero = LLVMBuildMemSet(b, slot, LLVMConstInt(i8, 0, false),
			       LLVMConstInt(LLVMInt64TypeInContext(c->llvm), size, false), align);
	LLVMInstructionSetDebugLoc(zero, LLVMInstructionGetDebugLoc(call));
	LLVMReplaceAllUsesWith(call, slot);
	LLVMInstructionEraseFromParent(call);
	LLVMDisposeBuilder(b);
}

/* ---- values that outlive the call ---- */

/* Helpers that copy memory out of the program, and which argument points to
 * it (bpf.h): a slot holding a stack address must not be copied out. */
static const struct {
	const char *helper; /* its kernel name without bpf_: the id is the table's */
	int arg;
	const char *where;
} copies_out[] = {
	{ "map_update_elem", 1, "into a BPF map (as the key of bpf_map_update_elem)" },
	{ "map_update_elem", 2, "into a BPF map (by bpf_map_update_elem)" },
	{ "map_push_elem", 1, "into a BPF map (by bpf_map_push_elem)" },
	{ "perf_event_output", 3, "to user space (by bpf_perf_event_output)" },
	{ "ringbuf_output", 1, "into a ring buffer (by bpf_ringbuf_output)" },
	{ "probe_write_user", 1, "to user memory (by bpf_probe_write_user)" },
	{ "skb_store_bytes", 2, "into a packet (by bpf_skb_store_bytes)" },
	{ "skb_output", 3, "to user space (by bpf_skb_output)" },
	{ "xdp_output", 3, "to user space (by bpf_xdp_output)" },
	{ "seq_write", 1, "to user space (by bpf_seq_write)" },
	{ "sock_map_update", 2, "into a BPF map (as the key of bpf_sock_map_update)" },
	{ "sock_hash_update", 2, "into a BPF map (as the key of bpf_sock_hash_update)" },
	{ "sk_storage_get", 2, "into socket storage (as bpf_sk_storage_get's initial value)" },
	{ "task_storage_get", 2, "into task storage (as bpf_task_storage_get's initial value)" },
	{ "inode_storage_get", 2, "into inode storage (as bpf_inode_storage_get's initial value)" },
	{ "cgrp_storage_get", 2, "into cgroup storage (as bpf_cgrp_storage_get's initial value)" },
};

/* Helpers that copy memory from their source to their destination, both
 * arguments (bpf.h): a slot holding a stack address copied elsewhere makes
 * the destination hold it. */
static const struct {
	const char *helper;
	int dst, src;
} copies_within[] = {
	{ "probe_read", 0, 2 },
	{ "probe_read_str", 0, 2 },
	{ "probe_read_kernel", 0, 2 },
	{ "probe_read_kernel_str", 0, 2 },
	{ "probe_read_user", 0, 2 },
	{ "probe_read_user_str", 0, 2 },
};

/* Helpers whose result is memory outside the program's stack. */
static const struct {
	const char *helper;
	const char *what;
} returns_memory[] = {
	{ "map_lookup_elem", "a BPF map value (from bpf_map_lookup_elem)" },
	{ "ringbuf_reserve", "a ring buffer record (from bpf_ringbuf_reserve)" },
};

/* Go functions the address is followed into, each called by the one before:
 * BPF's own bound on nested calls (MAX_CALL_FRAMES in the kernel's
 * include/linux/bpf_verifier.h, 8 frames, the program's own included). A
 * chain deeper than that (at -opt=0, before inlining) is refused, never
 * passed unchecked. */
#define MAX_CALL_DEPTH 8
/* Locals holding the address are level 1; locals holding the address of a
 * level-1 local, level 2; and so on. Past this, the address is refused as
 * escaping: a program keeping it further away than that is not followed. */
#define MAX_HOLD_LEVEL 4

struct escape {
	struct compile *c;
	LLVMValueRef owner; /* the function the variable belongs to */
	struct ptrset derived;
	/* what points to a local slot holding the address, by level (1 to
	 * MAX_HOLD_LEVEL; [0] is unused): the slots and the values computed
	 * from their addresses */
	struct ptrset holders[MAX_HOLD_LEVEL + 1];
	struct ptrset choices[MAX_HOLD_LEVEL + 1]; /* phis and selects choosing among them */
	LLVMValueRef at; /* where it escapes, once found */
	char *where; /* NULL: kept further away than MAX_HOLD_LEVEL, or... */
	bool calls_too_deep; /* ...passed deeper than MAX_CALL_DEPTH */
	LLVMValueRef returned_from; /* a callee returning a derived value... */
	unsigned returned_levels; /* ...of these levels (bit 0: the address) */
	unsigned depth;
	LLVMValueRef calls[MAX_CALL_DEPTH]; /* the calls followed into, outermost first */
	LLVMValueRef call; /* the owner's call the address went through, if any */
	LLVMValueRef escape_call; /* that call, once it escapes inside it */
};

/* The helper ID a call (already rewritten by pass_helpers) calls, or -1. */
static int called_helper_id(LLVMValueRef call)
{
	LLVMValueRef callee = LLVMGetCalledValue(call);

	if (callee && LLVMIsAConstantExpr(callee) && LLVMGetConstOpcode(callee) == LLVMIntToPtr &&
	    LLVMIsAConstantInt(LLVMGetOperand(callee, 0)))
		return (int)LLVMConstIntGetZExtValue(LLVMGetOperand(callee, 0));
	return -1;
}

static bool is_runtime_alloc(LLVMValueRef v)
{
	LLVMValueRef callee = LLVMIsACallInst(v) ? LLVMGetCalledValue(v) : NULL;

	return callee && !strcmp(LLVMGetValueName(callee), "runtime.alloc");
}

/* What the insertvalue chain under an extractvalue put at its place, or
 * NULL: a Go slice's pointer, extracted from the slice built around it. */
static LLVMValueRef inserted_at(LLVMValueRef extract)
{
	unsigned n = LLVMGetNumIndices(extract);
	const unsigned *want = LLVMGetIndices(extract);

	for (LLVMValueRef agg = LLVMGetOperand(extract, 0); LLVMIsAInsertValueInst(agg);
	     agg = LLVMGetOperand(agg, 0))
		if (LLVMGetNumIndices(agg) == n &&
		    !memcmp(LLVMGetIndices(agg), want, n * sizeof(*want)))
			return LLVMGetOperand(agg, 1);
	return NULL;
}

static LLVMValueRef base_of(LLVMValueRef p)
{
	for (;;) {
		LLVMValueRef q;

		if (LLVMIsAGetElementPtrInst(p) || LLVMIsABitCastInst(p) ||
		    LLVMIsAAddrSpaceCastInst(p))
			p = LLVMGetOperand(p, 0);
		else if (LLVMIsAExtractValueInst(p) && (q = inserted_at(p)))
			p = q;
		else
			return p;
	}
}

static bool is_local_slot(LLVMValueRef base)
{
	return LLVMIsAAllocaInst(base) || is_runtime_alloc(base);
}

static bool is_memcpy(LLVMValueRef call)
{
	LLVMValueRef callee = LLVMGetCalledValue(call);
	size_t len;
	const char *name = callee && LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &len) : "";

	return str_starts_with(name, "llvm.memcpy") || str_starts_with(name, "llvm.memmove");
}

static void escapes_at(struct escape *e, LLVMValueRef at, char *where)
{
	if (e->at) {
		free(where);
		return;
	}
	e->at = at;
	e->where = where;
	e->escape_call = e->call;
}

/* Words for memory that is not a local slot: the base of a store's address. */
static char *memory_words(LLVMValueRef base)
{
	if (LLVMIsAGlobalVariable(base)) {
		char *go = di_global_name(base), *name = go ? go_name_to_c(go) : value_name(base);
		char *words = xasprintf("in the package variable %s", name);

		free(go);
		free(name);
		return words;
	}
	if (LLVMIsACallInst(base)) {
		int id = called_helper_id(base);

		for (size_t i = 0; i < ARRAY_SIZE(returns_memory); i++)
			if (helper_id(returns_memory[i].helper) == id)
				return xasprintf("in %s", returns_memory[i].what);
		return xstrdup("in memory a call returned");
	}
	if (LLVMIsAArgument(base))
		return xstrdup("through a pointer the function was given");
	return xstrdup("in memory outside the function's stack");
}

static void follow(struct escape *e, LLVMValueRef v);
static void into_call(struct escape *e, LLVMValueRef call, LLVMValueRef callee, unsigned index,
		      unsigned level);

/* The Go function a call calls (not a helper, not an intrinsic), or NULL. */
static LLVMValueRef go_callee(LLVMValueRef call)
{
	LLVMValueRef callee = LLVMGetCalledValue(call);

	return callee && LLVMIsAFunction(callee) && !LLVMGetIntrinsicID(callee) ? callee : NULL;
}

static void hold(struct escape *e, LLVMValueRef at, LLVMValueRef slot, unsigned level);

/* Where `user` puts v in memory, or NULL: a store, or an atomic exchange or
 * compare-and-swap (Go's atomic.SwapPointer, CompareAndSwapPointer). */
static LLVMValueRef stored_to(LLVMValueRef user, LLVMValueRef v)
{
	/* store v, p; atomicrmw op p, v; cmpxchg p, old, new */
	if (LLVMIsAStoreInst(user))
		return LLVMGetOperand(user, 0) == v ? LLVMGetOperand(user, 1) : NULL;
	if (LLVMIsAAtomicRMWInst(user))
		return LLVMGetOperand(user, 1) == v ? LLVMGetOperand(user, 0) : NULL;
	if (LLVMIsAAtomicCmpXchgInst(user))
		return LLVMGetOperand(user, 2) == v ? LLVMGetOperand(user, 0) : NULL;
	return NULL;
}

/* Whether `user` reads what addr points to: a load, or an atomic operation
 * on it, whose result is what was there. */
static bool reads(LLVMValueRef user, LLVMValueRef addr)
{
	return LLVMIsALoadInst(user) ||
	       ((LLVMIsAAtomicRMWInst(user) || LLVMIsAAtomicCmpXchgInst(user)) &&
		LLVMGetOperand(user, 0) == addr);
}

/* The address is at `level` (0: the address itself, or a value computed
 * from it; 1: the address of a local slot holding it; ...): it is followed
 * through a Go function that returns it. */
static void returned(struct escape *e, LLVMValueRef ret, unsigned level)
{
	LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(ret));

	if (fn != e->owner) {
		/* fn is the callee into_call follows: it cleared both */
		e->returned_from = fn;
		e->returned_levels |= 1u << level;
	} else if (!level && !is_entry_point(e->c, fn)) {
		escapes_at(e, ret, xstrdup("is returned"));
	}
	/* the owner returning a slot of its own (level 1 or more): that slot
	 * is a variable of its own, refused for it */
}

/* Whether `user`, given an address, computes a value that may still point
 * where it does: an address inside the same memory, the address chosen on a
 * path (a phi, a select: `hp := &h1; if c { hp = &h2 }`), or the address as
 * an integer and back (uintptr arithmetic). */
static bool derives_address(LLVMValueRef user)
{
	/* an instruction: what uses an instruction or a parameter is one */
	switch (LLVMGetInstructionOpcode(user)) {
	case LLVMGetElementPtr:
	case LLVMBitCast:
	case LLVMAddrSpaceCast:
	case LLVMPtrToInt:
	case LLVMIntToPtr:
	case LLVMPHI:
	case LLVMSelect:
	case LLVMAdd:
	case LLVMSub:
	case LLVMOr:
	case LLVMAnd:
	case LLVMXor:
	/* Go's copy() takes the slot's address inside a slice: { ptr, len,
	 * cap } built by insertvalue, the pointer extracted again for the
	 * memmove. */
	case LLVMInsertValue:
	case LLVMExtractValue:
	/* optimised IR (tinybpf link of IR built at -opt=2): pointers stored
	 * side by side as a vector, and freeze */
	case LLVMInsertElement:
	case LLVMExtractElement:
	case LLVMShuffleVector:
	case LLVMFreeze:
		return true;
	default:
		return false;
	}
}

/* Where a helper call copies the memory at addr to, or NULL. */
static LLVMValueRef helper_copy_of(LLVMValueRef call, LLVMValueRef addr)
{
	int id = called_helper_id(call);

	for (size_t i = 0; i < ARRAY_SIZE(copies_within); i++)
		if (helper_id(copies_within[i].helper) == id &&
		    (unsigned)copies_within[i].src < LLVMGetNumArgOperands(call) &&
		    LLVMGetOperand(call, (unsigned)copies_within[i].src) == addr)
			return LLVMGetOperand(call, (unsigned)copies_within[i].dst);
	return NULL;
}

/* addr points to a local slot holding the address at level - 1: what reads
 * it, copies it, or keeps addr itself. */
static void hold_through(struct escape *e, LLVMValueRef addr, unsigned level)
{
	if (e->at || !ptrset_add(&e->holders[level], addr))
		return; /* seen: a loop's phi comes back to it */
	for (LLVMUseRef u = LLVMGetFirstUse(addr); u && !e->at; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u), dst;

		if (derives_address(user)) {
			hold_through(e, user, level);
		} else if (reads(user, addr)) {
			if (level == 1)
				follow(e, user);
			else
				hold_through(e, user, level - 1);
		} else if ((dst = stored_to(user, addr))) {
			/* the holder's own address stored: where it goes
			 * holds the address one level further away */
			hold(e, user, dst, level + 1);
		} else if (LLVMIsAReturnInst(user)) {
			returned(e, user, level);
		} else if (LLVMIsACallInst(user) && is_memcpy(user) && LLVMGetOperand(user, 1) == addr) {
			hold(e, user, LLVMGetOperand(user, 0), level);
		} else if (LLVMIsACallInst(user) && (dst = helper_copy_of(user, addr))) {
			hold(e, user, dst, level);
		} else if (LLVMIsACallInst(user)) {
			int id = called_helper_id(user);

			/* the holder given to a Go function: its parameter holds it */
			if (go_callee(user))
				for (unsigned i = 0; i < LLVMGetNumArgOperands(user); i++)
					if (LLVMGetOperand(user, i) == addr)
						into_call(e, user, go_callee(user), i, level);
			for (size_t i = 0; i < ARRAY_SIZE(copies_out); i++)
				if (helper_id(copies_out[i].helper) == id &&
				    (unsigned)copies_out[i].arg < LLVMGetNumArgOperands(user) &&
				    LLVMGetOperand(user, (unsigned)copies_out[i].arg) == addr)
					escapes_at(e, user, xasprintf("is copied %s", copies_out[i].where));
		}
	}
}

/* What the call followed into a Go function passed it as its parameter
 * `param`, or NULL when that function is none of the calls'. */
static LLVMValueRef argument_given(const struct escape *e, LLVMValueRef param)
{
	LLVMValueRef fn = LLVMGetParamParent(param);
	unsigned index = 0;

	for (LLVMValueRef p = LLVMGetFirstParam(fn); p != param; p = LLVMGetNextParam(p))
		index++;
	for (unsigned d = e->depth; d-- > 0;)
		if (go_callee(e->calls[d]) == fn)
			return index < LLVMGetNumArgOperands(e->calls[d])
				       ? LLVMGetOperand(e->calls[d], index)
				       : NULL;
	return NULL;
}

/* `at` stores or copies the address at level - 1 to `dst`: a local slot
 * there holds it at `level`, as does one a Go function followed into was
 * given a pointer to (`attach(&ev, &x)` storing p in ev); anywhere else, it
 * escapes. */
static void hold(struct escape *e, LLVMValueRef at, LLVMValueRef dst, unsigned level)
{
	LLVMValueRef slot = base_of(dst), given;
	char *words;

	if (level > MAX_HOLD_LEVEL) {
		escapes_at(e, at, NULL);
		return;
	}
	if (is_local_slot(slot)) {
		hold_through(e, slot, level);
		return;
	}
	if (LLVMIsAArgument(slot) && (given = argument_given(e, slot))) {
		hold(e, at, given, level);
		return;
	}
	/* stored through an address chosen among slots (`hp := &h1; if c {
	 * hp = &h2 }; hp[0] = &x`): each of them holds it */
	if (LLVMIsAPHINode(slot) || LLVMIsASelectInst(slot)) {
		if (!ptrset_add(&e->choices[level], slot))
			return; /* a loop's phi, already followed */
		if (LLVMIsAPHINode(slot))
			for (unsigned i = 0; i < LLVMCountIncoming(slot) && !e->at; i++)
				hold(e, at, LLVMGetIncomingValue(slot, i), level);
		else
			for (unsigned i = 1; i <= 2 && !e->at; i++)
				hold(e, at, LLVMGetOperand(slot, i), level);
		return;
	}
	words = memory_words(slot);
	escapes_at(e, at, xasprintf(level == 1 ? "is %s %s" : "is held by a local whose address is %s %s",
				    LLVMIsACallInst(at) ? "copied" : "stored", words));
	free(words);
}

/* A Go function the address is passed to at `level` (0: the address, 1: a
 * local slot holding it, ...), as its parameter `index`: the parameter is
 * followed in it at that level; what it returns of it, so is the call. */
static void into_call(struct escape *e, LLVMValueRef call, LLVMValueRef callee, unsigned index,
		      unsigned level)
{
	LLVMValueRef previous = e->returned_from;
	unsigned previous_levels = e->returned_levels, levels;

	if (LLVMIsDeclaration(callee) || index >= LLVMCountParams(callee))
		return;
	if (e->depth == MAX_CALL_DEPTH) {
		if (!e->at)
			e->calls_too_deep = true;
		escapes_at(e, call, NULL);
		return;
	}
	e->calls[e->depth] = call;
	if (!e->depth++)
		e->call = call;
	e->returned_from = NULL;
	e->returned_levels = 0;
	if (level)
		hold_through(e, LLVMGetParam(callee, index), level);
	else
		follow(e, LLVMGetParam(callee, index));
	levels = e->returned_from == callee ? e->returned_levels : 0;
	for (unsigned l = 0; l <= MAX_HOLD_LEVEL; l++)
		if (levels & (1u << l)) {
			if (l)
				hold_through(e, call, l);
			else
				follow(e, call);
		}
	e->returned_from = previous;
	e->returned_levels = previous_levels;
	if (!--e->depth)
		e->call = NULL;
}

/* v holds the variable's address (or a value computed from it). */
static void follow(struct escape *e, LLVMValueRef v)
{
	if (e->at || !ptrset_add(&e->derived, v))
		return;
	for (LLVMUseRef u = LLVMGetFirstUse(v); u && !e->at; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u), dst;

		if (derives_address(user)) {
			follow(e, user);
		} else if ((dst = stored_to(user, v))) {
			hold(e, user, dst, 1);
		} else if (LLVMIsAReturnInst(user)) {
			returned(e, user, 0);
		} else if (LLVMIsACallInst(user) && go_callee(user)) {
			for (unsigned i = 0; i < LLVMGetNumArgOperands(user); i++)
				if (LLVMGetOperand(user, i) == v)
					into_call(e, user, go_callee(user), i, 0);
		}
	}
}

static const char *short_go_name(const char *go_name, const char *otherwise)
{
	return go_name ? (str_starts_with(go_name, "main.") ? go_name + 5 : go_name) : otherwise;
}

static void report(struct compile *c, const struct escape *e, LLVMValueRef alloc)
{
	char *name = value_name(alloc), *function = di_function_name(e->owner);
	char *callee = e->escape_call ? di_function_name(LLVMGetCalledValue(e->escape_call)) : NULL;
	const char *var = *name ? name : "a local value", *fn = short_go_name(function, "its function");
	const char *callee_name = short_go_name(callee, "that function");
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(e->at);
	/* kept by the standard library (atomic.StorePointer): at the user's
	 * call, or where the user's code has it inlined */
	bool in_library = e->escape_call && loc && !location_in_user_code(c, loc);
	struct source_location at = user_location_of(c, in_library ? e->escape_call : e->at);

	if (e->calls_too_deep)
		diag_add(c->diags, TB_ERROR, at.file, at.line, at.column,
			 "the address of %s is passed here to a Go function %d calls deep, each "
			 "calling the next with it: tinybpf follows no more than %d (BPF's own bound "
			 "on nested calls), so cannot tell whether it outlives the call of %s; pass "
			 "it through fewer functions",
			 var, MAX_CALL_DEPTH + 1, MAX_CALL_DEPTH, fn);
	else if (!e->where)
		diag_add(c->diags, TB_ERROR, at.file, at.line, at.column,
			 "the address of %s is kept here through %d locals, each holding the address "
			 "of the one before: tinybpf follows no more than %d, so cannot tell whether "
			 "it outlives the call of %s; keep it through fewer pointers to pointers",
			 var, MAX_HOLD_LEVEL + 1, MAX_HOLD_LEVEL, fn);
	else
		diag_add(c->diags, TB_ERROR, at.file, at.line, at.column,
			 "the address of %s %s%s%s%s, where it outlives the call of %s; BPF programs "
			 "keep variables on the stack, which ends with the call: %s",
			 var, e->where, in_library ? " (by " : "", in_library ? callee_name : "",
			 in_library ? ", given it here)" : "", fn,
			 !strcmp(e->where, "is returned") ? "return the value, not its address"
							  : "store or copy the value, not its address");
	if (e->escape_call && !in_library)
		diag_at(c->diags, TB_NOTE, e->escape_call, "%s's address is passed to %s here",
			*name ? name : "the value", callee_name);
	location_free(&at);
	free(callee);
	free(function);
	free(name);
}

/* Refuses a variable whose address outlives its function's call. */
static bool outlives_call(struct compile *c, LLVMValueRef alloc)
{
	struct escape e = { .c = c, .owner = LLVMGetBasicBlockParent(LLVMGetInstructionParent(alloc)) };

	follow(&e, alloc);
	if (e.at)
		report(c, &e, alloc);
	free(e.where);
	ptrset_free(&e.derived);
	for (unsigned l = 1; l <= MAX_HOLD_LEVEL; l++) {
		ptrset_free(&e.holders[l]);
		ptrset_free(&e.choices[l]);
	}
	return e.at;
}

int pass_heap_to_stack(struct compile *c)
{
	LLVMValueRef alloc = LLVMGetNamedFunction(c->module, "runtime.alloc");
	int err = 0;

	if (!alloc)
		return 0;
	for (LLVMUseRef u = LLVMGetFirstUse(alloc), next; u; u = next) {
		LLVMValueRef call = LLVMGetUser(u);
		LLVMValueRef size;

		next = LLVMGetNextUse(u);
		if (!LLVMIsACallInst(call))
			continue;
		size = LLVMGetOperand(call, 0);
		if (!LLVMIsAConstantInt(size)) {
			diag_at(c->diags, TB_ERROR, call,
				     "allocation of a size known only at run time (make with a variable "
				     "length?): BPF programs have a fixed stack; use a constant size");
			err = -EINVAL;
			continue;
		}
		if (outlives_call(c, call)) {
			err = -EINVAL;
			continue;
		}
		to_stack(c, call, LLVMConstIntGetZExtValue(size));
	}
	if (!LLVMGetFirstUse(alloc))
		LLVMDeleteFunction(alloc);
	return err;
}
