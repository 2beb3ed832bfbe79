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
 * A call with opts->in_child set, made inside an isolated child, runs in
 * that child instead of forking again: tb_link runs the whole link in one
 * child (pipeline.c), forked while the process is still small, and code
 * generation inside it needs no second fork (forking a process holding the
 * module cost 5-8 ms of copied page tables and copy-on-write faults). The
 * inner call's fatal-error handler and crash message take over while it
 * runs: a page shared with the parent says which message a crash gets, and
 * which file (registered by isolate_cleanup_on_death) the parent removes
 * when the child dies.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/ErrorHandling.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "internal.h"

#define FIELD_SEP '\x1f'
#define NEWLINE_SUB '\x1e'
/* The child's exit status after an LLVM fatal error: neither 0 (done) nor 1
 * (the function reported errors). */
#define EXIT_LLVM_FATAL 3

/* Written by the child, read by the parent after the child died: what a
 * crash is reported as while an inner call runs, and a file to remove. */
struct shared_page {
	struct inner_call { /* set while an inner call runs */
		char what[256];
		char file[2048];
		char crasher[128];
		bool set;
	} inner;
	char cleanup[4096];
};

/* The child's own state: set after fork, so one per child. */
static struct {
	const struct isolate_opts *opts;
	struct tb_diags *diags;
	size_t first;
	int fd;
	bool active, keep_lines;
	struct shared_page *page;
} child;

static void copy_field(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void send_diags(int fd, const struct tb_diags *diags, size_t from)
{
	FILE *out = fdopen(fd, "w");

	for (size_t i = from; out && i < tb_diags_count(diags); i++) {
		const struct tb_diag *d = tb_diags_at(diags, i);

		fprintf(out, "%d%c%s%c%u%c%u%c", d->severity, FIELD_SEP, d->file ? d->file : "",
			FIELD_SEP, d->line, FIELD_SEP, d->column, FIELD_SEP);
		/* With keep_lines a newline travels as NEWLINE_SUB: messages keep
		 * their lines, as they would in one process. */
		for (const char *p = d->message; *p; p++)
			fputc(*p == '\n' && child.keep_lines ? NEWLINE_SUB
			      : *p == '\n' || *p == FIELD_SEP || *p == NEWLINE_SUB ? ' '
									     : *p,
			      out);
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
		for (char *p = f[4]; *p; p++)
			if (*p == NEWLINE_SUB)
				*p = '\n';
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

void isolate_cleanup_on_death(const char *path)
{
	if (child.active && child.page)
		copy_field(child.page->cleanup, sizeof(child.page->cleanup), path);
}

/* opts->run in this child: its fatal errors and crashes are reported as its
 * own (see the top of the file). */
static int run_in_child(const struct isolate_opts *opts, struct tb_diags *diags)
{
	const struct isolate_opts *outer = child.opts;
	size_t errors = tb_diags_error_count(diags);
	struct inner_call saved = { 0 };
	int rc;

	if (child.page) {
		struct inner_call *in = &child.page->inner;

		saved = *in;
		copy_field(in->what, sizeof(in->what), opts->what);
		copy_field(in->file, sizeof(in->file), opts->file);
		copy_field(in->crasher, sizeof(in->crasher), opts->crasher ? opts->crasher : "LLVM");
		in->set = true;
	}
	child.opts = opts;
	rc = opts->run(opts->arg, diags);
	child.opts = outer;
	if (child.page)
		child.page->inner = saved;
	if (!rc)
		return 0;
	if (tb_diags_error_count(diags) == errors)
		diag_add(diags, TB_ERROR, opts->file, 0, 0, "%s: no message says why", opts->what);
	return -EINVAL;
}

static void become_child(const struct isolate_opts *opts, struct tb_diags *diags, int fd)
{
	static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct rlimit no_core = { 0, 0 };

	child.opts = opts;
	child.diags = diags;
	child.first = tb_diags_count(diags);
	child.fd = fd;
	child.active = true;
	child.keep_lines = opts->keep_lines;
	setrlimit(RLIMIT_CORE, &no_core);
	for (size_t i = 0; i < ARRAY_SIZE(crash_signals); i++)
		signal(crash_signals[i], SIG_DFL);
	if (opts->cpu_seconds) {
		/* SIGXCPU at the soft limit; the hard one a second later only
		 * backs it up (at equal limits the kernel sends SIGKILL first,
		 * and the time limit would be reported as a kill) */
		struct rlimit cpu = { opts->cpu_seconds, opts->cpu_seconds + 1 };

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

int isolate_start(const struct isolate_opts *opts, struct tb_diags *diags,
		  struct isolate_child *h)
{
	struct shared_page *page;
	int fds[2], err;
	pid_t pid;

	memset(h, 0, sizeof(*h));
	h->opts = opts;
	h->fd = -1;
	if (pipe2(fds, O_CLOEXEC)) {
		diag_error(diags, "pipe: %s", strerror(errno));
		return -errno;
	}
	page = mmap(NULL, sizeof(*page), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		page = NULL;
	else
		memset(page, 0, sizeof(*page));
	fflush(NULL); /* the child must not write the parent's buffers again */
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(fds[0]);
		close(fds[1]);
		if (page)
			munmap(page, sizeof(*page));
		diag_error(diags, "fork: %s", strerror(err));
		return -err;
	}
	if (pid == 0) {
		int rc;

		close(fds[0]);
		become_child(opts, diags, fds[1]);
		child.page = page;
		rc = opts->run(opts->arg, diags);
#ifdef __SANITIZE_ADDRESS__
		/* Test builds: the child leaves by _exit(2), where LeakSanitizer
		 * does not look; what the function allocated and did not free is
		 * unreachable now, so it looks here (the report goes to stderr,
		 * and the error makes the leak fail the run). */
		if (__lsan_do_recoverable_leak_check()) {
			diag_error(diags, "LeakSanitizer: memory leaked in the isolated child "
					  "(see above)");
			rc = 1;
		}
#endif
		send_diags(fds[1], diags, child.first);
		_exit(rc ? 1 : 0);
	}
	close(fds[1]);
	h->pid = pid;
	h->fd = fds[0];
	h->page = page;
	return 0;
}

int isolate_finish(struct isolate_child *h, struct tb_diags *diags)
{
	const struct isolate_opts *opts = h->opts;
	struct shared_page *page = h->page;
	const char *what = opts->what, *file = opts->file, *crasher = opts->crasher;
	size_t errors = tb_diags_error_count(diags);
	int status, err = 0;

	receive_diags(h->fd, diags);
	while (waitpid(h->pid, &status, 0) < 0)
		if (errno != EINTR) { /* ECHILD: the caller ignores SIGCHLD */
			err = -errno;
			diag_error(diags, "%s: waitpid: %s", what, strerror(errno));
			break;
		}
	if (page && page->inner.set) { /* an inner call was running */
		what = page->inner.what;
		file = *page->inner.file ? page->inner.file : NULL;
		crasher = page->inner.crasher;
	}
	if (err) {
	} else if (WIFSIGNALED(status)) {
		diag_add(diags, TB_ERROR, file, 0, 0, "%s: %s crashed (%s)", what,
			 crasher ? crasher : "LLVM", signal_name(WTERMSIG(status)));
		err = -EINVAL;
	} else if (WEXITSTATUS(status) != 0) {
		if (tb_diags_error_count(diags) == errors)
			diag_add(diags, TB_ERROR, file, 0, 0, "%s: no message says why", what);
		err = -EINVAL;
	}
	if (err && page && *page->cleanup)
		unlink(page->cleanup);
	if (page)
		munmap(page, sizeof(*page));
	h->page = NULL;
	h->fd = -1;
	return err;
}

int isolate(const struct isolate_opts *opts, struct tb_diags *diags)
{
	struct isolate_child h;
	int err;

	if (child.active && opts->in_child)
		return run_in_child(opts, diags);
	err = isolate_start(opts, diags, &h);
	return err ? err : isolate_finish(&h, diags);
}
