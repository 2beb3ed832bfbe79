// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../internal.h"
#include "tinygo.h"

/* No GC and no scheduler (BPF has neither) and panics as traps, as the seeds
 * build. Unlike the seeds, no optimisation (-opt=0): TinyGo's optimiser folds
 * package variables nothing in Go writes, such as the configuration a loader
 * sets before load; tinybpf runs O2 itself once those are made visible. */
const char *const tinygo_flags[TINYGO_FLAG_COUNT] = {
	"build", "-gc=none", "-scheduler=none", "-panic=trap", "-opt=0",
};

char *self_relative(const char *rel)
{
	char exe[PATH_MAX], *slash, *path, *real;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	path = xasprintf("%s/%s", exe, rel);
	real = realpath(path, NULL);
	free(path);
	return real;
}

char *tinygo_find(const char *chosen, enum tinygo_origin *origin)
{
	const char *env = getenv("TINYGO");
	enum tinygo_origin o;
	char *found = NULL;

	if (chosen && *chosen) {
		o = TINYGO_CHOSEN;
		found = xstrdup(chosen);
	} else if (env && *env) {
		o = TINYGO_ENV;
		found = xstrdup(env);
	} else if ((found = self_relative(INSTALLED_TINYGO))) {
		o = TINYGO_INSTALLED;
	} else {
		o = TINYGO_PATH;
		found = xstrdup("tinygo");
	}
	if (origin)
		*origin = o;
	return found;
}

/* Whether dir/go.mod declares the SDK's module. */
static bool is_sdk_root(const char *dir)
{
	char *path = xasprintf("%s/go.mod", dir), line[256];
	FILE *f = fopen(path, "r");
	bool found = false;

	free(path);
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strcmp(line, "module " SDK_MODULE "\n");
	fclose(f);
	return found;
}

char *sdk_find(void)
{
	char *dir = self_relative(INSTALLED_SDK);

	if (dir && is_sdk_root(dir))
		return dir;
	free(dir);
	/* In place: build/bin/tinybpf or build/test/tinybpf of a clone. */
	dir = self_relative("../..");
	if (dir && is_sdk_root(dir))
		return dir;
	free(dir);
	return NULL;
}

int tinygo_compile(const char *tinygo, const char *package, const char *ll_path,
		   const char *tmp_dir, struct tb_diags *diags)
{
	const char *argv[ARRAY_SIZE(tinygo_flags) + 5] = { tinygo };
	size_t argc = 1;
	int status, exec_errno = 0, pipefd[2];
	pid_t parent;
	pid_t pid;

	for (size_t i = 0; i < ARRAY_SIZE(tinygo_flags); i++)
		argv[argc++] = tinygo_flags[i];
	argv[argc++] = "-o";
	argv[argc++] = ll_path;
	argv[argc++] = package;
	/* The child reports why exec failed through a close-on-exec pipe:
	 * "not found" and "permission denied" need different fixes. */
	if (pipe2(pipefd, O_CLOEXEC)) {
		diag_error(diags, "pipe: %s", strerror(errno));
		return -errno;
	}
	fflush(NULL);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		diag_error(diags, "fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -errno;
	}
	if (pid == 0) {
		int e;

		/* TinyGo does not outlive a build that is killed (SIGKILL included). */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		/* A TinyGo run lives a quarter of a second and peaks near 130 MB:
		 * Go's collector cost it 14 % of its CPU time (perf; about 35 ms
		 * of every cold build). No collection until 1 GiB, unless the
		 * user chose otherwise; `go list` and `go env` inherit it. */
		setenv("GOGC", "off", 0);
		setenv("GOMEMLIMIT", "1GiB", 0);
		/* TinyGo leaves its own temporary directory behind when go
		 * cannot read a go.mod, or when it is killed: in ours, the
		 * build removes it. */
		if (tmp_dir)
			setenv("TMPDIR", tmp_dir, 1);
		execvp(tinygo, (char *const *)argv);
		e = errno;
		(void)!write(pipefd[1], &e, sizeof(e));
		_exit(127);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &exec_errno, sizeof(exec_errno)) != sizeof(exec_errno))
		exec_errno = 0;
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (exec_errno) {
		diag_error(diags, "cannot run TinyGo (%s): %s; tinybpf doctor says why and how to fix it",
			   tinygo, strerror(exec_errno));
		return -exec_errno;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		diag_error(diags, "TinyGo could not compile %s (its messages are above)", package);
		return -EINVAL;
	}
	return 0;
}
