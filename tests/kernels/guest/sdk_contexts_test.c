// SPDX-License-Identifier: MIT
/*
 * Guest test for tests/kernels/guest/sdk_contexts (Go, typed contexts of the
 * SDK): loads $TBPF_DATA_DIR/sdk_contexts.bpf.o, sets targPid to this
 * process, attaches fentry/fexit do_unlinkat (bpf.Args), kprobe do_unlinkat
 * (bpf.PtRegs), tp_btf sys_enter (bpf.Args) and lsm file_open (bpf.Args),
 * then removes a missing file with unlinkat(AT_FDCWD, ...) and opens one.
 * Each program must have seen its call: dfd -100 (AT_FDCWD) from Args[0]
 * and PtRegs.Arg1(), -ENOENT from Args.Ret(2), syscall 263 from tp_btf's
 * Args[1], the open from the LSM hook.
 * Build: cc -O2 -Wall -static sdk_contexts_test.c -lbpf -lelf -lz
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "guest.h"

static struct bpf_map *bss;
static size_t bss_size;

static size_t offset_of(struct bpf_object *obj, const char *name)
{
	const struct btf *btf = bpf_object__btf(obj);
	int id = btf__find_by_name_kind(btf, ".bss", BTF_KIND_DATASEC);
	const struct btf_type *sec = btf__type_by_id(btf, (uint32_t)id);
	const struct btf_var_secinfo *v = btf_var_secinfos(sec);

	for (unsigned i = 0; i < btf_vlen(sec); i++, v++)
		if (!strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, v->type)->name_off), name))
			return v->offset;
	fail("no global %s", name);
	return 0;
}

static int64_t read_global(struct bpf_object *obj, const char *name, size_t size)
{
	uint8_t data[4096] = { 0 };
	uint32_t zero = 0;
	int64_t v = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(bss), &zero, data))
		fail("read .bss: %s", strerror(errno));
	memcpy(&v, data + offset_of(obj, name), size);
	if (size == 4)
		v = (int32_t)v;
	return v;
}

static void expect(struct bpf_object *obj, const char *name, size_t size, int64_t want)
{
	int64_t got = read_global(obj, name, size);

	printf("sdk-contexts: %s = %lld\n", name, (long long)got);
	if (got != want)
		fail("%s = %lld, want %lld", name, (long long)got, (long long)want);
}

int main(void)
{
	const char *progs[] = { "on_fentry", "on_fexit", "on_kprobe", "on_sys_enter", "on_file_open" };
	struct bpf_link *links[5] = { 0 };
	struct bpf_object *obj = load_data_object("sdk_contexts.bpf.o");
	uint8_t data[4096] = { 0 };
	uint32_t zero = 0, pid = (uint32_t)getpid();
	char path[64];
	int fd;

	if (!obj)
		return 1;
	bss = bpf_object__find_map_by_name(obj, ".bss");
	bss_size = bpf_map__value_size(bss);
	memcpy(data + offset_of(obj, "targPid"), &pid, sizeof(pid));
	if (bpf_map_update_elem(bpf_map__fd(bss), &zero, data, 0))
		fail("write targPid: %s", strerror(errno));
	for (int i = 0; i < 5; i++) {
		links[i] = bpf_program__attach(bpf_object__find_program_by_name(obj, progs[i]));
		if (!links[i])
			fail("attach %s: %s", progs[i], strerror(errno));
	}
	snprintf(path, sizeof(path), "/tmp/tinybpf-sdk-missing-%d", getpid());
	syscall(SYS_unlinkat, AT_FDCWD, path, 0);
	fd = open("/proc/self/stat", O_RDONLY);
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < 5; i++)
		bpf_link__destroy(links[i]);

	expect(obj, "fentryHits", 4, 1);
	expect(obj, "fentryDfd", 8, -100);
	expect(obj, "fexitHits", 4, 1);
	expect(obj, "fexitRet", 8, -ENOENT);
	expect(obj, "kprobeHits", 4, 1);
	expect(obj, "kprobeDfd", 8, -100);
	expect(obj, "tpHits", 4, 1);
	expect(obj, "tpSyscall", 8, 263);
	if (read_global(obj, "lsmHits", 4) < 1)
		fail("lsm/file_open saw no open of ours");
	bpf_object__close(obj);
	printf("sdk-contexts: %s\n", failures ? "FAIL" : "ok");
	return failures ? 1 : 0;
}
