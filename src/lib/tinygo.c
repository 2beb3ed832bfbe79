// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "tinygo.h"

/* No GC and no scheduler (BPF has neither) and panics as traps, as the seeds
 * build. Unlike the seeds, no optimisation (-opt=0): TinyGo's optimiser folds
 * package variables nothing in Go writes, such as the configuration a loader
 * sets before load; tinybpf runs O2 itself once those are made visible. */
const char *const tinygo_flags[TINYGO_FLAG_COUNT] = {
	"build", "-gc=none", "-scheduler=none", "-panic=trap", "-opt=0",
};

int tinygo_compile(const char *tinygo, const char *package, const char *ll_path,
		   struct tb_diags *diags)
{
	const char *argv[ARRAY_SIZE(tinygo_flags) + 5] = { tinygo };
	size_t argc = 1;
	int status;
	pid_t pid;

	for (size_t i = 0; i < ARRAY_SIZE(tinygo_flags); i++)
		argv[argc++] = tinygo_flags[i];
	argv[argc++] = "-o";
	argv[argc++] = ll_path;
	argv[argc++] = package;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		diag_error(diags, "fork: %s", strerror(errno));
		return -errno;
	}
	if (pid == 0) {
		execvp(tinygo, (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		diag_error(diags, "cannot run TinyGo (%s): install it or set $TINYGO; "
				  "scripts/setup.sh builds one",
			   tinygo);
		return -ENOENT;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		diag_error(diags, "TinyGo could not compile %s (its messages are above)", package);
		return -EINVAL;
	}
	return 0;
}
