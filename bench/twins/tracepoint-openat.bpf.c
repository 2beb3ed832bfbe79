// C twin of examples/tracepoint-openat/bpf/openat.go: one ring-buffer event
// (pid, tid, flags, file name) per openat(2).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "ringbuf_events.h"

// targ_tgid: the tracer's -pid filter, as the example's targTgid (.rodata,
// set before load; 0 keeps every process's events).
const volatile __u32 targ_tgid = 0;

struct open_event {
	__u32 pid;
	__u32 tid;
	__s64 flags;
	char filename[128];
};

SEC("tracepoint/syscalls/sys_enter_openat")
int trace_openat(struct trace_event_raw_sys_enter *ctx)
{
	struct open_event ev = {};
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	if (targ_tgid && (__u32)(pid_tgid >> 32) != targ_tgid)
		return 0;

	ev.pid = pid_tgid >> 32;
	ev.tid = (__u32)pid_tgid;
	ev.flags = ctx->args[2];
	bpf_probe_read_user_str(ev.filename, sizeof(ev.filename), (const char *)ctx->args[1]);
	if (bpf_ringbuf_output(&events, &ev, sizeof(ev), 0) < 0)
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
