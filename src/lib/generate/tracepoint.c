// SPDX-License-Identifier: MIT
/*
 * Go records of tracepoints from their tracefs format files
 * (events/CATEGORY/EVENT/format), whose "field:" lines give each field's C
 * declaration, offset, size and signedness: the kernel's own description of
 * the record a tracepoint program receives as its context.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../internal.h"
#include "types.h"

struct tp_field {
	char *decl; /* "const char * filename", "char comm[16]" */
	char *name;
	long dims;  /* the array length, -1 for none, 0 when not a number */
	unsigned offset, size;
	bool is_signed;
};

static void free_fields(struct tp_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].decl);
		free(f[i].name);
	}
	free(f);
}

/* "field:char comm[16];\toffset:8;\tsize:16;\tsigned:0;". On an error,
 * out->decl is what the caller frees (NULL when nothing was kept). */
static int parse_line(const char *line, struct tp_field *out)
{
	const char *p = strstr(line, "field:"), *semi, *o, *z, *g;
	char *decl, *end, *bracket;
	size_t len;

	out->decl = NULL;
	if (!p)
		return -ENOENT;
	p += strlen("field:");
	semi = strchr(p, ';');
	o = strstr(line, "offset:");
	z = strstr(line, "size:");
	g = strstr(line, "signed:");
	if (!semi || !o || !z || !g)
		return -EINVAL;
	decl = strndup(p, (size_t)(semi - p));
	*out = (struct tp_field){ .decl = decl, .dims = -1 };
	out->offset = (unsigned)strtoul(o + strlen("offset:"), NULL, 10);
	out->size = (unsigned)strtoul(z + strlen("size:"), NULL, 10);
	out->is_signed = strtol(g + strlen("signed:"), NULL, 10) != 0;
	/* the name is the last identifier, before an array suffix */
	bracket = strrchr(decl, '[');
	end = bracket && !strstr(decl, "[]") ? bracket : decl + strlen(decl);
	if (bracket && !strstr(decl, "[]")) {
		char *num_end;
		long n = strtol(bracket + 1, &num_end, 0);

		out->dims = *num_end == ']' && n > 0 ? n : 0;
	}
	while (end > decl && isspace((unsigned char)end[-1]))
		end--;
	len = 0;
	while (end - (ptrdiff_t)len > decl &&
	       (isalnum((unsigned char)end[-1 - (ptrdiff_t)len]) || end[-1 - (ptrdiff_t)len] == '_'))
		len++;
	if (!len)
		return -EINVAL;
	out->name = strndup(end - len, len);
	return 0;
}

static const char *int_type(unsigned size, bool is_signed)
{
	static const char *const names[2][4] = { { "uint8", "uint16", "uint32", "uint64" },
						 { "int8", "int16", "int32", "int64" } };

	switch (size) {
	case 1:
		return names[is_signed][0];
	case 2:
		return names[is_signed][1];
	case 4:
		return names[is_signed][2];
	case 8:
		return names[is_signed][3];
	}
	return NULL;
}

/* The Go type of a field and its alignment in Go. */
static char *field_type(struct gt_file *f, const struct tp_field *fld, unsigned *align,
			char **comment)
{
	char buf[64];
	const char *t;

	*comment = NULL;
	*align = 1;
	if (str_starts_with(fld->decl, "__data_loc") || str_starts_with(fld->decl, "__rel_loc")) {
		*align = 4;
		*comment = xasprintf("%s", fld->decl);
		if (fld->size == 4)
			return xstrdup(gt_sdk(f, "DataLoc", buf));
		return xasprintf("[%u]byte", fld->size);
	}
	if (strchr(fld->decl, '*') && fld->size == 8 && fld->dims < 0) {
		*align = 8;
		return xstrdup("uintptr");
	}
	if (fld->dims >= 0) {
		unsigned elem = 0;

		if (fld->dims > 0 && fld->size % (unsigned)fld->dims == 0)
			elem = fld->size / (unsigned)fld->dims;
		else if (strstr(fld->decl, "char"))
			elem = 1;
		if (elem == 1 && strstr(fld->decl, "char"))
			return xasprintf("[%u]byte", fld->size);
		t = elem ? int_type(elem, fld->is_signed) : NULL;
		if (t) {
			*align = elem;
			return xasprintf("[%u]%s", fld->size / elem, t);
		}
		return xasprintf("[%u]byte", fld->size);
	}
	t = int_type(fld->size, fld->is_signed);
	if (!t)
		return xasprintf("[%u]byte", fld->size);
	*align = fld->size;
	return xstrdup(t);
}

static bool is_common_header(const struct tp_field *f, size_t n)
{
	static const struct {
		const char *name;
		unsigned offset, size;
	} header[] = {
		{ "common_type", 0, 2 },
		{ "common_flags", 2, 1 },
		{ "common_preempt_count", 3, 1 },
		{ "common_pid", 4, 4 },
	};

	if (n < ARRAY_SIZE(header))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(header); i++)
		if (strcmp(f[i].name, header[i].name) || f[i].offset != header[i].offset ||
		    f[i].size != header[i].size)
			return false;
	return n == ARRAY_SIZE(header) || f[ARRAY_SIZE(header)].offset >= 8;
}

static void suggest(const char *dir, const char *name, const char *what, const char *path,
		    struct tb_diags *diags)
{
	DIR *d = opendir(dir);
	const char **names = NULL;
	char **owned = NULL;
	size_t count = 0;
	struct dirent *e;
	const char *best = NULL;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		owned = xrealloc(owned, count + 1, sizeof(*owned));
		names = xrealloc(names, count + 1, sizeof(*names));
		names[count] = owned[count] = xstrdup(e->d_name);
		count++;
	}
	if (d)
		closedir(d);
	best = gt_closest(name, names, count);
	if (best)
		diag_add(diags, TB_ERROR, path, 0, 0, "no %s %s; did you mean %s?", what, name, best);
	else
		diag_add(diags, TB_ERROR, path, 0, 0, "no %s %s", what, name);
	for (size_t i = 0; i < count; i++)
		free(owned[i]);
	free(owned);
	free(names);
}

int gt_from_tracepoint(struct gt_file *f, const char *tracefs, const char *event,
		       const struct gt_rename *renames, size_t rename_count, struct tb_diags *diags)
{
	const char *slash = strchr(event, '/');
	char *category, *path, *line = NULL, *doc, *go_name = NULL, buf[64];
	struct tp_field *fields = NULL;
	size_t count = 0, cap = 0;
	unsigned cursor = 0;
	struct gt_type *t;
	FILE *in;
	int err = 0;

	if (!slash || slash == event || !slash[1] || strchr(slash + 1, '/')) {
		diag_error(diags, "tracepoint %s: write it CATEGORY/EVENT, e.g. syscalls/sys_enter_openat",
			   event);
		return -EINVAL;
	}
	category = strndup(event, (size_t)(slash - event));
	path = xasprintf("%s/events/%s/format", tracefs, event);
	in = fopen(path, "r");
	if (!in) {
		char *dir = xasprintf("%s/events/%s", tracefs, category);
		char *events = xasprintf("%s/events", tracefs);

		err = -errno;
		if (errno == ENOENT && !access(dir, F_OK))
			suggest(dir, slash + 1, "tracepoint event", dir, diags);
		else if (errno == ENOENT && !access(events, F_OK))
			suggest(events, category, "tracepoint category", events, diags);
		else
			diag_add(diags, TB_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
		free(dir);
		free(events);
		goto out;
	}
	while (getline(&line, &cap, in) > 0) {
		struct tp_field fld;
		int perr = parse_line(line, &fld);

		if (perr == -ENOENT)
			continue;
		if (perr) {
			line[strcspn(line, "\n")] = '\0';
			diag_add(diags, TB_ERROR, path, 0, 0, "cannot read the field line \"%s\"", line);
			free(fld.decl);
			err = perr;
			break;
		}
		fields = xrealloc(fields, count + 1, sizeof(*fields));
		fields[count++] = fld;
	}
	fclose(in);
	if (err)
		goto out;
	if (!count) {
		diag_add(diags, TB_ERROR, path, 0, 0, "no field lines in this format file");
		err = -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < rename_count; i++)
		if (!strcmp(renames[i].from, event) || !strcmp(renames[i].from, slash + 1))
			go_name = xstrdup(renames[i].to);
	if (!go_name)
		go_name = gt_camel_case(slash + 1);
	doc = xasprintf("is the record of the tracepoint %s, as its tracefs format file lays it out.",
			event);
	t = gt_add_type(f, go_name, doc);
	free(doc);
	{
		size_t first = 0;
		char **names = NULL;
		size_t name_count = 0;

		if (is_common_header(fields, count)) {
			gt_add_field(t, NULL, gt_sdk(f, "TracepointHeader", buf), 0, 8, NULL);
			first = 4;
			cursor = 8;
		}
		for (size_t i = first; i < count; i++) {
			unsigned align;
			char *comment, *type = field_type(f, &fields[i], &align, &comment);
			char *go = gt_camel_case(fields[i].name);
			bool taken = !go[0] || !gt_is_go_identifier(go);

			for (size_t j = 0; j < name_count && !taken; j++)
				taken = !strcmp(names[j], go);
			if (taken) {
				free(go);
				go = xstrdup(fields[i].name);
			}
			names = xrealloc(names, name_count + 1, sizeof(*names));
			names[name_count++] = xstrdup(go);
			if (fields[i].offset < cursor) {
				diag_add(diags, TB_ERROR, path, 0, 0,
					 "field %s at offset %u overlaps the one before", fields[i].name,
					 fields[i].offset);
				err = -EINVAL;
			} else {
				if (fields[i].offset > cursor) {
					char *pad = xasprintf("[%u]byte", fields[i].offset - cursor);

					gt_add_field(t, "_", pad, cursor, fields[i].offset - cursor, NULL);
					free(pad);
				}
				if (fields[i].offset % align) {
					free(type);
					type = xasprintf("[%u]byte", fields[i].size);
				}
				gt_add_field(t, go, type, fields[i].offset, fields[i].size, comment);
				cursor = fields[i].offset + fields[i].size;
			}
			free(go);
			free(type);
			free(comment);
		}
		for (size_t j = 0; j < name_count; j++)
			free(names[j]);
		free(names);
	}
	free(go_name);
out:
	free_fields(fields, count);
	free(line);
	free(path);
	free(category);
	return err;
}
