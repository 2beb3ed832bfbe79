// SPDX-License-Identifier: MIT
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <llvm-c/blake3.h>

#include "../internal.h"
#include "cache.h"
#include "tinygo.h"

/*
 * A content-addressed store of finished objects: DIR/<key>.o, where the key
 * is a BLAKE3 hash (LLVM's, already linked: no extra dependency) of
 *   - tinybpf's version and the identity of the running executable, so that
 *     a rebuilt tinybpf never reuses an older build's output;
 *   - LLVM's version;
 *   - every setting that shapes the object (struct settings);
 *   - for tinybpf link: every input's bytes, in order;
 *   - for tinybpf build: everything TinyGo reads (struct tinygo_inputs), so a
 *     hit needs no TinyGo run.
 * Entries are written to a temporary file and renamed into place, so
 * concurrent builds never see a partial entry; the same key always names the
 * same bytes, so which writer wins does not matter.
 */

/* Objects of BPF programs are kilobytes; a bound keeps a hostile cache
 * directory from making a build read without end. */
#define MAX_ENTRY_SIZE (256ull << 20)

static void hash_bytes(llvm_blake3_hasher *h, const char *field, const void *data, uint64_t size)
{
	llvm_blake3_hasher_update(h, field, strlen(field) + 1);
	llvm_blake3_hasher_update(h, &size, sizeof(size));
	llvm_blake3_hasher_update(h, data, size);
}

static void hash_string(llvm_blake3_hasher *h, const char *field, const char *value)
{
	hash_bytes(h, field, value, strlen(value));
}

static void hash_file(llvm_blake3_hasher *h, const char *field, const char *path, int *err)
{
	/* Not a regular file (a FIFO would block here), or too large: no key,
	 * and loading the input says why. */
	int fd = open_bounded(path, MAX_ENTRY_SIZE << 1, "", NULL);
	struct stat st;
	void *data;

	if (fd < 0 || fstat(fd, &st)) {
		*err = fd < 0 ? fd : -errno;
		if (fd >= 0)
			close(fd);
		return;
	}
	data = st.st_size ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	if (data == MAP_FAILED) {
		*err = -errno;
	} else {
		hash_bytes(h, field, data ? data : "", (uint64_t)st.st_size);
		if (data)
			munmap(data, (size_t)st.st_size);
	}
	close(fd);
}

/*
 * A file's identity: device, inode, size, modification and change times.
 * Installing or rebuilding a file gives it a new inode or at least a new
 * ctime, which no one can set back; reading the bytes instead would cost
 * more than the whole warm build (tinybpf alone is 66 MB with debug info).
 * A missing file hashes as zeros, so it differs from any present one.
 */
static void hash_identity(llvm_blake3_hasher *h, const char *field, const char *path)
{
	struct stat st;
	uint64_t id[7] = { 0 };

	if (!stat(path, &st)) {
		id[0] = st.st_dev;
		id[1] = st.st_ino;
		id[2] = (uint64_t)st.st_size;
		id[3] = (uint64_t)st.st_mtim.tv_sec;
		id[4] = (uint64_t)st.st_mtim.tv_nsec;
		id[5] = (uint64_t)st.st_ctim.tv_sec;
		id[6] = (uint64_t)st.st_ctim.tv_nsec;
	}
	hash_string(h, field, path);
	hash_bytes(h, "identity", id, sizeof(id));
}

/* What every key starts with: tinybpf, LLVM and the settings. */
static void hash_settings(llvm_blake3_hasher *h, const char *kind, const struct settings *s)
{
	llvm_blake3_hasher_init(h);
	hash_string(h, "kind", kind);
	hash_string(h, "tinybpf", TB_VERSION);
	hash_identity(h, "executable", "/proc/self/exe");
	hash_string(h, "llvm", tb_llvm_version());
	hash_string(h, "cpu", s->cpu);
	hash_string(h, "license", s->license);
	for (size_t i = 0; i < s->program_count; i++)
		hash_string(h, "program", s->programs[i]);
	for (size_t i = 0; i < s->section_count; i++) {
		hash_string(h, "section function", s->sections[i].function);
		hash_string(h, "section", s->sections[i].section);
	}
	if (s->panic_return_set)
		hash_bytes(h, "panic return", &s->panic_return, sizeof(s->panic_return));
}

static int finish_key(llvm_blake3_hasher *h, int err, char key[CACHE_KEY_LEN + 1])
{
	uint8_t digest[LLVM_BLAKE3_OUT_LEN];

	if (err)
		return err;
	llvm_blake3_hasher_finalize(h, digest, sizeof(digest));
	for (size_t i = 0; i < CACHE_KEY_LEN / 2; i++)
		snprintf(key + 2 * i, 3, "%02x", digest[i]);
	return 0;
}

int cache_key(const struct settings *s, const char *const *inputs, size_t count,
	      char key[CACHE_KEY_LEN + 1])
{
	llvm_blake3_hasher h;
	int err = 0;

	hash_settings(&h, "link", s);
	for (size_t i = 0; !err && i < count; i++)
		hash_file(&h, "input", inputs[i], &err);
	return finish_key(&h, err, key);
}

int cache_build_key(const struct settings *s, const struct tinygo_inputs *in,
		    char key[CACHE_KEY_LEN + 1])
{
	llvm_blake3_hasher h;
	int err = 0;

	hash_settings(&h, "build", s);
	for (size_t i = 0; i < in->facts.count; i++)
		hash_string(&h, "fact", in->facts.items[i]);
	for (size_t i = 0; i < in->tools.count; i++)
		hash_identity(&h, "tool", in->tools.items[i]);
	for (size_t i = 0; !err && i < in->files.count; i++) {
		hash_string(&h, "file", in->files.items[i]);
		hash_file(&h, "bytes", in->files.items[i], &err);
	}
	return finish_key(&h, err, key);
}

/* ---- entries: the object, then a trailer that proves it whole ---- */

/*
 * An entry is the object's bytes followed by a trailer: a magic string, the
 * object's size and its BLAKE3 digest. A hit is served only when the trailer
 * is there and the digest matches the bytes before it, so an entry truncated
 * (to 0 bytes, or anywhere), padded, or with a bit flipped is rebuilt, never
 * copied to the user's output.
 */
#define ENTRY_MAGIC "tinybpf-cache-1\n"

struct entry_trailer {
	char magic[16];
	uint64_t size; /* little-endian, as the hosts tinybpf runs on */
	uint8_t digest[LLVM_BLAKE3_OUT_LEN];
};

static void digest_of(const void *data, size_t size, uint8_t digest[LLVM_BLAKE3_OUT_LEN])
{
	llvm_blake3_hasher h;

	llvm_blake3_hasher_init(&h);
	llvm_blake3_hasher_update(&h, data, size);
	llvm_blake3_hasher_finalize(&h, digest, LLVM_BLAKE3_OUT_LEN);
}

/* The object's size within an entry of `size` bytes, or -1 when the entry is
 * not whole. */
static long long entry_object_size(const char *data, size_t size)
{
	struct entry_trailer t;
	uint8_t digest[LLVM_BLAKE3_OUT_LEN];

	if (size < sizeof(t))
		return -1;
	memcpy(&t, data + size - sizeof(t), sizeof(t));
	if (memcmp(t.magic, ENTRY_MAGIC, sizeof(t.magic)) || t.size != size - sizeof(t))
		return -1;
	digest_of(data, t.size, digest);
	return memcmp(digest, t.digest, sizeof(digest)) ? -1 : (long long)t.size;
}

static char *entry_path(const char *dir, const char *key)
{
	return xasprintf("%s/%s.o", dir, key);
}

bool cache_fetch(const struct settings *s, const char *key, struct tb_diags *diags)
{
	char *entry = entry_path(s->cache_dir, key), *data = NULL;
	size_t size;
	long long object_size;
	bool hit = false;

	if (access(entry, F_OK) || read_bounded(entry, MAX_ENTRY_SIZE, "", &data, &size, NULL))
		goto out;
	object_size = entry_object_size(data, size);
	if (object_size < 0) {
		/* Removed, so the build that follows stores a whole one. */
		unlink(entry);
		if (s->verbose)
			diag_note(diags,
				  "cache: %s is corrupt (its digest does not match its bytes); "
				  "removed, building again",
				  entry);
		goto out;
	}
	hit = !make_parent_dirs(s->output) &&
	      !write_file_atomically(s->output, data, (size_t)object_size, false);
	if (hit) /* the time of last use, which eviction goes by */
		utimensat(AT_FDCWD, entry, NULL, 0);
out:
	free(data);
	free(entry);
	return hit;
}

int cache_store(const struct settings *s, const char *key, const char *object)
{
	char *entry = entry_path(s->cache_dir, key), *data = NULL;
	struct entry_trailer t = { 0 };
	size_t size;
	int err = make_parent_dirs(entry);

	if (!err)
		err = read_bounded(object, MAX_ENTRY_SIZE, "", &data, &size, NULL);
	if (!err) {
		memcpy(t.magic, ENTRY_MAGIC, sizeof(t.magic)); /* no NUL: 16 characters */
		t.size = size;
		digest_of(data, size, t.digest);
		data = xrealloc(data, size + sizeof(t), 1);
		memcpy(data + size, &t, sizeof(t));
		err = write_file_atomically(entry, data, size + sizeof(t), true);
	}
	if (!err)
		cache_evict(s->cache_dir, s->cache_max_size ? s->cache_max_size : CACHE_DEFAULT_MAX_SIZE);
	free(data);
	free(entry);
	return err;
}

/* ---- the size bound, and tinybpf cache ---- */

struct entry_info {
	char *name;
	uint64_t size;
	struct timespec used;
};

static bool is_entry_name(const char *name)
{
	size_t n = strlen(name);

	if (n != CACHE_KEY_LEN + 2 || strcmp(name + CACHE_KEY_LEN, ".o"))
		return false;
	return strspn(name, "0123456789abcdef") == CACHE_KEY_LEN;
}

static int compare_use(const void *a, const void *b)
{
	const struct timespec *x = &((const struct entry_info *)a)->used;
	const struct timespec *y = &((const struct entry_info *)b)->used;

	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? -1 : 1;
	return (x->tv_nsec > y->tv_nsec) - (x->tv_nsec < y->tv_nsec);
}

/* The entries of dir, least recently used first. */
static size_t list_entries(const char *dir, struct entry_info **out, uint64_t *total)
{
	DIR *d = opendir(dir);
	struct entry_info *list = NULL;
	size_t count = 0;
	struct dirent *e;

	*total = 0;
	while (d && (e = readdir(d))) {
		struct stat st;

		if (!is_entry_name(e->d_name) || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode))
			continue;
		list = xrealloc(list, count + 1, sizeof(*list));
		list[count++] = (struct entry_info){ xstrdup(e->d_name), (uint64_t)st.st_size,
						     st.st_mtim };
		*total += (uint64_t)st.st_size;
	}
	if (d)
		closedir(d);
	if (count) /* qsort of NULL is undefined, even of 0 items */
		qsort(list, count, sizeof(*list), compare_use);
	*out = list;
	return count;
}

static void free_entries(struct entry_info *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].name);
	free(list);
}

/* Like ccache: over the limit, the least recently used entries go until the
 * cache is at 80% of it, so that not every store evicts. */
void cache_evict(const char *dir, uint64_t max_size)
{
	struct entry_info *list;
	uint64_t total;
	size_t count = list_entries(dir, &list, &total);

	if (total > max_size)
		for (size_t i = 0; i < count && total > max_size / 10 * 8; i++) {
			char *path = xasprintf("%s/%s", dir, list[i].name);

			if (!unlink(path) || errno == ENOENT)
				total -= list[i].size;
			free(path);
		}
	free_entries(list, count);
}

int tb_cache_stats(const char *dir, struct tb_cache_stats *stats)
{
	struct entry_info *list;
	uint64_t total;
	size_t count;

	if (!dir)
		return -EINVAL;
	count = list_entries(dir, &list, &total);
	free_entries(list, count);
	stats->entries = count;
	stats->bytes = total;
	return 0;
}

int tb_cache_clean(const char *dir, unsigned long long *removed)
{
	struct entry_info *list;
	uint64_t total;
	size_t count;
	int err = 0;

	*removed = 0;
	if (!dir)
		return -EINVAL;
	count = list_entries(dir, &list, &total);
	for (size_t i = 0; i < count; i++) {
		char *path = xasprintf("%s/%s", dir, list[i].name);

		if (!unlink(path))
			(*removed)++;
		else if (errno != ENOENT && !err)
			err = -errno;
		temp_clean_beside(path); /* what a killed store left */
		free(path);
	}
	free_entries(list, count);
	return err;
}
