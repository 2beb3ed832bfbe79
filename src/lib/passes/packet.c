// SPDX-License-Identifier: MIT
/*
 * Packet bounds checks (docs/sdk.md#packets). The SDK's bpf.Header[T]
 * calls the intrinsic
 *
 *	//export tinybpf_packet_header
 *	func packetHeader(data, end, off, size uintptr) unsafe.Pointer
 *
 * which this pass replaces by what clang makes of C's
 * `p = data + off; if (p + size > end) p = NULL;`:
 *
 *	%p  = getelementptr i8, ptr inttoptr(%data), i64 %off
 *	%hi = ptrtoint (getelementptr i8, ptr %p, i64 %size)
 *	%out = call i1 @llvm.bpf.compare(i32 ugt, i64 %hi, i64 %end)
 *	call void @llvm.assume(i1 true) [ "nonnull"(ptr %p) ]
 *	%r  = select i1 %out, ptr null, ptr %p
 *
 * Written in plain Go, the check goes wrong two ways (measured): data and end
 * come from 32-bit context fields, and the optimiser narrows `data+n > end`
 * to a 32-bit compare, which the verifier does not relate to the packet
 * pointers; and a Go conversion of the address to a pointer costs another
 * compare against nil. llvm.bpf.compare hides the compare from the optimiser
 * until the BPF backend turns it back into an icmp (BPFCheckAndAdjustIR,
 * after optimisation), and the assumption that p is not nil lets the
 * program's own `if h == nil` fold into that one compare. (return_layout.c
 * then puts the return blocks last, so that the header is read on the
 * fall-through path and a short packet jumps to the return.)
 */
#include <errno.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "passes.h"

#define PACKET_INTRINSIC "tinybpf_packet_header"
#define ICMP_UGT 34 /* llvm::CmpInst::ICMP_UGT, bpf.compare's predicate */

static bool right_signature(LLVMValueRef decl)
{
	LLVMTypeRef fn = LLVMGlobalGetValueType(decl);
	LLVMTypeRef params[4];

	if (LLVMCountParamTypes(fn) != 4 || LLVMGetTypeKind(LLVMGetReturnType(fn)) != LLVMPointerTypeKind)
		return false;
	LLVMGetParamTypes(fn, params);
	for (int i = 0; i < 4; i++)
		if (LLVMGetTypeKind(params[i]) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(params[i]) != 64)
			return false;
	return true;
}

static LLVMValueRef intrinsic(LLVMModuleRef m, const char *name, LLVMTypeRef *overloads,
			      size_t count, LLVMTypeRef *type)
{
	unsigned id = LLVMLookupIntrinsicID(name, strlen(name));

	*type = LLVMIntrinsicGetType(LLVMGetModuleContext(m), id, overloads, count);
	return LLVMGetIntrinsicDeclaration(m, id, overloads, count);
}

static void lower(struct compile *c, LLVMValueRef call)
{
	LLVMContextRef llvm = LLVMGetModuleContext(c->module);
	LLVMTypeRef i64 = LLVMInt64TypeInContext(llvm), i8 = LLVMInt8TypeInContext(llvm);
	LLVMTypeRef ptr = LLVMPointerTypeInContext(llvm, 0), overloads[2] = { i64, i64 };
	LLVMTypeRef compare_type, assume_type;
	LLVMValueRef compare = intrinsic(c->module, "llvm.bpf.compare", overloads, 2, &compare_type);
	LLVMValueRef assume = intrinsic(c->module, "llvm.assume", NULL, 0, &assume_type);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(llvm);
	LLVMValueRef data = LLVMGetOperand(call, 0), end = LLVMGetOperand(call, 1);
	LLVMValueRef off = LLVMGetOperand(call, 2), size = LLVMGetOperand(call, 3);
	LLVMValueRef p, hi, args[3], out, truth, result;
	LLVMOperandBundleRef nonnull;

	LLVMPositionBuilderBefore(b, call);
	LLVMSetCurrentDebugLocation2(b, LLVMInstructionGetDebugLoc(call));
	p = LLVMBuildGEP2(b, i8, LLVMBuildIntToPtr(b, data, ptr, "packet.data"), &off, 1, "packet.p");
	if (!LLVMIsAConstantInt(off)) {
		/*
		 * A variable offset (14 + ihl*4, or one of several merged after
		 * a switch): the header's reads must use the register the bound
		 * was checked on. Left visible, data + off is computed again
		 * where it is used (CodeGenPrepare sinks address arithmetic
		 * into its users' blocks), and the verifier gives the checked
		 * range only to registers of the checked pointer's origin:
		 * "invalid access to packet, off=2 size=2, R1(id=2,off=2,r=0)".
		 * An empty inline asm hides where p came from, as C's
		 * barrier_var() does.
		 */
		LLVMTypeRef fn = LLVMFunctionType(ptr, &ptr, 1, false);
		LLVMValueRef barrier = LLVMGetInlineAsm(fn, "", 0, "=r,0", 4, false, false,
							 LLVMInlineAsmDialectATT, false);

		unsigned memory = LLVMGetEnumAttributeKindForName("memory", strlen("memory"));

		p = LLVMBuildCall2(b, fn, barrier, &p, 1, "packet.p.opaque");
		/* it touches no memory (memory(none)): loads may still be
		 * forwarded across it */
		LLVMAddCallSiteAttribute(p, LLVMAttributeFunctionIndex,
					 LLVMCreateEnumAttribute(llvm, memory, 0));
	}
	/* the bound is computed from p, as C's `p + 1 > end`: the verifier
	 * gives the checked range to the registers that share p's origin, not
	 * to a pointer computed again from data and a variable offset */
	hi = LLVMBuildPtrToInt(b, LLVMBuildGEP2(b, i8, p, &size, 1, ""), i64, "packet.hi");
	args[0] = LLVMConstInt(LLVMInt32TypeInContext(llvm), ICMP_UGT, false);
	args[1] = hi;
	args[2] = end;
	out = LLVMBuildCall2(b, compare_type, compare, args, 3, "packet.short");
	nonnull = LLVMCreateOperandBundle("nonnull", strlen("nonnull"), &p, 1);
	truth = LLVMConstInt(LLVMInt1TypeInContext(llvm), 1, false);
	LLVMBuildCallWithOperandBundles(b, assume_type, assume, &truth, 1, &nonnull, 1, "");
	LLVMDisposeOperandBundle(nonnull);
	result = LLVMBuildSelect(b, out, LLVMConstNull(ptr), p, "packet.header");
	LLVMReplaceAllUsesWith(call, result);
	LLVMInstructionEraseFromParent(call);
	LLVMDisposeBuilder(b);
}

int pass_packet(struct compile *c)
{
	LLVMValueRef decl = LLVMGetNamedFunction(c->module, PACKET_INTRINSIC);
	LLVMUseRef use, next;

	if (!decl)
		return 0;
	if (!right_signature(decl)) {
		LLVMValueRef at = first_call(decl);

		diag_at(c->diags, TB_ERROR, at ? at : decl,
			"%s is the SDK's packet intrinsic: declare it as func(data, end, off, size "
			"uintptr) unsafe.Pointer, or import github.com/tinybpf/tinybpf/bpf",
			PACKET_INTRINSIC);
		return -EINVAL;
	}
	/* Only calls of the declared type are lowered: two Go packages that
	 * both declare the intrinsic, with other parameters, give one
	 * declaration (the first) called with another function type. */
	for (use = LLVMGetFirstUse(decl); use; use = next) {
		LLVMValueRef user = LLVMGetUser(use);

		next = LLVMGetNextUse(use);
		if (LLVMIsACallInst(user) && LLVMGetCalledValue(user) == decl &&
		    LLVMGetCalledFunctionType(user) == LLVMGlobalGetValueType(decl))
			lower(c, user);
	}
	if (LLVMGetFirstUse(decl)) {
		LLVMValueRef user = LLVMGetUser(LLVMGetFirstUse(decl));

		diag_at(c->diags, TB_ERROR, LLVMIsAInstruction(user) ? user : decl,
			"%s is used here other than by a call of func(data, end, off, size uintptr) "
			"unsafe.Pointer (is it declared again with other parameters?): declare it so, "
			"or import github.com/tinybpf/tinybpf/bpf",
			PACKET_INTRINSIC);
		return -EINVAL;
	}
	LLVMDeleteFunction(decl);
	return 0;
}
