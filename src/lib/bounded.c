// SPDX-License-Identifier: MIT
/*
 * Reading files tinybpf did not write (inputs, tinybpf.json, objects for
 * generate and verify): regular files only, up to a size given by the
 * caller. /dev/zero, a FIFO or a 10 GB file is refused before it is read,
 * not read until memory runs out (or forever).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* "512 MiB" for whole MiB, else the bytes: "1048577 bytes", never a rounded
 * size that reads as no more than the limit. */
static void describe_size(char *buf, size_t len, uint64_t bytes)
{
	if (bytes && !(bytes & ((1ull << 20) - 1)))
		snprintf(buf, len, "%" PRIu64 " MiB", bytes >> 20);
	else
		snprintf(buf, len, "%" PRIu64 " bytes", bytes);
}

int open_bounded(const char *path, uint64_t max, const char *what, struct tb_diags *diags)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	char size[32], limit[32];
	int err;

	if (fd < 0 || fstat(fd, &st)) {
		err = errno;
		if (fd >= 0)
			close(fd);
		diag_add(diags, TB_ERROR, path, 0, 0, "%s: %s", what, strerror(err));
		return -err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		diag_add(diags, TB_ERROR, path, 0, 0, "%s: %s", what,
			 S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
		return -EINVAL;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		describe_size(size, sizeof(size), (uint64_t)st.st_size);
		describe_size(limit, sizeof(limit), max);
		diag_add(diags, TB_ERROR, path, 0, 0, "%s: it is %s, more than the %s allowed", what,
			 size, limit);
		return -EFBIG;
	}
	fcntl(fd, F_SETFL, 0);
	return fd;
}

int read_bounded(const char *path, uint64_t max, const char *what, char **data, size_t *size,
		 struct tb_diags *diags)
{
	int fd = open_bounded(path, max, what, diags);
	size_t len = 0, cap = 4096;
	char *buf;

	*data = NULL;
	*size = 0;
	if (fd < 0)
		return fd;
	buf = xcalloc(cap, 1);
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap)
			buf = xrealloc(buf, cap *= 2, 1);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			diag_add(diags, TB_ERROR, path, 0, 0, "%s: %s", what, strerror(err));
			free(buf);
			close(fd);
			return -err;
		}
		if (!n)
			break;
		len += (size_t)n;
		/* The file may grow after fstat(). */
		if (len > max) {
			diag_add(diags, TB_ERROR, path, 0, 0, "%s: it grew past the size allowed",
				 what);
			free(buf);
			close(fd);
			return -EFBIG;
		}
	}
	close(fd);
	buf[len] = '\0';
	*data = buf;
	*size = len;
	return 0;
}
