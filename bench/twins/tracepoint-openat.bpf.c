// C twin of examples/tracepoint-openat/bpf/openat.go: one ring-buffer event
// (pid, tid, flags, file name) per openat(2).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "ringbuf_events.h"

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

	ev.pid = pid_tgid >> 32;
	ev.tid = (__u32)pid_tgid;
	ev.flags = ctx->args[2];
	bpf_probe_read_user_str(ev.filename, sizeof(ev.filename), (const char *)ctx->args[1]);
	bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
