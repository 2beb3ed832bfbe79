// SPDX-License-Identifier: MIT
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/*
 * tinybpf.json, the project's build settings:
 *   { "build": { "output": "build/x.bpf.o", "cpu": "v3", "license": "GPL",
 *                "programs": { "<export name>": "<ELF section>" } } }
 *
 * Read strictly, each error at its line and column: one JSON document (RFC
 * 8259: no comments, no trailing commas, nothing after it), every string
 * valid UTF-8 without NUL, no key twice in an object, and the schema above
 * (unknown keys, wrong types, empty strings). A typo or a second document
 * must not silently change the build.
 *
 * A reader of our own rather than json-c's (which the CLI uses to print):
 * json-c keeps no position for a value, so a schema error could not say
 * where it is, and it keeps the last of two equal keys without a word.
 * Tokenising with json-c and checking on our own would still need the
 * positions. The grammar is small; what it accepts is exactly RFC 8259.
 */

/* Far more than the schema needs; keeps the recursion's depth bounded. */
#define MAX_DEPTH 32
/* A project's settings are a few hundred bytes. */
#define MAX_CONFIG_SIZE (1u << 20)

enum jtype { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct jvalue;

struct jmember {
	char *key;
	unsigned line, column; /* of the key */
	struct jvalue *value;
};

struct jvalue {
	enum jtype type;
	unsigned line, column;
	char *string; /* J_STRING */
	struct jmember *members; /* J_OBJECT */
	struct jvalue **items;   /* J_ARRAY */
	size_t count;
};

/* What settings keep: the parsed document owns the strings they point to. */
struct config_doc {
	struct jvalue *root;
};

struct parser {
	const char *path;
	const char *p, *end;
	unsigned line;
	const char *line_start;
	struct tb_diags *diags;
	bool failed;
};

static unsigned column_of(const struct parser *ps, const char *at)
{
	unsigned column = 1;

	/* Columns count characters: UTF-8 continuation bytes do not start one. */
	for (const char *p = ps->line_start; p < at; p++)
		column += ((unsigned char)*p & 0xc0) != 0x80;
	return column;
}

static void vfail(struct parser *ps, unsigned line, unsigned column, const char *fmt, va_list ap)
{
	char *msg;

	if (ps->failed)
		return;
	ps->failed = true;
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	diag_add(ps->diags, TB_ERROR, ps->path, line, column, "%s", msg);
	free(msg);
}

static void fail_at(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail_at(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(ps, ps->line, column_of(ps, at), fmt, ap);
	va_end(ap);
}

static void fail_line(struct parser *ps, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail_line(struct parser *ps, unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(ps, line, column, fmt, ap);
	va_end(ap);
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p;

		if (c == '\n') {
			ps->line++;
			ps->line_start = ++ps->p;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			ps->p++;
		} else {
			return;
		}
	}
}

static const char *describe_char(char c)
{
	static char buf[16];

	if (c == '\0')
		return "a NUL byte";
	if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
		snprintf(buf, sizeof(buf), "byte 0x%02x", (unsigned char)c);
	else
		snprintf(buf, sizeof(buf), "'%c'", c);
	return buf;
}

static struct jvalue *new_value(struct parser *ps, enum jtype type, const char *at)
{
	struct jvalue *v = xcalloc(1, sizeof(*v));

	v->type = type;
	v->line = ps->line;
	v->column = column_of(ps, at);
	return v;
}

static void free_value(struct jvalue *v)
{
	if (!v)
		return;
	free(v->string);
	for (size_t i = 0; i < v->count; i++) {
		if (v->type == J_OBJECT) {
			free(v->members[i].key);
			free_value(v->members[i].value);
		} else if (v->type == J_ARRAY) {
			free_value(v->items[i]);
		}
	}
	free(v->members);
	free(v->items);
	free(v);
}

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The length of the valid UTF-8 sequence at p (RFC 3629: no overlong forms,
 * no surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_length(const unsigned char *p, const unsigned char *end)
{
	unsigned cp, n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (unsigned i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* At the opening quote. The result has no NUL inside: a string that would
 * is an error. */
static char *parse_string(struct parser *ps)
{
	const char *start = ps->p++;
	char *out = xcalloc((size_t)(ps->end - start) + 1, 1);
	size_t len = 0;

	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (c == '\\') {
			const char *esc = ps->p;
			int cp;

			if (ps->end - ps->p < 2)
				break;
			switch (ps->p[1]) {
			case '"': out[len++] = '"'; break;
			case '\\': out[len++] = '\\'; break;
			case '/': out[len++] = '/'; break;
			case 'b': out[len++] = '\b'; break;
			case 'f': out[len++] = '\f'; break;
			case 'n': out[len++] = '\n'; break;
			case 'r': out[len++] = '\r'; break;
			case 't': out[len++] = '\t'; break;
			case 'u':
				if (ps->end - ps->p < 6 || (cp = hex4(ps->p + 2)) < 0) {
					fail_at(ps, esc, "\\u needs four hexadecimal digits");
					goto fail;
				}
				ps->p += 4;
				if (cp >= 0xd800 && cp <= 0xdbff) {
					int low;

					if (ps->end - ps->p < 8 || ps->p[2] != '\\' || ps->p[3] != 'u' ||
					    (low = hex4(ps->p + 4)) < 0xdc00 || low > 0xdfff) {
						fail_at(ps, esc, "a \\u escape of a lone surrogate");
						goto fail;
					}
					cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
					ps->p += 6;
				} else if (cp >= 0xdc00 && cp <= 0xdfff) {
					fail_at(ps, esc, "a \\u escape of a lone surrogate");
					goto fail;
				}
				if (cp == 0) {
					fail_at(ps, esc, "\\u0000 (NUL) is not allowed in a string");
					goto fail;
				}
				len += put_utf8(out + len, (unsigned)cp);
				break;
			default:
				fail_at(ps, esc, "unknown escape \\%s in a string",
					describe_char(ps->p[1]));
				goto fail;
			}
			ps->p += 2;
		} else if (c < 0x20) {
			fail_at(ps, ps->p, "%s inside a string (escape it)", describe_char((char)c));
			goto fail;
		} else {
			size_t n = utf8_length((const unsigned char *)ps->p,
					       (const unsigned char *)ps->end);

			if (!n) {
				fail_at(ps, ps->p, "invalid UTF-8 in a string");
				goto fail;
			}
			memcpy(out + len, ps->p, n);
			len += n;
			ps->p += n;
		}
	}
	if (ps->p >= ps->end) {
		fail_at(ps, start, "a string that does not end");
		goto fail;
	}
	ps->p++; /* the closing quote */
	out[len] = '\0';
	return out;
fail:
	free(out);
	return NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool parse_number(struct parser *ps)
{
	const char *start = ps->p;

	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0') {
		ps->p++;
	} else if (ps->p < ps->end && is_digit(*ps->p)) {
		while (ps->p < ps->end && is_digit(*ps->p))
			ps->p++;
	} else {
		fail_at(ps, start, "not a JSON number");
		return false;
	}
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (ps->p >= ps->end || !is_digit(*ps->p)) {
			fail_at(ps, start, "not a JSON number");
			return false;
		}
		while (ps->p < ps->end && is_digit(*ps->p))
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || !is_digit(*ps->p)) {
			fail_at(ps, start, "not a JSON number");
			return false;
		}
		while (ps->p < ps->end && is_digit(*ps->p))
			ps->p++;
	}
	return true;
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return false;
	ps->p += n;
	return true;
}

static struct jvalue *parse_value(struct parser *ps, unsigned depth);

static void unexpected(struct parser *ps, const char *expected)
{
	if (ps->p >= ps->end)
		fail_at(ps, ps->p, "the file ends where %s should be", expected);
	else if (*ps->p == '/' && ps->p + 1 < ps->end && (ps->p[1] == '/' || ps->p[1] == '*'))
		fail_at(ps, ps->p, "a comment: JSON has none");
	else
		fail_at(ps, ps->p, "%s where %s should be", describe_char(*ps->p), expected);
}

static struct jvalue *parse_object(struct parser *ps, unsigned depth)
{
	struct jvalue *obj = new_value(ps, J_OBJECT, ps->p);

	ps->p++; /* { */
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		struct jmember m;

		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != '"') {
			unexpected(ps, obj->count ? "a key (no comma after the last member)" : "a key");
			break;
		}
		m = (struct jmember){ .line = ps->line, .column = column_of(ps, ps->p) };
		m.key = parse_string(ps);
		if (!m.key)
			break;
		for (size_t i = 0; i < obj->count && !ps->failed; i++)
			if (!strcmp(obj->members[i].key, m.key))
				fail_line(ps, m.line, m.column,
					  "the key \"%s\" appears twice in this object (first at "
					  "line %u)",
					  m.key, obj->members[i].line);
		if (ps->failed) {
			free(m.key);
			break;
		}
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			free(m.key);
			unexpected(ps, "':'");
			break;
		}
		ps->p++;
		m.value = parse_value(ps, depth + 1);
		obj->members = xrealloc(obj->members, obj->count + 1, sizeof(*obj->members));
		obj->members[obj->count++] = m;
		if (!m.value)
			break;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		unexpected(ps, "',' or '}'");
		break;
	}
	free_value(obj);
	return NULL;
}

static struct jvalue *parse_array(struct parser *ps, unsigned depth)
{
	struct jvalue *arr = new_value(ps, J_ARRAY, ps->p);

	ps->p++; /* [ */
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		struct jvalue *item = parse_value(ps, depth + 1);

		if (!item)
			break;
		arr->items = xrealloc(arr->items, arr->count + 1, sizeof(*arr->items));
		arr->items[arr->count++] = item;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		unexpected(ps, "',' or ']'");
		break;
	}
	free_value(arr);
	return NULL;
}

static struct jvalue *parse_value(struct parser *ps, unsigned depth)
{
	const char *at;
	struct jvalue *v;

	skip_space(ps);
	at = ps->p;
	if (depth > MAX_DEPTH) {
		fail_at(ps, at, "nested deeper than %d levels", MAX_DEPTH);
		return NULL;
	}
	if (at >= ps->end) {
		unexpected(ps, "a value");
		return NULL;
	}
	switch (*at) {
	case '{':
		return parse_object(ps, depth);
	case '[':
		return parse_array(ps, depth);
	case '"': {
		char *s = parse_string(ps);

		if (!s)
			return NULL;
		v = new_value(ps, J_STRING, at);
		v->string = s;
		return v;
	}
	default:
		break;
	}
	if (literal(ps, "true") || literal(ps, "false"))
		return new_value(ps, J_BOOL, at);
	if (literal(ps, "null"))
		return new_value(ps, J_NULL, at);
	if (*at == '-' || is_digit(*at))
		return parse_number(ps) ? new_value(ps, J_NUMBER, at) : NULL;
	unexpected(ps, "a value");
	return NULL;
}

/* ---- the schema ---- */

static const char *type_name(enum jtype t)
{
	static const char *const names[] = { "null", "a boolean", "a number", "a string",
					     "an array", "an object" };

	return names[t];
}

struct checker {
	const char *path;
	struct tb_diags *diags;
};

static void error_at(const struct checker *ck, unsigned line, unsigned column, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));

static void error_at(const struct checker *ck, unsigned line, unsigned column, const char *fmt,
		     ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	diag_add(ck->diags, TB_ERROR, ck->path, line, column, "%s", msg);
	free(msg);
}

/* A non-empty string, or NULL with an error. */
static const char *want_string(const struct checker *ck, const struct jvalue *v, const char *name)
{
	if (v->type != J_STRING) {
		error_at(ck, v->line, v->column, "%s must be a string, not %s", name,
			 type_name(v->type));
		return NULL;
	}
	if (!v->string[0]) {
		error_at(ck, v->line, v->column, "%s must not be empty", name);
		return NULL;
	}
	return v->string;
}

static void add_section(struct settings *s, const char *function, const char *section)
{
	s->sections = xrealloc(s->sections, s->section_count + 1, sizeof(*s->sections));
	s->sections[s->section_count++] = (struct tb_section){ function, section };
}

static void check_build(struct settings *s, const struct checker *ck, const struct jvalue *build)
{
	static const char *const known = "output, cpu, license, programs";

	if (build->type != J_OBJECT) {
		error_at(ck, build->line, build->column, "build must be an object, not %s",
			 type_name(build->type));
		return;
	}
	for (size_t i = 0; i < build->count; i++) {
		const struct jmember *m = &build->members[i];
		const struct jvalue *v = m->value;
		const char *value;

		if (!strcmp(m->key, "output")) {
			value = want_string(ck, v, "build.output");
			if (value && !s->output)
				s->output = value;
		} else if (!strcmp(m->key, "cpu")) {
			value = want_string(ck, v, "build.cpu");
			if (value && !valid_cpu(value))
				error_at(ck, v->line, v->column,
					 "build.cpu is \"%s\"; it must be v1, v2, v3 or v4", value);
			else if (value && !s->cpu)
				s->cpu = value;
		} else if (!strcmp(m->key, "license")) {
			value = want_string(ck, v, "build.license");
			if (value && !s->license)
				s->license = value;
		} else if (!strcmp(m->key, "programs")) {
			if (v->type != J_OBJECT) {
				error_at(ck, v->line, v->column,
					 "build.programs must map export names to sections, not be %s",
					 type_name(v->type));
				continue;
			}
			for (size_t p = 0; p < v->count; p++) {
				const struct jmember *prog = &v->members[p];
				char *name = xasprintf("build.programs.%s", prog->key);

				value = want_string(ck, prog->value, name);
				free(name);
				if (!prog->key[0])
					error_at(ck, prog->line, prog->column,
						 "build.programs: an empty export name");
				else if (value)
					add_section(s, prog->key, value);
			}
		} else {
			error_at(ck, m->line, m->column, "unknown key \"build.%s\" (known: %s)", m->key,
				 known);
		}
	}
}

static int read_config(struct settings *s, const char *path, struct tb_diags *diags)
{
	struct parser ps = { .path = path, .line = 1, .diags = diags };
	struct checker ck = { .path = path, .diags = diags };
	size_t errors = tb_diags_error_count(diags);
	struct jvalue *root;
	char *text;
	size_t size;
	int err;

	err = read_bounded(path, MAX_CONFIG_SIZE, "cannot read it", &text, &size, diags);
	if (err)
		return err;
	ps.p = ps.line_start = text;
	ps.end = text + size;
	if (size >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		ps.p = ps.line_start = text + 3; /* a byte order mark: RFC 8259 lets readers skip it */
	root = parse_value(&ps, 0);
	if (root) {
		skip_space(&ps);
		if (ps.p < ps.end) {
			fail_at(&ps, ps.p, "%s after the JSON document: a file holds one document",
				describe_char(*ps.p));
		}
	}
	free(text);
	if (ps.failed) {
		free_value(root);
		return -EINVAL;
	}
	s->config = xcalloc(1, sizeof(*s->config));
	s->config->root = root;
	if (root->type != J_OBJECT) {
		error_at(&ck, root->line, root->column,
			 "the settings must be an object, { \"build\": { ... } }, not %s",
			 type_name(root->type));
		return -EINVAL;
	}
	for (size_t i = 0; i < root->count; i++) {
		const struct jmember *m = &root->members[i];

		if (strcmp(m->key, "build"))
			error_at(&ck, m->line, m->column, "unknown key \"%s\" (known: build)", m->key);
		else
			check_build(s, &ck, m->value);
	}
	return tb_diags_error_count(diags) > errors ? -EINVAL : 0;
}

bool valid_cpu(const char *cpu)
{
	/* LLVM also knows "generic" (v1) and "probe" (whatever the building
	 * machine's kernel supports), which would make the object depend on
	 * where it was built. */
	static const char *const cpus[] = { "v1", "v2", "v3", "v4" };

	for (size_t i = 0; i < ARRAY_SIZE(cpus); i++)
		if (!strcmp(cpu, cpus[i]))
			return true;
	return false;
}

/* "-o ." would fail only at the final rename, with EBUSY. */
static bool output_is_directory(const char *output)
{
	struct stat st;

	return output[strlen(output) - 1] == '/' || (!stat(output, &st) && S_ISDIR(st.st_mode));
}

/* The CPUs this process may run on (its affinity mask, as nproc counts). */
static unsigned available_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) || CPU_COUNT(&set) < 1)
		return 1;
	return (unsigned)CPU_COUNT(&set);
}

int settings_init(struct settings *s, const struct tb_options *opts, struct tb_diags *diags)
{
	const char *config = OPTS_GET(opts, config, NULL);

	*s = (struct settings){
		.output = OPTS_GET(opts, output, NULL),
		.cpu = OPTS_GET(opts, cpu, NULL),
		.license = OPTS_GET(opts, license, NULL),
		.dump_ir_dir = OPTS_GET(opts, dump_ir_dir, NULL),
		.verbose = OPTS_GET(opts, verbose, false),
		.panic_return_set = OPTS_GET(opts, panic_return_set, false),
		.panic_return = OPTS_GET(opts, panic_return, 0),
		.cache_dir = OPTS_GET(opts, cache_dir, NULL),
		.cache_max_size = OPTS_GET(opts, cache_max_size, 0),
		.jobs = OPTS_GET(opts, jobs, 0),
		.programs = OPTS_GET(opts, programs, NULL),
		.program_count = OPTS_GET(opts, program_count, 0),
	};
	for (size_t i = 0; i < OPTS_GET(opts, section_count, 0); i++)
		add_section(s, opts->sections[i].function, opts->sections[i].section);
	s->option_section_count = s->section_count;
	if (config && read_config(s, config, diags))
		return -EINVAL;
	if (!s->jobs)
		s->jobs = available_cpus();
	if (!s->cpu)
		s->cpu = "v3";
	if (!s->license)
		s->license = "GPL";
	if (!valid_cpu(s->cpu)) {
		diag_error(diags, "unknown BPF CPU \"%s\" (use v1, v2, v3 or v4)", s->cpu);
		return -EINVAL;
	}
	if (!*s->license) {
		diag_error(diags, "the license must not be empty (the kernel reads it to decide "
				  "which helpers the program may call)");
		return -EINVAL;
	}
	if (!s->output || !*s->output) {
		diag_error(diags, "no output file: pass -o FILE or set build.output in tinybpf.json");
		return -EINVAL;
	}
	if (output_is_directory(s->output)) {
		diag_add(diags, TB_ERROR, s->output, 0, 0,
			 "is a directory: the output must name the object file to write");
		return -EISDIR;
	}
	if (OPTS_GET(opts, keep_temp, false)) {
		s->keep_temp_dir = xasprintf("%s/tinybpf-keep-XXXXXX", temp_parent());
		if (!mkdtemp(s->keep_temp_dir)) {
			int err = errno; /* diag_error may change errno */

			diag_error(diags, "cannot create a directory for --keep-temp: %s",
				   strerror(err));
			return -err;
		}
	}
	return 0;
}

void settings_free(struct settings *s)
{
	free(s->sections);
	free(s->keep_temp_dir);
	if (s->config) {
		free_value(s->config->root);
		free(s->config);
	}
	*s = (struct settings){ 0 };
}
