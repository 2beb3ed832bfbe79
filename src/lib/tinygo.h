/* SPDX-License-Identifier: MIT */
#ifndef TINYBPF_TINYGO_H
#define TINYBPF_TINYGO_H

#include <tinybpf/tinybpf.h>

/* Runs TinyGo on a Go package, writing LLVM IR to ll_path. TinyGo's own
 * messages (Go compile errors with file:line) go to stderr as they are. */
int tinygo_compile(const char *tinygo, const char *package, const char *ll_path,
		   struct tb_diags *diags);
/* The arguments before -o: part of the build cache's key. */
#define TINYGO_FLAG_COUNT 5
extern const char *const tinygo_flags[TINYGO_FLAG_COUNT];

struct string_list {
	char **items;
	size_t count;
};

/* Everything that can change what tinygo_compile() produces for a package,
 * gathered without running TinyGo (docs/cache.md, "The build cache"). */
struct tinygo_inputs {
	/* Set when the inputs cannot be accounted for (a go.work, //go:embed,
	 * cgo, ...): the build must run TinyGo. Says why, for -v. */
	char *uncachable;
	struct string_list facts; /* strings: TinyGo's flags, the environment, paths */
	struct string_list tools; /* executables, known by their file identity */
	struct string_list files; /* sources, known by their bytes */
};

/* tinygo_inputs.c */
void tinygo_inputs_collect(const char *tinygo, const char *package, struct tinygo_inputs *in);
void tinygo_inputs_free(struct tinygo_inputs *in);

#endif /* TINYBPF_TINYGO_H */
