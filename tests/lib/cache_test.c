// SPDX-License-Identifier: MIT
/*
 * The object cache: what its key covers, that a hit gives the bytes a fresh
 * build gives, and what bypasses it (warnings, --dump-ir, --keep-temp).
 * Concurrent builds are in tests/cli/cli_test.sh, with real processes.
 */
#include <dirent.h>
#include <time.h>
#include <fcntl.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/lib/build/cache.h"
#include "../../src/lib/build/tinygo.h"
#include "../testdata.h"

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/tinybpf-cache-input-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void key_of(const struct settings *s, const char *input, char key[CACHE_KEY_LEN + 1])
{
	assert_int_equal(cache_key(s, &input, 1, key), 0);
	assert_int_equal(strlen(key), CACHE_KEY_LEN);
}

/* A tool (TinyGo) is known by its file's identity, which a change of its
 * inode's status alone (chmod to the same mode) changes through the ctime,
 * however little: the change is made within one second of the ctime before
 * it (tried again when a second ends between), so only tv_nsec tells. */
static void test_a_tool_changed_within_a_second_is_another_tool(void **state)
{
	char *tool = write_temp("#!/bin/sh\n");
	char *tools[] = { tool };
	const struct settings s = { .output = "x.o", .cpu = "v3", .license = "GPL" };
	struct tinygo_inputs in = { .tools = { tools, 1 } };
	char before[CACHE_KEY_LEN + 1], after[CACHE_KEY_LEN + 1];
	struct stat st0, st1;
	int tries = 0;

	(void)state;
	do {
		assert_int_equal(stat(tool, &st0), 0);
		assert_int_equal(cache_build_key(&s, &in, before), 0);
		usleep(20000); /* past a tick of a coarse clock (HZ 100) */
		assert_int_equal(chmod(tool, st0.st_mode & 07777), 0);
		assert_int_equal(stat(tool, &st1), 0);
		assert_int_equal(cache_build_key(&s, &in, after), 0);
	} while (st1.st_ctim.tv_sec != st0.st_ctim.tv_sec && ++tries < 5);
	assert_int_equal(st1.st_ctim.tv_sec, st0.st_ctim.tv_sec);
	assert_int_not_equal(st1.st_ctim.tv_nsec, st0.st_ctim.tv_nsec);
	assert_string_not_equal(before, after);
	unlink(tool);
	free(tool);
}

static void test_key_covers_every_setting_and_the_input_bytes(void **state)
{
	char *a = write_temp("define i32 @f() { ret i32 0 }\n");
	char *same_bytes = write_temp("define i32 @f() { ret i32 0 }\n");
	char *other_bytes = write_temp("define i32 @f() { ret i32 1 }\n");
	struct tb_section sections[] = { { "f", "xdp" } }, other_sections[] = { { "f", "tc" } };
	const char *programs[] = { "f" };
	const struct settings base = { .output = "x.o", .cpu = "v3", .license = "GPL" };
	struct settings variants[6];
	char key[CACHE_KEY_LEN + 1], other[CACHE_KEY_LEN + 1];

	key_of(&base, a, key);
	key_of(&base, same_bytes, other); /* content, not path */
	assert_string_equal(key, other);
	key_of(&base, other_bytes, other);
	assert_string_not_equal(key, other);

	for (size_t i = 0; i < ARRAY_SIZE(variants); i++)
		variants[i] = base;
	variants[0].cpu = "v2";
	variants[1].license = "Dual MIT/GPL";
	variants[2].programs = programs;
	variants[2].program_count = 1;
	variants[3].sections = sections;
	variants[3].section_count = 1;
	variants[4] = variants[3];
	variants[4].sections = other_sections;
	variants[5].panic_return_set = true;
	for (size_t i = 0; i < ARRAY_SIZE(variants); i++) {
		key_of(&variants[i], a, other);
		assert_string_not_equal(key, other);
	}
	/* each value, not only whether a setting is there: pairs that differ in one value */
	{
		struct tb_section fn_g[] = { { "g", "xdp" } };
		const char *program_g[] = { "g" }, *two_programs[] = { "f", "g" };
		struct settings pairs[5][2];
		char first[CACHE_KEY_LEN + 1];

		for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
			pairs[i][0] = pairs[i][1] = base;
		pairs[0][0].panic_return_set = pairs[0][1].panic_return_set = true;
		pairs[0][0].panic_return = 7;
		pairs[0][1].panic_return = 9;
		pairs[1][1].license = "Dual BSD/GPL";
		pairs[2][0].programs = programs;
		pairs[2][1].programs = program_g;
		pairs[2][0].program_count = pairs[2][1].program_count = 1;
		pairs[3][0].sections = sections;
		pairs[3][1].sections = fn_g;
		pairs[3][0].section_count = pairs[3][1].section_count = 1;
		pairs[4][0].programs = programs;
		pairs[4][0].program_count = 1;
		pairs[4][1].programs = two_programs;
		pairs[4][1].program_count = 2;
		for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
			key_of(&pairs[i][0], a, first);
			key_of(&pairs[i][1], a, other);
			if (!strcmp(first, other))
				fail_msg("pair %zu: one key for two values", i);
		}
	}
	/* what does not shape the object leaves the key alone */
	variants[0] = base;
	variants[0].output = "elsewhere.o";
	variants[0].verbose = true;
	key_of(&variants[0], a, other);
	assert_string_equal(key, other);

	for (char **p = (char *[]){ a, same_bytes, other_bytes, NULL }; *p; p++) {
		unlink(*p);
		free(*p);
	}
}

/* With stdin closed, the input opens as descriptor 0, a file like any other:
 * the key is the one it has with stdin open (the input's bytes hashed, not
 * an error and not a key of the settings alone). */
static void test_key_with_stdin_closed(void **state)
{
	char *a = write_temp("define i32 @f() { ret i32 0 }\n");
	const struct settings base = { .output = "x.o", .cpu = "v3", .license = "GPL" };
	const char *input = a;
	char open_key[CACHE_KEY_LEN + 1], closed_key[CACHE_KEY_LEN + 1];
	int saved = dup(STDIN_FILENO), rc;

	assert_true(saved > 0);
	key_of(&base, a, open_key);
	close(STDIN_FILENO);
	memset(closed_key, 0, sizeof(closed_key));
	rc = cache_key(&base, &input, 1, closed_key);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	assert_int_equal(rc, 0);
	assert_string_equal(closed_key, open_key);
	unlink(a);
	free(a);
}

/* The key maps each input to hash it and unmaps it again: a program that
 * links through the library many times must not keep every input it ever
 * hashed mapped (nothing but /proc/self/maps shows it). */
static bool is_mapped(const char *path)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[4096];
	bool found = false;

	assert_non_null(maps);
	while (!found && fgets(line, sizeof(line), maps))
		found = strstr(line, path) != NULL;
	fclose(maps);
	return found;
}

static void test_key_unmaps_its_input(void **state)
{
	char *a = write_temp("define i32 @f() { ret i32 0 }\n");
	const struct settings base = { .output = "x.o", .cpu = "v3", .license = "GPL" };
	char key[CACHE_KEY_LEN + 1];

	key_of(&base, a, key);
	assert_false(is_mapped(a));
	unlink(a);
	free(a);
}

static void remove_tree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static size_t count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	*size = (size_t)ftell(f);
	rewind(f);
	data = malloc(*size ? *size : 1);
	assert_int_equal(fread(data, 1, *size, f), *size);
	fclose(f);
	return data;
}

static void assert_same_bytes(const char *a, const char *b)
{
	size_t na, nb;
	char *da = read_file(a, &na), *db = read_file(b, &nb);

	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	free(da);
	free(db);
}

static const struct tb_diag *note_with(struct tb_diags *diags, const char *text)
{
	for (size_t i = 0; i < tb_diags_count(diags); i++)
		if (strstr(tb_diags_at(diags, i)->message, text))
			return tb_diags_at(diags, i);
	return NULL;
}

/* Links testdata `name` into out with the cache in dir; returns the diags. */
static struct tb_diags *cached_link(const char *name, const char *out, const char *dir,
				    const char *dump_ir_dir, bool keep_temp)
{
	char *input = testdata_ir(name);
	const char *inputs[] = { input };
	struct tb_diags *diags = tb_diags_new();
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = out,
		.cache_dir = dir, .verbose = true, .dump_ir_dir = dump_ir_dir,
		.keep_temp = keep_temp);

	assert_int_equal(tb_link(&opts, diags), 0);
	free(input);
	return diags;
}

static void test_a_hit_gives_the_bytes_of_a_fresh_build(void **state)
{
	char dir[] = "/tmp/tinybpf-cache-XXXXXX";
	char *cache, *dump, *cold = temp_object_path(), *warm = temp_object_path();
	char *fresh = temp_object_path();
	struct tb_diags *diags;

	assert_non_null(mkdtemp(dir));
	cache = xasprintf("%s/cache", dir); /* created on first use */
	dump = xasprintf("%s/dump", dir);

	diags = cached_link("two_maps", cold, cache, NULL, false);
	assert_non_null(note_with(diags, "cache: stored"));
	assert_null(note_with(diags, "cache: hit"));
	tb_diags_free(diags);
	assert_int_equal(count_files(cache), 1);

	diags = cached_link("two_maps", warm, cache, NULL, false);
	assert_non_null(note_with(diags, "cache: hit"));
	assert_null(note_with(diags, "stage optimise"));
	tb_diags_free(diags);
	diags = cached_link("two_maps", fresh, NULL, NULL, false);
	tb_diags_free(diags);
	assert_same_bytes(cold, warm);
	assert_same_bytes(cold, fresh);

	/* --dump-ir builds for real even when the object is cached */
	diags = cached_link("two_maps", warm, cache, dump, false);
	assert_null(note_with(diags, "cache: hit"));
	tb_diags_free(diags);
	assert_true(count_files(dump) > 10);

	/* a build with a warning is not stored: the next build shows it again */
	diags = cached_link("stack_near", warm, cache, NULL, false);
	assert_null(note_with(diags, "cache: stored"));
	tb_diags_free(diags);
	diags = cached_link("stack_near", warm, cache, NULL, false);
	assert_non_null(note_with(diags, "near BPF's limit"));
	tb_diags_free(diags);
	assert_int_equal(count_files(cache), 1);

	for (char **p = (char *[]){ cold, warm, fresh, NULL }; *p; p++) {
		unlink(*p);
		free(*p);
	}
	remove_tree(dir);
	free(cache);
	free(dump);
}

static void test_keep_temp_keeps_the_intermediate_files(void **state)
{
	char *out = temp_object_path(), *path;
	struct tb_diags *diags = cached_link("two_maps", out, NULL, NULL, true);
	const struct tb_diag *note = note_with(diags, "intermediate files kept in ");
	const char *dir;
	size_t size;
	char *text;

	assert_non_null(note);
	dir = strstr(note->message, " in ") + 4;
	path = xasprintf("%s/linked.ll", dir);
	text = read_file(path, &size);
	assert_non_null(strstr(text, "@main.counts = ")); /* as TinyGo named it */
	free(text);
	free(path);
	path = xasprintf("%s/optimised.ll", dir);
	text = read_file(path, &size);
	assert_non_null(strstr(text, "target triple = \"bpfel\""));
	free(text);
	free(path);
	path = xasprintf("%s/object.o", dir);
	assert_same_bytes(path, out); /* it validated, so it is the output */
	free(path);
	remove_tree(dir);
	tb_diags_free(diags);
	unlink(out);
	free(out);
}

/* dir/NAME.o, an entry's name: 64 hex digits `digit`. Free it. */
static char *entry_path(const char *dir, char digit)
{
	char name[CACHE_KEY_LEN + 1];

	memset(name, digit, CACHE_KEY_LEN);
	name[CACHE_KEY_LEN] = '\0';
	return xasprintf("%s/%s.o", dir, name);
}

/* An entry of `size` bytes, last used at `when`. */
static void make_entry(const char *dir, char digit, size_t size, time_t when)
{
	char *path = entry_path(dir, digit);
	struct timespec times[2] = { { when, 0 }, { when, 0 } };
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	for (size_t i = 0; i < size; i++)
		fputc('x', f);
	fclose(f);
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	free(path);
}

static bool entry_exists(const char *dir, char digit)
{
	char *path = entry_path(dir, digit);
	bool there = !access(path, F_OK);

	free(path);
	return there;
}

static void remove_entry(const char *dir, char digit)
{
	char *path = entry_path(dir, digit);

	assert_int_equal(unlink(path), 0);
	free(path);
}

/* When entries a, b, c, d, e (made in this order) were used: c, e, a oldest. */
static const int used_c_e_a_d_b[] = { 3000, 5000, 1000, 4000, 2000 };

/* Five entries a..e of 100 bytes, used at used_at[]; evicted down to 240 of
 * 300 bytes: the two kept are exactly `kept`. */
static void evict_five(const int used_at[5], const char *kept)
{
	char dir[] = "/tmp/tinybpf-test-XXXXXX";

	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 5; i++)
		make_entry(dir, (char)('a' + i), 100, used_at[i]);
	cache_evict(dir, 300);
	for (char c = 'a'; c <= 'e'; c++) {
		bool want = strchr(kept, c) != NULL;

		if (entry_exists(dir, c) != want)
			fail_msg("entry %c %s", c, want ? "evicted, though used late" : "kept, though used early");
		if (want)
			remove_entry(dir, c);
	}
	assert_int_equal(rmdir(dir), 0);
}

/* Eviction goes by use, whatever order the directory lists the entries in
 * (on ext4 their names' hash order): the same five names used in two orders
 * whose three oldest differ, so no one listing is right for both. */
static void test_eviction_goes_by_use_not_by_listing(void **state)
{
	static const int second[] = { 2000, 1000, 5000, 3000, 4000 }; /* b, a, d oldest */

	(void)state;
	evict_five(used_c_e_a_d_b, "bd");
	evict_five(second, "ce");
}

/* Over its size, the cache drops its least recently used entries until it
 * is at 80 % of it (ccache's rule, docs/cache.md); what is not an entry stays.
 * Then the library API's stats and clean count what is there. */
static void test_eviction_stats_and_clean(void **state)
{
	char dir[] = "/tmp/tinybpf-test-XXXXXX", *other;
	struct tb_cache_stats stats;
	unsigned long long removed = 99;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* five entries of 100 bytes, used in an order other than they were made */
	for (int i = 0; i < 5; i++)
		make_entry(dir, (char)('a' + i), 100, used_c_e_a_d_b[i]);
	other = xasprintf("%s/notes.txt", dir);
	f = fopen(other, "w");
	assert_non_null(f);
	fputs("not an entry", f);
	fclose(f);

	cache_evict(dir, 500); /* not over: nothing goes */
	assert_int_equal(tb_cache_stats(dir, &stats), 0);
	assert_int_equal(stats.entries, 5);
	assert_int_equal(stats.bytes, 500);
	errno = 0; /* an unlink that worked counts whatever errno an earlier call left */
	cache_evict(dir, 300); /* 500 > 300: down to 240 at most, oldest first */
	assert_false(entry_exists(dir, 'c'));
	assert_false(entry_exists(dir, 'e'));
	assert_false(entry_exists(dir, 'a'));
	assert_true(entry_exists(dir, 'd'));
	assert_true(entry_exists(dir, 'b'));
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(tb_cache_stats(dir, &stats), 0);
	assert_int_equal(stats.entries, 2);
	assert_int_equal(stats.bytes, 200);

	assert_int_equal(tb_cache_clean(dir, &removed), 0);
	assert_int_equal(removed, 2);
	assert_int_equal(tb_cache_stats(dir, &stats), 0);
	assert_int_equal(stats.entries, 0);
	assert_int_equal(access(other, F_OK), 0); /* clean removes entries only */
	assert_int_equal(tb_cache_stats(NULL, &stats), -EINVAL);
	assert_int_equal(tb_cache_clean(NULL, &removed), -EINVAL);
	assert_int_equal(removed, 0);
	unlink(other);
	free(other);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_covers_every_setting_and_the_input_bytes),
		cmocka_unit_test(test_a_tool_changed_within_a_second_is_another_tool),
		cmocka_unit_test(test_key_with_stdin_closed),
		cmocka_unit_test(test_key_unmaps_its_input),
		cmocka_unit_test(test_a_hit_gives_the_bytes_of_a_fresh_build),
		cmocka_unit_test(test_keep_temp_keeps_the_intermediate_files),
		cmocka_unit_test(test_eviction_stats_and_clean),
		cmocka_unit_test(test_eviction_goes_by_use_not_by_listing),
	};

	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
