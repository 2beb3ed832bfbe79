// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../llvm_shim.h"
#include "passes.h"

/*
 * Package variables become BPF global data: zero-valued ones in .bss, others
 * in .data, and those declared //go:section .rodata in .rodata, which the
 * kernel freezes after load: the place for configuration a loader sets
 * (cilium/ebpf's CollectionSpec.Variables, libbpf's skeleton or
 * bpf_map__set_initial_value). They are renamed without the package prefix,
 * since loaders find them by name, and made externally visible so that the
 * optimiser cannot fold the value it sees into the code.
 */

static bool is_user_variable(LLVMValueRef g)
{
	const char *sec = LLVMGetSection(g);
	char *go_name;
	bool user;

	if (sec && (!strcmp(sec, ".maps") || !strcmp(sec, "license")))
		return false;
	go_name = di_global_name(g);
	user = go_name && is_user_go_name(go_name);
	free(go_name);
	return user;
}

static const char *default_section(LLVMValueRef g)
{
	LLVMValueRef init = LLVMGetInitializer(g);

	return !init || LLVMIsNull(init) ? ".bss" : ".data";
}

static bool is_data_section(const char *sec)
{
	static const char *const kinds[] = { ".data", ".rodata", ".bss" };

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		size_t n = strlen(kinds[i]);

		if (!strncmp(sec, kinds[i], n) && (!sec[n] || sec[n] == '.'))
			return true;
	}
	return false;
}

/*
 * TinyGo's string constants (`main$string`, `main$string.1`) are internal, so
 * their names are free; but the BPF backend writes a BTF VAR for each, and
 * the kernel refuses an object whose BTF has a name that is not a C
 * identifier. A constant used by bpf_printk's format is one.
 */
static void name_constants_for_btf(struct compile *c)
{
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g)) {
		char *name, *c_name;

		if (LLVMGetLinkage(g) != LLVMInternalLinkage && LLVMGetLinkage(g) != LLVMPrivateLinkage)
			continue;
		name = value_name(g);
		c_name = go_name_to_c(name);
		/* On a clash LLVM appends a number, which keeps it a C name. */
		if (strcmp(name, c_name))
			LLVMSetValueName2(g, c_name, strlen(c_name));
		free(name);
		free(c_name);
	}
}

int pass_globals(struct compile *c)
{
	int err = 0;

	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g)) {
		const char *sec = LLVMGetSection(g);
		char *go_name, *name;

		if (LLVMIsDeclaration(g) && LLVMGetFirstUse(g)) {
			char *sym = value_name(g);

			diag_at(c->diags, TB_ERROR, LLVMGetUser(LLVMGetFirstUse(g)),
				"%s is declared (//go:extern) but defined nowhere; for configuration "
				"a loader sets, declare a variable with //go:section .rodata",
				sym);
			free(sym);
			err = -EINVAL;
			continue;
		}
		if (LLVMIsDeclaration(g) || !is_user_variable(g))
			continue;
		if (sec && *sec && !is_data_section(sec)) {
			diag_at(c->diags, TB_ERROR, g,
				"variable in section \"%s\": BPF global data lives in .data, .rodata or "
				".bss (or .data.NAME, ...)",
				sec);
			err = -EINVAL;
			continue;
		}
		go_name = di_global_name(g);
		name = go_name_to_c(go_name);
		if (LLVMGetNamedGlobal(c->module, name)) {
			diag_at(c->diags, TB_ERROR, g, "two global variables would be named %s", name);
			err = -EINVAL;
		} else {
			LLVMSetValueName2(g, name, strlen(name));
			LLVMSetSection(g, sec && *sec ? sec : default_section(g));
			LLVMSetLinkage(g, LLVMExternalLinkage);
			LLVMSetGlobalConstant(g, false);
			LLVMSetUnnamedAddress(g, LLVMNoUnnamedAddr);
		}
		free(go_name);
		free(name);
	}
	name_constants_for_btf(c);
	return err;
}
