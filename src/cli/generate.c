// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf generate [options] OBJECT\n"
	      "\n"
	      "Writes a typed loader for a BPF object: Go for github.com/cilium/ebpf\n"
	      "with bpf2go's shape and names (STEMObjects, loadSTEMObjects, ...), or a\n"
	      "libbpf skeleton header for C. Each global variable, each map key and\n"
	      "value and each --type gets a Go (or C) type with the layout the object's\n"
	      "BTF gives it, padding spelled out.\n"
	      "\n"
	      "  -o, --output FILE     the file to write (default: beside OBJECT,\n"
	      "                        STEM_bpf.go, or STEM.skel.h with --lang c)\n"
	      "  -p, --package NAME    Go package (default: $GOPACKAGE under go generate,\n"
	      "                        else the output directory's name)\n"
	      "      --ident NAME      Go: the stem of every top-level name, as bpf2go's\n"
	      "                        ident; an upper-case first letter exports them\n"
	      "                        (default: STEM in lowerCamel, e.g. tracepointOpenat);\n"
	      "                        C: the skeleton's name (default STEM)\n"
	      "      --lang go|c       the language to write (default go)\n"
	      "  -t, --type NAME       also describe this BTF type (repeatable)\n"
	      "      --no-embed        Go: load from a path only, never //go:embed\n"
	      "\n"
	      "Event types: a type used only for a local variable (a ring buffer sample)\n"
	      "is not in BTF. Give the program a global variable of that type, e.g.\n"
	      "`var lastEvent event` written where the event is sent, and its type is\n"
	      "described like every global's; --type names it when no variable has it.\n"
	      "The Go loader embeds OBJECT when it lies in the output's directory.\n",
	      out);
}

enum { OPT_IDENT = 256, OPT_PREFIX, OPT_LANG, OPT_NO_EMBED };

static const struct option long_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "package", required_argument, NULL, 'p' },
	{ "ident", required_argument, NULL, OPT_IDENT },
	{ "prefix", required_argument, NULL, OPT_PREFIX }, /* its name before 0.2 */
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "type", required_argument, NULL, 't' },
	{ "no-embed", no_argument, NULL, OPT_NO_EMBED },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

/* Every option value here is a name or a path: none may be empty. */
static bool empty_value(int opt)
{
	switch (opt) {
	case 'o':
		return !option_name("--output", optarg);
	case 'p':
		return !option_name("--package", optarg);
	case OPT_IDENT:
		return !option_name("--ident", optarg);
	case OPT_PREFIX:
		return !option_name("--prefix", optarg);
	case 't':
		return !option_name("--type", optarg);
	default:
		return false;
	}
}

int cmd_generate(int argc, char **argv)
{
	TB_OPTS(tb_generate_options, opts);
	const char **types = NULL;
	struct tb_diags *diags;
	int opt, err;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:p:t:h", long_options, NULL)) != -1) {
		if (empty_value(opt)) {
			free(types);
			return 2;
		}
		switch (opt) {
		case 'o':
			opts.output = optarg;
			break;
		case 'p':
			opts.package = optarg;
			break;
		case OPT_IDENT:
		case OPT_PREFIX:
			opts.prefix = optarg;
			break;
		case OPT_LANG:
			if (!option_choice("--lang", optarg, (const char *const[]){ "go", "c" }, 2)) {
				free(types);
				return 2;
			}
			opts.lang = strcmp(optarg, "c") ? TB_GENERATE_GO : TB_GENERATE_C;
			break;
		case 't':
			types = realloc(types, (opts.type_count + 1) * sizeof(*types));
			if (!types) {
				perror("tinybpf");
				return 1;
			}
			types[opts.type_count++] = optarg;
			break;
		case OPT_NO_EMBED:
			opts.no_embed = true;
			break;
		case 'h':
			usage(stdout);
			free(types);
			return 0;
		default:
			usage(stderr);
			free(types);
			return 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "tinybpf generate: expected one BPF object, e.g. build/prog.bpf.o\n");
		free(types);
		return 2;
	}
	opts.object = argv[optind];
	opts.types = types;
	diags = tb_diags_new();
	err = tb_generate(&opts, diags);
	free(types);
	return finish(err, diags);
}
