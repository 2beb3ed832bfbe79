// C twin of tests/tools/execsnoop/bpf, the way a C programmer writes it with
// libbpf's headers: the logic of libbpf-tools' execsnoop.bpf.c, with the Go
// port's maps (a hash map of records per thread, a ring buffer of whole
// records), so that the instruction counts compare the compilers.
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#define ARGSIZE 128
#define TOTAL_MAX_ARGS 60
#define ARGS_CAP (TOTAL_MAX_ARGS * ARGSIZE)
#define LAST_ARG (ARGS_CAP - ARGSIZE)
#define INVALID_UID ((__u32)-1)

const volatile bool ignoreFailed = true;
const volatile __u32 targUID = INVALID_UID;
const volatile int maxArgs = 20;

struct event {
	int pid;
	int ppid;
	__u32 uid;
	int retval;
	int args_count;
	__u32 args_size;
	char comm[16];
	char args[ARGS_CAP];
};

static const struct event empty;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, int);
	__type(value, struct event);
} execs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

static __always_inline bool allowed(__u32 uid)
{
	return targUID == INVALID_UID || targUID == uid;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int enter_execve(struct trace_event_raw_sys_enter *ctx)
{
	__u32 uid = (__u32)bpf_get_current_uid_gid();
	const char *const *argv = (const char *const *)ctx->args[1];
	const char *arg;
	struct event *ev;
	__u64 id;
	long n;
	int tid;

	if (!allowed(uid))
		return 0;
	id = bpf_get_current_pid_tgid();
	tid = (int)id;
	if (bpf_map_update_elem(&execs, &tid, &empty, BPF_NOEXIST))
		return 0;
	ev = bpf_map_lookup_elem(&execs, &tid);
	if (!ev)
		return 0;
	ev->pid = id >> 32;
	ev->uid = uid;
	ev->ppid = BPF_CORE_READ((struct task_struct *)bpf_get_current_task(), real_parent, tgid);

	n = bpf_probe_read_user_str(ev->args, ARGSIZE, (const char *)ctx->args[0]);
	if (n > 0 && n <= ARGSIZE) {
		ev->args_size = n;
	} else {
		ev->args[0] = 0;
		ev->args_size = 1;
	}
	ev->args_count = 1;
	for (int i = 1; i < TOTAL_MAX_ARGS && i < maxArgs; i++) {
		bpf_probe_read_user(&arg, sizeof(arg), &argv[i]);
		if (!arg)
			return 0;
		if (ev->args_size > LAST_ARG)
			return 0;
		n = bpf_probe_read_user_str(&ev->args[ev->args_size], ARGSIZE, arg);
		if (n < 0 || n > ARGSIZE)
			return 0;
		ev->args_count++;
		ev->args_size += n;
	}
	bpf_probe_read_user(&arg, sizeof(arg), &argv[maxArgs]);
	if (arg)
		ev->args_count++;
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int exit_execve(struct trace_event_raw_sys_exit *ctx)
{
	struct event *ev;
	int tid, ret;

	if (!allowed((__u32)bpf_get_current_uid_gid()))
		return 0;
	tid = (int)bpf_get_current_pid_tgid();
	ev = bpf_map_lookup_elem(&execs, &tid);
	if (!ev)
		return 0;
	ret = ctx->ret;
	if (ret >= 0 || !ignoreFailed) {
		ev->retval = ret;
		bpf_get_current_comm(&ev->comm, sizeof(ev->comm));
		bpf_ringbuf_output(&events, ev, sizeof(*ev), 0);
	}
	bpf_map_delete_elem(&execs, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
