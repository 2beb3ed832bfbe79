/* SPDX-License-Identifier: MIT */
/* Checks of BPF objects the way a loader or the kernel reads them. */
#ifndef TINYBPF_CHECK_H
#define TINYBPF_CHECK_H

#include "../internal.h"

/* validate.c: check the emitted object the way a loader will read it. */
int validate_object(const char *path, const struct compile *c);

/* verify.c: what verify reads of an object before the kernel sees it
 * (libbpf's open, the programs' names, .BTF.ext line info); the child of
 * tb_verify and tests/fuzz run it. */
int verify_read_object(const char *path, struct tb_diags *diags);

#endif /* TINYBPF_CHECK_H */
