// SPDX-License-Identifier: MIT
/*
 * tb_generate: options and defaults, then the model (generate_model.c) goes
 * to a printer, whose text is written to a temporary file beside the output
 * and renamed into place, so a failure never leaves a partial loader.
 */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "generate.h"
#include "../internal.h"

/* "dir/tracepoint-openat.bpf.o" -> "tracepoint-openat". */
static char *object_stem(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *stem = xstrdup(slash ? slash + 1 : path);
	static const char *const suffixes[] = { ".o", ".bpf" };

	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		size_t n = strlen(stem), k = strlen(suffixes[i]);

		if (n > k && !strcmp(stem + n - k, suffixes[i]))
			stem[n - k] = '\0';
	}
	return stem;
}

static char *directory_of(const char *path)
{
	char *copy = xstrdup(path);
	char *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

static char *default_output(const char *object, enum tb_generate_lang lang)
{
	char *dir = directory_of(object), *stem = object_stem(object);
	char *out = xasprintf("%s/%s%s", dir, stem, lang == TB_GENERATE_C ? ".skel.h" : "_bpf.go");

	free(dir);
	free(stem);
	return out;
}

static char *c_skeleton_name(const char *object)
{
	char *stem = object_stem(object);
	char *name = xasprintf("%s%s", isdigit((unsigned char)stem[0]) ? "_" : "", stem);

	for (char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
	free(stem);
	return name;
}

/* bpf2go's identifier stem, by default from the object's name and
 * unexported: "tracepoint-openat.bpf.o" -> "tracepointOpenat". */
static char *default_ident(const char *object)
{
	char *stem = object_stem(object);
	char *id = gen_go_default_ident(stem);

	free(stem);
	return id;
}

/* The Go package a file in the output's directory belongs to: $GOPACKAGE
 * under go generate (bpf2go's rule), else named after the directory. */
static char *default_package(const char *output, struct tb_diags *diags)
{
	char *dir = directory_of(output);
	char resolved[PATH_MAX];
	const char *base;
	char *package = NULL;

	if (getenv("GOPACKAGE") && *getenv("GOPACKAGE")) {
		free(dir);
		return xstrdup(getenv("GOPACKAGE"));
	}
	if (!realpath(dir, resolved)) {
		diag_error(diags, "%s: %s (the package is named after the output's directory); pass "
				  "--package NAME, or make the directory first",
			   dir, strerror(errno));
		free(dir);
		return NULL;
	}
	base = strrchr(resolved, '/') ? strrchr(resolved, '/') + 1 : resolved;
	if (gen_is_go_identifier(base))
		package = xstrdup(base);
	else
		diag_error(diags, "directory %s is no Go package name: pass --package NAME", base);
	free(dir);
	return package;
}

static bool same_directory(const char *a, const char *b)
{
	char *da = directory_of(a), *db = directory_of(b);
	char ra[PATH_MAX], rb[PATH_MAX];
	bool same = realpath(da, ra) && realpath(db, rb) && !strcmp(ra, rb);

	free(da);
	free(db);
	return same;
}

/* //go:embed reaches only files in the package's directory, named plainly. */
static char *embed_name(const struct tb_generate_options *opts, const char *output,
			struct tb_diags *diags)
{
	const char *slash = strrchr(opts->object, '/');
	const char *name = slash ? slash + 1 : opts->object;

	if (OPTS_GET(opts, no_embed, false))
		return NULL;
	if (!same_directory(opts->object, output) || strspn(name, "abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(name)) {
		diag_note(diags,
			  "%s is not beside %s, so the loader cannot //go:embed it and loads it "
			  "from a path only (…ObjectsFromFile); --no-embed says this is intended",
			  opts->object, output);
		return NULL;
	}
	return xstrdup(name);
}

/* Through a temporary file and a rename, or in place for /dev/stdout and the
 * like (tempfiles.c). */
static int write_atomically(const char *output, const char *text, size_t len,
			    struct tb_diags *diags)
{
	int err = write_file_atomically(output, text, len, false);

	if (err)
		diag_error(diags, "cannot write %s: %s", output, strerror(-err));
	return err;
}

static int render(const struct tb_generate_options *opts, const struct gen_model *m,
		  const char *output, FILE *out, struct tb_diags *diags)
{
	const char *prefix = OPTS_GET(opts, prefix, NULL);
	struct gen_go_options go = { 0 };
	char *skeleton, *package, *ident;
	int err;

	if (OPTS_GET(opts, lang, TB_GENERATE_GO) == TB_GENERATE_C) {
		skeleton = prefix ? xstrdup(prefix) : c_skeleton_name(opts->object);
		if (!gen_is_go_identifier(skeleton)) {
			diag_error(diags, "skeleton name %s is not a C identifier", skeleton);
			free(skeleton);
			return -EINVAL;
		}
		gen_write_c(m, skeleton, out);
		free(skeleton);
		return 0;
	}
	ident = prefix ? xstrdup(prefix) : default_ident(opts->object);
	if (!gen_is_go_identifier(ident)) {
		if (prefix)
			diag_error(diags, "--ident '%s' is not a Go identifier", ident);
		else
			diag_error(diags, "%s gives no Go identifier ('%s'): pass --ident NAME",
				   opts->object, ident);
		free(ident);
		return -EINVAL;
	}
	go.prefix = ident;
	package = OPTS_GET(opts, package, NULL) ? xstrdup(opts->package)
						: default_package(output, diags);
	if (!package) {
		free(ident);
		return -EINVAL;
	}
	if (!gen_is_go_identifier(package)) {
		diag_error(diags, "package %s is not a Go identifier", package);
		free(package);
		free(ident);
		return -EINVAL;
	}
	go.package = package;
	go.embed = embed_name(opts, output, diags);
	err = gen_write_go(m, &go, out, diags);
	free((char *)go.embed);
	free(package);
	free(ident);
	return err;
}

static int generate(const struct tb_generate_options *opts, struct tb_diags *diags)
{
	struct gen_model m;
	char *output, *text = NULL;
	size_t len = 0;
	FILE *out;
	int err;

	/* tb_generate has checked that there is an object. */
	output = OPTS_GET(opts, output, NULL)
			 ? xstrdup(opts->output)
			 : default_output(opts->object, OPTS_GET(opts, lang, TB_GENERATE_GO));
	err = gen_model_load(&m, opts->object, OPTS_GET(opts, types, NULL),
			     OPTS_GET(opts, type_count, 0), diags);
	out = open_memstream(&text, &len);
	if (!out)
		err = err ? err : -errno;
	if (!err)
		err = render(opts, &m, output, out, diags);
	if (out)
		fclose(out);
	if (!err)
		err = write_atomically(output, text, len, diags);
	gen_model_free(&m);
	free(text);
	free(output);
	return err;
}

static int generate_in_child(void *opts, struct tb_diags *diags)
{
	return generate(opts, diags);
}

/*
 * The object is someone else's: libbpf reads its ELF and BTF, and so does
 * the model. A malformed one has crashed libbpf (a mutated .BTF, with libbpf
 * 1.1), so the whole of generate runs in a child process (isolate.c), which
 * writes the output; its diagnostics come back.
 */
int tb_generate(const struct tb_generate_options *opts, struct tb_diags *diags)
{
	struct isolate_opts iso = {
		.what = "cannot generate a loader",
		.crasher = "reading the object (libbpf, ELF and BTF)",
		.run = generate_in_child,
		.arg = (void *)opts,
		.cpu_seconds = 120,
	};

	if (!opts || !opts->object) {
		diag_error(diags, "no object to generate a loader for");
		return -EINVAL;
	}
	iso.file = opts->object;
	return isolate(&iso, diags);
}
