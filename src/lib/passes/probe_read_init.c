// SPDX-License-Identifier: MIT
/*
 * After optimisation, in the code generator's process: Go gives every
 * variable its zero value, so `var p uintptr` followed by
 * bpf.ProbeReadKernel(&p, 8, src) stores a zero the helper then overwrites.
 * C leaves such a variable uninitialised; the zero store is one or more
 * instructions the C twin does not have.
 *
 * The kernel writes the whole destination of these helpers whether the read
 * succeeds or fails (on failure it zeroes it: bpf_probe_read_kernel_common
 * and bpf_probe_read_user_common in kernel/trace/bpf_trace.c, and the older
 * bpf_probe_read); bpf_get_current_comm (kernel/bpf/helpers.c) pads the name
 * with NULs to the size (strscpy_pad, strncpy before 5.19) or zeroes it all.
 * None reads its destination. So each such call, once inlining has
 * made its size a constant, is marked `captures(none) initializes((0, N))` on
 * its destination, and LLVM's dead store elimination, run again on the
 * functions with such calls, drops the stores the call overwrites. Stores to
 * bytes beyond N stay (a read of 8 bytes into a zeroed [16]byte keeps the
 * upper half zero), and so do stores something reads before the call.
 *
 * The _str variants are left alone: on success they write only up to the
 * string's NUL, so the rest of the buffer keeps Go's zeroes.
 *
 * `initializes` also promises that the call reads none of those bytes before
 * writing them, which fails if the source overlaps the destination. The
 * destination must therefore be a stack slot (an alloca) whose address never
 * leaves the function's own loads, stores and helper calls (no ptrtoint, no
 * store of the address, no call of a Go function), and the source must not be
 * based on that slot.
 */
#include <errno.h>

#include <linux/bpf.h>

#include <llvm-c/Transforms/PassBuilder.h>

#include "../llvm_shim.h"
#include "passes.h"

/* Ids from the UAPI header, the kernel's own numbering. */
static const long long whole_writers[] = {
	BPF_FUNC_probe_read,
	BPF_FUNC_probe_read_user,
	BPF_FUNC_probe_read_kernel,
	BPF_FUNC_get_current_comm,
};

/* The helper id a call calls (`call inttoptr (i64 ID to ptr)`), or -1. */
static long long called_helper(LLVMValueRef call)
{
	LLVMValueRef callee = LLVMGetCalledValue(call);
	LLVMValueRef id;

	if (!callee || !LLVMIsAConstantExpr(callee) || LLVMGetConstOpcode(callee) != LLVMIntToPtr)
		return -1;
	id = LLVMGetOperand(callee, 0);
	return LLVMIsAConstantInt(id) ? LLVMConstIntGetSExtValue(id) : -1;
}

static bool writes_whole_destination(long long id)
{
	for (size_t i = 0; i < ARRAY_SIZE(whole_writers); i++)
		if (whole_writers[i] == id)
			return true;
	return false;
}

/* The pointer a chain of GEPs and casts starts from. */
static LLVMValueRef pointer_base(LLVMValueRef p)
{
	for (int depth = 0; p && depth < 64; depth++) {
		if (LLVMIsAGetElementPtrInst(p) || LLVMIsAAddrSpaceCastInst(p) ||
		    (LLVMIsAConstantExpr(p) && (LLVMGetConstOpcode(p) == LLVMGetElementPtr ||
						LLVMGetConstOpcode(p) == LLVMAddrSpaceCast)))
			p = LLVMGetOperand(p, 0);
		else
			break;
	}
	return p;
}

/* Whether every use of p (an alloca, or a GEP of one) only loads, stores to
 * or passes it to a helper or a memory intrinsic: nothing can form its
 * address again elsewhere. */
static bool stays_local(LLVMValueRef p, int depth)
{
	if (depth > 16)
		return false;
	for (LLVMUseRef u = LLVMGetFirstUse(p); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);

		if (LLVMIsALoadInst(user))
			continue;
		if (LLVMIsAStoreInst(user)) {
			if (LLVMGetOperand(user, 0) == p) /* the address itself is stored */
				return false;
			continue;
		}
		if (LLVMIsAGetElementPtrInst(user)) {
			if (!stays_local(user, depth + 1))
				return false;
			continue;
		}
		if (LLVMIsACallInst(user)) {
			LLVMValueRef callee = LLVMGetCalledValue(user);

			if (called_helper(user) >= 0 || LLVMIsAIntrinsicInst(user) ||
			    (callee && LLVMIsAFunction(callee) && LLVMGetIntrinsicID(callee)))
				continue;
		}
		return false;
	}
	return true;
}

/* Marks the call if it qualifies (see the top of the file). */
static bool mark_call(LLVMValueRef call)
{
	LLVMValueRef dst, size, src, slot;
	unsigned long long n;
	unsigned nargs = LLVMGetNumArgOperands(call);

	/* bpf_get_current_comm(buf, size) has no source. */
	if (nargs < 2 || !writes_whole_destination(called_helper(call)))
		return false;
	dst = LLVMGetOperand(call, 0);
	size = LLVMGetOperand(call, 1);
	src = nargs > 2 ? LLVMGetOperand(call, 2) : NULL;
	if (!LLVMIsAConstantInt(size) || !(n = LLVMConstIntGetZExtValue(size)) || n > 512)
		return false;
	slot = pointer_base(dst);
	if (!slot || !LLVMIsAAllocaInst(slot) || (src && pointer_base(src) == slot) || !stays_local(slot, 0))
		return false;
	call_arg_initializes(call, 0, n);
	return true;
}

int pass_probe_read_init(struct compile *c)
{
	LLVMPassBuilderOptionsRef opts = NULL;
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f && !err; f = LLVMGetNextFunction(f)) {
		bool marked = false;

		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
				if (LLVMIsACallInst(i) && mark_call(i))
					marked = true;
		if (marked) {
			LLVMErrorRef e;

			if (!opts)
				opts = LLVMCreatePassBuilderOptions();
			e = LLVMRunPassesOnFunction(f, "dse", NULL, opts);
			if (e) {
				char *msg = LLVMGetErrorMessage(e);

				diag_error(c->diags, "internal error: dead store elimination: %s", msg);
				LLVMDisposeErrorMessage(msg);
				err = -EINVAL;
			}
		}
	}
	if (opts)
		LLVMDisposePassBuilderOptions(opts);
	return err;
}
