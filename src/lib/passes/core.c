// SPDX-License-Identifier: MIT
/*
 * CO-RE for Go (docs/core.md). A Go struct whose first field is `_ bpf.Kernel`
 * (the SDK's kernel types), or whose name starts with bpfCore (the raw
 * stubs), stands for a kernel struct; its own field offsets only say which
 * field an address means. Every address computed from a pointer to such a
 * type becomes a chain of llvm.preserve.{struct,array}.access.index calls
 * over a kernel-named debug type, so that the BPF backend emits CO-RE
 * relocations and the loader moves each offset to where the running kernel
 * has the field; a bpf.Bitfield field becomes a bitfield member of it.
 *
 * Queries become constants the loader sets: bpfCoreFieldExists/
 * bpfCoreFieldSize(&x.F) and the SDK's tinybpf_core_field_info(&x.F, kind)
 * llvm.bpf.preserve.field.info; bpfCoreTypeExists/bpfCoreTypeSize(p) and
 * tinybpf_core_type_info(p, kind) llvm.bpf.preserve.type.info about the
 * struct p points to (for the SDK's generic functions, their type argument);
 * tinybpf_core_enum_value("enum", "NAME", kind) llvm.bpf.preserve.enum.value.
 * The SDK's reads (tinybpf_core_read…) are lowered by core_read.c, over the
 * relocated addresses this pass leaves.
 *
 * TinyGo's IR has no pointer types; which pointers point to a kernel type is
 * read from the #dbg_value records of variables and parameters of such a
 * pointer type, and from loads of fields that are such pointers.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "../llvm_shim.h"
#include "passes.h"

/* The queries a program asks the loader (docs/core.md): Go declarations
 * without a body, answered by CO-RE relocations; and the SDK's intrinsics
 * (bpf/core_intrinsics.go), whose second argument is the kind. */
struct core_query {
	const char *name;
	bool about_type; /* about the struct a pointer points to, not a field */
	int kind;	 /* llvm.bpf.preserve.{field,type}.info kind; -1: operand 1 */
	bool boolean;	 /* the answer is whether the kind's value is non-zero */
};

enum {
	FIELD_BYTE_OFFSET = 0,
	FIELD_BYTE_SIZE = 1,
	FIELD_EXISTENCE = 2,
	FIELD_SIGNED = 3,
	FIELD_LSHIFT_U64 = 4,
	FIELD_RSHIFT_U64 = 5,
	TYPE_EXISTENCE = 0,
	TYPE_SIZE = 1,
};

static const struct core_query queries[] = {
	{ "bpfCoreFieldExists", false, FIELD_EXISTENCE, true },
	{ "bpfCoreFieldSize", false, FIELD_BYTE_SIZE, false },
	{ "bpfCoreTypeExists", true, TYPE_EXISTENCE, true },
	{ "bpfCoreTypeSize", true, TYPE_SIZE, false },
	{ "tinybpf_core_field_info", false, -1, false },
	{ "tinybpf_core_type_info", true, -1, false },
};

/* The SDK's enum value intrinsic: (enum, name string, kind) as two
 * (pointer, length) pairs and a constant. */
#define ENUM_VALUE_INTRINSIC "tinybpf_core_enum_value"

struct typed_pointer {
	LLVMValueRef value;
	LLVMMetadataRef stub;
	bool conflict; /* also described as another stub: reported, not relocated */
};

struct core {
	struct compile *c;
	struct core_types *types;
	LLVMBuilderRef builder;
	struct typed_pointer *pointers; /* of the function being rewritten */
	size_t count, cap;
	unsigned access_index_kind; /* !llvm.preserve.access.index */
	unsigned relocations;
	unsigned type_queries; /* numbers them: the backend must not merge two */
	int err;
};

/* "main.bpfProbeReadKernel" -> "bpfProbeReadKernel"; C names stay. */
static const char *go_name(LLVMValueRef fn)
{
	size_t len;
	const char *name = fn ? LLVMGetValueName2(fn, &len) : "";
	const char *dot = strrchr(name, '.');

	return dot ? dot + 1 : name;
}

/* bpfProbeRead…(dst, size, src) in Go, bpf_probe_read…(…) via //export, and
 * the SDK's tinybpf_core_read(dst, size, src) and _str, lowered to those. */
static bool is_read_helper(LLVMValueRef call)
{
	const char *name = LLVMIsACallInst(call) ? go_name(LLVMGetCalledValue(call)) : "";

	return str_starts_with(name, "bpfProbeRead") || str_starts_with(name, "bpf_probe_read") ||
	       !strcmp(name, "tinybpf_core_read") || !strcmp(name, "tinybpf_core_read_str");
}

/* The SDK's bitfield read takes the field's address first, as queries do. */
static bool is_bitfield_read(LLVMValueRef call)
{
	return LLVMIsACallInst(call) &&
	       !strcmp(go_name(LLVMGetCalledValue(call)), "tinybpf_core_read_bitfield");
}

/* The query a call asks, or NULL. */
static const struct core_query *query_of(LLVMValueRef call)
{
	const char *name = LLVMIsACallInst(call) ? go_name(LLVMGetCalledValue(call)) : "";

	for (size_t i = 0; i < ARRAY_SIZE(queries); i++)
		if (!strcmp(name, queries[i].name))
			return &queries[i];
	return NULL;
}

/* `value` points to `stub`, as a variable's record (`record`, or NULL: a
 * loaded field) says. Two stubs for one value are an error, once, at the
 * record of the second: a parameter or a call's result has no line of its
 * own to name. */
static void add_pointer(struct core *k, LLVMValueRef value, LLVMMetadataRef stub,
			LLVMDbgRecordRef record)
{
	for (size_t i = 0; i < k->count; i++) {
		LLVMMetadataRef loc = record ? LLVMDbgRecordGetDebugLoc(record) : NULL;

		if (k->pointers[i].value != value)
			continue;
		if (k->pointers[i].stub != stub && !k->pointers[i].conflict) {
			const char *msg = "a pointer used as two different bpfCore types; CO-RE "
					  "needs one";
			char *file = loc ? location_file(loc) : NULL;

			if (file)
				diag_add(k->c->diags, TB_ERROR, file, LLVMDILocationGetLine(loc),
					 LLVMDILocationGetColumn(loc), "%s", msg);
			else
				diag_at(k->c->diags, TB_ERROR, value, "%s", msg);
			free(file);
			k->pointers[i].conflict = true;
			k->err = -EINVAL;
		}
		return;
	}
	if (k->count == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 16;
		k->pointers = xrealloc(k->pointers, k->cap, sizeof(*k->pointers));
	}
	k->pointers[k->count++] = (struct typed_pointer){ value, stub, false };
}

static LLVMValueRef intrinsic(struct core *k, const char *name, LLVMTypeRef *overloads,
			      size_t count)
{
	unsigned id = LLVMLookupIntrinsicID(name, strlen(name));

	return LLVMGetIntrinsicDeclaration(k->c->module, id, overloads, count);
}

/* The chain of preserve.*.access.index calls from `base` along `access`,
 * placed before `at`. The elementtype attribute and the kernel-named type in
 * !llvm.preserve.access.index are what the BPF backend reads. */
static LLVMValueRef emit_access(struct core *k, LLVMValueRef base, const struct core_access *access,
				LLVMValueRef at)
{
	LLVMTypeRef ptr = LLVMTypeOf(base), i32 = LLVMInt32TypeInContext(k->c->llvm);
	LLVMTypeRef overloads[] = { ptr, ptr };
	unsigned elementtype = LLVMGetEnumAttributeKindForName("elementtype", 11);

	LLVMPositionBuilderBefore(k->builder, at);
	for (unsigned i = 0; i < access->count; i++) {
		const struct core_step *s = &access->steps[i];
		LLVMValueRef fn = intrinsic(k, s->array ? "llvm.preserve.array.access.index"
							: "llvm.preserve.struct.access.index",
					    overloads, 2);
		/* struct: (base, IR field, DI member); array: (base, dimension, index) */
		LLVMValueRef args[] = { base,
					LLVMConstInt(i32, s->array ? 1 : s->gep_index, false),
					LLVMConstInt(i32, s->index, false) };

		base = LLVMBuildCall2(k->builder, LLVMGlobalGetValueType(fn), fn, args, 3, "");
		LLVMAddCallSiteAttribute(base, 1,
					 LLVMCreateTypeAttribute(k->c->llvm, elementtype,
								 s->element_type));
		LLVMSetMetadata(base, k->access_index_kind,
				LLVMMetadataAsValue(k->c->llvm, s->type));
		LLVMInstructionSetDebugLoc(base, LLVMInstructionGetDebugLoc(at));
	}
	k->relocations++;
	return base;
}

static bool path_at(struct core *k, LLVMMetadataRef stub, uint64_t offset, LLVMValueRef where,
		    struct core_access *access)
{
	if (!core_access_path(k->types, stub, offset,
			      LLVMIsAGetElementPtrInst(where) ? where : NULL, access))
		return true;
	diag_at(k->c->diags, TB_ERROR, where, "CO-RE: %s", access->message);
	k->err = -EINVAL;
	return false;
}

/* What uses a relocated address: a read helper must not read past the field
 * (the kernel's next field is elsewhere), and a loaded *bpfCore… is a pointer
 * to relocate in turn. TinyGo's nil check of a field address (before
 * indexing an array field) becomes one of the struct pointer, which the
 * program's own check lets the optimiser remove; the relocated address it
 * cannot see through. */
static void check_users(struct core *k, LLVMValueRef address, LLVMValueRef base,
			const struct core_access *access)
{
	for (LLVMUseRef u = LLVMGetFirstUse(address), next; u; u = next) {
		LLVMValueRef user = LLVMGetUser(u);

		next = LLVMGetNextUse(u); /* before the use moves to base */
		if (LLVMIsAICmpInst(user) && (LLVMIsNull(LLVMGetOperand(user, 0)) ||
					      LLVMIsNull(LLVMGetOperand(user, 1))))
			LLVMSetOperand(user, LLVMGetOperand(user, 0) == address ? 0 : 1, base);

		/* A string read stops at the NUL, and may read through a pointer. */
		if (is_read_helper(user) && LLVMGetOperand(user, 2) == address &&
		    strcmp(go_name(LLVMGetCalledValue(user)), "tinybpf_core_read_str") &&
		    LLVMIsAConstantInt(LLVMGetOperand(user, 1)) &&
		    LLVMConstIntGetZExtValue(LLVMGetOperand(user, 1)) > access->size) {
			diag_at(k->c->diags, TB_ERROR, user,
				"reads %llu bytes at %s, which has %llu: the kernel's fields are "
				"not where the Go stub has them, so read one field at a time",
				LLVMConstIntGetZExtValue(LLVMGetOperand(user, 1)), access->path,
				(unsigned long long)access->size);
			k->err = -EINVAL;
		}
		if (access->pointee && LLVMIsALoadInst(user) &&
		    LLVMGetTypeKind(LLVMTypeOf(user)) == LLVMPointerTypeKind)
			add_pointer(k, user, access->pointee, NULL);
	}
}

/* `gep` adds `offset` bytes to a stub pointer: replace it by the access chain,
 * after the constant GEPs built on it (they address the same stub). */
static void relocate_gep(struct core *k, LLVMValueRef gep, LLVMValueRef base, LLVMMetadataRef stub,
			 uint64_t offset)
{
	struct core_access access;
	LLVMValueRef chain;
	uint64_t more;

	for (LLVMUseRef u = LLVMGetFirstUse(gep), next; u; u = next) {
		LLVMValueRef user = LLVMGetUser(u);

		next = LLVMGetNextUse(u); /* relocating erases the user */
		if (LLVMIsAGetElementPtrInst(user) && LLVMGetOperand(user, 0) == gep &&
		    gep_constant_offset(user, &more))
			relocate_gep(k, user, base, stub, offset + more);
	}
	if (!path_at(k, stub, offset, gep, &access))
		return;
	chain = emit_access(k, base, &access, gep);
	LLVMReplaceAllUsesWith(gep, chain);
	LLVMInstructionEraseFromParent(gep);
	check_users(k, chain, base, &access);
}

/* The stub pointer itself is operand `index` of `user`: it means the first
 * field (offset 0), whose kernel offset is not 0. */
static void relocate_operand(struct core *k, LLVMValueRef user, unsigned index,
			     LLVMMetadataRef stub, bool want_array)
{
	LLVMValueRef base = LLVMGetOperand(user, index), chain;
	struct core_access access;

	if (!path_at(k, stub, 0, user, &access))
		return;
	if (want_array && !access.field_is_array) {
		diag_at(k->c->diags, TB_ERROR, user,
			"CO-RE: cannot tell which field of %s a variable offset means",
			access.path);
		k->err = -EINVAL;
		return;
	}
	chain = emit_access(k, base, &access, user);
	LLVMSetOperand(user, index, chain);
	check_users(k, chain, base, &access);
}

static void relocate_uses(struct core *k, LLVMValueRef pointer, LLVMMetadataRef stub)
{
	LLVMValueRef *users = NULL;
	size_t n = 0, cap = 0;
	uint64_t offset;

	/* Collected first: relocating changes the use list. */
	for (LLVMUseRef u = LLVMGetFirstUse(pointer); u; u = LLVMGetNextUse(u)) {
		if (n && users[n - 1] == LLVMGetUser(u))
			continue;
		if (n == cap)
			users = xrealloc(users, cap = cap ? 2 * cap : 16, sizeof(*users));
		users[n++] = LLVMGetUser(u);
	}
	for (size_t i = 0; i < n; i++) {
		LLVMValueRef user = users[i];

		if (LLVMIsAGetElementPtrInst(user) && LLVMGetOperand(user, 0) == pointer) {
			if (gep_constant_offset(user, &offset))
				relocate_gep(k, user, pointer, stub, offset);
			else
				relocate_operand(k, user, 0, stub, true);
		} else if (LLVMIsALoadInst(user) && LLVMGetOperand(user, 0) == pointer) {
			relocate_operand(k, user, 0, stub, false);
		} else if (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == pointer) {
			relocate_operand(k, user, 1, stub, false);
		} else if (is_read_helper(user) && LLVMGetOperand(user, 2) == pointer) {
			relocate_operand(k, user, 2, stub, false);
		} else if (((query_of(user) && !query_of(user)->about_type) ||
			    is_bitfield_read(user)) &&
			   LLVMGetOperand(user, 0) == pointer) {
			relocate_operand(k, user, 0, stub, false);
		}
		/* Anything else (nil checks, passing the object to a helper or a
		 * function) uses the object, not a field. */
	}
	free(users);
}

static void find_pointers(struct core *k, LLVMValueRef fn)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef inst = LLVMGetFirstInstruction(bb); inst;
		     inst = LLVMGetNextInstruction(inst))
			for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(inst); r;
			     r = LLVMGetNextDbgRecord(r)) {
				LLVMMetadataRef stub = core_record_stub(r);
				LLVMValueRef value;

				if (!stub)
					continue;
				value = LLVMDbgVariableRecordGetValue(r, 0);
				if (value && !LLVMIsAConstant(value))
					add_pointer(k, value, stub, r);
			}
	/* TinyGo describes uintptr(bpfGetCurrentTask()) by the variable too,
	 * before the inttoptr that makes it the pointer. */
	for (size_t i = 0; i < k->count; i++) {
		if (LLVMGetTypeKind(LLVMTypeOf(k->pointers[i].value)) != LLVMIntegerTypeKind)
			continue;
		for (LLVMUseRef u = LLVMGetFirstUse(k->pointers[i].value); u; u = LLVMGetNextUse(u))
			if (LLVMIsAIntToPtrInst(LLVMGetUser(u)))
				add_pointer(k, LLVMGetUser(u), k->pointers[i].stub, NULL);
	}
}

bool go_pointee(LLVMValueRef call, LLVMValueRef value, uint64_t pointee_bytes,
		LLVMMetadataRef *pointee)
{
	LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
	uint64_t bytes;

	for (LLVMValueRef inst = call; inst; inst = LLVMGetPreviousInstruction(inst))
		for (LLVMDbgRecordRef r = LLVMGetLastDbgRecord(inst); r;
		     r = LLVMGetPreviousDbgRecord(r))
			if (LLVMDbgVariableRecordGetValue(r, 0) == value &&
			    di_record_pointee(r, pointee, &bytes))
				return !pointee_bytes || bytes == pointee_bytes;
	if (LLVMIsAConstant(value))
		return false;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef inst = LLVMGetFirstInstruction(bb); inst;
		     inst = LLVMGetNextInstruction(inst))
			for (LLVMDbgRecordRef r = LLVMGetFirstDbgRecord(inst); r;
			     r = LLVMGetNextDbgRecord(r))
				if (LLVMDbgVariableRecordGetValue(r, 0) == value &&
				    di_record_pointee(r, pointee, &bytes) &&
				    (!pointee_bytes || bytes == pointee_bytes))
					return true;
	return false;
}

/* What the user called, for messages: the SDK function the intrinsic was
 * inlined from ("bpf.CoreFieldSize"), or the raw declaration's name. */
static char *query_name(LLVMValueRef call, const struct core_query *q)
{
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(call);
	char *name = loc ? di_sdk_function(loc) : NULL;

	return name ? name : xstrdup(q->name);
}

/* The kind a query asks: its own, or the intrinsic's constant operand. */
static bool query_kind(struct core *k, LLVMValueRef call, const struct core_query *q, int *kind)
{
	LLVMValueRef arg = q->kind < 0 ? LLVMGetOperand(call, 1) : NULL;
	unsigned max = q->about_type ? TYPE_SIZE : FIELD_SIGNED;

	if (!arg) {
		*kind = q->kind;
		return true;
	}
	if (LLVMIsAConstantInt(arg) && LLVMConstIntGetZExtValue(arg) <= max) {
		*kind = (int)LLVMConstIntGetZExtValue(arg);
		return true;
	}
	diag_at(k->c->diags, TB_ERROR, call, "%s needs a constant kind from 0 to %u", q->name, max);
	k->err = -EINVAL;
	return false;
}

/* The answer to a query, `info` (an i32 from the intrinsic), as the Go
 * declaration's result type. */
static void replace_query(struct core *k, LLVMValueRef call, const struct core_query *q,
			  LLVMValueRef info)
{
	LLVMTypeRef type = LLVMTypeOf(call);
	LLVMValueRef answer;

	LLVMInstructionSetDebugLoc(info, LLVMInstructionGetDebugLoc(call));
	if (q->boolean)
		answer = LLVMBuildZExtOrBitCast(
			k->builder,
			LLVMBuildICmp(k->builder, LLVMIntNE, info,
				      LLVMConstInt(LLVMTypeOf(info), 0, false), ""),
			type, "");
	else
		answer = LLVMBuildIntCast2(k->builder, info, type, false, "");
	LLVMReplaceAllUsesWith(call, answer);
	LLVMInstructionEraseFromParent(call);
}

static const char *field_kind_name(enum core_field_kind kind)
{
	switch (kind) {
	case CORE_FIELD_POINTER:
		return "a pointer";
	case CORE_FIELD_ARRAY:
		return "an array";
	case CORE_FIELD_STRUCT:
		return "a struct";
	default:
		return "not an integer";
	}
}

/* bpfCoreFieldExists(&x.F) -> llvm.bpf.preserve.field.info(&x.F, kind): the
 * relocated field address tells the backend which field. */
static void rewrite_field_query(struct core *k, LLVMValueRef call, const struct core_query *q)
{
	LLVMValueRef address = LLVMGetOperand(call, 0), args[2];
	LLVMTypeRef ptr = LLVMTypeOf(address), i64 = LLVMInt64TypeInContext(k->c->llvm);
	LLVMValueRef fn = intrinsic(k, "llvm.bpf.preserve.field.info", &ptr, 1);
	LLVMValueRef callee = LLVMIsACallInst(address) ? LLVMGetCalledValue(address) : NULL;
	enum core_field_kind field;
	char *name;
	size_t len;
	int kind;

	if (!query_kind(k, call, q, &kind))
		return;
	if (!callee || !str_starts_with(LLVMGetValueName2(callee, &len), "llvm.preserve.")) {
		name = query_name(call, q);
		if (q->kind < 0)
			diag_at(k->c->diags, TB_ERROR, call,
				"%s needs the address of a field of a kernel type (&x.Field, x a "
				"variable or parameter of type *T, T a struct whose first field is "
				"bpf.Kernel, or a bpfCore… stub)",
				name);
		else
			diag_at(k->c->diags, TB_ERROR, call,
				"%s needs the address of a field of a bpfCore struct, through a "
				"variable or parameter of type *bpfCore…",
				name);
		free(name);
		k->err = -EINVAL;
		return;
	}
	/* The backend dies on a signedness question about anything but an
	 * integer, an enum or a bitfield. */
	field = core_field_kind(address);
	if (kind == FIELD_SIGNED && field != CORE_FIELD_INTEGER && field != CORE_FIELD_BITFIELD) {
		name = query_name(call, q);
		diag_at(k->c->diags, TB_ERROR, call,
			"%s needs an integer or bitfield field; this one is %s", name,
			field_kind_name(field));
		free(name);
		k->err = -EINVAL;
		return;
	}
	args[0] = address;
	args[1] = LLVMConstInt(i64, (unsigned long long)kind, false);
	LLVMPositionBuilderBefore(k->builder, call);
	replace_query(k, call, q,
		      LLVMBuildCall2(k->builder, LLVMGlobalGetValueType(fn), fn, args, 2, ""));
}

/* bpfCoreTypeExists(p) -> llvm.bpf.preserve.type.info(n, kind) about the
 * kernel struct p's Go type stands for (!llvm.preserve.access.index); the
 * value of p does not matter, so a nil one will do. */
static void rewrite_type_query(struct core *k, LLVMValueRef call, const struct core_query *q)
{
	LLVMTypeRef i32 = LLVMInt32TypeInContext(k->c->llvm), i64 = LLVMInt64TypeInContext(k->c->llvm);
	LLVMValueRef fn = intrinsic(k, "llvm.bpf.preserve.type.info", NULL, 0), args[2], info;
	LLVMMetadataRef pointee, stub, kernel;
	char *name, *arg = NULL;
	int kind;

	if (!query_kind(k, call, q, &kind))
		return;
	if (q->kind < 0) /* the SDK's: T of bpf.CoreTypeSize[T] */
		pointee = LLVMInstructionGetDebugLoc(call)
				  ? core_type_argument(k->types, LLVMInstructionGetDebugLoc(call), &arg)
				  : NULL;
	else if (!go_pointee(call, LLVMGetOperand(call, 0), 0, &pointee))
		pointee = NULL;
	if (!pointee || !(stub = core_stub_of(pointee))) {
		name = query_name(call, q);
		if (q->kind < 0 && arg && !pointee && strchr(arg, '.') && !strpbrk(arg, "*[]() ")) {
			/* TinyGo describes T only where a variable outside a
			 * generic function has it (in one, *T is described as
			 * *runtime._interface). */
			const char *go = str_starts_with(arg, "main.") ? arg + 5 : arg;

			diag_at(k->c->diags, TB_ERROR, call,
				"%s: the program's debug info has no type %s, which TinyGo "
				"describes only where a variable has it: declare one in this "
				"function, `var t *%s; _ = t` (and %s must be a kernel type: a "
				"struct whose first field is bpf.Kernel, or a bpfCore… stub)",
				name, arg, go, go);
		} else if (q->kind < 0)
			diag_at(k->c->diags, TB_ERROR, call,
				"%s needs a kernel type (a struct whose first field is bpf.Kernel, "
				"or a bpfCore… stub) as its type argument",
				name);
		else
			diag_at(k->c->diags, TB_ERROR, call,
				"%s needs a variable of type *bpfCore… (its value does not matter)",
				name);
		free(name);
		free(arg);
		k->err = -EINVAL;
		return;
	}
	free(arg);
	kernel = core_kernel_struct(k->types, stub);
	if (!kernel) {
		diag_at(k->c->diags, TB_ERROR, call, "CO-RE: %s", core_types_error(k->types));
		k->err = -EINVAL;
		return;
	}
	args[0] = LLVMConstInt(i32, k->type_queries++, false);
	args[1] = LLVMConstInt(i64, (unsigned long long)kind, false);
	LLVMPositionBuilderBefore(k->builder, call);
	info = LLVMBuildCall2(k->builder, LLVMGlobalGetValueType(fn), fn, args, 2, "");
	LLVMSetMetadata(info, k->access_index_kind, LLVMMetadataAsValue(k->c->llvm, kernel));
	replace_query(k, call, q, info);
}

/* After relocation, every query has its answer, or an error. */
static void rewrite_queries(struct core *k, LLVMValueRef decl)
{
	for (LLVMUseRef u = LLVMGetFirstUse(decl), next; u; u = next) {
		LLVMValueRef call = LLVMGetUser(u);
		const struct core_query *q = query_of(call);

		next = LLVMGetNextUse(u);
		if (q && q->about_type)
			rewrite_type_query(k, call, q);
		else if (q)
			rewrite_field_query(k, call, q);
	}
	if (!LLVMGetFirstUse(decl))
		LLVMDeleteFunction(decl);
}

/* ---- Enum values: bpf.CoreEnumValue("pid_type", "PIDTYPE_TGID") ---- */

struct enum_query {
	LLVMValueRef call;
	char *type, *name; /* the C names, or NULL if not constant strings */
};

/* A constant through the (extractvalue (insertvalue …)) pairs that inlining
 * leaves where TinyGo passed a string's pointer and length. */
static LLVMValueRef through_aggregates(LLVMValueRef v)
{
	while (v && LLVMIsAExtractValueInst(v) && LLVMGetNumIndices(v) == 1) {
		unsigned want = LLVMGetIndices(v)[0];
		LLVMValueRef agg = LLVMGetOperand(v, 0);

		while (LLVMIsAInsertValueInst(agg) && LLVMGetIndices(agg)[0] != want)
			agg = LLVMGetOperand(agg, 0);
		if (LLVMIsAInsertValueInst(agg))
			v = LLVMGetOperand(agg, 1);
		else
			return NULL;
	}
	return v;
}

/* The Go string (pointer, length) of constant operands, or NULL. */
static char *constant_string(LLVMValueRef data, LLVMValueRef length)
{
	LLVMValueRef init;
	const char *bytes;
	size_t size;
	unsigned long long n;

	data = through_aggregates(data);
	length = through_aggregates(length);
	if (!length || !LLVMIsAConstantInt(length) || !data || !LLVMIsAGlobalVariable(data) ||
	    !LLVMIsGlobalConstant(data) || !(init = LLVMGetInitializer(data)) ||
	    !LLVMIsAConstantDataSequential(init))
		return NULL;
	n = LLVMConstIntGetZExtValue(length);
	bytes = LLVMGetAsString(init, &size);
	return n <= size ? strndup(bytes, n) : NULL;
}

static bool is_c_identifier(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* The enumerators asked of one enum, without repeats. */
static size_t enumerators_of(const struct enum_query *qs, size_t n, const char *type,
			     const char **out)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		if (!qs[i].type || strcmp(qs[i].type, type))
			continue;
		for (size_t j = 0; j < count && !seen; j++)
			seen = !strcmp(out[j], qs[i].name);
		if (!seen)
			out[count++] = qs[i].name;
	}
	return count;
}

/* tinybpf_core_enum_value(enum, name, kind) -> llvm.bpf.preserve.enum.value(
 * n, "NAME:VALUE", kind) over a kernel-named enum that lists NAME, as clang
 * emits for bpf_core_enum_value(enum type, NAME). Every call must be known
 * first: an enum's debug type lists all the enumerators asked. */
static void rewrite_enum_values(struct core *k, LLVMValueRef decl)
{
	LLVMTypeRef i32 = LLVMInt32TypeInContext(k->c->llvm), i64 = LLVMInt64TypeInContext(k->c->llvm);
	LLVMValueRef fn = intrinsic(k, "llvm.bpf.preserve.enum.value", NULL, 0);
	struct enum_query *qs = NULL;
	const char **names;
	size_t n = 0;

	for (LLVMUseRef u = LLVMGetFirstUse(decl); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef call = LLVMGetUser(u);

		if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != decl ||
		    LLVMGetNumArgOperands(call) < 5)
			continue;
		qs = xrealloc(qs, n + 1, sizeof(*qs));
		qs[n].call = call;
		qs[n].type = constant_string(LLVMGetOperand(call, 0), LLVMGetOperand(call, 1));
		qs[n].name = constant_string(LLVMGetOperand(call, 2), LLVMGetOperand(call, 3));
		n++;
	}
	names = xcalloc(n ? n : 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		struct enum_query *q = &qs[i];
		LLVMValueRef kind = LLVMGetOperand(q->call, 4), args[3], info, str;
		static const struct core_query enum_query = { ENUM_VALUE_INTRINSIC, true, -1, false };
		char *api = query_name(q->call, &enum_query), *text = NULL;
		LLVMMetadataRef type;
		size_t count;

		if (!q->type || !q->name) {
			diag_at(k->c->diags, TB_ERROR, q->call,
				"%s needs constant strings: the C names of the enum and of its "
				"enumerator",
				api);
		} else if (!is_c_identifier(q->type) || !is_c_identifier(q->name)) {
			diag_at(k->c->diags, TB_ERROR, q->call,
				"%s(\"%s\", \"%s\"): both must be C identifiers, the enum's name "
				"as in `enum NAME` (without \"enum\") and the enumerator's",
				api, q->type, q->name);
		} else if (!LLVMIsAConstantInt(kind) || LLVMConstIntGetZExtValue(kind) > 1) {
			diag_at(k->c->diags, TB_ERROR, q->call, "%s needs a constant kind, 0 or 1",
				api);
		} else {
			free(api);
			count = enumerators_of(qs, n, q->type, names);
			type = core_enum_type(k->types, q->type, names, count);
			for (size_t j = 0; j < count && !text; j++)
				if (!strcmp(names[j], q->name))
					text = xasprintf("%s:%zu", q->name, j);
			str = LLVMAddGlobal(k->c->module,
					    LLVMArrayType2(LLVMInt8TypeInContext(k->c->llvm),
							   strlen(text) + 1),
					    "core_enum_value");
			LLVMSetInitializer(str, LLVMConstStringInContext2(k->c->llvm, text,
									  strlen(text), false));
			LLVMSetGlobalConstant(str, true);
			LLVMSetLinkage(str, LLVMPrivateLinkage);
			LLVMSetUnnamedAddress(str, LLVMGlobalUnnamedAddr);
			free(text);
			args[0] = LLVMConstInt(i32, k->type_queries++, false);
			args[1] = str;
			args[2] = LLVMConstInt(i64, LLVMConstIntGetZExtValue(kind), false);
			LLVMPositionBuilderBefore(k->builder, q->call);
			info = LLVMBuildCall2(k->builder, LLVMGlobalGetValueType(fn), fn, args, 3,
					      "");
			LLVMSetMetadata(info, k->access_index_kind,
					LLVMMetadataAsValue(k->c->llvm, type));
			LLVMInstructionSetDebugLoc(info, LLVMInstructionGetDebugLoc(q->call));
			LLVMReplaceAllUsesWith(q->call,
					       LLVMBuildIntCast2(k->builder, info,
								 LLVMTypeOf(q->call), true, ""));
			continue;
		}
		free(api);
		k->err = -EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!k->err)
			LLVMInstructionEraseFromParent(qs[i].call);
		free(qs[i].type);
		free(qs[i].name);
	}
	free(names);
	free(qs);
	if (!LLVMGetFirstUse(decl))
		LLVMDeleteFunction(decl);
}

int pass_core(struct compile *c)
{
	struct core k = { .c = c };
	LLVMValueRef decls[ARRAY_SIZE(queries)], enum_decl = NULL;
	size_t ndecls = 0;

	k.types = core_types_new(c->module);
	k.builder = LLVMCreateBuilderInContext(c->llvm);
	k.access_index_kind = LLVMGetMDKindIDInContext(c->llvm, "llvm.preserve.access.index", 26);
	for (LLVMValueRef fn = LLVMGetFirstFunction(c->module); fn; fn = LLVMGetNextFunction(fn)) {
		if (LLVMIsDeclaration(fn)) {
			for (size_t i = 0; i < ARRAY_SIZE(queries) && ndecls < ARRAY_SIZE(decls); i++)
				if (!strcmp(go_name(fn), queries[i].name))
					decls[ndecls++] = fn;
			if (!strcmp(go_name(fn), ENUM_VALUE_INTRINSIC))
				enum_decl = fn;
			continue;
		}
		k.count = 0;
		find_pointers(&k, fn);
		/* The list grows while we go: loaded fields can be stub pointers. */
		for (size_t i = 0; i < k.count; i++)
			if (!k.pointers[i].conflict)
				relocate_uses(&k, k.pointers[i].value, k.pointers[i].stub);
	}
	for (size_t i = 0; i < ndecls; i++)
		rewrite_queries(&k, decls[i]);
	if (enum_decl)
		rewrite_enum_values(&k, enum_decl);
	if (k.relocations && c->settings->verbose)
		diag_note(c->diags, "CO-RE: %u relocated accesses",
			  k.relocations);
	LLVMDisposeBuilder(k.builder);
	core_types_free(k.types);
	free(k.pointers);
	return k.err;
}
