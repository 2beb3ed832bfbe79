// SPDX-License-Identifier: MIT
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Target.h>

#include "passes.h"

/*
 * The BPF stack is 512 bytes per program, and the verifier adds up the frames
 * of a call chain. The frame of each function is measured in the emitted
 * code (what the verifier will see, spills included): at STACK_WARN_BYTES or
 * more, a warning; past 512, LLVM's backend has already reported an error.
 * Either way, notes name the function's largest stack objects: the Go
 * variables heap_to_stack placed there, with their sizes and lines.
 */

#define STACK_LIMIT_BYTES 512
#define STACK_WARN_BYTES 384
#define LARGEST_SHOWN 3

/* The deepest frame-pointer offset a function's code reaches: r10-relative
 * loads and stores, and addresses taken as "rX = r10; rX += -N". */
static unsigned frame_size(const struct bpf_insn *insns, size_t count)
{
	unsigned holds_fp = 0; /* bit i: ri is r10 plus nothing yet */
	int deepest = 0;

	for (size_t i = 0; i < count; i++) {
		const struct bpf_insn *in = &insns[i];
		unsigned cls = BPF_CLASS(in->code);
		int off = 0;

		if ((cls == BPF_STX || cls == BPF_ST) && in->dst_reg == BPF_REG_10)
			off = in->off;
		else if (cls == BPF_LDX && in->src_reg == BPF_REG_10)
			off = in->off;
		else if (in->code == (BPF_ALU64 | BPF_ADD | BPF_K) && (holds_fp >> in->dst_reg & 1))
			off = in->imm;
		if (off < deepest)
			deepest = off;
		if (cls == BPF_ALU64 || cls == BPF_ALU || cls == BPF_LD || cls == BPF_LDX)
			holds_fp &= ~(1u << in->dst_reg);
		if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->src_reg == BPF_REG_10)
			holds_fp |= 1u << in->dst_reg;
	}
	return (unsigned)-deepest;
}

struct stack_object {
	LLVMValueRef alloca;
	unsigned long long size;
};

static int by_size_desc(const void *a, const void *b)
{
	const struct stack_object *x = a, *y = b;

	return x->size < y->size ? 1 : x->size > y->size ? -1 : 0;
}

/* Notes for the largest allocas left in f after optimisation. */
static void note_largest_objects(struct compile *c, LLVMValueRef f, const char *name)
{
	LLVMTargetDataRef layout = LLVMGetModuleDataLayout(c->module);
	struct stack_object *objects = NULL;
	size_t count = 0;

	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			if (!LLVMIsAAllocaInst(i))
				continue;
			objects = xrealloc(objects, count + 1, sizeof(*objects));
			objects[count++] = (struct stack_object){
				i, LLVMABISizeOfType(layout, LLVMGetAllocatedType(i))
			};
		}
	/* A frame of spills alone has no alloca left: qsort must not be given
	 * the NULL that objects then is (UBSan stops the test builds there). */
	if (count)
		qsort(objects, count, sizeof(*objects), by_size_desc);
	for (size_t i = 0; i < count && i < LARGEST_SHOWN; i++) {
		char *var = value_name(objects[i].alloca);

		diag_at(c->diags, TB_NOTE, objects[i].alloca, "%s's stack holds %s: %llu bytes",
			name, *var ? var : "a temporary", objects[i].size);
		free(var);
	}
	free(objects);
}

static void check_function(struct compile *c, const char *name, unsigned size)
{
	LLVMValueRef f = LLVMGetNamedFunction(c->module, name);

	if (!f || size < STACK_WARN_BYTES)
		return;
	/* At the limit and past it, the backend's error names the function
	 * (diag.c): LLVM's BPF backend refuses an access at r10-512 already, so a
	 * 512-byte frame has its error, and a warning would contradict it. */
	if (size < STACK_LIMIT_BYTES)
		diag_at(c->diags, TB_WARNING, f,
			"%s: its stack frame is %u bytes, near BPF's limit of %u (tinybpf warns "
			"from %u); the functions it calls share what is left",
			name, size, STACK_LIMIT_BYTES, STACK_WARN_BYTES);
	note_largest_objects(c, f, name);
}

/* Each function symbol of the object, measured. */
static void check_symbols(struct compile *c, Elf *elf)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *syms;

		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_SYMTAB)
			continue;
		syms = elf_getdata(scn, NULL);
		for (size_t i = 0; syms && i < shdr.sh_size / shdr.sh_entsize; i++) {
			GElf_Sym sym;
			Elf_Data *code;

			if (!gelf_getsym(syms, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC)
				continue;
			code = elf_getdata(elf_getscn(elf, sym.st_shndx), NULL);
			if (!code || sym.st_value + sym.st_size > code->d_size)
				continue;
			check_function(c, elf_strptr(elf, shdr.sh_link, sym.st_name),
				       frame_size((const struct bpf_insn *)((char *)code->d_buf +
									    sym.st_value),
						  sym.st_size / sizeof(struct bpf_insn)));
		}
	}
}

void check_stack_after_codegen(struct compile *c, const char *object_path)
{
	int fd = open(object_path, O_RDONLY | O_CLOEXEC);
	Elf *elf;

	if (fd < 0)
		return;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (elf)
		check_symbols(c, elf);
	elf_end(elf);
	close(fd);
}
