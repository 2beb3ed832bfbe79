// SPDX-License-Identifier: MIT
/*
 * Maps as libbpf reads them, from real TinyGo output (tests/testdata/map_*):
 * typed keys and values land in each map's BTF, a map-in-map carries its
 * inner map template and initial slots, and a tail call through a prog array
 * runs. tests/go/maps_test.go checks the same objects with cilium/ebpf.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <tinybpf/tinybpf.h>

#include "../testdata.h"

/* tests/testdata/map_typed: flowKey and flowStats as Go lays them out. */
struct flow_key {
	uint32_t addr;
	uint16_t port;
	uint8_t proto;
	uint8_t flags;
};

struct flow_stats {
	uint64_t packets;
	uint64_t bytes;
	uint32_t last;
};

static struct bpf_object *open_testdata(const char *name, char **out)
{
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;
	int err;

	*out = temp_object_path();
	err = link_testdata(name, *out, NULL, 0, NULL, diags);
	tb_diags_print(diags, stderr);
	tb_diags_free(diags);
	assert_int_equal(err, 0);
	obj = bpf_object__open_file(*out, NULL);
	assert_non_null(obj);
	return obj;
}

static void close_testdata(struct bpf_object *obj, char *out)
{
	bpf_object__close(obj);
	unlink(out);
	free(out);
}

static int run_xdp(const struct bpf_program *prog)
{
	unsigned char packet[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = packet, .data_size_in = sizeof(packet),
		    .repeat = 1);

	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &topts), 0);
	return (int)topts.retval;
}

/* The names of the members of a map's BTF definition, comma-separated. */
static void definition_members(const struct bpf_object *obj, const char *map, char *out,
			       size_t size)
{
	const struct btf *btf = bpf_object__btf(obj);
	int id = btf__find_by_name_kind(btf, map, BTF_KIND_VAR);
	const struct btf_type *def;

	assert_true(id > 0);
	def = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	assert_true(btf_is_struct(def));
	out[0] = '\0';
	for (unsigned i = 0; i < btf_vlen(def); i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? "," : "",
			 btf__name_by_offset(btf, btf_members(def)[i].name_off));
}

/* Asserts the name, kind and size of a map's key or value type. */
static const struct btf_type *assert_type(const struct btf *btf, unsigned id, const char *name,
					  unsigned kind, long long size)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	assert_non_null(t);
	assert_string_equal(btf__name_by_offset(btf, t->name_off), name);
	assert_int_equal(btf_kind(t), kind);
	assert_int_equal(btf__resolve_size(btf, id), size);
	return t;
}

static void assert_member(const struct btf *btf, const struct btf_type *s, unsigned i,
			  const char *name, unsigned bit_offset, const char *type)
{
	const struct btf_member *m = &btf_members(s)[i];

	assert_string_equal(btf__name_by_offset(btf, m->name_off), name);
	assert_int_equal(btf_member_bit_offset(s, i), bit_offset);
	assert_string_equal(btf__name_by_offset(btf, btf__type_by_id(btf, m->type)->name_off), type);
}

static void test_typed_keys_and_values_are_the_maps_btf(void **state)
{
	char *out, members[128];
	struct bpf_object *obj = open_testdata("map_typed", &out);
	const struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *flows = bpf_object__find_map_by_name(obj, "flows");
	struct bpf_map *totals = bpf_object__find_map_by_name(obj, "totals");
	const struct btf_type *key_struct, *value_struct;
	struct flow_key key = { 0x0a000001, 443, 6, 1 };
	struct flow_stats stats = { 0 };
	struct bpf_map_info info = { 0 };
	uint32_t info_len = sizeof(info), one = 1;
	uint64_t total = 0;

	assert_non_null(flows);
	assert_non_null(totals);
	/* exactly the fields the Go definition declares, in its order */
	definition_members(obj, "flows", members, sizeof(members));
	assert_string_equal(members, "type,max_entries,key,value");
	definition_members(obj, "totals", members, sizeof(members));
	assert_string_equal(members, "type,max_entries,key,value");

	/* sizes come from the types when only the types are declared */
	assert_int_equal(bpf_map__type(flows), BPF_MAP_TYPE_HASH);
	assert_int_equal(bpf_map__key_size(flows), sizeof(struct flow_key));
	assert_int_equal(bpf_map__value_size(flows), 24);
	assert_int_equal(bpf_map__max_entries(flows), 128);
	key_struct = assert_type(btf, bpf_map__btf_key_type_id(flows), "flowKey", BTF_KIND_TYPEDEF, 8);
	key_struct = btf__type_by_id(btf, key_struct->type);
	assert_true(btf_is_struct(key_struct));
	assert_int_equal(btf_vlen(key_struct), 4);
	assert_member(btf, key_struct, 0, "Addr", 0, "uint32");
	assert_member(btf, key_struct, 1, "Port", 32, "uint16");
	assert_member(btf, key_struct, 2, "Proto", 48, "uint8");
	assert_member(btf, key_struct, 3, "Flags", 56, "uint8");
	value_struct = assert_type(btf, bpf_map__btf_value_type_id(flows), "flowStats",
				   BTF_KIND_TYPEDEF, 24);
	value_struct = btf__type_by_id(btf, value_struct->type);
	assert_int_equal(btf_vlen(value_struct), 3);
	assert_member(btf, value_struct, 0, "Packets", 0, "uint64");
	assert_member(btf, value_struct, 1, "Bytes", 64, "uint64");
	assert_member(btf, value_struct, 2, "Last", 128, "uint32");

	assert_int_equal(bpf_map__type(totals), BPF_MAP_TYPE_ARRAY);
	assert_int_equal(bpf_map__key_size(totals), 4);
	assert_int_equal(bpf_map__value_size(totals), 8);
	assert_int_equal(bpf_map__max_entries(totals), 2);
	assert_type(btf, bpf_map__btf_key_type_id(totals), "uint32", BTF_KIND_INT, 4);
	assert_type(btf, bpf_map__btf_value_type_id(totals), "uint64", BTF_KIND_INT, 8);

	assert_int_equal(bpf_object__load(obj), 0);
	/* the kernel took the map with its key and value types */
	assert_int_equal(bpf_obj_get_info_by_fd(bpf_map__fd(flows), &info, &info_len), 0);
	assert_int_equal(info.btf_key_type_id, bpf_map__btf_key_type_id(flows));
	assert_int_equal(info.btf_value_type_id, bpf_map__btf_value_type_id(flows));
	assert_int_not_equal(info.btf_key_type_id, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(run_xdp(bpf_object__find_program_by_name(obj, "count_flow")), XDP_PASS);
	assert_int_equal(bpf_map__lookup_elem(flows, &key, sizeof(key), &stats, 24, 0), 0);
	assert_int_equal(stats.packets, 3);
	assert_int_equal(stats.bytes, 3 * 64);
	assert_int_equal(stats.last, 64);
	assert_int_equal(bpf_map__lookup_elem(totals, &one, 4, &total, 8, 0), 0);
	assert_int_equal(total, 3 * 64);
	close_testdata(obj, out);
}

static uint64_t inner_count(int inner_fd)
{
	uint32_t zero = 0;
	uint64_t count = 0;

	assert_int_equal(bpf_map_lookup_elem(inner_fd, &zero, &count), 0);
	return count;
}

/* The id of the inner map in an outer map's slot. */
static uint32_t slot_map_id(const struct bpf_map *outer, const void *key, size_t key_size)
{
	uint32_t id = 0;

	assert_int_equal(bpf_map__lookup_elem(outer, key, key_size, &id, 4, 0), 0);
	return id;
}

static uint32_t map_id(int fd)
{
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info);

	assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
	return info.id;
}

static void test_map_in_map_and_tail_call(void **state)
{
	char *out, members[128];
	struct bpf_object *obj = open_testdata("map_in_map", &out);
	struct bpf_map *paths = bpf_object__find_map_by_name(obj, "paths");
	struct bpf_map *by_name = bpf_object__find_map_by_name(obj, "byName");
	struct bpf_map *jumps = bpf_object__find_map_by_name(obj, "jumps");
	struct bpf_map *fast, *slow;
	const struct bpf_map *inner;
	const struct bpf_program *route, *drop;
	uint32_t zero = 0, one = 1;
	uint64_t seven = 7;
	int fd;

	definition_members(obj, "paths", members, sizeof(members));
	assert_string_equal(members, "type,max_entries,key,values");
	definition_members(obj, "byName", members, sizeof(members));
	assert_string_equal(members, "type,key_size,max_entries,values");
	definition_members(obj, "jumps", members, sizeof(members));
	assert_string_equal(members, "type,key_size,value_size,max_entries");
	assert_int_equal(bpf_map__type(paths), BPF_MAP_TYPE_ARRAY_OF_MAPS);
	assert_int_equal(bpf_map__max_entries(paths), 2);
	assert_int_equal(bpf_map__key_size(paths), 4);
	assert_int_equal(bpf_map__value_size(paths), 4);
	assert_int_equal(bpf_map__type(by_name), BPF_MAP_TYPE_HASH_OF_MAPS);
	assert_int_equal(bpf_map__key_size(by_name), 8);
	assert_int_equal(bpf_map__max_entries(by_name), 4);
	assert_int_equal(bpf_map__type(jumps), BPF_MAP_TYPE_PROG_ARRAY);
	/* the template is the counter type's definition */
	for (int i = 0; i < 2; i++) {
		inner = bpf_map__inner_map(i ? by_name : paths);
		assert_non_null(inner);
		assert_int_equal(bpf_map__type(inner), BPF_MAP_TYPE_ARRAY);
		assert_int_equal(bpf_map__max_entries(inner), 1);
		assert_int_equal(bpf_map__key_size(inner), 4);
		assert_int_equal(bpf_map__value_size(inner), 8);
	}

	assert_int_equal(bpf_object__load(obj), 0);
	fast = bpf_object__find_map_by_name(obj, "fastPath");
	slow = bpf_object__find_map_by_name(obj, "slowPath");
	route = bpf_object__find_program_by_name(obj, "route");
	drop = bpf_object__find_program_by_name(obj, "drop");
	/* Values: [2]*counter{&fastPath, &slowPath} */
	assert_int_equal(slot_map_id(paths, &zero, 4), map_id(bpf_map__fd(fast)));
	assert_int_equal(slot_map_id(paths, &one, 4), map_id(bpf_map__fd(slow)));

	/* an inner map made by user space, in the slot the program looks up */
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "added", 4, 8, 1, NULL);
	assert_true(fd >= 0);
	assert_int_equal(bpf_map__update_elem(by_name, &seven, 8, &fd, 4, BPF_ANY), 0);

	/* no tail-call target yet: route passes */
	assert_int_equal(run_xdp(route), XDP_PASS);
	assert_int_equal(inner_count(bpf_map__fd(slow)), 1);
	assert_int_equal(inner_count(fd), 1);
	assert_int_equal(inner_count(bpf_map__fd(fast)), 0);

	/* jumps[0] = drop: route's tail call now runs drop, which drops */
	assert_int_equal(bpf_map__update_elem(jumps, &zero, 4, &(int){ bpf_program__fd(drop) }, 4,
					      BPF_ANY), 0);
	assert_int_equal(run_xdp(route), XDP_DROP);
	assert_int_equal(inner_count(bpf_map__fd(slow)), 2);
	assert_int_equal(inner_count(fd), 2);
	assert_int_equal(inner_count(bpf_map__fd(fast)), 1);
	close(fd);
	close_testdata(obj, out);
}

/* The element type of a bpfMapDef map's `type` member: libbpf's __uint
 * encoding, a pointer to an array whose length is the map type; tinybpf puts
 * the record there (the array's element). */
static unsigned type_array_element(const struct btf *btf, const char *map, unsigned map_type)
{
	int id = btf__find_by_name_kind(btf, map, BTF_KIND_VAR);
	const struct btf_type *def, *ptr, *array;

	assert_true(id > 0);
	def = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	assert_true(btf_is_struct(def));
	assert_string_equal(btf__name_by_offset(btf, btf_members(def)[0].name_off), "type");
	ptr = btf__type_by_id(btf, btf_members(def)[0].type);
	assert_true(btf_is_ptr(ptr));
	array = btf__type_by_id(btf, ptr->type);
	assert_true(btf_is_array(array));
	assert_int_equal(btf_array(array)->nelems, map_type);
	return btf_array(array)->type;
}

/* A bpfMapDef perf event array's record: the type the program sends with
 * bpf_perf_event_output (tests/testdata/perf_records), as the element of the
 * array its definition's `type` member points to; libbpf reads the map type
 * from that array's length all the same. */
static void test_a_perf_event_array_carries_its_record_type(void **state)
{
	char *out;
	struct bpf_object *obj = open_testdata("perf_records", &out);
	const struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *samples = bpf_object__find_map_by_name(obj, "rawSamples");
	const struct btf_type *record;

	assert_non_null(samples);
	assert_int_equal(bpf_map__type(samples), BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	record = assert_type(btf, type_array_element(btf, "rawSamples", BPF_MAP_TYPE_PERF_EVENT_ARRAY),
			     "rawSample", BTF_KIND_TYPEDEF, 16);
	record = btf__type_by_id(btf, record->type);
	assert_true(btf_is_struct(record));
	assert_int_equal(btf_vlen(record), 3);
	assert_member(btf, record, 0, "Seq", 0, "uint32");
	assert_member(btf, record, 1, "Tag", 32, "uint32");
	assert_member(btf, record, 2, "Time", 64, "uint64");
	close_testdata(obj, out);
}

/* A bpfMapDef ring buffer written only through bpf_ringbuf_reserve
 * (tests/testdata/ring_reserved): its record is the Go type the reserved
 * pointer is kept as, the element of its `type` array as for a perf event
 * array; a Go function named like a helper is not one; the kernel takes the
 * object, and the program runs. */
static void test_a_reserved_record_is_the_ring_buffers_type(void **state)
{
	char *out;
	struct bpf_object *obj = open_testdata("ring_reserved", &out);
	const struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *reserved = bpf_object__find_map_by_name(obj, "reserved");
	const struct btf_type *record;
	struct bpf_program *prog;
	LIBBPF_OPTS(bpf_test_run_opts, topts);

	assert_non_null(reserved);
	assert_int_equal(bpf_map__type(reserved), BPF_MAP_TYPE_RINGBUF);
	record = assert_type(btf, type_array_element(btf, "reserved", BPF_MAP_TYPE_RINGBUF),
			     "reservedEvent", BTF_KIND_TYPEDEF, 16);
	record = btf__type_by_id(btf, record->type);
	assert_true(btf_is_struct(record));
	assert_int_equal(btf_vlen(record), 3);
	assert_member(btf, record, 0, "Pid", 0, "uint32");
	assert_member(btf, record, 1, "Kind", 32, "uint16");
	assert_member(btf, record, 2, "Time", 64, "uint64");
	/* wrapped: written by the program's own ringbufOutput(&wrapped, req, 4),
	 * which is no helper: its request is no record, and the element stays
	 * int (what a loader reads then is the map type, the array's length) */
	assert_type(btf, type_array_element(btf, "wrapped", BPF_MAP_TYPE_RINGBUF), "int", BTF_KIND_INT, 4);
	assert_int_equal(bpf_object__load(obj), 0);
	prog = bpf_object__find_program_by_name(obj, "reserve");
	assert_non_null(prog);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &topts), 0);
	assert_int_equal(topts.retval, 0);
	close_testdata(obj, out);
}

/* The inner maps' template of a map of maps given by type only (Values
 * [0]*counters) is the one variable of that type, also when it is the
 * package's first map (tests/testdata/map_inner_first): libbpf's inner map
 * has its definition, and the kernel takes the object. */
static void test_the_template_is_the_first_map(void **state)
{
	char *out;
	struct bpf_object *obj = open_testdata("map_inner_first", &out);
	struct bpf_map *flows = bpf_object__find_map_by_name(obj, "flows");
	const struct bpf_map *inner;

	assert_non_null(flows);
	assert_int_equal(bpf_map__type(flows), BPF_MAP_TYPE_HASH_OF_MAPS);
	inner = bpf_map__inner_map(flows);
	assert_non_null(inner);
	assert_int_equal(bpf_map__type(inner), BPF_MAP_TYPE_HASH);
	assert_int_equal(bpf_map__max_entries(inner), 64);
	assert_int_equal(bpf_map__key_size(inner), 4);
	assert_int_equal(bpf_map__value_size(inner), 8);
	assert_int_equal(bpf_object__load(obj), 0);
	close_testdata(obj, out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_keys_and_values_are_the_maps_btf),
		cmocka_unit_test(test_map_in_map_and_tail_call),
		cmocka_unit_test(test_a_perf_event_array_carries_its_record_type),
		cmocka_unit_test(test_a_reserved_record_is_the_ring_buffers_type),
		cmocka_unit_test(test_the_template_is_the_first_map),
	};

	return cmocka_run_group_tests_name("maps", tests, NULL, NULL);
}
