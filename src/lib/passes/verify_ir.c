// SPDX-License-Identifier: MIT
/*
 * The rewritten module must be valid IR before optimisation. An invalid one
 * is tinybpf's own fault, never the user's, but LLVM's verifier says so in
 * raw IR ("Instruction does not dominate all uses! %5 = ..."), naming no Go
 * line (issue 12, item 8). This names the Go function whose IR is broken,
 * at its Go line, with the first line of LLVM's words and what to do: report
 * it with --dump-ir. It is the pipeline's last stage: nothing changes the
 * module between it and optimisation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>

#include "../llvm_shim.h"
#include "passes.h"

int pass_verify_ir(struct compile *c)
{
	char *msg = NULL, *first;
	bool located = false;

	if (!LLVMVerifyModule(c->module, LLVMReturnStatusAction, &msg)) {
		LLVMDisposeMessage(msg);
		return 0;
	}
	first = strndup(msg, strcspn(msg, "\n"));
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f)) {
		char *name;

		if (LLVMIsDeclaration(f) || !LLVMVerifyFunction(f, LLVMReturnStatusAction))
			continue;
		name = di_function_name(f);
		diag_at(c->diags, TB_ERROR, f,
			"internal error: tinybpf made invalid LLVM IR of %s (LLVM: %s); this is a bug "
			"in tinybpf, not in your program: please report it with the files "
			"--dump-ir DIR writes",
			name ? name : LLVMGetValueName(f), first);
		free(name);
		located = true;
	}
	if (!located)
		diag_error(c->diags,
			   "internal error: tinybpf made invalid LLVM IR (LLVM: %s); this is a bug in "
			   "tinybpf, not in your program: please report it with the files --dump-ir "
			   "DIR writes",
			   first);
	free(first);
	LLVMDisposeMessage(msg);
	return -EINVAL;
}
