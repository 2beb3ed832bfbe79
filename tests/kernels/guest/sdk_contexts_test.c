// SPDX-License-Identifier: MIT
/*
 * Guest test for tests/kernels/guest/sdk_contexts (Go, typed contexts of the
 * SDK, built for this machine's GOARCH): loads $TBPF_DATA_DIR/sdk_contexts.bpf.o,
 * sets targPid to this process and targSyscall to SYS_unlinkat of this
 * architecture (<sys/syscall.h>: 263 on x86_64, 35 on arm64), attaches
 * fentry/fexit do_unlinkat (bpf.Args), kprobe/kretprobe do_unlinkat
 * (bpf.PtRegs), tp_btf sys_enter (bpf.Args) and lsm file_open (bpf.Args),
 * then removes a missing file with unlinkat(AT_FDCWD, ...) and opens one.
 * Each program must have seen its call: dfd -100 (AT_FDCWD) from Args[0] and
 * PtRegs.Arg1(), -ENOENT from Args.Ret(2) and PtRegs.Ret(), SYS_unlinkat from
 * tp_btf's Args[1], the open from the LSM hook; fmod_ret on
 * security_task_getsid (bpf.Args) sees this task and makes getsid(getpid()) fail
 * with EPERM while attached (getsid(0) does not ask it). Then a perf_event program
 * (bpf.PerfEventData) samples this thread's task clock, user mode only, while
 * it spins in spin(): some samples' Regs.IP() must lie in spin()'s code and
 * Regs.SP() near main()'s stack, which the linker and the compiler place, not
 * our tables. On arm64 before 6.4 the trampoline programs (fentry, fexit,
 * fmod_ret, lsm) cannot attach; that refusal is checked and reported as TBPF-UNSUPPORTED.
 * Build: cc -O2 -Wall -static sdk_contexts_test.c -lbpf -lelf -lz
 */
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "guest.h"

static struct bpf_map *bss;

static size_t offset_of(struct bpf_object *obj, const char *name)
{
	const struct btf *btf = bpf_object__btf(obj);
	int id = btf__find_by_name_kind(btf, ".bss", BTF_KIND_DATASEC);
	const struct btf_type *sec = btf__type_by_id(btf, (uint32_t)id);
	const struct btf_var_secinfo *v = btf_var_secinfos(sec);

	for (unsigned i = 0; i < btf_vlen(sec); i++, v++)
		if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, v->type)->name_off), name))
			return v->offset;
	fail("no global %s", name);
	return 0;
}

static int64_t read_global(struct bpf_object *obj, const char *name, size_t size)
{
	uint8_t data[4096] = { 0 };
	uint32_t zero = 0;
	int64_t v = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(bss), &zero, data))
		fail("read .bss: %s", strerror(errno));
	memcpy(&v, data + offset_of(obj, name), size);
	if (size == 4)
		v = (int32_t)v;
	return v;
}

static void expect(struct bpf_object *obj, const char *name, size_t size, int64_t want)
{
	int64_t got = read_global(obj, name, size);

	printf("sdk-contexts: %s = %lld\n", name, (long long)got);
	if (got != want)
		fail("%s = %lld, want %lld", name, (long long)got, (long long)want);
}

static void set_u64(uint8_t *data, struct bpf_object *obj, const char *name, uint64_t v)
{
	memcpy(data + offset_of(obj, name), &v, sizeof(v));
}

static long thread_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Spins for ms of this thread's CPU time; the clock is read once every 2^20
 * rounds, so nearly every sample falls in this function's own loop. */
static __attribute__((noinline)) void spin(volatile uint64_t *counter, long ms)
{
	long end = thread_ms() + ms;

	do
		for (uint32_t i = 0; i < (1u << 20); i++)
			(*counter)++;
	while (thread_ms() < end);
}

/* The perf_event program on a task-clock event of this thread, user mode only. */
static void sample_spin(struct bpf_object *obj)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
					 .config = PERF_COUNT_SW_TASK_CLOCK, .sample_period = 1000000,
					 .exclude_kernel = 1, .exclude_hv = 1 };
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, "on_sample");
	volatile uint64_t counter = 0;
	struct bpf_link *link;
	int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);

	if (fd < 0) {
		fail("perf_event_open: %s", strerror(errno));
		return;
	}
	link = bpf_program__attach_perf_event(prog, fd);
	if (!link) {
		fail("attach on_sample: %s", strerror(errno));
		close(fd);
		return;
	}
	/* 300 ms of CPU time at one sample a millisecond is some 300 samples, but
	 * an emulated arm64 guest on a loaded host gave 1 and 7 (the task clock's
	 * hrtimer fires late, once for many periods): spin on, up to 3 s, until
	 * 20 have come. */
	for (int round = 0; round < 10; round++) {
		spin(&counter, 300);
		if (read_global(obj, "samples", 4) >= 20)
			break;
	}
	bpf_link__destroy(link); /* closes fd */
	printf("sdk-contexts: spun %llu rounds\n", (unsigned long long)counter);
}

int main(void)
{
	const char *progs[] = { "on_fentry", "on_fexit", "on_fmod_ret", "on_kprobe", "on_kretprobe",
				"on_sys_enter", "on_file_open" };
	pid_t sid_attached, sid_after;
	int sid_errno;
	enum { NPROGS = sizeof(progs) / sizeof(progs[0]) };
	struct bpf_link *links[NPROGS] = { 0 };
	struct bpf_object *obj = load_data_object("sdk_contexts.bpf.o");
	uint8_t data[4096] = { 0 };
	uint32_t zero = 0, pid = (uint32_t)getpid();
	volatile uint64_t here = 0;
	uint64_t spin_at = (uint64_t)(uintptr_t)&spin, stack_at = (uint64_t)(uintptr_t)&here;
	char path[64];
	int fd, trampolines = 1;

	if (!obj)
		return 1;
	bss = bpf_object__find_map_by_name(obj, ".bss");
	memcpy(data + offset_of(obj, "targPid"), &pid, sizeof(pid));
	set_u64(data, obj, "targSyscall", SYS_unlinkat);
	/* spin()'s code is well under 1 KiB; its frame lies just below main's. */
	set_u64(data, obj, "busyLo", spin_at);
	set_u64(data, obj, "busyHi", spin_at + 1024);
	set_u64(data, obj, "stackLo", stack_at - 65536);
	set_u64(data, obj, "stackHi", stack_at + 65536);
	if (bpf_map_update_elem(bpf_map__fd(bss), &zero, data, 0))
		fail("write .bss: %s", strerror(errno));
	for (int i = 0; i < NPROGS; i++) {
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, progs[i]);
		enum bpf_attach_type t = bpf_program__expected_attach_type(prog);
		int r;

		links[i] = bpf_program__attach(prog);
		if (t != BPF_TRACE_FENTRY && t != BPF_TRACE_FEXIT && t != BPF_MODIFY_RETURN &&
		    t != BPF_LSM_MAC) {
			if (!links[i])
				fail("attach %s: %s", progs[i], strerror(errno));
			continue;
		}
		r = trampoline_refused(prog, links[i], errno, progs[i]);
		if (r < 0)
			failures++;
		if (r > 0)
			trampolines = 0;
		else if (!links[i] && r == 0)
			fail("attach %s: %s", progs[i], strerror(errno));
	}
	snprintf(path, sizeof(path), "/tmp/tinybpf-sdk-missing-%d", getpid());
	syscall(SYS_unlinkat, AT_FDCWD, path, 0);
	fd = open("/proc/self/stat", O_RDONLY);
	if (fd >= 0)
		close(fd);
	errno = 0;
	sid_attached = getsid(getpid()); /* getsid(0) skips the security hook */
	sid_errno = errno;
	for (int i = 0; i < NPROGS; i++)
		bpf_link__destroy(links[i]);
	sid_after = getsid(getpid());
	sample_spin(obj);

	if (trampolines) {
		expect(obj, "fentryHits", 4, 1);
		expect(obj, "fentryDfd", 8, -100);
		expect(obj, "fexitHits", 4, 1);
		expect(obj, "fexitRet", 8, -ENOENT);
		if (read_global(obj, "lsmHits", 4) < 1)
			fail("lsm/file_open saw no open of ours");
		expect(obj, "fmodHits", 4, 1);
		expect(obj, "fmodRetSeen", 8, 0);
		expect(obj, "fmodTaskIsCurrent", 4, 1);
		printf("sdk-contexts: getsid(getpid()) = %d (%s) under fmod_ret, %d after\n", sid_attached,
		       strerror(sid_errno), sid_after);
		if (sid_attached != -1 || sid_errno != EPERM || sid_after < 0)
			fail("fmod_ret/security_task_getsid: getsid(getpid()) = %d (%s) attached, %d after; want -1 "
			     "(EPERM), then the session id",
			     sid_attached, strerror(sid_errno), sid_after);
	}
	expect(obj, "kprobeHits", 4, 1);
	expect(obj, "kprobeDfd", 8, -100);
	expect(obj, "kretHits", 4, 1);
	expect(obj, "kretRet", 8, -ENOENT);
	expect(obj, "tpHits", 4, 1);
	expect(obj, "tpSyscall", 8, SYS_unlinkat);
	{
		int64_t n = read_global(obj, "samples", 4), in_busy = read_global(obj, "samplesInBusy", 4),
			on_stack = read_global(obj, "samplesOnStack", 4);

		printf("sdk-contexts: %lld samples, %lld with IP in spin(), %lld with SP near main's stack\n",
		       (long long)n, (long long)in_busy, (long long)on_stack);
		/* Nearly all of them; a few may fall in clock_gettime's vDSO code. */
		if (n < 10 || in_busy * 2 < n || on_stack * 2 < n)
			fail("perf_event samples: want at least 10, more than half of them in spin() and on its stack");
	}
	bpf_object__close(obj);
	printf("sdk-contexts: %s\n", failures ? "FAIL" : "ok");
	return failures ? 1 : 0;
}
