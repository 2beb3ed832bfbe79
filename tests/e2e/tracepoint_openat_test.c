// SPDX-License-Identifier: MIT
/*
 * The example program (examples/tracepoint-openat), built from Go by TinyGo
 * and tinybpf, loaded with libbpf and attached to the real
 * syscalls/sys_enter_openat tracepoint: a child process whose pid we know
 * opens a path we chose with flags we chose, and the event must say exactly
 * that. Object path: $TINYBPF_OPENAT_OBJ.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/libbpf.h>

/* The layout of openEvent in the Go program. */
struct open_event {
	uint32_t pid;
	uint32_t tid;
	int64_t flags;
	char filename[128];
};

struct expectation {
	pid_t pid;
	const char *path;
	struct open_event seen;
	int matches;
	int wrong_size;
};

static int on_event(void *ctx, void *data, size_t size)
{
	struct expectation *want = ctx;
	const struct open_event *ev = data;

	if (size != sizeof(*ev)) {
		want->wrong_size++;
		return 0;
	}
	if ((pid_t)ev->pid == want->pid && !strcmp(ev->filename, want->path)) {
		want->seen = *ev;
		want->matches++;
	}
	return 0;
}

static void test_event_has_child_pid_filename_and_flags(void **state)
{
	const char *path = getenv("TINYBPF_OPENAT_OBJ");
	struct expectation want = { 0 };
	char target[64];
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct ring_buffer *rb;
	int go[2], status;
	const int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW;

	assert_non_null(path);
	snprintf(target, sizeof(target), "/tmp/tinybpf-e2e-%d-%ld", getpid(), (long)time(NULL));
	obj = bpf_object__open_file(path, NULL);
	assert_non_null(obj);
	assert_int_equal(bpf_object__load(obj), 0);
	prog = bpf_object__find_program_by_name(obj, "trace_openat");
	assert_non_null(prog);
	link = bpf_program__attach(prog); /* from the section name */
	assert_non_null(link);
	rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "events")), on_event,
			      &want, NULL);
	assert_non_null(rb);

	assert_int_equal(pipe(go), 0);
	want.pid = fork();
	assert_true(want.pid >= 0);
	if (want.pid == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		/* The raw syscall, so that libc cannot change the flags. */
		syscall(SYS_openat, AT_FDCWD, target, flags);
		_exit(0);
	}
	want.path = target;
	close(go[0]);
	assert_int_equal(write(go[1], "x", 1), 1);
	close(go[1]);
	assert_int_equal(waitpid(want.pid, &status, 0), want.pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	for (int i = 0; i < 50 && !want.matches; i++)
		ring_buffer__poll(rb, 100);
	assert_int_equal(want.wrong_size, 0);
	assert_int_equal(want.matches, 1);
	assert_int_equal(want.seen.pid, want.pid);
	assert_int_equal(want.seen.tid, want.pid); /* a single-threaded child */
	assert_int_equal(want.seen.flags, flags);
	assert_string_equal(want.seen.filename, target);

	ring_buffer__free(rb);
	bpf_link__destroy(link);
	bpf_object__close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_has_child_pid_filename_and_flags),
	};

	return cmocka_run_group_tests_name("e2e tracepoint-openat (libbpf)", tests, NULL, NULL);
}
