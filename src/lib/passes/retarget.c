// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "passes.h"

/* Host-only attributes TinyGo sets; left in place they make the BPF backend
 * warn or refuse ("target-cpu"), or keep the optimiser from inlining. */
static const char *const host_string_attributes[] = {
	"target-cpu", "target-features", "tune-cpu", "frame-pointer", "alloc-family",
};
static const char *const host_enum_attributes[] = { "uwtable", "optnone" };

static void strip_host_attributes(LLVMValueRef f)
{
	for (size_t i = 0; i < ARRAY_SIZE(host_string_attributes); i++)
		LLVMRemoveStringAttributeAtIndex(f, LLVMAttributeFunctionIndex,
						 host_string_attributes[i],
						 (unsigned)strlen(host_string_attributes[i]));
	for (size_t i = 0; i < ARRAY_SIZE(host_enum_attributes); i++)
		LLVMRemoveEnumAttributeAtIndex(
			f, LLVMAttributeFunctionIndex,
			LLVMGetEnumAttributeKindForName(host_enum_attributes[i],
							strlen(host_enum_attributes[i])));
}

/* A call to something with no body that is neither a helper, a kfunc nor an
 * intrinsic would be an undefined symbol the kernel cannot resolve. */
static int check_calls_resolve(struct compile *c)
{
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f)) {
		char *name;

		const char *section = LLVMGetSection(f);

		if (!LLVMIsDeclaration(f) || LLVMGetIntrinsicID(f) || !LLVMGetFirstUse(f) ||
		    (section && !strcmp(section, KSYMS_SECTION)))
			continue;
		name = value_name(f);
		if (!str_starts_with(name, PANIC_MARKER_PREFIX)) {
			diag_at(c->diags, TB_ERROR, LLVMGetUser(LLVMGetFirstUse(f)),
				"call to %s, which has no body and is not a BPF helper or a kfunc: name a "
				"helper bpf<Name> and a kfunc bpfKfunc<Name>, or put //go:extern "
				"<kernel name> above it (Go runtime features such as strings, maps, "
				"interfaces, goroutines and fmt are not available in BPF programs)",
				name);
			err = -EINVAL;
		}
		free(name);
	}
	return err;
}

int pass_retarget(struct compile *c)
{
	LLVMTargetRef target;
	LLVMTargetMachineRef tm;
	LLVMTargetDataRef layout;
	char *layout_str, *msg = NULL;

	if (check_calls_resolve(c))
		return -EINVAL;
	if (LLVMGetTargetFromTriple("bpfel", &target, &msg)) {
		diag_error(c->diags, "LLVM has no BPF target: %s", msg);
		LLVMDisposeMessage(msg);
		return -EINVAL;
	}
	tm = LLVMCreateTargetMachine(target, "bpfel", c->settings->cpu, "", LLVMCodeGenLevelDefault,
				     LLVMRelocDefault, LLVMCodeModelDefault);
	layout = LLVMCreateTargetDataLayout(tm);
	layout_str = LLVMCopyStringRepOfTargetData(layout);
	LLVMSetTarget(c->module, "bpfel");
	LLVMSetDataLayout(c->module, layout_str);
	LLVMDisposeMessage(layout_str);
	LLVMDisposeTargetData(layout);
	LLVMDisposeTargetMachine(tm);

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		strip_host_attributes(f);
	return 0;
}
