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
	{ "version", cmd_version, "print the versions of tinybpf and its LLVM" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: tinybpf <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'tinybpf <command> --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tinybpf: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
