// SPDX-License-Identifier: MIT
/*
 * Temporary files beside an output (PATH.tmp.PID.XXXXXX, renamed into place
 * when complete) and temporary directories ($TMPDIR/PREFIX-PID-XXXXXX), and
 * the ones a run killed with SIGKILL left behind, which the next run removes.
 *
 * The owner holds an flock() on each one from its creation until it is
 * renamed or removed. Another run removes a leftover only when both say its
 * owner is gone: no process has the PID in its name (kill(pid, 0) fails with
 * ESRCH), and the lock can be taken. The PID alone could belong to a process
 * in another PID namespace sharing the directory; the lock alone is free for
 * the instant between the owner's mkstemp() and its flock(). The kernel drops
 * a dead process's locks, so a leftover is always removable.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

const char *temp_parent(void)
{
	const char *dir = getenv("TMPDIR");

	/* An absolute path only: TinyGo runs in the package's directory with a
	 * build directory made here as its TMPDIR. */
	return dir && dir[0] == '/' ? dir : "/tmp";
}

/* Whether the PID at `text` (digits, then `end`) belongs to a process that is
 * gone. */
static bool owner_gone(const char *text, char end)
{
	char *stop;
	long pid = strtol(text, &stop, 10);

	if (stop == text || *stop != end || pid <= 0 || pid == getpid())
		return false;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Takes the lock of the file or directory `name` in dirfd, without waiting;
 * returns its descriptor, or -1 when its owner still holds it. */
static int lock_leftover(int dirfd, const char *name, int flags)
{
	int fd = openat(dirfd, name, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);
		return -1;
	}
	return fd;
}

void temp_clean_beside(const char *path)
{
	char *copy = xstrdup(path), *copy2 = xstrdup(path);
	const char *dir = dirname(copy), *base = basename(copy2);
	char *prefix = xasprintf("%s.tmp.", base);
	size_t n = strlen(prefix);
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		struct stat st;
		int fd;

		if (strncmp(e->d_name, prefix, n) || !owner_gone(e->d_name + n, '.'))
			continue;
		fd = lock_leftover(dirfd(d), e->d_name, O_RDONLY);
		if (fd < 0)
			continue;
		if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlinkat(dirfd(d), e->d_name, 0);
		close(fd);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(copy);
	free(copy2);
}

char *temp_beside(const char *path, int *fd_out)
{
	char *tmp = xasprintf("%s.tmp.%ld.XXXXXX", path, (long)getpid());
	int fd;

	temp_clean_beside(path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		free(tmp);
		errno = err;
		return NULL;
	}
	flock(fd, LOCK_EX); /* a new file: nobody else holds it */
	*fd_out = fd;
	return tmp;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes a build's directory and what is in it: TinyGo, whose TMPDIR it
 * is, leaves a directory of its own there when it fails early (a go.mod go
 * cannot read) or is killed. Symbolic links are removed, never followed. */
void temp_remove_dir(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_leftover_dir(const char *parent, const char *name)
{
	char *path = xasprintf("%s/%s", parent, name);

	temp_remove_dir(path);
	free(path);
}

void temp_clean_dirs(const char *prefix)
{
	char *start = xasprintf("%s-", prefix);
	size_t n = strlen(start);
	const char *parent = temp_parent();
	DIR *d = opendir(parent);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		struct stat st;
		int fd;

		if (strncmp(e->d_name, start, n) || !owner_gone(e->d_name + n, '-'))
			continue;
		fd = lock_leftover(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			continue;
		if (!fstat(fd, &st) && st.st_uid == geteuid())
			remove_leftover_dir(parent, e->d_name);
		close(fd);
	}
	if (d)
		closedir(d);
	free(start);
}

char *temp_dir(const char *prefix, int *fd_out)
{
	char *dir = xasprintf("%s/%s-%ld-XXXXXX", temp_parent(), prefix, (long)getpid());
	int fd;

	temp_clean_dirs(prefix);
	if (!mkdtemp(dir)) {
		int err = errno;

		free(dir);
		errno = err;
		return NULL;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		flock(fd, LOCK_EX);
	*fd_out = fd;
	return dir;
}

/* Objects of BPF programs are kilobytes; copies are bounded as cache entries are. */
#define MAX_COPY_SIZE (256ull << 20)

/* Writes data to dst through a temporary file beside it and a rename; with
 * durable, the file is on disk (fsync) before the rename makes it visible,
 * and the rename is before the function returns. */
static int write_all(int fd, const void *data, size_t size)
{
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, (const char *)data + done, size - done);

		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			done += (size_t)n;
	}
	return 0;
}

bool output_in_place(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int write_in_place(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	err = write_all(fd, data, size);
	if (close(fd) && !err)
		err = -errno;
	return err;
}

int write_file_atomically(const char *dst, const void *data, size_t size, bool durable)
{
	int fd = -1, err;
	char *tmp;

	if (output_in_place(dst)) /* a cache hit's -o /dev/stdout */
		return write_in_place(dst, data, size);
	tmp = temp_beside(dst, &fd);
	if (!tmp)
		return -errno;
	err = write_all(fd, data, size);
	if (!err && fchmod(fd, 0644))
		err = -errno;
	if (!err && durable && fsync(fd))
		err = -errno;
	if (!err && rename(tmp, dst))
		err = -errno;
	if (err)
		unlink(tmp);
	close(fd); /* the lock goes with it: after the rename */
	free(tmp);
	if (!err && durable) {
		char *copy = xstrdup(dst);
		int dir = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dir >= 0) {
			fsync(dir);
			close(dir);
		}
		free(copy);
	}
	return err;
}

int copy_atomically(const char *src, const char *dst)
{
	char *data;
	size_t size;
	int err = read_bounded(src, MAX_COPY_SIZE, "cannot copy", &data, &size, NULL);

	if (!err)
		err = write_file_atomically(dst, data, size, false);
	free(data);
	return err;
}
