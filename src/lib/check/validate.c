// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "check.h"

static int check_programs(struct bpf_object *obj, const struct compile *c)
{
	int err = 0;

	for (size_t i = 0; i < c->program_count; i++) {
		const struct program *p = &c->programs[i];
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, p->name);

		if (!prog) {
			diag_error(c->diags, "program %s is missing from the object", p->name);
			err = -EINVAL;
		} else if (strcmp(bpf_program__section_name(prog), p->section)) {
			diag_error(c->diags, "program %s landed in section %s instead of %s", p->name,
				   bpf_program__section_name(prog), p->section);
			err = -EINVAL;
		}
	}
	return err;
}

/* Map types whose size the loader or the kernel decides: libbpf sizes a perf
 * event array to the CPUs, and local storage must declare 0 entries. */
static bool sized_without_max_entries(enum bpf_map_type type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPF_MAP_TYPE_CGRP_STORAGE:
		return true;
	default:
		return false;
	}
}

static int check_maps(struct bpf_object *obj, const struct compile *c)
{
	struct bpf_map *map;
	int err = 0;

	bpf_object__for_each_map(map, obj) {
		if (bpf_map__is_internal(map))
			continue;
		/* (A map without a type, libbpf refuses to open: its message says so.) */
		if (!bpf_map__max_entries(map) && !sized_without_max_entries(bpf_map__type(map))) {
			diag_error(c->diags, "map %s has no MaxEntries", bpf_map__name(map));
			err = -EINVAL;
		}
	}
	return err;
}

int validate_object(const char *path, const struct compile *c)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	struct bpf_object *obj;
	struct btf *btf;
	struct btf_ext *ext = NULL;
	int err;

	libbpf_warnings_begin(c->diags, "the object does not load with libbpf");
	obj = bpf_object__open_file(path, &opts);
	err = obj ? 0 : -errno;
	libbpf_warnings_end();
	if (err) {
		if (!tb_diags_error_count(c->diags))
			diag_error(c->diags, "the object does not load with libbpf: %s", strerror(-err));
		return err;
	}
	err = check_programs(obj, c);
	if (check_maps(obj, c))
		err = -EINVAL;
	if (!bpf_object__btf(obj)) {
		diag_error(c->diags, "the object has no .BTF section");
		err = -EINVAL;
	}
	bpf_object__close(obj);

	btf = btf__parse_elf(path, &ext);
	if (!btf || !ext) {
		diag_error(c->diags, "the object's .BTF or .BTF.ext does not parse");
		err = -EINVAL;
	}
	btf_ext__free(ext);
	btf__free(btf);
	return err;
}
