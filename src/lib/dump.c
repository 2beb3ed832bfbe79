// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "internal.h"

void dump_ir(const struct compile *c, const char *stage)
{
	static unsigned sequence;
	char *path, *msg = NULL;

	if (!c->settings->dump_ir_dir)
		return;
	mkdir(c->settings->dump_ir_dir, 0777); /* an error shows when writing */
	path = xasprintf("%s/%02u-%s%s%s.ll", c->settings->dump_ir_dir, sequence++, stage,
			 c->part ? "." : "", c->part ? c->part : "");
	if (LLVMPrintModuleToFile(c->module, path, &msg)) {
		diag_add(c->diags, TB_WARNING, path, 0, 0, "cannot write IR dump: %s", msg);
		LLVMDisposeMessage(msg);
	}
	free(path);
}

/* With keep_temp: writes the module as NAME into the kept directory. */
void keep_temp_module(const struct compile *c, const char *name)
{
	char *path, *msg = NULL;

	if (!c->settings->keep_temp_dir)
		return;
	path = xasprintf("%s/%s%s%s", c->settings->keep_temp_dir, c->part ? c->part : "",
			 c->part ? "." : "", name);
	if (LLVMPrintModuleToFile(c->module, path, &msg)) {
		diag_add(c->diags, TB_WARNING, path, 0, 0, "cannot keep: %s", msg);
		LLVMDisposeMessage(msg);
	}
	free(path);
}
