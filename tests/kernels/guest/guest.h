/* SPDX-License-Identifier: MIT */
/* Shared by the static test programs run.sh starts inside the guests. */
#ifndef TINYBPF_GUEST_H
#define TINYBPF_GUEST_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <bpf/libbpf.h>

static int failures;

/* Records one mismatch; the test exits non-zero if there was any. */
static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	failures++;
}

/* Whether the running kernel (uname -r) is at least major.minor. */
static inline int kernel_at_least(int major, int minor)
{
	struct utsname u;
	int have_major = 0, have_minor = 0;

	uname(&u);
	sscanf(u.release, "%d.%d", &have_major, &have_minor);
	return have_major > major || (have_major == major && have_minor >= minor);
}

/* The kernel's ENOTSUPP (include/linux/errno.h), which no userspace header has. */
#define ENOTSUPP_KERNEL 524

/*
 * BPF trampolines (fentry, fexit, LSM programs) attach through ftrace's direct
 * calls, which arm64 has since 6.4: before, the kernel answers ENOTSUPP. On such
 * a kernel, after bpf_program__attach() of one returned `link` with errno
 * `attach_err`: 1 (and the TBPF-UNSUPPORTED line run.sh counts as a documented
 * refusal) when the kernel refused it exactly so, -1 after printing FAIL when it
 * did anything else, 0 where trampolines are expected to work.
 */
static inline int trampoline_refused(const struct bpf_program *prog, const struct bpf_link *link,
				     int attach_err, const char *what)
{
#ifdef __aarch64__
	if (!kernel_at_least(6, 4)) {
		if (link || attach_err != ENOTSUPP_KERNEL) {
			printf("FAIL: attach %s on arm64 before 6.4: %s, want ENOTSUPP (%d)\n",
			       bpf_program__name(prog), link ? "attached" : strerror(attach_err),
			       ENOTSUPP_KERNEL);
			return -1;
		}
		printf("attach %s (%s) refused with ENOTSUPP, as it should be\n"
		       "TBPF-UNSUPPORTED %s cannot attach: arm64 kernels before 6.4 have no ftrace "
		       "direct calls\n",
		       bpf_program__name(prog), bpf_program__section_name(prog), what);
		return 1;
	}
#endif
	(void)prog, (void)link, (void)attach_err, (void)what;
	return 0;
}

/* An object run.sh passed with --file: $TBPF_DATA_DIR/NAME (/data in a guest). */
static void data_file(char *out, size_t size, const char *name)
{
	const char *dir = getenv("TBPF_DATA_DIR");

	snprintf(out, size, "%s/%s", dir ? dir : "/data", name);
}

/* Opens and loads the object run.sh passed as NAME; NULL after printing why. */
static inline struct bpf_object *load_data_object(const char *name)
{
	char path[4096];
	struct bpf_object *obj;
	int err;

	data_file(path, sizeof(path), name);
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("FAIL: open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	err = bpf_object__load(obj);
	if (err) {
		printf("FAIL: load %s: %s\n", path, strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

#endif /* TINYBPF_GUEST_H */
