// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Linker.h>

#include "link.h"
#include "../llvm_shim.h"

/*
 * Inputs: textual IR (.ll), bitcode (.bc), ELF objects carrying bitcode in a
 * .llvmbc section (clang -fembed-bitcode), and ar archives of any of these.
 * Each file or archive member is a unit; all units are linked into one
 * module, in order.
 *
 * With jobs > 1, threads parse the textual units, the slow part (≈30 ms for
 * one TinyGo module, against ≈9 ms for the same module as bitcode), each in
 * its own LLVMContext, and hand them over as bitcode: modules can only be
 * linked within one context, and bitcode is the cheap way between two.
 */

/* Inputs are refused above this size before they are read: TinyGo's IR of a
 * large BPF program is a few MB. */
#define MAX_INPUT_SIZE (512ull << 20)

struct unit {
	char *name; /* for messages: the path, or "archive(member)" */
	char *data;
	size_t size;
	/* Set by a worker for a textual unit: the module as bitcode, or the
	 * parser's message. */
	LLVMMemoryBufferRef bitcode;
	char *error;
};

struct units {
	struct unit *items;
	size_t count;
};

static bool is_bitcode(const char *p, size_t n)
{
	static const unsigned char raw[] = { 'B', 'C', 0xc0, 0xde };
	static const unsigned char wrapper[] = { 0xde, 0xc0, 0x17, 0x0b };

	return n >= 4 && (!memcmp(p, raw, 4) || !memcmp(p, wrapper, 4));
}

static void add_unit(struct units *u, const char *name, const void *data, size_t size)
{
	struct unit *unit;

	u->items = xrealloc(u->items, u->count + 1, sizeof(*u->items));
	unit = &u->items[u->count++];
	*unit = (struct unit){ .name = xstrdup(name), .data = xcalloc(1, size), .size = size };
	memcpy(unit->data, data, size);
}

static void free_units(struct units *u)
{
	for (size_t i = 0; i < u->count; i++) {
		free(u->items[i].name);
		free(u->items[i].data);
		free(u->items[i].error);
		if (u->items[i].bitcode)
			LLVMDisposeMemoryBuffer(u->items[i].bitcode);
	}
	free(u->items);
}

/* The verifier's complaint as one line: "Only PHI nodes may reference their
 * own value! (%x = add i32 %x, 2)". */
static char *one_line(const char *text)
{
	size_t first = strcspn(text, "\n"), len = strlen(text);
	const char *second = text + first + (first < len);
	size_t second_len = strcspn(second, "\n");

	while (*second == ' ' && second_len) {
		second++;
		second_len--;
	}
	if (!second_len)
		return xasprintf("%.*s", (int)first, text);
	return xasprintf("%.*s (%.*s)", (int)first, text, (int)second_len, second);
}

/* Parses IR or bitcode held in memory into ctx; *msg gets the message on
 * failure. Bitcode must have passed check_bitcode() (or be our own): LLVM's
 * bitcode reader crashes on malformed input. Textual IR is verified. */
static LLVMModuleRef parse(LLVMContextRef ctx, const char *data, size_t size, const char *name,
			   char **msg)
{
	LLVMModuleRef mod = NULL;
	char *text = NULL, *pruned;
	size_t pruned_size;
	int invalid;

	*msg = NULL;
	if (is_bitcode(data, size)) {
		LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(data, size, name);

		if (LLVMParseBitcodeInContext2(ctx, buf, &mod))
			*msg = xstrdup("not valid LLVM bitcode");
		LLVMDisposeMemoryBuffer(buf);
		return mod;
	}
	/* Without the dead debug info (prune.c): a fraction of the text. Should
	 * the pruned text fail, the original is parsed, which also gives every
	 * message about bad input as it reads in the file. */
	pruned = prune_dead_debug_globals(data, size, &pruned_size);
	if (pruned) {
		mod = parse_ir_verified(ctx, pruned, pruned_size, name, &text, &invalid);
		free(pruned);
		if (mod)
			return mod;
		free(text);
	}
	mod = parse_ir_verified(ctx, data, size, name, &text, &invalid);
	if (!mod) {
		char *line = invalid ? one_line(text) : NULL;

		*msg = xasprintf("not valid LLVM IR: %s%s", invalid ? "the module is invalid: " : "",
				 invalid ? line : text);
		free(line);
		free(text);
	}
	return mod;
}

/* ---- bitcode, checked in a child process first ---- */

struct bitcode_check {
	const struct unit *unit;
	struct tb_diags *diags;
};

static void on_bitcode_diagnostic(LLVMDiagnosticInfoRef info, void *opaque)
{
	struct bitcode_check *check = opaque;
	char *text;

	if (LLVMGetDiagInfoSeverity(info) != LLVMDSError)
		return;
	text = LLVMGetDiagInfoDescription(info);
	diag_add(check->diags, TB_ERROR, check->unit->name, 0, 0, "not valid LLVM bitcode: %s", text);
	LLVMDisposeMessage(text);
}

/* In the child: parse and verify; LLVM may crash or abort doing either. */
static int check_bitcode_in_child(void *arg, struct tb_diags *diags)
{
	struct bitcode_check *check = arg;
	const struct unit *unit = check->unit;
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMMemoryBufferRef buf =
		LLVMCreateMemoryBufferWithMemoryRangeCopy(unit->data, unit->size, unit->name);
	LLVMModuleRef mod = NULL;
	size_t errors = tb_diags_error_count(diags);
	char *msg = NULL;
	int null, saved = dup(STDERR_FILENO), err = 0;

	check->diags = diags;
	/* The reader's verifier prints to stderr before it aborts; what the
	 * user needs comes back as diagnostics. */
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0)
		dup2(null, STDERR_FILENO);
	LLVMContextSetDiagnosticHandler(ctx, on_bitcode_diagnostic, check);
	if (LLVMParseBitcodeInContext2(ctx, buf, &mod)) {
		if (tb_diags_error_count(diags) == errors)
			diag_add(diags, TB_ERROR, unit->name, 0, 0, "not valid LLVM bitcode");
		err = -EINVAL;
	} else if (LLVMVerifyModule(mod, LLVMReturnStatusAction, &msg)) {
		char *line = one_line(msg);

		diag_add(diags, TB_ERROR, unit->name, 0, 0,
			 "not valid LLVM bitcode: the module is invalid: %s", line);
		free(line);
		err = -EINVAL;
	}
	/* Freed although the child exits: a test build's leak check runs
	 * after this, and reports to the stderr it gets back here. */
	LLVMDisposeMessage(msg);
	if (mod)
		LLVMDisposeModule(mod);
	LLVMDisposeMemoryBuffer(buf);
	LLVMContextDispose(ctx);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	if (null >= 0)
		close(null);
	return err;
}

static int check_bitcode(struct compile *c, const struct unit *unit)
{
	struct bitcode_check check = { .unit = unit };
	struct isolate_opts opts = {
		.what = "not valid LLVM bitcode",
		.file = unit->name,
		.crasher = "LLVM's bitcode reader",
		.run = check_bitcode_in_child,
		.arg = &check,
		.cpu_seconds = 60,
	};

	return isolate(&opts, c->diags);
}

struct workers {
	struct units *units;
	size_t next;
	pthread_mutex_t lock;
};

static void to_bitcode(struct unit *unit)
{
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMModuleRef mod = parse(ctx, unit->data, unit->size, unit->name, &unit->error);

	if (mod) {
		unit->bitcode = LLVMWriteBitcodeToMemoryBuffer(mod);
		LLVMDisposeModule(mod);
	}
	LLVMContextDispose(ctx);
}

static void *worker(void *arg)
{
	struct workers *w = arg;

	for (;;) {
		struct unit *unit = NULL;

		pthread_mutex_lock(&w->lock);
		while (w->next < w->units->count && !unit) {
			struct unit *u = &w->units->items[w->next++];

			if (!is_bitcode(u->data, u->size))
				unit = u;
		}
		pthread_mutex_unlock(&w->lock);
		if (!unit)
			return NULL;
		to_bitcode(unit);
	}
}

/* Parses the textual units on up to `jobs` threads, this one included. */
static void parse_text_in_parallel(struct units *units, unsigned jobs)
{
	struct workers w = { .units = units, .lock = PTHREAD_MUTEX_INITIALIZER };
	pthread_t *threads = xcalloc(jobs, sizeof(*threads));
	unsigned started = 0;

	/* A thread that cannot start leaves its share to the others. */
	while (started + 1 < jobs && !pthread_create(&threads[started], NULL, worker, &w))
		started++;
	worker(&w);
	for (unsigned i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
}

/*
 * Every TinyGo module carries its own copy of the runtime, some of it with
 * external linkage (main, tinygo_signal_handler, ...). Making all but the
 * user's own definitions internal lets several modules link without clashes;
 * reachability drops the copies later.
 */
static void internalize_runtime(LLVMModuleRef mod)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
		char *go_name;

		if (LLVMIsDeclaration(f) || LLVMGetLinkage(f) != LLVMExternalLinkage)
			continue;
		go_name = di_function_name(f);
		if (!go_name || !is_user_go_name(go_name))
			LLVMSetLinkage(f, LLVMInternalLinkage);
		free(go_name);
	}
	for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g)) {
		char *go_name;

		if (LLVMIsDeclaration(g) || LLVMGetLinkage(g) != LLVMExternalLinkage)
			continue;
		go_name = di_global_name(g);
		if (!go_name || !is_user_go_name(go_name))
			LLVMSetLinkage(g, LLVMInternalLinkage);
		free(go_name);
	}
}

static int add_module(struct compile *c, LLVMModuleRef mod, const char *name)
{
	internalize_runtime(mod);
	if (!c->module) {
		c->module = mod;
		return 0;
	}
	/* Host triples differ between producers (TinyGo, clang); all become BPF. */
	LLVMSetTarget(mod, LLVMGetTarget(c->module));
	LLVMSetDataLayout(mod, LLVMGetDataLayoutStr(c->module));
	if (LLVMLinkModules2(c->module, mod)) { /* consumes mod */
		diag_add(c->diags, TB_ERROR, name, 0, 0,
			 "cannot link with the inputs before it: two inputs define the same "
			 "//export function or variable");
		return -EINVAL;
	}
	return 0;
}

static int link_unit(struct compile *c, struct unit *unit)
{
	LLVMModuleRef mod = NULL;
	char *msg = NULL;

	if (unit->bitcode) /* our own, from a textual unit */
		mod = parse(c->llvm, LLVMGetBufferStart(unit->bitcode),
			    LLVMGetBufferSize(unit->bitcode), unit->name, &msg);
	else if (!unit->error && is_bitcode(unit->data, unit->size) && check_bitcode(c, unit))
		return -EINVAL;
	else if (!unit->error)
		mod = parse(c->llvm, unit->data, unit->size, unit->name, &msg);
	if (!mod) {
		diag_add(c->diags, TB_ERROR, unit->name, 0, 0, "%s", unit->error ? unit->error : msg);
		free(msg);
		return -EINVAL;
	}
	return add_module(c, mod, unit->name);
}

/* One file, or one archive member: ELF with .llvmbc, or raw IR/bitcode. */
static int read_member(struct compile *c, struct units *units, Elf *elf, const char *name)
{
	Elf_Data *bitcode;
	size_t size;
	char *raw;

	if (elf_kind(elf) == ELF_K_ELF) {
		bitcode = elf_section_data(elf, ".llvmbc");
		if (!bitcode || !bitcode->d_size) {
			diag_add(c->diags, TB_ERROR, name, 0, 0,
				 "an ELF object without LLVM bitcode (.llvmbc): compile with "
				 "-fembed-bitcode, or pass the .ll/.bc");
			return -EINVAL;
		}
		add_unit(units, name, bitcode->d_buf, bitcode->d_size);
		return 0;
	}
	raw = elf_rawfile(elf, &size);
	if (!raw) {
		diag_add(c->diags, TB_ERROR, name, 0, 0, "cannot read input: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	add_unit(units, name, raw, size);
	return 0;
}

static int read_archive(struct compile *c, struct units *units, int fd, Elf *ar,
			const char *path)
{
	Elf *member;
	int err = 0, count = 0;

	while (!err && (member = elf_begin(fd, ELF_C_READ_MMAP, ar))) {
		Elf_Arhdr *hdr = elf_getarhdr(member);

		/* "/" and "//" are the archive's symbol and name tables. */
		if (hdr && hdr->ar_name[0] != '/') {
			char *name = xasprintf("%s(%s)", path, hdr->ar_name);

			err = read_member(c, units, member, name);
			count++;
			free(name);
		}
		elf_next(member);
		elf_end(member);
	}
	if (!err && !count)
		diag_add(c->diags, TB_ERROR, path, 0, 0, "an empty archive");
	return err ? err : count ? 0 : -EINVAL;
}

static int read_file(struct compile *c, struct units *units, const char *path)
{
	int fd = open_bounded(path, MAX_INPUT_SIZE, "cannot read input", c->diags);
	Elf *elf;
	int err;

	if (fd < 0)
		return fd;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		diag_add(c->diags, TB_ERROR, path, 0, 0, "cannot read input: %s", elf_errmsg(-1));
		close(fd);
		return -EINVAL;
	}
	err = elf_kind(elf) == ELF_K_AR ? read_archive(c, units, fd, elf, path)
					 : read_member(c, units, elf, path);
	elf_end(elf);
	close(fd);
	return err;
}

int load_inputs(struct compile *c, const char *const *paths, size_t count, unsigned jobs)
{
	struct units units = { 0 };
	int err = 0;

	if (!count) {
		diag_error(c->diags, "no input files");
		return -EINVAL;
	}
	elf_version(EV_CURRENT);
	for (size_t i = 0; !err && i < count; i++)
		err = read_file(c, &units, paths[i]);
	if (!err && jobs > 1 && units.count > 1)
		parse_text_in_parallel(&units, jobs < units.count ? jobs : (unsigned)units.count);
	for (size_t i = 0; !err && i < units.count; i++)
		err = link_unit(c, &units.items[i]);
	free_units(&units);
	return err;
}
