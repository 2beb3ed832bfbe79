/* SPDX-License-Identifier: MIT */
#ifndef TINYBPF_CLI_H
#define TINYBPF_CLI_H

#include <tinybpf/tinybpf.h>

/* One function per command, as bpftool's do_*(): argv[0] is the command. */
int cmd_build(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_types(int argc, char **argv);
int cmd_cache(int argc, char **argv);

/* Options build and link share; parse_compile_options() fills `opts` and
 * returns the index of the first positional argument, or -1 on a usage error. */
struct compile_args {
	struct tb_options opts;
	const char **inputs;
	const char **programs;
	struct tb_section *sections;
	const char *config;
	char *cache_dir;
};
/* The help lines of the options build and link share word for word. */
#define COMPILE_OPTIONS_HELP                                                                    \
	"  -o, --output FILE         the object to write (or build.output in tinybpf.json)\n"     \
	"      --section FUNC=SEC    put //export function FUNC in ELF section SEC\n"             \
	"      --program FUNC        keep only this entry point (repeatable)\n"                   \
	"      --cpu v1|v2|v3|v4     BPF instruction set (default v3)\n"                          \
	"      --license NAME        license section (default GPL)\n"                             \
	"      --config FILE         settings file (default ./tinybpf.json if present)\n"         \
	"      --dump-ir DIR         write the IR after each stage into DIR\n"                    \
	"      --panic-return N      where a Go panic cannot be ruled out, return N\n"            \
	"                            from the program instead of refusing to build\n"
int parse_compile_options(int argc, char **argv, struct compile_args *args, bool takes_inputs,
			  void (*usage)(FILE *));
void compile_args_free(struct compile_args *args);
/* The object cache's directory ($TINYBPF_CACHE, else $XDG_CACHE_HOME/tinybpf,
 * else ~/.cache/tinybpf), or NULL; free it. */
char *default_cache_dir(void);
/* $TINYBPF_CACHE_MAX_SIZE in bytes (0 when unset: the library's default);
 * false, with a message, when it is not a size. */
bool cache_max_size_from_env(unsigned long long *max_size);

/* verify and doctor: -j/--json, -h, and -i/--input FILE unless `input` is
 * NULL; returns the index of the first positional argument, or -1 on a
 * usage error. print_json() prints a report and frees it. */
struct json_object;
int parse_report_options(int argc, char **argv, const char **input, bool *json,
			 void (*usage)(FILE *));
void print_json(struct json_object *root);

/* values.c: strict option values. Each prints "tinybpf: OPTION takes ..., got
 * 'TEXT'" and returns false for a value of the wrong form (exit status 2). */
bool option_integer(const char *option, const char *text, long long min, long long max,
		    long long *out);
bool option_name(const char *option, const char *text); /* non-empty */
bool option_choice(const char *option, const char *text, const char *const *choices, size_t count);

/* Prints diagnostics and turns a library result into the process's exit code. */
int finish(int err, struct tb_diags *diags);

#endif /* TINYBPF_CLI_H */
