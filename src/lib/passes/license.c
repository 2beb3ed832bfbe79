// SPDX-License-Identifier: MIT
#include <string.h>

#include "passes.h"

/* The kernel refuses GPL-only helpers (bpf_probe_read*, bpf_trace_printk, ...)
 * to programs whose "license" section is not GPL-compatible. */
int pass_license(struct compile *c)
{
	const char *license = c->settings->license;
	LLVMValueRef text, g;

	text = LLVMConstStringInContext2(c->llvm, license, strlen(license), false);
	for (g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g)) {
		const char *sec = LLVMGetSection(g);

		if (sec && !strcmp(sec, "license") && LLVMGetInitializer(g)) {
			/* Declared in Go with //go:section license: its value is the
			 * license. The variable itself becomes plain data, which the
			 * optimiser folds into the program's reads and drops; kept as
			 * the license section, it was dropped with them, leaving the
			 * object with no license at all. */
			text = LLVMGetInitializer(g);
			LLVMSetSection(g, "");
			break;
		}
	}
	g = LLVMAddGlobal(c->module, LLVMTypeOf(text), "LICENSE");
	LLVMSetInitializer(g, text);
	LLVMSetSection(g, "license");
	LLVMSetAlignment(g, 1);
	return 0;
}
