/* SPDX-License-Identifier: MIT */
/* go_source.c: the user's Go source text, where the IR lacks a detail. */
#ifndef TINYBPF_GO_SOURCE_H
#define TINYBPF_GO_SOURCE_H

#include <llvm-c/Core.h>

#include "internal.h"

struct go_param {
	char *name; /* NULL in a list without names */
	char *type; /* as written: "unsafe.Pointer", "uint64" */
	unsigned line, column;
};

/* A function declaration as the source writes it. */
struct go_decl {
	char *file; /* as diagnostics show paths */
	char *func_name;
	unsigned line, column; /* of the function's name */
	char *result;          /* the result type as written, or NULL */
	unsigned result_line, result_column; /* after the ')', on a line of its own maybe */
	struct go_param *params;
	size_t param_count;
};

/* Finds, among the .go files of the directory of `scope`'s file, the
 * declaration `func NAME(` (export_name NULL) or the func that follows
 * `//export EXPORT_NAME`. False if there is none or it cannot be read. */
bool go_find_decl(LLVMMetadataRef scope, const char *name, const char *export_name,
		  struct go_decl *out);
void go_decl_free(struct go_decl *d);

/* The line starting with `prefix` in the comment block right above line
 * `line` (1-based) of `scope`'s file, or NULL. Free it. */
char *go_comment_above(LLVMMetadataRef scope, unsigned line, const char *prefix);

#endif /* TINYBPF_GO_SOURCE_H */
