// SPDX-License-Identifier: MIT
/*
 * Process isolation, in one place: isolate() runs a function in a forked
 * child and brings its diagnostics back. Everything that may die on input it
 * does not control goes through here:
 *   - LLVM's bitcode reader, which segfaults on malformed bitcode and aborts
 *     (report_fatal_error) on a module that fails its verifier;
 *   - optimisation and code generation (codegen.c): the BPF backend keeps
 *     static state that crashes a second CO-RE compile in one process, and
 *     reports what it cannot select with report_fatal_error;
 *   - libbpf opening an object someone else wrote (generate, verify).
 *
 * The child has no core limit (RLIMIT_CORE 0: a crash must not leave a
 * core file in the user's directory), the default action for the signals a
 * crash raises (so a sanitizer's handler in test builds does not turn an
 * LLVM crash into a report of its own), and an LLVM fatal-error handler that
 * reports the reason as a diagnostic and exits. Diagnostics travel through a
 * pipe, one per line, fields separated by \x1f. The parent turns a signal or
 * a fatal error into one located error naming the file being worked on.
 *
 * Keeping this in one file means a later change of strategy (for example no
 * fork for code generation, with a fatal-error handler that prints and
 * _exit()s) is made here and nowhere else.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/ErrorHandling.h>

#include "internal.h"

#define FIELD_SEP '\x1f'
/* The child's exit status after an LLVM fatal error: neither 0 (done) nor 1
 * (the function reported errors). */
#define EXIT_LLVM_FATAL 3

/* The child's own state: set after fork, so one per child. */
static struct {
	const struct isolate_opts *opts;
	struct tb_diags *diags;
	size_t first;
	int fd;
} child;

static void send_diags(int fd, const struct tb_diags *diags, size_t from)
{
	FILE *out = fdopen(fd, "w");

	for (size_t i = from; out && i < tb_diags_count(diags); i++) {
		const struct tb_diag *d = tb_diags_at(diags, i);

		fprintf(out, "%d%c%s%c%u%c%u%c", d->severity, FIELD_SEP, d->file ? d->file : "",
			FIELD_SEP, d->line, FIELD_SEP, d->column, FIELD_SEP);
		for (const char *p = d->message; *p; p++)
			fputc(*p == '\n' || *p == FIELD_SEP ? ' ' : *p, out);
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
		int severity;

		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		for (int i = 0; i < 5; i++)
			f[i] = strsep(&rest, (char[]){ FIELD_SEP, '\0' });
		if (!f[4])
			continue;
		severity = atoi(f[0]);
		if (severity < TB_NOTE || severity > TB_ERROR)
			severity = TB_ERROR;
		diag_add(diags, (enum tb_severity)severity, *f[1] ? f[1] : NULL,
			 (unsigned)strtoul(f[2], NULL, 10), (unsigned)strtoul(f[3], NULL, 10), "%s", f[4]);
	}
	free(line);
	if (in)
		fclose(in);
	else
		close(fd);
}

/* LLVM calls this instead of printing "LLVM ERROR: ..." and aborting; it
 * must not return (LLVM would abort). */
static void on_fatal_error(const char *reason)
{
	if (child.opts->on_fatal)
		child.opts->on_fatal(child.opts->arg, reason, child.diags);
	else
		diag_add(child.diags, TB_ERROR, child.opts->file, 0, 0, "%s: LLVM: %s",
			 child.opts->what, reason);
	send_diags(child.fd, child.diags, child.first);
	_exit(EXIT_LLVM_FATAL);
}

static void become_child(const struct isolate_opts *opts, struct tb_diags *diags, int fd)
{
	static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct rlimit no_core = { 0, 0 };

	child.opts = opts;
	child.diags = diags;
	child.first = tb_diags_count(diags);
	child.fd = fd;
	setrlimit(RLIMIT_CORE, &no_core);
	for (size_t i = 0; i < ARRAY_SIZE(crash_signals); i++)
		signal(crash_signals[i], SIG_DFL);
	if (opts->cpu_seconds) {
		struct rlimit cpu = { opts->cpu_seconds, opts->cpu_seconds };

		setrlimit(RLIMIT_CPU, &cpu);
	}
	LLVMInstallFatalErrorHandler(on_fatal_error);
}

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return "SIGSEGV";
	case SIGBUS:
		return "SIGBUS";
	case SIGILL:
		return "SIGILL";
	case SIGFPE:
		return "SIGFPE";
	case SIGABRT:
		return "SIGABRT";
	case SIGXCPU:
		return "SIGXCPU, its time limit";
	case SIGKILL:
		return "SIGKILL";
	default:
		return "a signal";
	}
}

int isolate(const struct isolate_opts *opts, struct tb_diags *diags)
{
	size_t errors = tb_diags_error_count(diags);
	int fds[2], status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC)) {
		diag_error(diags, "pipe: %s", strerror(errno));
		return -errno;
	}
	fflush(NULL); /* the child must not write the parent's buffers again */
	pid = fork();
	if (pid < 0) {
		int err = errno;

		close(fds[0]);
		close(fds[1]);
		diag_error(diags, "fork: %s", strerror(err));
		return -err;
	}
	if (pid == 0) {
		int rc;

		close(fds[0]);
		become_child(opts, diags, fds[1]);
		rc = opts->run(opts->arg, diags);
		send_diags(fds[1], diags, child.first);
		_exit(rc ? 1 : 0);
	}
	close(fds[1]);
	receive_diags(fds[0], diags);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFSIGNALED(status)) {
		diag_add(diags, TB_ERROR, opts->file, 0, 0, "%s: %s crashed (%s)", opts->what,
			 opts->crasher ? opts->crasher : "LLVM", signal_name(WTERMSIG(status)));
		return -EINVAL;
	}
	if (WEXITSTATUS(status) == 0)
		return 0;
	if (tb_diags_error_count(diags) == errors)
		diag_add(diags, TB_ERROR, opts->file, 0, 0, "%s failed", opts->what);
	return -EINVAL;
}
