// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>

#include <llvm-c/DebugInfo.h>

#include "passes.h"

/* BPF has no heap. TinyGo allocates every escaping value with runtime.alloc;
 * in a BPF program nothing outlives the call, so a stack slot is equivalent. */

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
		to_stack(c, call, LLVMConstIntGetZExtValue(size));
	}
	if (!LLVMGetFirstUse(alloc))
		LLVMDeleteFunction(alloc);
	return err;
}
