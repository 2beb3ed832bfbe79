// SPDX-License-Identifier: MIT
/*
 * kfuncs (docs/kfuncs.md). A Go function declared without a body and named
 * bpfKfunc<Name> is the kernel function <name>, named by the CO-RE rule
 * (bpfKfuncBpfTaskFromPid -> bpf_task_from_pid). Its calls become calls of an
 * external declaration of that name in section .ksyms that carries a
 * DISubprogram: the BPF backend then emits an undefined symbol with a call
 * relocation, and an extern BTF FUNC in DATASEC .ksyms, which libbpf and
 * cilium/ebpf resolve against the running kernel's BTF. //go:extern NAME on
 * the declaration names the kernel function instead (helpers.c).
 *
 * The loaders check the prototype against the kernel's: same number of
 * arguments, and kinds that match (integer, pointer to struct, void pointer).
 * TinyGo gives a bodiless function no debug info, so the Go types of pointers
 * are read from the values its calls pass and receive: the variables the
 * debug records describe (go_pointee). A pointer parameter without TinyGo's
 * dereferenceable_or_null(N) attribute is an unsafe.Pointer (void *).
 *
 * When the build machine has its kernel's BTF (KERNEL_BTF), the prototype is
 * checked here the way the loaders will (libbpf's bpf_core_types_are_compat),
 * and a mismatch is an error naming the Go declaration and the kernel's
 * prototype: otherwise the object builds and no kernel loads it, with a
 * message about BTF type numbers. A kfunc this kernel lacks is a warning:
 * the program may be meant for another kernel.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <linux/btf.h>
#include <llvm-c/DebugInfo.h>

#include "../llvm_shim.h"
#include "passes.h"

#define KFUNC_MAX_ARGS 5 /* BPF calls pass arguments in r1-r5 */
#define DW_ATE_BOOLEAN 0x02
#define DW_ATE_SIGNED 0x05
#define KERNEL_BTF "/sys/kernel/btf/vmlinux"

/* This machine's kernel BTF, read once per build, when a kfunc is called. */
struct kernel_btf {
	struct btf *btf;
	bool tried;
};

struct kfunc {
	struct compile *c;
	struct kernel_btf *kernel;
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

/* ---- the prototype against this machine's kernel ---- */

enum type_class { C_VOID, C_INT, C_PTR, C_STRUCT, C_UNION, C_ENUM, C_ARRAY, C_OTHER };

#define DW_TAG_ARRAY     0x01
#define DW_TAG_ENUM      0x04
#define DW_TAG_POINTER   0x0f
#define DW_TAG_STRUCTURE 0x13
#define DW_TAG_UNION     0x17
#define DW_TAG_BASE      0x24

/* The class of a type of the prototype this pass builds (NULL: void). */
static enum type_class go_class(LLVMMetadataRef type)
{
	if (!type)
		return C_VOID;
	switch (LLVMGetDINodeTag(di_strip_typedefs(type))) {
	case DW_TAG_BASE: return C_INT;
	case DW_TAG_POINTER: return C_PTR;
	case DW_TAG_STRUCTURE: return C_STRUCT;
	case DW_TAG_UNION: return C_UNION;
	case DW_TAG_ENUM: return C_ENUM;
	case DW_TAG_ARRAY: return C_ARRAY;
	default: return C_OTHER;
	}
}

static const struct btf_type *skip_modifiers(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

static enum type_class kernel_class(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = skip_modifiers(btf, id);

	if (!t || !*id)
		return C_VOID;
	switch (btf_kind(t)) {
	case BTF_KIND_INT: return C_INT;
	case BTF_KIND_PTR: return C_PTR;
	case BTF_KIND_STRUCT: return C_STRUCT;
	case BTF_KIND_UNION: return C_UNION;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: return C_ENUM;
	case BTF_KIND_ARRAY: return C_ARRAY;
	default: return C_OTHER;
	}
}

/* Whether the loaders take our type for the kernel's: the same class at each
 * level of pointers, any struct for a struct (libbpf compares kinds only). */
static bool compatible(LLVMMetadataRef go, const struct btf *btf, __u32 id)
{
	for (int depth = 0; depth < 8; depth++) {
		enum type_class ours = go_class(go), theirs = kernel_class(btf, &id);
		LLVMMetadataRef pointee;

		if (ours != theirs)
			return false;
		if (ours != C_PTR)
			return true;
		pointee = di_pointer_target(di_strip_typedefs(go), &pointee) ? pointee : NULL;
		go = pointee;
		id = btf__type_by_id(btf, id)->type;
	}
	return false;
}

/* The kernel's type as C writes it: "struct task_struct *", "s32". */
static char *kernel_type(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
	char *inner, *out;

	if (!t || !id)
		return xstrdup("void");
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		inner = kernel_type(btf, t->type);
		out = xasprintf("%s%s*", inner, inner[strlen(inner) - 1] == '*' ? "" : " ");
		free(inner);
		return out;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		inner = kernel_type(btf, t->type);
		out = btf_kind(t) == BTF_KIND_CONST ? xasprintf("const %s", inner) : xstrdup(inner);
		free(inner);
		return out;
	case BTF_KIND_STRUCT:
		return xasprintf("struct %s", name && *name ? name : "(anonymous)");
	case BTF_KIND_UNION:
		return xasprintf("union %s", name && *name ? name : "(anonymous)");
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return xasprintf("enum %s", name && *name ? name : "(anonymous)");
	default:
		return xstrdup(name && *name ? name : "?");
	}
}

/* The kernel's prototype: "struct task_struct *bpf_task_from_pid(s32 pid)". */
static char *kernel_prototype(const struct btf *btf, const struct btf_type *proto, const char *name)
{
	char *result = kernel_type(btf, proto->type);
	char *out = xasprintf("%s%s%s(", result, result[strlen(result) - 1] == '*' ? "" : " ", name);
	const struct btf_param *p = btf_params(proto);

	free(result);
	for (int i = 0; i < btf_vlen(proto); i++) {
		char *type = kernel_type(btf, p[i].type), *more;
		const char *pname = btf__name_by_offset(btf, p[i].name_off);

		more = xasprintf("%s%s%s%s%s", out, i ? ", " : "", type,
				 pname && *pname && type[strlen(type) - 1] != '*' ? " " : "",
				 pname ? pname : "");
		free(out);
		free(type);
		out = more;
	}
	result = xasprintf("%s)", out);
	free(out);
	return result;
}

/* Our type as Go writes it. */
static char *go_type(LLVMMetadataRef type, LLVMTypeRef llvm)
{
	LLVMMetadataRef pointee, element;
	uint64_t count;
	size_t len;
	const char *name;
	char *inner, *out;

	if (!type)
		return xstrdup("nothing");
	if (go_class(type) == C_INT)
		return xasprintf("a %u-bit integer", LLVMGetIntTypeWidth(llvm));
	if (go_class(type) != C_PTR || !di_pointer_target(type, &pointee))
		return xstrdup("?");
	if (!pointee)
		return xstrdup("unsafe.Pointer");
	name = LLVMDITypeGetName(pointee, &len);
	if (name && len) {
		out = xasprintf("*%.*s", (int)len, name);
		if (str_starts_with(out + 1, "main.")) {
			inner = xasprintf("*%s", out + 6);
			free(out);
			return inner;
		}
		return out;
	}
	/* An array has no name in TinyGo's debug info: [N] and its element's. */
	if (di_pointer_to_array(type, &count, &element) && element) {
		name = LLVMDITypeGetName(element, &len);
		if (name && len > 5 && str_starts_with(name, "main.")) /* as package main writes it */
			name += 5, len -= 5;
		if (name && len)
			return xasprintf("*[%llu]%.*s", (unsigned long long)count, (int)len, name);
	}
	inner = go_type(pointee, llvm);
	out = xasprintf("*%s", inner);
	free(inner);
	return out;
}

/* What to declare instead, for the kernel's type. */
static char *go_suggestion(const struct btf *btf, __u32 id)
{
	__u32 pointee;
	const struct btf_type *t;
	char *camel = NULL, *out;

	switch (kernel_class(btf, &id)) {
	case C_VOID:
		return xstrdup("nothing");
	case C_INT:
	case C_ENUM:
		return xstrdup("an integer");
	case C_PTR:
		pointee = btf__type_by_id(btf, id)->type;
		if (kernel_class(btf, &pointee) == C_VOID)
			return xstrdup("unsafe.Pointer");
		t = btf__type_by_id(btf, pointee);
		if (kernel_class(btf, &pointee) != C_STRUCT || !t->name_off)
			return xstrdup("a pointer to that type");
		/* The CO-RE rule backwards: task_struct -> TaskStruct. */
		camel = xstrdup(btf__name_by_offset(btf, t->name_off));
		out = xcalloc(strlen(camel) + 1, 1);
		for (size_t i = 0, n = 0, up = 1; camel[i]; i++) {
			if (camel[i] == '_') {
				up = 1;
				continue;
			}
			out[n++] = up ? (char)toupper((unsigned char)camel[i]) : camel[i];
			up = 0;
		}
		free(camel);
		camel = xasprintf("*bpfCore%s (a bpfCore struct standing for struct %s, docs/core.md)",
				  out, btf__name_by_offset(btf, t->name_off));
		free(out);
		return camel;
	default:
		return xstrdup("the kernel's type");
	}
}

static struct btf *kernel_btf(struct kfunc *k)
{
	if (!k->kernel->tried) {
		k->kernel->tried = true;
		k->kernel->btf = btf__parse_raw(KERNEL_BTF);
		if (!k->kernel->btf && k->c->settings->verbose)
			diag_note(k->c->diags,
				  "kfunc prototypes not checked: no kernel BTF at " KERNEL_BTF);
		else if (k->c->settings->verbose)
			diag_note(k->c->diags,
				  "kfunc prototypes checked against this machine's kernel BTF, "
				  KERNEL_BTF);
	}
	return k->kernel->btf;
}

/* Refuses a prototype the loaders would refuse against this kernel. */
static bool matches_kernel(struct kfunc *k, LLVMTypeRef type, LLVMMetadataRef *di, unsigned count)
{
	struct btf *btf = kernel_btf(k);
	const struct btf_type *func, *proto;
	LLVMTypeRef params[KFUNC_MAX_ARGS];
	char *prototype, *ours, *theirs, *instead;
	__s32 id;
	bool ok = true;

	if (!btf)
		return true;
	id = btf__find_by_name_kind(btf, k->kernel_name, BTF_KIND_FUNC);
	if (id < 0) {
		diag_at(k->c->diags, TB_WARNING, first_call(k->decl),
			"%s: this machine's kernel has no kfunc %s (" KERNEL_BTF "): the program "
			"loads only on kernels that have it",
			k->shown, k->kernel_name);
		return true;
	}
	func = btf__type_by_id(btf, (__u32)id);
	proto = btf__type_by_id(btf, func->type);
	prototype = kernel_prototype(btf, proto, k->kernel_name);
	LLVMGetParamTypes(type, params);
	if (btf_vlen(proto) != count) {
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"%s declares %u argument%s, but the kernel's %s takes %u (%s, in " KERNEL_BTF
			"); loaders would refuse the object",
			k->shown, count, count == 1 ? "" : "s", k->kernel_name, btf_vlen(proto),
			prototype);
		free(prototype);
		return false;
	}
	if (!compatible(di[0], btf, proto->type)) {
		ours = go_type(di[0], LLVMGetReturnType(type));
		theirs = kernel_type(btf, proto->type);
		instead = go_suggestion(btf, proto->type);
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"%s returns %s, but the kernel's %s returns %s (%s, in " KERNEL_BTF "); "
			"loaders would refuse the object: declare it to return %s",
			k->shown, ours, k->kernel_name, theirs, prototype, instead);
		free(ours);
		free(theirs);
		free(instead);
		ok = false;
	}
	for (unsigned i = 0; i < count; i++) {
		__u32 kid = btf_params(proto)[i].type;

		if (compatible(di[i + 1], btf, kid))
			continue;
		ours = go_type(di[i + 1], params[i]);
		theirs = kernel_type(btf, kid);
		instead = go_suggestion(btf, kid);
		diag_at(k->c->diags, TB_ERROR, first_call(k->decl),
			"argument %u of %s is %s, but the kernel's %s takes %s (%s, in " KERNEL_BTF
			"); loaders would refuse the object: declare it as %s",
			i + 1, k->shown, ours, k->kernel_name, theirs, prototype, instead);
		free(ours);
		free(theirs);
		free(instead);
		ok = false;
	}
	free(prototype);
	return ok;
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
	if (!matches_kernel(k, type, di, count))
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
	struct kernel_btf kernel = { 0 };
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module), next; f; f = next) {
		struct kfunc k = {
			.c = c, .kernel = &kernel, .di = di, .decl = f, .go_name = go_name_of(f)
		};

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
	btf__free(kernel.btf);
	return err;
}
