// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "internal.h"
#include "passes/passes.h"

/*
 * Optimisation and code generation run in a child process: the BPF backend
 * keeps static state that makes a second CO-RE compile in one process crash,
 * and LLVM's fatal errors abort() the whole process. The child reports its
 * diagnostics through a pipe, one per line, fields separated by \x1f.
 */

#define FIELD_SEP '\x1f'

static void send_diags(int fd, const struct tb_diags *diags, size_t from)
{
	FILE *out = fdopen(fd, "w");

	for (size_t i = from; out && i < tb_diags_count(diags); i++) {
		const struct tb_diag *d = tb_diags_at(diags, i);

		fprintf(out, "%d%c%s%c%u%c%u%c", d->severity, FIELD_SEP, d->file ? d->file : "",
			FIELD_SEP, d->line, FIELD_SEP, d->column, FIELD_SEP);
		for (const char *p = d->message; *p; p++)
			fputc(*p == '\n' ? ' ' : *p, out);
		fputc('\n', out);
	}
	if (out)
		fclose(out);
}

static void receive_diags(int fd, struct tb_diags *diags)
{
	FILE *in = fdopen(fd, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while (in && (n = getline(&line, &cap, in)) > 0) {
		char *rest = line, *f[5];

		line[n - 1] = '\0';
		for (int i = 0; i < 5; i++)
			f[i] = strsep(&rest, (char[]){ FIELD_SEP, '\0' });
		if (f[4])
			diag_add(diags, (enum tb_severity)atoi(f[0]), *f[1] ? f[1] : NULL,
				 (unsigned)atoi(f[2]), (unsigned)atoi(f[3]), "%s", f[4]);
	}
	free(line);
	if (in)
		fclose(in);
}

static LLVMTargetMachineRef bpf_target_machine(struct compile *c)
{
	LLVMTargetRef target;
	char *msg = NULL;

	if (LLVMGetTargetFromTriple("bpfel", &target, &msg)) {
		diag_error(c->diags, "LLVM has no BPF target: %s", msg);
		LLVMDisposeMessage(msg);
		return NULL;
	}
	return LLVMCreateTargetMachine(target, "bpfel", c->settings->cpu, "",
				       LLVMCodeGenLevelDefault, LLVMRelocDefault,
				       LLVMCodeModelDefault);
}

static int optimise_and_emit(struct compile *c, const char *object_path)
{
	/* As bpf-linker: memcpy expansion in source order (the verifier tracks
	 * stack slots), no traps after unreachable code. */
	static const char *const backend_flags[] = {
		"tinybpf", "-bpf-expand-memcpy-in-order", "-bpf-disable-trap-unreachable",
	};
	LLVMTargetMachineRef tm = bpf_target_machine(c);
	LLVMPassBuilderOptionsRef opts;
	LLVMErrorRef err;
	char *msg = NULL;
	double start = now_ms();

	if (!tm)
		return -EINVAL;
	LLVMParseCommandLineOptions(ARRAY_SIZE(backend_flags), backend_flags, NULL);
	opts = LLVMCreatePassBuilderOptions();
	err = LLVMRunPasses(c->module, "default<O2>", tm, opts);
	LLVMDisposePassBuilderOptions(opts);
	if (err) {
		msg = LLVMGetErrorMessage(err);
		diag_error(c->diags, "optimisation failed: %s", msg);
		LLVMDisposeErrorMessage(msg);
		return -EINVAL;
	}
	if (c->settings->verbose)
		diag_add(c->diags, TB_NOTE, NULL, 0, 0, "stage optimise: %.1f ms", now_ms() - start);
	dump_ir(c, "optimised");
	keep_temp_module(c, "optimised.ll");
	if (check_panics_after_optimisation(c))
		return -EINVAL;
	packet_layout(c);

	start = now_ms();
	if (LLVMTargetMachineEmitToFile(tm, c->module, object_path, LLVMObjectFile, &msg)) {
		diag_error(c->diags, "BPF code generation failed: %s", msg);
		LLVMDisposeMessage(msg);
		return -EINVAL;
	}
	check_stack_after_codegen(c, object_path);
	if (tb_diags_error_count(c->diags))
		return -EINVAL;
	if (c->settings->verbose)
		diag_add(c->diags, TB_NOTE, NULL, 0, 0, "stage codegen: %.1f ms", now_ms() - start);
	LLVMDisposeTargetMachine(tm);
	return 0;
}

int codegen(struct compile *c, const char *object_path)
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds)) {
		diag_error(c->diags, "pipe: %s", strerror(errno));
		return -errno;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		diag_error(c->diags, "fork: %s", strerror(errno));
		return -errno;
	}
	if (pid == 0) {
		size_t before = tb_diags_count(c->diags);
		int rc;

		close(fds[0]);
		rc = optimise_and_emit(c, object_path);
		send_diags(fds[1], c->diags, before);
		_exit(rc ? 1 : 0);
	}
	close(fds[1]);
	receive_diags(fds[0], c->diags);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFSIGNALED(status)) {
		diag_error(c->diags, "LLVM crashed while generating BPF code (signal %d); "
				     "its message is above",
			   WTERMSIG(status));
		return -EINVAL;
	}
	if (WEXITSTATUS(status) && !tb_diags_error_count(c->diags))
		diag_error(c->diags, "BPF code generation failed");
	return WEXITSTATUS(status) ? -EINVAL : 0;
}
