/* SPDX-License-Identifier: MIT */
#ifndef TINYBPF_TINYGO_H
#define TINYBPF_TINYGO_H

#include <tinybpf/tinybpf.h>

/* Runs TinyGo on a Go package, writing LLVM IR to ll_path. TinyGo's own
 * messages (Go compile errors with file:line) go to stderr as they are. */
int tinygo_compile(const char *tinygo, const char *package, const char *ll_path,
		   struct tb_diags *diags);

#endif /* TINYBPF_TINYGO_H */
