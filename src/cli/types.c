// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf types [options] TYPE...\n"
	      "\n"
	      "Writes Go declarations of kernel types, read from BTF, and of tracepoint\n"
	      "records, read from tracefs format files, for a BPF program to use: each\n"
	      "named struct, union or enum and every type it holds by value. By default\n"
	      "they follow the CO-RE contract (a `_ bpf.Kernel` first field; Go names the\n"
	      "kernel's names turn into), so reads through them are relocated at load.\n"
	      "\n"
	      "      --btf FILE          BTF to read: raw BTF or an ELF object with .BTF\n"
	      "                          (default /sys/kernel/btf/vmlinux)\n"
	      "      --tracepoint C/E    also declare the record of tracepoint C/E, e.g.\n"
	      "                          syscalls/sys_enter_openat (repeatable)\n"
	      "      --tracefs DIR       where the format files are (default /sys/kernel/tracing)\n"
	      "      --plain             exact layout for UAPI types: no CO-RE marker, unions\n"
	      "                          as their first member, bitfields as methods\n"
	      "      --rename FROM=TO    name the Go type of FROM (a type or event) TO (repeatable)\n"
	      "  -p, --package NAME      Go package clause (default main)\n"
	      "  -o, --output FILE       the file to write (default: standard output)\n",
	      out);
}

enum { OPT_BTF = 256, OPT_TRACEPOINT, OPT_TRACEFS, OPT_PLAIN, OPT_RENAME };

static const struct option long_options[] = {
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "tracepoint", required_argument, NULL, OPT_TRACEPOINT },
	{ "tracefs", required_argument, NULL, OPT_TRACEFS },
	{ "plain", no_argument, NULL, OPT_PLAIN },
	{ "rename", required_argument, NULL, OPT_RENAME },
	{ "package", required_argument, NULL, 'p' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

static bool valid_tracepoint(const char *tp)
{
	const char *slash = strchr(tp, '/');

	return slash && slash != tp && slash[1] && !strchr(slash + 1, '/');
}

int cmd_types(int argc, char **argv)
{
	TB_OPTS(tb_types_options, opts, .stream = stdout);
	const char **tracepoints = NULL;
	struct tb_type_rename *renames = NULL;
	struct tb_diags *diags;
	int opt, err, status = -1;

	optind = 1;
	while (status < 0 && (opt = getopt_long(argc, argv, "o:p:h", long_options, NULL)) != -1) {
		switch (opt) {
		case OPT_BTF:
			opts.btf = optarg;
			break;
		case OPT_TRACEPOINT:
			if (!valid_tracepoint(optarg)) {
				fprintf(stderr, "tinybpf types: --tracepoint %s: write CATEGORY/EVENT, "
						"e.g. syscalls/sys_enter_openat\n", optarg);
				status = 2;
				break;
			}
			tracepoints = realloc(tracepoints, (opts.tracepoint_count + 1) * sizeof(*tracepoints));
			tracepoints[opts.tracepoint_count++] = optarg;
			break;
		case OPT_TRACEFS:
			opts.tracefs = optarg;
			break;
		case OPT_PLAIN:
			opts.plain = true;
			break;
		case OPT_RENAME: {
			char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg || !eq[1]) {
				fprintf(stderr, "tinybpf types: --rename %s: write FROM=TO, e.g. "
						"__sk_buff=SkBuff\n", optarg);
				status = 2;
				break;
			}
			*eq = '\0';
			renames = realloc(renames, (opts.rename_count + 1) * sizeof(*renames));
			renames[opts.rename_count++] = (struct tb_type_rename){ optarg, eq + 1 };
			break;
		}
		case 'p':
			opts.package = optarg;
			break;
		case 'o':
			opts.output = optarg;
			break;
		case 'h':
			usage(stdout);
			status = 0;
			break;
		default:
			usage(stderr);
			status = 2;
		}
	}
	if (status < 0 && optind == argc && !opts.tracepoint_count) {
		fprintf(stderr, "tinybpf types: name at least one type (e.g. task_struct) or "
				"--tracepoint CATEGORY/EVENT\n");
		status = 2;
	}
	if (status >= 0) {
		free(tracepoints);
		free(renames);
		return status;
	}
	opts.types = (const char *const *)argv + optind;
	opts.type_count = (size_t)(argc - optind);
	opts.tracepoints = tracepoints;
	opts.renames = renames;
	diags = tb_diags_new();
	err = tb_types(&opts, diags);
	free(tracepoints);
	free(renames);
	return finish(err, diags);
}
