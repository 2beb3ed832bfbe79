// SPDX-License-Identifier: MIT
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf init NAME\n"
	      "\n"
	      "Creates the directory NAME with a project that builds, loads and passes\n"
	      "its test as written: a tracepoint program in Go (bpf/main.go) counting\n"
	      "getppid calls per process in a hash map, its loader from tinybpf generate,\n"
	      "a Go test and a Makefile. Then: cd NAME && make && make test (as root).\n"
	      "\n"
	      "NAME is the Go module and package name: a letter, then letters, digits or\n"
	      "'_', no Go keyword, not main. An existing NAME is an error; nothing is\n"
	      "overwritten.\n",
	      out);
}

int cmd_init(int argc, char **argv)
{
	TB_OPTS(tb_project_options, opts);
	struct tb_diags *diags;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	opts.name = argv[1];
	diags = tb_diags_new();
	return finish(tb_generate_project(&opts, diags), diags);
}
