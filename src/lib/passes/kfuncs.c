// SPDX-License-Identifier: MIT
/*
 * kfuncs (docs/kfuncs.md). A Go function declared without a body and named
 * bpfKfunc<Name> is the kernel function <name>, named by the CO-RE rule
 * (bpfKfuncBpfTaskFromPid -> bpf_task_from_pid). Its calls become calls of an
 * external declaration of that name in section .ksyms that carries a
 * DISubprogram: the BPF backend then emits an undefined symbol with a call
 * relocation, and an extern BTF FUNC in DATASEC .ksyms, which libbpf and
 * cilium/ebpf resolve against the running kernel's BTF. Nothing here reads the
 * build machine's kernel.
 *
 * The loaders check the prototype against the kernel's: same number of
 * arguments, and kinds that match (integer, pointer to struct, void pointer).
 * TinyGo gives a bodiless function no debug info, so the Go types of pointers
 * are read from the values its calls pass and receive: the variables the
 * debug records describe (go_pointee). A pointer parameter without TinyGo's
 * dereferenceable_or_null(N) attribute is an unsafe.Pointer (void *).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "../llvm_shim.h"
#include "passes.h"

#define KFUNC_MAX_ARGS 5 /* BPF calls pass arguments in r1-r5 */
#define DW_ATE_BOOLEAN 0x02
#define DW_ATE_SIGNED 0x05

struct kfunc {
	struct compile *c;
	LLVMDIBuilderRef di;
	LLVMValueRef decl; /* the Go declaration */
	const char *go_name;
	char *extern_name; /* from //go:extern, or NULL */
	char *shown;       /* the declaration, for messages */
	char *kernel_name;
};

/* "main.bpfKfuncBpfTaskFromPid" -> "bpfKfuncBpfTaskFromPid"; NULL for a C
 * name, which has no TinyGo context parameter. */
static const char *go_name_of(LLVMValueRef fn)
{
	size_t len;
	const char *dot = strrchr(LLVMGetValueName2(fn, &len), '.');

	return dot ? dot + 1 : NULL;
}

static LLVMMetadataRef pointer_to(struct kfunc *k, LLVMMetadataRef pointee)
{
	return LLVMDIBuilderCreatePointerType(k->di, pointee, 64, 0, 0, "", 0);
}

/* The debug type of an integer in the prototype; loaders accept any integer
 * for an integer, whatever its size and sign. */
static LLVMMetadataRef integer_type(struct kfunc *k, LLVMTypeRef type)
{
	unsigned bits = LLVMGetIntTypeWidth(type);
	char name[16];

	if (bits == 1)
		return LLVMDIBuilderCreateBasicType(k->di, "bool", 4, 8, DW_ATE_BOOLEAN,
						    LLVMDIFlagZero);
	snprintf(name, sizeof(name), "int%u", bits);
	return LLVMDIBuilderCreateBasicType(k->di, name, strlen(name), bits, DW_ATE_SIGNED,
					    LLVMDIFlagZero);
}

/* Parameter `index`: an integer, an unsafe.Pointer (no dereferenceable_or_null
 * attribute) or a typed pointer, whose Go type some call's argument has. */
static LLVMMetadataRef param_type(struct kfunc *k, unsigned index, LLVMTypeRef type)
{
	unsigned kind = LLVMGetEnumAttributeKindForName("dereferenceable_or_null", 23);
	LLVMAttributeRef deref;
	LLVMMetadataRef pointee;

	if (LLVMGetTypeKind(type) == LLVMIntegerTypeKind)
		return integer_type(k, type);
	deref = LLVMGetEnumAttributeAtIndex(k->decl, index + 1, kind);
	if (!deref)
		return pointer_to(k, NULL);
	for (LLVMUseRef u = LLVMGetFirstUse(k->decl); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef call = LLVMGetUser(u);

		if (LLVMIsACallInst(call) &&
		    go_pointee(call, LLVMGetOperand(call, index), LLVMGetEnumAttributeValue(deref),
			       &pointee))
			return pointer_to(k, pointee);
	}
	diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
		"cannot tell the Go type of argument %u of %s, which the loader checks against the "
		"kernel's %s: pass a variable of that type",
		index + 1, k->shown, k->kernel_name);
	return NULL;
}

/* The result: nothing, an integer, or a pointer whose Go type the variable a
 * call assigns it to has. */
static bool return_type(struct kfunc *k, LLVMTypeRef type, LLVMMetadataRef *di)
{
	LLVMMetadataRef pointee;

	*di = NULL;
	if (LLVMGetTypeKind(type) == LLVMVoidTypeKind)
		return true;
	if (LLVMGetTypeKind(type) == LLVMIntegerTypeKind) {
		*di = integer_type(k, type);
		return true;
	}
	for (LLVMUseRef u = LLVMGetFirstUse(k->decl); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef call = LLVMGetUser(u);

		if (LLVMIsACallInst(call) && go_pointee(call, call, 0, &pointee)) {
			*di = pointer_to(k, pointee);
			return true;
		}
	}
	diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
		"assign the result of %s to a variable: its Go type is what the loader checks "
		"against the kernel's %s",
		k->shown, k->kernel_name);
	return false;
}

/* The declaration's parameters without TinyGo's context, if BPF can pass
 * them: at most five integers or pointers, and at most one result. */
static bool check_signature(struct kfunc *k, LLVMTypeRef *params, unsigned *count)
{
	LLVMTypeRef type = LLVMGlobalGetValueType(k->decl);
	LLVMTypeKind result = LLVMGetTypeKind(LLVMGetReturnType(type));
	unsigned n = LLVMCountParamTypes(type);
	LLVMTypeRef all[KFUNC_MAX_ARGS + 1];

	if (n == 0 || n - 1 > KFUNC_MAX_ARGS) {
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"%s takes %u arguments; a kfunc call passes at most %d", k->shown,
			n ? n - 1 : 0, KFUNC_MAX_ARGS);
		return false;
	}
	LLVMGetParamTypes(type, all);
	*count = n - 1;
	for (unsigned i = 0; i < *count; i++) {
		LLVMTypeKind kind = LLVMGetTypeKind(all[i]);

		params[i] = all[i];
		if (kind != LLVMIntegerTypeKind && kind != LLVMPointerTypeKind) {
			diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
				"argument %u of %s is neither an integer nor a pointer", i + 1,
				k->shown);
			return false;
		}
	}
	if (result != LLVMVoidTypeKind && result != LLVMIntegerTypeKind &&
	    result != LLVMPointerTypeKind) {
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"%s must return nothing, an integer or a pointer", k->shown);
		return false;
	}
	return true;
}

/* The external declaration the calls go to: one per kernel name, with the
 * DISubprogram the BPF backend makes the extern BTF FUNC from. */
static LLVMValueRef extern_declaration(struct kfunc *k, LLVMTypeRef type, LLVMMetadataRef *di,
				       unsigned count)
{
	LLVMValueRef existing = LLVMGetNamedFunction(k->c->module, k->kernel_name), decl;
	LLVMMetadataRef file, proto, sp;
	size_t len = strlen(k->kernel_name);

	if (existing) {
		const char *section = LLVMGetSection(existing);

		if (LLVMIsDeclaration(existing) && section && !strcmp(section, KSYMS_SECTION) &&
		    LLVMGlobalGetValueType(existing) == type)
			return existing;
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"%s names the kernel function %s, which this program already defines or "
			"declares differently",
			k->shown, k->kernel_name);
		return NULL;
	}
	file = LLVMDIScopeGetFile(LLVMDILocationGetScope(
		LLVMInstructionGetDebugLoc(first_call(k->decl))));
	proto = LLVMDIBuilderCreateSubroutineType(k->di, file, di, count + 1, LLVMDIFlagZero);
	sp = LLVMDIBuilderCreateFunction(k->di, file, k->kernel_name, len, "", 0, file, 0, proto,
					 false, false, 0, LLVMDIFlagPrototyped, true);
	decl = LLVMAddFunction(k->c->module, k->kernel_name, type);
	LLVMSetSection(decl, KSYMS_SECTION);
	LLVMSetSubprogram(decl, sp);
	return decl;
}

static int rewrite_kfunc(struct kfunc *k)
{
	LLVMTypeRef params[KFUNC_MAX_ARGS], type;
	LLVMMetadataRef di[KFUNC_MAX_ARGS + 1];
	LLVMValueRef decl;
	bool by_go_name = str_starts_with(k->go_name, KFUNC_PREFIX);
	const char *rest = by_go_name ? k->go_name + strlen(KFUNC_PREFIX) : "";
	unsigned count;

	while (*rest == '_')
		rest++;
	if (by_go_name && !*rest && !k->extern_name) {
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"%s names no kernel function: write bpfKfunc<Name>, e.g. "
			"bpfKfuncBpfTaskFromPid",
			k->go_name);
		return -EINVAL;
	}
	k->kernel_name = by_go_name && *rest ? core_snake_case(rest) : NULL;
	/* //go:extern decides, unless the Go name says another function. */
	if (k->extern_name && k->kernel_name && strcmp(k->kernel_name, k->extern_name)) {
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"%s is declared with //go:extern %s, but its Go name says the kfunc %s: "
			"the two disagree; rename the function or drop //go:extern",
			k->go_name, k->extern_name, k->kernel_name);
		return -EINVAL;
	}
	if (k->extern_name) {
		free(k->kernel_name);
		k->kernel_name = xstrdup(k->extern_name);
	}
	if (!check_signature(k, params, &count))
		return -EINVAL;
	type = LLVMFunctionType(LLVMGetReturnType(LLVMGlobalGetValueType(k->decl)), params, count,
				false);
	if (!return_type(k, LLVMGetReturnType(type), &di[0]))
		return -EINVAL;
	for (unsigned i = 0; i < count; i++)
		if (!(di[i + 1] = param_type(k, i, params[i])))
			return -EINVAL;
	decl = extern_declaration(k, type, di, count);
	if (!decl)
		return -EINVAL;
	replace_calls(k->c, k->decl, decl, type);
	return 0;
}

int pass_kfuncs(struct compile *c)
{
	LLVMDIBuilderRef di = LLVMCreateDIBuilder(c->module);
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module), next; f; f = next) {
		struct kfunc k = { .c = c, .di = di, .decl = f, .go_name = go_name_of(f) };

		next = LLVMGetNextFunction(f);
		if (!LLVMIsDeclaration(f) || !k.go_name)
			continue;
		/* Helpers named by //go:extern are gone (pass_helpers): any other
		 * //go:extern name is a kernel function. */
		k.extern_name = go_extern_name(f);
		if (!k.extern_name && !str_starts_with(k.go_name, KFUNC_PREFIX))
			continue;
		k.shown = k.extern_name ? xasprintf("%s (//go:extern %s)", k.go_name, k.extern_name)
					: xstrdup(k.go_name);
		if (first_call(f) && rewrite_kfunc(&k))
			err = -EINVAL;
		free(k.kernel_name);
		free(k.extern_name);
		free(k.shown);
		if (!LLVMGetFirstUse(f))
			LLVMDeleteFunction(f);
	}
	LLVMDIBuilderFinalize(di);
	LLVMDisposeDIBuilder(di);
	return err;
}
