// SPDX-License-Identifier: MIT
/*
 * The pipeline driver: load → passes → optimise + emit (child process) →
 * validate → rename into place. Every stage reports to the diagnostics; the
 * first stage with errors stops the build, and no output file is left behind.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <llvm-c/Target.h>

#include "internal.h"
#include "passes/passes.h"
#include "build/cache.h"
#include "build/tinygo.h"
#include "check/check.h"
#include "link/link.h"

struct stage {
	const char *name;
	int (*run)(struct compile *c);
};

/* Order matters: entry points first (they root reachability); panics become
 * markers before reachability, so the runtime's printing code behind them is
 * dropped; the runtime is gone before helpers are matched, so only the user's
 * calls are judged; debug info is sanitised after every pass that adds to it;
 * verify comes last, as nothing else checks the module before optimisation. */
static const struct stage stages[] = {
	{ "programs", pass_programs },
	{ "sdk-inline", pass_sdk_inline },
	{ "panics", pass_panics },
	{ "reachability", pass_reachability },
	{ "unroll", pass_unroll },
	{ "unsupported", pass_unsupported },
	{ "offsets", pass_offsets },
	{ "packet", pass_packet },
	{ "maps", pass_maps },
	{ "core", pass_core },
	{ "core-read", pass_core_read },
	{ "globals", pass_globals },
	{ "printk", pass_printk },
	{ "helpers", pass_helpers },
	{ "kfuncs", pass_kfuncs },
	{ "heap-to-stack", pass_heap_to_stack },
	{ "license", pass_license },
	{ "btf", pass_btf },
	{ "retarget", pass_retarget },
	{ "verify", pass_verify_ir },
};

/* Once per child: each compile runs in a new one. */
static void init_llvm(void)
{
	LLVMInitializeBPFTargetInfo();
	LLVMInitializeBPFTarget();
	LLVMInitializeBPFTargetMC();
	LLVMInitializeBPFAsmPrinter();
}

/* Everything a compile holds (tests that run stages on their own use it too). */
void compile_free(struct compile *c)
{
	for (size_t i = 0; i < c->program_count; i++) {
		free(c->programs[i].name);
		free(c->programs[i].section);
	}
	free(c->programs);
	for (size_t i = 0; i < c->panic_count; i++) {
		free(c->panics[i].file);
		free(c->panics[i].cause);
		free(c->panics[i].function);
		free(c->panics[i].why);
		free(c->panics[i].instead);
	}
	free(c->panics);
	ptrset_free(&c->user_subprograms);
	if (c->module)
		LLVMDisposeModule(c->module);
	if (c->llvm)
		LLVMContextDispose(c->llvm);
}

/* The last stage, verify (passes/verify_ir.c), checks the whole module. */
static int run_stages(struct compile *c)
{
	dump_ir(c, "input");
	for (size_t i = 0; i < ARRAY_SIZE(stages); i++) {
		double start = now_ms();
		int err = stages[i].run(c);

		if (c->settings->verbose)
			diag_note(c->diags, "stage %s: %.1f ms", stages[i].name,
				  now_ms() - start);
		if (err)
			return err;
		dump_ir(c, stages[i].name);
	}
	return 0;
}

/* Run by codegen in its process, on the optimised module: the checks that
 * need optimised IR or the emitted object (passes/). */
static int after_optimise(struct compile *c)
{
	if (check_panics_after_optimisation(c) || pass_probe_read_init(c))
		return -EINVAL;
	pass_return_layout(c);
	return 0;
}

static const struct codegen_hooks codegen_hooks = {
	.after_optimise = after_optimise,
	.after_emit = check_stack_after_codegen,
};

/* Objects of BPF programs are kilobytes: this bounds reading one back. */
#define MAX_OBJECT_BYTES (256ull << 20)

/* Emits into a temporary file beside the output and renames it into place
 * only once it validates: a failed build never leaves a partial object. */
static int emit_object(struct compile *c, const char *output, size_t errors)
{
	bool in_place = output_in_place(output);
	char *tmp;
	int fd, err;

	err = make_parent_dirs(output);
	if (err) {
		diag_add(c->diags, TB_ERROR, output, 0, 0, "cannot create its directory: %s",
			 strerror(-err));
		return err;
	}
	if (in_place) { /* -o /dev/stdout: made in $TMPDIR, copied there once it validates */
		char *beside = xasprintf("%s/tinybpf-output.o", temp_parent());

		tmp = temp_beside(beside, &fd);
		free(beside);
	} else {
		tmp = temp_beside(output, &fd); /* locked until renamed: tempfiles.c */
	}
	if (!tmp) {
		err = -errno;
		diag_add(c->diags, TB_ERROR, output, 0, 0, "cannot write: %s", strerror(errno));
		return err;
	}
	isolate_cleanup_on_death(tmp); /* if LLVM kills this process */
	err = codegen_parts(c, tmp, &codegen_hooks);
	if (!err && c->settings->keep_temp_dir) {
		char *kept = xasprintf("%s/object.o", c->settings->keep_temp_dir);

		copy_atomically(tmp, kept); /* before validation, which may refuse it */
		free(kept);
	}
	if (!err)
		err = validate_object(tmp, c);
	/* A stage or code generation that reported an error but returned
	 * success: an error always fails, with no object and exit 1. */
	if (!err && tb_diags_error_count(c->diags) > errors)
		err = -EINVAL;
	if (!err && chmod(tmp, 0644))
		err = -errno;
	if (!err && in_place) {
		char *data;
		size_t size;

		err = read_bounded(tmp, MAX_OBJECT_BYTES, "cannot read the object back", &data, &size,
				   c->diags);
		if (!err && (err = write_in_place(output, data, size)))
			diag_add(c->diags, TB_ERROR, output, 0, 0, "cannot write: %s", strerror(-err));
		free(data);
	} else if (!err && rename(tmp, output)) {
		err = -errno;
		diag_add(c->diags, TB_ERROR, output, 0, 0, "cannot write: %s", strerror(errno));
	}
	if (err || in_place)
		unlink(tmp);
	isolate_cleanup_on_death(NULL);
	close(fd);
	free(tmp);
	return err;
}

static size_t warning_count(const struct tb_diags *diags, size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < tb_diags_count(diags); i++)
		n += tb_diags_at(diags, i)->severity == TB_WARNING;
	return n;
}

static int compile(struct compile *c, const char *const *inputs, size_t input_count)
{
	size_t errors = tb_diags_error_count(c->diags);
	double start = now_ms();
	int err;

	/* A second compile in one process is what the BPF backend's static
	 * CO-RE state does not survive: each runs in its own child. */
	init_llvm();
	c->llvm = LLVMContextCreate();
	LLVMContextSetDiagnosticHandler(c->llvm, on_llvm_diagnostic, c);
	err = load_inputs(c, inputs, input_count, c->settings->jobs);
	if (c->settings->verbose)
		diag_note(c->diags, "stage load: %.1f ms", now_ms() - start);
	if (!err) {
		keep_temp_module(c, "linked.ll");
		err = run_stages(c);
	}
	if (!err)
		err = emit_object(c, c->settings->output, errors);
	return err;
}

struct compile_job {
	struct compile *c;
	const char *const *inputs;
	size_t input_count;
};

static int run_compile(void *arg, struct tb_diags *diags)
{
	struct compile_job *job = arg;

	(void)diags; /* the compile's own */
	/* The child exits after this: what the compile holds is not freed
	 * (isolate.c), which saves tearing LLVM's context down. */
	return compile(job->c, job->inputs, job->input_count);
}

/*
 * The whole link, from parsing to the object renamed into place, in one
 * child process (isolate.c), forked before anything is loaded, while the
 * process is small: LLVM's fatal errors and crashes (the parser's, the
 * backend's "Cannot select") end the child, not tinybpf, and code generation
 * runs in the same child without a second fork. Diagnostics come back
 * through isolate's pipe.
 */
static int compile_isolated(struct compile *c, const char *const *inputs, size_t input_count)
{
	struct compile_job job = { c, inputs, input_count };
	struct isolate_opts opts = {
		.what = "link",
		.crasher = "tinybpf",
		.run = run_compile,
		.arg = &job,
		.keep_lines = true,
	};

	return isolate(&opts, c->diags);
}

int tb_link(const struct tb_options *opts, struct tb_diags *diags)
{
	const char *const *inputs = OPTS_GET(opts, inputs, NULL);
	size_t input_count = OPTS_GET(opts, input_count, 0), first_diag = tb_diags_count(diags);
	struct settings settings;
	struct compile c = { .diags = diags, .settings = &settings };
	char key[CACHE_KEY_LEN + 1];
	bool cached;
	double start = now_ms();
	int err;

	err = settings_init(&settings, opts, diags);
	if (err)
		goto out;
	/* An unreadable input is reported by loading it. */
	cached = settings.cache_dir && !cache_key(&settings, inputs, input_count, key);
	/* Dumps and kept files come from a real build; a hit has none. */
	if (cached && !settings.dump_ir_dir && !settings.keep_temp_dir &&
	    cache_fetch(&settings, key, diags)) {
		if (settings.verbose)
			diag_note(diags, "cache: hit %s/%s.o, %.1f ms",
				  settings.cache_dir, key, now_ms() - start);
		goto out;
	}
	err = compile_isolated(&c, inputs, input_count);
	/* Warnings are not replayed from the cache, so a build with warnings is
	 * not stored: each build shows them. */
	if (!err && cached && !warning_count(diags, first_diag)) {
		int store_err = cache_store(&settings, key, settings.output);

		if (settings.verbose)
			diag_note(diags, "cache: %s %s/%s.o",
				  store_err ? "cannot store" : "stored", settings.cache_dir, key);
	}
	if (settings.keep_temp_dir)
		diag_note(diags, "intermediate files kept in %s",
			  settings.keep_temp_dir);
	if (settings.verbose)
		diag_note(diags, "link total: %.1f ms", now_ms() - start);
out:
	compile_free(&c);
	settings_free(&settings);
	return err;
}

/* tinybpf build's own cache entry (docs/cache.md): keyed by what TinyGo
 * reads, so a hit skips TinyGo. False, with a note under -v saying why, when
 * this build's inputs cannot all be accounted for. */
static bool build_cache_key(const struct settings *s, const char *tinygo, const char *package,
			    char key[CACHE_KEY_LEN + 1], struct tb_diags *diags)
{
	struct tinygo_inputs in;
	bool keyed;

	tinygo_inputs_collect(tinygo, package, &in);
	keyed = !in.uncachable && !cache_build_key(s, &in, key);
	if (s->verbose && in.uncachable)
		diag_note(diags, "cache: TinyGo runs: %s", in.uncachable);
	tinygo_inputs_free(&in);
	return keyed;
}

int tb_build(const struct tb_options *opts, struct tb_diags *diags)
{
	const char *package = OPTS_GET(opts, package, NULL);
	char *tinygo = tinygo_find(OPTS_GET(opts, tinygo, NULL), NULL);
	char *dir;
	int dir_fd = -1;
	struct tb_options link = { 0 };
	struct settings settings = { 0 };
	size_t first_diag = tb_diags_count(diags);
	char key[CACHE_KEY_LEN + 1], key_after[CACHE_KEY_LEN + 1];
	const char *inputs[1];
	bool keyed = false;
	double start = now_ms();
	char *ll;
	int err;

	if (!package) {
		diag_error(diags, "no Go package to build");
		free(tinygo);
		return -EINVAL;
	}
	memcpy(&link, opts, opts->sz < sizeof(link) ? opts->sz : sizeof(link));
	link.sz = sizeof(link);
	if (link.cache_dir) {
		struct tb_options for_key = link;

		for_key.keep_temp = false; /* the link creates the kept directory */
		err = settings_init(&settings, &for_key, diags);
		if (err)
			goto out_settings;
		keyed = build_cache_key(&settings, tinygo, package, key, diags);
		/* Dumps and kept files come from a real build; a hit has none. */
		if (keyed && !settings.dump_ir_dir && !link.keep_temp &&
		    cache_fetch(&settings, key, diags)) {
			if (settings.verbose)
				diag_note(diags,
					  "cache: hit (build) %s/%s.o, %.1f ms, TinyGo not run",
					  settings.cache_dir, key, now_ms() - start);
			goto out_settings;
		}
	}
	dir = temp_dir("tinybpf-build", &dir_fd); /* locked while TinyGo runs: tempfiles.c */
	if (!dir) {
		err = -errno;
		diag_error(diags, "cannot create a temporary directory: %s", strerror(errno));
		goto out_settings;
	}
	ll = xasprintf("%s/program.ll", dir);
	err = tinygo_compile(tinygo, package, ll, dir, diags);
	if (link.verbose)
		diag_note(diags, "stage tinygo: %.1f ms", now_ms() - start);
	if (!err) {
		inputs[0] = ll;
		link.inputs = inputs;
		link.input_count = 1;
		err = tb_link(&link, diags);
	}
	/* Stored only if the sources did not change while TinyGo read them, and
	 * (as for link) only without warnings, which a hit would not show. */
	if (!err && keyed && !warning_count(diags, first_diag) &&
	    build_cache_key(&settings, tinygo, package, key_after, diags) &&
	    !strcmp(key, key_after)) {
		int store_err = cache_store(&settings, key, settings.output);

		if (settings.verbose)
			diag_note(diags, "cache: %s (build) %s/%s.o",
				  store_err ? "cannot store" : "stored", settings.cache_dir, key);
	}
	temp_remove_dir(dir);
	free(ll);
	free(dir);
	if (dir_fd >= 0)
		close(dir_fd);
out_settings:
	settings_free(&settings);
	free(tinygo);
	return err;
}
