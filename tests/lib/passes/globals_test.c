// SPDX-License-Identifier: MIT
/*
 * The globals pass on real TinyGo output: a string constant used as
 * bpf_trace_printk's format ($TINYBPF_TESTDATA/string_format.ll) becomes a
 * BTF VAR, and its name must be a C identifier, or the kernel refuses the
 * object's BTF at load.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <bpf/btf.h>

#include "../../testdata.h"

static bool is_c_identifier(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static void test_string_constant_var_has_c_name(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct btf *btf;
	int vars = 0;

	(void)state;
	assert_int_equal(link_testdata("string_format", out, NULL, 0, NULL, diags), 0);
	btf = btf__parse(out, NULL);
	assert_non_null(btf);
	for (unsigned id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);

		if (btf_is_var(t)) {
			vars++;
			assert_string_equal(name, "main_string");
		}
		if (name && *name && !btf_is_datasec(t) && !is_c_identifier(name))
			fail_msg("BTF type %u is named \"%s\", not a C identifier", id, name);
	}
	assert_int_equal(vars, 1);
	btf__free(btf);
	unlink(out);
	free(out);
	tb_diags_free(diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_constant_var_has_c_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
