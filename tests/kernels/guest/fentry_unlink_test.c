// SPDX-License-Identifier: MIT
/*
 * Guest test for examples/fentry-unlink (Go, built by TinyGo and tinybpf):
 * load $TBPF_DATA_DIR/fentry-unlink.bpf.o, attach fentry/do_unlinkat and
 * fexit/do_unlinkat, then
 *   1. create a file in /tmp and remove it with the raw unlinkat syscall,
 *   2. unlinkat a path that does not exist,
 * and check the ring buffer `events`: for each path an entry event and an
 * exit event with our pid and that file name; exit Ret is 0 for the first
 * and -ENOENT for the second. Prints every mismatch; exit 0 only if all hold.
 *
 * On arm64 before 6.4 the attach must fail with ENOTSUPP instead (no BPF
 * trampolines there), which the test reports as TBPF-UNSUPPORTED.
 *
 * Build: cc -O2 -Wall -static fentry_unlink_test.c -lbpf -lelf -lz
 * Runs under tests/kernels/run.sh (the guests): the host refuses
 * fentry/fexit programs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "guest.h"

/* The layout of unlinkEvent in examples/fentry-unlink/bpf/unlink.go. */
struct unlink_event {
	uint32_t kind; /* 0 entry, 1 exit */
	uint32_t pid;
	int64_t ret;
	char filename[128];
};
_Static_assert(sizeof(struct unlink_event) == 144, "unlinkEvent is 144 bytes");

#define MAX_EVENTS 64

struct seen {
	struct unlink_event ev[MAX_EVENTS];
	int count;      /* events kept: ours by pid or by file name, up to MAX_EVENTS */
	int wrong_size; /* records whose size is not sizeof(struct unlink_event) */
	int others;     /* events of other processes on other files (ignored) */
	pid_t pid;
	const char *paths[2];
};


static bool is_ours(const struct seen *s, const struct unlink_event *ev)
{
	if ((pid_t)ev->pid == s->pid)
		return true;
	for (int i = 0; i < 2; i++)
		if (!strncmp(ev->filename, s->paths[i], sizeof(ev->filename)))
			return true;
	return false;
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct seen *s = ctx;
	struct unlink_event ev;

	if (size != sizeof(ev)) {
		printf("FAIL: ring buffer record of %zu bytes, want %zu\n", size, sizeof(ev));
		s->wrong_size++;
		return 0;
	}
	memcpy(&ev, data, sizeof(ev));
	/* Keep events that carry our pid or one of our file names, so that a
	 * broken pid or a broken file name still shows up, field by field. */
	if (!is_ours(s, &ev) || s->count >= MAX_EVENTS) {
		s->others++;
		return 0;
	}
	printf("event: kind=%s pid=%u ret=%lld filename=\"%.128s\"\n",
	       ev.kind == 0 ? "entry" : ev.kind == 1 ? "exit" : "?", ev.pid, (long long)ev.ret,
	       ev.filename);
	s->ev[s->count++] = ev;
	return 0;
}

/* Index of the first event of `kind` for `path` at or after `from`, or -1. */
static int find(const struct seen *s, uint32_t kind, const char *path, int from)
{
	for (int i = from; i < s->count; i++)
		if (s->ev[i].kind == kind && !strncmp(s->ev[i].filename, path, sizeof(s->ev[i].filename)))
			return i;
	return -1;
}

/* One unlinkat call must show up as an entry, then an exit, both with our pid
 * and the path; the exit carries `want_ret`. */
static void check_call(const struct seen *s, const char *path, long long want_ret)
{
	int entry = find(s, 0, path, 0);
	int exit_ = find(s, 1, path, entry < 0 ? 0 : entry + 1);

	if (entry < 0) {
		fail("no entry event with filename \"%s\"", path);
	} else {
		if ((pid_t)s->ev[entry].pid != s->pid)
			fail("entry event for \"%s\": pid %u, want %d", path, s->ev[entry].pid, s->pid);
		if (s->ev[entry].ret != 0)
			fail("entry event for \"%s\": ret %lld, want 0 (not set on entry)", path,
			     (long long)s->ev[entry].ret);
	}
	if (exit_ < 0) {
		fail("no exit event (after the entry) with filename \"%s\"", path);
		return;
	}
	if ((pid_t)s->ev[exit_].pid != s->pid)
		fail("exit event for \"%s\": pid %u, want %d", path, s->ev[exit_].pid, s->pid);
	if (s->ev[exit_].ret != want_ret)
		fail("exit event for \"%s\": ret %lld, want %lld", path, (long long)s->ev[exit_].ret,
		     want_ret);
}

int main(void)
{
	static struct seen s;
	char objpath[4096], path[128], missing[128];
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *links[2] = { 0 };
	struct ring_buffer *rb;
	int nlinks = 0, err, fd;
	long rc;

	setvbuf(stdout, NULL, _IONBF, 0);
	s.pid = getpid();
	data_file(objpath, sizeof(objpath), "fentry-unlink.bpf.o");
	snprintf(path, sizeof(path), "/tmp/tinybpf-fentry-%d", s.pid);
	snprintf(missing, sizeof(missing), "/tmp/tinybpf-fentry-missing-%d", s.pid);
	s.paths[0] = path;
	s.paths[1] = missing;

	obj = bpf_object__open_file(objpath, NULL);
	if (!obj) {
		printf("FAIL: open %s: %s\n", objpath, strerror(errno));
		return 1;
	}
	err = bpf_object__load(obj);
	if (err) {
		printf("FAIL: load %s: %s\n", objpath, strerror(-err));
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		struct bpf_link *l = bpf_program__attach(prog); /* from the section name */

		switch (trampoline_refused(prog, l, errno, "fentry/fexit")) {
		case 1:
			return 0;
		case -1:
			return 1;
		}
		if (!l) {
			printf("FAIL: attach %s (%s): %s\n", bpf_program__name(prog),
			       bpf_program__section_name(prog), strerror(errno));
			return 1;
		}
		printf("attached %s (%s)\n", bpf_program__name(prog), bpf_program__section_name(prog));
		if (nlinks < 2)
			links[nlinks] = l;
		nlinks++;
	}
	if (nlinks != 2) {
		printf("FAIL: %d programs in the object, want 2 (fentry and fexit)\n", nlinks);
		return 1;
	}
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "events"), on_event, &s, NULL);
	if (!rb) {
		printf("FAIL: ring buffer for map \"events\": %s\n", strerror(errno));
		return 1;
	}

	/* 1. A file that exists: unlinkat succeeds. The raw syscall, because
	 * glibc's unlink() uses the unlink syscall (both reach do_unlinkat). */
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	if (fd < 0) {
		printf("FAIL: create %s: %s\n", path, strerror(errno));
		return 1;
	}
	close(fd);
	rc = syscall(SYS_unlinkat, AT_FDCWD, path, 0);
	if (rc != 0)
		fail("unlinkat(%s) = %ld errno %d, want 0", path, rc, errno);
	/* 2. A file that does not exist: -ENOENT. */
	rc = syscall(SYS_unlinkat, AT_FDCWD, missing, 0);
	if (rc != -1 || errno != ENOENT)
		fail("unlinkat(%s) = %ld errno %d, want -1 ENOENT", missing, rc, errno);

	/* Four events are expected; wait up to 5 s for them. */
	for (int i = 0; i < 50 && s.count < 4; i++)
		ring_buffer__poll(rb, 100);
	ring_buffer__consume(rb);
	printf("events: %d kept (pid %d or its paths), %d others\n", s.count, s.pid, s.others);

	if (s.wrong_size)
		fail("ring buffer records of the wrong size (see above)");
	check_call(&s, path, 0);
	check_call(&s, missing, -ENOENT);

	ring_buffer__free(rb);
	for (int i = 0; i < 2; i++)
		bpf_link__destroy(links[i]);
	bpf_object__close(obj);

	if (failures) {
		printf("fentry-unlink: FAIL (%d mismatches)\n", failures);
		return 1;
	}
	printf("fentry-unlink: PASS\n");
	return 0;
}
