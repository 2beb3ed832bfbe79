// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>

#include "link.h"

/*
 * TinyGo's compile units list the debug info of every package-level variable
 * of every package the program imports (`globals: !36` on a DICompileUnit,
 * !36 = !{!37, !38, ...}), though -opt=1 has deleted all but a few of the
 * variables. In a one-program module that is 9 in 10 bytes of the text
 * (556 variables listed, 6 left), and parsing it was the slowest step of a
 * link. drop_deleted_variables (llvm_shim.cpp) removes the entries of
 * variables that no longer exist before anything reads them, so they can as
 * well never be parsed: this drops them from the text, with every numbered
 * metadata node (`!N = ...`) nothing else refers to.
 *
 * It is a reference scan, not a parser, and errs on the side of keeping:
 * every `!` followed by digits anywhere counts as a reference (in a string
 * it keeps a node needlessly), every line that is not a numbered node's
 * definition is a root, and a list is pruned only when the compile unit's
 * `globals:` field is the one reference to it. A definition split over
 * lines, or anything else it misjudges, makes the text fail to parse, and
 * the caller then parses the original (parse() in input.c), which also
 * keeps every message about bad input that reaches LLVM as before. One kind
 * does not: a numbered node nothing refers to is dropped unread, so a
 * malformed one (`!9999 = !DIBogus(x: 1)`) is accepted where LLVM's parser
 * would refuse it. It never reaches the object: what no instruction,
 * variable or named node refers to is no part of the program.
 */

struct line {
	const char *start;
	size_t len;
	bool def;	 /* "!N = ...": a numbered node's definition */
	size_t id, body; /* if def: N, and where its body starts */
};

struct scan {
	struct line *lines;
	size_t line_count, line_cap;
	size_t *def_line; /* by node number: its definition's line + 1, 0 if none */
	unsigned *refs;	  /* by node number: references, definitions excluded */
	bool *kept, *is_list;
	size_t *stack, depth;
	size_t max_id;
};

/* The decimal digits at p, as *n (saturated at 2^40, above any node number
 * the size check below lets through); returns where they end, p if none. */
static const char *number(const char *p, const char *end, size_t *n)
{
	*n = 0;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		*n = *n < ((size_t)1 << 40) ? *n * 10 + (size_t)(*p - '0') : *n;
	return p;
}

/* Fills l->def, l->id and l->body: is l "!N = ..."? */
static void classify(struct line *l)
{
	const char *end = l->start + l->len, *p;

	l->def = false;
	if (l->len < 5 || l->start[0] != '!')
		return;
	p = number(l->start + 1, end, &l->id);
	if (p == l->start + 1 || end - p < 3 || memcmp(p, " = ", 3))
		return;
	l->def = true;
	l->body = (size_t)(p + 3 - l->start);
}

/* Calls fn for each "!N" in [p, end). */
static void each_reference(const char *p, const char *end, void (*fn)(struct scan *, size_t),
			   struct scan *s)
{
	while ((p = memchr(p, '!', (size_t)(end - p))) != NULL) {
		const char *digits = ++p;
		size_t n;

		p = number(digits, end, &n);
		if (p != digits && n <= s->max_id)
			fn(s, n);
	}
}

static void count(struct scan *s, size_t id)
{
	s->refs[id]++;
}

static void keep(struct scan *s, size_t id)
{
	if (s->def_line[id] && !s->kept[id]) {
		s->kept[id] = true;
		s->stack[s->depth++] = id;
	}
}

/* The line's body after "!N = ", or the whole line. */
static const char *body_of(const struct line *l, size_t *len)
{
	size_t body = l->def ? l->body : 0;

	*len = l->len - body;
	return l->start + body;
}

/* Marks, for each compile unit's `globals: !K`, the list !K if that is the
 * only reference to it. */
static void find_lists(struct scan *s)
{
	static const char field[] = "globals: !";

	for (size_t i = 0; i < s->line_count; i++) {
		const struct line *l = &s->lines[i];
		const char *p;
		size_t id;

		if (!l->def || !memmem(l->start, l->len, "!DICompileUnit(", strlen("!DICompileUnit(")))
			continue;
		p = memmem(l->start, l->len, field, strlen(field));
		if (!p)
			continue;
		number(p + strlen(field), l->start + l->len, &id);
		if (id <= s->max_id && s->def_line[id] && s->refs[id] == 1)
			s->is_list[id] = true;
	}
}

/* Appends src[0..len) to *out. */
static void put(char **out, const char *src, size_t len)
{
	memcpy(*out, src, len);
	*out += len;
}

/* A pruned list: "!K = !{!a, !c}" with the kept entries only. */
static void put_list(struct scan *s, const struct line *l, char **out)
{
	const char *p, *end = l->start + l->len;
	bool first = true;

	put(out, l->start, l->body);
	put(out, "!{", 2);
	for (p = l->start + l->body; (p = memchr(p, '!', (size_t)(end - p))) != NULL;) {
		const char *start = p;
		size_t n;

		p = number(p + 1, end, &n);
		if (p == start + 1 || n > s->max_id || !s->kept[n])
			continue;
		if (!first)
			put(out, ", ", 2);
		put(out, start, (size_t)(p - start));
		first = false;
	}
	put(out, "}", 1);
}

/* A list may be pruned only if it is a plain "!{!a, !b, ...}". */
static bool plain_list(const struct line *l)
{
	size_t len;
	const char *b = body_of(l, &len);

	if (len < 3 || memcmp(b, "!{", 2) || b[len - 1] != '}')
		return false;
	for (size_t i = 2; i + 1 < len; i++)
		if (!strchr("!0123456789, ", b[i]))
			return false;
	return true;
}

char *prune_dead_debug_globals(const char *text, size_t size, size_t *out_size)
{
	struct scan s = { 0 };
	char *out = NULL, *w;
	size_t lists = 0, dropped = 0;

	for (const char *p = text, *end = text + size; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct line *l;

		if (s.line_count == s.line_cap) {
			s.line_cap = s.line_cap ? s.line_cap * 2 : 4096;
			s.lines = xrealloc(s.lines, s.line_cap, sizeof(*s.lines));
		}
		l = &s.lines[s.line_count++];
		*l = (struct line){ .start = p, .len = len };
		classify(l);
		if (l->def && l->id > s.max_id)
			s.max_id = l->id;
		p += len + 1;
	}
	/* A definition takes 8 bytes at least ("!N = !{}"): numbers far above
	 * what fits are not LLVM's numbering, and would only cost memory. */
	if (!s.line_count || s.max_id > size / 4)
		goto out;
	s.def_line = xcalloc(s.max_id + 1, sizeof(*s.def_line));
	s.refs = xcalloc(s.max_id + 1, sizeof(*s.refs));
	s.kept = xcalloc(s.max_id + 1, sizeof(*s.kept));
	s.is_list = xcalloc(s.max_id + 1, sizeof(*s.is_list));
	s.stack = xcalloc(s.max_id + 1, sizeof(*s.stack));
	for (size_t i = 0; i < s.line_count; i++) {
		const struct line *l = &s.lines[i];
		size_t len;
		const char *b = body_of(l, &len);

		if (l->def && s.def_line[l->id]) /* defined twice: leave it to the parser */
			goto out;
		if (l->def)
			s.def_line[l->id] = i + 1;
		each_reference(b, b + len, count, &s);
	}
	find_lists(&s);
	for (size_t id = 0; id <= s.max_id; id++)
		if (s.is_list[id] && plain_list(&s.lines[s.def_line[id] - 1]))
			lists++;
		else
			s.is_list[id] = false;
	if (!lists)
		goto out;
	/* Roots: every line that is not a node's definition. */
	for (size_t i = 0; i < s.line_count; i++)
		if (!s.lines[i].def)
			each_reference(s.lines[i].start, s.lines[i].start + s.lines[i].len, keep, &s);
	while (s.depth) {
		size_t id = s.stack[--s.depth], len;
		const char *b;

		if (s.is_list[id]) /* its entries stay only if kept otherwise */
			continue;
		b = body_of(&s.lines[s.def_line[id] - 1], &len);
		each_reference(b, b + len, keep, &s);
	}
	for (size_t id = 0; id <= s.max_id; id++)
		dropped += s.def_line[id] && !s.kept[id];
	if (!dropped)
		goto out;
	/* A list written back with ", " between entries may outgrow "!{!1,!2}". */
	out = w = xcalloc(2, size + 1);
	for (size_t i = 0; i < s.line_count; i++) {
		const struct line *l = &s.lines[i];

		if (l->def && !s.kept[l->id])
			continue;
		if (l->def && s.is_list[l->id])
			put_list(&s, l, &w);
		else
			put(&w, l->start, l->len);
		if (l->start + l->len < text + size)
			put(&w, "\n", 1);
	}
	*out_size = (size_t)(w - out);
out:
	free(s.lines);
	free(s.def_line);
	free(s.refs);
	free(s.kept);
	free(s.is_list);
	free(s.stack);
	return out;
}
