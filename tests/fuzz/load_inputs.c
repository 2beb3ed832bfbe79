// SPDX-License-Identifier: MIT
/*
 * Fuzz target: loading one input as tinybpf link does (src/lib/link/input.c):
 * textual IR, bitcode, an ELF object with .llvmbc, or an ar archive of
 * these, parsed, verified and linked into a module. Bitcode is checked in a
 * child process first (isolate.c), so what LLVM's bitcode reader does with
 * it never reaches this process; what does is input.c's own reading of
 * files, ELF and archives, and LLVM's IR parser and verifier.
 */
#include "../../src/lib/link/link.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct settings settings = { .cpu = "v3", .jobs = 1 };
	struct compile c = { .settings = &settings, .diags = tb_diags_new() };

	c.llvm = LLVMContextCreate();
	LLVMContextSetDiagnosticHandler(c.llvm, on_llvm_diagnostic, &c);
	load_inputs(&c, &path, 1, 1);
	if (c.module)
		LLVMDisposeModule(c.module);
	LLVMContextDispose(c.llvm);
	tb_diags_free(c.diags);
	return 0;
}
