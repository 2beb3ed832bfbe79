/* SPDX-License-Identifier: MIT */
/* taskInfo in main.go, as the C tests read it from the map. */
#ifndef TINYBPF_CORE_TASK_INFO_H
#define TINYBPF_CORE_TASK_INFO_H

#include <stdint.h>

struct task_info {
	int32_t pid;
	int32_t tgid;
	int32_t parent_tgid;
	uint32_t runs;
	char comm[16];
	char comm3;
	uint8_t pad[7];
};
_Static_assert(sizeof(struct task_info) == 40, "taskInfo is 40 bytes");

#endif /* TINYBPF_CORE_TASK_INFO_H */
