// C twin of examples/kprobe-openat (seed: kprobe on do_sys_openat2 with pid,
// uid, comm, open flags and file name, to a ring buffer). x86-64 pt_regs, via
// bpf_tracing.h; the flags are how->flags, not the pointer in the register.
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "ringbuf_events.h"

struct open_event {
	__u32 pid;
	__u32 uid;
	__u64 flags;
	char comm[16];
	char filename[256];
};

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(kprobe_openat, int dfd, const char *filename, struct open_how *how)
{
	struct open_event ev = {};

	ev.pid = bpf_get_current_pid_tgid() >> 32;
	ev.uid = (__u32)bpf_get_current_uid_gid();
	ev.flags = BPF_CORE_READ(how, flags);
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	bpf_probe_read_user_str(ev.filename, sizeof(ev.filename), filename);
	if (bpf_ringbuf_output(&events, &ev, sizeof(ev), 0) < 0)
		__sync_fetch_and_add(&dropped, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
