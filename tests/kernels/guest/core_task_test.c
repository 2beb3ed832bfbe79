// SPDX-License-Identifier: MIT
/*
 * Guest (and host) test for tests/testdata/core_task (Go, built by TinyGo and
 * tinybpf link, once): CO-RE relocations of struct task_struct fields must be
 * fixed up against the running kernel's BTF, whatever kernel that is.
 *
 * Load $TBPF_DATA_DIR/core_task.bpf.o, attach tracepoint/syscalls/
 * sys_enter_getppid, fork a child that names itself with PR_SET_NAME and then
 * calls getppid, and check what the program read from its task_struct:
 * pid == child, tgid == child, comm == the name, comm[3] == the name's 4th
 * byte, real_parent->tgid == getpid(), and exactly one run. The stub's own
 * offsets (0, 4, 8, 24) are nowhere near the kernel's, so only relocated
 * reads give these values.
 *
 * For the log, it prints the kernel's task_struct member offsets (from its
 * BTF) and the instructions libbpf patched ("relo" lines from libbpf's debug
 * output); both differ between 6.1, 6.12 and the host. Lines starting with
 * "core-task: " are a summary that tests/kernels/suite.sh collects.
 * Prints every mismatch; exit 0 only if all hold.
 *
 * Build: cc -O2 -Wall -static core_task_test.c -lbpf -lelf -lz
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../testdata/core_task/task_info.h"
#include "guest.h"


static const char child_name[] = "tb-core-child";

/* "pid 0->1264 tgid 4->1268 ...": stub offset -> patched offset, per
 * relocation, gathered from libbpf's debug lines. */
static char relocated[512];
static char relo_field[64];

/* Everything but debug output; from the debug output only the CO-RE lines
 * (what each relocation matched and which instruction it patched). */
static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[1024];
	const char *p;
	unsigned from, to;

	vsnprintf(line, sizeof(line), fmt, ap);
	if (level == LIBBPF_DEBUG && !(strstr(line, "relo #") &&
				       (strstr(line, "patched insn") || strstr(line, "matching candidate"))))
		return 0;
	fputs(line, stdout);
	if ((p = strstr(line, "matching candidate")) && (p = strstr(p, "struct task_struct.")))
		sscanf(p + strlen("struct task_struct."), "%63[^ ]", relo_field);
	else if ((p = strstr(line, "patched insn")) && (p = strstr(p, " imm ")) &&
		 sscanf(p, " imm %u -> %u", &from, &to) == 2) {
		size_t n = strlen(relocated);

		snprintf(relocated + n, sizeof(relocated) - n, " %s %u->%u",
			 relo_field[0] ? relo_field : "?", from, to);
		relo_field[0] = 0;
	}
	return 0;
}

/* The running kernel's task_struct offsets of the fields the program reads,
 * as one summary line; "?" for a member the BTF lacks. */
static void print_kernel_offsets(void)
{
	static const char *const fields[] = { "pid", "tgid", "comm", "real_parent" };
	struct btf *btf = btf__load_vmlinux_btf();
	const struct btf_type *t;
	int id;

	if (!btf) {
		printf("core-task: no kernel BTF: %s\n", strerror(errno));
		return;
	}
	id = btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	if (id < 0) {
		printf("core-task: no struct task_struct in the kernel BTF\n");
		btf__free(btf);
		return;
	}
	t = btf__type_by_id(btf, id);
	printf("core-task: kernel BTF: sizeof(task_struct) %u;", t->size);
	for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
		const struct btf_member *m = btf_members(t);
		int found = -1;

		for (int i = 0; i < btf_vlen(t); i++, m++)
			if (!strcmp(btf__name_by_offset(btf, m->name_off), fields[f]))
				found = (int)(btf_member_bit_offset(t, i) / 8);
		if (found < 0)
			printf(" %s@?", fields[f]);
		else
			printf(" %s@%d", fields[f], found);
	}
	printf("\n");
	btf__free(btf);
}

int main(void)
{
	struct task_info seen = { 0 };
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *target, *info;
	struct bpf_link *link;
	uint32_t zero = 0, child_pid;
	int go[2], status, err;
	pid_t child, self = getpid();

	setvbuf(stdout, NULL, _IONBF, 0);
	libbpf_set_print(print_libbpf);
	print_kernel_offsets();

	obj = load_data_object("core_task.bpf.o");
	if (!obj)
		return 1;
	printf("core-task: relocated (stub offset->kernel offset):%s\n",
	       relocated[0] ? relocated : " none reported by libbpf");
	target = bpf_object__find_map_by_name(obj, "target");
	info = bpf_object__find_map_by_name(obj, "info");
	prog = bpf_object__find_program_by_name(obj, "core_task");
	if (!target || !info || !prog) {
		printf("FAIL: want maps \"target\" and \"info\" and program \"core_task\" (have %s, %s, %s)\n",
		       target ? "yes" : "no", info ? "yes" : "no", prog ? "yes" : "no");
		return 1;
	}
	if (bpf_map__value_size(info) != sizeof(seen)) {
		printf("FAIL: map \"info\" has values of %u bytes, want %zu\n", bpf_map__value_size(info),
		       sizeof(seen));
		return 1;
	}
	link = bpf_program__attach(prog);
	if (!link) {
		printf("FAIL: attach core_task (%s): %s\n", bpf_program__section_name(prog), strerror(errno));
		return 1;
	}
	printf("attached core_task (%s)\n", bpf_program__section_name(prog));

	/* The child names itself, then waits until its pid is in `target`
	 * before the one syscall the program reports on. */
	if (pipe(go)) {
		printf("FAIL: pipe: %s\n", strerror(errno));
		return 1;
	}
	child = fork();
	if (child < 0) {
		printf("FAIL: fork: %s\n", strerror(errno));
		return 1;
	}
	if (child == 0) {
		char c;

		close(go[1]);
		if (prctl(PR_SET_NAME, child_name))
			_exit(3);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		syscall(SYS_getppid);
		_exit(0);
	}
	close(go[0]);
	child_pid = (uint32_t)child;
	err = bpf_map__update_elem(target, &zero, 4, &child_pid, 4, 0);
	if (err)
		fail("set target[0] = %d: %s", child, strerror(-err));
	if (write(go[1], "x", 1) != 1)
		fail("write to the child: %s", strerror(errno));
	close(go[1]);
	if (waitpid(child, &status, 0) != child)
		fail("waitpid(%d): %s", child, strerror(errno));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail("child exited with status 0x%x", status);

	err = bpf_map__lookup_elem(info, &zero, 4, &seen, sizeof(seen), 0);
	if (err) {
		printf("FAIL: read info[0]: %s\n", strerror(-err));
		return 1;
	}
	printf("core-task: child %d named \"%s\", parent %d; the program saw runs %u pid %d tgid %d "
	       "comm \"%.16s\" comm[3] 0x%02x real_parent->tgid %d\n",
	       child, child_name, self, seen.runs, seen.pid, seen.tgid, seen.comm,
	       (unsigned char)seen.comm3, seen.parent_tgid);

	if (seen.runs != 1)
		fail("runs %u, want 1 (one getppid by the child)", seen.runs);
	if (seen.pid != child)
		fail("pid %d, want %d", seen.pid, child);
	if (seen.tgid != child)
		fail("tgid %d, want %d", seen.tgid, child);
	if (strncmp(seen.comm, child_name, sizeof(seen.comm))) {
		char hex[3 * sizeof(seen.comm) + 1];

		for (size_t i = 0; i < sizeof(seen.comm); i++)
			snprintf(hex + 3 * i, 4, " %02x", (unsigned char)seen.comm[i]);
		fail("comm \"%.16s\" (bytes%s), want \"%s\"", seen.comm, hex, child_name);
	}
	if (seen.comm3 != child_name[3])
		fail("comm[3] 0x%02x, want '%c'", (unsigned char)seen.comm3, child_name[3]);
	if (seen.parent_tgid != self)
		fail("real_parent->tgid %d, want %d", seen.parent_tgid, self);

	bpf_link__destroy(link);
	bpf_object__close(obj);

	if (failures) {
		printf("core-task: FAIL (%d mismatches)\n", failures);
		return 1;
	}
	printf("core-task: PASS\n");
	return 0;
}
