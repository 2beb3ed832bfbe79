// SPDX-License-Identifier: MIT
#include <stdio.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf build [options] PACKAGE\n"
	      "\n"
	      "Compiles the Go package with TinyGo and links it into a BPF object.\n"
	      "\n"
	      COMPILE_OPTIONS_HELP
	      "      --no-cache            run TinyGo and build even if the cache has the\n"
	      "                            object (cache: $TINYBPF_CACHE, or\n"
	      "                            $XDG_CACHE_HOME/tinybpf; docs/cache.md)\n"
	      "      --keep-temp           keep the linked IR, optimised IR and object\n"
	      "  -v, --verbose             show each stage and its time\n"
	      "\n"
	      "TinyGo is $TINYGO, else the one installed with tinybpf (PREFIX/lib/tinybpf/\n"
	      "tinygo), else tinygo on PATH. Sections come from --section first, then\n"
	      "tinybpf.json build.programs, then //go:section in the Go source.\n"
	      "A build whose Go files, go.mod, TinyGo, Go environment and options are\n"
	      "those of a cached build copies the cached object without running TinyGo.\n",
	      out);
}

int cmd_build(int argc, char **argv)
{
	struct compile_args args;
	struct tb_diags *diags;
	int first = parse_compile_options(argc, argv, &args, false, usage);
	int err;

	if (first < 0)
		return 2;
	if (argc - first != 1) {
		fprintf(stderr, "tinybpf build: expected one Go package, e.g. ./bpf\n");
		compile_args_free(&args);
		return 2;
	}
	args.opts.package = argv[first];
	diags = tb_diags_new();
	err = tb_build(&args.opts, diags);
	compile_args_free(&args);
	return finish(err, diags);
}
