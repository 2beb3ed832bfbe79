/* SPDX-License-Identifier: MIT */
/*
 * tinybpf generate: what a BPF object holds (programs, maps, global variables
 * and the types its BTF describes), as a model both printers (Go for
 * cilium/ebpf, C for libbpf skeletons) read. Not installed.
 *
 * Every record has its BTF size and every gap between fields (and at the end)
 * is an explicit padding field, so a Go or C struct with these fields in this
 * order has the BTF layout on every architecture: each field's offset is a
 * multiple of its natural alignment (generate_model.c turns fields that are
 * not into byte arrays), and Go and C never align more than that.
 */
#ifndef TINYBPF_GENERATE_H
#define TINYBPF_GENERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <tinybpf/tinybpf.h>

#define GEN_MAX_DIMS 8

enum gen_base {
	GEN_INT,    /* int_size bytes, is_signed; also pointers (8, unsigned) */
	GEN_BOOL,   /* one byte */
	GEN_FLOAT,  /* int_size bytes: 4 or 8 */
	GEN_RECORD, /* model->records[index] */
};

/* A type as both languages write it: a base, then array dimensions,
 * outermost first: [2][3]uint8 has dims {2, 3}. */
struct gen_type {
	enum gen_base base;
	unsigned int_size;
	bool is_signed;
	bool is_byte; /* Go's byte (or C's char): Go writes "byte" */
	size_t index;
	unsigned dims[GEN_MAX_DIMS];
	unsigned ndims;
};

/* name == NULL: padding of `size` bytes. */
struct gen_field {
	char *name;
	unsigned offset, size;
	struct gen_type type;
};

struct gen_enum_value {
	char *name;
	int64_t value;
};

/* A struct (or union, through its first member) or an enum with a name. */
struct gen_record {
	char *name;     /* as the BTF names it, or made from where it is used */
	uint32_t btf_id;
	unsigned size, align;
	bool is_enum; /* then an integer of `size` bytes with values */
	bool enum_signed;
	struct gen_field *fields;
	size_t field_count;
	struct gen_enum_value *values;
	size_t value_count;
};

struct gen_variable {
	char *name;
	unsigned offset, size;
	struct gen_type type;
};

/* A map; internal ones are the global data sections (.rodata, .data, .bss,
 * .data.NAME …) whose variables the printers also lay out. */
struct gen_map {
	char *name; /* the map's name; the ELF section for internal maps */
	bool internal;
	bool has_key, has_value;
	struct gen_type key, value;
	/* The record type of a ring buffer or perf event array: the element type
	 * of its BTF definition's `type` array (bpf.RingBuf[T]), when that is
	 * a record, not C's int. */
	bool has_record;
	struct gen_type record;
	unsigned size; /* internal: the section's size */
	struct gen_variable *variables; /* internal: sorted by offset */
	size_t variable_count;
};

struct gen_program {
	char *name;
	char *section;
};

struct gen_model {
	char *object_name; /* file name of the object, without directories */
	bool big_endian;
	unsigned char *bytes; /* the object file itself, for embedding */
	size_t byte_count;
	struct gen_program *programs;
	size_t program_count;
	struct gen_map *maps;
	size_t map_count;
	struct gen_record *records; /* sorted by name */
	size_t record_count;
};

/* generate_model.c: reads `path` with libbpf; `types` are extra BTF type names
 * to describe besides those of variables and map keys and values. */
int gen_model_load(struct gen_model *m, const char *path, const char *const *types,
		   size_t type_count, struct tb_diags *diags);
void gen_model_free(struct gen_model *m);
/* "trace_openat" -> "TraceOpenat", ".rodata" -> "Rodata", "maxLen" -> "MaxLen". */
char *gen_go_identifier(const char *name);
bool gen_is_go_identifier(const char *name);

/* generate_go.c and generate_c.c write the file's text to `out`. */
struct gen_go_options {
	const char *package;
	const char *prefix; /* the identifier stem (bpf2go's ident); never empty */
	const char *embed; /* file name for //go:embed, or NULL */
};
/* The identifier stem generate uses by default for an object's STEM (and
 * init for its project): lowerCamel, so unexported ("tracepoint-openat":
 * "tracepointOpenat"). It may still be a keyword ("func"): check it. */
char *gen_go_default_ident(const char *stem);
int gen_write_go(const struct gen_model *m, const struct gen_go_options *o, FILE *out,
		 struct tb_diags *diags);
void gen_write_c(const struct gen_model *m, const char *name, FILE *out);

/* generate_tabwriter.c: aligns '\v'-separated cells the way gofmt does
 * (text/tabwriter with gofmt's settings): leading tabs indent, and each column
 * of consecutive lines that have it is padded to its widest cell plus one. */
char *gen_align_columns(const char *text);

#endif /* TINYBPF_GENERATE_H */
