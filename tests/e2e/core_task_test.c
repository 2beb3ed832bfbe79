// SPDX-License-Identifier: MIT
/*
 * CO-RE on the running kernel: tests/testdata/core_task reads pid, tgid,
 * comm and real_parent->tgid of the current task through a Go stub whose
 * field offsets are not the kernel's. Only relocations against this kernel's
 * BTF make the values right: a child process we know (pid, name, parent)
 * calls getppid and the program must report exactly that child.
 * tests/testdata/core_exists asks the kernel which stub fields it has;
 * tests/testdata/core_queries asks for field and type sizes and which types
 * it has, and must get what this kernel's BTF says, not the stub's sizes.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../testdata.h"
#include "../testdata/core_queries/answers.h"
#include "../testdata/core_task/task_info.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <tinybpf/tinybpf.h>


static char *link_case(const char *name)
{
	char *output = temp_object_path();
	struct tb_diags *diags = tb_diags_new();

	if (link_testdata(name, output, NULL, 0, NULL, diags))
		tb_diags_print(diags, stderr);
	assert_int_equal(tb_diags_error_count(diags), 0);
	tb_diags_free(diags);
	return output;
}

/* Sums num_info over the core_relo sections of .BTF.ext (see the kernel's
 * Documentation/bpf/btf.rst: the header, then record size, then per ELF
 * section a name offset, a count and the records). */
static unsigned core_relocations(const char *path)
{
	struct btf_ext_header {
		uint16_t magic;
		uint8_t version, flags;
		uint32_t hdr_len, func_info_off, func_info_len, line_info_off, line_info_len,
			core_relo_off, core_relo_len;
	} hdr;
	Elf_Scn *scn = NULL;
	Elf_Data *data = NULL;
	size_t strndx;
	unsigned count = 0;
	int fd = open(path, O_RDONLY);
	Elf *elf;

	assert_true(fd >= 0);
	assert_int_not_equal(elf_version(EV_CURRENT), EV_NONE);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	assert_non_null(elf);
	assert_int_equal(elf_getshdrstrndx(elf, &strndx), 0);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;

		gelf_getshdr(scn, &shdr);
		if (!strcmp(elf_strptr(elf, strndx, shdr.sh_name), ".BTF.ext"))
			data = elf_getdata(scn, NULL);
	}
	assert_non_null(data);
	assert_true(data->d_size >= sizeof(hdr));
	memcpy(&hdr, data->d_buf, sizeof(hdr));
	assert_int_equal(hdr.magic, 0xeB9F);
	if (hdr.hdr_len >= sizeof(hdr) && hdr.core_relo_len) {
		const uint8_t *p = (const uint8_t *)data->d_buf + hdr.hdr_len + hdr.core_relo_off;
		const uint8_t *end = p + hdr.core_relo_len;
		uint32_t record_size, section[2];

		memcpy(&record_size, p, 4);
		for (p += 4; p + 8 <= end; p += 8 + (size_t)section[1] * record_size) {
			memcpy(section, p, 8);
			count += section[1];
		}
	}
	elf_end(elf);
	close(fd);
	return count;
}

static void test_task_fields_are_relocated_to_this_kernel(void **state)
{
	char *path = link_case("core_task");
	const char *name = "tb-core-child";
	struct task_info seen = { 0 };
	struct bpf_object *obj;
	struct bpf_link *link;
	struct bpf_map *target, *info;
	uint32_t zero = 0, child_pid;
	int go[2], status;
	pid_t child;

	obj = bpf_object__open_file(path, NULL);
	assert_non_null(obj);
	assert_int_equal(bpf_object__load(obj), 0);
	target = bpf_object__find_map_by_name(obj, "target");
	info = bpf_object__find_map_by_name(obj, "info");
	assert_non_null(target);
	assert_non_null(info);
	assert_int_equal(bpf_map__value_size(info), sizeof(seen));
	link = bpf_program__attach(bpf_object__find_program_by_name(obj, "core_task"));
	assert_non_null(link);

	assert_int_equal(pipe(go), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		char c;

		close(go[1]);
		prctl(PR_SET_NAME, name);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		syscall(SYS_getppid);
		_exit(0);
	}
	close(go[0]);
	child_pid = (uint32_t)child;
	assert_int_equal(bpf_map__update_elem(target, &zero, 4, &child_pid, 4, 0), 0);
	assert_int_equal(write(go[1], "x", 1), 1);
	close(go[1]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	assert_int_equal(bpf_map__lookup_elem(info, &zero, 4, &seen, sizeof(seen), 0), 0);
	print_message("child %d, parent %d: the program saw pid %d tgid %d comm \"%.16s\" "
		      "comm[3] '%c' real_parent->tgid %d\n",
		      child, getpid(), seen.pid, seen.tgid, seen.comm,
		      seen.comm3 ? seen.comm3 : '?', seen.parent_tgid);
	assert_int_equal(seen.runs, 1);
	assert_int_equal(seen.pid, child);
	assert_int_equal(seen.tgid, child);
	assert_string_equal(seen.comm, name);
	assert_int_equal(seen.comm3, name[3]);
	assert_int_equal(seen.parent_tgid, getpid());
	/* pid, tgid, comm, comm[3], real_parent, the parent's tgid: LLVM
	 * merges the two tgid ones. */
	assert_true(core_relocations(path) >= 5);

	bpf_link__destroy(link);
	bpf_object__close(obj);
	unlink(path);
	free(path);
}

/* Loads the object, runs program `name` once with BPF_PROG_TEST_RUN and
 * reads result[0], `size` bytes, into `out`. */
static void run_once(const char *path, const char *name, void *out, size_t size)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	struct bpf_map *result;
	uint32_t zero = 0;
	LIBBPF_OPTS(bpf_test_run_opts, run);

	assert_non_null(obj);
	assert_int_equal(bpf_object__load(obj), 0);
	result = bpf_object__find_map_by_name(obj, "result");
	prog = bpf_object__find_program_by_name(obj, name);
	assert_non_null(result);
	assert_non_null(prog);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &run), 0);
	assert_int_equal(bpf_map__lookup_elem(result, &zero, 4, out, size, 0), 0);
	bpf_object__close(obj);
}

static void test_field_exists_asks_this_kernel(void **state)
{
	char *path = link_case("core_exists");
	uint32_t bits = 0;

	assert_int_equal(core_relocations(path), 2);
	run_once(path, "core_exists", &bits, sizeof(bits));
	assert_int_equal(bits, 4 | 1); /* ran; tgid exists; no_such_field does not */
	unlink(path);
	free(path);
}

static void test_queries_answer_from_this_kernel(void **state)
{
	char *path = link_case("core_queries");
	struct answers got = { 0 }, want;

	/* 2 field sizes, 1 type size, 2 type existences */
	assert_int_equal(core_relocations(path), 5);
	run_once(path, "core_queries", &got, sizeof(got));
	assert_int_equal(kernel_answers(&want), 0);
	print_message("task_struct: %u bytes, pid %u, comm %u; bpf_iter_num %s\n", got.task_size,
		      got.pid_size, got.comm_size, got.iter_num_exists ? "exists" : "does not exist");
	assert_int_equal(got.ran, 1);
	assert_int_equal(got.pid_size, want.pid_size);
	assert_int_equal(got.comm_size, want.comm_size);
	assert_int_equal(got.task_size, want.task_size);
	assert_int_equal(got.iter_num_exists, want.iter_num_exists);
	assert_int_equal(got.no_such_exists, 0);
	/* Not the stub's own sizes (8, 8 and 16 bytes). */
	assert_int_equal(got.pid_size, 4);
	assert_int_equal(got.comm_size, 16);
	assert_true(got.task_size > 1000);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_fields_are_relocated_to_this_kernel),
		cmocka_unit_test(test_field_exists_asks_this_kernel),
		cmocka_unit_test(test_queries_answer_from_this_kernel),
	};

	return cmocka_run_group_tests_name("e2e CO-RE task_struct (libbpf)", tests, NULL, NULL);
}
