/* SPDX-License-Identifier: MIT */
/* A set of pointers (open addressing), for marking LLVM values. */
#ifndef TINYBPF_PTRSET_H
#define TINYBPF_PTRSET_H

#include <stdbool.h>
#include <stddef.h>

struct ptrset {
	const void **slots;
	size_t capacity; /* a power of two */
	size_t count;
};

/* Adds p; returns true if it was not there yet. */
bool ptrset_add(struct ptrset *set, const void *p);
bool ptrset_has(const struct ptrset *set, const void *p);
void ptrset_free(struct ptrset *set);

#endif /* TINYBPF_PTRSET_H */
