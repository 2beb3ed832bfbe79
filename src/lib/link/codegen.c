// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/DebugInfo.h>
#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "link.h"

/*
 * Optimisation and code generation run isolated (isolate.c): the BPF backend
 * keeps static state that makes a second CO-RE compile in one process crash,
 * and LLVM's fatal errors ("Cannot select") abort the whole process. Inside
 * tb_link's child, which holds one compile, that child is the isolation; a
 * caller outside one gets a child of its own.
 */

static LLVMTargetMachineRef bpf_target_machine(struct compile *c)
{
	LLVMTargetRef target;
	char *msg = NULL;

	if (LLVMGetTargetFromTriple("bpfel", &target, &msg)) {
		diag_error(c->diags, "LLVM has no BPF target: %s", msg);
		LLVMDisposeMessage(msg);
		return NULL;
	}
	return LLVMCreateTargetMachine(target, "bpfel", c->settings->cpu, "",
				       LLVMCodeGenLevelDefault, LLVMRelocDefault,
				       LLVMCodeModelDefault);
}

static int optimise_and_emit(struct compile *c, const char *object_path,
			     const struct codegen_hooks *hooks)
{
	/* As bpf-linker: memcpy expansion in source order (the verifier tracks
	 * stack slots), no traps after unreachable code. */
	static const char *const backend_flags[] = {
		"tinybpf", "-bpf-expand-memcpy-in-order", "-bpf-disable-trap-unreachable",
	};
	LLVMTargetMachineRef tm = bpf_target_machine(c);
	LLVMPassBuilderOptionsRef opts;
	LLVMErrorRef err;
	char *msg = NULL;
	double start = now_ms();
	int ret = -EINVAL;

	if (!tm)
		return -EINVAL;
	LLVMParseCommandLineOptions(ARRAY_SIZE(backend_flags), backend_flags, NULL);
	opts = LLVMCreatePassBuilderOptions();
	err = LLVMRunPasses(c->module, "default<O2>", tm, opts);
	LLVMDisposePassBuilderOptions(opts);
	if (err) {
		msg = LLVMGetErrorMessage(err);
		diag_error(c->diags, "optimisation failed: %s", msg);
		LLVMDisposeErrorMessage(msg);
		goto out;
	}
	if (c->settings->verbose)
		diag_note(c->diags, "stage optimise: %.1f ms", now_ms() - start);
	dump_ir(c, "optimised");
	keep_temp_module(c, "optimised.ll");
	if (hooks->after_optimise && hooks->after_optimise(c))
		goto out;

	start = now_ms();
	if (LLVMTargetMachineEmitToFile(tm, c->module, object_path, LLVMObjectFile, &msg)) {
		diag_error(c->diags, "BPF code generation failed: %s", msg);
		LLVMDisposeMessage(msg);
		goto out;
	}
	if (hooks->after_emit)
		hooks->after_emit(c, object_path);
	if (tb_diags_error_count(c->diags))
		goto out;
	if (c->settings->verbose)
		diag_note(c->diags, "stage codegen: %.1f ms", now_ms() - start);
	ret = 0;
out:
	LLVMDisposeTargetMachine(tm);
	return ret;
}

struct codegen_job {
	struct compile *c;
	const char *object_path;
	const struct codegen_hooks *hooks;
};

static int run_codegen(void *arg, struct tb_diags *diags)
{
	struct codegen_job *job = arg;

	(void)diags; /* the compile's own */
	return optimise_and_emit(job->c, job->object_path, job->hooks);
}

/* The function named by a fatal error's "In function: NAME" line. */
static LLVMValueRef fatal_error_function(LLVMModuleRef module, const char *reason)
{
	const char *at = strstr(reason, "In function: ");
	char name[256];

	if (!at || sscanf(at + strlen("In function: "), "%255s", name) != 1)
		return NULL;
	return LLVMGetNamedFunction(module, name);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The instruction of `function` at file:line:column, the file compared by
 * base name (the DAG prints the debug info's name, location_of() a path
 * relative to the working directory): the Go line the selection DAG's node
 * came from. */
static LLVMValueRef instruction_at(LLVMValueRef function, const char *file, unsigned line,
				   unsigned column)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(function); bb;
	     bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			struct source_location loc = location_of(i);
			bool match = loc.file && loc.line == line && loc.column == column &&
				     !strcmp(base_name(loc.file), base_name(file));

			location_free(&loc);
			if (match)
				return i;
		}
	return NULL;
}

/* For an instruction inlined from another function (sync/atomic's
 * LoadUint64 into the program), a note at the outermost call site: the line
 * in the program that led to it. */
static void note_call_site(LLVMValueRef instruction, struct tb_diags *diags)
{
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(instruction), outer = loc, file;
	unsigned name_len = 0;
	const char *name;
	char *path;

	while (outer && LLVMDILocationGetInlinedAt(outer))
		outer = LLVMDILocationGetInlinedAt(outer);
	if (!outer || outer == loc || !(file = LLVMDIScopeGetFile(LLVMDILocationGetScope(outer))))
		return;
	/* The btf stage, before codegen, left every file its short name
	 * ("bpf/open.go") and no directory (llvm_shim.cpp's
	 * strip_source_directories): the name is the whole path shown. */
	name = LLVMDIFileGetFilename(file, &name_len);
	if (!name_len)
		return;
	path = xasprintf("%.*s", (int)name_len, name);
	diag_add(diags, TB_NOTE, path, LLVMDILocationGetLine(outer), LLVMDILocationGetColumn(outer),
		 "called from here");
	free(path);
}

/*
 * In the child, after LLVM's fatal error: one error at the Go line of what
 * the backend could not lower. "Cannot select: tN: TYPE = OPERATION ...,
 * main.go:12:5" names the node's debug location by file base name; the
 * instruction there gives the full Go path. Without a location, the
 * function's own line; without a function, no place.
 */
static void locate_fatal_error(void *arg, const char *reason, struct tb_diags *diags)
{
	struct codegen_job *job = arg;
	LLVMValueRef function = fatal_error_function(job->c->module, reason);
	LLVMValueRef where = function;
	size_t first_line = strcspn(reason, "\n");
	char *text = xasprintf("%.*s", (int)first_line, reason);
	char file[256], *comma = strrchr(text, ',');
	unsigned line, column;

	if (function && comma && sscanf(comma, ", %255[^:]:%u:%u", file, &line, &column) == 3) {
		LLVMValueRef i = instruction_at(function, file, line, column);

		if (i)
			where = i;
	}
	if (str_starts_with(text, "Cannot select: ")) {
		/* "Cannot select: 0x55..: i64,ch = AtomicLoadNand<(...)> ..." */
		const char *op = strstr(text, " = ");
		int len = op ? (int)strcspn(op + 3, "<( ,") : 0;

		if (where)
			diag_at(diags, TB_ERROR, where,
				"BPF code generation failed: the BPF backend has no instruction for "
				"%.*s here (LLVM: Cannot select)",
				len, op ? op + 3 : "");
		else
			diag_error(diags, "BPF code generation failed: the BPF backend has no "
					  "instruction for %.*s (LLVM: Cannot select)",
				   len, op ? op + 3 : "");
	} else if (where) {
		diag_at(diags, TB_ERROR, where, "BPF code generation failed: LLVM: %s", text);
	} else {
		diag_error(diags, "BPF code generation failed: LLVM: %s", text);
	}
	if (where && where != function)
		note_call_site(where, diags);
	free(text);
}

int codegen(struct compile *c, const char *object_path, const struct codegen_hooks *hooks)
{
	struct codegen_job job = { c, object_path, hooks };
	struct isolate_opts opts = {
		.what = "BPF code generation failed",
		.run = run_codegen,
		.arg = &job,
		.on_fatal = locate_fatal_error,
		.in_child = true, /* tb_link's child: no second fork */
	};

	return isolate(&opts, c->diags);
}
