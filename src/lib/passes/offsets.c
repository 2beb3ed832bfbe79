// SPDX-License-Identifier: MIT
/*
 * Narrow offsets (issue 12, item 1). Go turns an offset into an address by
 * its type: uintptr(p) + uintptr(n) zero-extends an unsigned n. LLVM
 * sign-extends a getelementptr index narrower than a pointer, so a uint32
 * offset of 2^31 or more written as such an index subtracts.
 *
 * TinyGo extends every index of indexing and slicing to 64 bits by its Go
 * type before the GEP (extendInteger), and uintptr(n) is a zext; only
 * unsafe.Add passed its offset through unchanged, whatever its type. The IR
 * cannot tell a uint32 from an int32 (both are i32, and the offset need not
 * be a variable the debug info describes), so the fix is in TinyGo, where the
 * Go type is known: scripts/tinygo-patches/0001-*.patch, which the TinyGo
 * scripts/setup.sh builds carries. A narrow variable GEP index in the input
 * therefore means a TinyGo without that fix, and whether it adds or
 * subtracts cannot be known here: refused at the Go line, never guessed.
 */
#include <errno.h>

#include "passes.h"

/* TinyGo's host targets: pointers, and GEP indexes, are 64 bits. */
#define INDEX_BITS 64

static bool narrow_variable_index(LLVMValueRef gep, unsigned *bits)
{
	for (unsigned i = 1; i < (unsigned)LLVMGetNumOperands(gep); i++) {
		LLVMValueRef index = LLVMGetOperand(gep, i);
		LLVMTypeRef type = LLVMTypeOf(index);

		if (LLVMIsAConstant(index) || LLVMGetTypeKind(type) != LLVMIntegerTypeKind)
			continue;
		*bits = LLVMGetIntTypeWidth(type);
		if (*bits < INDEX_BITS)
			return true;
	}
	return false;
}

int pass_offsets(struct compile *c)
{
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
				unsigned bits;

				if (!LLVMIsAGetElementPtrInst(i) || !narrow_variable_index(i, &bits))
					continue;
				diag_at(c->diags, TB_ERROR, i,
					"unsafe.Add with a%s %u-bit offset: this TinyGo extends it by its "
					"sign whatever its Go type, so an unsigned offset of 2^%u or more "
					"would subtract; write unsafe.Add(p, uintptr(n)) (int(n) if n is "
					"signed), or build with the TinyGo scripts/setup.sh builds, which "
					"has the fix",
					bits == 8 ? "n" : "", bits, bits - 1);
				err = -EINVAL;
			}
	return err;
}
