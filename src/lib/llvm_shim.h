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

/* Go name of a global's DIGlobalVariable ("main.events"), or NULL. Free it. */
char *di_global_name(LLVMValueRef global);

/* Go type name of a global ("main.bpfMapDef": the typedef TinyGo emits), or NULL. */
char *di_global_type_name(LLVMValueRef global);

struct di_member {
	char *name; /* Go field name */
	uint64_t offset; /* bytes */
	uint64_t size;   /* bytes */
};

/* The fields of the struct a global's Go type names. Returns how many; 0 if
 * the global has no struct debug type. Free with di_members_free(). */
size_t di_global_members(LLVMValueRef global, struct di_member **members);
void di_members_free(struct di_member *members, size_t count);

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

#ifdef __cplusplus
}
#endif

#endif /* TINYBPF_LLVM_SHIM_H */
