/* SPDX-License-Identifier: MIT */
/* Shared by the static test programs run.sh starts inside the guests. */
#ifndef TINYBPF_GUEST_H
#define TINYBPF_GUEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

/* An object run.sh passed with --file: $TBPF_DATA_DIR/NAME (/data in a guest). */
static void data_file(char *out, size_t size, const char *name)
{
	const char *dir = getenv("TBPF_DATA_DIR");

	snprintf(out, size, "%s/%s", dir ? dir : "/data", name);
}

#endif /* TINYBPF_GUEST_H */
