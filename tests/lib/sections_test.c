// SPDX-License-Identifier: MIT
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../src/lib/sections.h"

static void test_valid_sections(void **state)
{
	static const char *const valid[] = {
		"tracepoint/syscalls/sys_enter_openat", "tp/sched/sched_process_exec",
		"raw_tp/sched_process_exec", "fentry/do_unlinkat", "fexit/do_unlinkat",
		"kprobe/do_sys_openat2", "kretprobe/do_sys_openat2", "lsm/file_open", "xdp",
		"tc", "tc/ingress", "cgroup/connect4", "uprobe", "uprobe//bin/sh:main", "syscall",
		"sk_skb/stream_verdict", "struct_ops/dummy", "iter/task",
	};

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		assert_null(section_problem(valid[i]));
}

static void test_invalid_sections(void **state)
{
	static const char *const invalid[] = {
		"tracepoint/sys_enter_openat", "tracepoint", "tracepoint/syscalls/", "fentry",
		"fentry/", "kprobe", "xdp/extra", "trace_openat", "", "cgroup/connect5",
	};

	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		assert_non_null(section_problem(invalid[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_sections),
		cmocka_unit_test(test_invalid_sections),
	};

	return cmocka_run_group_tests_name("sections", tests, NULL, NULL);
}
