/* SPDX-License-Identifier: MIT */
/* Shared by the library's sources; not installed. */
#ifndef TINYBPF_INTERNAL_H
#define TINYBPF_INTERNAL_H

#include <libelf.h>
#include <stdint.h>
#include <sys/types.h>
#include <llvm-c/Core.h>
#include <tinybpf/tinybpf.h>

#include "ptrset.h"

#define TB_VERSION "0.1.0"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Reads a field of a sized options struct only if the caller's struct has it. */
#define OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetof(__typeof__(*(opts)), field) + sizeof((opts)->field))
#define OPTS_GET(opts, field, fallback) \
	(OPTS_HAS(opts, field) && (opts)->field ? (opts)->field : (fallback))

/* An entry point: an //export function the user wants as a BPF program. */
struct program {
	LLVMValueRef function;
	char *name;    /* the //export name, which is also the ELF symbol */
	char *section; /* resolved ELF section */
};

/* A place where TinyGo's Go code can panic (an llvm.trap). */
struct panic_site {
	char *file;
	unsigned line, column;
	char *cause; /* e.g. "index out of range" */
	char *function;
	char *why;     /* what may fail, e.g. "r may be nil: ...", or NULL */
	char *instead; /* what to write instead */
};

/* Settings after merging the options struct, tinybpf.json and defaults. */
struct settings {
	const char *output;
	const char *cpu;
	const char *license;
	const char *dump_ir_dir;
	bool verbose;
	bool panic_return_set;
	long long panic_return;
	const char *cache_dir;
	unsigned long long cache_max_size; /* 0: CACHE_DEFAULT_MAX_SIZE */
	char *keep_temp_dir; /* created for keep_temp; NULL otherwise */
	unsigned jobs;
	const char *const *programs;
	size_t program_count;
	struct tb_section *sections; /* options first, then tinybpf.json */
	size_t section_count;
	size_t option_section_count; /* how many of those came from the options */
	struct config_doc *config; /* owns the strings taken from tinybpf.json */
};

/* One compile: the module being turned into BPF and what passes learned. */
struct compile {
	LLVMContextRef llvm;
	LLVMModuleRef module;
	const struct settings *settings;
	struct tb_diags *diags;
	struct program *programs;
	size_t program_count;
	struct panic_site *panics;
	size_t panic_count;
	struct ptrset user_subprograms; /* DISubprograms of the user's code */
	/* In a part's child (link/split.c): "part1", which IR dumps and kept
	 * files name; NULL when the module is compiled whole. */
	const char *part;
};

/* pipeline.c: frees what a compile holds, module and context included. */
void compile_free(struct compile *c);

/* diag.c */
void diag_add(struct tb_diags *diags, enum tb_severity severity, const char *file, unsigned line,
	      unsigned column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Messages about no place: the run as a whole (timings, the cache). */
#define diag_error(d, ...) diag_add((d), TB_ERROR, NULL, 0, 0, __VA_ARGS__)
#define diag_note(d, ...)  diag_add((d), TB_NOTE, NULL, 0, 0, __VA_ARGS__)
/* Attributes a message to the Go line of an instruction, or of the
 * declaration of a function or global variable. */
void diag_at(struct tb_diags *diags, enum tb_severity severity, LLVMValueRef value,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Routes LLVM's own diagnostics (linker clashes, backend errors) into the
 * compile's diagnostics; installed on every context tinybpf creates. */
void on_llvm_diagnostic(LLVMDiagnosticInfoRef info, void *compile);

/* source_location.c: Go file and line from debug info. */
struct source_location {
	char *file; /* relative to the working directory when below it; NULL if unknown */
	unsigned line, column;
};
struct source_location location_of(LLVMValueRef value);
/* Whether a Go function name ("main.f", "(*main.T).m") is the user's code. */
bool is_user_function_name(const char *go_name);
/* Remembers which functions are the user's code, while their debug info still
 * has Go names (pass_btf makes them C names): for the two below. */
void note_user_code(struct compile *c);
/* Whether a DILocation is in the user's code, not in the runtime or the
 * standard library (once note_user_code ran). */
bool location_in_user_code(const struct compile *c, LLVMMetadataRef loc);
/* An instruction's location in the user's code: where the user's code calls
 * the standard library function it was inlined from, if it was. */
struct source_location user_location_of(const struct compile *c, LLVMValueRef inst);
/* The file a DILocation names, as location_of shows it. */
char *location_file(LLVMMetadataRef loc);
void location_free(struct source_location *loc);
/* An absolute source path as messages show it: relative below the working
 * directory. Free it. */
char *source_display_path(const char *path);
/* A global's DIGlobalVariable, or NULL. */
LLVMMetadataRef global_dbg_variable(LLVMValueRef global);

/* util.c */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool str_starts_with(const char *s, const char *prefix);
double now_ms(void);
/* The function's name as a NUL-terminated copy. */
char *value_name(LLVMValueRef v);
/* Whether a Go-qualified name ("main.f", "runtime.g") is the user's code. */
bool is_user_go_name(const char *go_name);
/* The C identifier for a Go name: "main.targPid" -> "targPid",
 * "github.com/a/b.T" -> "github_com_a_b_T". */
char *go_name_to_c(const char *go_name);

/* The file execvp() would run for command: command itself if it has a '/',
 * else the first executable regular file of that name on PATH; NULL if none. */
char *find_executable(const char *command);

/* libbpf's warnings, from here to libbpf_warnings_end(), become errors of
 * `diags`: "PREFIX: WARNING" (its first line). One capture at a time. */
void libbpf_warnings_begin(struct tb_diags *diags, const char *prefix);
void libbpf_warnings_end(void);

/* The ELF section named `section`, or NULL; and its contents, or NULL. */
Elf_Scn *elf_section(Elf *elf, const char *section);
Elf_Data *elf_section_data(Elf *elf, const char *section);

/* bounded.c: files tinybpf did not write. open_bounded() opens a regular file
 * of at most max bytes for reading; otherwise it adds "PATH: WHAT: REASON"
 * and returns a negative errno. read_bounded() reads it whole (with a NUL
 * after the data). */
int open_bounded(const char *path, uint64_t max, const char *what, struct tb_diags *diags);
int read_bounded(const char *path, uint64_t max, const char *what, char **data, size_t *size,
		 struct tb_diags *diags);

/* config.c: merge options, tinybpf.json and defaults. */
int settings_init(struct settings *s, const struct tb_options *opts, struct tb_diags *diags);
/* v1, v2, v3 or v4: the BPF instruction sets tinybpf builds for. */
bool valid_cpu(const char *cpu);
void settings_free(struct settings *s);

/* isolate.c: runs opts->run(opts->arg, diags) in a forked child without core
 * files; its diagnostics come back. A crash or an LLVM fatal error becomes
 * one error naming opts->file: "WHAT: CRASHER crashed (SIGSEGV)", or, after
 * a fatal error, what on_fatal adds (default "WHAT: LLVM: REASON"). Returns 0
 * when run returned 0. */
struct isolate_opts {
	const char *what;    /* the error's start: "not valid LLVM bitcode" */
	const char *file;    /* the file it names, or NULL */
	const char *crasher; /* what crashed; NULL: "LLVM" */
	int (*run)(void *arg, struct tb_diags *diags);
	void *arg;
	/* In the child, after an LLVM fatal error: adds its diagnostics. */
	void (*on_fatal)(void *arg, const char *reason, struct tb_diags *diags);
	unsigned cpu_seconds; /* 0: no limit */
	/* Inside an isolated child already, run there: no second fork. */
	bool in_child;
	/* Messages keep their newlines (otherwise each is one line). */
	bool keep_lines;
};
int isolate(const struct isolate_opts *opts, struct tb_diags *diags);
/* The same in two halves, for children that run side by side: start forks
 * (nonzero: no child, the error added); finish collects the child's
 * diagnostics into `diags`, waits for it and reports how it ended, as
 * isolate() does. Every started child must be finished. */
struct isolate_child {
	const struct isolate_opts *opts;
	struct shared_page *page;
	pid_t pid;
	int fd;
};
int isolate_start(const struct isolate_opts *opts, struct tb_diags *diags,
		  struct isolate_child *child);
int isolate_finish(struct isolate_child *child, struct tb_diags *diags);
/* In an isolated child: a file the parent removes if the child dies before
 * it returns (NULL: none). */
void isolate_cleanup_on_death(const char *path);

/* tempfiles.c: PATH.tmp.PID.XXXXXX beside an output, and
 * $TMPDIR/PREFIX-PID-XXXXXX directories, locked (flock) by their owner until
 * it closes *fd; each first removes what runs that died left (the PID gone and
 * the lock free). NULL with errno on failure. temp_parent: $TMPDIR when it is
 * an absolute path, else /tmp. */
const char *temp_parent(void);
char *temp_beside(const char *path, int *fd);
void temp_clean_beside(const char *path);
char *temp_dir(const char *prefix, int *fd);
void temp_clean_dirs(const char *prefix);
void temp_remove_dir(const char *dir);
/* Writes data to dst through a temporary file beside it and a rename; with
 * durable, the file is on disk (fsync) before the rename makes it visible. */
int write_file_atomically(const char *dst, const void *data, size_t size, bool durable);
/* An output that is there and is neither a regular file nor a directory --
 * a symlink (/dev/stdout), a device, a FIFO -- is written in place: a
 * temporary file renamed over it would replace the link or the device
 * itself (as root, /dev/stdout became a regular file). */
bool output_in_place(const char *path);
int write_in_place(const char *path, const void *data, size_t size);
/* Copies src to dst through a temporary file and a rename. */
int copy_atomically(const char *src, const char *dst);

/* dump.c: the module after each stage (dump_ir_dir), and kept files
 * (keep_temp): writes the module as NAME into the kept directory. */
void dump_ir(const struct compile *c, const char *stage);
void keep_temp_module(const struct compile *c, const char *name);

/* util.c: the output's directories, as go build -o creates them. */
int make_parent_dirs(const char *path);

#endif /* TINYBPF_INTERNAL_H */
