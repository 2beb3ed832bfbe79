// SPDX-License-Identifier: MIT
/*
 * The kfuncs pass on real TinyGo output ($TINYBPF_TESTDATA/kfunc_*.ll): which
 * external declarations it makes of bpfKfunc… functions, with what prototype,
 * and the declarations it refuses, at their Go line.
 * tests/e2e/kfunc_task_test.c runs the result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/IRReader.h>

#include "../../../src/lib/internal.h"
#include "../../../src/lib/passes/passes.h"
#include "fixture.h"


static void fixture_free(struct fixture *f)
{
	LLVMDisposeModule(f->c.module);
	LLVMContextDispose(f->c.llvm);
	tb_diags_free(f->c.diags);
}

/* The calls of fn, all of which must be in one function; returns how many. */
static unsigned calls_of(LLVMValueRef fn, LLVMValueRef *last)
{
	unsigned n = 0;

	for (LLVMUseRef u = LLVMGetFirstUse(fn); u; u = LLVMGetNextUse(u)) {
		assert_non_null(LLVMIsACallInst(LLVMGetUser(u)));
		*last = LLVMGetUser(u);
		n++;
	}
	return n;
}

static void assert_ksyms_extern(LLVMModuleRef m, const char *name, unsigned params,
				LLVMTypeKind result)
{
	LLVMValueRef fn = LLVMGetNamedFunction(m, name), call = NULL;
	LLVMTypeRef type;
	struct source_location loc;

	assert_non_null(fn);
	type = LLVMGlobalGetValueType(fn);
	assert_true(LLVMIsDeclaration(fn));
	assert_string_equal(LLVMGetSection(fn), KSYMS_SECTION);
	assert_int_equal(LLVMGetLinkage(fn), LLVMExternalLinkage);
	/* TinyGo's context parameter is gone: the kernel's count. */
	assert_int_equal(LLVMCountParamTypes(type), params);
	assert_int_equal(LLVMGetTypeKind(LLVMGetReturnType(type)), result);
	/* The BPF backend makes the extern BTF FUNC from this. */
	assert_non_null(LLVMGetSubprogram(fn));
	assert_int_equal(calls_of(fn, &call), 1);
	assert_int_equal(LLVMGetNumArgOperands(call), params);
	loc = location_of(call); /* the call keeps its Go line */
	assert_non_null(loc.file);
	assert_non_null(strstr(loc.file, "kfunc_task/main.go"));
	assert_true(loc.line > 0);
	location_free(&loc);
}

static void test_kfunc_declarations_become_ksyms_externs(void **state)
{
	struct fixture f;
	char *msg = NULL;

	fixture_parse(&f, "kfunc_task");

	assert_int_equal(pass_kfuncs(&f.c), 0);
	assert_int_equal(tb_diags_count(f.c.diags), 0);
	assert_int_equal(LLVMVerifyModule(f.c.module, LLVMReturnStatusAction, &msg), 0);
	LLVMDisposeMessage(msg);

	assert_ksyms_extern(f.c.module, "bpf_task_from_pid", 1, LLVMPointerTypeKind);
	assert_ksyms_extern(f.c.module, "bpf_task_release", 1, LLVMVoidTypeKind);
	assert_null(LLVMGetNamedFunction(f.c.module, "main.bpfKfuncBpfTaskFromPid"));
	assert_null(LLVMGetNamedFunction(f.c.module, "main.bpfKfuncBpfTaskRelease"));
	fixture_free(&f);
}

struct bad_case {
	const char *name;
	const char *message;
	unsigned line;
};

static void test_bad_kfunc_declarations_fail_at_their_go_line(void **state)
{
	static const struct bad_case cases[] = {
		{ "kfunc_bad",
		  "cannot tell the Go type of argument 1 of bpfKfuncBpfTaskRelease, which the "
		  "loader checks against the kernel's bpf_task_release",
		  22 },
		{ "kfunc_bad", "bpfKfunc names no kernel function", 23 },
		{ "kfunc_typo",
		  "bpfTaskFromPid is not a BPF helper (a kernel function, a kfunc, is declared as "
		  "bpfKfunc<Name>)",
		  12 },
		{ "kfunc_undeclared",
		  "call to main.taskFromPid, which has no body and is not a BPF helper or a kfunc",
		  11 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *out = temp_object_path(), file[64];
		struct tb_diags *diags = tb_diags_new();
		const struct tb_diag *d = NULL;

		assert_int_not_equal(link_testdata(cases[i].name, out, NULL, 0, NULL, diags), 0);
		for (size_t j = 0; j < tb_diags_count(diags); j++)
			if (strstr(tb_diags_at(diags, j)->message, cases[i].message))
				d = tb_diags_at(diags, j);
		if (!d)
			tb_diags_print(diags, stderr);
		assert_non_null(d);
		snprintf(file, sizeof(file), "%s/main.go", cases[i].name);
		assert_int_equal(d->severity, TB_ERROR);
		assert_non_null(d->file);
		assert_non_null(strstr(d->file, file));
		assert_int_equal(d->line, cases[i].line);
		assert_int_equal(access(out, F_OK), -1); /* no partial output */
		free(out);
		tb_diags_free(diags);
	}
}

/* In a child with its own mount namespace and an empty /sys/kernel/btf (the
 * machine's kernel BTF hidden): pass_kfuncs, verbose, on kfunc_task. Exits
 * 0 if the externs are made all the same and the one diagnostic is the note
 * that the prototypes were not checked, which names no place (file NULL,
 * line and column 0: it is about the machine, not a line of the program);
 * 2 if the namespace cannot be made (not root). */
static int without_kernel_btf(void)
{
	struct fixture f;
	const struct tb_diag *d;
	LLVMValueRef from_pid, release;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("none", "/sys/kernel/btf", "tmpfs", 0, NULL) ||
	    access("/sys/kernel/btf/vmlinux", F_OK) == 0)
		return 2;
	fixture_parse(&f, "kfunc_task");
	f.settings.verbose = true;
	if (pass_kfuncs(&f.c) != 0 || tb_diags_count(f.c.diags) != 1)
		return 1;
	d = tb_diags_at(f.c.diags, 0);
	if (d->severity != TB_NOTE || d->file || d->line || d->column ||
	    strcmp(d->message, "kfunc prototypes not checked: no kernel BTF at /sys/kernel/btf/vmlinux"))
		return 1;
	from_pid = LLVMGetNamedFunction(f.c.module, "bpf_task_from_pid");
	release = LLVMGetNamedFunction(f.c.module, "bpf_task_release");
	if (!from_pid || !release || strcmp(LLVMGetSection(from_pid), KSYMS_SECTION) ||
	    !LLVMGetSubprogram(release))
		return 1;
	fixture_free(&f);
	return 0;
}

static void test_without_kernel_btf_prototypes_are_not_checked(void **state)
{
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(without_kernel_btf());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 2)
		skip(); /* no mount namespace here */
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kfunc_declarations_become_ksyms_externs),
		cmocka_unit_test(test_bad_kfunc_declarations_fail_at_their_go_line),
		cmocka_unit_test(test_without_kernel_btf_prototypes_are_not_checked),
	};

	return cmocka_run_group_tests_name("pass kfuncs", tests, NULL, NULL);
}
