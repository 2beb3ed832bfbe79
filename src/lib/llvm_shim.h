/* SPDX-License-Identifier: MIT */
/*
 * What the LLVM C API lacks: getters for a variable's name, a composite's
 * members or a subprogram's parameters, setters for debug-info names, and
 * dropping dead constants. Implemented in llvm_shim.cpp, the library's only
 * C++ file.
 */
#ifndef TINYBPF_LLVM_SHIM_H
#define TINYBPF_LLVM_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Go name of a function's DISubprogram ("main.trace_openat"), or NULL. Free it. */
char *di_function_name(LLVMValueRef func);

/* The DISubprogram a DILocation is in, without following inlinedAt, or NULL. */
LLVMMetadataRef di_location_subprogram(LLVMMetadataRef loc);

/* Go name of a global's DIGlobalVariable ("main.events"), or NULL. Free it. */
char *di_global_name(LLVMValueRef global);

/* Go type name of a global ("main.bpfMapDef": the typedef TinyGo emits), or NULL. */
char *di_global_type_name(LLVMValueRef global);

struct di_member {
	char *name; /* Go field name */
	uint64_t offset; /* bytes */
	uint64_t size;   /* bytes */
	LLVMMetadataRef type; /* the field's Go type */
};

/* The fields of the struct a global's Go type names. Returns how many; 0 if
 * the global has no struct debug type. Free with di_members_free(). */
size_t di_global_members(LLVMValueRef global, struct di_member **members);
void di_members_free(struct di_member *members, size_t count);

/* The Go type of a global (TinyGo's typedef for a named type), or NULL. */
LLVMMetadataRef di_global_type(LLVMValueRef global);

/* For a pointer type, sets *pointee to what it points to and returns 1; 0 for
 * any other type. Typedefs of pointers count as pointers. */
int di_pointer_target(LLVMMetadataRef type, LLVMMetadataRef *pointee);

/* The type a typedef (or qualifier) names, through all of them; the type
 * itself if it is neither. */
LLVMMetadataRef di_strip_typedefs(LLVMMetadataRef type);

/* The size in bytes of a type, through typedefs. */
uint64_t di_type_size(LLVMMetadataRef type);

/* For an array of pointers, sets *pointee to the elements' target type and
 * returns 1; 0 for any other type. */
int di_array_of_pointers(LLVMMetadataRef type, LLVMMetadataRef *pointee);

/* For a pointer to a one-dimensional array (libbpf's `int (*type)[N]`), sets
 * *count to N and *element to the element type and returns 1; else 0. */
int di_pointer_to_array(LLVMMetadataRef type, uint64_t *count, LLVMMetadataRef *element);

/* For a Go slice of pointers ([]*T), sets *pointee to T and returns 1. */
int di_slice_of_pointers(LLVMMetadataRef type, LLVMMetadataRef *pointee);

/*
 * Makes the debug info something the kernel's BTF checker accepts and users
 * can read: C-safe type and function names without the "main." prefix
 * (functions are renamed to match), no names on pointer types, function
 * prototypes with a return type and every named parameter, and source paths
 * without the build machine's directories.
 */
void di_prepare_for_btf(LLVMModuleRef module);

/* Destroys constant expressions and aggregates that refer to a global but are
 * used by nothing, so that the global's use list tells whether it is needed. */
void remove_dead_constant_users(LLVMValueRef global);

/* The Go SDK's package (bpf/ in this repository). */
#define TB_SDK_PACKAGE "github.com/tinybpf/tinybpf/bpf"

/* Whether a debug location is in a function of the SDK (inlined into the
 * user's code by the sdk-inline stage). */
int di_location_in_sdk(LLVMMetadataRef loc);
/* "bpf.CoreRead": the SDK function the user's code called that a location
 * was inlined from, for messages; NULL if none. Free it. */
char *di_sdk_function(LLVMMetadataRef loc);
/* Whether a function is one of the SDK's (by its IR name). */
int di_function_in_sdk(LLVMValueRef func);

/*
 * CO-RE (docs/core.md): Go struct types named bpfCore…, or whose first field
 * is `_ bpf.Kernel`, stand for kernel types.
 * These read TinyGo's debug info for them and build the kernel-named debug
 * types that the BPF backend's CO-RE relocations refer to.
 */
struct core_types;
struct core_types *core_types_new(LLVMModuleRef module);
void core_types_free(struct core_types *types);

/* The stub (TinyGo's typedef of a bpfCore… struct) that a #dbg_value record
 * says its value points to, or NULL. Records that describe something computed
 * from the value (a DIExpression) do not count. */
LLVMMetadataRef core_record_stub(LLVMDbgRecordRef record);

#define CORE_MAX_STEPS 8

/* One preserve.*.access.index call: a struct member or an array element. */
struct core_step {
	LLVMMetadataRef type;     /* the kernel-named struct or array accessed */
	LLVMTypeRef element_type; /* its IR type, for the elementtype attribute */
	int array;
	unsigned gep_index; /* IR field of a struct member */
	unsigned index;     /* DI member index, or array element index */
};

struct core_access {
	struct core_step steps[CORE_MAX_STEPS];
	unsigned count;
	uint64_t size;           /* bytes from the address to the end of its field */
	int field_is_array;      /* the address is that of an array field */
	int bitfield;            /* the field is a bpf.Bitfield */
	LLVMMetadataRef pointee; /* the stub the field points to, if a *bpfCore… */
	char path[128];          /* "task_struct.comm[3]" */
	char message[256];       /* why there is no path */
};

/* The accesses that reach byte `offset` of a stub, in its kernel type, down to
 * a field that is not a struct; or to the bpf.Bitfield that `gep` (TinyGo's
 * struct-typed getelementptr for &x.F, or NULL) selects, which has no bytes
 * of its own. Returns 0, or -1 with access->message set. */
int core_access_path(struct core_types *types, LLVMMetadataRef stub, uint64_t offset,
		     LLVMValueRef gep, struct core_access *access);

/* The Go named type (typedef) that is the type argument of the generic SDK
 * function a location was inlined from (bpf.CoreTypeSize[TaskStruct]), or
 * NULL. */
LLVMMetadataRef core_type_argument(struct core_types *types, LLVMMetadataRef loc, char **arg_out);

/* What the field a llvm.preserve.*.access.index call reaches is. */
enum core_field_kind {
	CORE_FIELD_INTEGER, /* integer, boolean */
	CORE_FIELD_POINTER, /* pointer, or Go uintptr */
	CORE_FIELD_ARRAY,
	CORE_FIELD_STRUCT,
	CORE_FIELD_BITFIELD,
	CORE_FIELD_OTHER,
};
enum core_field_kind core_field_kind(LLVMValueRef access_call);

/* The kernel-named enum `name` with these enumerators, for
 * llvm.bpf.preserve.enum.value; one per name, so call it once with all of
 * them. */
LLVMMetadataRef core_enum_type(struct core_types *types, const char *name,
			       const char *const *enumerators, size_t count);

/* The stub a Go type is (TinyGo's typedef of a bpfCore… struct), or NULL. */
LLVMMetadataRef core_stub_of(LLVMMetadataRef go_type);
/* The kernel-named struct a stub stands for (its DICompositeType), or NULL
 * with the reason in core_types_error(). */
LLVMMetadataRef core_kernel_struct(struct core_types *types, LLVMMetadataRef stub);
const char *core_types_error(const struct core_types *types);

/* The kernel's name for a Go name by the CO-RE rule: CamelCase to snake_case
 * ("BpfTaskFromPid" -> "bpf_task_from_pid"), snake_case kept. Free it. */
char *core_snake_case(const char *go_name);

/* Whether a debug record describes its value as a pointer: a #dbg_value of a
 * pointer-typed Go variable, or a #dbg_declare, whose value is the variable's
 * address. *pointee is the Go type pointed to (NULL for unsafe.Pointer), of
 * *pointee_bytes bytes. Records with a DIExpression describe something else
 * and do not count. */
int di_record_pointee(LLVMDbgRecordRef record, LLVMMetadataRef *pointee, uint64_t *pointee_bytes);

/* Sets *offset to the bytes a getelementptr adds when they are a constant,
 * non-negative number, and returns 1; otherwise returns 0. */
int gep_constant_offset(LLVMValueRef gep, uint64_t *offset);

/*
 * Parses textual IR without aborting on a module that fails LLVM's verifier:
 * LLVM's own parser verifies a module with debug info and calls
 * report_fatal_error ("Broken module found") when it is broken. This parses
 * without that step, verifies, and only then upgrades the debug info as the
 * parser would have (dropping debug info that alone is invalid, with a
 * warning). Returns the module, or NULL with *message (free it): the
 * parser's "NAME:LINE:COL: error: ..." or the verifier's complaint, the
 * latter with *invalid set.
 */
LLVMModuleRef parse_ir_verified(LLVMContextRef context, const char *data, size_t size,
				const char *name, char **message, int *invalid);

/*
 * Marks argument `arg` of `call` as writing bytes [0, size) before anything
 * reads them, and not kept by the callee: `captures(none) initializes((0,
 * size))`, which LLVM's dead store elimination uses to drop stores the call
 * overwrites. The C API can make neither attribute.
 */
void call_arg_initializes(LLVMValueRef call, unsigned arg, uint64_t size);

#ifdef __cplusplus
}
#endif

#endif /* TINYBPF_LLVM_SHIM_H */
