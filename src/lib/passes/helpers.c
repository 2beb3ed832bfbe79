// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../llvm_shim.h"
#include <llvm-c/DebugInfo.h>

#include "../go_source.h"
#include "passes.h"

struct helper {
	const char *name; /* kernel name without "bpf_" */
	int id;
	int args;	    /* negative: variadic, at least -args */
	char ret;	    /* 'v' void, 'p' pointer, '1' '2' '4' '8' integer bytes */
	const char *params; /* one such kind per fixed argument */
	const char *proto;  /* the C prototype of the UAPI doc comment */
};

static const struct helper helpers[] = {
#define HELPER(name, id, args, ret, params, proto) { name, id, args, ret, params, proto },
#include "helper_table.h"
#undef HELPER
};

int helper_id(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(helpers); i++)
		if (!strcmp(helpers[i].name, name))
			return helpers[i].id;
	abort(); /* the generated table has every helper tinybpf's passes call */
}

/* "get_current_pid_tgid" and "GetCurrentPidTgid" both become "getcurrentpidtgid". */
static void fold(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (; *in && n + 1 < size; in++)
		if (*in != '_')
			out[n++] = (char)tolower((unsigned char)*in);
	out[n] = '\0';
}

static const struct helper *lookup_folded(const char *folded)
{
	char buf[128];

	for (size_t i = 0; i < ARRAY_SIZE(helpers); i++) {
		fold(helpers[i].name, buf, sizeof(buf));
		if (!strcmp(buf, folded))
			return &helpers[i];
	}
	return NULL;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	size_t result;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

static const struct helper *closest(const char *folded)
{
	const struct helper *best = NULL;
	size_t best_distance = (size_t)-1;
	char buf[128];

	for (size_t i = 0; i < ARRAY_SIZE(helpers); i++) {
		size_t d;

		fold(helpers[i].name, buf, sizeof(buf));
		d = edit_distance(folded, buf);
		if (d < best_distance) {
			best_distance = d;
			best = &helpers[i];
		}
	}
	return best_distance <= 4 ? best : NULL;
}

/* How a declaration names a helper. */
struct helper_decl {
	bool is_helper;
	bool go_abi; /* a Go declaration: TinyGo appended a context parameter */
	bool refused; /* its names disagree; reported */
	char folded[128];
	char *shown; /* the name as the user wrote it, for messages */
};

char *go_extern_name(LLVMValueRef decl)
{
	unsigned len;
	LLVMAttributeRef attr = LLVMGetStringAttributeAtIndex(
		decl, LLVMAttributeFunctionIndex, GO_EXTERN_ATTRIBUTE, strlen(GO_EXTERN_ATTRIBUTE));
	const char *value = attr ? LLVMGetStringAttributeValue(attr, &len) : NULL;

	return value && len ? strndup(value, len) : NULL;
}

/* The helper a Go name bpf<Name> says, or NULL: "bpfProbeReadUserStr" is
 * bpf_probe_read_user_str; bpfKfunc… names are kfuncs. */
static const struct helper *helper_of_go_name(const char *go_name)
{
	char folded[128];

	if (!str_starts_with(go_name, "bpf") || !isupper((unsigned char)go_name[3]) ||
	    str_starts_with(go_name, KFUNC_PREFIX))
		return NULL;
	fold(go_name + 3, folded, sizeof(folded));
	return lookup_folded(folded);
}

/*
 * //go:extern NAME above a body-less Go function (a patched TinyGo records it
 * as an attribute: scripts/tinygo-patches/0002-*): NAME is the symbol the
 * author asked for, so it decides which helper or kfunc the calls reach. When
 * the Go name itself names a different helper or kfunc, which one was meant
 * cannot be known: an error naming both, never a silent choice. A name that
 * is no helper is a kfunc, left to pass_kfuncs.
 */
static void classify_extern(struct compile *c, LLVMValueRef decl, const char *go_name,
			    const char *extern_name, struct helper_decl *d)
{
	const struct helper *by_go = helper_of_go_name(go_name);
	const struct helper *by_extern = NULL;
	char folded[128];

	if (str_starts_with(extern_name, "bpf_")) {
		fold(extern_name + 4, folded, sizeof(folded));
		by_extern = lookup_folded(folded);
	}
	if (by_go && by_go != by_extern) {
		if (first_call(decl))
			diag_at(c->diags, TB_ERROR, first_call(decl),
				"%s is declared with //go:extern %s, but its Go name says bpf_%s "
				"(helper %d): the two disagree; rename the function or drop "
				"//go:extern",
				go_name, extern_name, by_go->name, by_go->id);
		d->refused = true;
		return;
	}
	if (!by_extern)
		return; /* a kfunc */
	d->is_helper = d->go_abi = true;
	memcpy(d->folded, folded, sizeof(folded));
	d->shown = xasprintf("%s (//go:extern %s)", go_name, extern_name);
}

static struct helper_decl classify(struct compile *c, LLVMValueRef decl)
{
	struct helper_decl d = { 0 };
	char *name = value_name(decl), *extern_name = go_extern_name(decl);
	const char *dot = strrchr(name, '.');

	if (dot && extern_name) {
		classify_extern(c, decl, dot + 1, extern_name, &d);
	} else if (dot && str_starts_with(dot + 1, KFUNC_PREFIX)) {
		/* a kfunc, left to pass_kfuncs */
	} else if (dot && str_starts_with(dot + 1, "bpf") && isupper((unsigned char)dot[4])) {
		/* func bpfGetCurrentPidTgid() uint64, in any package */
		d.is_helper = d.go_abi = true;
		fold(dot + 4, d.folded, sizeof(d.folded));
		d.shown = xstrdup(dot + 1);
	} else if (!dot && str_starts_with(name, "bpf_")) {
		/* //export bpf_get_current_pid_tgid on a body-less function */
		d.is_helper = true;
		fold(name + 4, d.folded, sizeof(d.folded));
		d.shown = xstrdup(name);
	}
	free(extern_name);
	free(name);
	return d;
}

LLVMValueRef first_call(LLVMValueRef decl)
{
	for (LLVMUseRef u = LLVMGetFirstUse(decl); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef user = LLVMGetUser(u);

		if (LLVMIsACallInst(user))
			return user;
	}
	return NULL;
}

void replace_calls(struct compile *c, LLVMValueRef decl, LLVMValueRef callee, LLVMTypeRef type)
{
	unsigned nargs = LLVMCountParamTypes(type);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llvm);

	for (LLVMUseRef u = LLVMGetFirstUse(decl), next; u; u = next) {
		LLVMValueRef call = LLVMGetUser(u);
		LLVMValueRef args[16], replacement;

		next = LLVMGetNextUse(u);
		if (!LLVMIsACallInst(call))
			continue;
		for (unsigned i = 0; i < nargs; i++)
			args[i] = LLVMGetOperand(call, i);
		LLVMPositionBuilderBefore(b, call);
		replacement = LLVMBuildCall2(b, type, callee, args, nargs, "");
		LLVMInstructionSetDebugLoc(replacement, LLVMInstructionGetDebugLoc(call));
		LLVMReplaceAllUsesWith(call, replacement);
		LLVMInstructionEraseFromParent(call);
	}
	LLVMDisposeBuilder(b);
}

/* Calls of a helper are calls of its ID, as a pointer. */
static void rewrite_calls(struct compile *c, LLVMValueRef decl, const struct helper *h,
			  unsigned nargs)
{
	LLVMTypeRef decl_type = LLVMGlobalGetValueType(decl);
	LLVMTypeRef params[16];

	LLVMGetParamTypes(decl_type, params);
	replace_calls(c, decl,
		      LLVMConstIntToPtr(LLVMConstInt(LLVMInt64TypeInContext(c->llvm), h->id, false),
					LLVMPointerTypeInContext(c->llvm, 0)),
		      LLVMFunctionType(LLVMGetReturnType(decl_type), params, nargs, false));
}

/*
 * Argument and result types. The IR shows what the Go declaration made of
 * each parameter: a pointer (unsafe.Pointer, *T) or an integer of some width
 * (uintptr and int are 64 bits). The kernel reads every argument register
 * whole, so a u32 declared uint64 or a pointer declared uintptr compiles into
 * a call the verifier refuses or, worse, one it accepts with the wrong value
 * (a uintptr loses the pointer's type). The generated table gives each
 * argument's kind from the UAPI prototype.
 */
static char kind_of(LLVMTypeRef t)
{
	unsigned bits;

	switch (LLVMGetTypeKind(t)) {
	case LLVMPointerTypeKind:
		return 'p';
	case LLVMVoidTypeKind:
		return 'v';
	case LLVMIntegerTypeKind:
		bits = LLVMGetIntTypeWidth(t);
		return bits % 8 == 0 && bits <= 64 ? (char)('0' + bits / 8) : '?';
	default:
		return '?';
	}
}

static const char *kind_words(char kind)
{
	switch (kind) {
	case 'p':
		return "a pointer";
	case '1':
		return "an 8-bit integer";
	case '2':
		return "a 16-bit integer";
	case '4':
		return "a 32-bit integer";
	case '8':
		return "a 64-bit integer";
	case 'v':
		return "nothing";
	default:
		return "neither a pointer nor an integer";
	}
}

static const char *kind_fix(char kind)
{
	switch (kind) {
	case 'p':
		return "declare it unsafe.Pointer or a pointer type";
	case '1':
		return "declare it uint8 or int8";
	case '2':
		return "declare it uint16 or int16";
	case '4':
		return "declare it uint32 or int32";
	default:
		return "declare it uint64 or int64";
	}
}

/* The n-th (0-based) argument of a C prototype, "u32 size", into buf. */
static const char *proto_arg(const char *proto, unsigned n, char *buf, size_t size)
{
	const char *p = strchr(proto, '(');
	size_t len;

	for (p = p ? p + 1 : proto; n && *p; p++)
		if (*p == ',')
			n--;
	while (*p == ' ')
		p++;
	len = strcspn(p, ",)");
	snprintf(buf, size, "%.*s", (int)len, p);
	return buf;
}

/* Where the declaration is, when its source can be read. */
static bool find_declaration(LLVMValueRef call, const struct helper_decl *d, struct go_decl *out)
{
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(call);
	LLVMMetadataRef scope = loc ? LLVMDILocationGetScope(loc) : NULL;

	char name[128];

	if (!scope)
		return false;
	/* The Go name, without what a message adds after it ("f (//go:extern x)"). */
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(d->shown, " ("), d->shown);
	if (d->go_abi)
		return go_find_decl(scope, name, NULL, out);
	return go_find_decl(scope, NULL, name, out);
}

static int check_types(struct compile *c, LLVMValueRef decl, const struct helper_decl *d,
		       const struct helper *h, LLVMValueRef call)
{
	LLVMTypeRef type = LLVMGlobalGetValueType(decl);
	unsigned count = LLVMCountParamTypes(type) - (d->go_abi ? 1 : 0);
	LLVMTypeRef params[32];
	struct go_decl src;
	bool have_src, err = false;
	char want[128];
	char *who; /* the declaration, as messages name it */

	if (LLVMCountParamTypes(type) > ARRAY_SIZE(params))
		return 0;
	LLVMGetParamTypes(type, params);
	have_src = find_declaration(call, d, &src);
	if (have_src && src.param_count != count) {
		go_decl_free(&src); /* a different declaration than the one compiled */
		have_src = false;
	}
	who = have_src && !d->go_abi ? xasprintf("%s (//export %s)", src.func_name, d->shown)
				     : xstrdup(d->shown);
	for (unsigned i = 0; i < count; i++) {
		char got = kind_of(params[i]);
		char wanted = i < strlen(h->params) ? h->params[i] : 0;

		if (!wanted) /* bpf_trace_printk's variadic part: any register value */
			wanted = got == 'p' || (got >= '1' && got <= '8') ? got : '8';
		if (got == wanted)
			continue;
		err = true;
		proto_arg(h->proto, i, want, sizeof(want));
		if (have_src)
			diag_add(c->diags, TB_ERROR, src.file, src.params[i].line, src.params[i].column,
				 "%s: parameter %s is %s, %s, but bpf_%s takes %s, %s: %s", who,
				 src.params[i].name ? src.params[i].name : want, src.params[i].type,
				 kind_words(got), h->name, want, kind_words(wanted), kind_fix(wanted));
		else
			diag_at(c->diags, TB_ERROR, call,
				"%s: its argument %u is %s, but bpf_%s takes %s, %s: %s", who, i + 1,
				kind_words(got), h->name, want, kind_words(wanted), kind_fix(wanted));
	}
	{
		char got = kind_of(LLVMGetReturnType(type));

		/* A Go declaration without a result ignores the helper's. */
		if (got != 'v' && got != h->ret) {
			const char *ret_end = strstr(h->proto, "bpf_");

			err = true;
			snprintf(want, sizeof(want), "%.*s", (int)(ret_end - h->proto), h->proto);
			while (strlen(want) && want[strlen(want) - 1] == ' ')
				want[strlen(want) - 1] = '\0';
			if (have_src && src.result)
				diag_add(c->diags, TB_ERROR, src.file, src.result_line, src.result_column,
					 "%s returns %s, %s, but bpf_%s returns %s, %s%s", who,
					 src.result, kind_words(got), h->name, want, kind_words(h->ret),
					 h->ret == 'v' ? ": declare no result" : "");
			else
				diag_at(c->diags, TB_ERROR, call, "%s returns %s, but bpf_%s returns %s, %s",
					who, kind_words(got), h->name, want, kind_words(h->ret));
		}
	}
	if (have_src)
		go_decl_free(&src);
	free(who);
	return err ? -EINVAL : 0;
}

static int rewrite_helper(struct compile *c, LLVMValueRef decl, const struct helper_decl *d)
{
	const struct helper *h = lookup_folded(d->folded);
	LLVMValueRef call = first_call(decl);
	unsigned params = LLVMCountParams(decl) - (d->go_abi ? 1 : 0);

	if (!call)
		return 0;
	if (!h) {
		const struct helper *guess = closest(d->folded);

		if (guess)
			diag_at(c->diags, TB_ERROR, call,
				     "%s is not a BPF helper; did you mean bpf_%s (helper %d)?", d->shown,
				     guess->name, guess->id);
		else
			diag_at(c->diags, TB_ERROR, call,
				"%s is not a BPF helper (a kernel function, a kfunc, is declared "
				"as %s<Name>)",
				d->shown, KFUNC_PREFIX);
		return -EINVAL;
	}
	if (h->args >= 0 ? params != (unsigned)h->args : params < (unsigned)-h->args || params > 5) {
		diag_at(c->diags, TB_ERROR, call,
			     "%s declares %u argument%s, but bpf_%s takes %s%d", d->shown, params,
			     params == 1 ? "" : "s", h->name, h->args < 0 ? "at least " : "",
			     h->args < 0 ? -h->args : h->args);
		return -EINVAL;
	}
	if (check_types(c, decl, d, h, call))
		return -EINVAL;
	rewrite_calls(c, decl, h, params);
	return 0;
}

int pass_helpers(struct compile *c)
{
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module), next; f; f = next) {
		struct helper_decl d;

		next = LLVMGetNextFunction(f);
		if (!LLVMIsDeclaration(f) || LLVMGetIntrinsicID(f))
			continue;
		d = classify(c, f);
		if (d.refused || (d.is_helper && rewrite_helper(c, f, &d)))
			err = -EINVAL;
		free(d.shown);
		if (!LLVMGetFirstUse(f))
			LLVMDeleteFunction(f);
	}
	return err;
}
