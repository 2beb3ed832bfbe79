// SPDX-License-Identifier: MIT
/*
 * Guest test for bpf.InodeStorage (tests/testdata/sdk_inode_storage, Go built
 * by TinyGo and tinybpf): load $TBPF_DATA_DIR/sdk_inode_storage.bpf.o, attach
 * its LSM programs on inode_create and inode_unlink, create three files in a
 * new directory and remove two, then read the directory's value from the
 * inode storage map with the directory's fd as the key: 3 creates, 2
 * unlinks. A file in it, never a directory anything was created in, has no
 * value. Exit 0 only if all hold.
 *
 * Build: cc -O2 -Wall -static inode_storage_test.c -lbpf -lelf -lz
 * Runs under tests/kernels/run.sh (every guest): the host refuses LSM
 * programs, and arm64 before 6.4 cannot attach them (TBPF-UNSUPPORTED).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "guest.h"

/* perDir in tests/testdata/sdk_inode_storage/main.go */
struct per_dir {
	uint32_t creates;
	uint32_t unlinks;
};

int main(void)
{
	struct bpf_object *obj = load_data_object("sdk_inode_storage.bpf.o");
	struct bpf_link *links[2] = { NULL, NULL };
	const char *progs[2] = { "count_create", "count_unlink" };
	char dir[] = "/tmp/inode-storage-XXXXXX", path[64];
	struct per_dir value = { 0 };
	struct bpf_map *map;
	int dirfd, filefd, err;

	if (!obj)
		return 1;
	for (int i = 0; i < 2; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(obj, progs[i]);

		links[i] = p ? bpf_program__attach(p) : NULL;
		switch (p ? trampoline_refused(p, links[i], errno, "LSM programs") : 0) {
		case 1:
			return 0;
		case -1:
			return 1;
		}
		if (!links[i]) {
			printf("FAIL: attach %s: %s\n", progs[i], strerror(errno));
			return 1;
		}
	}
	if (!mkdtemp(dir)) {
		printf("FAIL: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 0; i < 3; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		fd = open(path, O_CREAT | O_WRONLY, 0600);
		if (fd < 0)
			fail("create %s: %s", path, strerror(errno));
		else
			close(fd);
	}
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		if (unlink(path))
			fail("unlink %s: %s", path, strerror(errno));
	}
	for (int i = 0; i < 2; i++)
		bpf_link__destroy(links[i]);

	map = bpf_object__find_map_by_name(obj, "dirs");
	dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (!map || dirfd < 0) {
		printf("FAIL: map dirs %p, open %s: %s\n", (void *)map, dir, strerror(errno));
		return 1;
	}
	err = bpf_map_lookup_elem(bpf_map__fd(map), &dirfd, &value);
	printf("inode-storage: lookup %s: %s, creates=%u unlinks=%u\n", dir, err ? strerror(errno) : "ok",
	       value.creates, value.unlinks);
	if (err || value.creates != 3 || value.unlinks != 2)
		fail("directory value: creates %u unlinks %u (lookup %d), want 3 and 2", value.creates,
		     value.unlinks, err);
	snprintf(path, sizeof(path), "%s/f2", dir);
	filefd = open(path, O_RDONLY);
	if (filefd < 0 || !bpf_map_lookup_elem(bpf_map__fd(map), &filefd, &value) || errno != ENOENT)
		fail("the file %s has a value (or cannot be opened), want ENOENT", path);
	unlink(path);
	close(filefd);
	close(dirfd);
	rmdir(dir);
	bpf_object__close(obj);
	return failures ? 1 : 0;
}
