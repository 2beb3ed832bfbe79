// SPDX-License-Identifier: MIT
/*
 * Guest (and host) test for tests/testdata/core_queries (Go, built once by
 * TinyGo and tinybpf link): CO-RE field-size, type-size and type-existence
 * relocations are answered from the running kernel's BTF.
 *
 * Load $TBPF_DATA_DIR/core_queries.bpf.o, run core_queries (raw_tp) once with
 * BPF_PROG_TEST_RUN and compare its answers with what this kernel's
 * /sys/kernel/btf/vmlinux says: sizeof(task_struct) (different on every
 * kernel of the matrix), the sizes of task_struct.pid and .comm (the stub
 * declares 8 and 8 bytes), whether struct bpf_iter_num exists (6.4+: not on
 * 6.1) and that a struct no kernel has does not.
 *
 * Lines starting with "core-queries: " are a summary for the log.
 * Build: cc -O2 -Wall -static core_queries_test.c -lbpf -lelf -lz
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../testdata/core_queries/answers.h"
#include "guest.h"

static void expect(const char *what, uint32_t got, uint32_t want)
{
	if (got != want)
		fail("%s: the program says %u, the kernel's BTF %u", what, got, want);
}

int main(void)
{
	struct answers got = { 0 }, want;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *result;
	uint32_t zero = 0;
	int err;
	LIBBPF_OPTS(bpf_test_run_opts, run);

	setvbuf(stdout, NULL, _IONBF, 0);
	if (kernel_answers(&want)) {
		printf("FAIL: no kernel BTF: %s\n", strerror(errno));
		return 1;
	}
	obj = load_data_object("core_queries.bpf.o");
	if (!obj)
		return 1;
	result = bpf_object__find_map_by_name(obj, "result");
	prog = bpf_object__find_program_by_name(obj, "core_queries");
	if (!result || !prog) {
		printf("FAIL: want map \"result\" and program \"core_queries\"\n");
		return 1;
	}
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &run);
	if (!err)
		err = bpf_map__lookup_elem(result, &zero, 4, &got, sizeof(got), 0);
	if (err) {
		printf("FAIL: run core_queries and read result[0]: %s\n", strerror(-err));
		return 1;
	}
	printf("core-queries: sizeof(task_struct) %u, pid %u, comm %u bytes; bpf_iter_num %s; "
	       "tinybpf_no_such_struct %s\n",
	       got.task_size, got.pid_size, got.comm_size, got.iter_num_exists ? "yes" : "no",
	       got.no_such_exists ? "yes" : "no");

	expect("ran", got.ran, 1);
	expect("sizeof(task_struct)", got.task_size, want.task_size);
	expect("sizeof(task_struct.pid)", got.pid_size, want.pid_size);
	expect("sizeof(task_struct.comm)", got.comm_size, want.comm_size);
	expect("struct bpf_iter_num exists", got.iter_num_exists, want.iter_num_exists);
	expect("struct tinybpf_no_such_struct exists", got.no_such_exists, 0);
	bpf_object__close(obj);
	if (failures) {
		printf("core-queries: FAIL (%d mismatches)\n", failures);
		return 1;
	}
	printf("core-queries: PASS\n");
	return 0;
}
