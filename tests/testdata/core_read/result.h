/* SPDX-License-Identifier: MIT */
/* The C side of tests/testdata/core_read/main.go: readResult and config. */
#ifndef TINYBPF_TESTDATA_CORE_READ_RESULT_H
#define TINYBPF_TESTDATA_CORE_READ_RESULT_H

#include <stdint.h>

struct core_read_result {
	int64_t nil_root_ret, into_ret, str_len, exe_str_len;
	uint64_t reset_on_fork;
	int64_t reset_signed, exit_signal;
	uint64_t exit_bits;
	int64_t pid_type_tgid, pid_type_max, cpuhp_online;
	uint64_t null_pointer;
	uint32_t runs;
	int32_t pid, tgid, parent_tgid, grand_tgid, leader_pid;
	uint32_t exe_len;
	int32_t null_chain, nil_root_tgid, nil_root_val;
	uint32_t pid_signed, flags_signed, bit_signed, pid_offset, pid_size, comm_size, task_size,
		task_exists, netfilter_has, no_such_name, no_such_enum, tasks_size;
	char comm[16], short_comm[8], exe[32];
};

struct core_read_config {
	uint32_t pid, fork_parent, raw_key, pad;
	uint64_t nil_task;
};

/* btfResult: the tp_btf (key 0) and fentry (key 1) programs' view of a child. */
struct core_read_btf_result {
	uint32_t runs;
	int32_t pid, tgid, parent_tgid, core_pid, core_parent_tgid, fork_parent_tgid;
	char comm[16], core_comm[16];
	uint32_t pad;
};

/* results[key]: which program wrote it (the raw tracepoint twice: from the
 * test's main thread, and from another thread). */
enum { CORE_READ_RAW_TP, CORE_READ_TRACEPOINT, CORE_READ_SYSCALL, CORE_READ_THREAD, CORE_READ_RUNS };

_Static_assert(sizeof(struct core_read_result) == 240, "readResult in main.go");
_Static_assert(sizeof(struct core_read_config) == 24, "config in main.go");
_Static_assert(sizeof(struct core_read_btf_result) == 64, "btfResult in main.go");

#endif
