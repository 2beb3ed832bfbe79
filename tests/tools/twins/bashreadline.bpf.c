// C twin of tests/tools/bashreadline/bpf, the way a C programmer writes it
// with libbpf's headers: the logic of libbpf-tools' bashreadline.bpf.c (the
// comm is tested byte by byte for "bash"), so that the instruction counts
// compare the compilers.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_LINE 80

struct line {
	__u32 pid;
	char str[MAX_LINE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("uretprobe/readline")
int BPF_KRETPROBE(printret, const void *ret)
{
	struct line l;
	char comm[16];

	if (!ret)
		return 0;
	bpf_get_current_comm(&comm, sizeof(comm));
	if (comm[0] != 'b' || comm[1] != 'a' || comm[2] != 's' || comm[3] != 'h' || comm[4] != 0)
		return 0;
	l.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_probe_read_user_str(&l.str, sizeof(l.str), ret);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &l, sizeof(l));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
