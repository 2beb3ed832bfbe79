// SPDX-License-Identifier: MIT
/*
 * The user's Go source text, read where TinyGo's IR lacks a detail a message
 * needs: the parameter names of a body-less function (TinyGo emits no debug
 * info for declarations), or a //go:section line TinyGo ignored. The IR's
 * debug info gives the directory; the package's files are in it. Nothing here
 * decides what the program does: a file that is gone or changed only makes a
 * message less precise.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "go_source.h"

static char *absolute_path(LLVMMetadataRef file, bool directory_only)
{
	unsigned dir_len = 0, name_len = 0;
	const char *dir, *name;
	char *path, *slash;

	if (!file)
		return NULL;
	dir = LLVMDIFileGetDirectory(file, &dir_len);
	name = LLVMDIFileGetFilename(file, &name_len);
	if (!name_len)
		return NULL;
	if (name[0] == '/' || !dir_len)
		path = strndup(name, name_len);
	else
		path = xasprintf("%.*s/%.*s", (int)dir_len, dir, (int)name_len, name);
	if (directory_only && path && (slash = strrchr(path, '/')))
		*slash = '\0';
	return path;
}

/* The file's lines, NUL-terminated in one buffer; *count lines. */
static char **read_lines(const char *path, size_t *count, char **buffer)
{
	FILE *f = fopen(path, "rb");
	size_t size = 0, n;
	char chunk[8192], *text = NULL, **lines = NULL;

	*count = 0;
	*buffer = NULL;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		text = xrealloc(text, size + n + 1, 1);
		memcpy(text + size, chunk, n);
		size += n;
	}
	fclose(f);
	if (!text)
		return NULL;
	text[size] = '\0';
	for (char *p = text; *p;) {
		char *end = strchr(p, '\n');

		lines = xrealloc(lines, *count + 1, sizeof(*lines));
		lines[(*count)++] = p;
		if (!end)
			break;
		*end = '\0';
		p = end + 1;
	}
	*buffer = text;
	return lines;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

char *go_comment_above(LLVMMetadataRef scope, unsigned line, const char *prefix)
{
	char *path = absolute_path(scope ? LLVMDIScopeGetFile(scope) : NULL, false);
	char *buffer, *found = NULL;
	size_t count;
	char **lines = path ? read_lines(path, &count, &buffer) : NULL;

	free(path);
	if (!lines)
		return NULL;
	/* The comment block right above `func` (line is 1-based). */
	for (size_t i = line >= 2 ? line - 2 : 0; line >= 2 && i < count; i--) {
		const char *text = skip_space(lines[i]);

		if (!str_starts_with(text, "//"))
			break;
		if (str_starts_with(text, prefix)) {
			found = xstrdup(text);
			found[strcspn(found, "\r")] = '\0';
			break;
		}
		if (i == 0)
			break;
	}
	free(lines);
	free(buffer);
	return found;
}

/* One character of a parameter list that may span lines, and where it is. */
struct located_char {
	char ch;
	unsigned line, column;
};

static void add_param(struct go_decl *d, const struct located_char *text, size_t n)
{
	size_t start = 0, name_end;
	struct go_param p = { 0 };

	while (start < n && isspace((unsigned char)text[start].ch))
		start++;
	while (n > start && isspace((unsigned char)text[n - 1].ch))
		n--;
	if (start == n)
		return;
	p.line = text[start].line;
	p.column = text[start].column;
	for (name_end = start; name_end < n && (isalnum((unsigned char)text[name_end].ch) ||
						 text[name_end].ch == '_');
	     name_end++)
		;
	if (name_end > start && name_end < n && isspace((unsigned char)text[name_end].ch)) {
		size_t t = name_end;

		while (isspace((unsigned char)text[t].ch))
			t++;
		p.name = xcalloc(name_end - start + 1, 1);
		for (size_t i = start; i < name_end; i++)
			p.name[i - start] = text[i].ch;
		p.type = xcalloc(n - t + 1, 1);
		for (size_t i = t; i < n; i++)
			p.type[i - t] = text[i].ch;
	} else {
		p.type = xcalloc(n - start + 1, 1); /* a lone word: a name of a group, or a type */
		for (size_t i = start; i < n; i++)
			p.type[i - start] = text[i].ch;
	}
	d->params = xrealloc(d->params, d->param_count + 1, sizeof(*d->params));
	d->params[d->param_count++] = p;
}

/* In `a, b uint32` a and b are names that take the type that follows; in a
 * list without names every entry is a type. */
static bool resolve_groups(struct go_decl *d)
{
	bool named = false;

	for (size_t k = 0; k < d->param_count; k++)
		named |= d->params[k].name != NULL;
	for (size_t k = 0; named && k < d->param_count; k++) {
		if (d->params[k].name)
			continue;
		d->params[k].name = d->params[k].type;
		d->params[k].type = NULL;
		for (size_t m = k + 1; m < d->param_count && !d->params[k].type; m++)
			if (d->params[m].name && d->params[m].type)
				d->params[k].type = xstrdup(d->params[m].type);
		if (!d->params[k].type)
			return false;
	}
	return true;
}

/* Reads the parameter list that starts after the '(' at lines[li][col], and
 * the result after it. */
static bool parse_params(char **lines, size_t count, size_t li, size_t col, struct go_decl *d)
{
	struct located_char *text = NULL;
	size_t n = 0;
	int depth = 0;

	for (; li < count; li++, col = 0) {
		const char *s = lines[li];

		for (size_t i = col; s[i] && !(s[i] == '/' && s[i + 1] == '/'); i++) {
			char ch = s[i];

			if ((ch == ',' || ch == ')') && depth == 0) {
				add_param(d, text, n);
				n = 0;
				if (ch == ')') {
					const char *r = skip_space(s + i + 1);
					size_t rlen = strcspn(r, "{/");

					free(text);
					while (rlen && isspace((unsigned char)r[rlen - 1]))
						rlen--;
					if (rlen) {
						d->result = strndup(r, rlen);
						d->result_line = (unsigned)li + 1;
						d->result_column = (unsigned)(r - s) + 1;
					}
					return resolve_groups(d);
				}
				continue;
			}
			if (ch == '(' || ch == '[' || ch == '{')
				depth++;
			else if (ch == ')' || ch == ']' || ch == '}')
				depth--;
			text = xrealloc(text, n + 1, sizeof(*text));
			text[n++] = (struct located_char){ ch, (unsigned)li + 1, (unsigned)i + 1 };
		}
		text = xrealloc(text, n + 1, sizeof(*text));
		text[n++] = (struct located_char){ ' ', (unsigned)li + 1, 0 };
	}
	free(text);
	return false;
}

static bool find_in_file(const char *path, const char *name, const char *export_name,
			 struct go_decl *d)
{
	char *buffer;
	size_t count;
	char **lines = read_lines(path, &count, &buffer);
	bool found = false;

	if (!lines)
		return false;
	for (size_t i = 0; i < count && !found; i++) {
		const char *s = lines[i], *fn;
		size_t li = i;

		if (export_name) {
			const char *e = skip_space(s);

			if (!str_starts_with(e, "//export ") ||
			    strcmp(skip_space(e + 9), export_name) != 0)
				continue;
			/* The func after the comment block. */
			for (li = i + 1; li < count && str_starts_with(skip_space(lines[li]), "//"); li++)
				;
			if (li >= count || !str_starts_with(lines[li], "func "))
				continue;
			s = lines[li];
			fn = skip_space(s + 5);
		} else {
			if (!str_starts_with(s, "func "))
				continue;
			fn = skip_space(s + 5);
			if (strncmp(fn, name, strlen(name)) != 0 || fn[strlen(name)] != '(')
				continue;
		}
		{
			const char *paren = strchr(fn, '(');

			if (!paren)
				continue;
			*d = (struct go_decl){ .line = (unsigned)li + 1, .column = (unsigned)(fn - s) + 1 };
			d->func_name = strndup(fn, (size_t)(paren - fn));
			found = parse_params(lines, count, li, (size_t)(paren - s) + 1, d);
			if (!found)
				go_decl_free(d);
		}
	}
	free(lines);
	free(buffer);
	return found;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool go_find_decl(LLVMMetadataRef scope, const char *name, const char *export_name,
		  struct go_decl *out)
{
	LLVMMetadataRef file = scope ? LLVMDIScopeGetFile(scope) : NULL;
	char *dir = absolute_path(file, true);
	DIR *dp = dir ? opendir(dir) : NULL;
	struct dirent *e;
	char **names = NULL;
	size_t count = 0;
	bool found = false;

	*out = (struct go_decl){ 0 };
	if (!dp) {
		free(dir);
		return false;
	}
	while ((e = readdir(dp))) {
		size_t n = strlen(e->d_name);

		if (n > 3 && !strcmp(e->d_name + n - 3, ".go")) {
			names = xrealloc(names, count + 1, sizeof(*names));
			names[count++] = xstrdup(e->d_name);
		}
	}
	closedir(dp);
	if (count > 1) /* qsort(NULL, 0, ...) is undefined: a directory without .go files */
		qsort(names, count, sizeof(*names), compare_names);
	for (size_t i = 0; i < count; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);

		if (!found && find_in_file(path, name, export_name, out)) {
			found = true;
			out->file = source_display_path(path);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	return found;
}

void go_decl_free(struct go_decl *d)
{
	for (size_t i = 0; i < d->param_count; i++) {
		free(d->params[i].name);
		free(d->params[i].type);
	}
	free(d->params);
	free(d->result);
	free(d->file);
	free(d->func_name);
	*d = (struct go_decl){ 0 };
}
