// SPDX-License-Identifier: MIT
/*
 * Column alignment as gofmt prints it, so generated Go needs no gofmt run:
 * go/printer writes '\t' for indentation and '\v' between cells that align,
 * and passes everything through text/tabwriter (minwidth 0, tabwidth 8,
 * padding 1, spaces, DiscardEmptyColumns | TabIndent). This is that
 * tabwriter's algorithm: a column block is a run of consecutive lines that
 * have a terminated cell in that column; its width is the widest cell plus
 * one; a line's last cell is never padded.
 */
#include <stdlib.h>
#include <string.h>

#include "generate.h"
#include "../internal.h"

struct cell {
	const char *text;
	size_t size;  /* bytes */
	size_t width; /* characters */
	bool htab;    /* terminated by '\t' (an indentation), not '\v' */
};

struct line {
	struct cell *cells;
	size_t count;
};

struct aligner {
	struct line *lines;
	size_t line_count;
	size_t *widths;
	size_t width_count;
	char *out;
	size_t len, cap;
};

static void put(struct aligner *a, const char *s, size_t n)
{
	if (a->len + n + 1 > a->cap) {
		a->cap = (a->len + n + 1) * 2;
		a->out = xrealloc(a->out, a->cap, 1);
	}
	memcpy(a->out + a->len, s, n);
	a->len += n;
	a->out[a->len] = '\0';
}

static void put_repeated(struct aligner *a, char c, size_t n)
{
	while (n--)
		put(a, &c, 1);
}

static void write_lines(struct aligner *a, size_t line0, size_t line1)
{
	for (size_t i = line0; i < line1; i++) {
		const struct line *l = &a->lines[i];
		bool leading = true; /* TabIndent: leading empty cells are tabs */

		for (size_t j = 0; j < l->count; j++) {
			const struct cell *c = &l->cells[j];

			if (c->size)
				leading = false;
			put(a, c->text, c->size);
			if (j >= a->width_count)
				continue;
			if (!c->size && leading)
				put_repeated(a, '\t', (a->widths[j] + 7) / 8);
			else
				put_repeated(a, ' ', a->widths[j] - c->width);
		}
		put(a, "\n", 1);
	}
}

static void format(struct aligner *a, size_t line0, size_t line1)
{
	size_t column = a->width_count;

	for (size_t i = line0; i < line1; i++) {
		size_t width = 0;
		bool discardable = true;

		if (column + 1 >= a->lines[i].count)
			continue;
		write_lines(a, line0, i);
		line0 = i;
		for (; i < line1 && column + 1 < a->lines[i].count; i++) {
			const struct cell *c = &a->lines[i].cells[column];

			if (c->width + 1 > width)
				width = c->width + 1;
			if (c->width || c->htab)
				discardable = false;
		}
		a->widths = xrealloc(a->widths, a->width_count + 1, sizeof(*a->widths));
		a->widths[a->width_count++] = discardable ? 0 : width;
		format(a, line0, i);
		a->width_count--;
		line0 = i; /* line i has no cell here: the loop may step over it */
	}
	write_lines(a, line0, line1);
}

static size_t characters(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xc0) != 0x80;
	return count;
}

static void split_line(struct line *l, const char *start, const char *end)
{
	const char *cell = start;

	for (const char *p = start;; p++) {
		if (p < end && *p != '\t' && *p != '\v')
			continue;
		l->cells = xrealloc(l->cells, l->count + 1, sizeof(*l->cells));
		l->cells[l->count++] = (struct cell){ cell, (size_t)(p - cell),
						      characters(cell, (size_t)(p - cell)),
						      p < end && *p == '\t' };
		if (p == end)
			return;
		cell = p + 1;
	}
}

char *gen_align_columns(const char *text)
{
	struct aligner a = { 0 };

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);

		a.lines = xrealloc(a.lines, a.line_count + 1, sizeof(*a.lines));
		a.lines[a.line_count] = (struct line){ 0 };
		split_line(&a.lines[a.line_count++], p, end);
		p = nl ? nl + 1 : end;
	}
	put(&a, "", 0);
	format(&a, 0, a.line_count);
	for (size_t i = 0; i < a.line_count; i++)
		free(a.lines[i].cells);
	free(a.lines);
	free(a.widths);
	return a.out;
}
