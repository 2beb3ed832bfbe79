// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Linker.h>

#include "internal.h"

static bool is_bitcode(LLVMMemoryBufferRef buf)
{
	const unsigned char *p = (const unsigned char *)LLVMGetBufferStart(buf);
	size_t n = LLVMGetBufferSize(buf);
	static const unsigned char raw[] = { 'B', 'C', 0xc0, 0xde };
	static const unsigned char wrapper[] = { 0xde, 0xc0, 0x17, 0x0b };

	return n >= 4 && (!memcmp(p, raw, 4) || !memcmp(p, wrapper, 4));
}

static LLVMModuleRef parse_file(struct compile *c, const char *path)
{
	LLVMMemoryBufferRef buf;
	LLVMModuleRef mod = NULL;
	char *msg = NULL;

	if (LLVMCreateMemoryBufferWithContentsOfFile(path, &buf, &msg)) {
		diag_add(c->diags, TB_ERROR, path, 0, 0, "cannot read input: %s", msg);
		LLVMDisposeMessage(msg);
		return NULL;
	}
	if (is_bitcode(buf)) {
		if (LLVMParseBitcodeInContext2(c->llvm, buf, &mod))
			diag_add(c->diags, TB_ERROR, path, 0, 0, "not valid LLVM bitcode");
		LLVMDisposeMemoryBuffer(buf);
	} else if (LLVMParseIRInContext(c->llvm, buf, &mod, &msg)) { /* takes buf */
		diag_add(c->diags, TB_ERROR, path, 0, 0, "not valid LLVM IR: %s", msg);
		LLVMDisposeMessage(msg);
		mod = NULL;
	}
	return mod;
}

int load_inputs(struct compile *c, const char *const *paths, size_t count)
{
	if (!count) {
		diag_error(c->diags, "no input files");
		return -EINVAL;
	}
	for (size_t i = 0; i < count; i++) {
		LLVMModuleRef mod = parse_file(c, paths[i]);

		if (!mod)
			return -EINVAL;
		if (!c->module) {
			c->module = mod;
		} else if (LLVMLinkModules2(c->module, mod)) { /* consumes mod */
			diag_add(c->diags, TB_ERROR, paths[i], 0, 0,
				 "cannot link with the inputs before it (conflicting definitions)");
			return -EINVAL;
		}
	}
	return 0;
}
