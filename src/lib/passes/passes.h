/* SPDX-License-Identifier: MIT */
/*
 * The IR passes, in the order the pipeline runs them. Each is a function over
 * the one module in struct compile: it returns 0, or -EINVAL after adding
 * errors (with the Go file and line) to c->diags.
 */
#ifndef TINYBPF_PASSES_H
#define TINYBPF_PASSES_H

#include "../internal.h"

/* Finds the //export entry points and the ELF section of each. */
int pass_programs(struct compile *c);
/* Inlines the Go SDK's functions, so that its intrinsics see the user's code. */
int pass_sdk_inline(struct compile *c);
/* Whether f is one of the entry points pass_programs found. */
bool is_entry_point(const struct compile *c, LLVMValueRef f);
/* Drops the TinyGo runtime and everything the entry points cannot reach. */
int pass_reachability(struct compile *c);
/* Turns bpfUnroll() calls into requests to unroll their loop (unroll.c). */
int pass_unroll(struct compile *c);
/* After optimisation: a loop that asked to be unrolled and was not is an
 * error at its Go line. */
int check_unrolled_loops(struct compile *c);
/* Names the Go line of features BPF lacks (strings, maps, floats, recursion...). */
int pass_unsupported(struct compile *c);
/* Refuses getelementptr indexes narrower than a pointer (unsafe.Add from a
 * TinyGo without the zero-extension fix). */
int pass_offsets(struct compile *c);
/* Turns llvm.trap (Go panics) into markers that survive optimisation. */
int pass_panics(struct compile *c);
/* Lowers the SDK's packet intrinsic (tinybpf_packet_header) to a bounds
 * check the verifier accepts. */
int pass_packet(struct compile *c);
/* Places package variables in .data, .rodata or .bss under their Go names. */
int pass_globals(struct compile *c);
/* Relocates field accesses through bpfCore… stubs against kernel BTF (CO-RE). */
int pass_core(struct compile *c);
/* Lowers bpf.CoreRead and friends (SDK intrinsics) over the relocated
 * chains pass_core built: probe reads, no nil checks. */
int pass_core_read(struct compile *c);
/* Whether debug records give `value`, an operand of `call`, a Go pointer
 * type to pointee_bytes bytes (0: any), and *pointee, the type it points to
 * (NULL for unsafe.Pointer). The nearest record before the call counts
 * first (TinyGo describes a variable where it is read, even a nil one). */
bool go_pointee(LLVMValueRef call, LLVMValueRef value, uint64_t pointee_bytes,
		LLVMMetadataRef *pointee);
/* Lowers bpf.Printk (the tinybpf_printk intrinsic) to bpf_trace_printk or
 * bpf_trace_vprintk with its format in .rodata, checked as the kernel checks it. */
int pass_printk(struct compile *c);
/* Replaces calls to declared helpers with calls to kernel helper IDs. */
int pass_helpers(struct compile *c);
/* The id of a helper by its kernel name without bpf_ ("trace_printk"). */
int helper_id(const char *name);
/* Turns calls to bodiless bpfKfunc… declarations into calls to kernel
 * functions the loader resolves (extern, in .ksyms, with BTF). */
int pass_kfuncs(struct compile *c);
/* The name //go:extern NAME gave a body-less Go function (a patched TinyGo
 * records it as this attribute), or NULL. Free it. */
#define GO_EXTERN_ATTRIBUTE "tinygo-go-extern"
char *go_extern_name(LLVMValueRef decl);
/* The first call of a function, where errors about its declaration point. */
LLVMValueRef first_call(LLVMValueRef decl);
/* Replaces every call of decl by a call of callee, of function type `type`,
 * whose parameters are decl's first ones (TinyGo's trailing context parameter
 * is dropped), keeping each call's Go line. */
void replace_calls(struct compile *c, LLVMValueRef decl, LLVMValueRef callee, LLVMTypeRef type);
/* Moves heap allocations (runtime.alloc) to zeroed stack slots. */
int pass_heap_to_stack(struct compile *c);
/* Rewrites bpfMapDef variables into BTF-defined maps in .maps. */
int pass_maps(struct compile *c);
/* Adds the license section unless the program declares one. */
int pass_license(struct compile *c);
/* Debug info the kernel's BTF checker accepts (see llvm_shim.h). */
int pass_btf(struct compile *c);
/* Sets the BPF triple and data layout and drops host-only attributes. */
int pass_retarget(struct compile *c);
/* Refuses invalid rewritten IR, naming the Go function (verify_ir.c). */
int pass_verify_ir(struct compile *c);

/* After optimisation, in the code generator's process: reports the panic
 * markers that optimisation could not prove unreachable. */
int check_panics_after_optimisation(struct compile *c);
/* Refuses, at the Go line, what the BPF backend would fail on with LLVM's own
 * words (signed division before v4, atomics before v3, copies of a length
 * known only at run time, ...): after optimisation, before code generation
 * (backend.c). */
int check_backend_limits(struct compile *c);
/* Removes the branches into panic markers that the conditions on every path
 * to them rule out, seeing through llvm.bpf.passthrough (checks.c). */
void remove_checked_panics(struct compile *c);

/* After optimisation: drops Go's zeroing of a stack variable that a probe
 * read then fills whole (probe_read_init.c). */
int pass_probe_read_init(struct compile *c);

/* After optimisation: the return blocks of each function go last, as clang
 * places them (return_layout.c). */
void pass_return_layout(struct compile *c);

/* After code generation, in the code generator's process: warns about stack
 * frames near BPF's 512 bytes and names the largest objects in them. */
void check_stack_after_codegen(struct compile *c, const char *object_path);

/* The name of the panic marker function. */
#define PANIC_MARKER_PREFIX "tinybpf.panic."
/* Go functions declared with this prefix are kfuncs (docs/kfuncs.md). */
#define KFUNC_PREFIX "bpfKfunc"
/* The ELF section, and BTF DATASEC, of the kfuncs a program calls. */
#define KSYMS_SECTION ".ksyms"

#endif /* TINYBPF_PASSES_H */
