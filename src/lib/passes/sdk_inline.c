// SPDX-License-Identifier: MIT
/*
 * The SDK's functions (package TB_SDK_PACKAGE, bpf/ in this repository) are
 * inlined into the program before any other pass looks at it. The SDK is
 * small wrappers around intrinsics (body-less //export tinybpf_… functions)
 * that later passes lower, and a lowering needs to see what the program
 * wrote at the call: bpf.CoreRead(&task.RealParent.Tgid) is a generic
 * function whose parameter is just a pointer, while inlined, its intrinsic
 * sits next to the address chain that core_read.c turns into relocated
 * reads. Errors about inlined code name the user's line (source_location.c
 * skips the SDK's frames).
 *
 * An SDK function marked //go:noinline keeps its calls: its author asked.
 */
#include <errno.h>
#include <string.h>

#include <llvm-c/Transforms/PassBuilder.h>

#include "../llvm_shim.h"
#include "passes.h"

static unsigned attribute_kind(const char *name)
{
	return LLVMGetEnumAttributeKindForName(name, strlen(name));
}

int pass_sdk_inline(struct compile *c)
{
	unsigned always = attribute_kind("alwaysinline"), never = attribute_kind("noinline");
	LLVMPassBuilderOptionsRef opts;
	LLVMErrorRef err;
	unsigned marked = 0;

	for (LLVMValueRef fn = LLVMGetFirstFunction(c->module); fn; fn = LLVMGetNextFunction(fn)) {
		if (LLVMIsDeclaration(fn) || !di_function_in_sdk(fn) ||
		    LLVMGetEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, never))
			continue;
		LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
					LLVMCreateEnumAttribute(c->llvm, always, 0));
		marked++;
	}
	if (!marked)
		return 0;
	/* Only the always-inliner: nothing else may change the program's shape
	 * before the passes that read TinyGo's patterns. */
	opts = LLVMCreatePassBuilderOptions();
	err = LLVMRunPasses(c->module, "always-inline", NULL, opts);
	LLVMDisposePassBuilderOptions(opts);
	if (err) {
		char *msg = LLVMGetErrorMessage(err);

		diag_error(c->diags, "internal error: inlining the SDK failed: %s", msg);
		LLVMDisposeErrorMessage(msg);
		return -EINVAL;
	}
	if (c->settings->verbose)
		diag_note(c->diags, "sdk-inline: %u SDK functions inlined",
			  marked);
	return 0;
}
