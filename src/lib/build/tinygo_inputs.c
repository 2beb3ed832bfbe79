// SPDX-License-Identifier: MIT
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../internal.h"
#include "tinygo.h"

/*
 * What TinyGo reads, for the build cache (docs/cache.md). TinyGo's output
 * for a package is a function of: TinyGo itself (its executable, and the
 * runtime sources installed beside it), the go command it asks for GOROOT
 * and runs `go list` with (and the standard library installed beside that),
 * its flags, the Go environment, the Go files of the main module, and those
 * of the packages it imports from the directories its go.mod replaces
 * modules with. Dependencies from the
 * module cache are pinned by go.sum. Whatever falls outside that (a
 * workspace, overlays, embedded files, cgo) makes the build uncachable
 * rather than risk a stale object.
 */

static void list_add(struct string_list *l, char *s)
{
	l->items = xrealloc(l->items, l->count + 1, sizeof(*l->items));
	l->items[l->count++] = s;
}

static void list_free(struct string_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i]);
	free(l->items);
}

static bool list_has(const struct string_list *l, const char *s)
{
	for (size_t i = 0; i < l->count; i++)
		if (!strcmp(l->items[i], s))
			return true;
	return false;
}

static void uncachable(struct tinygo_inputs *in, char *why)
{
	if (in->uncachable)
		free(why);
	else
		in->uncachable = why;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* The file execvp() would run for name, as an absolute path; NULL if none. */
static char *resolved_executable(const char *name)
{
	char *found = find_executable(name), *real = found ? realpath(found, NULL) : NULL;

	free(found);
	return real;
}

static char *read_whole(const char *path, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 4096, len = 0;
	char *buf;
	ssize_t n;

	if (fd < 0)
		return NULL;
	buf = xcalloc(cap + 1, 1);
	while ((n = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1, 1);
		}
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*size = len;
	return buf;
}

/* A wrapper script (such as the one scripts/setup.sh installs) names the
 * real TinyGo by absolute path: those paths are part of its identity. */
static bool is_script(const char *path)
{
	char magic[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool script = fd >= 0 && read(fd, magic, 2) == 2 && magic[0] == '#' && magic[1] == '!';

	if (fd >= 0)
		close(fd);
	return script;
}

static void add_script_paths(struct tinygo_inputs *in, const char *path)
{
	size_t size;
	/* Only a script is read whole: TinyGo's own executable is 30 MB, more
	 * than the rest of a cache hit costs. */
	char *text = is_script(path) ? read_whole(path, &size) : NULL, *save = NULL;

	if (text && str_starts_with(text, "#!"))
		for (char *tok = strtok_r(text + 2, " \t\r\n'\"=;:()|&<>`", &save); tok;
		     tok = strtok_r(NULL, " \t\r\n'\"=;:()|&<>`", &save))
			if (tok[0] == '/' && !access(tok, F_OK) && !list_has(&in->tools, tok))
				list_add(&in->tools, xstrdup(tok));
	free(text);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

extern char **environ;

/* Every GO*, CGO_* and TINYGO* variable: go list and TinyGo read many
 * (GOOS, GOARCH, GOAMD64, GOFLAGS, GOEXPERIMENT, GOTOOLCHAIN, TINYGOROOT, ...),
 * and the rest cost at most a rebuild. Sorted: the order of environ is not. */
static void add_environment(struct tinygo_inputs *in)
{
	size_t first = in->facts.count;
	const char *flags = getenv("GOFLAGS"), *work = getenv("GOWORK");

	for (char **var = environ; *var; var++)
		if (str_starts_with(*var, "GO") || str_starts_with(*var, "CGO_") ||
		    str_starts_with(*var, "TINYGO"))
			list_add(&in->facts, xasprintf("env %s", *var));
	qsort(in->facts.items + first, in->facts.count - first, sizeof(char *), by_string);
	if (flags && (strstr(flags, "-overlay") || strstr(flags, "-modfile")))
		uncachable(in, xstrdup("GOFLAGS has -overlay or -modfile, which replace files"));
	if (work && *work && strcmp(work, "off"))
		uncachable(in, xstrdup("GOWORK names a workspace"));
	if (getenv("GO111MODULE") && !strcmp(getenv("GO111MODULE"), "off"))
		uncachable(in, xstrdup("GO111MODULE=off (GOPATH mode)"));
}

/* `go env -w` settings: the file's bytes are in the key, and what cannot be
 * accounted for in it disables the cache as it does in the environment. */
static void add_go_env_file(struct tinygo_inputs *in)
{
	const char *goenv = getenv("GOENV"), *config = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *path = NULL, *text;
	size_t size;

	if (goenv && !strcmp(goenv, "off"))
		return;
	if (goenv && *goenv)
		path = xstrdup(goenv);
	else if (config && *config)
		path = xasprintf("%s/go/env", config);
	else if (home)
		path = xasprintf("%s/.config/go/env", home);
	text = path ? read_whole(path, &size) : NULL;
	if (text) {
		list_add(&in->files, xstrdup(path));
		if (strstr(text, "-overlay") || strstr(text, "-modfile") || strstr(text, "GOWORK="))
			uncachable(in, xasprintf("%s sets -overlay, -modfile or GOWORK", path));
	}
	free(text);
	free(path);
}

/* The nearest directory from dir upward that holds name; NULL if none. */
static char *find_up(const char *dir, const char *name)
{
	char *at = xstrdup(dir);

	for (;;) {
		char *candidate = xasprintf("%s/%s", strcmp(at, "/") ? at : "", name);
		bool found = !access(candidate, F_OK);
		char *slash = strrchr(at, '/');

		free(candidate);
		if (found)
			return at;
		if (!slash || !strcmp(at, "/")) {
			free(at);
			return NULL;
		}
		slash[slash == at] = '\0'; /* "/a" becomes "/" */
	}
}

/* A module path and the directory its packages are in. */
struct module {
	char *path;
	char *dir;
};

struct go_tree {
	struct module *modules; /* [0]: the main module; then local replaces */
	size_t module_count;
	struct string_list seen_dirs; /* packages already scanned for imports */
};

/* go.mod tokens: words, parentheses, "quoted" and `raw` strings; NULL at
 * the line's end. */
static char *go_mod_token(const char **p)
{
	const char *s = *p + strspn(*p, " \t\r"), *end;

	if (!*s || *s == '\n' || str_starts_with(s, "//"))
		return NULL;
	if (*s == '"' || *s == '`') {
		end = strchr(s + 1, *s);
		if (!end)
			return NULL;
		*p = end + 1;
		return strndup(s + 1, (size_t)(end - s - 1));
	}
	end = *s == '(' || *s == ')' ? s + 1 : s + strcspn(s, " \t\r\n()");
	*p = end;
	return strndup(s, (size_t)(end - s));
}

/* modfile.IsDirectoryPath: only these name a directory rather than a module. */
static bool is_directory_path(const char *p)
{
	return str_starts_with(p, "./") || str_starts_with(p, "../") || p[0] == '/' ||
	       !strcmp(p, ".") || !strcmp(p, "..");
}

/* One replace directive's tokens: OLD [VERSION] => NEW [VERSION]. False if
 * they are not one. */
static bool add_replace(struct go_tree *t, struct tinygo_inputs *in, char **tok, size_t n)
{
	size_t arrow = 0;
	char *dir;

	while (arrow < n && strcmp(tok[arrow], "=>"))
		arrow++;
	if (arrow == 0 || arrow + 1 >= n)
		return false;
	if (!is_directory_path(tok[arrow + 1]))
		return true; /* a module from the module cache, pinned by go.sum */
	dir = tok[arrow + 1][0] == '/' ? xstrdup(tok[arrow + 1])
				       : xasprintf("%s/%s", t->modules[0].dir, tok[arrow + 1]);
	t->modules = xrealloc(t->modules, t->module_count + 1, sizeof(*t->modules));
	t->modules[t->module_count] = (struct module){ xstrdup(tok[0]), realpath(dir, NULL) };
	if (!t->modules[t->module_count].dir || !is_dir(t->modules[t->module_count].dir))
		uncachable(in, xasprintf("go.mod replaces %s with %s, which is not a directory",
					 tok[0], tok[arrow + 1]));
	t->module_count++;
	free(dir);
	return true;
}

/* The main module's path and its replace directives that name directories
 * (only the main module's replaces apply). */
static void read_go_mod(struct go_tree *t, struct tinygo_inputs *in)
{
	char *path = xasprintf("%s/go.mod", t->modules[0].dir), *text;
	bool in_block = false;
	size_t size;

	text = read_whole(path, &size);
	for (const char *line = text; line && *line;) {
		char *tok[8];
		size_t n = 0, arrows = 0;
		const char *p = line;
		char *extra = NULL;
		bool replace = false;

		while (n < ARRAY_SIZE(tok) && (tok[n] = go_mod_token(&p)))
			arrows += !!strstr(tok[n++], "=>");
		if (n == 2 && !strcmp(tok[0], "module"))
			t->modules[0].path = xstrdup(tok[1]);
		else if (n == 2 && !strcmp(tok[0], "replace") && !strcmp(tok[1], "("))
			in_block = true;
		else if (in_block && n == 1 && !strcmp(tok[0], ")"))
			in_block = false;
		else if (in_block)
			replace = add_replace(t, in, tok, n);
		else if (n > 1 && !strcmp(tok[0], "replace"))
			replace = add_replace(t, in, tok + 1, n - 1);
		/* A replace this reader does not understand could hide a directory. */
		if (n == ARRAY_SIZE(tok) && (extra = go_mod_token(&p)))
			arrows++;
		free(extra);
		if (arrows != replace)
			uncachable(in, xasprintf("%s: cannot read the line \"%.*s\"", path,
						 (int)strcspn(line, "\n"), line));
		while (n)
			free(tok[--n]);
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	if (!t->modules[0].path)
		uncachable(in, xasprintf("cannot read the module path from %s", path));
	free(text);
	free(path);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* The files the go command compiles or reads for a package's build. */
static bool is_source(const char *name)
{
	static const char *const suffixes[] = { ".go", ".s", ".S", ".c", ".h" };

	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
		if (has_suffix(name, suffixes[i]))
			return true;
	return false;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* A directory's entries the go tool looks at, in name order (readdir's is
 * the filesystem's): not those starting with '.' or '_'. */
static int go_entries(const char *dir, struct dirent ***names)
{
	struct dirent **all;
	int n = scandir(dir, &all, NULL, by_name), kept = 0;

	for (int i = 0; i < n; i++) {
		if (all[i]->d_name[0] == '.' || all[i]->d_name[0] == '_')
			free(all[i]);
		else
			all[kept++] = all[i];
	}
	*names = n < 0 ? NULL : all;
	return n < 0 ? 0 : kept;
}

static bool is_dir_entry(const char *path, const struct dirent *e)
{
	return e->d_type == DT_DIR || ((e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) && is_dir(path));
}

static bool is_file_entry(const char *path, const struct dirent *e)
{
	return e->d_type == DT_REG || ((e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) && is_file(path));
}

/* Every source file below dir, as the go tool sees the tree: not testdata,
 * not nested modules (a directory with its own go.mod). Each tree root and
 * symlinked directory is walked once: symlinks can loop, and a replace can
 * name a directory already walked. */
static void add_tree(struct tinygo_inputs *in, struct string_list *walked, const char *dir,
		     bool once)
{
	struct dirent **names;
	int n;

	if (once) {
		char *real = realpath(dir, NULL);

		if (!real || list_has(walked, real)) {
			free(real);
			return;
		}
		list_add(walked, real);
	}
	n = go_entries(dir, &names);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]->d_name);
		char *mod = xasprintf("%s/go.mod", path);

		if (is_dir_entry(path, names[i])) {
			if (strcmp(names[i]->d_name, "testdata") && access(mod, F_OK))
				add_tree(in, walked, path, names[i]->d_type != DT_DIR);
		} else if (is_source(names[i]->d_name) && is_file_entry(path, names[i])) {
			list_add(&in->files, path);
			path = NULL;
		}
		free(mod);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* A module's go.mod (its go line sets the language version) and go.sum. */
static void add_module_files(struct tinygo_inputs *in, const char *dir)
{
	static const char *const names[] = { "go.mod", "go.sum" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);

		if (is_file(path))
			list_add(&in->files, path);
		else
			free(path);
	}
}

/* ---- the import graph, to find //go:embed and cgo in what is compiled ---- */

struct go_lexer {
	const char *p;
};

static void skip_blank(struct go_lexer *l)
{
	for (;;) {
		l->p += strspn(l->p, " \t\r\n;");
		if (str_starts_with(l->p, "//")) {
			l->p += strcspn(l->p, "\n");
		} else if (str_starts_with(l->p, "/*")) {
			const char *end = strstr(l->p + 2, "*/");

			l->p = end ? end + 2 : l->p + strlen(l->p);
		} else {
			return;
		}
	}
}

static size_t word_len(const char *p)
{
	size_t n = 0;

	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
	       (p[n] >= '0' && p[n] <= '9') || p[n] == '_' || (unsigned char)p[n] >= 0x80)
		n++;
	return n;
}

static bool take_word(struct go_lexer *l, const char *word)
{
	size_t n;

	skip_blank(l);
	n = word_len(l->p);
	if (n != strlen(word) || strncmp(l->p, word, n))
		return false;
	l->p += n;
	return true;
}

/* One import spec: [name | . | _] "path". NULL when there is none. */
static char *import_spec(struct go_lexer *l)
{
	const char *start, *end;

	skip_blank(l);
	if (*l->p == '.' || *l->p == '_')
		l->p++;
	else
		l->p += word_len(l->p);
	skip_blank(l);
	if (*l->p != '"' && *l->p != '`')
		return NULL;
	start = l->p + 1;
	end = strchr(start, *l->p);
	if (!end)
		return NULL;
	l->p = end + 1;
	return strndup(start, (size_t)(end - start));
}

/* Calls found() with each import path of a Go file's header; false if the
 * header is not one this reader understands. */
static bool each_import(const char *source, void (*found)(char *path, void *ctx), void *ctx)
{
	struct go_lexer l = { source };
	char *path;

	if (str_starts_with(l.p, "\xEF\xBB\xBF"))
		l.p += 3;
	if (!take_word(&l, "package"))
		return false;
	skip_blank(&l);
	l.p += word_len(l.p);
	while (take_word(&l, "import")) {
		bool group;

		skip_blank(&l);
		group = *l.p == '(';
		l.p += group;
		for (skip_blank(&l); *l.p && *l.p != ')'; skip_blank(&l)) {
			if (!(path = import_spec(&l)))
				return false;
			found(path, ctx);
			if (!group)
				break;
		}
		if (group && *l.p++ != ')')
			return false;
	}
	return true;
}

/* The local directory an import path names, if one of the modules has it. */
static char *local_package(const struct go_tree *t, const char *import)
{
	const struct module *best = NULL;

	for (size_t i = 0; i < t->module_count; i++) {
		const struct module *m = &t->modules[i];
		size_t n = m->path ? strlen(m->path) : 0;

		if (n && m->dir && !strncmp(import, m->path, n) && (!import[n] || import[n] == '/') &&
		    (!best || n > strlen(best->path)))
			best = m;
	}
	return best ? xasprintf("%s%s", best->dir, import + strlen(best->path)) : NULL;
}

struct package_scan {
	struct go_tree *tree;
	struct tinygo_inputs *in;
	const char *file;
};

static void scan_package(struct go_tree *t, struct tinygo_inputs *in, const char *dir);

static void on_import(char *path, void *ctx)
{
	struct package_scan *s = ctx;
	char *dir = strcmp(path, "C") ? local_package(s->tree, path) : NULL;

	if (!strcmp(path, "C"))
		uncachable(s->in, xasprintf("%s uses cgo, whose headers may lie anywhere", s->file));
	if (dir)
		scan_package(s->tree, s->in, dir);
	free(dir);
	free(path);
}

/* Follows the package's imports through the local modules and puts the
 * files of each imported local package in the key (the main module's are in
 * its tree too); embedded files and cgo's headers are not, so either makes
 * the build uncachable. Test files are not compiled. */
static void scan_package(struct go_tree *t, struct tinygo_inputs *in, const char *dir)
{
	struct dirent **names;
	int n;

	if (list_has(&t->seen_dirs, dir))
		return;
	list_add(&t->seen_dirs, xstrdup(dir));
	n = go_entries(dir, &names);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]->d_name), *text = NULL;
		size_t size;

		if (is_source(names[i]->d_name) && is_file_entry(path, names[i]))
			list_add(&in->files, xstrdup(path));
		if (has_suffix(names[i]->d_name, ".go") && !has_suffix(names[i]->d_name, "_test.go"))
			text = read_whole(path, &size);
		if (text && strstr(text, "//go:embed"))
			uncachable(in, xasprintf("%s embeds files (//go:embed)", path));
		if (text && !each_import(text, on_import, &(struct package_scan){ t, in, path }))
			uncachable(in, xasprintf("%s: cannot read its imports", path));
		free(text);
		free(path);
		free(names[i]);
	}
	free(names);
}

void tinygo_inputs_collect(const char *tinygo, const char *package, struct tinygo_inputs *in)
{
	char *exe = resolved_executable(tinygo), *go = resolved_executable("go");
	char *dir = realpath(package, NULL), *cwd = getcwd(NULL, 0);
	char *root = dir ? find_up(dir, "go.mod") : NULL;
	char *cwd_root = cwd ? find_up(cwd, "go.mod") : NULL;
	char *work = cwd ? find_up(cwd, "go.work") : NULL, *vendor = NULL;
	const char *goroot = getenv("GOROOT");
	struct go_tree tree = { 0 };
	struct string_list walked = { 0 };

	*in = (struct tinygo_inputs){ 0 };
	for (size_t i = 0; i < TINYGO_FLAG_COUNT; i++)
		list_add(&in->facts, xasprintf("flag %s", tinygo_flags[i]));
	add_environment(in);
	add_go_env_file(in);
	if (exe) {
		list_add(&in->tools, xstrdup(exe));
		add_script_paths(in, exe);
	}
	if (go)
		list_add(&in->tools, xstrdup(go));
	if (goroot && *goroot)
		list_add(&in->tools, xasprintf("%s/bin/go", goroot));
	if (!exe || !go)
		uncachable(in, xasprintf("cannot find %s on PATH", exe ? "go" : tinygo));
	/* go build's rule: a path is ".", "..", or starts with "./", "../", "/";
	 * anything else is an import path, resolved by the go command. */
	if (!is_directory_path(package) || strstr(package, "...") || !dir || !is_dir(dir))
		uncachable(in, xasprintf("%s is not a package directory", package));
	else if (!root)
		uncachable(in, xasprintf("%s is in no Go module (no go.mod above it)", package));
	else if (!cwd_root || strcmp(cwd_root, root))
		uncachable(in, xasprintf("%s is not in the module of the working directory", package));
	else if (work && !(getenv("GOWORK") && !strcmp(getenv("GOWORK"), "off")))
		uncachable(in, xasprintf("%s/go.work makes this a workspace build", work));
	else if (is_dir(vendor = xasprintf("%s/vendor", root)))
		uncachable(in, xasprintf("%s: vendored dependencies", vendor));
	if (!in->uncachable) {
		list_add(&in->facts, xasprintf("package %s", dir));
		tree.modules = xcalloc(1, sizeof(*tree.modules));
		tree.modules[0].dir = xstrdup(root);
		tree.module_count = 1;
		read_go_mod(&tree, in);
		/* The main module whole; of a replaced directory, which may be a
		 * big tree (a whole repository), the packages the program imports,
		 * which scan_package adds. */
		add_tree(in, &walked, tree.modules[0].dir, true);
		for (size_t i = 0; i < tree.module_count && !in->uncachable; i++)
			add_module_files(in, tree.modules[i].dir);
		if (!in->uncachable)
			scan_package(&tree, in, dir);
	}
	for (size_t i = 0; i < tree.module_count; i++) {
		free(tree.modules[i].path);
		free(tree.modules[i].dir);
	}
	free(tree.modules);
	list_free(&tree.seen_dirs);
	list_free(&walked);
	free(vendor);
	free(work);
	free(cwd_root);
	free(root);
	free(cwd);
	free(dir);
	free(go);
	free(exe);
}

void tinygo_inputs_free(struct tinygo_inputs *in)
{
	free(in->uncachable);
	list_free(&in->facts);
	list_free(&in->tools);
	list_free(&in->files);
	*in = (struct tinygo_inputs){ 0 };
}
