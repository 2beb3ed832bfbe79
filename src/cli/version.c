// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_version(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		puts("usage: tinybpf version\n\nPrints the versions of tinybpf and of the LLVM it runs with.");
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: tinybpf version (it takes no arguments)\n");
		return 2;
	}
	printf("tinybpf %s (LLVM %s)\n", tb_version(), tb_llvm_version());
	return 0;
}
