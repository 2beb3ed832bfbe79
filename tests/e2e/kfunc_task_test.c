// SPDX-License-Identifier: MIT
/*
 * kfuncs on the running kernel: tests/testdata/kfunc_task declares the
 * kernel's bpf_task_from_pid and bpf_task_release in Go. The object must carry
 * them as extern functions in .ksyms (undefined symbols, BTF FUNCs with
 * extern linkage) that libbpf resolves against this kernel's BTF; run with
 * BPF_PROG_TEST_RUN, the program acquires a thread of ours by its id and must
 * report that thread's tgid (our pid, not the id it was given) and name.
 */
#include <gelf.h>
#include <fcntl.h>
#include <libelf.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "../testdata.h"
#include "../testdata/kfunc_task/task_query.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <tinybpf/tinybpf.h>

static const char thread_name[] = "tb-kfunc-thr";

static char *link_kfunc_task(void)
{
	char *output = temp_object_path();
	struct tb_diags *diags = tb_diags_new();

	if (link_testdata("kfunc_task", output, NULL, 0, NULL, diags))
		tb_diags_print(diags, stderr);
	assert_int_equal(tb_diags_error_count(diags), 0);
	tb_diags_free(diags);
	return output;
}

/* The ELF symbol `name`: undefined, global, no type, as libbpf wants an extern. */
static void assert_undefined_symbol(const char *path, const char *name)
{
	int fd = open(path, O_RDONLY), found = 0;
	Elf_Scn *scn = NULL;
	Elf *elf;

	assert_true(fd >= 0);
	assert_int_not_equal(elf_version(EV_CURRENT), EV_NONE);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		Elf_Data *data;

		gelf_getshdr(scn, &shdr);
		if (shdr.sh_type != SHT_SYMTAB)
			continue;
		data = elf_getdata(scn, NULL);
		for (size_t i = 0; i < shdr.sh_size / shdr.sh_entsize; i++) {
			GElf_Sym sym;

			gelf_getsym(data, (int)i, &sym);
			if (strcmp(elf_strptr(elf, shdr.sh_link, sym.st_name), name))
				continue;
			found++;
			assert_int_equal(sym.st_shndx, SHN_UNDEF);
			assert_int_equal(GELF_ST_BIND(sym.st_info), STB_GLOBAL);
			assert_int_equal(GELF_ST_TYPE(sym.st_info), STT_NOTYPE);
		}
	}
	assert_int_equal(found, 1);
	elf_end(elf);
	close(fd);
}

static void test_kfuncs_are_externs_in_ksyms(void **state)
{
	static const char *const kfuncs[] = { "bpf_task_from_pid", "bpf_task_release" };
	char *path = link_kfunc_task();
	struct btf *btf = btf__parse_elf(path, NULL);
	const struct btf_var_secinfo *entry;
	const struct btf_type *ksyms, *proto;
	int id;

	assert_non_null(btf);
	id = btf__find_by_name_kind(btf, ".ksyms", BTF_KIND_DATASEC);
	assert_true(id > 0);
	ksyms = btf__type_by_id(btf, id);
	assert_int_equal(btf_vlen(ksyms), 2);
	entry = btf_var_secinfos(ksyms);
	for (size_t i = 0; i < 2; i++, entry++) {
		const struct btf_type *func = btf__type_by_id(btf, entry->type);

		assert_true(btf_is_func(func));
		assert_string_equal(btf__name_by_offset(btf, func->name_off), kfuncs[i]);
		assert_int_equal(btf_vlen(func), BTF_FUNC_EXTERN); /* a FUNC keeps its linkage there */
		assert_undefined_symbol(path, kfuncs[i]);
	}
	/* struct task_struct *bpf_task_from_pid(s32 pid): the kinds the
	 * loaders compare with the kernel's prototype. */
	id = btf__find_by_name_kind(btf, "bpf_task_from_pid", BTF_KIND_FUNC);
	proto = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	assert_int_equal(btf_vlen(proto), 1);
	assert_true(btf_is_int(btf__type_by_id(btf, btf_params(proto)[0].type)));
	assert_true(btf_is_ptr(btf__type_by_id(btf, proto->type)));
	id = btf__resolve_type(btf, btf__type_by_id(btf, proto->type)->type);
	assert_true(id > 0); /* not void * */
	assert_true(btf_is_struct(btf__type_by_id(btf, id)));
	btf__free(btf);
	unlink(path);
	free(path);
}

struct named_thread {
	pthread_mutex_t lock; /* held by the test until it is done */
	pid_t tid;
	int ready[2];
};

static void *run_named_thread(void *arg)
{
	struct named_thread *t = arg;

	pthread_setname_np(pthread_self(), thread_name);
	t->tid = (pid_t)syscall(SYS_gettid);
	assert_int_equal(write(t->ready[1], "x", 1), 1);
	pthread_mutex_lock(&t->lock);
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

/* A syscall program's context is the caller's memory: the kernel copies it
 * back into ctx_in after the run (ctx_out is refused). */
static int run_query(int prog_fd, struct task_query *query)
{
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = query, .ctx_size_in = sizeof(*query));

	assert_int_equal(bpf_prog_test_run_opts(prog_fd, &run), 0);
	return (int)run.retval;
}

static void test_program_acquires_our_thread(void **state)
{
	char *path = link_kfunc_task(), c;
	struct named_thread t = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct task_query query = { 0 };
	struct bpf_object *obj;
	struct bpf_program *prog;
	pthread_t thread;

	obj = bpf_object__open_file(path, NULL);
	assert_non_null(obj);
	assert_int_equal(bpf_object__load(obj), 0);
	prog = bpf_object__find_program_by_name(obj, "kfunc_task");
	assert_non_null(prog);

	assert_int_equal(pipe(t.ready), 0);
	pthread_mutex_lock(&t.lock);
	assert_int_equal(pthread_create(&thread, NULL, run_named_thread, &t), 0);
	assert_int_equal(read(t.ready[0], &c, 1), 1);

	query.pid = t.tid;
	assert_int_equal(run_query(bpf_program__fd(prog), &query), getpid());
	print_message("thread %d of process %d: the program saw tgid %d comm \"%.16s\"\n", t.tid,
		      getpid(), query.tgid, query.comm);
	assert_int_not_equal(t.tid, getpid());
	assert_int_equal(query.pid, t.tid);
	assert_int_equal(query.tgid, getpid());
	assert_string_equal(query.comm, thread_name);

	/* No task has this id (above PID_MAX_LIMIT): the kfunc returns NULL. */
	memset(&query, 0, sizeof(query));
	query.pid = 0x7fffffff;
	assert_int_equal(run_query(bpf_program__fd(prog), &query), -3);
	assert_int_equal(query.tgid, 0);

	pthread_mutex_unlock(&t.lock);
	pthread_join(thread, NULL);
	close(t.ready[0]);
	close(t.ready[1]);
	bpf_object__close(obj);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kfuncs_are_externs_in_ksyms),
		cmocka_unit_test(test_program_acquires_our_thread),
	};

	return cmocka_run_group_tests_name("e2e kfuncs bpf_task_from_pid/release (libbpf)", tests,
					   NULL, NULL);
}
