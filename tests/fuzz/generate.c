// SPDX-License-Identifier: MIT
/*
 * Fuzz target: tinybpf generate's reading of an object (ELF, libbpf's open,
 * the BTF of maps and variables: src/lib/generate/generate_model.c) and both
 * printers. In-process here, without the child tb_generate runs it in.
 */
#include <string.h>

#include "../../src/lib/generate/generate.h"
#include "../../src/lib/internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "event", "openEvent" };
	struct tb_diags *diags = tb_diags_new();
	struct gen_go_options go = { .package = "fuzz" };
	struct gen_model m;
	FILE *out = fopen("/dev/null", "w");

	if (!gen_model_load(&m, fuzz_file(data, size), types, size % 3, diags)) {
		gen_write_c(&m, "fuzz", out);
		gen_write_go(&m, &go, out, diags);
	}
	gen_model_free(&m);
	fclose(out);
	tb_diags_free(diags);
	return 0;
}
