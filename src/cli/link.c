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
	      "  -o, --output FILE         the object to write (or build.output in tinybpf.json)\n"
	      "      --section FUNC=SEC    put //export function FUNC in ELF section SEC\n"
	      "      --program FUNC        keep only this entry point (repeatable)\n"
	      "      --cpu v1|v2|v3|v4     BPF instruction set (default v3)\n"
	      "      --license NAME        license section (default GPL)\n"
	      "      --config FILE         settings file (default ./tinybpf.json if present)\n"
	      "      --dump-ir DIR         write the IR after each stage into DIR\n"
	      "      --panic-return N      where a Go panic cannot be ruled out, return N\n"
	      "                            from the program instead of refusing to build\n"
	      "      --no-cache            build even if the cache has the object\n"
	      "                            (cache: $TINYBPF_CACHE, or $XDG_CACHE_HOME/tinybpf)\n"
	      "      --keep-temp           keep the linked IR, optimised IR and object\n"
	      "  -j, --jobs N              parse textual IR inputs on N threads\n"
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
