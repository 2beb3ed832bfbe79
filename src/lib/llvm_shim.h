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

/*
 * CO-RE (docs/core.md): Go struct types named bpfCore… stand for kernel types.
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
	LLVMMetadataRef pointee; /* the stub the field points to, if a *bpfCore… */
	char path[128];          /* "task_struct.comm[3]" */
	char message[256];       /* why there is no path */
};

/* The accesses that reach byte `offset` of a stub, in its kernel type, down to
 * a field that is not a struct. Returns 0, or -1 with access->message set. */
int core_access_path(struct core_types *types, LLVMMetadataRef stub, uint64_t offset,
		     struct core_access *access);

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

#ifdef __cplusplus
}
#endif

#endif /* TINYBPF_LLVM_SHIM_H */
