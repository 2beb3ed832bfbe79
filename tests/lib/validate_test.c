// SPDX-License-Identifier: MIT
/*
 * validate_object (src/lib/check/validate.c), the last look at every object
 * before it is renamed into place, on objects clang compiles from C: what
 * libbpf opens is checked against what the link meant to write (each
 * program in its section, each map with a type and a size, BTF and
 * BTF.ext). tinybpf's own output passes it in every other suite; here each
 * refusal is met once, with the error it gives.
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

#include "../../src/lib/check/check.h"
#include "../../src/lib/internal.h"

/* A program and its map, as bpf_helpers.h's __uint and __type write it. */
#define MAP                                                                                    \
	"struct { int (*type)[%d]; int (*max_entries)[%d]; int *key; int *value; } m\n"      \
	"	__attribute__((section(\".maps\")));\n"
#define PROGRAM                                                                                \
	"__attribute__((section(\"xdp\"))) int xdp_prog(void *ctx) { return 2; }\n"          \
	"char _license[] __attribute__((section(\"license\"))) = \"GPL\";\n"

struct fixture {
	char dir[32];
	char *c_path, *o_path;
};

/* dir/p.o from PROGRAM and MAP with the map's type and max_entries (no map
 * for a negative type), -g or not. */
static const char *compile(struct fixture *f, int type, int max_entries, bool debug)
{
	char *cmd;
	FILE *out;

	if (!f->dir[0]) {
		strcpy(f->dir, "/tmp/tinybpf-test-XXXXXX");
		assert_non_null(mkdtemp(f->dir));
		assert_true(asprintf(&f->c_path, "%s/p.c", f->dir) > 0);
		assert_true(asprintf(&f->o_path, "%s/p.o", f->dir) > 0);
	}
	out = fopen(f->c_path, "w");
	assert_non_null(out);
	if (type >= 0)
		fprintf(out, MAP, type, max_entries);
	fputs(PROGRAM, out);
	fclose(out);
	assert_true(asprintf(&cmd, "clang-22 %s -O2 -target bpf -c %s -o %s", debug ? "-g" : "",
			     f->c_path, f->o_path) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return f->o_path;
}

static void fixture_free(struct fixture *f)
{
	unlink(f->c_path);
	unlink(f->o_path);
	rmdir(f->dir);
	free(f->c_path);
	free(f->o_path);
}

/* validate_object's result for the object at path, meant to hold `name` in
 * `section`; *message is its one error, or NULL. */
static int validate(const char *path, const char *name, const char *section, size_t *errors,
		    char **message)
{
	struct program p = { .name = (char *)name, .section = (char *)section };
	struct compile c = { .diags = tb_diags_new(), .programs = &p, .program_count = 1 };
	int err = validate_object(path, &c);

	*errors = tb_diags_error_count(c.diags);
	*message = *errors ? strdup(tb_diags_at(c.diags, 0)->message) : NULL;
	tb_diags_free(c.diags);
	return err;
}

static void expect_error(const char *path, const char *name, const char *section,
			 const char *want)
{
	size_t errors;
	char *message;

	assert_int_equal(validate(path, name, section, &errors, &message), -EINVAL);
	assert_int_equal(errors, 1);
	assert_string_equal(message, want);
	free(message);
}

static void test_what_the_link_meant_passes(void **state)
{
	struct fixture f = { 0 };
	size_t errors;
	char *message;

	(void)state;
	/* BPF_MAP_TYPE_HASH (1), 4 entries */
	assert_int_equal(validate(compile(&f, 1, 4, true), "xdp_prog", "xdp", &errors, &message), 0);
	assert_int_equal(errors, 0);
	/* a perf event array (4) is sized by libbpf: 0 entries are its own */
	assert_int_equal(validate(compile(&f, 4, 0, true), "xdp_prog", "xdp", &errors, &message), 0);
	assert_int_equal(errors, 0);
	fixture_free(&f);
}

static void test_each_refusal(void **state)
{
	struct fixture f = { 0 };
	const char *o = compile(&f, 1, 4, true);

	(void)state;
	expect_error(o, "missing", "xdp", "program missing is missing from the object");
	expect_error(o, "xdp_prog", "tc", "program xdp_prog landed in section xdp instead of tc");
	expect_error(compile(&f, 1, 0, true), "xdp_prog", "xdp", "map m has no MaxEntries");
	/* libbpf refuses a map without a type itself: its words are the error */
	expect_error(compile(&f, 0, 4, true), "xdp_prog", "xdp",
		     "the object does not load with libbpf: libbpf: map 'm': map type isn't specified.");
	fixture_free(&f);
}

/* Without -g, clang writes no .BTF (nor .BTF.ext): libbpf still opens an
 * object with no .maps, and validate names what is missing. */
static void test_an_object_without_btf(void **state)
{
	struct fixture f = { 0 };
	size_t errors;
	char *message;

	(void)state;
	assert_int_equal(validate(compile(&f, -1, 0, false), "xdp_prog", "xdp", &errors, &message),
			 -EINVAL);
	assert_int_equal(errors, 2); /* and "the object's .BTF or .BTF.ext does not parse" */
	assert_string_equal(message, "the object has no .BTF section");
	free(message);
	fixture_free(&f);
}

static void test_a_file_that_is_no_object(void **state)
{
	size_t errors;
	char *message;

	(void)state;
	assert_int_not_equal(validate("/etc/hostname", "xdp_prog", "xdp", &errors, &message), 0);
	assert_true(errors >= 1);
	assert_non_null(strstr(message, "the object does not load with libbpf"));
	free(message);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_the_link_meant_passes),
		cmocka_unit_test(test_each_refusal),
		cmocka_unit_test(test_an_object_without_btf),
		cmocka_unit_test(test_a_file_that_is_no_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
