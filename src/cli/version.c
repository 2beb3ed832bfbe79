// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "cli.h"

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("tinybpf %s (LLVM %s)\n", tb_version(), tb_llvm_version());
	return 0;
}
