// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <llvm-c/blake3.h>

#include "internal.h"
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
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *data;

	if (fd < 0 || fstat(fd, &st)) {
		*err = -errno;
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

int copy_atomically(const char *src, const char *dst)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", dst);
	int in = open(src, O_RDONLY | O_CLOEXEC), out = mkstemp(tmp);
	char buf[1 << 16];
	ssize_t n = 0;
	int err = 0;

	if (in < 0 || out < 0)
		err = -errno;
	while (!err && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			err = -EIO;
	if (!err && n < 0)
		err = -errno;
	if (!err && fchmod(out, 0644))
		err = -errno;
	if (out >= 0 && close(out) && !err)
		err = -errno;
	if (!err && rename(tmp, dst))
		err = -errno;
	if (err && out >= 0)
		unlink(tmp);
	if (in >= 0)
		close(in);
	free(tmp);
	return err;
}

static char *entry_path(const char *dir, const char *key)
{
	return xasprintf("%s/%s.o", dir, key);
}

bool cache_fetch(const char *dir, const char *key, const char *output)
{
	char *entry = entry_path(dir, key);
	bool hit = !access(entry, R_OK) && !make_parent_dirs(output) && !copy_atomically(entry, output);

	free(entry);
	return hit;
}

int cache_store(const char *dir, const char *key, const char *object)
{
	char *entry = entry_path(dir, key);
	int err = make_parent_dirs(entry);

	if (!err)
		err = copy_atomically(object, entry);
	free(entry);
	return err;
}
