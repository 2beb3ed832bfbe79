// Harness self-test BPF program: record the tgid of the last caller of
// unlinkat(). Three flavours of the same probe, so the loader can prove that
// fentry (BTF trampolines), kprobes and tracepoints each work on a kernel
// (the host allows only the tracepoint).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} last_pid SEC(".maps");

static __always_inline int record(void)
{
	__u32 key = 0;
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_map_update_elem(&last_pid, &key, &pid, BPF_ANY);
	return 0;
}

// fentry programs receive the traced function's arguments as a u64 array;
// none are needed here, so no BTF/CO-RE headers are required.
SEC("fentry/do_unlinkat")
int on_unlinkat_fentry(unsigned long long *ctx)
{
	return record();
}

SEC("kprobe/do_unlinkat")
int on_unlinkat_kprobe(void *ctx)
{
	return record();
}

SEC("tracepoint/syscalls/sys_enter_unlinkat")
int on_unlinkat_tracepoint(void *ctx)
{
	return record();
}

char LICENSE[] SEC("license") = "GPL";
