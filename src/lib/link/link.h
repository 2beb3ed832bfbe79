/* SPDX-License-Identifier: MIT */
/* The link stages the pipeline driver (pipeline.c) runs: load the inputs,
 * then (after the passes of ../passes/) optimise and emit. They call nothing
 * above them: what the driver wants done between steps it passes down. */
#ifndef TINYBPF_LINK_H
#define TINYBPF_LINK_H

#include "../internal.h"

/* input.c: parse .ll/.bc files and link them into compile->module; with
 * jobs > 1, textual IR is parsed on that many threads. */
int load_inputs(struct compile *c, const char *const *paths, size_t count, unsigned jobs);

/* prune.c: the text without the debug info of variables that no longer
 * exist and the metadata only they refer to (malloc'd, its size in
 * *out_size), or NULL when there is nothing to drop. */
char *prune_dead_debug_globals(const char *text, size_t size, size_t *out_size);

/* What the driver runs between codegen's steps, in the same process as them
 * (the optimised module exists only there). */
struct codegen_hooks {
	/* After optimisation, before emitting; nonzero stops the build. */
	int (*after_optimise)(struct compile *c);
	/* After the object is written; errors go to c->diags. */
	void (*after_emit)(struct compile *c, const char *object_path);
};

/* codegen.c: optimise and emit a BPF object, isolated (isolate.c) from
 * LLVM's fatal errors and crashes. */
int codegen(struct compile *c, const char *object_path, const struct codegen_hooks *hooks);

/* split.c: codegen() for a module of many programs: in parts compiled side
 * by side on up to c->settings->jobs processes, joined by libbpf's linker;
 * a small module is one part, compiled by codegen(). The object does not
 * depend on the number of processes. */
int codegen_parts(struct compile *c, const char *object_path, const struct codegen_hooks *hooks);

#endif /* TINYBPF_LINK_H */
