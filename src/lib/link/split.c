// SPDX-License-Identifier: MIT
/*
 * A module of many programs is optimised and compiled in parts, side by side.
 * LLVM's optimiser and the BPF backend take about 1.8 ms a program and run on
 * one core; the backend's static state rules out threads (codegen.c), so each
 * part is a forked child that keeps its share of the programs, and libbpf's
 * linker (what `bpftool gen object` uses) joins the parts' objects into one.
 *
 * How a module is cut depends only on the module, never on the number of
 * cores or -j: part k holds programs [k*n/parts, (k+1)*n/parts) in the
 * order the program pass found them, so the object is the same byte for byte
 * whatever the number of processes that ran the parts.
 *
 * What the parts share is defined once: part 0 keeps every global variable
 * with external linkage (maps, Go globals), the other parts see them as
 * extern declarations, which the linker resolves against part 0's
 * definitions (it checks that an extern map's BTF matches its definition).
 * The linker wants BTF for every global symbol: after optimisation the
 * license, which has no debug info, becomes a local symbol in every part
 * (libbpf finds it by its section, and the linker keeps one of the equal
 * copies), and each part's programs get global BTF linkage
 * (make_programs_global). Functions local to the module are compiled into
 * every part that calls them, renamed outside part 0.
 *
 * A module where that would not hold (a program that another function calls,
 * a function other than a program with external linkage, a shared variable
 * without debug info, a variable local to the module that may be written, which
 * each part would have a copy of) is compiled whole, as a small one is.
 * Each part's own checks (stack, panics, ...) run in its child, on its
 * programs; the joined object is validated as a whole object is.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "link.h"

/*
 * Below this many programs a module is one part: a part's fixed cost (fork,
 * the pass pipeline's setup, the linker) outweighs what it saves. From there
 * on, two parts, and one more for every PROGRAMS_PER_PART programs beyond
 * the first two hundred. Measured on 2 cores (docs/cli.md): cutting a part
 * out of the module costs about 0.1 ms for each program it deletes,
 * so every part beyond the number of cores costs more than it saves; the
 * count is chosen for the project's 2-core machines, as it cannot depend on
 * the machine it runs on.
 */
#define SPLIT_MIN_PROGRAMS 24
#define PROGRAMS_PER_PART 100
#define MAX_PARTS 16

static bool is_program(const struct compile *c, LLVMValueRef fn)
{
	for (size_t i = 0; i < c->program_count; i++)
		if (c->programs[i].function == fn)
			return true;
	return false;
}

static bool is_license(LLVMValueRef g)
{
	const char *section = LLVMGetSection(g);

	return section && (!strcmp(section, "license") || !strcmp(section, "version"));
}

static bool shared(LLVMValueRef g)
{
	LLVMLinkage linkage = LLVMGetLinkage(g);

	return linkage != LLVMInternalLinkage && linkage != LLVMPrivateLinkage;
}

/* Whether the module can be cut (see the top of the file); if not, why, in a
 * note under -v. */
static bool can_split(const struct compile *c, const char **why)
{
	for (size_t i = 0; i < c->program_count; i++)
		if (LLVMGetFirstUse(c->programs[i].function)) {
			*why = "a program is also called";
			return false;
		}
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f) && shared(f) && !is_program(c, f)) {
			*why = "a function other than a program has external linkage";
			return false;
		}
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g)) {
		if (LLVMIsDeclaration(g) || is_license(g))
			continue;
		if (shared(g) && !global_dbg_variable(g)) {
			*why = "a shared variable has no debug info";
			return false;
		}
		/* Each part would have a copy of its own: two programs in two
		 * parts would not see each other's writes. */
		if (!shared(g) && !LLVMIsGlobalConstant(g)) {
			*why = "a variable local to the module may be written";
			return false;
		}
	}
	return true;
}

static size_t part_count(const struct compile *c)
{
	size_t parts = (c->program_count + PROGRAMS_PER_PART - 1) / PROGRAMS_PER_PART;

	if (c->program_count < SPLIT_MIN_PROGRAMS)
		return 1;
	if (parts < 2)
		return 2;
	return parts < MAX_PARTS ? parts : MAX_PARTS;
}

struct part {
	struct compile *c;
	size_t index, parts;
	char *path;
	int fd;
	const struct codegen_hooks *hooks;
};

/* The part this process compiles (one per child): its index and the
 * driver's hooks, which the part's own hooks run first. */
static const struct part *this_part;

static int part_after_optimise(struct compile *c)
{
	if (this_part->hooks->after_optimise && this_part->hooks->after_optimise(c))
		return -EINVAL;
	/* Functions the parts share are compiled into each (static BPF
	 * subprograms); cilium/ebpf refuses two .text functions of one name,
	 * so outside part 0 each copy is named for its part. */
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); this_part->index && f;
	     f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f) && !shared(f)) {
			size_t len;
			const char *name = LLVMGetValueName2(f, &len);
			char *renamed = xasprintf("%.*s.part%zu", (int)len, name, this_part->index);

			LLVMSetValueName2(f, renamed, strlen(renamed));
			free(renamed);
		}
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g))
		if (is_license(g) && !LLVMIsDeclaration(g))
			LLVMSetLinkage(g, LLVMInternalLinkage);
	return 0;
}

static bool is_part_program(const struct compile *c, const char *name)
{
	for (size_t i = 0; i < c->program_count; i++)
		if (!strcmp(c->programs[i].name, name))
			return true;
	return false;
}

/*
 * The linker wants a global BTF FUNC for every global function symbol, and
 * libbpf loads programs only from global symbols; TinyGo's debug info calls
 * every function local to its unit, so the backend writes the programs' BTF
 * FUNCs with static linkage. LLVM has no way to change a DISubprogram's
 * flags in place (a new one would need every location in the function
 * remapped), so the part's object is patched instead: each program's FUNC
 * gets global linkage, the four bytes of its info word rewritten where they
 * are in the file. The linkage says only how the linker resolves the name;
 * the kernel verifies a program the same either way.
 */
static int make_programs_global(const struct compile *c, const char *object_path)
{
	int fd = open(object_path, O_RDWR | O_CLOEXEC), err = -EINVAL;
	Elf *elf = NULL;
	Elf_Scn *scn;
	GElf_Shdr shdr;
	struct btf *btf = NULL;
	Elf_Data *data = NULL;
	const char *raw;
	uint32_t raw_size;

	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	scn = elf ? elf_section(elf, ".BTF") : NULL;
	if (scn && gelf_getshdr(scn, &shdr))
		data = elf_getdata(scn, NULL);
	btf = data ? btf__new(data->d_buf, data->d_size) : NULL;
	raw = btf ? btf__raw_data(btf, &raw_size) : NULL;
	for (uint32_t id = 1; raw && id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		uint32_t info;

		err = 0;
		if (!btf_is_func(t) || btf_vlen(t) != BTF_FUNC_STATIC ||
		    !is_part_program(c, btf__name_by_offset(btf, t->name_off)))
			continue;
		info = (t->info & ~0xffffu) | BTF_FUNC_GLOBAL;
		if (pwrite(fd, &info, sizeof(info),
			   (off_t)(shdr.sh_offset + ((const char *)&t->info - raw))) != sizeof(info)) {
			err = -errno;
			break;
		}
	}
	btf__free(btf);
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

static void part_after_emit(struct compile *c, const char *object_path)
{
	if (this_part->hooks->after_emit)
		this_part->hooks->after_emit(c, object_path);
	if (make_programs_global(c, object_path))
		diag_error(c->diags, "internal error: cannot mark the programs of %s global in "
				     "its BTF", object_path);
}

static const struct codegen_hooks part_hooks = {
	.after_optimise = part_after_optimise,
	.after_emit = part_after_emit,
};

/* In the part's child: drop the other parts' programs, make the shared
 * variables extern outside part 0, and compile what is left. */
static int run_part(void *arg, struct tb_diags *diags)
{
	struct part *p = arg;
	struct compile *c = p->c;
	size_t n = c->program_count, first = p->index * n / p->parts,
	       end = (p->index + 1) * n / p->parts;
	char *part;
	int err;

	(void)diags; /* the compile's own */
	isolate_cleanup_on_death(p->path);
	for (size_t i = 0; i < n; i++)
		if (i < first || i >= end) {
			LLVMDeleteFunction(c->programs[i].function);
			free(c->programs[i].name);
			free(c->programs[i].section);
		}
	/* The hooks and validation look at this part's programs only. */
	memmove(c->programs, c->programs + first, (end - first) * sizeof(*c->programs));
	c->program_count = end - first;
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g)) {
		if (p->index == 0 || LLVMIsDeclaration(g) || !shared(g))
			continue;
		if (is_license(g)) {
			LLVMSetLinkage(g, LLVMInternalLinkage); /* part 0's is the one */
			continue;
		}
		LLVMSetInitializer(g, NULL);
		LLVMSetLinkage(g, LLVMExternalLinkage);
	}
	this_part = p;
	c->part = part = xasprintf("part%zu", p->index);
	err = codegen(c, p->path, &part_hooks);
	c->part = NULL;
	free(part);
	return err;
}

static int link_parts(struct compile *c, struct part *parts, size_t count, const char *object_path)
{
	size_t errors = tb_diags_error_count(c->diags);
	struct bpf_linker *linker;
	int err = 0;

	libbpf_warnings_begin(c->diags, "internal error: linking the parts of the module");
	linker = bpf_linker__new(object_path, NULL);
	if (!linker)
		err = -errno;
	for (size_t i = 0; !err && i < count; i++)
		err = bpf_linker__add_file(linker, parts[i].path, NULL);
	if (!err)
		err = bpf_linker__finalize(linker);
	bpf_linker__free(linker);
	libbpf_warnings_end();
	if (err && tb_diags_error_count(c->diags) == errors)
		diag_error(c->diags, "internal error: linking the parts of the module: %s",
			   strerror(-err));
	return err;
}

int codegen_parts(struct compile *c, const char *object_path, const struct codegen_hooks *hooks)
{
	size_t count = part_count(c), started = 0, jobs = c->settings->jobs ? c->settings->jobs : 1;
	const char *why = NULL;
	struct part *parts;
	struct isolate_opts *opts;
	struct isolate_child *children;
	double start = now_ms(), compiled;
	int err = 0;

	if (count > 1 && !can_split(c, &why)) {
		if (c->settings->verbose)
			diag_note(c->diags,
				  "codegen: %zu programs compiled as one part: %s", c->program_count,
				  why);
		count = 1;
	}
	if (count == 1)
		return codegen(c, object_path, hooks);
	parts = xcalloc(count, sizeof(*parts));
	opts = xcalloc(count, sizeof(*opts));
	children = xcalloc(count, sizeof(*children));
	for (size_t i = 0; i < count; i++) {
		parts[i] = (struct part){ c, i, count, NULL, -1, hooks };
		opts[i] = (struct isolate_opts){
			.what = "BPF code generation failed",
			.crasher = "tinybpf",
			.run = run_part,
			.arg = &parts[i],
			.keep_lines = true,
		};
		parts[i].path = temp_beside(object_path, &parts[i].fd);
		if (!parts[i].path) {
			err = -errno;
			diag_add(c->diags, TB_ERROR, object_path, 0, 0, "cannot write: %s",
				 strerror(errno));
			break;
		}
	}
	/* Up to `jobs` children at a time, collected in part order: the
	 * diagnostics come in the same order whatever ran first. */
	for (size_t i = 0; !err && i < count; i++) {
		while (!err && started < count && started < i + jobs) {
			if (isolate_start(&opts[started], c->diags, &children[started]))
				err = -EINVAL;
			else
				started++;
		}
		if (i < started && isolate_finish(&children[i], c->diags))
			err = -EINVAL;
	}
	/* After an error, the children already started are still collected. */
	for (size_t i = 0; i < started; i++)
		if (children[i].fd >= 0)
			isolate_finish(&children[i], c->diags);
	compiled = now_ms();
	if (!err)
		err = link_parts(c, parts, count, object_path);
	if (!err && c->settings->verbose)
		diag_note(c->diags,
			  "codegen: %zu programs in %zu parts on up to %zu processes: %.1f ms, "
			  "of which joining them %.1f ms",
			  c->program_count, count, jobs, now_ms() - start, now_ms() - compiled);
	for (size_t i = 0; i < count && parts[i].path; i++) {
		unlink(parts[i].path);
		close(parts[i].fd);
		free(parts[i].path);
	}
	free(parts);
	free(opts);
	free(children);
	return err;
}
