/* SPDX-License-Identifier: MIT */
/* cache.c: finished objects by a hash of everything that shapes them. Every
 * settings field that changes the object must be part of cache_key(). The
 * cache knows keys and bytes only: the pipeline driver (pipeline.c) decides
 * when to fetch and when to store. */
#ifndef TINYBPF_BUILD_CACHE_H
#define TINYBPF_BUILD_CACHE_H

#include "../internal.h"

#define CACHE_KEY_LEN 64
int cache_key(const struct settings *s, const char *const *inputs, size_t count,
	      char key[CACHE_KEY_LEN + 1]);
/* tinybpf build's key: the settings and what TinyGo reads (tinygo.h). */
struct tinygo_inputs;
int cache_build_key(const struct settings *s, const struct tinygo_inputs *in,
		    char key[CACHE_KEY_LEN + 1]);
/* Copies the entry for key to s->output if it is whole (its digest matches);
 * false if there is none, or it was corrupt (then it is removed and, with -v,
 * a note says so). */
bool cache_fetch(const struct settings *s, const char *key, struct tb_diags *diags);
/* Stores the object under key (fsynced before it is renamed into place), then
 * evicts the least recently used entries while the cache is over its size. */
int cache_store(const struct settings *s, const char *key, const char *object);
#define CACHE_DEFAULT_MAX_SIZE TB_CACHE_DEFAULT_MAX_SIZE
void cache_evict(const char *dir, uint64_t max_size);

#endif /* TINYBPF_BUILD_CACHE_H */
