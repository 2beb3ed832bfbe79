/* SPDX-License-Identifier: MIT */
/* taskQuery in main.go: the context the tests pass to BPF_PROG_TEST_RUN. */
#ifndef TINYBPF_KFUNC_TASK_QUERY_H
#define TINYBPF_KFUNC_TASK_QUERY_H

#include <stdint.h>

struct task_query {
	int32_t pid;  /* in: a thread id */
	int32_t tgid; /* out: the task's tgid */
	char comm[16]; /* out: its name */
};
_Static_assert(sizeof(struct task_query) == 24, "taskQuery is 24 bytes");

#endif /* TINYBPF_KFUNC_TASK_QUERY_H */
