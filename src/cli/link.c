// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf link [options] -i INPUT... -o FILE\n"
	      "\n"
	      "Links TinyGo LLVM IR (.ll or .bc; inputs also as positional arguments)\n"
	      "into one BPF object.\n"
	      "\n"
	      "  -i, --input FILE          LLVM IR input (repeatable)\n"
	      COMPILE_OPTIONS_HELP
	      "      --no-cache            build even if the cache has the object\n"
	      "                            (cache: $TINYBPF_CACHE, or $XDG_CACHE_HOME/tinybpf)\n"
	      "      --keep-temp           keep the linked IR, optimised IR and object\n"
	      "  -j, --jobs N              use up to N cores (default: all)\n"
	      "  -v, --verbose             show each stage and its time\n",
	      out);
}

int cmd_link(int argc, char **argv)
{
	struct compile_args args;
	struct tb_diags *diags;
	int err;

	if (parse_compile_options(argc, argv, &args, true, usage) < 0)
		return 2;
	diags = tb_diags_new();
	err = tb_link(&args.opts, diags);
	compile_args_free(&args);
	return finish(err, diags);
}
