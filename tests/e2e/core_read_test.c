// SPDX-License-Identifier: MIT
/*
 * bpf.CoreRead and the SDK's CO-RE API on the running kernel:
 * tests/testdata/core_read, linked here by the library under test, reads
 * the current task through chains of kernel pointers (with a NULL in the
 * middle and at the root), strings, a bitfield, field and type queries and
 * enum values; tests/testdata/core_read/check.h compares every value with
 * what this process knows (getpid, getppid, prctl, /proc, sched_setscheduler)
 * and with this kernel's BTF. tests/kernels/guest/core_read_test.c runs the
 * same checks in the QEMU guests, where the tp_btf, fentry and iterator
 * programs the host refuses run too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../testdata/core_read/check.h"
#include "../testdata.h"

#include <tinybpf/tinybpf.h>

static void test_core_reads_give_what_the_process_knows(void **state)
{
	char *path = temp_object_path();
	struct tb_diags *diags = tb_diags_new();

	if (link_testdata("core_read", path, NULL, 0, NULL, diags))
		tb_diags_print(diags, stderr);
	assert_int_equal(tb_diags_error_count(diags), 0);
	tb_diags_free(diags);
	assert_int_equal(core_read_check(path), 0);
	/* The host refuses tracing programs: tp_btf, fentry and iter, named. */
	assert_true(core_read_skips <= 3);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_core_reads_give_what_the_process_knows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
