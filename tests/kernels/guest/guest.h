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
