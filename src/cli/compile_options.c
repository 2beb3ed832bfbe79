// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_SECTION = 256, OPT_PROGRAM, OPT_CPU, OPT_LICENSE, OPT_CONFIG, OPT_DUMP_IR, OPT_PANIC_RETURN };
enum { OPT_NO_CACHE = 512, OPT_KEEP_TEMP, OPT_JOBS = 'j' };

static const struct option long_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "input", required_argument, NULL, 'i' },
	{ "section", required_argument, NULL, OPT_SECTION },
	{ "program", required_argument, NULL, OPT_PROGRAM },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "license", required_argument, NULL, OPT_LICENSE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "dump-ir", required_argument, NULL, OPT_DUMP_IR },
	{ "panic-return", required_argument, NULL, OPT_PANIC_RETURN },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "keep-temp", no_argument, NULL, OPT_KEEP_TEMP },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const cpus[] = { "v1", "v2", "v3", "v4" };

static void *grow(void *array, size_t count, size_t size)
{
	void *p = realloc(array, (count + 1) * size);

	if (!p) {
		perror("tinybpf");
		exit(1);
	}
	return p;
}

static int add_section(struct compile_args *a, char *spec)
{
	char *eq = strchr(spec, '=');

	if (!eq || eq == spec || !eq[1]) {
		fprintf(stderr, "tinybpf: --section takes FUNCTION=SECTION, got '%s'\n", spec);
		return -1;
	}
	*eq = '\0';
	a->sections = grow(a->sections, a->opts.section_count, sizeof(*a->sections));
	a->sections[a->opts.section_count++] = (struct tb_section){ spec, eq + 1 };
	a->opts.sections = a->sections;
	return 0;
}

/* $TINYBPF_CACHE, else tinybpf under the XDG cache directory. */
char *default_cache_dir(void)
{
	const char *env = getenv("TINYBPF_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *dir = NULL;
	int n = 0;

	if (env && *env)
		dir = strdup(env);
	else if (xdg && *xdg)
		n = asprintf(&dir, "%s/tinybpf", xdg);
	else if (home && *home)
		n = asprintf(&dir, "%s/.cache/tinybpf", home);
	return n < 0 ? NULL : dir;
}

bool cache_max_size_from_env(unsigned long long *max_size)
{
	const char *text = getenv("TINYBPF_CACHE_MAX_SIZE");
	static const char units[] = "KMG";
	char number[32];
	const char *unit;
	long long n;
	size_t len;

	*max_size = 0;
	if (!text)
		return true;
	len = strlen(text);
	unit = len ? strchr(units, text[len - 1]) : NULL;
	if (unit && text[len - 1])
		len--;
	else
		unit = NULL;
	if (len >= sizeof(number)) {
		len = 0; /* too long for any number: refused below */
	}
	memcpy(number, text, len);
	number[len] = '\0';
	if (!option_integer("TINYBPF_CACHE_MAX_SIZE", number, 1,
			    (1ll << 62) >> (unit ? 10 * (unit - units + 1) : 0), &n)) {
		fprintf(stderr, "tinybpf: TINYBPF_CACHE_MAX_SIZE is bytes, or a number with the "
				"suffix K, M or G (KiB, MiB, GiB), e.g. 512M\n");
		return false;
	}
	*max_size = (unsigned long long)n << (unit ? 10 * (unit - units + 1) : 0);
	return true;
}

int parse_compile_options(int argc, char **argv, struct compile_args *a, bool takes_inputs,
			  void (*usage)(FILE *))
{
	bool no_cache = false;
	int opt;

	memset(a, 0, sizeof(*a));
	a->opts.sz = sizeof(a->opts);
	optind = 1;
	/* A leading '-' in optstring is not used: GNU getopt permutes, so
	 * options may follow positional arguments. */
	while ((opt = getopt_long(argc, argv, "o:i:vhj:", long_options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			if (!option_name("-o", optarg))
				return -1;
			a->opts.output = optarg;
			break;
		case 'i':
			if (!takes_inputs)
				goto bad;
			if (!option_name("-i", optarg))
				return -1;
			a->inputs = grow(a->inputs, a->opts.input_count, sizeof(*a->inputs));
			a->inputs[a->opts.input_count++] = optarg;
			break;
		case OPT_SECTION:
			if (add_section(a, optarg))
				return -1;
			break;
		case OPT_PROGRAM:
			if (!option_name("--program", optarg))
				return -1;
			a->programs = grow(a->programs, a->opts.program_count, sizeof(*a->programs));
			a->programs[a->opts.program_count++] = optarg;
			break;
		case OPT_CPU:
			if (!option_choice("--cpu", optarg, cpus, ARRAY_LEN(cpus)))
				return -1;
			a->opts.cpu = optarg;
			break;
		case OPT_LICENSE:
			if (!option_name("--license", optarg))
				return -1;
			a->opts.license = optarg;
			break;
		case OPT_CONFIG:
			if (!option_name("--config", optarg))
				return -1;
			a->config = optarg;
			break;
		case OPT_DUMP_IR:
			if (!option_name("--dump-ir", optarg))
				return -1;
			a->opts.dump_ir_dir = optarg;
			break;
		case OPT_PANIC_RETURN:
			/* What a BPF program returns: a 32-bit int. */
			if (!option_integer("--panic-return", optarg, INT32_MIN, INT32_MAX,
					    &a->opts.panic_return))
				return -1;
			a->opts.panic_return_set = true;
			break;
		case OPT_NO_CACHE:
			no_cache = true;
			break;
		case OPT_KEEP_TEMP:
			a->opts.keep_temp = true;
			break;
		case OPT_JOBS: {
			long long jobs;

			if (!option_integer("-j", optarg, 1, 256, &jobs))
				return -1;
			a->opts.jobs = (unsigned)jobs;
			break;
		}
		case 'v':
			a->opts.verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			goto bad;
		}
	}
	a->opts.programs = a->programs;
	if (!no_cache) {
		if (!cache_max_size_from_env(&a->opts.cache_max_size))
			return -1;
		a->opts.cache_dir = a->cache_dir = default_cache_dir();
	}
	/* tinybpf.json in the working directory applies unless --config says otherwise. */
	a->opts.config = a->config ? a->config : access("tinybpf.json", F_OK) ? NULL : "tinybpf.json";
	if (takes_inputs) {
		for (int i = optind; i < argc; i++) {
			a->inputs = grow(a->inputs, a->opts.input_count, sizeof(*a->inputs));
			a->inputs[a->opts.input_count++] = argv[i];
		}
		a->opts.inputs = a->inputs;
	}
	return optind;
bad:
	usage(stderr);
	return -1;
}

void compile_args_free(struct compile_args *a)
{
	free(a->inputs);
	free(a->programs);
	free(a->sections);
	free(a->cache_dir);
}

int finish(int err, struct tb_diags *diags)
{
	tb_diags_print(diags, stderr);
	tb_diags_free(diags);
	return err ? 1 : 0;
}
