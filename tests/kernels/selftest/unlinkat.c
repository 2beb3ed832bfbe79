// Harness self-test: load unlinkat.bpf.o, attach one probe flavour
// (fentry/kprobe on do_unlinkat, or the sys_enter_unlinkat tracepoint),
// call unlinkat() ourselves and check the map recorded our pid.
// Exit 0 on success, 1 on any failure (including "kernel refused the load").
//
// Usage: unlinkat-selftest fentry|kprobe|tracepoint [BPF_OBJECT]
//    or: a copy named unlinkat-fentry, unlinkat-kprobe, unlinkat-tracepoint run
//        without arguments (run.sh passes none, and names rows after the file).
// BPF_OBJECT defaults to $TBPF_DATA_DIR/unlinkat.bpf.o (run.sh sets TBPF_DATA_DIR).
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("unlinkat-selftest: FAIL: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	return 1;
}

int main(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : strrchr(argv[0], '-');
	static const char *const kinds[] = {"fentry", "kprobe", "tracepoint"};
	char want[64], objpath[4096];
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	__u32 key = 0, pid = 0;
	int err, map_fd, known = 0, attempt;
	size_t i;
	long rc;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc <= 1)
		kind = kind ? kind + 1 : ""; /* the part after the last '-' */
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		known |= strcmp(kind, kinds[i]) == 0;
	if (!known)
		return fail("usage: %s fentry|kprobe|tracepoint [BPF_OBJECT]", argv[0]);
	snprintf(want, sizeof(want), "on_unlinkat_%s", kind);
	if (argc > 2) {
		snprintf(objpath, sizeof(objpath), "%s", argv[2]);
	} else {
		const char *dir = getenv("TBPF_DATA_DIR");
		snprintf(objpath, sizeof(objpath), "%s/unlinkat.bpf.o", dir ? dir : "/data");
	}

	obj = bpf_object__open_file(objpath, NULL);
	if (!obj)
		return fail("open %s: %s", objpath, strerror(errno));
	// Load only the flavour under test: the others may be unsupported here.
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, strcmp(bpf_program__name(prog), want) == 0);
	err = bpf_object__load(obj);
	if (err)
		return fail("%s: load: %s", kind, strerror(-err));
	prog = bpf_object__find_program_by_name(obj, want);
	link = bpf_program__attach(prog);
	if (!link)
		return fail("%s: attach: %s", kind, strerror(errno));
	map_fd = bpf_object__find_map_fd_by_name(obj, "last_pid");

	// Raw syscall: glibc's unlink() would use the unlink syscall on x86_64;
	// both end in do_unlinkat(), but be explicit about what we trigger.
	// The map holds the *last* caller system-wide; on a busy host another
	// process may call unlinkat in between, so allow a few attempts.
	for (attempt = 0; attempt < 5; attempt++) {
		rc = syscall(SYS_unlinkat, AT_FDCWD, "/nonexistent/tinybpf-selftest", 0);
		if (rc != -1 || errno != ENOENT)
			return fail("unlinkat returned %ld errno %d, want -1 ENOENT", rc, errno);
		if (bpf_map_lookup_elem(map_fd, &key, &pid))
			return fail("map lookup: %s", strerror(errno));
		if (pid == (__u32)getpid())
			break;
	}
	if (pid != (__u32)getpid())
		return fail("%s: recorded pid %u, want %d", kind, pid, getpid());

	printf("unlinkat-selftest: %s saw pid %u: ok\n", kind, pid);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
