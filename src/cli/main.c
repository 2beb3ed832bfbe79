// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "build", cmd_build, "compile a Go package to a BPF object (TinyGo + link)" },
	{ "doctor", cmd_doctor, "check the toolchain and what this kernel loads" },
	{ "link", cmd_link, "turn TinyGo LLVM IR (.ll, .bc) into a BPF object" },
	{ "generate", cmd_generate, "write a typed Go (cilium/ebpf) or C (libbpf) loader" },
	{ "init", cmd_init, "create a new project that builds and passes its test" },
	{ "types", cmd_types, "write Go types from kernel BTF and tracepoint formats" },
	{ "verify", cmd_verify, "load an object's programs into this kernel; report the verifier's verdicts" },
	{ "cache", cmd_cache, "show or clean the object cache of build and link" },
	{ "version", cmd_version, "print the versions of tinybpf and its LLVM" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: tinybpf <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'tinybpf <command> --help' (or 'tinybpf help <command>') for a "
		     "command's options.\n");
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if ((!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) &&
	    argc == 2) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "help")) { /* help COMMAND: that command's --help */
		const struct command *cmd = argc == 3 ? find(argv[2]) : NULL;

		if (!cmd) {
			if (argc == 3)
				fprintf(stderr, "tinybpf: unknown command '%s'\n\n", argv[2]);
			usage(stderr);
			return 2;
		}
		return cmd->run(2, (char *[]){ argv[2], "--help", NULL });
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(argc - 1, argv + 1);
	if (find(argv[1]))
		return find(argv[1])->run(argc - 1, argv + 1);
	fprintf(stderr, "tinybpf: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
