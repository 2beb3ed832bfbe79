// C twin of tests/tools/cpudist/bpf, the way a C programmer writes it with
// libbpf's headers: the logic of libbpf-tools' cpudist.bpf.c on the BTF
// tracepoint sched_switch, so that the instruction counts compare the
// compilers.
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_SLOTS 36
#define TASK_RUNNING 0

const volatile bool perProcess = false;
const volatile bool perThread = false;
const volatile bool offCPU = false;
const volatile bool inMs = false;
const volatile int targTgid = -1;

struct hist {
	__u32 slots[MAX_SLOTS];
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

static struct hist initial_hist;

static __always_inline void store_start(__u32 tgid, __u32 pid, __u64 ts)
{
	if (targTgid != -1 && (__u32)targTgid != tgid)
		return;
	bpf_map_update_elem(&start, &pid, &ts, BPF_ANY);
}

/* The index of the highest set bit (0 for 0), without a loop, as
 * libbpf-tools' bits.bpf.h finds it: halve the range five times. */
static __always_inline __u64 log2_32(__u32 v)
{
	__u32 r, s;

	r = (v > 0xffff) << 4;
	v >>= r;
	s = (v > 0xff) << 3;
	v >>= s;
	r |= s;
	s = (v > 0xf) << 2;
	v >>= s;
	r |= s;
	s = (v > 0x3) << 1;
	v >>= s;
	r |= s;
	return r | (v >> 1);
}

static __always_inline __u64 log2l(__u64 v)
{
	__u32 hi = v >> 32;

	return hi ? log2_32(hi) + 32 : log2_32(v);
}

static __always_inline void update_hist(struct task_struct *task, __u32 tgid, __u32 pid, __u64 ts)
{
	__u64 delta, *tsp, slot;
	struct hist *h;
	__u32 id;

	if (targTgid != -1 && (__u32)targTgid != tgid)
		return;
	tsp = bpf_map_lookup_elem(&start, &pid);
	if (!tsp || ts < *tsp)
		return;
	if (perProcess)
		id = tgid;
	else if (perThread)
		id = pid;
	else
		id = -1;
	h = bpf_map_lookup_elem(&hists, &id);
	if (!h) {
		bpf_map_update_elem(&hists, &id, &initial_hist, BPF_ANY);
		h = bpf_map_lookup_elem(&hists, &id);
		if (!h)
			return;
		BPF_CORE_READ_STR_INTO(&h->comm, task, comm);
	}
	delta = ts - *tsp;
	if (inMs)
		delta /= 1000000;
	else
		delta /= 1000;
	slot = log2l(delta);
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u32 prev_tgid = BPF_CORE_READ(prev, tgid), prev_pid = BPF_CORE_READ(prev, pid);
	__u32 next_tgid = BPF_CORE_READ(next, tgid), next_pid = BPF_CORE_READ(next, pid);
	__u64 ts = bpf_ktime_get_ns();

	if (offCPU) {
		store_start(prev_tgid, prev_pid, ts);
		update_hist(next, next_tgid, next_pid, ts);
	} else {
		if (BPF_CORE_READ(prev, __state) == TASK_RUNNING)
			update_hist(prev, prev_tgid, prev_pid, ts);
		store_start(next_tgid, next_pid, ts);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
