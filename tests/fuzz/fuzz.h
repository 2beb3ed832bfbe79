/* SPDX-License-Identifier: MIT */
/* What the fuzz targets share: the input written to a file of its own, since
 * what they exercise reads files (tinybpf reads user files by path). */
#ifndef TINYBPF_FUZZ_H
#define TINYBPF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_path[64];

static void fuzz_remove(void)
{
	unlink(fuzz_path);
}

/* Writes the input to this process's file; returns its path. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!fuzz_path[0]) {
		snprintf(fuzz_path, sizeof(fuzz_path), "/tmp/tinybpf-fuzz-%ld", (long)getpid());
		atexit(fuzz_remove);
	}
	f = fopen(fuzz_path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(fuzz_path);
		abort();
	}
	return fuzz_path;
}

#endif
