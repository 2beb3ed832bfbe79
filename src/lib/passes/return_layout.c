// SPDX-License-Identifier: MIT
/*
 * After optimisation: the blocks that return go last in each function, in
 * their order, as clang lays out C's early returns.
 *
 * The BPF backend mostly keeps the IR's block order, and TinyGo's IR (then
 * the optimiser) leaves an early `return 0` where the source has it, in the
 * middle. The code after it then jumps over it, and a later path to it jumps
 * back: two jumps the C twin does not have (tracepoint-openat: 49 xlated
 * instructions against clang's 47, `bpftool prog dump xlated`). Moving the
 * return blocks changes no path through the function, only which paths fall
 * through. Measured over the 92 test and conformance objects: 6554 ->
 * 6478 instructions, one object one instruction longer (sdk_printk).
 * First written for packet checks only (packet.c), where a short packet
 * jumps to the return as in C.
 */
#include "passes.h"

void pass_return_layout(struct compile *c)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f)) {
		LLVMBasicBlockRef entry, bb, next, last;

		if (!LLVMCountBasicBlocks(f))
			continue;
		entry = LLVMGetEntryBasicBlock(f);
		last = LLVMGetLastBasicBlock(f);
		for (bb = entry; bb; bb = next) {
			LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);

			next = bb == last ? NULL : LLVMGetNextBasicBlock(bb);
			if (bb != entry && term && LLVMGetInstructionOpcode(term) == LLVMRet)
				LLVMMoveBasicBlockAfter(bb, LLVMGetLastBasicBlock(f));
		}
	}
}
