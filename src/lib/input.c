// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Linker.h>

#include "internal.h"
#include "llvm_shim.h"

/*
 * Inputs: textual IR (.ll), bitcode (.bc), ELF objects carrying bitcode in a
 * .llvmbc section (clang -fembed-bitcode), and ar archives of any of these.
 * All are linked into one module.
 */

static bool is_bitcode(const char *p, size_t n)
{
	static const unsigned char raw[] = { 'B', 'C', 0xc0, 0xde };
	static const unsigned char wrapper[] = { 0xde, 0xc0, 0x17, 0x0b };

	return n >= 4 && (!memcmp(p, raw, 4) || !memcmp(p, wrapper, 4));
}

/* Parses IR or bitcode held in memory; `name` is for messages. */
static LLVMModuleRef parse_buffer(struct compile *c, const char *data, size_t size,
				  const char *name)
{
	LLVMMemoryBufferRef buf =
		LLVMCreateMemoryBufferWithMemoryRangeCopy(data, size, name);
	LLVMModuleRef mod = NULL;
	char *msg = NULL;

	if (is_bitcode(data, size)) {
		if (LLVMParseBitcodeInContext2(c->llvm, buf, &mod))
			diag_add(c->diags, TB_ERROR, name, 0, 0, "not valid LLVM bitcode");
		LLVMDisposeMemoryBuffer(buf);
	} else if (LLVMParseIRInContext(c->llvm, buf, &mod, &msg)) { /* takes buf */
		diag_add(c->diags, TB_ERROR, name, 0, 0, "not valid LLVM IR: %s", msg);
		LLVMDisposeMessage(msg);
		mod = NULL;
	}
	return mod;
}

/*
 * Every TinyGo module carries its own copy of the runtime, some of it with
 * external linkage (main, tinygo_signal_handler, ...). Making all but the
 * user's own definitions internal lets several modules link without clashes;
 * reachability drops the copies later.
 */
static void internalize_runtime(LLVMModuleRef mod)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
		char *go_name;

		if (LLVMIsDeclaration(f) || LLVMGetLinkage(f) != LLVMExternalLinkage)
			continue;
		go_name = di_function_name(f);
		if (!go_name || !is_user_go_name(go_name))
			LLVMSetLinkage(f, LLVMInternalLinkage);
		free(go_name);
	}
	for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g)) {
		char *go_name;

		if (LLVMIsDeclaration(g) || LLVMGetLinkage(g) != LLVMExternalLinkage)
			continue;
		go_name = di_global_name(g);
		if (!go_name || !is_user_go_name(go_name))
			LLVMSetLinkage(g, LLVMInternalLinkage);
		free(go_name);
	}
}

static int add_module(struct compile *c, LLVMModuleRef mod, const char *name)
{
	internalize_runtime(mod);
	if (!c->module) {
		c->module = mod;
		return 0;
	}
	/* Host triples differ between producers (TinyGo, clang); all become BPF. */
	LLVMSetTarget(mod, LLVMGetTarget(c->module));
	LLVMSetDataLayout(mod, LLVMGetDataLayoutStr(c->module));
	if (LLVMLinkModules2(c->module, mod)) { /* consumes mod */
		diag_add(c->diags, TB_ERROR, name, 0, 0,
			 "cannot link with the inputs before it: two inputs define the same "
			 "//export function or variable");
		return -EINVAL;
	}
	return 0;
}

/* One file, or one archive member: ELF with .llvmbc, or raw IR/bitcode. */
static int load_elf_member(struct compile *c, Elf *elf, const char *name)
{
	Elf_Data *bitcode;
	LLVMModuleRef mod;
	size_t size;
	char *raw;

	if (elf_kind(elf) == ELF_K_ELF) {
		bitcode = elf_section_data(elf, ".llvmbc");
		if (!bitcode || !bitcode->d_size) {
			diag_add(c->diags, TB_ERROR, name, 0, 0,
				 "an ELF object without LLVM bitcode (.llvmbc): compile with "
				 "-fembed-bitcode, or pass the .ll/.bc");
			return -EINVAL;
		}
		mod = parse_buffer(c, bitcode->d_buf, bitcode->d_size, name);
	} else {
		raw = elf_rawfile(elf, &size);
		mod = raw ? parse_buffer(c, raw, size, name) : NULL;
	}
	return mod ? add_module(c, mod, name) : -EINVAL;
}

static int load_archive(struct compile *c, int fd, Elf *ar, const char *path)
{
	Elf *member;
	int err = 0, count = 0;

	while (!err && (member = elf_begin(fd, ELF_C_READ_MMAP, ar))) {
		Elf_Arhdr *hdr = elf_getarhdr(member);

		/* "/" and "//" are the archive's symbol and name tables. */
		if (hdr && hdr->ar_name[0] != '/') {
			char *name = xasprintf("%s(%s)", path, hdr->ar_name);

			err = load_elf_member(c, member, name);
			count++;
			free(name);
		}
		elf_next(member);
		elf_end(member);
	}
	if (!err && !count)
		diag_add(c->diags, TB_ERROR, path, 0, 0, "an empty archive");
	return err ? err : count ? 0 : -EINVAL;
}

static int load_file(struct compile *c, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf;
	int err;

	if (fd < 0) {
		diag_add(c->diags, TB_ERROR, path, 0, 0, "cannot read input: %s", strerror(errno));
		return -errno;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		diag_add(c->diags, TB_ERROR, path, 0, 0, "cannot read input: %s", elf_errmsg(-1));
		close(fd);
		return -EINVAL;
	}
	err = elf_kind(elf) == ELF_K_AR ? load_archive(c, fd, elf, path)
					 : load_elf_member(c, elf, path);
	elf_end(elf);
	close(fd);
	return err;
}

int load_inputs(struct compile *c, const char *const *paths, size_t count)
{
	if (!count) {
		diag_error(c->diags, "no input files");
		return -EINVAL;
	}
	elf_version(EV_CURRENT);
	for (size_t i = 0; i < count; i++) {
		int err = load_file(c, paths[i]);

		if (err)
			return err;
	}
	return 0;
}
