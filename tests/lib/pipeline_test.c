// SPDX-License-Identifier: MIT
/*
 * tb_link on real TinyGo output (tests/testdata/<case>/main.go, compiled by
 * TinyGo into $TINYBPF_TESTDATA/<case>.ll by `make test`): objects that load
 * and compute the right values, and bad programs that fail with the Go line.
 */
#include <errno.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <tinybpf/tinybpf.h>

#include "../testdata.h"

static const struct tb_diag *find_diag(struct tb_diags *diags, const char *needle)
{
	for (size_t i = 0; i < tb_diags_count(diags); i++)
		if (strstr(tb_diags_at(diags, i)->message, needle))
			return tb_diags_at(diags, i);
	tb_diags_print(diags, stderr);
	fail_msg("no diagnostic contains \"%s\"", needle);
	return NULL;
}

static void test_two_maps_keep_their_definitions_and_count(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;
	struct bpf_map *counts, *last;
	struct bpf_program *prog;
	unsigned char packet[64] = { 0 };
	uint32_t key = 7, zero = 0, last_value = 0;
	uint64_t count = 0;

	assert_int_equal(link_testdata("two_maps", out, NULL, 0, NULL, diags), 0);
	obj = bpf_object__open_file(out, NULL);
	assert_non_null(obj);
	counts = bpf_object__find_map_by_name(obj, "counts");
	last = bpf_object__find_map_by_name(obj, "last");
	assert_non_null(counts);
	assert_non_null(last);
	assert_int_equal(bpf_map__type(counts), BPF_MAP_TYPE_HASH);
	assert_int_equal(bpf_map__key_size(counts), 4);
	assert_int_equal(bpf_map__value_size(counts), 8);
	assert_int_equal(bpf_map__max_entries(counts), 1024);
	assert_int_equal(bpf_map__type(last), BPF_MAP_TYPE_ARRAY);
	assert_int_equal(bpf_map__value_size(last), 4);
	assert_int_equal(bpf_map__max_entries(last), 1);
	prog = bpf_object__find_program_by_name(obj, "count_packets");
	assert_non_null(prog);
	assert_string_equal(bpf_program__section_name(prog), "xdp");
	assert_int_equal(bpf_object__load(obj), 0);

	for (int run = 1; run <= 3; run++) {
		LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = packet, .data_size_in = sizeof(packet),
			    .repeat = 1);

		assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &topts), 0);
		assert_int_equal(topts.retval, XDP_PASS);
		assert_int_equal(bpf_map__lookup_elem(counts, &key, 4, &count, 8, 0), 0);
		assert_int_equal(count, run); /* the Go helper bump(7) ran each time */
	}
	assert_int_equal(bpf_map__lookup_elem(last, &zero, 4, &last_value, 4, 0), 0);
	assert_int_equal(last_value, 42);
	bpf_object__close(obj);
	unlink(out);
	free(out);
	tb_diags_free(diags);
}

struct bad_case {
	const char *name;
	const char *message;
	const char *file;
	unsigned line;
};

static void test_bad_programs_fail_at_their_go_line(void **state)
{
	static const struct bad_case cases[] = {
		{ "no_section", "count_exec has no ELF section", "no_section/main.go", 4 },
		{ "bad_section", "tracepoint sections name a category and an event",
		  "bad_section/main.go", 7 },
		{ "unknown_helper",
		  "bpfGetCurrentPidTgd is not a BPF helper; did you mean bpf_get_current_pid_tgid",
		  "unknown_helper/main.go", 10 },
		{ "helper_args", "bpfGetCurrentComm declares 1 argument, but bpf_get_current_comm takes 2",
		  "helper_args/main.go", 11 },
		{ "index_panic", "pick can panic here (index out of range)", "index_panic/main.go", 13 },
		{ "dynamic_alloc", "allocation of a size known only at run time", "dynamic_alloc/main.go",
		  12 },
		{ "big_stack", "on_exec: its stack frame exceeds BPF's 512 bytes", "big_stack/main.go", 22 },
		{ "map_key_and_size", "map sizes: declare Key or KeySize, not both",
		  "map_key_and_size/main.go", 10 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = temp_object_path();
		struct tb_diags *diags = tb_diags_new();
		const struct tb_diag *d;

		assert_int_not_equal(link_testdata(cases[i].name, out, NULL, 0, NULL, diags), 0);
		d = find_diag(diags, cases[i].message);
		assert_int_equal(d->severity, TB_ERROR);
		assert_non_null(d->file);
		assert_non_null(strstr(d->file, cases[i].file));
		assert_int_equal(d->line, cases[i].line);
		assert_int_equal(access(out, F_OK), -1); /* no partial output */
		free(out);
		tb_diags_free(diags);
	}
}

static void test_section_from_options_and_config(void **state)
{
	const struct tb_section section = { "on_exec", "tracepoint/syscalls/sys_enter_execve" };
	char config[] = "/tmp/tinybpf-test-XXXXXX.json";
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;
	FILE *f;

	/* --section */
	assert_int_equal(link_testdata("config_section", out, &section, 1, NULL, diags), 0);
	obj = bpf_object__open_file(out, NULL);
	assert_non_null(obj);
	assert_string_equal(bpf_program__section_name(bpf_object__find_program_by_name(obj, "on_exec")),
			    "tracepoint/syscalls/sys_enter_execve");
	bpf_object__close(obj);
	unlink(out);

	/* tinybpf.json build.programs */
	assert_true(mkstemps(config, 5) >= 0);
	f = fopen(config, "w");
	fputs("{\"build\": {\"programs\": {\"on_exec\": \"raw_tp/sched_process_exec\"}}}", f);
	fclose(f);
	assert_int_equal(link_testdata("config_section", out, NULL, 0, config, diags), 0);
	obj = bpf_object__open_file(out, NULL);
	assert_string_equal(bpf_program__section_name(bpf_object__find_program_by_name(obj, "on_exec")),
			    "raw_tp/sched_process_exec");
	bpf_object__close(obj);
	unlink(out);

	/* an unknown key is refused, not ignored */
	f = fopen(config, "w");
	fputs("{\"build\": {\"programz\": {}}}", f);
	fclose(f);
	assert_int_not_equal(link_testdata("config_section", out, &section, 1, config, diags), 0);
	find_diag(diags, "unknown key \"build.programz\"");
	assert_int_equal(access(out, F_OK), -1);

	unlink(config);
	free(out);
	tb_diags_free(diags);
}

static void test_btf_names_are_c_identifiers(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct btf *btf;

	assert_int_equal(link_testdata("two_maps", out, NULL, 0, NULL, diags), 0);
	btf = btf__parse(out, NULL);
	assert_non_null(btf);
	for (unsigned id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);

		if (btf_is_datasec(t))
			continue; /* ".maps" is a section name */
		assert_null(strchr(name, '.'));
		if (btf_is_ptr(t))
			assert_string_equal(name, "");
	}
	assert_true(btf__find_by_name_kind(btf, "count_packets", BTF_KIND_FUNC) > 0);
	btf__free(btf);
	unlink(out);
	free(out);
	tb_diags_free(diags);
}

/* Runs the XDP program once on a 64-byte packet; returns its verdict. */
static int run_xdp(struct bpf_program *prog)
{
	unsigned char packet[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = packet, .data_size_in = sizeof(packet),
		    .repeat = 1);

	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &topts), 0);
	return (int)topts.retval;
}

static void test_globals_are_settable_and_live_in_data_sections(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	uint32_t zero = 0, max_len = 32;
	struct {
		uint64_t seen_packets;
	} bss;
	struct {
		uint32_t last_len;
	} data;

	assert_int_equal(link_testdata("globals", out, NULL, 0, NULL, diags), 0);
	for (int configured = 0; configured <= 1; configured++) {
		struct bpf_object *obj = bpf_object__open_file(out, NULL);
		struct bpf_map *rodata;
		struct bpf_program *prog;

		assert_non_null(obj);
		rodata = bpf_object__find_map_by_name(obj, ".rodata");
		assert_non_null(rodata);
		if (configured) /* .rodata holds only maxLen */
			assert_int_equal(bpf_map__set_initial_value(rodata, &max_len, sizeof(max_len)), 0);
		assert_int_equal(bpf_object__load(obj), 0);
		prog = bpf_object__find_program_by_name(obj, "filter");
		/* 64 bytes: passes the default limit of 100, dropped once it is 32 */
		assert_int_equal(run_xdp(prog), configured ? XDP_DROP : XDP_PASS);
		assert_int_equal(run_xdp(prog), configured ? XDP_DROP : XDP_PASS);
		assert_int_equal(bpf_map__lookup_elem(bpf_object__find_map_by_name(obj, ".bss"), &zero, 4,
						      &bss, sizeof(bss), 0), 0);
		assert_int_equal(bss.seen_packets, 2);
		assert_int_equal(bpf_map__lookup_elem(bpf_object__find_map_by_name(obj, ".data"), &zero,
						      4, &data, sizeof(data), 0), 0);
		assert_int_equal(data.last_len, 64);
		bpf_object__close(obj);
	}
	unlink(out);
	free(out);
	tb_diags_free(diags);
}

static void test_panic_return_policy_returns_the_chosen_value(void **state)
{
	char *input = testdata_ir("index_panic"), *out = temp_object_path();
	const char *inputs[] = { input };
	struct tb_diags *diags = tb_diags_new();
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = out,
		.panic_return_set = true, .panic_return = 1);
	struct bpf_object *obj;
	int dropped = 0;

	assert_int_equal(tb_link(&opts, diags), 0);
	obj = bpf_object__open_file(out, NULL);
	assert_non_null(obj);
	assert_int_equal(bpf_object__load(obj), 0);
	/* pick() indexes an 8-entry table with a random u32: out of range
	 * (the panic) all but 8 in 2^32 times, which now returns 1. */
	for (int i = 0; i < 20; i++) {
		int verdict = run_xdp(bpf_object__find_program_by_name(obj, "pick"));

		assert_true(verdict == 0 || verdict == 1);
		dropped += verdict == 1;
	}
	assert_true(dropped > 0);
	bpf_object__close(obj);
	unlink(out);
	free(out);
	free(input);
	tb_diags_free(diags);
}

/* The kernel decides which helpers a program may call from its license
 * (include/linux/license.h), so the library refuses an empty one with a
 * message, as the CLI refuses --license '' (the API has no other check). */
static void test_an_empty_license_is_refused(void **state)
{
	char *input = testdata_ir("two_maps"), *out = temp_object_path();
	const char *inputs[] = { input };
	struct tb_diags *diags = tb_diags_new();
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = out, .license = "");
	const struct tb_diag *d;

	(void)state;
	assert_int_not_equal(tb_link(&opts, diags), 0);
	assert_int_equal(tb_diags_error_count(diags), 1);
	d = find_diag(diags, "the license must not be empty");
	assert_int_equal(d->severity, TB_ERROR);
	assert_int_equal(access(out, F_OK), -1); /* no partial output */
	free(out);
	free(input);
	tb_diags_free(diags);
}

/* LLVM's own diagnostics without a place ("ignoring debug info with an
 * invalid version", from LLVM's IR reader, for a Debug Info Version it does
 * not know) keep none: no file, line 0 and column 0. */
static void test_an_llvm_diagnostic_without_a_place(void **state)
{
	static const char flag[] = "!\"Debug Info Version\", i32 3}";
	char *input = testdata_ir("two_maps"), *out = temp_object_path(), *text, *at;
	char path[] = "/tmp/tinybpf-test-XXXXXX.ll";
	const char *inputs[] = { path };
	struct tb_diags *diags = tb_diags_new();
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = out);
	const struct tb_diag *d;
	size_t size;
	FILE *f;
	int fd;

	(void)state;
	f = fopen(input, "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = (size_t)ftell(f);
	rewind(f);
	text = calloc(1, size + 1);
	assert_int_equal(fread(text, 1, size, f), size);
	fclose(f);
	at = strstr(text, flag);
	assert_non_null(at);
	at[sizeof(flag) - 3] = '2'; /* version 2: LLVM drops the debug info */
	fd = mkstemps(path, 3);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, size), (ssize_t)size);
	close(fd);

	tb_link(&opts, diags); /* without debug info it finds no program: not the point */
	d = find_diag(diags, "ignoring debug info with an invalid version (2)");
	assert_int_equal(d->severity, TB_WARNING);
	assert_null(d->file);
	assert_int_equal(d->line, 0);
	assert_int_equal(d->column, 0);
	unlink(path);
	unlink(out);
	free(text);
	free(out);
	free(input);
	tb_diags_free(diags);
}

static void assert_diag(struct tb_diags *diags, const char *message, enum tb_severity severity,
			const char *file, unsigned line)
{
	const struct tb_diag *d = find_diag(diags, message);

	assert_int_equal(d->severity, severity);
	assert_non_null(d->file);
	assert_string_equal(d->file, file);
	assert_int_equal(d->line, line);
}

static void test_stack_near_and_past_the_limit_names_the_objects(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;

	/* 416 bytes: builds, with a warning at the function and a note at `var s` */
	assert_int_equal(link_testdata("stack_near", out, NULL, 0, NULL, diags), 0);
	assert_diag(diags, "on_exec: its stack frame is 416 bytes, near BPF's limit of 512",
		    TB_WARNING, "stack_near/main.go", 22);
	assert_diag(diags, "on_exec's stack holds s: 416 bytes", TB_NOTE, "stack_near/main.go", 23);
	obj = bpf_object__open_file(out, NULL);
	assert_non_null(obj);
	assert_int_equal(bpf_object__load(obj), 0); /* a warning, and a valid program */
	bpf_object__close(obj);
	unlink(out);
	tb_diags_free(diags);

	/* 616 bytes: the error, and the variable that made it */
	diags = tb_diags_new();
	assert_int_not_equal(link_testdata("big_stack", out, NULL, 0, NULL, diags), 0);
	assert_diag(diags, "on_exec's stack holds r: 616 bytes", TB_NOTE, "big_stack/main.go", 23);
	assert_int_equal(access(out, F_OK), -1);
	free(out);
	tb_diags_free(diags);

	/* far from the limit: nothing to say */
	diags = tb_diags_new();
	out = temp_object_path();
	assert_int_equal(link_testdata("two_maps", out, NULL, 0, NULL, diags), 0);
	assert_int_equal(tb_diags_count(diags), 0);
	unlink(out);
	free(out);
	tb_diags_free(diags);
}

/* With verbose, each stage's time is a note about no place: no file, line 0
 * and column 0, as tinybpf.h says of a place that is unknown. */
static void test_verbose_notes_have_no_place(void **state)
{
	char *input = testdata_ir("two_maps"), *out = temp_object_path();
	const char *inputs[] = { input };
	struct tb_diags *diags = tb_diags_new();
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = out, .verbose = true);
	size_t stages = 0;

	(void)state;
	assert_int_equal(tb_link(&opts, diags), 0);
	for (size_t i = 0; i < tb_diags_count(diags); i++) {
		const struct tb_diag *d = tb_diags_at(diags, i);

		if (strncmp(d->message, "stage ", 6))
			continue;
		stages++;
		assert_int_equal(d->severity, TB_NOTE);
		assert_null(d->file);
		assert_int_equal(d->line, 0);
		assert_int_equal(d->column, 0);
	}
	assert_true(stages >= 10);
	unlink(out);
	free(out);
	free(input);
	tb_diags_free(diags);
}

/* The library's chosen TinyGo ranks above $TINYGO (tinybpf.h): neither
 * exists here, and the error names the chosen one. */
static void test_a_chosen_tinygo_ranks_above_the_environment(void **state)
{
	char *out = temp_object_path(), *saved = getenv("TINYGO") ? strdup(getenv("TINYGO")) : NULL;
	struct tb_diags *diags = tb_diags_new();
	TB_OPTS(tb_options, opts, .package = ".", .tinygo = "/nowhere/chosen-tinygo", .output = out);

	(void)state;
	setenv("TINYGO", "/nowhere/env-tinygo", 1);
	/* and first: no package, one error, TinyGo never looked for */
	opts.package = NULL;
	assert_int_equal(tb_build(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_error_count(diags), 1);
	assert_string_equal(tb_diags_at(diags, 0)->message, "no Go package to build");
	opts.package = ".";
	assert_int_not_equal(tb_build(&opts, diags), 0);
	assert_non_null(find_diag(diags, "cannot run TinyGo (/nowhere/chosen-tinygo): No such file or directory"));
	assert_int_equal(access(out, F_OK), -1);
	if (saved)
		setenv("TINYGO", saved, 1);
	else
		unsetenv("TINYGO");
	free(saved);
	free(out);
	tb_diags_free(diags);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A program using the library may handle signals without SA_RESTART: one
 * arriving while tb_build waits for TinyGo interrupts the wait (EINTR), which
 * is no failure of TinyGo's; the build waits on and ends as TinyGo does. The
 * TinyGo here writes two_maps' IR to its -o after a second; the signal comes
 * at 200 ms. */
static void test_a_signal_while_tinygo_runs_is_waited_through(void **state)
{
	char *out = temp_object_path(), *tinygo = strdup("/tmp/tinybpf-test-XXXXXX"), *ir = testdata_ir("two_maps");
	struct tb_diags *diags = tb_diags_new();
	struct sigaction alarm_action = { .sa_handler = on_alarm }, old_action;
	struct itimerval at = { .it_value = { 0, 200000 } };
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(tinygo);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\nwhile [ $# -gt 1 ]; do [ \"$1\" = -o ] && out=$2; shift; done\n"
		   "sleep 1 && cp '%s' \"$out\"\n", ir);
	fclose(f);
	assert_int_equal(chmod(tinygo, 0700), 0);
	TB_OPTS(tb_options, opts, .package = ".", .tinygo = tinygo, .output = out);
	assert_int_equal(sigaction(SIGALRM, &alarm_action, &old_action), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &at, NULL), 0);
	assert_int_equal(tb_build(&opts, diags), 0);
	assert_int_equal(sigaction(SIGALRM, &old_action, NULL), 0);
	assert_int_equal(tb_diags_error_count(diags), 0);
	assert_int_equal(access(out, F_OK), 0);
	unlink(out);
	unlink(tinygo);
	free(ir);
	free(tinygo);
	free(out);
	tb_diags_free(diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_maps_keep_their_definitions_and_count),
		cmocka_unit_test(test_bad_programs_fail_at_their_go_line),
		cmocka_unit_test(test_section_from_options_and_config),
		cmocka_unit_test(test_an_empty_license_is_refused),
		cmocka_unit_test(test_an_llvm_diagnostic_without_a_place),
		cmocka_unit_test(test_verbose_notes_have_no_place),
		cmocka_unit_test(test_btf_names_are_c_identifiers),
		cmocka_unit_test(test_globals_are_settable_and_live_in_data_sections),
		cmocka_unit_test(test_panic_return_policy_returns_the_chosen_value),
		cmocka_unit_test(test_stack_near_and_past_the_limit_names_the_objects),
		cmocka_unit_test(test_a_chosen_tinygo_ranks_above_the_environment),
		cmocka_unit_test(test_a_signal_while_tinygo_runs_is_waited_through),
	};

	return cmocka_run_group_tests_name("pipeline", tests, NULL, NULL);
}
