/* SPDX-License-Identifier: MIT */
/* answers in main.go, as the C tests read it from the map "result", and
 * what the running kernel's BTF says they must be. */
#ifndef TINYBPF_CORE_QUERIES_ANSWERS_H
#define TINYBPF_CORE_QUERIES_ANSWERS_H

#include <stdint.h>
#include <string.h>

#include <bpf/btf.h>

struct answers {
	uint32_t ran;
	uint32_t pid_size;        /* bpfCoreFieldSize(&task.Pid) */
	uint32_t comm_size;       /* bpfCoreFieldSize(&task.Comm) */
	uint32_t task_size;       /* bpfCoreTypeSize(task) */
	uint32_t iter_num_exists; /* bpfCoreTypeExists(*bpfCoreBpfIterNum) */
	uint32_t no_such_exists;  /* bpfCoreTypeExists(*bpfCoreTinybpfNoSuchStruct) */
};
_Static_assert(sizeof(struct answers) == 24, "answers is 24 bytes");

/* The size of member `name` of struct type t, or 0. */
static inline uint32_t btf_member_size(const struct btf *btf, const struct btf_type *t,
				       const char *name)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++, m++)
		if (!strcmp(btf__name_by_offset(btf, m->name_off), name))
			return (uint32_t)btf__resolve_size(btf, m->type);
	return 0;
}

/* What the program must answer on the running kernel, from its BTF
 * (/sys/kernel/btf/vmlinux). Returns 0, or -1 without kernel BTF. */
static inline int kernel_answers(struct answers *want)
{
	struct btf *btf = btf__load_vmlinux_btf();
	const struct btf_type *task;
	int id;

	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	task = id > 0 ? btf__type_by_id(btf, id) : NULL;
	want->ran = 1;
	want->pid_size = task ? btf_member_size(btf, task, "pid") : 0;
	want->comm_size = task ? btf_member_size(btf, task, "comm") : 0;
	want->task_size = task ? task->size : 0;
	want->iter_num_exists = btf__find_by_name_kind(btf, "bpf_iter_num", BTF_KIND_STRUCT) > 0;
	want->no_such_exists =
		btf__find_by_name_kind(btf, "tinybpf_no_such_struct", BTF_KIND_STRUCT) > 0;
	btf__free(btf);
	return 0;
}

#endif /* TINYBPF_CORE_QUERIES_ANSWERS_H */
