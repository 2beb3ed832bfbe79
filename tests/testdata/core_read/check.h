/* SPDX-License-Identifier: MIT */
/*
 * Runs tests/testdata/core_read (bpf.CoreRead and friends over kernel types)
 * on the running kernel and compares every value with what this process
 * knows from elsewhere: its pids (getpid, gettid, getppid, /proc/PPID/stat),
 * the name it gave itself (prctl PR_SET_NAME), its executable
 * (/proc/self/exe), the scheduling flag it set (sched_setscheduler with
 * SCHED_RESET_ON_FORK, a task_struct bitfield), its exit signal
 * (/proc/PID/task/TID/stat: SIGCHLD for a process, -1 for a thread), and the
 * running kernel's BTF read through libbpf (field signedness, offsets and
 * sizes, enum values). The raw tracepoint runs twice: in the main thread and
 * in another thread. Shared by tests/e2e/core_read_test.c (host, `make test`) and
 * tests/kernels/guest/core_read_test.c (QEMU guests and the host).
 *
 * The tp_btf and fentry programs see the child this process forks, and a
 * task iterator this process, through BTF pointers, and read their fields
 * both directly and with bpf.CoreRead; kernels that refuse tracing programs
 * (the host, by policy) skip them.
 *
 * core_read_check(path) prints "FAIL: ..." for each mismatch, "SKIP: ..."
 * for what this kernel cannot run (counted, and named), a "core-read: "
 * summary, and returns the number of mismatches.
 */
#ifndef TINYBPF_TESTDATA_CORE_READ_CHECK_H
#define TINYBPF_TESTDATA_CORE_READ_CHECK_H

#include <errno.h>
#include <libgen.h>
#include <stdbool.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "result.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

static int core_read_failures, core_read_skips;
static bool core_read_attach_refused[3]; /* tp_btf, fentry, iter */
static char core_read_skipped[128];

static void core_read_skip(const char *prog, const char *why)
{
	size_t n = strlen(core_read_skipped);

	printf("SKIP: %s: %s\n", prog, why);
	snprintf(core_read_skipped + n, sizeof(core_read_skipped) - n, " %s", prog);
	core_read_skips++;
}

/* The kernel's ENOTSUPP (include/linux/errno.h), which no userspace header has. */
#define CORE_READ_ENOTSUPP 524

/* arm64 attaches fentry since Linux 6.4 (BPF trampolines); before, ENOTSUPP. */
static bool core_read_no_trampolines(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	return !uname(&u) && !strcmp(u.machine, "aarch64") &&
	       sscanf(u.release, "%d.%d", &major, &minor) == 2 &&
	       (major < 6 || (major == 6 && minor < 4));
}

static void core_read_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	core_read_failures++;
}

#define EXPECT_INT(prog, what, got, want)                                                       \
	do {                                                                                    \
		long long g_ = (long long)(got), w_ = (long long)(want);                        \
		if (g_ != w_)                                                                   \
			core_read_fail("%s: %s: the program read %lld, want %lld", prog, what, g_, \
				       w_);                                                     \
	} while (0)

#define EXPECT_STR(prog, what, got, want)                                                   \
	do {                                                                                \
		if (strcmp((got), (want)))                                                  \
			core_read_fail("%s: %s: the program read \"%s\", want \"%s\"", prog, \
				       what, got, want);                                    \
	} while (0)

/* What the running kernel's BTF says. */
struct core_read_btf {
	uint32_t pid_offset, pid_size, comm_size, task_size, tasks_size;
	int pid_signed, flags_signed, bit_signed;
	int64_t pid_type_tgid, pid_type_max, cpuhp_online;
	int netfilter_has;
};

/* A member by name, looking into anonymous members; *bits gets its offset. */
static const struct btf_member *core_read_member(const struct btf *btf, const struct btf_type *t,
						 const char *name, uint32_t *bits)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++, m++) {
		const char *n = btf__name_by_offset(btf, m->name_off);
		uint32_t off = btf_member_bit_offset(t, i);

		if (n && !strcmp(n, name)) {
			*bits = off;
			return m;
		}
		if (!n || !*n) {
			const struct btf_type *inner = btf__type_by_id(btf, m->type);
			const struct btf_member *found;
			uint32_t inner_bits;

			if (!btf_is_composite(inner))
				continue;
			found = core_read_member(btf, inner, name, &inner_bits);
			if (found) {
				*bits = off + inner_bits;
				return found;
			}
		}
	}
	return NULL;
}

static int core_read_signed(const struct btf *btf, uint32_t type_id)
{
	const struct btf_type *t = btf__type_by_id(btf, btf__resolve_type(btf, type_id));

	if (btf_is_int(t))
		return !!(btf_int_encoding(t) & BTF_INT_SIGNED);
	if (btf_is_any_enum(t))
		return btf_kflag(t);
	return -1;
}

/* The value of enumerator `name` of `enum type`; 0 and *found = 0 if none. */
static int64_t core_read_enum(const struct btf *btf, const char *type, const char *name, int *found)
{
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM);
	const struct btf_type *t;

	if (id < 0)
		id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM64);
	*found = 0;
	if (id < 0)
		return 0;
	t = btf__type_by_id(btf, id);
	for (int i = 0; i < btf_vlen(t); i++) {
		const char *n;
		int64_t v;

		if (btf_is_enum(t)) {
			n = btf__name_by_offset(btf, btf_enum(t)[i].name_off);
			v = btf_kflag(t) ? (int64_t)btf_enum(t)[i].val : (int64_t)(uint32_t)btf_enum(t)[i].val;
		} else {
			n = btf__name_by_offset(btf, btf_enum64(t)[i].name_off);
			v = (int64_t)btf_enum64_value(btf_enum64(t) + i);
		}
		if (!strcmp(n, name)) {
			*found = 1;
			return v;
		}
	}
	return 0;
}

static int core_read_kernel_btf(struct core_read_btf *want)
{
	struct btf *btf = btf__load_vmlinux_btf();
	const struct btf_type *task;
	const struct btf_member *m;
	uint32_t bits;
	int id, found;

	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	task = btf__type_by_id(btf, id);
	want->task_size = task->size;
	m = core_read_member(btf, task, "pid", &bits);
	want->pid_offset = bits / 8;
	want->pid_size = (uint32_t)btf__resolve_size(btf, m->type);
	want->pid_signed = core_read_signed(btf, m->type);
	m = core_read_member(btf, task, "comm", &bits);
	want->comm_size = (uint32_t)btf__resolve_size(btf, m->type);
	m = core_read_member(btf, task, "tasks", &bits);
	want->tasks_size = (uint32_t)btf__resolve_size(btf, m->type);
	m = core_read_member(btf, task, "flags", &bits);
	want->flags_signed = core_read_signed(btf, m->type);
	m = core_read_member(btf, task, "sched_reset_on_fork", &bits);
	want->bit_signed = m ? core_read_signed(btf, m->type) : -1;
	want->pid_type_tgid = core_read_enum(btf, "pid_type", "PIDTYPE_TGID", &found);
	want->pid_type_max = core_read_enum(btf, "pid_type", "PIDTYPE_MAX", &found);
	want->cpuhp_online = core_read_enum(btf, "cpuhp_state", "CPUHP_AP_ONLINE_DYN", &found);
	core_read_enum(btf, "bpf_prog_type", "BPF_PROG_TYPE_NETFILTER", &want->netfilter_has);
	btf__free(btf);
	return 0;
}

/* What this process knows about the task the program ran in. */
struct core_read_task {
	int pid, tgid, parent_tgid, grand_tgid, exit_signal;
	uint64_t reset_on_fork;
	char comm[16], exe[NAME_MAX + 1];
};

/* Field `field` (1-based, as proc(5) numbers them, from 3 on) of a stat
 * file, as a number; -1000 if there is none. */
static long long core_read_stat_field(const char *path, int field)
{
	char buf[1024], *p;
	FILE *f = fopen(path, "r");
	long long v = -1000;
	size_t n;

	if (!f)
		return v;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* after the command name, which may hold spaces */
	for (int i = 2; p && i < field; i++)
		p = strchr(p + 1, ' ');
	if (p && field > 2)
		sscanf(p + 1, "%lld", &v);
	return v;
}

/* The parent of process `pid`: field 4 of /proc/PID/stat. */
static int core_read_ppid_of(int pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	return (int)core_read_stat_field(path, 4);
}

/* A thread's exit_signal: field 38 of /proc/PID/task/TID/stat. */
static int core_read_exit_signal(int pid, int tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	return (int)core_read_stat_field(path, 38);
}

static void core_read_compare(const char *prog, const struct core_read_result *got,
			      const struct core_read_task *task, const struct core_read_btf *btf)
{
	char short_comm[8], exe[32];
	size_t comm_len = strlen(task->comm), exe_len = strlen(task->exe);

	/* What a string read into 8 and 32 bytes keeps: the start, and a NUL. */
	memset(short_comm, 0, sizeof(short_comm));
	memcpy(short_comm, task->comm, comm_len < 7 ? comm_len : 7);
	memset(exe, 0, sizeof(exe));
	memcpy(exe, task->exe, exe_len < 31 ? exe_len : 31);
	printf("core-read: %s: pid %d tgid %d real_parent->tgid %d real_parent->real_parent->tgid "
	       "%d group_leader->pid %d comm \"%.16s\" exe \"%.32s\" (%u) sched_reset_on_fork %llu "
	       "exit_signal %lld\n",
	       prog, got->pid, got->tgid, got->parent_tgid, got->grand_tgid, got->leader_pid,
	       got->comm, got->exe, got->exe_len, (unsigned long long)got->reset_on_fork,
	       (long long)got->exit_signal);
	EXPECT_INT(prog, "runs", got->runs, 1);
	EXPECT_INT(prog, "task->pid", got->pid, task->pid);
	EXPECT_INT(prog, "task->tgid", got->tgid, task->tgid);
	EXPECT_INT(prog, "task->real_parent->tgid", got->parent_tgid, task->parent_tgid);
	EXPECT_INT(prog, "task->real_parent->real_parent->tgid", got->grand_tgid, task->grand_tgid);
	EXPECT_INT(prog, "task->group_leader->pid", got->leader_pid, task->tgid);
	EXPECT_INT(prog, "task->mm->exe_file->f_path.dentry->d_name.len", got->exe_len, exe_len);
	EXPECT_STR(prog, "CoreReadStr(task->mm->...->d_name.name)", got->exe, exe);
	EXPECT_INT(prog, "CoreReadStr(d_name.name) result", got->exe_str_len, strlen(exe) + 1);
	EXPECT_STR(prog, "CoreReadInto(task->comm)", got->comm, task->comm);
	EXPECT_INT(prog, "CoreReadInto(task->comm) result", got->into_ret, 0);
	EXPECT_STR(prog, "CoreReadStr(task->comm) into 8 bytes", got->short_comm, short_comm);
	EXPECT_INT(prog, "CoreReadStr(task->comm) result", got->str_len,
		   comm_len + 1 < 8 ? comm_len + 1 : 8);
	EXPECT_INT(prog, "task->pi_blocked_on (a running task's is NULL)", got->null_pointer, 0);
	EXPECT_INT(prog, "task->pi_blocked_on->task->pid", got->null_chain, 0);
	EXPECT_INT(prog, "NULL->real_parent->tgid", got->nil_root_tgid, 0);
	EXPECT_INT(prog, "CoreReadInto(&v, &NULL->tgid) leaves v", got->nil_root_val, 0);
	if (got->nil_root_ret >= 0)
		core_read_fail("%s: CoreReadInto(&v, &NULL->tgid) returned %lld, want an error", prog,
			       (long long)got->nil_root_ret);
	EXPECT_INT(prog, "task->sched_reset_on_fork (bitfield)", got->reset_on_fork,
		   task->reset_on_fork);
	EXPECT_INT(prog, "CoreReadBitfieldSigned(sched_reset_on_fork)", got->reset_signed,
		   task->reset_on_fork);
	EXPECT_INT(prog, "CoreReadBitfieldSigned(exit_signal), an int", got->exit_signal,
		   task->exit_signal);
	EXPECT_INT(prog, "CoreReadBitfield(exit_signal): the same bits", got->exit_bits,
		   (uint64_t)(int64_t)task->exit_signal);
	EXPECT_INT(prog, "CoreFieldSigned(pid)", got->pid_signed, btf->pid_signed);
	EXPECT_INT(prog, "CoreFieldSigned(flags)", got->flags_signed, btf->flags_signed);
	EXPECT_INT(prog, "CoreFieldSigned(sched_reset_on_fork)", got->bit_signed, btf->bit_signed);
	EXPECT_INT(prog, "CoreFieldOffset(pid)", got->pid_offset, btf->pid_offset);
	EXPECT_INT(prog, "CoreFieldSize(pid)", got->pid_size, btf->pid_size);
	EXPECT_INT(prog, "CoreFieldSize(comm)", got->comm_size, btf->comm_size);
	EXPECT_INT(prog, "CoreFieldSize(tasks), a struct field", got->tasks_size, btf->tasks_size);
	EXPECT_INT(prog, "CoreTypeSize[TaskStruct]", got->task_size, btf->task_size);
	EXPECT_INT(prog, "CoreTypeExists[TaskStruct]", got->task_exists, 1);
	EXPECT_INT(prog, "CoreEnumValue(pid_type, PIDTYPE_TGID)", got->pid_type_tgid,
		   btf->pid_type_tgid);
	EXPECT_INT(prog, "CoreEnumValue(pid_type, PIDTYPE_MAX)", got->pid_type_max,
		   btf->pid_type_max);
	EXPECT_INT(prog, "CoreEnumValue(cpuhp_state, CPUHP_AP_ONLINE_DYN)", got->cpuhp_online,
		   btf->cpuhp_online);
	EXPECT_INT(prog, "CoreEnumValueExists(bpf_prog_type, BPF_PROG_TYPE_NETFILTER)",
		   got->netfilter_has, btf->netfilter_has);
	EXPECT_INT(prog, "CoreEnumValueExists(pid_type, PIDTYPE_TINYBPF_NONE)", got->no_such_name,
		   0);
	EXPECT_INT(prog, "CoreEnumValueExists(tinybpf_no_such_enum, ...)", got->no_such_enum, 0);
}

struct core_read_thread {
	struct bpf_program *prog;
	struct core_read_task *task;
	int err;
};

/* The raw tracepoint again, from another thread of this process. */
static void *core_read_thread_main(void *arg)
{
	struct core_read_thread *t = arg;
	LIBBPF_OPTS(bpf_test_run_opts, run);

	t->task->pid = (int)syscall(SYS_gettid);
	t->task->exit_signal = core_read_exit_signal(getpid(), t->task->pid);
	t->err = bpf_prog_test_run_opts(bpf_program__fd(t->prog), &run) ? errno : 0;
	return NULL;
}

static int core_read_set_reset_on_fork(int on)
{
	struct sched_param param = { 0 };

	return sched_setscheduler(0, SCHED_OTHER | (on ? SCHED_RESET_ON_FORK : 0), &param);
}

/* btfResults[key]: which program wrote it. */
static const char *const core_read_btf_programs[] = { "core_read_tp_btf", "core_read_fentry",
						      "core_read_iter" };

/* The task iterator, read to its end: it reports this process. */
static int core_read_run_iter(struct bpf_object *obj)
{
	struct bpf_link *link;
	char buf[256];
	int fd, err = 0;

	link = bpf_program__attach_iter(bpf_object__find_program_by_name(obj, "core_read_iter"),
					NULL);
	if (!link) {
		core_read_fail("attach core_read_iter: %s", strerror(errno));
		return -1;
	}
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0)
		err = -1;
	while (fd >= 0 && read(fd, buf, sizeof(buf)) > 0)
		;
	if (fd >= 0)
		close(fd);
	bpf_link__destroy(link);
	if (err)
		core_read_fail("read core_read_iter: %s", strerror(errno));
	return err;
}

/* A task seen through a BTF pointer: its pid (= tgid), its real parent's
 * tgid and its comm, read directly and with bpf.CoreRead alike; the tp_btf
 * program also reads its fork parent's tgid (0: not asked). */
static void core_read_compare_btf(const char *prog, const struct core_read_btf_result *got,
				  int pid, int parent_tgid, const char *comm, int fork_parent)
{
	printf("core-read: %s: pid %d tgid %d real_parent->tgid %d comm \"%.16s\"; "
	       "CoreRead: pid %d real_parent->tgid %d comm \"%.16s\"; fork parent %d\n",
	       prog, got->pid, got->tgid, got->parent_tgid, got->comm, got->core_pid,
	       got->core_parent_tgid, got->core_comm, got->fork_parent_tgid);
	EXPECT_INT(prog, "runs", got->runs, 1);
	EXPECT_INT(prog, "task->pid", got->pid, pid);
	EXPECT_INT(prog, "task->tgid", got->tgid, pid);
	EXPECT_INT(prog, "task->real_parent->tgid", got->parent_tgid, parent_tgid);
	EXPECT_STR(prog, "task->comm", got->comm, comm);
	EXPECT_INT(prog, "CoreRead(&task->pid)", got->core_pid, pid);
	EXPECT_INT(prog, "CoreRead(&task->real_parent->tgid)", got->core_parent_tgid, parent_tgid);
	EXPECT_STR(prog, "CoreReadInto(task->comm)", got->core_comm, comm);
	EXPECT_INT(prog, "parent->tgid", got->fork_parent_tgid, fork_parent);
}

/* The tracepoint program, in a child that names itself and calls getppid;
 * the tp_btf and fentry programs, if loaded, when it is forked. */
static int core_read_run_child(struct bpf_object *obj, struct bpf_map *settings,
			       struct core_read_task *child)
{
	struct bpf_link *link, *btf_links[2] = { NULL, NULL };
	struct core_read_config cfg = { 0 };
	uint32_t zero = 0;
	int go[2], status;
	pid_t pid;

	link = bpf_program__attach(bpf_object__find_program_by_name(obj, "core_read_tracepoint"));
	if (!link) {
		core_read_fail("attach core_read_tracepoint: %s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		struct bpf_program *prog =
			bpf_object__find_program_by_name(obj, core_read_btf_programs[i]);

		if (!bpf_program__autoload(prog))
			continue;
		btf_links[i] = bpf_program__attach(prog);
		if (!btf_links[i] && i == 1 && errno == CORE_READ_ENOTSUPP &&
		    core_read_no_trampolines()) {
			core_read_attach_refused[i] = true;
			core_read_skip(core_read_btf_programs[i],
				       "this kernel cannot attach fentry (ENOTSUPP: arm64 before 6.4 "
				       "has no BPF trampolines)");
		} else if (!btf_links[i]) {
			core_read_fail("attach %s: %s", core_read_btf_programs[i], strerror(errno));
		}
	}
	cfg.fork_parent = (uint32_t)getpid();
	if (bpf_map__update_elem(settings, &zero, 4, &cfg, sizeof(cfg), 0))
		core_read_fail("set the config: %s", strerror(errno));
	if (pipe(go))
		return -1;
	pid = fork();
	if (pid == 0) {
		char c;

		close(go[1]);
		prctl(PR_SET_NAME, "tb-core-child");
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		syscall(SYS_getppid);
		_exit(0);
	}
	close(go[0]);
	for (int i = 0; i < 2; i++)
		bpf_link__destroy(btf_links[i]);
	child->exit_signal = core_read_exit_signal(pid, pid); /* alive: it waits for us */
	cfg.pid = (uint32_t)pid;
	if (bpf_map__update_elem(settings, &zero, 4, &cfg, sizeof(cfg), 0))
		core_read_fail("set the config: %s", strerror(errno));
	if (write(go[1], "x", 1) != 1)
		core_read_fail("wake the child: %s", strerror(errno));
	close(go[1]);
	waitpid(pid, &status, 0);
	bpf_link__destroy(link);
	child->pid = child->tgid = pid;
	child->parent_tgid = getpid();
	child->grand_tgid = getppid();
	child->reset_on_fork = 0; /* the kernel clears it in the child */
	snprintf(child->comm, sizeof(child->comm), "tb-core-child");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int core_read_check(const char *path)
{
	static const char *const names[CORE_READ_RUNS] = { "core_read_raw_tp",
							    "core_read_tracepoint",
							    "core_read_syscall",
							    "core_read_raw_tp (thread)" };
	struct core_read_result got[CORE_READ_RUNS];
	struct core_read_task self = { 0 }, child = { 0 }, thread = { 0 };
	struct core_read_thread t = { 0 };
	pthread_t thread_id;
	struct core_read_btf btf;
	struct bpf_object *obj;
	struct bpf_map *settings, *results;
	struct core_read_config cfg = { 0 };
	char exe[PATH_MAX];
	struct bpf_map *btf_results;
	pid_t forked;
	bool ran[CORE_READ_RUNS] = { false };
	uint32_t zero = 0;
	ssize_t n;
	int err;

	core_read_failures = core_read_skips = 0;
	core_read_skipped[0] = '\0';
	core_read_attach_refused[0] = core_read_attach_refused[1] = false;
	if (core_read_kernel_btf(&btf)) {
		core_read_fail("no kernel BTF: %s", strerror(errno));
		return core_read_failures;
	}
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		core_read_fail("open %s: %s", path, strerror(errno));
		return core_read_failures;
	}
	/* Syscall programs came in Linux 5.14. */
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SYSCALL, NULL) != 1) {
		bpf_program__set_autoload(bpf_object__find_program_by_name(obj, names[2]), false);
		core_read_skip(names[2], "this kernel has no syscall programs");
	}
	/* The host refuses tracing programs (by policy); the guests run them. */
	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) != 1) {
		for (int i = 0; i < 3; i++) {
			bpf_program__set_autoload(
				bpf_object__find_program_by_name(obj, core_read_btf_programs[i]),
				false);
			core_read_skip(core_read_btf_programs[i],
				       "this kernel refuses tracing programs");
		}
	}
	err = bpf_object__load(obj);
	if (err) {
		core_read_fail("load %s: %s", path, strerror(-err));
		bpf_object__close(obj);
		return core_read_failures;
	}
	settings = bpf_object__find_map_by_name(obj, "settings");
	results = bpf_object__find_map_by_name(obj, "results");
	btf_results = bpf_object__find_map_by_name(obj, "btfResults");
	if (!settings || !results || !btf_results) {
		core_read_fail("want maps settings, results and btfResults in %s", path);
		bpf_object__close(obj);
		return core_read_failures;
	}

	/* This process, as the programs run by BPF_PROG_TEST_RUN see it. */
	prctl(PR_SET_NAME, "tb-core-read");
	prctl(PR_GET_NAME, self.comm);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	snprintf(self.exe, sizeof(self.exe), "%s", basename(exe));
	memcpy(child.exe, self.exe, sizeof(self.exe));
	self.pid = (int)syscall(SYS_gettid);
	self.tgid = getpid();
	self.parent_tgid = getppid();
	self.grand_tgid = core_read_ppid_of(self.parent_tgid);
	self.exit_signal = core_read_exit_signal(self.tgid, self.pid);
	if (core_read_set_reset_on_fork(1))
		core_read_fail("sched_setscheduler(SCHED_RESET_ON_FORK): %s", strerror(errno));
	self.reset_on_fork = 1;
	cfg.pid = 0;
	cfg.fork_parent = (uint32_t)self.tgid; /* the iterator reports this process */
	cfg.nil_task = 0;		       /* the NULL "task" of the nil-root chains */
	bpf_map__update_elem(settings, &zero, 4, &cfg, sizeof(cfg), 0);
	if (bpf_program__autoload(bpf_object__find_program_by_name(obj, "core_read_iter")))
		core_read_run_iter(obj);
	for (int i = 0; i <= CORE_READ_SYSCALL; i += 2) {
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, names[i]);
		LIBBPF_OPTS(bpf_test_run_opts, run);

		if (!bpf_program__autoload(prog))
			continue;
		err = bpf_prog_test_run_opts(bpf_program__fd(prog), &run);
		if (err)
			core_read_fail("run %s: %s", names[i], strerror(errno));
		ran[i] = !err;
	}
	/* A thread: its own pid, exit_signal -1, and sched_reset_on_fork clear
	 * (the kernel clears it in every new task). */
	thread = self;
	thread.reset_on_fork = 0;
	t.prog = bpf_object__find_program_by_name(obj, names[CORE_READ_RAW_TP]);
	t.task = &thread;
	cfg.raw_key = CORE_READ_THREAD;
	bpf_map__update_elem(settings, &zero, 4, &cfg, sizeof(cfg), 0);
	if (pthread_create(&thread_id, NULL, core_read_thread_main, &t) ||
	    pthread_join(thread_id, NULL) || t.err)
		core_read_fail("run %s: %s", names[CORE_READ_THREAD], strerror(t.err));
	else
		ran[CORE_READ_THREAD] = true;
	core_read_set_reset_on_fork(0);
	ran[1] = !core_read_run_child(obj, settings, &child);
	forked = child.pid;

	for (uint32_t i = 0; i < CORE_READ_RUNS; i++) {
		const struct core_read_task *want[CORE_READ_RUNS] = { &self, &child, &self,
								      &thread };

		if (!ran[i])
			continue;
		memset(&got[i], 0, sizeof(got[i]));
		if (bpf_map__lookup_elem(results, &i, 4, &got[i], sizeof(got[i]), 0)) {
			core_read_fail("read results[%u]: %s", i, strerror(errno));
			continue;
		}
		core_read_compare(names[i], &got[i], want[i], &btf);
	}
	for (uint32_t i = 0; i < 3; i++) {
		struct core_read_btf_result seen = { 0 };

		if (!bpf_program__autoload(
			    bpf_object__find_program_by_name(obj, core_read_btf_programs[i])) ||
		    core_read_attach_refused[i])
			continue;
		if (bpf_map__lookup_elem(btf_results, &i, 4, &seen, sizeof(seen), 0))
			core_read_fail("read btfResults[%u]: %s", i, strerror(errno));
		else if (i < 2) /* the child, forked while this process was tb-core-read */
			core_read_compare_btf(core_read_btf_programs[i], &seen, forked, self.tgid,
					      self.comm, i == 0 ? self.tgid : 0);
		else /* the iterator saw this process itself */
			core_read_compare_btf(core_read_btf_programs[i], &seen, self.tgid,
					      self.parent_tgid, self.comm, 0);
	}
	printf("core-read: enum pid_type PIDTYPE_TGID %lld PIDTYPE_MAX %lld, cpuhp_state "
	       "CPUHP_AP_ONLINE_DYN %lld, BPF_PROG_TYPE_NETFILTER %s; task_struct %u bytes, pid at "
	       "%u\n",
	       (long long)got[0].pid_type_tgid, (long long)got[0].pid_type_max,
	       (long long)got[0].cpuhp_online, got[0].netfilter_has ? "yes" : "no",
	       got[0].task_size, got[0].pid_offset);
	printf("core-read: %s (%d mismatches, %d skipped:%s)\n", core_read_failures ? "FAIL" : "PASS",
	       core_read_failures, core_read_skips, core_read_skips ? core_read_skipped : " none");
	bpf_object__close(obj);
	return core_read_failures;
}

#endif
