// SPDX-License-Identifier: MIT
/*
 * tb_verify: load each program of an object into the running kernel on its
 * own (no attach) and say what the verifier made of it.
 *
 * Each program is loaded from a fresh bpf_object with every other program's
 * autoload off, so one rejection does not hide the others' verdicts.
 *
 * A failed load is "refused" (the kernel does not load this program type at
 * all: fentry/lsm under a security policy, a kernel built without it) only
 * when the program itself reached the kernel and libbpf_probe_bpf_prog_type()
 * says the type does not load here; otherwise the verifier ran and judged
 * this program, and it is "rejected". The probe loads a trivial program of
 * the same type, so it separates "this kernel takes no such programs" from
 * "this kernel took a look and said no" without guessing from errno, which
 * both cases share (EPERM, EINVAL). When libbpf failed before it loaded the
 * program (a kfunc or CO-RE relocation it could not resolve, a map the kernel
 * would not create), the object is at fault whatever the type: "rejected".
 *
 * libbpf loads the object's BTF first and goes on without it when the kernel
 * refuses it; the verifier log then has no Go lines. That is reported as a
 * warning instead of passing silently.
 *
 * The kernel annotates the verifier log with the BTF line info as
 * "; <source text> @ <file>:<line>", but prints only the file's base name;
 * the object's .BTF.ext holds the names tinybpf wrote ("bpf/main.go"), and
 * the annotations are rewritten to those.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "check.h"

/* The end of a failing path is what matters; kernels since 6.4 keep the
 * log's tail when it overflows. */
#define VERIFIER_LOG_SIZE (1u << 20)

struct tb_verify_report {
	struct tb_program_verdict *items;
	size_t count;
};

/* libbpf's print callback has no user pointer: a load is single-threaded,
 * so its first warning (the reason a load failed before the verifier ran;
 * later ones only say that it failed) is kept here, and whether the program
 * reached the kernel and whether the kernel refused the object's BTF. */
static char *first_libbpf_warning;
static bool libbpf_loaded_program, libbpf_dropped_btf;
static char *libbpf_btf_warning;

static int keep_libbpf_warning(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *msg, *text;

	if (level != LIBBPF_WARN || vasprintf(&msg, fmt, ap) < 0)
		return 0;
	msg[strcspn(msg, "\n")] = '\0';
	text = str_starts_with(msg, "libbpf: ") ? msg + 8 : msg;
	/* libbpf: "prog '%s': BPF program load failed: %s" once the kernel
	 * had the program; "Error loading .BTF into kernel: %d. BTF is
	 * optional, ignoring." when it goes on without the BTF. */
	if (strstr(text, "BPF program load failed"))
		libbpf_loaded_program = true;
	if (str_starts_with(text, "Error loading .BTF into kernel")) {
		libbpf_dropped_btf = true;
		if (!libbpf_btf_warning)
			libbpf_btf_warning = xstrdup(text);
	} else if (!first_libbpf_warning) {
		first_libbpf_warning = xstrdup(text);
	}
	free(msg);
	return 0;
}

/* libbpf's words for an object it could not prepare, with what they mean in
 * Go where they name a declaration. */
static char *object_error(const char *warning)
{
	char name[128], go[128] = "bpfKfunc";
	size_t n = strlen(go);
	bool up = true;
	char *text;

	if (sscanf(warning, "extern (func ksym) '%127[^']': func_proto", name) != 1 &&
	    sscanf(warning, "extern (func ksym) '%127[^']': not found", name) != 1)
		return xasprintf("libbpf could not prepare the object: %s", warning);
	/* The Go name tinybpf reads as this kfunc (docs/kfuncs.md):
	 * bpf_task_from_pid is bpfKfuncBpfTaskFromPid. */
	for (const char *p = name; *p && n + 1 < sizeof(go); p++) {
		if (*p == '_') {
			up = true;
			continue;
		}
		go[n++] = up ? (char)toupper((unsigned char)*p) : *p;
		up = false;
	}
	go[n] = '\0';
	text = xasprintf("libbpf could not prepare the object: %s; the kfunc %s (declared in Go "
			 "as %s, or with //go:extern %s) %s",
			 warning, name, go, name,
			 strstr(warning, "not found") ? "is not in this kernel"
						      : "has another prototype in this kernel");
	return text;
}

/* ---- .BTF.ext line info: the file names the programs' lines come from ---- */

struct btf_ext_header { /* as in the kernel's Documentation/bpf/btf.rst */
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
};

struct source_files {
	char **names;
	size_t count;
};

static void add_source_file(struct source_files *files, const char *name)
{
	for (size_t i = 0; i < files->count; i++)
		if (!strcmp(files->names[i], name))
			return;
	files->names = xrealloc(files->names, files->count + 1, sizeof(*files->names));
	files->names[files->count++] = xstrdup(name);
}

static void add_line_info_files(const uint8_t *ext, size_t size, const struct btf *btf,
			       struct source_files *files)
{
	struct btf_ext_header hdr;
	const uint8_t *info, *end;
	uint32_t record_size;

	if (size < sizeof(hdr))
		return;
	memcpy(&hdr, ext, sizeof(hdr));
	if (hdr.magic != 0xeB9F || hdr.hdr_len + (uint64_t)hdr.line_info_off + hdr.line_info_len > size ||
	    hdr.line_info_len < sizeof(record_size))
		return;
	info = ext + hdr.hdr_len + hdr.line_info_off;
	end = info + hdr.line_info_len;
	memcpy(&record_size, info, sizeof(record_size));
	if (record_size < 4 * sizeof(uint32_t))
		return;
	/* Blocks of { section name, count, count × { insn_off, file_name_off, line_off, line_col } }. */
	for (const uint8_t *p = info + sizeof(uint32_t); p + 2 * sizeof(uint32_t) <= end;) {
		uint32_t count;

		memcpy(&count, p + sizeof(uint32_t), sizeof(count));
		p += 2 * sizeof(uint32_t);
		for (uint32_t i = 0; i < count && p + record_size <= end; i++, p += record_size) {
			uint32_t name_off;
			const char *name;

			memcpy(&name_off, p + sizeof(uint32_t), sizeof(name_off));
			name = btf__name_by_offset(btf, name_off);
			if (name && *name)
				add_source_file(files, name);
		}
	}
}

/* The file names of the object's BTF line info. (libbpf 1.1 declares but
 * does not export btf_ext__raw_data: the section is read with libelf.) */
static void read_source_files(const char *path, struct source_files *files)
{
	struct btf *btf = btf__parse_elf(path, NULL);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf = NULL;
	Elf_Data *ext;

	if (btf && fd >= 0 && elf_version(EV_CURRENT) != EV_NONE &&
	    (elf = elf_begin(fd, ELF_C_READ_MMAP, NULL)) && (ext = elf_section_data(elf, ".BTF.ext")))
		add_line_info_files(ext->d_buf, ext->d_size, btf, files);
	elf_end(elf);
	if (fd >= 0)
		close(fd);
	btf__free(btf);
}

static void free_source_files(struct source_files *files)
{
	for (size_t i = 0; i < files->count; i++)
		free(files->names[i]);
	free(files->names);
}

/* The object's name for a file the kernel shows by its base name, if only
 * one of the object's files has that base name. */
static const char *full_source_name(const struct source_files *files, const char *shown, size_t len)
{
	const char *found = NULL;

	for (size_t i = 0; i < files->count; i++) {
		const char *name = files->names[i];
		size_t n = strlen(name);

		if (n == len && !memcmp(name, shown, len))
			return name;
		if (n > len && name[n - len - 1] == '/' && !memcmp(name + n - len, shown, len)) {
			if (found)
				return NULL;
			found = name;
		}
	}
	return found;
}

/* ---- the verifier log ---- */

/* "; <text> @ <file>:<line>": where the file starts, or NULL. */
static const char *annotation_file(const char *line, size_t len, size_t *file_len, unsigned *number)
{
	const char *at = NULL, *colon = NULL;

	if (len < 2 || line[0] != ';')
		return NULL;
	for (const char *p = line; p + 3 <= line + len; p++)
		if (!memcmp(p, " @ ", 3))
			at = p + 3;
	if (!at)
		return NULL;
	for (const char *p = at; p < line + len; p++)
		if (*p == ':')
			colon = p;
	if (!colon || sscanf(colon + 1, "%u", number) != 1)
		return NULL;
	*file_len = (size_t)(colon - at);
	return at;
}

/* Copies the log with each annotation naming the object's source file, and
 * finds the verifier's complaint (the last line before "processed N insns")
 * and the Go line of the last annotated instruction. */
static void read_verifier_log(const char *log, const struct source_files *files,
			      struct tb_program_verdict *v)
{
	size_t out_len = 0;
	char *out = xcalloc(1, 1);
	const char *complaint = NULL, *last = NULL;
	int complaint_len = 0, last_len = 0;

	for (const char *line = log; *line;) {
		int len = (int)strcspn(line, "\n");
		size_t file_len;
		unsigned number;
		const char *file = annotation_file(line, (size_t)len, &file_len, &number);
		const char *full = file ? full_source_name(files, file, file_len) : NULL;
		char *copy;

		if (file) {
			free((char *)v->file);
			v->file = full ? xstrdup(full) : xasprintf("%.*s", (int)file_len, file);
			v->line = number;
		}
		if (str_starts_with(line, "processed ") && !complaint) {
			complaint = last;
			complaint_len = last_len;
		} else if (len) {
			last = line;
			last_len = len;
		}
		if (full)
			copy = xasprintf("%.*s%s%.*s\n", (int)(file - line), line, full,
					 (int)(line + len - (file + file_len)), file + file_len);
		else
			copy = xasprintf("%.*s\n", len, line);
		out = xrealloc(out, out_len + strlen(copy) + 1, 1);
		strcpy(out + out_len, copy);
		out_len += strlen(copy);
		free(copy);
		line += len + (line[len] == '\n');
	}
	v->log = out;
	if (!complaint) {
		complaint = last;
		complaint_len = last_len;
	}
	if (complaint)
		v->message = xasprintf("%.*s", complaint_len, complaint);
}

/* ---- loading ---- */

/*
 * Whether the verifier's log shows it walking this program's instructions
 * ("12: (61) r1 = *(u32 *)(r6 +0)"): then the kernel loads the type and
 * judged the program, whatever the probe of the type says. The probe loads an
 * fentry program for every tracing program, and a kernel may refuse fentry
 * (EPERM on the test host) yet load tp_btf, which is of the same type.
 */
static bool verifier_walked(const char *log)
{
	for (const char *line = log; *line;) {
		const char *p = line;

		while (isdigit((unsigned char)*p))
			p++;
		if (p > line && p[0] == ':' && p[1] == ' ' && p[2] == '(')
			return true;
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	return false;
}

static bool kernel_loads_type(enum bpf_prog_type type)
{
	return libbpf_probe_bpf_prog_type(type, NULL) == 1;
}

/*
 * Sections tinybpf accepts (sections.c) that the linked libbpf (1.4) does not
 * know: it leaves their programs without a type, and the load would fail in
 * libbpf, not in the kernel. Their type is libbpf's own for the name in later
 * versions; the attach type's value is read from this kernel's BTF (enum
 * bpf_attach_type): a kernel without that enumerator has no such programs.
 */
static const struct {
	const char *prefix;
	enum bpf_prog_type type;
	const char *attach; /* enumerator of enum bpf_attach_type */
	bool sleepable;
} newer_sections[] = {
	{ "kprobe.session", BPF_PROG_TYPE_KPROBE, "BPF_TRACE_KPROBE_SESSION", false },
	{ "uprobe.session.s", BPF_PROG_TYPE_KPROBE, "BPF_TRACE_UPROBE_SESSION", true },
	{ "uprobe.session", BPF_PROG_TYPE_KPROBE, "BPF_TRACE_UPROBE_SESSION", false },
};

static int kernel_enum_value(const char *enumerator)
{
	struct btf *btf = btf__load_vmlinux_btf();
	int value = -1;

	for (__u32 id = 1; btf && value < 0 && id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_enum *e;

		if (!btf_is_enum(t))
			continue;
		e = btf_enum(t);
		for (int i = 0; i < btf_vlen(t); i++)
			if (!strcmp(btf__name_by_offset(btf, e[i].name_off), enumerator))
				value = (int)e[i].val;
	}
	btf__free(btf);
	return value;
}

/* Gives a program of such a section its type; false if it is none of them.
 * *unknown is set when this kernel has no such attach type. */
static bool type_from_section(struct bpf_program *prog, bool *unknown)
{
	const char *section = bpf_program__section_name(prog);

	*unknown = false;
	if (bpf_program__type(prog) != BPF_PROG_TYPE_UNSPEC)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(newer_sections); i++) {
		size_t n = strlen(newer_sections[i].prefix);
		int attach;

		if (strncmp(section, newer_sections[i].prefix, n) ||
		    (section[n] && section[n] != '/'))
			continue;
		bpf_program__set_type(prog, newer_sections[i].type);
		attach = kernel_enum_value(newer_sections[i].attach);
		if (attach < 0)
			*unknown = true;
		else
			bpf_program__set_expected_attach_type(prog, (enum bpf_attach_type)attach);
		if (newer_sections[i].sleepable)
			bpf_program__set_flags(prog, bpf_program__flags(prog) | BPF_F_SLEEPABLE);
		return true;
	}
	return false;
}

/* Loads v's program of the object at `path` and nothing else. */
static void load_alone(const char *path, enum bpf_prog_type type, const struct source_files *files,
		       struct tb_program_verdict *v)
{
	char *log = xcalloc(VERIFIER_LOG_SIZE, 1);
	struct bpf_program *prog, *target = NULL;
	struct bpf_object *obj;
	int err;

	free(first_libbpf_warning);
	first_libbpf_warning = NULL;
	libbpf_loaded_program = false;
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		err = -errno;
		goto failed;
	}
	bpf_object__for_each_program(prog, obj) {
		bool this = !strcmp(bpf_program__name(prog), v->name), unknown;

		bpf_program__set_autoload(prog, this);
		if (this)
			target = prog;
		if (this && type_from_section(prog, &unknown) && unknown) {
			/* The kernel lacks the attach type: it loads no such program. */
			v->verdict = TB_REFUSED;
			v->message = xasprintf("this kernel has no attach type for section %s",
					       bpf_program__section_name(prog));
			goto out;
		}
	}
	/* Log level 0: libbpf asks for the log only when the load fails. */
	bpf_program__set_log_buf(target, log, VERIFIER_LOG_SIZE);
	err = bpf_object__load(obj);
	if (!err) {
		v->verdict = TB_ACCEPTED;
		v->instructions = (unsigned)bpf_program__insn_cnt(target);
		goto out;
	}
failed:
	if (!libbpf_loaded_program) {
		/* The program never reached the kernel: the object is at fault. */
		v->verdict = TB_REJECTED;
		v->message = first_libbpf_warning ? object_error(first_libbpf_warning)
						 : xasprintf("the load failed: %s", strerror(-err));
		goto out;
	}
	v->verdict = verifier_walked(log) || kernel_loads_type(type) ? TB_REJECTED : TB_REFUSED;
	if (v->verdict == TB_REJECTED && *log)
		read_verifier_log(log, files, v);
	if (!v->message)
		v->message = first_libbpf_warning ? xstrdup(first_libbpf_warning)
						 : xasprintf("the load failed: %s", strerror(-err));
out:
	bpf_object__close(obj);
	free(log);
}

/* ---- reading someone else's object safely ---- */

/* Objects of BPF programs are kilobytes to a few megabytes. */
#define MAX_OBJECT_SIZE (256ull << 20)

static void warn_dropped_btf(const char *path, struct bpf_object *obj, struct tb_diags *diags);

int verify_read_object(const char *path, struct tb_diags *diags)
{
	struct source_files files = { 0 };
	libbpf_print_fn_t previous = libbpf_set_print(keep_libbpf_warning);
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	size_t names = 0;

	if (obj) {
		bpf_object__for_each_program(prog, obj) {
			names += strlen(bpf_program__name(prog));
			names += strlen(bpf_program__section_name(prog));
		}
		warn_dropped_btf(path, obj, diags);
		read_source_files(path, &files);
		for (size_t i = 0; i < files.count; i++)
			names += strlen(files.names[i]);
	}
	bpf_object__close(obj);
	free_source_files(&files);
	libbpf_set_print(previous);
	free(first_libbpf_warning);
	first_libbpf_warning = NULL;
	(void)names; /* read, so that a bad name would crash here */
	return 0;
}

/* In a child: what the parent will do to the object before loading it. */
static int open_in_child(void *arg, struct tb_diags *diags)
{
	(void)diags; /* the parent reports what it finds, once */
	return verify_read_object(arg, NULL);
}

/*
 * A malformed object has crashed libbpf while it opened it (a mutated .BTF,
 * with libbpf 1.1): it is opened first in a child process (isolate.c), and
 * only one that survives that is opened here. It must be a regular file of a
 * sane size: /dev/zero was read until memory ran out.
 */
static int check_object(const char *path, struct tb_diags *diags)
{
	struct isolate_opts iso = {
		.what = "cannot open it as a BPF object",
		.file = path,
		.crasher = "libbpf",
		.run = open_in_child,
		.arg = (void *)path,
		.cpu_seconds = 60,
	};
	int fd = open_bounded(path, MAX_OBJECT_SIZE, "cannot open it as a BPF object", diags);

	if (fd < 0)
		return fd;
	close(fd);
	return isolate(&iso, diags);
}

/* Whether the ELF object at path has a section of that name, and with
 * parses, whether parses() accepts its contents. */
static bool has_section(const char *path, const char *name, bool (*parses)(Elf_Data *),
			bool *parsed)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf = NULL;
	Elf_Data *data = NULL;

	if (fd >= 0 && elf_version(EV_CURRENT) != EV_NONE &&
	    (elf = elf_begin(fd, ELF_C_READ_MMAP, NULL)))
		data = elf_section_data(elf, name);
	if (data && parses)
		*parsed = parses(data);
	elf_end(elf);
	if (fd >= 0)
		close(fd);
	return data != NULL;
}

static bool btf_ext_parses(Elf_Data *data)
{
	struct btf_ext *ext = btf_ext__new(data->d_buf, (uint32_t)data->d_size);

	if (libbpf_get_error(ext))
		return false;
	btf_ext__free(ext);
	return true;
}

/*
 * libbpf drops BTF it cannot parse when the object does not need it ("BTF is
 * optional, ignoring"), and .BTF.ext the same way ("Ignored and continue"):
 * the verdicts are then those of the object without them, which verify must
 * not present as the object's own.
 */
static void warn_dropped_btf(const char *path, struct bpf_object *obj, struct tb_diags *diags)
{
	bool ext_parses = true;

	if (has_section(path, ".BTF", NULL, NULL) && !bpf_object__btf(obj)) {
		diag_add(diags, TB_WARNING, path, 0, 0,
			 "libbpf dropped the object's BTF, which it cannot parse (%s); the "
			 "verdicts below are for the object without BTF",
			 first_libbpf_warning ? first_libbpf_warning : "no reason given");
		return;
	}
	if (bpf_object__btf(obj) && has_section(path, ".BTF.ext", btf_ext_parses, &ext_parses) &&
	    !ext_parses)
		diag_add(diags, TB_WARNING, path, 0, 0,
			 "libbpf dropped the object's .BTF.ext, which it cannot parse: the "
			 "verdicts below are for the object without line and function info");
}

int tb_verify(const struct tb_verify_opts *opts, struct tb_verify_report **report,
	      struct tb_diags *diags)
{
	const char *path = OPTS_GET(opts, object, NULL);
	libbpf_print_fn_t previous = libbpf_set_print(keep_libbpf_warning);
	struct source_files files = { 0 };
	struct tb_verify_report *r = NULL;
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	int err = 0;

	if (!path) {
		diag_error(diags, "no object to verify");
		err = -EINVAL;
		goto out;
	}
	err = check_object(path, diags);
	if (err)
		goto out;
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		err = -errno;
		diag_add(diags, TB_ERROR, path, 0, 0, "cannot open it as a BPF object: %s",
			 first_libbpf_warning ? first_libbpf_warning : strerror(-err));
		goto out;
	}
	warn_dropped_btf(path, obj, diags);
	/* Without this, every program would look refused. */
	if (!kernel_loads_type(BPF_PROG_TYPE_SOCKET_FILTER)) {
		diag_error(diags, "this process may not load BPF programs: run as root, or with "
				  "CAP_BPF and CAP_PERFMON (tinybpf doctor checks this)");
		err = -EPERM;
		goto out;
	}
	read_source_files(path, &files);
	r = xcalloc(1, sizeof(*r));
	bpf_object__for_each_program(prog, obj) {
		struct tb_program_verdict *v;
		bool unknown;

		r->items = xrealloc(r->items, r->count + 1, sizeof(*r->items));
		v = &r->items[r->count++];
		type_from_section(prog, &unknown); /* for the type shown */
		*v = (struct tb_program_verdict){
			.name = xstrdup(bpf_program__name(prog)),
			.section = xstrdup(bpf_program__section_name(prog)),
			.type = libbpf_bpf_prog_type_str(bpf_program__type(prog)),
		};
		if (!v->type)
			v->type = "unknown";
		load_alone(path, bpf_program__type(prog), &files, v);
	}
	if (libbpf_dropped_btf)
		diag_add(diags, TB_WARNING, path, 0, 0,
			 "this kernel refused the object's BTF and libbpf loaded the programs "
			 "without it (libbpf: %s): verifier messages name no Go lines, and "
			 "programs that need BTF (kfuncs, CO-RE) fail",
			 libbpf_btf_warning);
out:
	bpf_object__close(obj);
	free_source_files(&files);
	libbpf_set_print(previous);
	free(first_libbpf_warning);
	first_libbpf_warning = NULL;
	free(libbpf_btf_warning);
	libbpf_btf_warning = NULL;
	libbpf_dropped_btf = false;
	*report = r;
	return err;
}

size_t tb_verify_report_count(const struct tb_verify_report *report)
{
	return report ? report->count : 0;
}

const struct tb_program_verdict *tb_verify_report_at(const struct tb_verify_report *report,
						      size_t index)
{
	return index < tb_verify_report_count(report) ? &report->items[index] : NULL;
}

void tb_verify_report_free(struct tb_verify_report *report)
{
	if (!report)
		return;
	for (size_t i = 0; i < report->count; i++) {
		struct tb_program_verdict *v = &report->items[i];

		free((char *)v->name);
		free((char *)v->section);
		free((char *)v->message);
		free((char *)v->file);
		free((char *)v->log);
	}
	free(report->items);
	free(report);
}
