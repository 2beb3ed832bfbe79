// SPDX-License-Identifier: MIT
/*
 * isolate() (src/lib/isolate.c): a function run in a forked child, its
 * diagnostics brought back, its death reported as one error.
 *
 * The truth each test checks against is what the child did, not isolate's
 * code: the signal it raised (by number, from <signal.h>), the severities,
 * files, lines and columns it reported, the file it created, the limits the
 * kernel reports to it (getrlimit, sigaction).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cmocka.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>

#include "../../src/lib/internal.h"

/* ---- what the children do ---- */

/* Reports one of each severity, the error's message with a newline and the
 * two separators isolate's pipe uses; returns *arg. */
static int report(void *arg, struct tb_diags *diags)
{
	diag_add(diags, TB_NOTE, "a.go", 1, 2, "a note");
	diag_add(diags, TB_WARNING, NULL, 0, 0, "a warning");
	diag_add(diags, TB_ERROR, "dir/b.go", 4000000000u, 7, "two\nlines\x1f and \x1e");
	return *(int *)arg;
}

static int fail_silently(void *arg, struct tb_diags *diags)
{
	return 1;
}

static int raise_signal(void *arg, struct tb_diags *diags)
{
	raise(*(int *)arg);
	return 0;
}

static int spin(void *arg, struct tb_diags *diags)
{
	for (volatile unsigned long i = 0;; i++)
		;
	return 0;
}

/* What the kernel says of the child's core limit and crash handlers. */
static int limits(void *arg, struct tb_diags *diags)
{
	static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct rlimit core, cpu;

	getrlimit(RLIMIT_CORE, &core);
	getrlimit(RLIMIT_CPU, &cpu);
	diag_add(diags, TB_NOTE, NULL, 0, 0, "core %llu %llu", (unsigned long long)core.rlim_cur,
		 (unsigned long long)core.rlim_max);
	diag_add(diags, TB_NOTE, NULL, 0, 0, "cpu %llu %llu", (unsigned long long)cpu.rlim_cur,
		 (unsigned long long)cpu.rlim_max);
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(*crash_signals); i++) {
		struct sigaction sa;

		sigaction(crash_signals[i], NULL, &sa);
		diag_add(diags, TB_NOTE, NULL, 0, 0, "signal %d %s", crash_signals[i],
			 sa.sa_handler == SIG_DFL ? "default" : "handled");
	}
	return 0;
}

/* Creates the file *arg names, has it removed on death, then dies (or not). */
struct doomed {
	const char *path;
	int sig; /* 0: returns, with rc */
	int rc;
};

static int create_then(void *arg, struct tb_diags *diags)
{
	const struct doomed *d = arg;
	FILE *f = fopen(d->path, "w");

	if (!f)
		return 2;
	fclose(f);
	isolate_cleanup_on_death(d->path);
	if (d->sig)
		raise(d->sig);
	return d->rc;
}

/* An inner isolated call inside the child: its opts in *arg. */
struct nested {
	struct isolate_opts inner;
	int after; /* signal the outer call raises after the inner one, or 0 */
	pid_t pid; /* the outer call's process */
};

static int call_inner(void *arg, struct tb_diags *diags)
{
	struct nested *n = arg;
	int rc;

	n->pid = getpid();
	rc = isolate(&n->inner, diags);
	diag_add(diags, TB_NOTE, NULL, 0, 0, "inner returned %d", rc);
	if (n->after)
		raise(n->after);
	return 0;
}

/* Whether it runs in the process *arg names. */
static int note_pid(void *arg, struct tb_diags *diags)
{
	diag_add(diags, TB_NOTE, NULL, 0, 0, "%s process", getpid() == *(pid_t *)arg ? "the same" : "another");
	return 0;
}

/* A module LLVM's verifier refuses, verified with LLVMAbortProcessAction:
 * LLVM's fatal error (report_fatal_error). */
static int fatal_error(void *arg, struct tb_diags *diags)
{
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMModuleRef mod = LLVMModuleCreateWithNameInContext("broken", ctx);
	LLVMValueRef fn = LLVMAddFunction(mod, "f", LLVMFunctionType(LLVMVoidTypeInContext(ctx), NULL, 0, 0));

	LLVMAppendBasicBlockInContext(ctx, fn, "no_terminator");
	dup2(open("/dev/null", O_WRONLY), 2); /* the verifier's own words */
	LLVMVerifyModule(mod, LLVMAbortProcessAction, NULL);
	return 0;
}

static void on_fatal(void *arg, const char *reason, struct tb_diags *diags)
{
	diag_add(diags, TB_ERROR, "main.go", 3, 4, "%s: %s", (const char *)arg, reason);
}

/* Writes on the pipe isolate reads, found as the child's one FIFO open for
 * writing, what *arg holds: records send_diags would never write. */
static int write_records(void *arg, struct tb_diags *diags)
{
	for (int fd = 3; fd < 1024; fd++) {
		struct stat st;
		int flags = fcntl(fd, F_GETFL);

		if (flags >= 0 && (flags & O_ACCMODE) == O_WRONLY && !fstat(fd, &st) && S_ISFIFO(st.st_mode)) {
			const char *records = arg;

			assert_int_equal(write(fd, records, strlen(records)), (ssize_t)strlen(records));
			_exit(0); /* nothing more: send_diags would add its own */
		}
	}
	return 2;
}

/* Shared anonymous mappings (isolate's page) of this process. */
static size_t shared_pages(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	size_t n = 0;

	if (!f)
		return (size_t)-1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, "/dev/zero (deleted)") != NULL;
	fclose(f);
	return n;
}

static size_t open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* ---- checks ---- */

static void assert_diag(const struct tb_diags *diags, size_t i, enum tb_severity severity,
			const char *file, unsigned line, unsigned column, const char *message)
{
	const struct tb_diag *d;

	assert_true(i < tb_diags_count(diags));
	d = tb_diags_at(diags, i);
	assert_int_equal(d->severity, severity);
	if (file)
		assert_string_equal(d->file, file);
	else
		assert_null(d->file);
	assert_int_equal(d->line, line);
	assert_int_equal(d->column, column);
	assert_string_equal(d->message, message);
}

static void test_diagnostics_come_back(void **state)
{
	int rc = 0;
	struct isolate_opts opts = { .what = "reporting", .run = report, .arg = &rc };
	struct tb_diags *diags = tb_diags_new();

	diag_add(diags, TB_WARNING, NULL, 0, 0, "before");
	assert_int_equal(isolate(&opts, diags), 0);
	assert_int_equal(tb_diags_count(diags), 4);
	assert_diag(diags, 0, TB_WARNING, NULL, 0, 0, "before"); /* not sent back twice */
	assert_diag(diags, 1, TB_NOTE, "a.go", 1, 2, "a note");
	assert_diag(diags, 2, TB_WARNING, NULL, 0, 0, "a warning");
	/* one line each: the newline and the separators become spaces */
	assert_diag(diags, 3, TB_ERROR, "dir/b.go", 4000000000u, 7, "two lines  and  ");
	tb_diags_free(diags);

	/* with keep_lines, the newline stays; an error without rc = 0 */
	opts.keep_lines = true;
	rc = 1;
	diags = tb_diags_new();
	assert_int_equal(isolate(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 3); /* no "reporting: no message says why": it said why */
	assert_diag(diags, 2, TB_ERROR, "dir/b.go", 4000000000u, 7, "two\nlines  and  ");
	tb_diags_free(diags);
}

static void test_a_silent_failure(void **state)
{
	struct isolate_opts opts = { .what = "doing it", .file = "c.go", .run = fail_silently };
	struct tb_diags *diags = tb_diags_new();

	assert_int_equal(isolate(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, "c.go", 0, 0, "doing it: no message says why");
	tb_diags_free(diags);
}

static void test_a_crash_by_each_signal(void **state)
{
	static const struct {
		int sig;
		const char *name;
	} cases[] = {
		{ SIGSEGV, "SIGSEGV" }, { SIGBUS, "SIGBUS" },	{ SIGILL, "SIGILL" },
		{ SIGFPE, "SIGFPE" },	{ SIGABRT, "SIGABRT" }, { SIGKILL, "SIGKILL" },
		{ SIGTERM, "a signal" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int sig = cases[i].sig;
		struct isolate_opts opts = { .what = "reading x.bc", .file = "x.bc",
					     .crasher = i % 2 ? "libbpf" : NULL,
					     .run = raise_signal, .arg = &sig };
		struct tb_diags *diags = tb_diags_new();
		char want[128];

		assert_int_equal(isolate(&opts, diags), -EINVAL);
		snprintf(want, sizeof(want), "reading x.bc: %s crashed (%s)", i % 2 ? "libbpf" : "LLVM",
			 cases[i].name);
		assert_int_equal(tb_diags_count(diags), 1);
		assert_diag(diags, 0, TB_ERROR, "x.bc", 0, 0, want);
		tb_diags_free(diags);
	}
}

static void test_the_time_limit(void **state)
{
	struct isolate_opts opts = { .what = "spinning", .run = spin, .cpu_seconds = 1 };
	struct tb_diags *diags = tb_diags_new();

	assert_int_equal(isolate(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, NULL, 0, 0,
		    "spinning: LLVM crashed (SIGXCPU, its time limit)");
	tb_diags_free(diags);
}

/* No core file, the default action for a crash's signals (not a
 * sanitizer's handler), the CPU limit asked for, or none. */
static void test_the_child_s_limits(void **state)
{
	char want[64];
	struct rlimit own;
	struct isolate_opts opts = { .what = "limits", .run = limits, .cpu_seconds = 7 };
	struct tb_diags *diags = tb_diags_new();
	static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

	assert_int_equal(isolate(&opts, diags), 0);
	assert_int_equal(tb_diags_count(diags), 7);
	assert_string_equal(tb_diags_at(diags, 0)->message, "core 0 0");
	assert_string_equal(tb_diags_at(diags, 1)->message, "cpu 7 8");
	for (size_t i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "signal %d default", crash_signals[i]);
		assert_string_equal(tb_diags_at(diags, 2 + i)->message, want);
	}
	tb_diags_free(diags);
	/* none asked for: the test's own */
	getrlimit(RLIMIT_CPU, &own);
	snprintf(want, sizeof(want), "cpu %llu %llu", (unsigned long long)own.rlim_cur,
		 (unsigned long long)own.rlim_max);
	opts.cpu_seconds = 0;
	diags = tb_diags_new();
	assert_int_equal(isolate(&opts, diags), 0);
	assert_string_equal(tb_diags_at(diags, 1)->message, want);
	tb_diags_free(diags);
}

static void test_a_file_removed_on_death(void **state)
{
	char path[] = "/tmp/tinybpf-isolate-XXXXXX";
	int fd = mkstemp(path);
	struct doomed doomed = { .path = path, .sig = SIGSEGV };
	struct isolate_opts opts = { .what = "writing", .run = create_then, .arg = &doomed };
	struct tb_diags *diags = tb_diags_new();

	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	/* a crash */
	assert_int_equal(isolate(&opts, diags), -EINVAL);
	assert_int_not_equal(access(path, F_OK), 0);
	/* a failure */
	doomed.sig = 0;
	doomed.rc = 1;
	assert_int_equal(isolate(&opts, diags), -EINVAL);
	assert_int_not_equal(access(path, F_OK), 0);
	/* success: the file stays */
	doomed.rc = 0;
	assert_int_equal(isolate(&opts, diags), 0);
	assert_int_equal(access(path, F_OK), 0);
	unlink(path);
	tb_diags_free(diags);
}

/* LLVM's fatal error: by default "WHAT: LLVM: REASON" at opts->file, with
 * on_fatal what it adds; and no "WHAT: no message says why" after either. */
static void test_an_llvm_fatal_error(void **state)
{
	struct isolate_opts opts = { .what = "verifying", .file = "m.ll", .run = fatal_error };
	struct tb_diags *diags = tb_diags_new();

	assert_int_equal(isolate(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, "m.ll", 0, 0,
		    "verifying: LLVM: Broken module found, compilation aborted!");
	tb_diags_free(diags);
	opts.on_fatal = on_fatal;
	opts.arg = "from on_fatal";
	diags = tb_diags_new();
	assert_int_equal(isolate(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, "main.go", 3, 4,
		    "from on_fatal: Broken module found, compilation aborted!");
	tb_diags_free(diags);
}

/* What send_diags never writes, as a child killed while it wrote could
 * leave: a severity out of range is an error, a record cut short is
 * dropped (not a crash), the last one without its newline is kept. */
static void test_records_out_of_the_ordinary(void **state)
{
	struct isolate_opts opts = {
		.what = "x", .run = write_records,
		.arg = "7\x1f" "a.go\x1f" "1\x1f" "2\x1f" "severity 7\n"
		       "-1\x1f\x1f" "0\x1f" "0\x1f" "severity -1\n"
		       "1\x1f" "b.go\x1f" "3\n"
		       "1\x1f\x1f" "0\x1f" "0\x1f" "cut"
	};
	struct tb_diags *diags = tb_diags_new();

	assert_int_equal(isolate(&opts, diags), 0);
	assert_int_equal(tb_diags_count(diags), 3);
	assert_diag(diags, 0, TB_ERROR, "a.go", 1, 2, "severity 7");
	assert_diag(diags, 1, TB_ERROR, NULL, 0, 0, "severity -1");
	assert_diag(diags, 2, TB_WARNING, NULL, 0, 0, "cut");
	tb_diags_free(diags);
}

/* The parent keeps no descriptor of a call's pipe. */
static void test_no_descriptor_left_open(void **state)
{
	int rc = 0;
	struct isolate_opts opts = { .what = "reporting", .run = report, .arg = &rc };
	size_t before = open_fds(), pages = shared_pages();

	for (int i = 0; i < 3; i++) {
		struct tb_diags *diags = tb_diags_new();

		assert_int_equal(isolate(&opts, diags), 0);
		tb_diags_free(diags);
	}
	assert_int_equal(open_fds(), before);
	assert_int_equal(shared_pages(), pages);
}

/* A caller that ignores SIGCHLD: the kernel reaps the child itself and
 * waitpid fails (ECHILD). Its status is lost: an error says so, with the
 * child's own diagnostics, and isolate returns at once. */
static void test_sigchld_ignored(void **state)
{
	int rc = 0;
	struct isolate_opts opts = { .what = "reporting", .run = report, .arg = &rc };
	struct tb_diags *diags = tb_diags_new();
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old;

	assert_int_equal(sigaction(SIGCHLD, &ignore, &old), 0);
	rc = isolate(&opts, diags);
	assert_int_equal(sigaction(SIGCHLD, &old, NULL), 0);
	assert_int_equal(rc, -ECHILD);
	assert_int_equal(tb_diags_count(diags), 4);
	assert_diag(diags, 2, TB_ERROR, "dir/b.go", 4000000000u, 7, "two lines  and  ");
	assert_diag(diags, 3, TB_ERROR, NULL, 0, 0, "reporting: waitpid: No child processes");
	tb_diags_free(diags);
}

/* No descriptor left for the pipe: an error saying so, the errno back,
 * and no child. */
static void test_no_pipe(void **state)
{
	int rc = 0, fds[256], n = 0;
	struct isolate_opts opts = { .what = "reporting", .run = report, .arg = &rc };
	struct tb_diags *diags = tb_diags_new();
	struct rlimit own, few;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &own), 0);
	few = own;
	few.rlim_cur = 64;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &few), 0);
	while (n < 256 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	assert_int_equal(errno, EMFILE);
	rc = isolate(&opts, diags);
	while (n)
		close(fds[--n]);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &own), 0);
	assert_int_equal(rc, -EMFILE);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, NULL, 0, 0, "pipe: Too many open files");
	tb_diags_free(diags);
}

/* In a process whose clone fails with EAGAIN (a seccomp filter), isolate:
 * which of its promises it broke, one bit each. */
static int isolate_without_fork(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 2, 0),
#ifdef __NR_clone3
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 1, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 1, 0),
#endif
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAGAIN),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(*code), .filter = code };
	int rc = 0, broken = 0;
	struct isolate_opts opts = { .what = "reporting", .run = report, .arg = &rc };
	struct tb_diags *diags = tb_diags_new();
	size_t fds, pages;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return 64;
	fds = open_fds();
	pages = shared_pages();
	rc = isolate(&opts, diags);
	broken |= (rc != -EAGAIN) << 0;
	broken |= (tb_diags_count(diags) != 1 ||
		   strcmp(tb_diags_at(diags, 0)->message, "fork: Resource temporarily unavailable") ||
		   tb_diags_at(diags, 0)->severity != TB_ERROR)
		  << 1;
	broken |= (open_fds() != fds) << 2;	 /* the pipe closed */
	broken |= (shared_pages() != pages) << 3; /* the page unmapped */
	tb_diags_free(diags);
	return broken;
}

/* fork fails: an error saying so, the errno back, nothing left open. */
static void test_no_fork(void **state)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(isolate_without_fork());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	/* 64: no seccomp here; otherwise the promises broken, 1 bit each:
	 * 1 the errno, 2 the message, 4 a descriptor, 8 the shared page */
	if (WEXITSTATUS(status) == 64) {
		print_message("SKIP test_no_fork: this kernel refused a seccomp filter, which is "
			      "how the test makes fork fail\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* In a child, an in_child call runs there (no second fork), and a crash
 * while it runs is reported as its own, naming its file. */
static void test_an_inner_call(void **state)
{
	int sig = SIGSEGV;
	struct nested nested = {
		.inner = { .what = "inner", .file = "inner.o", .crasher = "libbpf",
			   .run = note_pid, .arg = &nested.pid, .in_child = true },
	};
	struct isolate_opts outer = { .what = "outer", .file = "outer.ll", .run = call_inner,
				      .arg = &nested };
	struct tb_diags *diags = tb_diags_new();

	/* the inner call returns: the child ran it */
	assert_int_equal(isolate(&outer, diags), 0);
	assert_int_equal(tb_diags_count(diags), 2);
	assert_string_equal(tb_diags_at(diags, 0)->message, "the same process");
	assert_string_equal(tb_diags_at(diags, 1)->message, "inner returned 0");
	tb_diags_free(diags);

	/* the inner call fails without a word: "inner: no message says why", at its file */
	nested.inner.run = fail_silently;
	diags = tb_diags_new();
	assert_int_equal(isolate(&outer, diags), 0);
	assert_int_equal(tb_diags_count(diags), 2);
	assert_diag(diags, 0, TB_ERROR, "inner.o", 0, 0, "inner: no message says why");
	assert_string_equal(tb_diags_at(diags, 1)->message, "inner returned -22");
	tb_diags_free(diags);

	/* it crashes: its message */
	nested.inner.run = raise_signal;
	nested.inner.arg = &sig;
	diags = tb_diags_new();
	assert_int_equal(isolate(&outer, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, "inner.o", 0, 0, "inner: libbpf crashed (SIGSEGV)");
	tb_diags_free(diags);

	/* the outer call crashes after the inner one returned: the outer's */
	nested.inner.run = note_pid;
	nested.inner.arg = &nested.pid;
	nested.after = SIGBUS;
	diags = tb_diags_new();
	assert_int_equal(isolate(&outer, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, "outer.ll", 0, 0, "outer: LLVM crashed (SIGBUS)");
	tb_diags_free(diags);
}

/* An inner call inside an inner call: when the deepest returns, a crash is
 * the middle one's again. */
static void test_an_inner_call_two_deep(void **state)
{
	struct nested deep = {
		.inner = { .what = "deepest", .file = "deep.o", .run = note_pid, .in_child = true },
		.after = SIGILL, /* the middle call, once the deepest returned */
	};
	struct nested middle = {
		.inner = { .what = "middle", .file = "middle.o", .crasher = "libbpf",
			   .run = call_inner, .arg = &deep, .in_child = true },
	};
	struct isolate_opts outer = { .what = "outer", .file = "outer.ll", .run = call_inner,
				      .arg = &middle };
	struct tb_diags *diags = tb_diags_new();

	deep.inner.arg = &deep.pid;
	assert_int_equal(isolate(&outer, diags), -EINVAL);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_diag(diags, 0, TB_ERROR, "middle.o", 0, 0, "middle: libbpf crashed (SIGILL)");
	tb_diags_free(diags);
}

/* in_child outside a child: a child all the same. */
static void test_in_child_outside_a_child(void **state)
{
	pid_t parent = getpid();
	struct isolate_opts opts = { .what = "x", .run = note_pid, .arg = &parent, .in_child = true };
	struct tb_diags *diags = tb_diags_new();

	assert_int_equal(isolate(&opts, diags), 0);
	assert_int_equal(tb_diags_count(diags), 1);
	assert_string_equal(tb_diags_at(diags, 0)->message, "another process");
	tb_diags_free(diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diagnostics_come_back),
		cmocka_unit_test(test_a_silent_failure),
		cmocka_unit_test(test_a_crash_by_each_signal),
		cmocka_unit_test(test_the_time_limit),
		cmocka_unit_test(test_the_child_s_limits),
		cmocka_unit_test(test_a_file_removed_on_death),
		cmocka_unit_test(test_an_llvm_fatal_error),
		cmocka_unit_test(test_records_out_of_the_ordinary),
		cmocka_unit_test(test_no_descriptor_left_open),
		cmocka_unit_test(test_sigchld_ignored),
		cmocka_unit_test(test_no_pipe),
		cmocka_unit_test(test_no_fork),
		cmocka_unit_test(test_an_inner_call),
		cmocka_unit_test(test_an_inner_call_two_deep),
		cmocka_unit_test(test_in_child_outside_a_child),
	};

	return cmocka_run_group_tests_name("isolate", tests, NULL, NULL);
}
