// SPDX-License-Identifier: MIT
/*
 * tb_verify against the running kernel's verifier, on real TinyGo output:
 * tests/testdata/verify_reject (one program the verifier accepts, two it
 * rejects at known Go lines) and tests/testdata/verify_refused (an fentry
 * program beside a tracepoint program).
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
#include <tinybpf/tinybpf.h>

#include "../testdata.h"

static const struct tb_program_verdict *verdict_of(const struct tb_verify_report *report,
						   const char *name)
{
	for (size_t i = 0; i < tb_verify_report_count(report); i++)
		if (!strcmp(tb_verify_report_at(report, i)->name, name))
			return tb_verify_report_at(report, i);
	fail_msg("no verdict for program %s", name);
	return NULL;
}

/* Links a testdata case and verifies the object. */
static struct tb_verify_report *verify_testdata(const char *name)
{
	char *object = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct tb_verify_report *report = NULL;
	TB_OPTS(tb_verify_opts, opts, .object = object);

	assert_int_equal(link_testdata(name, object, NULL, 0, NULL, diags), 0);
	assert_int_equal(tb_verify(&opts, &report, diags), 0);
	assert_int_equal(tb_diags_error_count(diags), 0);
	unlink(object);
	free(object);
	tb_diags_free(diags);
	return report;
}

static void test_rejections_name_the_go_line(void **state)
{
	struct tb_verify_report *report = verify_testdata("verify_reject");
	const struct tb_program_verdict *checked, *unchecked, *overfill;

	assert_int_equal(tb_verify_report_count(report), 3);

	checked = verdict_of(report, "ethertype_checked");
	assert_int_equal(checked->verdict, TB_ACCEPTED);
	assert_string_equal(checked->type, "xdp");
	assert_string_equal(checked->section, "xdp");
	assert_true(checked->instructions > 0);
	assert_null(checked->log);

	/* main.go:41 reads the packet without comparing against DataEnd. */
	unchecked = verdict_of(report, "first_byte_unchecked");
	assert_int_equal(unchecked->verdict, TB_REJECTED);
	assert_string_equal(unchecked->file, "verify_reject/main.go");
	assert_int_equal(unchecked->line, 41);
	assert_string_equal(unchecked->message, "R1 offset is outside of the packet");
	/* The kernel prints "@ main.go:41"; the log names the object's file. */
	assert_non_null(strstr(unchecked->log, " @ verify_reject/main.go:41\n"));
	assert_non_null(strstr(unchecked->log, "invalid access to packet, off=0 size=1"));
	assert_null(strstr(unchecked->log, " @ main.go:"));

	/* main.go:53 asks bpf_probe_read_user for 64 bytes into 16. */
	overfill = verdict_of(report, "overfills_buffer");
	assert_int_equal(overfill->verdict, TB_REJECTED);
	assert_string_equal(overfill->type, "tracepoint");
	assert_string_equal(overfill->section, "tracepoint/syscalls/sys_enter_openat");
	assert_string_equal(overfill->file, "verify_reject/main.go");
	assert_int_equal(overfill->line, 53);
	assert_non_null(strstr(overfill->message, "R1 off=-16 size=64"));
	tb_verify_report_free(report);
}

/* The host kernel refuses tracing programs (EPERM); where it does not, the
 * same program must be verified like any other. */
static void test_types_the_kernel_refuses_are_not_rejections(void **state)
{
	struct tb_verify_report *report = verify_testdata("verify_refused");
	const struct tb_program_verdict *fentry = verdict_of(report, "unlink_entry");
	const struct tb_program_verdict *tp = verdict_of(report, "unlink_tracepoint");
	bool kernel_loads_tracing = libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, NULL) == 1;

	assert_string_equal(fentry->type, "tracing");
	assert_string_equal(fentry->section, "fentry/do_unlinkat");
	assert_int_equal(fentry->verdict, kernel_loads_tracing ? TB_ACCEPTED : TB_REFUSED);
	if (!kernel_loads_tracing) {
		assert_string_equal(fentry->message,
				    "prog 'unlink_entry': BPF program load failed: Operation not permitted");
		assert_null(fentry->log);
	}
	assert_int_equal(tp->verdict, TB_ACCEPTED);
	tb_verify_report_free(report);
}

static void test_unreadable_objects_are_errors(void **state)
{
	struct tb_diags *diags = tb_diags_new();
	struct tb_verify_report *report = (void *)1;
	TB_OPTS(tb_verify_opts, missing, .object = "/nonexistent/x.bpf.o");
	TB_OPTS(tb_verify_opts, not_elf, .object = "/etc/hostname");
	TB_OPTS(tb_verify_opts, none);

	assert_int_equal(tb_verify(&missing, &report, diags), -ENOENT);
	assert_null(report);
	/* the report a failed call leaves, NULL, reads as no verdicts */
	assert_int_equal(tb_verify_report_count(report), 0);
	assert_null(tb_verify_report_at(report, 0));
	tb_verify_report_free(report);
	assert_string_equal(tb_diags_at(diags, 0)->file, "/nonexistent/x.bpf.o");
	assert_non_null(strstr(tb_diags_at(diags, 0)->message, "cannot open it as a BPF object"));

	assert_true(tb_verify(&not_elf, &report, diags) < 0);
	assert_null(report);
	assert_string_equal(tb_diags_at(diags, 1)->file, "/etc/hostname");

	assert_int_equal(tb_verify(&none, &report, diags), -EINVAL);
	assert_string_equal(tb_diags_at(diags, 2)->message, "no object to verify");
	assert_int_equal(tb_diags_error_count(diags), 3);
	tb_diags_free(diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejections_name_the_go_line),
		cmocka_unit_test(test_types_the_kernel_refuses_are_not_rejections),
		cmocka_unit_test(test_unreadable_objects_are_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
