/* SPDX-License-Identifier: MIT */
/*
 * For the C tests: the TinyGo IR of tests/testdata/<case>/main.go, which
 * `make test` compiles into $TINYBPF_TESTDATA/<case>.ll. Include after
 * <cmocka.h>.
 */
#ifndef TINYBPF_TESTS_TESTDATA_H
#define TINYBPF_TESTS_TESTDATA_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <tinybpf/tinybpf.h>

static inline char *testdata_ir(const char *name)
{
	const char *dir = getenv("TINYBPF_TESTDATA");
	char *path;

	assert_non_null(dir);
	assert_true(asprintf(&path, "%s/%s.ll", dir, name) > 0);
	return path;
}

/* A path for an object that does not exist yet (tb_link must create it). */
static inline char *temp_object_path(void)
{
	char *path = strdup("/tmp/tinybpf-test-XXXXXX.o");
	int fd = mkstemps(path, 2);

	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	return path;
}

/* Links one testdata case with tb_link; returns its result. */
static inline int link_testdata(const char *name, const char *output,
				const struct tb_section *sections, size_t section_count,
				const char *config, struct tb_diags *diags)
{
	char *input = testdata_ir(name);
	const char *inputs[] = { input };
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = output,
		.sections = sections, .section_count = section_count, .config = config);
	int err = tb_link(&opts, diags);

	free(input);
	return err;
}

#endif /* TINYBPF_TESTS_TESTDATA_H */
