/* SPDX-License-Identifier: MIT */
/*
 * tinybpf types: Go declarations of kernel types (from BTF) and tracepoint
 * records (from tracefs format files). Both readers fill the same model of a
 * Go file, which types.c prints gofmt-clean. Not installed.
 */
#ifndef TINYBPF_GENERATE_TYPES_H
#define TINYBPF_GENERATE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tinybpf/tinybpf.h>

/* One line of a struct: a field (name "_" for padding) with its Go type, or,
 * with type NULL, a comment line. */
struct gt_field {
	char *name;
	char *type;
	unsigned offset, size;
	char *comment; /* trailing comment, or the comment line */
};

struct gt_const {
	char *name;
	char *value;
};

struct gt_type {
	char *go_name;
	char *doc;        /* the doc comment's text after "// <go_name> " */
	char *underlying; /* enums: the Go integer type; NULL for structs */
	struct gt_field *fields;
	size_t field_count;
	struct gt_const *consts;
	size_t const_count;
	char **methods; /* complete method declarations, with their comments */
	size_t method_count;
};

struct gt_file {
	const char *package;
	bool in_sdk;     /* package bpf: the SDK's own names need no "bpf." */
	bool use_bpf;    /* the file refers to the SDK */
	bool use_unsafe; /* methods use unsafe.Add */
	struct gt_type *types;
	size_t type_count;
};

/* A new type appended to the file; the strings are copied. */
struct gt_type *gt_add_type(struct gt_file *f, const char *go_name, const char *doc);
void gt_add_field(struct gt_type *t, const char *name, const char *type, unsigned offset,
		  unsigned size, const char *comment);
void gt_add_const(struct gt_type *t, const char *name, const char *value);
/* Takes ownership of text. */
void gt_add_method(struct gt_type *t, char *text);
/* "bpf.Kernel", or "Kernel" inside the SDK; marks the file as using it. */
const char *gt_sdk(struct gt_file *f, const char *name, char buf[64]);
void gt_file_free(struct gt_file *f);

/* The naming rule of docs/core.md: "RealParent" -> "real_parent". */
char *gt_snake_case(const char *go_name);
/* "real_parent" -> "RealParent"; "" when nothing is left ("__"). */
char *gt_camel_case(const char *kernel_name);
/* The Go name for a kernel name: CamelCase when the rule turns it back into
 * the kernel name, else the kernel name as it is (`__state`). */
char *gt_core_name(const char *kernel_name);
bool gt_is_go_identifier(const char *name);

struct gt_rename {
	const char *from, *to;
};

struct gt_btf_options {
	const char *btf_path; /* for messages */
	bool plain;
	const struct gt_rename *renames;
	size_t rename_count;
};

struct btf;
/* types_btf.c: declarations of the named BTF types and of those they hold by
 * value. */
int gt_from_btf(struct gt_file *f, const struct btf *btf, const char *const *names, size_t count,
		const struct gt_btf_options *o, struct tb_diags *diags);

/* tracepoint.c: the record of tracefs/events/CAT/EVENT/format. */
int gt_from_tracepoint(struct gt_file *f, const char *tracefs, const char *event,
		       const struct gt_rename *renames, size_t rename_count, struct tb_diags *diags);

/* The best "did you mean" among `count` candidates, or NULL. */
const char *gt_closest(const char *name, const char *const *candidates, size_t count);

#endif /* TINYBPF_GENERATE_TYPES_H */
