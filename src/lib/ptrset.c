// SPDX-License-Identifier: MIT
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"
#include "ptrset.h"

static size_t slot_of(const struct ptrset *set, const void *p)
{
	uintptr_t h = (uintptr_t)p;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (h >> 7) & (set->capacity - 1);
}

static size_t find(const struct ptrset *set, const void *p)
{
	size_t i = slot_of(set, p);

	while (set->slots[i] && set->slots[i] != p)
		i = (i + 1) & (set->capacity - 1);
	return i;
}

static void grow(struct ptrset *set)
{
	struct ptrset bigger = { .capacity = set->capacity ? set->capacity * 2 : 64 };

	bigger.slots = xcalloc(bigger.capacity, sizeof(*bigger.slots));
	for (size_t i = 0; i < set->capacity; i++)
		if (set->slots[i])
			bigger.slots[find(&bigger, set->slots[i])] = set->slots[i];
	bigger.count = set->count;
	free(set->slots);
	*set = bigger;
}

bool ptrset_add(struct ptrset *set, const void *p)
{
	size_t i;

	if ((set->count + 1) * 2 > set->capacity)
		grow(set);
	i = find(set, p);
	if (set->slots[i])
		return false;
	set->slots[i] = p;
	set->count++;
	return true;
}

bool ptrset_has(const struct ptrset *set, const void *p)
{
	return set->capacity && set->slots[find(set, p)] == p;
}

void ptrset_free(struct ptrset *set)
{
	free(set->slots);
	*set = (struct ptrset){ 0 };
}
