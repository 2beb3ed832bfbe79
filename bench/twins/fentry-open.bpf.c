// C twin of examples/fentry-open (seed: fentry on do_sys_openat2, the caller's
// pid and the file name to a ring buffer).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "ringbuf_events.h"

struct open_event {
	__u32 pid;
	char filename[256];
};

SEC("fentry/do_sys_openat2")
int BPF_PROG(trace_openat2, int dfd, const char *filename, struct open_how *how)
{
	struct open_event ev = {};

	ev.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_probe_read_user_str(ev.filename, sizeof(ev.filename), filename);
	if (bpf_ringbuf_output(&events, &ev, sizeof(ev), 0) < 0)
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
