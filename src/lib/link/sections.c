// SPDX-License-Identifier: MIT
#include <string.h>

#include "../internal.h"
#include "sections.h"

enum target {
	NO_TARGET,	 /* the name stands alone: "xdp", "syscall" */
	NEEDS_TARGET,	 /* "kprobe/do_unlinkat": attaching needs what follows '/' */
	NEEDS_TWO_PARTS, /* "tracepoint/syscalls/sys_enter_openat" */
	OPTIONAL_TARGET, /* "uprobe" or "uprobe/path:func", "tc" or "tc/ingress" */
};

struct section_kind {
	const char *prefix;
	enum target target;
};

/* libbpf's section_defs[] (libbpf 1.5), program kinds only. */
static const struct section_kind kinds[] = {
	{ "socket", NO_TARGET },
	{ "sk_reuseport/migrate", NO_TARGET },
	{ "sk_reuseport", NO_TARGET },
	{ "kprobe", NEEDS_TARGET },
	{ "kretprobe", NEEDS_TARGET },
	{ "kprobe.multi", NEEDS_TARGET },
	{ "kretprobe.multi", NEEDS_TARGET },
	{ "kprobe.session", NEEDS_TARGET },
	{ "ksyscall", NEEDS_TARGET },
	{ "kretsyscall", NEEDS_TARGET },
	{ "uprobe", OPTIONAL_TARGET },
	{ "uprobe.s", OPTIONAL_TARGET },
	{ "uretprobe", OPTIONAL_TARGET },
	{ "uretprobe.s", OPTIONAL_TARGET },
	{ "uprobe.multi", OPTIONAL_TARGET },
	{ "uretprobe.multi", OPTIONAL_TARGET },
	{ "uprobe.multi.s", OPTIONAL_TARGET },
	{ "uretprobe.multi.s", OPTIONAL_TARGET },
	{ "uprobe.session", OPTIONAL_TARGET },
	{ "uprobe.session.s", OPTIONAL_TARGET },
	{ "usdt", OPTIONAL_TARGET },
	{ "usdt.s", OPTIONAL_TARGET },
	{ "tc/ingress", NO_TARGET },
	{ "tc/egress", NO_TARGET },
	{ "tcx/ingress", NO_TARGET },
	{ "tcx/egress", NO_TARGET },
	{ "netkit/primary", NO_TARGET },
	{ "netkit/peer", NO_TARGET },
	{ "tc", NO_TARGET },
	{ "classifier", NO_TARGET },
	{ "action", NO_TARGET },
	{ "tracepoint", NEEDS_TWO_PARTS },
	{ "tp", NEEDS_TWO_PARTS },
	{ "raw_tracepoint", NEEDS_TARGET },
	{ "raw_tp", NEEDS_TARGET },
	{ "raw_tracepoint.w", NEEDS_TARGET },
	{ "raw_tp.w", NEEDS_TARGET },
	{ "tp_btf", NEEDS_TARGET },
	{ "fentry", NEEDS_TARGET },
	{ "fmod_ret", NEEDS_TARGET },
	{ "fexit", NEEDS_TARGET },
	{ "fentry.s", NEEDS_TARGET },
	{ "fmod_ret.s", NEEDS_TARGET },
	{ "fexit.s", NEEDS_TARGET },
	{ "freplace", NEEDS_TARGET },
	{ "lsm", NEEDS_TARGET },
	{ "lsm.s", NEEDS_TARGET },
	{ "lsm_cgroup", NEEDS_TARGET },
	{ "iter", NEEDS_TARGET },
	{ "iter.s", NEEDS_TARGET },
	{ "syscall", NO_TARGET },
	{ "xdp.frags/devmap", NO_TARGET },
	{ "xdp/devmap", NO_TARGET },
	{ "xdp.frags/cpumap", NO_TARGET },
	{ "xdp/cpumap", NO_TARGET },
	{ "xdp.frags", NO_TARGET },
	{ "xdp", NO_TARGET },
	{ "perf_event", NO_TARGET },
	{ "lwt_in", NO_TARGET },
	{ "lwt_out", NO_TARGET },
	{ "lwt_xmit", NO_TARGET },
	{ "lwt_seg6local", NO_TARGET },
	{ "sockops", NO_TARGET },
	{ "sk_skb/stream_parser", NO_TARGET },
	{ "sk_skb/stream_verdict", NO_TARGET },
	{ "sk_skb/verdict", NO_TARGET },
	{ "sk_skb", NO_TARGET },
	{ "sk_msg", NO_TARGET },
	{ "lirc_mode2", NO_TARGET },
	{ "flow_dissector", NO_TARGET },
	{ "cgroup_skb/ingress", NO_TARGET },
	{ "cgroup_skb/egress", NO_TARGET },
	{ "cgroup/skb", NO_TARGET },
	{ "cgroup/sock_create", NO_TARGET },
	{ "cgroup/sock_release", NO_TARGET },
	{ "cgroup/sock", NO_TARGET },
	{ "cgroup/post_bind4", NO_TARGET },
	{ "cgroup/post_bind6", NO_TARGET },
	{ "cgroup/bind4", NO_TARGET },
	{ "cgroup/bind6", NO_TARGET },
	{ "cgroup/connect4", NO_TARGET },
	{ "cgroup/connect6", NO_TARGET },
	{ "cgroup/connect_unix", NO_TARGET },
	{ "cgroup/sendmsg4", NO_TARGET },
	{ "cgroup/sendmsg6", NO_TARGET },
	{ "cgroup/sendmsg_unix", NO_TARGET },
	{ "cgroup/recvmsg4", NO_TARGET },
	{ "cgroup/recvmsg6", NO_TARGET },
	{ "cgroup/recvmsg_unix", NO_TARGET },
	{ "cgroup/getpeername4", NO_TARGET },
	{ "cgroup/getpeername6", NO_TARGET },
	{ "cgroup/getpeername_unix", NO_TARGET },
	{ "cgroup/getsockname4", NO_TARGET },
	{ "cgroup/getsockname6", NO_TARGET },
	{ "cgroup/getsockname_unix", NO_TARGET },
	{ "cgroup/sysctl", NO_TARGET },
	{ "cgroup/getsockopt", NO_TARGET },
	{ "cgroup/setsockopt", NO_TARGET },
	{ "cgroup/dev", NO_TARGET },
	{ "struct_ops", OPTIONAL_TARGET },
	{ "struct_ops.s", OPTIONAL_TARGET },
	{ "sk_lookup", NO_TARGET },
	{ "netfilter", NO_TARGET },
};

const char *section_problem(const char *section)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		size_t n = strlen(kinds[i].prefix);
		const char *rest = section + n;

		if (strncmp(section, kinds[i].prefix, n) != 0 || (*rest && *rest != '/'))
			continue;
		switch (kinds[i].target) {
		case NO_TARGET:
			if (*rest)
				return "this section kind takes nothing after its name";
			return NULL;
		case NEEDS_TARGET:
			if (!*rest || !rest[1])
				return "this section kind needs a target after '/', e.g. fentry/do_unlinkat";
			return NULL;
		case NEEDS_TWO_PARTS:
			if (!*rest || !strchr(rest + 1, '/') || rest[1] == '/' ||
			    strchr(rest + 1, '/')[1] == '\0')
				return "tracepoint sections name a category and an event, e.g. tracepoint/syscalls/sys_enter_openat";
			return NULL;
		case OPTIONAL_TARGET:
			return NULL;
		}
	}
	return "not a program section libbpf knows (see libbpf's SEC() names: kprobe/, tracepoint/, fentry/, xdp, tc, ...)";
}
