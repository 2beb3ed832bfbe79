// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <gelf.h>
#include <llvm-c/Core.h>

#include "internal.h"

/* Out of memory is not a condition a compiler can report usefully. */
static void *check_alloc(void *p)
{
	if (!p) {
		fputs("tinybpf: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	return check_alloc(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n, size_t size)
{
	return check_alloc(reallocarray(p, n ? n : 1, size ? size : 1));
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return check_alloc(s);
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

char *value_name(LLVMValueRef v)
{
	size_t len;
	const char *name = LLVMGetValueName2(v, &len);

	return check_alloc(strndup(name, len));
}

bool is_user_go_name(const char *go_name)
{
	const char *slash = strchr(go_name, '/');
	const char *dot = strchr(go_name, '.');

	/* "main.x", or "github.com/a/b.x": the runtime and standard library
	 * ("runtime.x", "internal/task.x") have no dot before the first slash. */
	return str_starts_with(go_name, "main.") || (slash && dot && dot < slash);
}

char *go_name_to_c(const char *go_name)
{
	const char *start = str_starts_with(go_name, "main.") ? go_name + 5 : go_name;
	char *name = xasprintf("%s%s", isdigit((unsigned char)*start) ? "_" : "", start);

	for (char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
	return name;
}

Elf_Scn *elf_section(Elf *elf, const char *section)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr shdr;
		const char *name;

		if (!gelf_getshdr(scn, &shdr))
			continue;
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (name && !strcmp(name, section))
			return scn;
	}
	return NULL;
}

Elf_Data *elf_section_data(Elf *elf, const char *section)
{
	Elf_Scn *scn = elf_section(elf, section);

	return scn ? elf_getdata(scn, NULL) : NULL;
}

char *find_executable(const char *command)
{
	const char *path = getenv("PATH");
	struct stat st;

	if (strchr(command, '/'))
		return access(command, X_OK) ? NULL : xstrdup(command);
	for (const char *dir = path ? path : "/bin:/usr/bin";; dir++) {
		size_t len = strcspn(dir, ":");
		/* an empty entry is the current directory, as for execvp(3) */
		char *candidate = len ? xasprintf("%.*s/%s", (int)len, dir, command) : xasprintf("./%s", command);

		if (!stat(candidate, &st) && S_ISREG(st.st_mode) && !access(candidate, X_OK))
			return candidate;
		free(candidate);
		dir += len;
		if (!*dir)
			return NULL;
	}
}

const char *tb_version(void)
{
	return TB_VERSION;
}

const char *tb_llvm_version(void)
{
	static char version[32];
	unsigned major, minor, patch;

	LLVMGetVersion(&major, &minor, &patch);
	snprintf(version, sizeof(version), "%u.%u.%u", major, minor, patch);
	return version;
}

/* Creates the output's directory; like go build -o, users expect that. */
int make_parent_dirs(const char *path)
{
	char *copy = xstrdup(path);
	char *dir = dirname(copy);
	int err = 0;

	if (strcmp(dir, ".") && strcmp(dir, "/") && access(dir, F_OK)) {
		err = make_parent_dirs(dir);
		if (!err && mkdir(dir, 0777) && errno != EEXIST)
			err = -errno;
	}
	free(copy);
	return err;
}

/* libbpf's print callback has no user pointer: the diagnostics and prefix of
 * the one capture under way (libbpf is called from one thread). */
static struct {
	struct tb_diags *diags;
	const char *prefix;
	libbpf_print_fn_t previous;
} libbpf_capture;

static int capture_libbpf_warning(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg;

	if (level != LIBBPF_WARN || !libbpf_capture.diags || vasprintf(&msg, fmt, ap) < 0)
		return 0;
	msg[strcspn(msg, "\n")] = '\0';
	diag_error(libbpf_capture.diags, "%s: %s", libbpf_capture.prefix, msg);
	free(msg);
	return 0;
}

void libbpf_warnings_begin(struct tb_diags *diags, const char *prefix)
{
	libbpf_capture.diags = diags;
	libbpf_capture.prefix = prefix;
	libbpf_capture.previous = libbpf_set_print(capture_libbpf_warning);
}

void libbpf_warnings_end(void)
{
	libbpf_set_print(libbpf_capture.previous);
	libbpf_capture.diags = NULL;
}
