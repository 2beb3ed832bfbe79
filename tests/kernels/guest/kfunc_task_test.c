// SPDX-License-Identifier: MIT
/*
 * Guest (and host) test for tests/testdata/kfunc_task (Go, built once by
 * TinyGo and tinybpf link): the kfuncs bpf_task_from_pid and bpf_task_release
 * are resolved by libbpf against the running kernel's BTF.
 *
 * Kernels since 6.2 have both kfuncs (and allow them in syscall programs
 * since 6.9 or so; claimed here: 6.12 and the host): load
 * $TBPF_DATA_DIR/kfunc_task.bpf.o, start a thread with a known name, run the
 * program with BPF_PROG_TEST_RUN on the thread's id and check what it read
 * from the task it acquired: tgid == getpid() (not the thread id it was
 * given), comm == the thread's name; for an id no task has, it returns -3
 * (ESRCH) and writes nothing.
 *
 * Older kernels (6.1) do not have the kfuncs: there the load must fail with
 * libbpf's message naming bpf_task_from_pid, not somewhere else.
 *
 * Lines starting with "kfunc-task: " are a summary for the log.
 * Build: cc -O2 -Wall -static kfunc_task_test.c -lbpf -lelf -lz
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../testdata/kfunc_task/task_query.h"
#include "guest.h"

static const char thread_name[] = "tb-kfunc-thr";
static char kfunc_warning[512];

/* libbpf's warnings go to the log; the one about our kfunc is kept. */
static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[512];

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	fputs(line, stdout);
	if (strstr(line, "bpf_task_from_pid"))
		snprintf(kfunc_warning, sizeof(kfunc_warning), "%s", line);
	return 0;
}

static pthread_mutex_t done = PTHREAD_MUTEX_INITIALIZER;
static int ready[2];

static void *named_thread(void *unused)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);

	(void)unused;
	pthread_setname_np(pthread_self(), thread_name);
	if (write(ready[1], &tid, sizeof(tid)) != sizeof(tid))
		return NULL;
	pthread_mutex_lock(&done);
	pthread_mutex_unlock(&done);
	return NULL;
}

/* The kernel copies a syscall program's context back into ctx_in. */
static int run_query(int prog_fd, struct task_query *query, int *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = query, .ctx_size_in = sizeof(*query));
	int err = bpf_prog_test_run_opts(prog_fd, &run);

	*retval = (int)run.retval;
	return err;
}

int main(void)
{
	char objpath[4096];
	struct task_query query = { 0 };
	struct bpf_object *obj;
	struct bpf_program *prog;
	pthread_t thread;
	pid_t tid = 0;
	int err, retval;

	setvbuf(stdout, NULL, _IONBF, 0);
	libbpf_set_print(print_libbpf);
	data_file(objpath, sizeof(objpath), "kfunc_task.bpf.o");
	obj = bpf_object__open_file(objpath, NULL);
	if (!obj) {
		printf("FAIL: open %s: %s\n", objpath, strerror(errno));
		return 1;
	}
	err = bpf_object__load(obj);
	if (!kernel_at_least(6, 2)) {
		/* Not claimed: the kernel predates these kfuncs. */
		if (!err)
			fail("loaded, but this kernel has no bpf_task_from_pid");
		else if (!strstr(kfunc_warning, "not found in kernel"))
			fail("load failed (%s) without libbpf's \"bpf_task_from_pid ... not found "
			     "in kernel\" message",
			     strerror(-err));
		else
			printf("kfunc-task: not claimed before 6.2; the load fails as it should: %s"
			       "TBPF-UNSUPPORTED the kfunc bpf_task_from_pid is not in kernels before 6.2\n",
			       kfunc_warning);
		bpf_object__close(obj);
		return failures ? 1 : 0;
	}
	if (err) {
		printf("FAIL: load %s: %s\n", objpath, strerror(-err));
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "kfunc_task");
	if (!prog) {
		printf("FAIL: no program kfunc_task\n");
		return 1;
	}

	pthread_mutex_lock(&done); /* the thread lives until we are done */
	if (pipe(ready) || pthread_create(&thread, NULL, named_thread, NULL) ||
	    read(ready[0], &tid, sizeof(tid)) != sizeof(tid)) {
		printf("FAIL: start a thread: %s\n", strerror(errno));
		return 1;
	}
	query.pid = tid;
	err = run_query(bpf_program__fd(prog), &query, &retval);
	printf("kfunc-task: thread %d of process %d named \"%s\"; the program returned %d and saw "
	       "tgid %d comm \"%.16s\"\n",
	       tid, getpid(), thread_name, retval, query.tgid, query.comm);
	if (err)
		fail("BPF_PROG_TEST_RUN: %s", strerror(-err));
	if (retval != getpid())
		fail("returned %d, want the tgid %d", retval, getpid());
	if (tid == getpid())
		fail("the thread's id %d is the process id: the tgid check would prove nothing", tid);
	if (query.tgid != getpid())
		fail("tgid %d, want %d", query.tgid, getpid());
	if (strncmp(query.comm, thread_name, sizeof(query.comm)))
		fail("comm \"%.16s\", want \"%s\"", query.comm, thread_name);

	memset(&query, 0, sizeof(query));
	query.pid = 0x7fffffff; /* above PID_MAX_LIMIT: no task */
	err = run_query(bpf_program__fd(prog), &query, &retval);
	if (err || retval != -3 || query.tgid != 0)
		fail("no such task: err %d, returned %d (want -3), tgid %d (want 0)", err, retval,
		     query.tgid);

	pthread_mutex_unlock(&done);
	pthread_join(thread, NULL);
	bpf_object__close(obj);
	if (failures) {
		printf("kfunc-task: FAIL (%d mismatches)\n", failures);
		return 1;
	}
	printf("kfunc-task: PASS\n");
	return 0;
}
