// C twin of tests/tools/mountsnoop/bpf, the way a C programmer writes it with
// libbpf's headers: the logic of libbpf-tools' mountsnoop.bpf.c for mount and
// umount, with the Go port's record (a per-CPU scratch value, sent through a
// perf event array), so that the instruction counts compare the compilers.
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#define OP_MOUNT 1
#define OP_UMOUNT 2

const volatile __u32 targetPid = 0;

struct arg {
	__u64 ts;
	__u32 op;
	__u64 flags;
	const char *src;
	const char *dest;
	const char *fs;
	const char *data;
};

struct event {
	__u64 delta;
	__u32 pid;
	__u32 tid;
	__u32 mnt_ns;
	int ret;
	__u32 op;
	char comm[16];
	__u64 flags;
	char fs[8];
	char src[4096];
	char dest[4096];
	char data[512];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct arg);
} args SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} heap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

static __always_inline int entry(struct arg *a)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 pid = id >> 32, tid = id;

	if (targetPid && targetPid != pid)
		return 0;
	a->ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&args, &tid, a, BPF_ANY);
	return 0;
}

static __always_inline int exit(struct trace_event_raw_sys_exit *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id, zero = 0;
	struct task_struct *task;
	struct event *ev;
	struct arg *a;

	a = bpf_map_lookup_elem(&args, &tid);
	if (!a)
		return 0;
	ev = bpf_map_lookup_elem(&heap, &zero);
	if (ev) {
		task = (struct task_struct *)bpf_get_current_task();
		ev->delta = bpf_ktime_get_ns() - a->ts;
		ev->op = a->op;
		ev->pid = id >> 32;
		ev->tid = tid;
		ev->mnt_ns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
		ev->ret = ctx->ret;
		bpf_get_current_comm(&ev->comm, sizeof(ev->comm));
		ev->flags = a->flags;
		switch (a->op) {
		case OP_MOUNT:
			bpf_probe_read_user_str(ev->src, sizeof(ev->src), a->src);
			bpf_probe_read_user_str(ev->dest, sizeof(ev->dest), a->dest);
			bpf_probe_read_user_str(ev->fs, sizeof(ev->fs), a->fs);
			bpf_probe_read_user_str(ev->data, sizeof(ev->data), a->data);
			break;
		case OP_UMOUNT:
			bpf_probe_read_user_str(ev->dest, sizeof(ev->dest), a->dest);
			break;
		}
		bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, ev, sizeof(*ev));
	}
	bpf_map_delete_elem(&args, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_mount")
int mount_entry(struct trace_event_raw_sys_enter *ctx)
{
	struct arg a = {
		.op = OP_MOUNT,
		.src = (const char *)ctx->args[0],
		.dest = (const char *)ctx->args[1],
		.fs = (const char *)ctx->args[2],
		.flags = ctx->args[3],
		.data = (const char *)ctx->args[4],
	};

	return entry(&a);
}

SEC("tracepoint/syscalls/sys_exit_mount")
int mount_exit(struct trace_event_raw_sys_exit *ctx)
{
	return exit(ctx);
}

SEC("tracepoint/syscalls/sys_enter_umount")
int umount_entry(struct trace_event_raw_sys_enter *ctx)
{
	struct arg a = {
		.op = OP_UMOUNT,
		.dest = (const char *)ctx->args[0],
		.flags = ctx->args[1],
	};

	return entry(&a);
}

SEC("tracepoint/syscalls/sys_exit_umount")
int umount_exit(struct trace_event_raw_sys_exit *ctx)
{
	return exit(ctx);
}

char LICENSE[] SEC("license") = "GPL";
