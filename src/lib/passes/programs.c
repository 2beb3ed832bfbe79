// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "../go_source.h"
#include "../llvm_shim.h"
#include "../link/sections.h"
#include "passes.h"

/*
 * An //export function of the user's code: TinyGo names its DISubprogram
 * "<package>.<go name>". The runtime and the standard library export
 * functions too (main, tinygo_signal_handler, fminimum, ...).
 */
static bool is_user_export(LLVMValueRef func)
{
	char *go_name;
	bool user;

	if (LLVMIsDeclaration(func) || LLVMGetLinkage(func) != LLVMExternalLinkage)
		return false;
	go_name = di_function_name(func);
	if (!go_name)
		return false;
	user = is_user_go_name(go_name);
	free(go_name);
	return user;
}

static bool wanted(const struct settings *s, const char *name)
{
	if (!s->program_count)
		return true;
	for (size_t i = 0; i < s->program_count; i++)
		if (!strcmp(s->programs[i], name))
			return true;
	return false;
}

static struct program *find_program(struct compile *c, const char *name)
{
	for (size_t i = 0; i < c->program_count; i++)
		if (!strcmp(c->programs[i].name, name))
			return &c->programs[i];
	return NULL;
}

static int collect_entry_points(struct compile *c)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f)) {
		char *name;

		if (!is_user_export(f))
			continue;
		name = value_name(f);
		if (!wanted(c->settings, name)) {
			free(name);
			continue;
		}
		c->programs = xrealloc(c->programs, c->program_count + 1, sizeof(*c->programs));
		c->programs[c->program_count++] = (struct program){ .function = f, .name = name };
	}
	for (size_t i = 0; i < c->settings->program_count; i++)
		if (!find_program(c, c->settings->programs[i]))
			diag_error(c->diags, "no //export function named %s (asked for with --program)",
				   c->settings->programs[i]);
	if (!c->program_count && !tb_diags_error_count(c->diags))
		diag_error(c->diags,
			   "no BPF program found: mark each entry point with //export <name>");
	return tb_diags_error_count(c->diags) ? -EINVAL : 0;
}

/* The kernel gives every program its context, except that BPF_PROG_TEST_RUN
 * may run raw tracepoint and syscall programs without one. Where it cannot be
 * nil, saying so lets O2 drop TinyGo's nil checks on it and the user's
 * `if ctx == nil`: dead code the verifier would otherwise walk. */
static void mark_context_nonnull(LLVMValueRef func, const char *section)
{
	static const char *const nil_allowed[] = { "raw_tp", "raw_tracepoint", "syscall" };
	LLVMContextRef llvm = LLVMGetTypeContext(LLVMTypeOf(func));
	unsigned nonnull = LLVMGetEnumAttributeKindForName("nonnull", strlen("nonnull"));

	for (size_t i = 0; i < sizeof(nil_allowed) / sizeof(*nil_allowed); i++)
		if (str_starts_with(section, nil_allowed[i]))
			return;
	if (LLVMCountParams(func) == 0 ||
	    LLVMGetTypeKind(LLVMTypeOf(LLVMGetParam(func, 0))) != LLVMPointerTypeKind)
		return;
	LLVMAddAttributeAtIndex(func, 1, LLVMCreateEnumAttribute(llvm, nonnull, 0));
}

/*
 * TinyGo honours //go:section on a function only in a package that imports
 * "unsafe"; elsewhere it drops the line without a word. A program whose
 * source has the line but whose IR has no section is that case: say so,
 * rather than that the line is missing. (SDK users often need no unsafe.)
 */
static bool ignored_section_pragma(struct compile *c, const struct program *p)
{
	LLVMMetadataRef sp = LLVMGetSubprogram(p->function);
	char *line = sp ? go_comment_above(sp, LLVMDISubprogramGetLine(sp), "//go:section") : NULL;

	if (!line)
		return false;
	diag_at(c->diags, TB_ERROR, p->function,
		"%s has no ELF section: TinyGo ignored its \"%s\" because the package does not "
		"import \"unsafe\" (TinyGo honours //go:section on functions only then); add "
		"import _ \"unsafe\" to the file",
		p->name, line);
	free(line);
	return true;
}

/* Precedence: options (--section), then tinybpf.json, then //go:section. */
static int assign_sections(struct compile *c)
{
	const struct settings *s = c->settings;

	for (size_t i = 0; i < s->section_count; i++) {
		const struct tb_section *sec = &s->sections[i];
		struct program *p = find_program(c, sec->function);
		bool from_options = i < s->option_section_count;

		if (!p) {
			diag_error(c->diags, "%s names %s, which is not an //export function of this program",
				   from_options ? "--section" : "tinybpf.json build.programs",
				   sec->function);
			continue;
		}
		if (!p->section) {
			p->section = xstrdup(sec->section);
		} else if (from_options && strcmp(p->section, sec->section)) {
			diag_error(c->diags, "--section gives %s two sections: %s and %s",
				   p->name, p->section, sec->section);
		}
	}
	for (size_t i = 0; i < c->program_count; i++) {
		struct program *p = &c->programs[i];
		const char *from_source = LLVMGetSection(p->function);
		const char *problem;

		if (!p->section && from_source && *from_source)
			p->section = xstrdup(from_source);
		if (!p->section && ignored_section_pragma(c, p))
			continue;
		if (!p->section) {
			diag_at(c->diags, TB_ERROR, p->function,
				     "%s has no ELF section: put //go:section <kind>/<target> above it "
				     "(e.g. tracepoint/syscalls/sys_enter_openat), or map it in tinybpf.json "
				     "build.programs, or pass --section %s=<section>",
				     p->name, p->name);
			continue;
		}
		problem = section_problem(p->section);
		if (problem)
			diag_at(c->diags, TB_ERROR, p->function, "%s: section \"%s\": %s", p->name,
				     p->section, problem);
		else
			mark_context_nonnull(p->function, p->section);
		LLVMSetSection(p->function, p->section);
	}
	return tb_diags_error_count(c->diags) ? -EINVAL : 0;
}

bool is_entry_point(const struct compile *c, LLVMValueRef f)
{
	for (size_t i = 0; i < c->program_count; i++)
		if (c->programs[i].function == f)
			return true;
	return false;
}

int pass_programs(struct compile *c)
{
	int err = collect_entry_points(c);

	return err ? err : assign_sections(c);
}
