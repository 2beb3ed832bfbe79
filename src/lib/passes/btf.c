// SPDX-License-Identifier: MIT
#include <stdlib.h>

#include "../llvm_shim.h"
#include "passes.h"

int pass_btf(struct compile *c)
{
	di_prepare_for_btf(c->module);
	/* Program names may have changed with the debug info ("main.f" -> "f"). */
	for (size_t i = 0; i < c->program_count; i++) {
		free(c->programs[i].name);
		c->programs[i].name = value_name(c->programs[i].function);
	}
	return 0;
}
