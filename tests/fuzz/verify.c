// SPDX-License-Identifier: MIT
/*
 * Fuzz target: what tinybpf verify reads of an object before the kernel sees
 * it (libbpf's open, the programs' names, .BTF.ext line info:
 * verify_read_object in src/lib/check/verify.c). Loading into the kernel is not
 * fuzzed: it needs root, and the kernel's verifier is the kernel's.
 */
#include "../../src/lib/check/check.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tb_diags *diags = tb_diags_new();

	verify_read_object(fuzz_file(data, size), diags);
	tb_diags_free(diags);
	return 0;
}
