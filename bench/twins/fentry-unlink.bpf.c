// C twin of examples/fentry-unlink/bpf/unlink.go (after the "eBPF fentry/fexit"
// tutorial): an entry and an exit event per do_unlinkat, to a ring buffer.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "ringbuf_events.h"

enum { KIND_ENTRY, KIND_EXIT };

struct unlink_event {
	__u32 kind;
	__u32 pid;
	__s64 ret;
	char filename[128];
};

// Reads name->name with the helper, as the Go program does (C could load it
// directly: fentry arguments are BTF pointers), so both do the same work.
static __always_inline void send(struct unlink_event *ev, struct filename *name)
{
	const char *str;

	ev->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_probe_read_kernel(&str, sizeof(str), &name->name);
	bpf_probe_read_kernel_str(ev->filename, sizeof(ev->filename), str);
	if (bpf_ringbuf_output(&events, ev, sizeof(*ev), 0) < 0)
		__sync_fetch_and_add(&dropped, 1);
}

SEC("fentry/do_unlinkat")
int BPF_PROG(do_unlinkat_entry, int dfd, struct filename *name)
{
	struct unlink_event ev = {.kind = KIND_ENTRY};

	send(&ev, name);
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(do_unlinkat_exit, int dfd, struct filename *name, long ret)
{
	struct unlink_event ev = {.kind = KIND_EXIT, .ret = (int)ret};

	send(&ev, name);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
