// SPDX-License-Identifier: MIT
/*
 * tinybpf types (docs/types.md): reads kernel BTF (types_btf.c) and
 * tracepoint format files (tracepoint.c) into one model of a Go file and
 * prints it the way gofmt would, through generate_tabwriter.c. The output is
 * written to a temporary file and renamed into place, so an error leaves
 * nothing behind.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "generate.h"
#include "../internal.h"
#include "types.h"

struct gt_type *gt_add_type(struct gt_file *f, const char *go_name, const char *doc)
{
	f->types = xrealloc(f->types, f->type_count + 1, sizeof(*f->types));
	f->types[f->type_count] = (struct gt_type){ .go_name = xstrdup(go_name),
						    .doc = doc ? xstrdup(doc) : NULL };
	return &f->types[f->type_count++];
}

void gt_add_field(struct gt_type *t, const char *name, const char *type, unsigned offset,
		  unsigned size, const char *comment)
{
	t->fields = xrealloc(t->fields, t->field_count + 1, sizeof(*t->fields));
	t->fields[t->field_count++] = (struct gt_field){
		name ? xstrdup(name) : NULL, type ? xstrdup(type) : NULL, offset, size,
		comment ? xstrdup(comment) : NULL,
	};
}

void gt_add_const(struct gt_type *t, const char *name, const char *value)
{
	t->consts = xrealloc(t->consts, t->const_count + 1, sizeof(*t->consts));
	t->consts[t->const_count++] = (struct gt_const){ xstrdup(name), xstrdup(value) };
}

void gt_add_method(struct gt_type *t, char *text)
{
	t->methods = xrealloc(t->methods, t->method_count + 1, sizeof(*t->methods));
	t->methods[t->method_count++] = text;
}

const char *gt_sdk(struct gt_file *f, const char *name, char buf[64])
{
	f->use_bpf = true;
	snprintf(buf, 64, "%s%s", f->in_sdk ? "" : "bpf.", name);
	return buf;
}

void gt_file_free(struct gt_file *f)
{
	for (size_t i = 0; i < f->type_count; i++) {
		struct gt_type *t = &f->types[i];

		for (size_t j = 0; j < t->field_count; j++) {
			free(t->fields[j].name);
			free(t->fields[j].type);
			free(t->fields[j].comment);
		}
		for (size_t j = 0; j < t->const_count; j++) {
			free(t->consts[j].name);
			free(t->consts[j].value);
		}
		for (size_t j = 0; j < t->method_count; j++)
			free(t->methods[j]);
		free(t->fields);
		free(t->consts);
		free(t->methods);
		free(t->go_name);
		free(t->doc);
		free(t->underlying);
	}
	free(f->types);
	f->types = NULL;
	f->type_count = 0;
}

/* The rule of docs/core.md, as llvm_shim.cpp's snake_case() applies it to
 * bpfCore… stubs and bpf.Kernel types: an upper-case letter starts a new word
 * after a lower-case letter or a digit, and after an upper-case letter when a
 * lower-case one follows; a name in snake_case stays as it is. */
char *gt_snake_case(const char *name)
{
	size_t n = strlen(name), len = 0;
	char *out = xcalloc(2 * n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		char prev = i ? name[i - 1] : '_';
		bool next_lower = i + 1 < n && islower((unsigned char)name[i + 1]);

		if (isupper((unsigned char)name[i]) && prev != '_' &&
		    (islower((unsigned char)prev) || isdigit((unsigned char)prev) ||
		     (isupper((unsigned char)prev) && next_lower)))
			out[len++] = '_';
		out[len++] = (char)tolower((unsigned char)name[i]);
	}
	return out;
}

char *gt_camel_case(const char *name)
{
	char *out = xcalloc(strlen(name) + 1, 1);
	size_t len = 0;
	bool upper = true;

	for (const char *p = name; *p; p++) {
		if (*p == '_') {
			upper = true;
			continue;
		}
		out[len++] = upper ? (char)toupper((unsigned char)*p) : *p;
		upper = false;
	}
	return out;
}

bool gt_is_go_identifier(const char *name)
{
	return gen_is_go_identifier(name);
}

char *gt_core_name(const char *kernel_name)
{
	char *camel = gt_camel_case(kernel_name);
	char *back;
	bool same;

	if (!camel[0] || isdigit((unsigned char)camel[0])) {
		free(camel);
		return xstrdup(kernel_name);
	}
	back = gt_snake_case(camel);
	same = !strcmp(back, kernel_name);
	free(back);
	if (same)
		return camel;
	free(camel);
	return xstrdup(kernel_name);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof(*row));
	size_t result;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

const char *gt_closest(const char *name, const char *const *candidates, size_t count)
{
	const char *best = NULL;
	size_t best_distance = (size_t)-1, limit = strlen(name) / 3 + 1;

	for (size_t i = 0; i < count; i++) {
		size_t la = strlen(name), lb = strlen(candidates[i]), d;

		/* the distance is at least the difference in length */
		if ((la > lb ? la - lb : lb - la) > limit)
			continue;
		d = edit_distance(name, candidates[i]);
		if (d < best_distance || (d == best_distance && strcmp(candidates[i], best) < 0)) {
			best_distance = d;
			best = candidates[i];
		}
	}
	return best_distance <= limit ? best : NULL;
}

/* ---- printing ---- */

static int by_go_name(const void *a, const void *b)
{
	const struct gt_type *x = a, *y = b;

	return strcmp(x->go_name, y->go_name);
}

static void print_type(FILE *out, const struct gt_type *t)
{
	if (t->doc)
		fprintf(out, "// %s %s\n", t->go_name, t->doc);
	if (t->underlying) {
		fprintf(out, "type %s %s\n", t->go_name, t->underlying);
		if (t->const_count) {
			fprintf(out, "\nconst (\n");
			for (size_t i = 0; i < t->const_count; i++)
				fprintf(out, "\t%s\v%s\v= %s\n", t->consts[i].name, t->go_name,
					t->consts[i].value);
			fprintf(out, ")\n");
		}
		return;
	}
	if (!t->field_count) {
		fprintf(out, "type %s struct{}\n", t->go_name);
	} else {
		fprintf(out, "type %s struct {\n", t->go_name);
		for (size_t i = 0; i < t->field_count; i++) {
			const struct gt_field *f = &t->fields[i];

			if (!f->type)
				fprintf(out, "\t// %s\n", f->comment);
			else if (!f->name) /* embedded */
				fprintf(out, "\t%s\n", f->type);
			else if (f->comment)
				fprintf(out, "\t%s\v%s\v// %s\n", f->name, f->type, f->comment);
			else
				fprintf(out, "\t%s\v%s\n", f->name, f->type);
		}
		fprintf(out, "}\n");
	}
	for (size_t i = 0; i < t->method_count; i++)
		fprintf(out, "\n%s", t->methods[i]);
}

static char *print_file(struct gt_file *f)
{
	char *text = NULL, *aligned;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (f->type_count > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(f->types, f->type_count, sizeof(*f->types), by_go_name);
	fprintf(out, "// Code generated by tinybpf types; DO NOT EDIT.\n\npackage %s\n", f->package);
	if (f->use_unsafe && f->use_bpf && !f->in_sdk)
		fprintf(out, "\nimport (\n\t\"unsafe\"\n\n\t\"github.com/tinybpf/tinybpf/bpf\"\n)\n");
	else if (f->use_unsafe)
		fprintf(out, "\nimport \"unsafe\"\n");
	else if (f->use_bpf && !f->in_sdk)
		fprintf(out, "\nimport \"github.com/tinybpf/tinybpf/bpf\"\n");
	for (size_t i = 0; i < f->type_count; i++) {
		fputc('\n', out);
		print_type(out, &f->types[i]);
	}
	fclose(out);
	aligned = gen_align_columns(text);
	free(text);
	return aligned;
}

/* ---- the command ---- */

/* Module BTF (/sys/kernel/btf/<module>) describes only what the module adds
 * to vmlinux: it is read over vmlinux's. */
static struct btf *load_btf(const char *path, struct btf **base, struct tb_diags *diags)
{
	struct btf *btf;

	*base = NULL;
	if (!path)
		btf = btf__load_vmlinux_btf();
	else
		btf = btf__parse(path, NULL);
	if (!btf && path) {
		int err = errno;

		*base = btf__load_vmlinux_btf();
		if (*base)
			btf = btf__parse_split(path, *base);
		if (!btf) {
			btf__free(*base);
			*base = NULL;
			errno = err;
		}
	}
	if (!btf)
		diag_add(diags, TB_ERROR, path ? path : "/sys/kernel/btf/vmlinux", 0, 0,
			 "cannot read BTF: %s", strerror(errno));
	return btf;
}

static int write_output(const char *path, const char *text, struct tb_diags *diags)
{
	int err = make_parent_dirs(path);

	if (err) {
		diag_add(diags, TB_ERROR, path, 0, 0, "cannot create its directory: %s",
			 strerror(-err));
		return err;
	}
	/* a temporary file and a rename, or in place for /dev/stdout (tempfiles.c) */
	err = write_file_atomically(path, text, strlen(text), false);
	if (err)
		diag_add(diags, TB_ERROR, path, 0, 0, "cannot write: %s", strerror(-err));
	return err;
}

int tb_types(const struct tb_types_options *opts, struct tb_diags *diags)
{
	const struct tb_type_rename *renames = OPTS_GET(opts, renames, NULL);
	size_t rename_count = OPTS_GET(opts, rename_count, 0);
	struct gt_rename *r = xcalloc(rename_count + 1, sizeof(*r));
	struct gt_file f = { .package = OPTS_GET(opts, package, "main") };
	struct btf *btf = NULL, *base = NULL;
	char *text = NULL;
	int err = 0;

	if (!opts || (!OPTS_GET(opts, type_count, 0) && !OPTS_GET(opts, tracepoint_count, 0))) {
		diag_error(diags, "no type or tracepoint to declare");
		free(r);
		return -EINVAL;
	}
	if (!gen_is_go_identifier(f.package)) {
		diag_error(diags, "package \"%s\" is not a Go identifier", f.package);
		free(r);
		return -EINVAL;
	}
	f.in_sdk = !strcmp(f.package, "bpf");
	for (size_t i = 0; i < rename_count; i++) {
		r[i] = (struct gt_rename){ renames[i].from, renames[i].to };
		if (!gen_is_go_identifier(renames[i].to)) {
			diag_error(diags, "rename %s=%s: %s is not a Go identifier", renames[i].from,
				   renames[i].to, renames[i].to);
			err = -EINVAL;
		}
	}
	if (!err && opts->type_count) {
		struct gt_btf_options o = { .btf_path = OPTS_GET(opts, btf, "/sys/kernel/btf/vmlinux"),
					    .plain = OPTS_GET(opts, plain, false),
					    .renames = r,
					    .rename_count = rename_count };

		btf = load_btf(OPTS_GET(opts, btf, NULL), &base, diags);
		err = btf ? gt_from_btf(&f, btf, opts->types, opts->type_count, &o, diags) : -EINVAL;
	}
	for (size_t i = 0; !err && i < OPTS_GET(opts, tracepoint_count, 0); i++)
		err = gt_from_tracepoint(&f, OPTS_GET(opts, tracefs, "/sys/kernel/tracing"),
					 opts->tracepoints[i], r, rename_count, diags);
	for (size_t i = 0; !err && i < f.type_count; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(f.types[i].go_name, f.types[j].go_name)) {
				diag_error(diags,
					   "two types would be named %s: give one another name with "
					   "--rename",
					   f.types[i].go_name);
				err = -EINVAL;
				break;
			}
	if (!err) {
		text = print_file(&f);
		if (OPTS_GET(opts, output, NULL))
			err = write_output(opts->output, text, diags);
		else if (fputs(text, OPTS_GET(opts, stream, stdout)) < 0)
			err = -EIO;
	}
	free(text);
	gt_file_free(&f);
	btf__free(btf);
	btf__free(base);
	free(r);
	return err;
}
