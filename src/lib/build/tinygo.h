/* SPDX-License-Identifier: MIT */
#ifndef TINYBPF_TINYGO_H
#define TINYBPF_TINYGO_H

#include <tinybpf/tinybpf.h>

/* Runs TinyGo on a Go package, writing LLVM IR to ll_path. TinyGo's own
 * messages (Go compile errors with file:line) go to stderr as they are.
 * TinyGo's temporary files go to tmp_dir (its TMPDIR) if not NULL: the
 * caller's directory, which it removes whole. */
int tinygo_compile(const char *tinygo, const char *package, const char *ll_path,
		   const char *tmp_dir, struct tb_diags *diags);
/* Where an installed tinybpf keeps what it needs, relative to the directory
 * of its executable (PREFIX/bin): `make install` lays it out so, and the
 * tree can be moved as a whole. */
#define INSTALLED_TINYGO "../lib/tinybpf/tinygo/bin/tinygo"
#define INSTALLED_SDK "../share/tinybpf/go"
/* The Go module path of the SDK (the repository's go.mod). */
#define SDK_MODULE "github.com/tinybpf/tinybpf"

/* `rel` resolved against the directory of the running executable
 * (/proc/self/exe), if that file or directory exists; NULL otherwise. */
char *self_relative(const char *rel);

/* How tinygo_find chose. */
enum tinygo_origin {
	TINYGO_CHOSEN,    /* the caller's option */
	TINYGO_ENV,       /* $TINYGO */
	TINYGO_INSTALLED, /* beside tinybpf: INSTALLED_TINYGO */
	TINYGO_PATH,      /* "tinygo", for execvp's PATH search */
};
/* The TinyGo to run: `chosen` if set, else $TINYGO, else the TinyGo
 * installed beside tinybpf, else "tinygo" from PATH. Never NULL; free it. */
char *tinygo_find(const char *chosen, enum tinygo_origin *origin);

/* The directory of the Go SDK module (SDK_MODULE): installed beside tinybpf
 * (INSTALLED_SDK), or the source tree a tinybpf built in place belongs to
 * (build/bin/tinybpf of a clone). NULL if neither. */
char *sdk_find(void);

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
