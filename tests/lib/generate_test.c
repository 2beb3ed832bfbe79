// SPDX-License-Identifier: MIT
/*
 * The pieces of tinybpf generate: gofmt's column alignment, Go names, and the
 * layout model of tests/testdata/typed_globals linked from real TinyGo output
 * (tests/cli/generate_test.sh compiles and runs what the printers write).
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

#include "../../src/lib/generate/generate.h"
#include "../testdata.h"

static void align_expect(const char *in, const char *want)
{
	char *got = gen_align_columns(in);

	assert_string_equal(got, want);
	free(got);
}

/* What gofmt prints for these declarations (checked with gofmt 1.26). */
static void test_align_like_gofmt(void **state)
{
	(void)state;
	align_expect("type T struct {\n\t_\vstructs.HostLayout\n\tEnabled\vbool\n\tN\v[6]byte\n}\n",
		     "type T struct {\n\t_       structs.HostLayout\n\tEnabled bool\n\tN       [6]byte\n}\n");
	/* Tags form a third column; an unindented line ends every block. */
	align_expect("type M struct {\n\tA\v*ebpf.Map\v`ebpf:\"a\"`\n\tLong\v*ebpf.MapSpec\v`ebpf:\"long\"`\n}\n"
		     "const (\n\tX\v= 1\n)\n",
		     "type M struct {\n\tA    *ebpf.Map     `ebpf:\"a\"`\n\tLong *ebpf.MapSpec `ebpf:\"long\"`\n}\n"
		     "const (\n\tX = 1\n)\n");
	/* A line without the column splits it: each run aligns on its own. */
	align_expect("\tab\vx\n\tc\n\td\vy\n", "\tab x\n\tc\n\td y\n");
	align_expect("\t\tdeep\n", "\t\tdeep\n");
}

static void test_go_identifiers(void **state)
{
	static const char *const cases[][2] = {
		{ "trace_openat", "TraceOpenat" }, { ".rodata", "Rodata" },
		{ "maxLen", "MaxLen" },           { "data.counters", "DataCounters" },
		{ "9lives", "X9lives" },           { "__u32", "U32" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *id = gen_go_identifier(cases[i][0]);

		assert_string_equal(id, cases[i][1]);
		free(id);
	}
	assert_true(gen_is_go_identifier("hello_2"));
	assert_false(gen_is_go_identifier("func"));
	assert_false(gen_is_go_identifier("my-tool"));
	assert_false(gen_is_go_identifier("1abc"));
	assert_false(gen_is_go_identifier(""));
}

static const struct gen_record *record(const struct gen_model *m, const char *name)
{
	for (size_t i = 0; i < m->record_count; i++)
		if (!strcmp(m->records[i].name, name))
			return &m->records[i];
	fail_msg("no record %s", name);
	return NULL;
}

/* settings { Enabled bool; Shift uint8; Limit uint64; Tag [3]byte }: padding
 * 6 bytes before Limit and 5 at the end, in the model as explicit fields. */
static void test_model_of_typed_globals(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct gen_model m;
	const struct gen_record *settings, *event;

	(void)state;
	assert_int_equal(link_testdata("typed_globals", out, NULL, 0, NULL, diags), 0);
	assert_int_equal(gen_model_load(&m, out, NULL, 0, diags), 0);

	assert_int_equal(m.program_count, 1);
	assert_string_equal(m.programs[0].name, "record");
	assert_string_equal(m.programs[0].section, "xdp");
	assert_int_equal(m.record_count, 3); /* label, packetEvent, settings: sorted */
	assert_string_equal(m.records[0].name, "label");

	settings = record(&m, "settings");
	assert_int_equal(settings->size, 24);
	assert_int_equal(settings->align, 8);
	assert_int_equal(settings->field_count, 6);
	assert_null(settings->fields[2].name);
	assert_int_equal(settings->fields[2].offset, 2);
	assert_int_equal(settings->fields[2].size, 6);
	assert_string_equal(settings->fields[3].name, "Limit");
	assert_int_equal(settings->fields[3].offset, 8);
	assert_int_equal(settings->fields[3].type.int_size, 8);
	assert_true(settings->fields[4].type.is_byte);
	assert_int_equal(settings->fields[4].type.dims[0], 3);
	assert_null(settings->fields[5].name);
	assert_int_equal(settings->fields[5].size, 5);

	event = record(&m, "packetEvent");
	assert_string_equal(event->fields[4].name, "Labels");
	assert_int_equal(event->fields[4].offset, 16);
	assert_int_equal(event->fields[4].type.base, GEN_RECORD);
	assert_string_equal(m.records[event->fields[4].type.index].name, "label");

	/* .bss holds lastEvent, .rodata config: each a variable of its record. */
	assert_int_equal(m.map_count, 2);
	assert_string_equal(m.maps[0].name, ".bss");
	assert_int_equal(m.maps[0].variable_count, 1);
	assert_string_equal(m.maps[0].variables[0].name, "lastEvent");
	assert_string_equal(m.records[m.maps[0].variables[0].type.index].name, "packetEvent");

	gen_model_free(&m);
	tb_diags_free(diags);
	unlink(out);
	free(out);
}

/* dir/c.o, compiled by clang from `source`; dir is made here. */
static char *compile_c(char *dir, const char *source)
{
	char *c_path, *o_path, *cmd;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&c_path, "%s/c.c", dir) > 0);
	assert_true(asprintf(&o_path, "%s/c.o", dir) > 0);
	f = fopen(c_path, "w");
	assert_non_null(f);
	fputs(source, f);
	fclose(f);
	assert_true(asprintf(&cmd, "clang-22 -g -O2 -target bpf -c %s -o %s", c_path, o_path) > 0);
	assert_int_equal(system(cmd), 0);
	unlink(c_path);
	free(c_path);
	free(cmd);
	return o_path;
}

/* The model of the C object clang compiles from `source`, in dir (made here). */
static char *load_c(char *dir, const char *source, struct gen_model *m, struct tb_diags *diags)
{
	char *o_path = compile_c(dir, source);

	assert_int_equal(gen_model_load(m, o_path, NULL, 0, diags), 0);
	assert_int_equal(tb_diags_error_count(diags), 0);
	return o_path;
}

/* What load_c made, gone. */
static void unload_c(char *dir, char *o_path, struct gen_model *m, struct tb_diags *diags)
{
	gen_model_free(m);
	tb_diags_free(diags);
	unlink(o_path);
	rmdir(dir);
	free(o_path);
}

/* The Go gen_write_go writes for m (the caller frees it), and its result in *err. */
static char *go_of(const struct gen_model *m, struct tb_diags *diags, int *err)
{
	struct gen_go_options go = { .package = "cobj", .prefix = "c" };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	*err = gen_write_go(m, &go, f, diags);
	fclose(f);
	return text;
}

/* An object clang compiles from C, the source of the values below: a double
 * and a float (BTF_KIND_FLOAT of 8 and 4 bytes), a signed enum, an __int128
 * and an enum without a name. The model
 * has them as they are, and gen_write_go writes Go's float64, float32 and the
 * enum's constants with their values (here in this process, where
 * LeakSanitizer sees what the loader writer leaves). */
static void test_model_and_go_of_a_c_object(void **state)
{
	static const char source[] = "enum color { RED = 1, GREEN = 2, BLUE = -3 };\n"
				     "struct sample { double d; float f; enum color c; };\n"
				     "struct sample cfg;\n"
				     "struct wide { __int128 big; enum { ANON_X = 7 } anon; };\n"
				     "struct wide w;\n"
				     "char _license[] __attribute__((section(\"license\"))) = \"GPL\";\n";
	char dir[] = "/tmp/tinybpf-test-XXXXXX", *o_path, *text = NULL;
	struct tb_diags *diags = tb_diags_new();
	const struct gen_record *sample, *color, *wide;
	struct gen_model m;
	size_t len = 0;
	FILE *f;
	int err;

	(void)state;
	o_path = load_c(dir, source, &m, diags);

	sample = record(&m, "sample");
	assert_int_equal(sample->size, 16);
	assert_int_equal(sample->field_count, 3);
	assert_string_equal(sample->fields[0].name, "d");
	assert_int_equal(sample->fields[0].type.base, GEN_FLOAT);
	assert_int_equal(sample->fields[0].type.int_size, 8);
	assert_string_equal(sample->fields[1].name, "f");
	assert_int_equal(sample->fields[1].type.base, GEN_FLOAT);
	assert_int_equal(sample->fields[1].type.int_size, 4);
	color = record(&m, "color");
	assert_true(color->is_enum);
	assert_true(color->enum_signed);
	assert_int_equal(color->value_count, 3);
	assert_string_equal(color->values[2].name, "BLUE");
	assert_int_equal(color->values[2].value, -3);
	/* __int128 (16 bytes) is bytes; an enum without a name is its integer */
	wide = record(&m, "wide");
	assert_string_equal(wide->fields[0].name, "big");
	assert_true(wide->fields[0].type.is_byte);
	assert_int_equal(wide->fields[0].type.ndims, 1);
	assert_int_equal(wide->fields[0].type.dims[0], 16);
	assert_string_equal(wide->fields[1].name, "anon");
	assert_int_equal(wide->fields[1].type.base, GEN_INT);
	assert_int_equal(wide->fields[1].type.int_size, 4);

	text = go_of(&m, diags, &err);
	assert_int_equal(err, 0);
	assert_non_null(strstr(text, "\n\tD float64\n"));
	assert_non_null(strstr(text, "\n\tF float32\n"));
	assert_non_null(strstr(text, "\ntype cColor int32\n"));
	assert_non_null(strstr(text, "\tcColorBLUE  cColor = -3\n"));
	free(text);

	/* The C skeleton of the same model: its enum is no struct, and the
	 * definitions still all go out (the loop over records ends); the object's
	 * bytes end with the last one and no comma after it. */
	text = NULL;
	f = open_memstream(&text, &len);
	assert_non_null(f);
	gen_write_c(&m, "cobj", f);
	fclose(f);
	/* the C types clang compiled from: a signed enum is int32_t (BLUE is -3),
	 * the nameless one uint32_t */
	assert_non_null(strstr(text, "struct cobj__sample {\n\tdouble d;\n\tfloat f;\n\tint32_t c;\n};"));
	assert_non_null(strstr(text, "\tuint8_t big[16];\n\tuint32_t anon;\n"));
	assert_non_null(strstr(text, "struct cobj__wide {\n"));
	assert_null(strstr(text, "struct cobj__color {"));
	{
		char last[16];

		snprintf(last, sizeof(last), "0x%02x\n};", m.bytes[m.byte_count - 1]);
		assert_non_null(strstr(text, last));
	}

	free(text);
	unload_c(dir, o_path, &m, diags);
}

/* A member with no name whose type is no struct or union (here an enum: C
 * cannot write that, so the object's BTF string of the member's name is
 * blanked): the model leaves its bytes as padding, as it does bitfields. */
static void test_a_nameless_member_that_is_no_struct(void **state)
{
	static const char source[] = "enum kind { KIND_X = 5 };\n"
				     "struct rec { int a; enum kind zz_blanked_by_the_test; };\n"
				     "struct rec g;\n"
				     "char _license[] __attribute__((section(\"license\"))) = \"GPL\";\n";
	static const char name[] = "zz_blanked_by_the_test";
	char dir[] = "/tmp/tinybpf-test-XXXXXX", *o_path, *bytes, *at;
	struct tb_diags *diags = tb_diags_new();
	const struct gen_record *rec;
	struct gen_model m;
	size_t size = 0, blanked = 0;
	FILE *f;

	(void)state;
	o_path = compile_c(dir, source);
	f = fopen(o_path, "r+");
	assert_non_null(f);
	bytes = calloc(1, 1 << 20);
	size = fread(bytes, 1, 1 << 20, f);
	for (at = bytes; (at = memmem(at, size - (size_t)(at - bytes), name, sizeof(name))); blanked++)
		memset(at, 0, sizeof(name) - 1);
	assert_true(blanked >= 1); /* .BTF's strings (and DWARF's) */
	rewind(f);
	assert_int_equal(fwrite(bytes, 1, size, f), size);
	fclose(f);
	free(bytes);

	assert_int_equal(gen_model_load(&m, o_path, NULL, 0, diags), 0);
	rec = record(&m, "rec");
	assert_int_equal(rec->size, 8);
	assert_int_equal(rec->field_count, 2);
	assert_string_equal(rec->fields[0].name, "a");
	assert_null(rec->fields[1].name); /* padding */
	assert_int_equal(rec->fields[1].offset, 4);
	assert_int_equal(rec->fields[1].size, 4);
	unload_c(dir, o_path, &m, diags);
}

/* Two members of one struct that Go would name alike (foo_bar and fooBar are
 * both FooBar, by the rule test_go_identifiers checks): the first member
 * against a later one too. gen_write_go refuses it, naming both; the C
 * compiler, not our model, says those are the struct's members. */
static void test_go_fields_that_clash(void **state)
{
	static const char source[] = "struct clash { int foo_bar; int fooBar; int other; };\n"
				     "struct clash g;\n"
				     "char _license[] __attribute__((section(\"license\"))) = \"GPL\";\n";
	char dir[] = "/tmp/tinybpf-test-XXXXXX", *o_path, *text;
	struct tb_diags *diags = tb_diags_new();
	struct gen_model m;
	int err;

	(void)state;
	o_path = load_c(dir, source, &m, diags);
	text = go_of(&m, diags, &err);
	assert_int_equal(err, -EINVAL);
	assert_int_equal(tb_diags_error_count(diags), 1);
	assert_string_equal(tb_diags_at(diags, tb_diags_count(diags) - 1)->message,
			    "type clash: fields foo_bar and fooBar would both be FooBar in Go");

	free(text);
	unload_c(dir, o_path, &m, diags);
}

/* The model of the C object `source` fails to load, with one error, which
 * holds `message`. */
static void assert_load_fails_with(const char *source, const char *message)
{
	char dir[] = "/tmp/tinybpf-test-XXXXXX", *o_path;
	struct tb_diags *diags = tb_diags_new();
	struct gen_model m;

	o_path = compile_c(dir, source);
	assert_int_equal(gen_model_load(&m, o_path, NULL, 0, diags), -EINVAL);
	assert_int_equal(tb_diags_error_count(diags), 1);
	assert_non_null(strstr(tb_diags_at(diags, 0)->message, message));
	unload_c(dir, o_path, &m, diags);
}

/* A map whose value the model cannot describe (arrays nested nine deep, one
 * more than GEN_MAX_DIMS), before maps it can: the load fails with that one
 * error, whatever the maps after it give (libbpf lists the .maps section's
 * maps in the order of its DATASEC, deep before flat, then .bss). */
static void test_a_map_the_model_cannot_describe_fails_the_load(void **state)
{
	static const char source[] =
		"#define __uint(name, val) int (*name)[val]\n"
		"#define __type(name, val) typeof(val) *name\n"
		"struct deep { int v[1][1][1][1][1][1][1][1][1]; };\n"
		"struct { __uint(type, 2); __uint(max_entries, 1); __type(key, int);\n"
		"\t__type(value, struct deep); } deep __attribute__((section(\".maps\")));\n"
		"struct { __uint(type, 2); __uint(max_entries, 1); __type(key, int);\n"
		"\t__type(value, long); } flat __attribute__((section(\".maps\")));\n"
		"long counter;\n"
		"char _license[] __attribute__((section(\"license\"))) = \"GPL\";\n";

	(void)state;
	assert_load_fails_with(source, "arrays nest deeper than 8");
}

/* A 16-byte integer is an array of 16 bytes in Go, one dimension more: in
 * an array nested eight deep, that is nine, one too many. The load fails with
 * one error saying so (it once failed with none). */
static void test_an_int128_array_nested_eight_deep(void **state)
{
	static const char source[] =
		"struct deep { __int128 v[1][1][1][1][1][1][1][1]; };\n"
		"struct deep g;\n"
		"char _license[] __attribute__((section(\"license\"))) = \"GPL\";\n";

	(void)state;
	assert_load_fails_with(source, "arrays nest deeper than 8 (a 16-byte integer is an array "
				       "of bytes in Go)");
}

/* The library API without an object: refused before anything is forked. */
static void test_generate_without_an_object(void **state)
{
	struct tb_diags *diags = tb_diags_new();
	/* a name of its own: a file a broken build left is no other run's */
	char *out = temp_object_path();
	TB_OPTS(tb_generate_options, opts, .output = out);

	(void)state;
	assert_int_equal(tb_generate(NULL, diags), -EINVAL);
	assert_int_equal(tb_generate(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_error_count(diags), 2);
	assert_string_equal(tb_diags_at(diags, 1)->message, "no object to generate a loader for");
	assert_int_equal(access(out, F_OK), -1);
	free(out);
	tb_diags_free(diags);
}

/* tb_types without a type or a tracepoint (or without options): refused with
 * one error each, nothing written. */
static void test_types_without_a_type(void **state)
{
	struct tb_diags *diags = tb_diags_new();
	char *out = temp_object_path();
	TB_OPTS(tb_types_options, opts, .output = out);

	(void)state;
	assert_int_equal(tb_types(NULL, diags), -EINVAL);
	assert_int_equal(tb_types(&opts, diags), -EINVAL);
	assert_int_equal(tb_diags_error_count(diags), 2);
	assert_string_equal(tb_diags_at(diags, 0)->message, "no type or tracepoint to declare");
	assert_string_equal(tb_diags_at(diags, 1)->message, "no type or tracepoint to declare");
	assert_int_equal(access(out, F_OK), -1);
	free(out);
	tb_diags_free(diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_align_like_gofmt),
		cmocka_unit_test(test_go_identifiers),
		cmocka_unit_test(test_model_of_typed_globals),
		cmocka_unit_test(test_model_and_go_of_a_c_object),
		cmocka_unit_test(test_a_nameless_member_that_is_no_struct),
		cmocka_unit_test(test_go_fields_that_clash),
		cmocka_unit_test(test_generate_without_an_object),
		cmocka_unit_test(test_a_map_the_model_cannot_describe_fails_the_load),
		cmocka_unit_test(test_an_int128_array_nested_eight_deep),
		cmocka_unit_test(test_types_without_a_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
