/* SPDX-License-Identifier: MIT */
/*
 * tinybpf: turn TinyGo's LLVM IR into BPF ELF objects (programs, .maps, BTF,
 * BTF.ext, license) that libbpf, cilium/ebpf and bpftool load.
 *
 * Conventions follow libbpf: options structs start with `size_t sz` and are
 * declared with TB_OPTS() so fields can be added without breaking callers;
 * functions return 0 or a negative errno; messages for the user (with the Go
 * file and line they concern) are collected in a struct tb_diags.
 */
#ifndef TINYBPF_TINYBPF_H
#define TINYBPF_TINYBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TB_OPTS(type, name, ...) \
	struct type name = { .sz = sizeof(struct type), __VA_ARGS__ }

/* The version of tinybpf itself, e.g. "0.1.0". */
const char *tb_version(void);
/* The version of the LLVM library tinybpf runs with, e.g. "22.1.8". */
const char *tb_llvm_version(void);

/* ---- diagnostics ---- */

enum tb_severity { TB_NOTE, TB_WARNING, TB_ERROR };

struct tb_diag {
	enum tb_severity severity;
	const char *file; /* Go source file the message concerns, or NULL */
	unsigned line;    /* 0 when unknown, and always when file is NULL */
	unsigned column;  /* 0 when unknown, and always when line is 0 */
	const char *message;
};

struct tb_diags;

struct tb_diags *tb_diags_new(void);
void tb_diags_free(struct tb_diags *diags);
size_t tb_diags_count(const struct tb_diags *diags);
const struct tb_diag *tb_diags_at(const struct tb_diags *diags, size_t index);
size_t tb_diags_error_count(const struct tb_diags *diags);
/* Prints every message as "file:line:col: severity: message". */
void tb_diags_print(const struct tb_diags *diags, FILE *out);

/* ---- compiling ---- */

/* Places the entry point `function` (its Go //export name) in ELF `section`. */
struct tb_section {
	const char *function;
	const char *section;
};

struct tb_options {
	size_t sz;
	/* tb_link: LLVM IR inputs (.ll, .bc), linked into one module. */
	const char *const *inputs;
	size_t input_count;
	/* tb_build: the Go package directory TinyGo compiles. */
	const char *package;
	/* TinyGo executable for tb_build; NULL: $TINYGO, then the TinyGo
	 * installed beside the running executable (PREFIX/lib/tinybpf/tinygo/
	 * bin/tinygo for PREFIX/bin/tinybpf), then "tinygo" on PATH. */
	const char *tinygo;
	/* Where the object goes; written atomically, never left half-written. */
	const char *output;
	/* tinybpf.json to read, or NULL. Its settings rank below the fields here. */
	const char *config;
	/* Entry points to keep; none means every //export function. */
	const char *const *programs;
	size_t program_count;
	/* Section assignments; they override tinybpf.json and //go:section. */
	const struct tb_section *sections;
	size_t section_count;
	const char *cpu;     /* BPF CPU version: v1..v4; default v3 */
	const char *license; /* default "GPL" */
	/* Write the module after each stage into this directory, or NULL. */
	const char *dump_ir_dir;
	/* Add a note with the time of each stage to the diagnostics. */
	bool verbose;
	/* A Go panic the optimiser cannot rule out is an error, unless this is
	 * set: then the entry point returns panic_return at that place instead. */
	bool panic_return_set;
	long long panic_return;
	/* A directory of finished objects keyed by everything that shapes them
	 * (docs/cache.md), or NULL for none. A hit copies the cached object. */
	const char *cache_dir;
	/* Keep the intermediate files (linked IR, optimised IR, the object before
	 * validation) in a new directory that a note names. */
	bool keep_temp;
	/* Cores to use: threads that parse textual IR inputs, processes that
	 * compile the parts of a module of many programs (docs/cli.md); 0: the
	 * CPUs the process may run on. The object is the same for every value. */
	unsigned jobs;
	/* The cache's size bound in bytes: after a store, the least recently
	 * used entries are removed while it is larger. 0: the default,
	 * TB_CACHE_DEFAULT_MAX_SIZE. */
	unsigned long long cache_max_size;
};

/* Links LLVM IR inputs into one BPF object at opts->output. */
int tb_link(const struct tb_options *opts, struct tb_diags *diags);

/* Runs TinyGo on opts->package, then links its IR like tb_link. */
int tb_build(const struct tb_options *opts, struct tb_diags *diags);

/* ---- the object cache (tinybpf cache, docs/cache.md) ---- */

#define TB_CACHE_DEFAULT_MAX_SIZE (256ull << 20)

struct tb_cache_stats {
	unsigned long long entries;
	unsigned long long bytes; /* what the entries take, trailers included */
};

/* Counts the entries of the cache directory `dir` (none if it does not exist). */
int tb_cache_stats(const char *dir, struct tb_cache_stats *stats);
/* Removes every entry of the cache directory `dir`, and temporary files that
 * runs killed while storing left; *removed counts the entries. */
int tb_cache_clean(const char *dir, unsigned long long *removed);

/* ---- generating loaders (tinybpf generate) ---- */

enum tb_generate_lang {
	TB_GENERATE_GO, /* a typed loader for github.com/cilium/ebpf */
	TB_GENERATE_C,  /* a libbpf skeleton header, as `bpftool gen skeleton` */
};

struct tb_generate_options {
	size_t sz;
	/* The BPF object to describe. */
	const char *object;
	/* The file to write, atomically; default: beside the object,
	 * STEM_bpf.go or STEM.skel.h (STEM: the object's name without .bpf.o). */
	const char *output;
	enum tb_generate_lang lang;
	/* Go: the package clause; default: $GOPACKAGE (set by go generate),
	 * else the output directory's name. */
	const char *package;
	/* Go: the identifier stem of every top-level name, as bpf2go's ident
	 * (`tinybpf generate --ident`): its first letter's case decides what is
	 * exported; default STEM in lowerCamel (tracepoint-openat.bpf.o:
	 * tracepointOpenatObjects, loadTracepointOpenatObjects, …). C: the
	 * skeleton's name (default STEM with non-identifier characters as '_'). */
	const char *prefix;
	/* BTF types (by name) to describe besides those of global variables
	 * and map keys and values. */
	const char *const *types;
	size_t type_count;
	/* Go: only load from a file. By default the loader also embeds the
	 * object with //go:embed when it lies in the output's directory. */
	bool no_embed;
};

/* Writes a loader for opts->object; nothing is written on error. */
int tb_generate(const struct tb_generate_options *opts, struct tb_diags *diags);

/* ---- Go types from kernel BTF and tracepoint formats (tinybpf types) ---- */

/* Names a generated type: the BTF type (or tracepoint event) `from` becomes
 * the Go type `to`. */
struct tb_type_rename {
	const char *from;
	const char *to;
};

struct tb_types_options {
	size_t sz;
	/* BTF to read: a raw BTF file or an ELF object with .BTF; NULL:
	 * /sys/kernel/btf/vmlinux. Module BTF under /sys/kernel/btf is read
	 * over vmlinux. */
	const char *btf;
	/* BTF types to declare (struct, union, enum or typedef names), with
	 * every type they hold by value. */
	const char *const *types;
	size_t type_count;
	/* Tracepoint records to declare, as "CATEGORY/EVENT". */
	const char *const *tracepoints;
	size_t tracepoint_count;
	/* The tracefs directory; NULL: /sys/kernel/tracing. */
	const char *tracefs;
	/* The package clause; NULL: "main". */
	const char *package;
	/* Where to write, atomically; NULL: to `stream`. */
	const char *output;
	FILE *stream;
	/* Exact layout for UAPI types (contexts, headers): no CO-RE marker,
	 * unions as their first member, bitfields as accessor methods. By
	 * default the CO-RE contract of docs/types.md. */
	bool plain;
	const struct tb_type_rename *renames;
	size_t rename_count;
};

/* Writes Go declarations of opts->types and opts->tracepoints; nothing is
 * written on error. */
int tb_types(const struct tb_types_options *opts, struct tb_diags *diags);

/* ---- new projects (tinybpf init) ---- */

struct tb_project_options {
	size_t sz;
	/* The project's directory, Go module and package name: a Go
	 * identifier that starts with a letter and is not "main". */
	const char *name;
	/* Where the directory goes; default ".". */
	const char *parent;
	/* The Go SDK module (github.com/tinybpf/tinybpf) the project's go.mod
	 * replaces that module with; default: the one installed beside the
	 * running executable (PREFIX/share/tinybpf/go for PREFIX/bin/tinybpf),
	 * or the clone a tinybpf built in place belongs to. */
	const char *sdk_dir;
	/* Called with the path of each file and directory created, in order. */
	void (*created)(const char *path, void *ctx);
	void *ctx;
};

/* Creates PARENT/NAME: a BPF program (bpf/), the Go package that loads it
 * through a loader //go:generate writes, its Go test and a tracer command
 * (cmd/NAME); fails, writing nothing, when PARENT/NAME exists. */
int tb_generate_project(const struct tb_project_options *opts, struct tb_diags *diags);

/* ---- verifying in the running kernel ---- */

enum tb_verdict {
	TB_ACCEPTED, /* the kernel's verifier accepted the program */
	TB_REJECTED, /* the verifier (or libbpf, before it) refused the program */
	TB_REFUSED,  /* this kernel loads no program of this type: not verified */
};

/* What the running kernel made of one program of an object. */
struct tb_program_verdict {
	const char *name;    /* the program's ELF symbol (its //export name) */
	const char *section;
	const char *type;    /* libbpf's name of the program type, e.g. "tracepoint", "tracing" */
	enum tb_verdict verdict;
	unsigned instructions; /* TB_ACCEPTED: the instructions loaded */
	/* TB_REJECTED: the verifier's complaint (or libbpf's reason when the
	 * verifier did not run); TB_REFUSED: libbpf's report of the refusal. */
	const char *message;
	/* TB_REJECTED: the Go file and line of the last instruction the
	 * verifier reached, from the object's BTF line info; NULL without it. */
	const char *file;
	unsigned line;
	/* TB_REJECTED: the verifier log, its "; ... @ file:line" lines naming
	 * the Go files as the object does; NULL when the verifier did not run. */
	const char *log;
};

struct tb_verify_opts {
	size_t sz;
	const char *object; /* the BPF ELF object */
};

struct tb_verify_report;

/*
 * Loads each program of opts->object into the running kernel on its own, with
 * libbpf (maps are created, nothing is attached), and fills *report with one
 * verdict per program. Returns 0 when every program got a verdict, whatever it
 * is; a negative errno, with a diagnostic, when the object does not open or
 * this process may not load BPF programs at all. Needs root (or CAP_BPF and
 * CAP_PERFMON); replaces libbpf's print callback while it runs. When it
 * fails, *report is NULL: a NULL report has no verdicts (count 0, at() NULL),
 * and freeing it does nothing.
 */
int tb_verify(const struct tb_verify_opts *opts, struct tb_verify_report **report,
	      struct tb_diags *diags);
size_t tb_verify_report_count(const struct tb_verify_report *report);
const struct tb_program_verdict *tb_verify_report_at(const struct tb_verify_report *report,
						      size_t index);
void tb_verify_report_free(struct tb_verify_report *report);

/* ---- checking the machine (tinybpf doctor) ---- */

enum tb_check_status {
	TB_CHECK_OK,
	TB_CHECK_WARNING, /* some programs will not load here, or a helpful tool is missing */
	TB_CHECK_FAILED,  /* tinybpf cannot build BPF objects until this is fixed */
};

struct tb_check {
	const char *group; /* "toolchain" or "kernel" */
	const char *name;  /* what was checked: "TinyGo", "BTF", "program type lsm" */
	enum tb_check_status status;
	const char *detail; /* what was found */
	const char *fix;    /* what to do about it; NULL when the check is OK */
};

struct tb_doctor_opts {
	size_t sz;
	/* The TinyGo to check; NULL: as tb_build finds it. */
	const char *tinygo;
};

struct tb_checks;

/* Checks TinyGo (whether this user may run it, that its LLVM is not newer
 * than tinybpf's, that its root has src/net and musl's headers), Go, LLVM's
 * BPF target, libbpf, the Go SDK, bpftool, and the running kernel: BTF,
 * bpffs, which program types it loads (probed with libbpf), kprobes, LSM
 * BPF; then builds a small program with TinyGo and tinybpf and loads it.
 * Returns 0. */
int tb_doctor(const struct tb_doctor_opts *opts, struct tb_checks **checks);
size_t tb_checks_count(const struct tb_checks *checks);
const struct tb_check *tb_checks_at(const struct tb_checks *checks, size_t index);
void tb_checks_free(struct tb_checks *checks);

#ifdef __cplusplus
}
#endif

#endif /* TINYBPF_TINYBPF_H */
