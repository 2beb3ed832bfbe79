// SPDX-License-Identifier: MIT
/*
 * Section names, checked against libbpf rather than against our own table:
 * every SEC() name libbpf knows is accepted (and libbpf itself confirms the
 * list below, through libbpf_prog_type_by_name), a name libbpf does not know
 * is refused, and for tracepoints -- where libbpf accepts the name but can
 * only attach "tp/<category>/<event>" -- what we accept is exactly what
 * libbpf attaches on this kernel.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/libbpf.h>

#include "../../src/lib/link/sections.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void test_valid_sections(void **state)
{
	static const char *const valid[] = {
		"tracepoint/syscalls/sys_enter_openat", "tp/sched/sched_process_exec",
		"raw_tp/sched_process_exec", "fentry/do_unlinkat", "fexit/do_unlinkat",
		"kprobe/do_sys_openat2", "kretprobe/do_sys_openat2", "lsm/file_open", "xdp",
		"tc", "tc/ingress", "cgroup/connect4", "uprobe", "uprobe//bin/sh:main", "syscall",
		"sk_skb/stream_verdict", "struct_ops/dummy", "iter/task",
	};

	for (size_t i = 0; i < ARRAY_SIZE(valid); i++)
		assert_null(section_problem(valid[i]));
}

static void test_invalid_sections(void **state)
{
	static const char *const invalid[] = {
		"tracepoint/sys_enter_openat", "tracepoint", "tracepoint/syscalls/", "fentry",
		"fentry/", "kprobe", "xdp/extra", "trace_openat", "", "cgroup/connect5",
		"tp/sched", "tp", "tp/sched/", "tp//sched_process_exec", "raw_tp", "raw_tp/",
		"lsm", "socket/x", "xdpx", "tcx", "kprobe.multi", "iter/",
	};

	for (size_t i = 0; i < ARRAY_SIZE(invalid); i++)
		if (!section_problem(invalid[i]))
			fail_msg("\"%s\" accepted", invalid[i]);
}

/*
 * libbpf 1.4's SEC() names, from its documentation ("Program Types and ELF
 * Sections"); a trailing '+' marks a name that takes "/<target>". Each is
 * checked with libbpf itself before it is checked with us.
 */
static const char *const libbpf_names[] = {
	"socket", "sk_reuseport/migrate", "sk_reuseport", "kprobe+", "uprobe+", "uprobe.s+",
	"kretprobe+", "uretprobe+", "uretprobe.s+", "kprobe.multi+", "kretprobe.multi+",
	"uprobe.multi+", "uretprobe.multi+", "uprobe.multi.s+", "uretprobe.multi.s+", "ksyscall+",
	"kretsyscall+", "usdt+", "usdt.s+", "tc/ingress", "tc/egress", "tcx/ingress", "tcx/egress",
	"tc", "classifier", "action", "netkit/primary", "netkit/peer", "tracepoint+", "tp+",
	"raw_tracepoint+", "raw_tp+", "raw_tracepoint.w+", "raw_tp.w+", "tp_btf+", "fentry+",
	"fmod_ret+", "fexit+", "fentry.s+", "fmod_ret.s+", "fexit.s+", "freplace+", "lsm+",
	"lsm.s+", "lsm_cgroup+", "iter+", "iter.s+", "syscall", "xdp.frags/devmap", "xdp/devmap",
	"xdp.frags/cpumap", "xdp/cpumap", "xdp.frags", "xdp", "perf_event", "lwt_in", "lwt_out",
	"lwt_xmit", "lwt_seg6local", "sockops", "sk_skb/stream_parser", "sk_skb/stream_verdict",
	"sk_skb/verdict", "sk_skb", "sk_msg", "lirc_mode2", "flow_dissector", "cgroup_skb/ingress",
	"cgroup_skb/egress", "cgroup/skb", "cgroup/sock_create", "cgroup/sock_release",
	"cgroup/sock", "cgroup/post_bind4", "cgroup/post_bind6", "cgroup/bind4", "cgroup/bind6",
	"cgroup/connect4", "cgroup/connect6", "cgroup/connect_unix", "cgroup/sendmsg4",
	"cgroup/sendmsg6", "cgroup/sendmsg_unix", "cgroup/recvmsg4", "cgroup/recvmsg6",
	"cgroup/recvmsg_unix", "cgroup/getpeername4", "cgroup/getpeername6",
	"cgroup/getpeername_unix", "cgroup/getsockname4", "cgroup/getsockname6",
	"cgroup/getsockname_unix", "cgroup/sysctl", "cgroup/getsockopt", "cgroup/setsockopt",
	"cgroup/dev", "struct_ops+", "struct_ops.s+", "sk_lookup", "netfilter",
};

static void test_every_libbpf_name_is_accepted(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(libbpf_names); i++) {
		const char *name = libbpf_names[i];
		size_t n = strlen(name);
		bool target = name[n - 1] == '+';
		enum bpf_prog_type type;
		enum bpf_attach_type attach;
		char section[128];

		/* a target with two parts suits every kind: tracepoints need both */
		snprintf(section, sizeof(section), "%.*s%s", (int)(n - target), name,
			 target ? "/sched/sched_process_exec" : "");
		if (libbpf_prog_type_by_name(section, &type, &attach))
			fail_msg("libbpf does not know \"%s\": fix this test's list", section);
		if (section_problem(section))
			fail_msg("\"%s\" refused: %s", section, section_problem(section));
		if (!target) {
			/* and nothing may follow a name that takes no target */
			snprintf(section, sizeof(section), "%s/extra", name);
			if (libbpf_prog_type_by_name(section, &type, &attach) && !section_problem(section))
				fail_msg("\"%s\" accepted; libbpf does not know it", section);
		}
	}
}

/* Names libbpf 1.5 added (its section_defs[]: the session probes), which the
 * libbpf linked here, 1.4, does not know yet: loaders with 1.5, and
 * cilium/ebpf, take them. */
static void test_libbpf_1_5_names_are_accepted(void **state)
{
	static const char *const names[] = {
		"kprobe.session/do_unlinkat", "uprobe.session", "uprobe.session//bin/sh:main",
		"uprobe.session.s", "uprobe.session.s//bin/sh:main",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (section_problem(names[i]))
			fail_msg("\"%s\" refused: %s", names[i], section_problem(names[i]));
	assert_non_null(section_problem("kprobe.session")); /* a kprobe needs its function */
}

static void test_names_libbpf_does_not_know_are_refused(void **state)
{
	static const char *const unknown[] = {
		"trace_openat", "", "cgroup/connect5", "xdp/extra", "xdpx", "sockets", "kprobes/x",
		"tc/ingres", "cgroup_skb", "sk_reuseport/other", "lwt", "perf_events",
	};
	enum bpf_prog_type type;
	enum bpf_attach_type attach;

	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++) {
		assert_int_not_equal(libbpf_prog_type_by_name(unknown[i], &type, &attach), 0);
		if (!section_problem(unknown[i]))
			fail_msg("\"%s\" accepted; libbpf does not know it", unknown[i]);
	}
}

/*
 * libbpf knows a tracepoint program by its name's prefix alone, but attaches
 * only "tp/<category>/<event>": the rule section_problem enforces. An object
 * with one program per name, compiled by clang, loaded and auto-attached by
 * libbpf on this kernel: a name is ours exactly when libbpf attaches it.
 */
static const char *const tracepoint_names[] = {
	"tp/sched/sched_process_exec", "tracepoint/sched/sched_process_exec",
	"tp/syscalls/sys_enter_getppid", "tp/sched", "tracepoint/sched_process_exec", "tp/sched/",
	"tp//sched_process_exec", "tp", "tracepoint",
};

static void test_tracepoints_as_libbpf_attaches_them(void **state)
{
	char dir[] = "/tmp/tinybpf-sections-XXXXXX", *src, *obj, *cmd;
	struct bpf_object *o;
	struct bpf_program *prog;
	FILE *f;
	size_t checked = 0;

	if (geteuid() != 0) {
		print_message("SKIP test_tracepoints_as_libbpf_attaches_them: loading and attaching "
			      "needs root\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&src, "%s/tp.c", dir) > 0);
	assert_true(asprintf(&obj, "%s/tp.o", dir) > 0);
	f = fopen(src, "w");
	assert_non_null(f);
	for (size_t i = 0; i < ARRAY_SIZE(tracepoint_names); i++)
		fprintf(f, "__attribute__((section(\"%s\"), used)) int prog%zu(void *ctx) { return 0; }\n",
			tracepoint_names[i], i);
	fprintf(f, "__attribute__((section(\"license\"), used)) char _license[] = \"GPL\";\n");
	fclose(f);
	assert_true(asprintf(&cmd, "clang-22 -O2 -target bpf -c %s -o %s", src, obj) > 0);
	assert_int_equal(system(cmd), 0);

	o = bpf_object__open_file(obj, NULL);
	assert_non_null(o);
	assert_int_equal(bpf_object__load(o), 0);
	bpf_object__for_each_program(prog, o) {
		const char *name = bpf_program__section_name(prog);
		struct bpf_link *link = bpf_program__attach(prog);
		bool attached = link != NULL;

		bpf_link__destroy(link);
		if (attached != (section_problem(name) == NULL))
			fail_msg("\"%s\": libbpf %s it, tinybpf %s it", name,
				 attached ? "attaches" : "cannot attach", attached ? "refuses" : "accepts");
		checked++;
	}
	assert_int_equal(checked, ARRAY_SIZE(tracepoint_names));
	bpf_object__close(o);
	unlink(src);
	unlink(obj);
	rmdir(dir);
	free(src);
	free(obj);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_sections),
		cmocka_unit_test(test_invalid_sections),
		cmocka_unit_test(test_every_libbpf_name_is_accepted),
		cmocka_unit_test(test_libbpf_1_5_names_are_accepted),
		cmocka_unit_test(test_names_libbpf_does_not_know_are_refused),
		cmocka_unit_test(test_tracepoints_as_libbpf_attaches_them),
	};

	libbpf_set_print(NULL); /* refused attaches are expected here */
	return cmocka_run_group_tests_name("sections", tests, NULL, NULL);
}
