// C twin of examples/rawtp-sched (seed: raw tracepoint sched_process_exec; pid,
// tgid and comm of the current task through CO-RE, to a perf event array).
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 128);
} events SEC(".maps");

// dropped counts the events bpf_perf_event_output could not send, as the
// example does.
__u64 dropped = 0;

struct exec_event {
	__s32 pid;
	__s32 tgid;
	char comm[16];
};

SEC("raw_tp/sched_process_exec") // the example's section name: libbpf reads both alike
int raw_tracepoint_sched_process_exec(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct exec_event ev = {};

	bpf_core_read(&ev.pid, sizeof(ev.pid), &task->pid);
	bpf_core_read(&ev.tgid, sizeof(ev.tgid), &task->tgid);
	bpf_core_read(&ev.comm, sizeof(ev.comm), &task->comm);
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &ev, sizeof(ev)) < 0)
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
