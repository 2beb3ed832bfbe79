// SPDX-License-Identifier: MIT
/*
 * Diagnostics as a user of the library and of the CLI reads them: each
 * place form (file:line:col, file:line, file, none) and severity, in order
 * (a line without a file and a column without a line: 0, as not shown),
 * the error count, and the calls that must be harmless (no collector, out of
 * range, freeing nothing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>

#include "../../src/lib/internal.h"

static void test_places_severities_and_counts(void **state)
{
	struct tb_diags *d = tb_diags_new();
	char *out = NULL;
	size_t size = 0;
	FILE *f;

	assert_int_equal(tb_diags_count(d), 0);
	assert_null(tb_diags_at(d, 0));
	diag_add(d, TB_ERROR, "a/main.go", 10, 34, "bad %s", "thing");
	diag_add(d, TB_WARNING, "a/main.go", 22, 0, "near %d", 512);
	diag_add(d, TB_NOTE, "tinybpf.json", 0, 0, "from here");
	diag_add(d, TB_ERROR, NULL, 0, 0, "no place");
	diag_add(d, TB_NOTE, NULL, 7, 3, "a line without a file is not shown");
	diag_add(d, TB_NOTE, "b.o", 0, 5, "nor a column without a line");
	assert_int_equal(tb_diags_count(d), 6);
	assert_int_equal(tb_diags_error_count(d), 2);
	assert_string_equal(tb_diags_at(d, 0)->message, "bad thing");
	assert_string_equal(tb_diags_at(d, 0)->file, "a/main.go");
	assert_int_equal(tb_diags_at(d, 0)->line, 10);
	assert_int_equal(tb_diags_at(d, 0)->column, 34);
	assert_int_equal(tb_diags_at(d, 1)->severity, TB_WARNING);
	assert_null(tb_diags_at(d, 3)->file);
	/* what is not shown is not there for the library's users either */
	assert_int_equal(tb_diags_at(d, 4)->line, 0);
	assert_int_equal(tb_diags_at(d, 4)->column, 0);
	assert_int_equal(tb_diags_at(d, 5)->column, 0);
	assert_string_equal(tb_diags_at(d, 5)->file, "b.o");
	assert_null(tb_diags_at(d, 6));
	f = open_memstream(&out, &size);
	tb_diags_print(d, f);
	fclose(f);
	assert_string_equal(out, "a/main.go:10:34: error: bad thing\n"
				 "a/main.go:22: warning: near 512\n"
				 "tinybpf.json: note: from here\n"
				 "error: no place\n"
				 "note: a line without a file is not shown\n"
				 "b.o: note: nor a column without a line\n");
	free(out);
	tb_diags_free(d);
}

static void test_no_collector_and_nothing_to_free(void **state)
{
	struct tb_diags *d = tb_diags_new();

	diag_add(NULL, TB_ERROR, "x.go", 1, 1, "dropped");
	tb_diags_free(NULL);
	diag_add(d, TB_NOTE, NULL, 0, 0, "%s", ""); /* an empty message is a message */
	assert_int_equal(tb_diags_count(d), 1);
	assert_string_equal(tb_diags_at(d, 0)->message, "");
	tb_diags_free(d);
}

/* A message that cannot be formatted (a wide character the C locale cannot
 * convert) ends the process rather than leaving a diagnostic without one. */
static void test_an_unformattable_message_aborts(void **state)
{
	static const wchar_t wide[] = { 0x100, 0 };
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct tb_diags *d = tb_diags_new();

		diag_add(d, TB_ERROR, NULL, 0, 0, "%ls", wide);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_places_severities_and_counts),
		cmocka_unit_test(test_no_collector_and_nothing_to_free),
		cmocka_unit_test(test_an_unformattable_message_aborts),
	};

	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
