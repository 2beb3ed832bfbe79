// SPDX-License-Identifier: MIT
/*
 * util.c's promises: allocation never returns NULL (zero sizes included) and
 * out of memory ends the process with a message, not a crash later; Go
 * names and C names; finding a command on PATH as execvp(3) would; a
 * temporary directory is locked by its maker, a leftover beside an output is
 * removed only when its owner is gone, and a write cut short is finished
 * once (tempfiles.c); TinyGo's runner when fork fails (build/tinygo.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>
#include <bpf/libbpf.h>

#include "../../src/lib/internal.h"
#include "../../src/lib/build/tinygo.h"

/* Out of memory is simulated with allocations too large to make: ASan then
 * returns NULL, as malloc does, rather than reporting them itself. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static void test_zero_sizes_still_allocate(void **state)
{
	char *p = xcalloc(0, 8), *q = xcalloc(8, 0), *r = xrealloc(NULL, 0, 8), *s;

	assert_non_null(p);
	assert_non_null(q);
	assert_non_null(r);
	/* realloc(p, 0) frees p and may return NULL: xrealloc never asks for 0 */
	s = xrealloc(xcalloc(4, 1), 0, 8);
	assert_non_null(s);
	s = xrealloc(s, 8, 0);
	assert_non_null(s);
	free(p);
	free(q);
	free(r);
	free(s);
}

static void test_xasprintf_of_an_empty_string(void **state)
{
	char *s = xasprintf("%s", "");

	assert_string_equal(s, "");
	free(s);
	s = xasprintf("%d-%s", 7, "x");
	assert_string_equal(s, "7-x");
	free(s);
}

/* Runs fn in a child: it must die of SIGABRT, saying "out of memory". */
static void assert_out_of_memory(void (*fn)(void))
{
	int fds[2], status;
	char buf[128] = { 0 };
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		fn();
		_exit(0); /* returned: the check failed */
	}
	close(fds[1]);
	assert_true(read(fds[0], buf, sizeof(buf) - 1) >= 0);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_string_equal(buf, "tinybpf: out of memory\n");
}

static void calloc_too_much(void)
{
	xcalloc(SIZE_MAX / 2, 4);
}

static void asprintf_failing(void)
{
	/* in the C locale, a wide character past ASCII cannot be converted:
	 * vasprintf fails (EILSEQ) */
	static const wchar_t wide[] = { 0x100, 0 };

	xasprintf("%ls", wide);
}

static void test_out_of_memory_ends_the_process_with_a_message(void **state)
{
	assert_out_of_memory(calloc_too_much);
	assert_out_of_memory(asprintf_failing);
}

static void test_go_names(void **state)
{
	char *c;

	assert_true(is_user_go_name("main.x"));
	assert_true(is_user_go_name("github.com/a/b.x"));
	assert_false(is_user_go_name("runtime.x"));
	assert_false(is_user_go_name("internal/task.x"));
	assert_false(is_user_go_name("main"));
	c = go_name_to_c("main.lastLen");
	assert_string_equal(c, "lastLen");
	free(c);
	c = go_name_to_c("github.com/a/b.Config");
	assert_string_equal(c, "github_com_a_b_Config");
	free(c);
	c = go_name_to_c("main.9lives");
	assert_string_equal(c, "_9lives");
	free(c);
	assert_true(str_starts_with("bpf_x", "bpf_"));
	assert_false(str_starts_with("bp", "bpf_"));
}

/* PATH as execvp(3) reads it: an empty entry is the current directory. */
static void test_find_executable_on_path(void **state)
{
	char dir[] = "/tmp/tinybpf-util-XXXXXX", cwd[4096], *path, *found, *old_path;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/tb-tool", dir) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("#!/bin/sh\n", f);
	fclose(f);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	old_path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");

	/* not executable yet: not found */
	setenv("PATH", dir, 1);
	assert_null(find_executable("tb-tool"));
	assert_int_equal(chmod(path, 0755), 0);
	found = find_executable("tb-tool");
	assert_non_null(found);
	assert_string_equal(found, path);
	free(found);
	/* the last of several entries, and an empty one meaning "." */
	setenv("PATH", "/nonexistent:/usr/nonexistent:", 1);
	assert_int_equal(chdir(dir), 0);
	found = find_executable("tb-tool");
	assert_non_null(found);
	assert_string_equal(found, "./tb-tool");
	free(found);
	setenv("PATH", "/nonexistent::/usr/nonexistent", 1);
	found = find_executable("tb-tool");
	assert_non_null(found);
	assert_string_equal(found, "./tb-tool");
	free(found);
	/* an entry is a whole directory: never a part of it, relative to here */
	setenv("PATH", "/nonexistent/tinybpf-util-sub", 1);
	assert_int_equal(mkdir("tinybpf-util-sub", 0755), 0);
	assert_int_equal(link(path, "tinybpf-util-sub/tb-tool"), 0);
	assert_null(find_executable("tb-tool"));
	unlink("tinybpf-util-sub/tb-tool");
	rmdir("tinybpf-util-sub");
	assert_int_equal(chdir(cwd), 0);
	setenv("PATH", "/nonexistent", 1);
	assert_null(find_executable("tb-tool"));
	/* with a slash: that file, if executable */
	found = find_executable(path);
	assert_non_null(found);
	assert_string_equal(found, path);
	free(found);
	assert_null(find_executable("/nonexistent/tb-tool"));

	setenv("PATH", old_path, 1);
	free(old_path);
	unlink(path);
	rmdir(dir);
	free(path);
}

/* libbpf's own warning about a file that is no ELF object arrives as one
 * error with the prefix, and none once the capture ended. */
static void test_libbpf_warnings_become_errors(void **state)
{
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;

	(void)state;
	libbpf_warnings_begin(diags, "the object does not load");
	obj = bpf_object__open_file("/etc/hostname", NULL);
	libbpf_warnings_end();
	assert_null(obj);
	assert_int_equal(tb_diags_error_count(diags), 1);
	assert_true(str_starts_with(tb_diags_at(diags, 0)->message, "the object does not load: libbpf: "));
	assert_null(strchr(tb_diags_at(diags, 0)->message, '\n'));
	obj = bpf_object__open_file("/etc/hostname", NULL);
	assert_null(obj);
	assert_int_equal(tb_diags_error_count(diags), 1);
	tb_diags_free(diags);
}

/* temp_dir's directory is locked (flock) until its maker closes the
 * descriptor, which is what keeps another run's cleaning from removing it;
 * with stdin closed too, when that descriptor is 0. */
static void test_temp_dir_is_locked(void **state)
{
	int saved = dup(STDIN_FILENO);

	assert_true(saved > 0);
	for (int stdin_closed = 0; stdin_closed <= 1; stdin_closed++) {
		int fd = -1, other;
		char *dir;

		if (stdin_closed)
			close(STDIN_FILENO);
		dir = temp_dir("tinybpf-util-test", &fd);
		assert_non_null(dir);
		assert_int_equal(fd == STDIN_FILENO, stdin_closed);
		other = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		assert_true(other >= 0);
		assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
		assert_int_equal(errno, EWOULDBLOCK);
		close(fd);
		assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
		close(other);
		assert_int_equal(rmdir(dir), 0);
		free(dir);
	}
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
}

/* A leftover beside an output is removed only when its owner is gone:
 * kill(pid, 0) fails, and with ESRCH. A live owner's file stays, unlocked too
 * (as it is for the instant between its owner's mkstemp and flock), whatever
 * errno held before: here ESRCH, which checking a dead owner's leftover
 * leaves behind. The dead owner is a child of this test, waited for. */
static void test_only_a_dead_owners_leftover_is_removed(void **state)
{
	char dir[] = "/tmp/tinybpf-util-test-XXXXXX", *out, *live, *dead;
	pid_t child = fork();
	int fd, status;

	(void)state;
	if (child == 0)
		_exit(0);
	assert_true(child > 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_non_null(mkdtemp(dir));
	out = xasprintf("%s/x.o", dir);
	live = xasprintf("%s/x.o.tmp.%ld.LiVeOn", dir, (long)getppid());
	dead = xasprintf("%s/x.o.tmp.%ld.DeAdXx", dir, (long)child);
	fd = open(live, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	fd = open(dead, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);

	errno = ESRCH;
	temp_clean_beside(out);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(errno, ENOENT);

	unlink(live);
	assert_int_equal(rmdir(dir), 0);
	free(out);
	free(live);
	free(dead);
}

/* A dead run's directory is removed with the files in it (a killed build's
 * holds TinyGo's output); a live run's stays. The prefix is this test's own,
 * which no other tinybpf cleans (cli_test's killed build shares
 * "tinybpf-build" with every build on the machine, any of which may remove
 * its directory first). */
static void test_a_dead_owners_directory_goes_with_its_files(void **state)
{
	pid_t child = fork();
	char *dead, *live, *dead_file, *live_file;
	int fd, status;

	(void)state;
	if (child == 0)
		_exit(0);
	assert_true(child > 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	dead = xasprintf("%s/tinybpf-util-clean-%ld-XXXXXX", temp_parent(), (long)child);
	live = xasprintf("%s/tinybpf-util-clean-%ld-XXXXXX", temp_parent(), (long)getppid());
	assert_non_null(mkdtemp(dead));
	assert_non_null(mkdtemp(live));
	dead_file = xasprintf("%s/program.ll", dead);
	live_file = xasprintf("%s/program.ll", live);
	fd = open(dead_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
	fd = open(live_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);

	temp_clean_dirs("tinybpf-util-clean");
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(live_file, F_OK), 0);

	unlink(dead_file); /* a failed run: leave nothing */
	rmdir(dead);
	unlink(live_file);
	assert_int_equal(rmdir(live), 0);
	free(dead);
	free(live);
	free(dead_file);
	free(live_file);
}

/* An output that is a directory holding a file: rename(2) refuses it
 * (EISDIR), the temporary file written beside it is removed, and the
 * directory keeps its file. */
static void test_an_output_that_is_a_directory(void **state)
{
	char dir[] = "/tmp/tinybpf-util-test-XXXXXX", *out, *keep;
	struct dirent *e;
	int fd, entries = 0;
	DIR *d;

	(void)state;
	assert_non_null(mkdtemp(dir));
	out = xasprintf("%s/adir", dir);
	keep = xasprintf("%s/keep", out);
	assert_int_equal(mkdir(out, 0700), 0);
	fd = open(keep, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);

	assert_int_equal(write_file_atomically(out, "x\n", 2, false), -EISDIR);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)))
		entries += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	assert_int_equal(entries, 1); /* adir, and no temporary file */
	assert_int_equal(unlink(keep), 0);

	assert_int_equal(rmdir(out), 0);
	assert_int_equal(rmdir(dir), 0);
	free(out);
	free(keep);
}

static int signalled_fd = -1;

/* Says the signal came, once the interrupted call has returned. */
static void note_signal(int sig)
{
	(void)sig;
	(void)!write(signalled_fd, "s", 1);
}

/* A write the kernel cuts short is finished from where it stopped, each byte
 * once: a signal ends a blocked pipe write early, returning what went in
 * (pipe_write), and the rest, one byte here, is written next. The pipe holds
 * one page (F_SETPIPE_SZ), the child writes a page and a byte into it through
 * /proc/self/fd/N, as -o /dev/stdout does, and is signalled once the page is
 * in; this end reads only after the child's handler says its write returned
 * (reading first could make room for the last byte before the child sees the
 * signal). What it reads is then the data, byte for byte, and no more. */
static void test_a_short_write_is_finished_once(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = page + 1, total = 0;
	char *data = xcalloc(size, 1), *got = xcalloc(2 * size, 1);
	int p[2], signalled[2], queued = 0, status;
	char note;
	pid_t child;
	ssize_t n;

	(void)state;
	for (size_t i = 0; i < size; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(pipe2(signalled, O_CLOEXEC), 0);
	assert_int_equal(fcntl(p[1], F_SETPIPE_SZ, (int)page), (int)page);
	fflush(NULL); /* the child's exit flushes nothing of this process's */
	child = fork();
	if (child == 0) {
		struct sigaction sa = { .sa_handler = note_signal };
		char path[64];

		close(p[0]);
		close(signalled[0]);
		signalled_fd = signalled[1];
		sigaction(SIGUSR1, &sa, NULL);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
		/* exit, not _exit: in make mutate's coverage build, what a
		 * child ran is recorded as it exits. */
		exit(write_in_place(path, data, size) ? 1 : 0);
	}
	assert_true(child > 0);
	close(p[1]);
	close(signalled[1]);
	/* A full page in the pipe: the child is inside its write, with a byte left. */
	while (!ioctl(p[0], FIONREAD, &queued) && (size_t)queued < page)
		usleep(1000);
	assert_int_equal(kill(child, SIGUSR1), 0);
	assert_int_equal(read(signalled[0], &note, 1), 1);
	close(signalled[0]);
	while (total < 2 * size && (n = read(p[0], got + total, 2 * size - total)) > 0)
		total += (size_t)n;
	if (total > size)
		kill(child, SIGKILL); /* it would write the last byte again for ever */
	close(p[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(total, size);
	assert_memory_equal(got, data, size);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(data);
	free(got);
}

/* Descriptors open below 1024. */
static int open_descriptors(void)
{
	int count = 0;

	for (int fd = 0; fd < 1024; fd++)
		count += fcntl(fd, F_GETFD) >= 0;
	return count;
}

/* When fork() fails, tinygo_compile says why and closes both ends of the pipe
 * it made for the child's exec error. fork() fails with EAGAIN for a user at
 * its RLIMIT_NPROC (root is exempt: the child becomes nobody first). The
 * checks run in that child, which reports by its exit status. */
static void test_tinygo_compile_when_fork_fails(void **state)
{
	pid_t child = fork();
	int status;

	(void)state;
	if (child == 0) {
		struct rlimit none = { 0, 0 };
		struct tb_diags *diags = tb_diags_new();
		char expected[128];
		int before, err;

		if (geteuid() == 0 && (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
			_exit(10);
		if (setrlimit(RLIMIT_NPROC, &none))
			_exit(11);
		snprintf(expected, sizeof(expected), "fork: %s", strerror(EAGAIN));
		before = open_descriptors();
		err = tinygo_compile("/bin/true", ".", "/dev/null", NULL, diags);
		if (open_descriptors() != before)
			_exit(12); /* an end of the pipe left open */
		if (err != -EAGAIN)
			_exit(13);
		if (tb_diags_error_count(diags) != 1 || strcmp(tb_diags_at(diags, 0)->message, expected))
			_exit(14);
		_exit(0);
	}
	assert_true(child > 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_sizes_still_allocate),
		cmocka_unit_test(test_xasprintf_of_an_empty_string),
		cmocka_unit_test(test_out_of_memory_ends_the_process_with_a_message),
		cmocka_unit_test(test_go_names),
		cmocka_unit_test(test_find_executable_on_path),
		cmocka_unit_test(test_libbpf_warnings_become_errors),
		cmocka_unit_test(test_temp_dir_is_locked),
		cmocka_unit_test(test_only_a_dead_owners_leftover_is_removed),
		cmocka_unit_test(test_a_dead_owners_directory_goes_with_its_files),
		cmocka_unit_test(test_an_output_that_is_a_directory),
		cmocka_unit_test(test_a_short_write_is_finished_once),
		cmocka_unit_test(test_tinygo_compile_when_fork_fails),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
