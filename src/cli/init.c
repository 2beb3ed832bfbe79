// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf init NAME\n"
	      "\n"
	      "Creates the directory NAME with a Go project that builds, loads and\n"
	      "passes its tests as written: a tracepoint program in Go (bpf/main.go)\n"
	      "counting getppid calls per process in a hash map and sending each to a\n"
	      "ring buffer (counting what a full buffer drops), the package that loads\n"
	      "it through the loader tinybpf generate writes, its Go tests and a tracer\n"
	      "(cmd/NAME). //go:generate lines run tinybpf build and generate; go.mod\n"
	      "points github.com/tinybpf/tinybpf at the Go SDK installed with tinybpf.\n"
	      "Then: cd NAME && go generate ./... && go test ./... (as root).\n"
	      "\n"
	      "NAME is the Go module and package name: a letter, then letters, digits or\n"
	      "'_', no Go keyword, not main. An existing NAME is an error; nothing is\n"
	      "overwritten.\n",
	      out);
}

static void print_created(const char *path, void *ctx)
{
	size_t *count = ctx;

	if (!(*count)++)
		printf("created %s/\n", path);
	else
		printf("  %s\n", path);
}

int cmd_init(int argc, char **argv)
{
	size_t count = 0;
	struct tb_diags *diags;
	int err;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	TB_OPTS(tb_project_options, opts, .name = argv[1], .created = print_created, .ctx = &count);
	diags = tb_diags_new();
	err = tb_generate_project(&opts, diags);
	if (!err) {
		printf("\nnext:\n"
		       "  cd %s\n"
		       "  go generate ./...   # tinybpf build -o %s.bpf.o ./bpf, then tinybpf generate\n"
		       "  go vet ./...\n",
		       argv[1], argv[1]);
		if (geteuid() == 0)
			printf("  go test ./...       # loads the program into this kernel\n"
			       "  go run ./cmd/%s | head\n",
			       argv[1]);
		else
			printf("  go test -c -o %s.test && sudo ./%s.test -test.v   # loading needs root\n"
			       "  go build ./cmd/%s && sudo ./%s | head\n",
			       argv[1], argv[1], argv[1], argv[1]);
	}
	return finish(err, diags);
}
