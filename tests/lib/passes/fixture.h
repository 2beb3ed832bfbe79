/* SPDX-License-Identifier: MIT */
/*
 * A compile holding one testdata case's TinyGo IR, for the unit tests that
 * run passes on real TinyGo output in this process (core, kfuncs, unroll,
 * heap-to-stack). Include after cmocka.h and the library's internal.h.
 */
#ifndef TINYBPF_TESTS_PASS_FIXTURE_H
#define TINYBPF_TESTS_PASS_FIXTURE_H

#include <llvm-c/IRReader.h>

#include "../../testdata.h"

struct fixture {
	struct settings settings;
	struct compile c;
};

/* f->c: the IR of tests/testdata/NAME, parsed in a new context, with f's
 * (zeroed) settings and new diagnostics. */
static inline void fixture_parse(struct fixture *f, const char *name)
{
	char *path = testdata_ir(name), *msg = NULL;
	LLVMMemoryBufferRef buffer;

	memset(f, 0, sizeof(*f));
	f->c.settings = &f->settings;
	f->c.diags = tb_diags_new();
	f->c.llvm = LLVMContextCreate();
	assert_int_equal(LLVMCreateMemoryBufferWithContentsOfFile(path, &buffer, &msg), 0);
	assert_int_equal(LLVMParseIRInContext(f->c.llvm, buffer, &f->c.module, &msg), 0);
	free(path);
}

#endif
