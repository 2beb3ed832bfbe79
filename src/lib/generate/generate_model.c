// SPDX-License-Identifier: MIT
/*
 * Reads a BPF object with libbpf and describes it for the printers: programs,
 * maps, the variables of each global data section, and a record for every
 * named struct, union and enum the object's BTF gives those variables and map
 * keys and values (and for the types asked for by name), with explicit
 * padding (see generate.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "generate.h"
#include "../internal.h"

struct builder {
	struct gen_model *m;
	const struct btf *btf;
	struct tb_diags *diags;
};

static int describe(struct builder *b, uint32_t id, const char *context, struct gen_type *out);

char *gen_go_identifier(const char *name)
{
	char *id = xcalloc(strlen(name) + 2, 1);
	size_t n = 0;
	bool upper = true;

	for (const char *p = name; *p; p++) {
		if (!isalnum((unsigned char)*p)) {
			upper = true;
			continue;
		}
		if (!n && isdigit((unsigned char)*p))
			id[n++] = 'X';
		id[n++] = upper ? (char)toupper((unsigned char)*p) : *p;
		upper = false;
	}
	if (!n)
		id[n++] = 'X';
	return id;
}

bool gen_is_go_identifier(const char *name)
{
	static const char *const keywords[] = {
		"break",  "case",    "chan",   "const", "continue", "default", "defer",
		"else",   "fallthrough", "for", "func",  "go",       "goto",    "if",
		"import", "interface", "map",  "package", "range",  "return",  "select",
		"struct", "switch",  "type",   "var",
	};

	if (!name[0] || isdigit((unsigned char)name[0]))
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return false;
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(name, keywords[i]))
			return false;
	return true;
}

static const char *btf_name(const struct builder *b, const struct btf_type *t)
{
	return btf__name_by_offset(b->btf, t->name_off);
}

static unsigned type_align(const struct gen_model *m, const struct gen_type *t)
{
	switch (t->base) {
	case GEN_BOOL:
		return 1;
	case GEN_RECORD:
		return m->records[t->index].align;
	default:
		return t->int_size;
	}
}

static struct gen_type byte_array(unsigned size)
{
	return (struct gen_type){ .base = GEN_INT, .int_size = 1, .is_byte = true, .dims = { size },
				  .ndims = 1 };
}

static void add_field(struct gen_record *r, const char *name, unsigned offset, unsigned size,
		      const struct gen_type *type)
{
	r->fields = xrealloc(r->fields, r->field_count + 1, sizeof(*r->fields));
	r->fields[r->field_count++] = (struct gen_field){
		name ? xstrdup(name) : NULL, offset, size,
		type ? *type : byte_array(size),
	};
}

/* Appends the members of struct or union `t` placed at `base` bytes; the
 * members of an anonymous struct are the parent's own, and a union is
 * represented by its first member, as bpf2go does. */
static int add_members(struct builder *b, size_t record, const struct btf_type *t, unsigned base,
		       unsigned *cursor)
{
	const struct btf_member *members = btf_members(t);
	unsigned count = btf_is_union(t) ? (btf_vlen(t) ? 1 : 0) : btf_vlen(t);

	for (unsigned i = 0; i < count; i++) {
		unsigned bits = btf_member_bit_offset(t, i);
		unsigned offset = base + bits / 8;
		const char *name = btf__name_by_offset(b->btf, members[i].name_off);
		const struct btf_type *mt;
		struct gen_type type;
		long long size;
		int err;

		if (btf_member_bitfield_size(t, i) || bits % 8 || offset < *cursor)
			continue; /* bitfields and overlaps stay padding */
		if (!name || !name[0]) {
			mt = btf__type_by_id(b->btf, btf__resolve_type(b->btf, members[i].type));
			if (mt && btf_is_composite(mt)) {
				err = add_members(b, record, mt, offset, cursor);
				if (err)
					return err;
			}
			continue;
		}
		char *context = xasprintf("%s_%s", b->m->records[record].name, name);
		err = describe(b, members[i].type, context, &type);
		free(context);
		if (err)
			return err;
		size = btf__resolve_size(b->btf, members[i].type);
		if (offset > *cursor)
			add_field(&b->m->records[record], NULL, *cursor, offset - *cursor, NULL);
		if (offset % type_align(b->m, &type))
			type = byte_array((unsigned)size); /* packed: Go cannot align it */
		add_field(&b->m->records[record], name, offset, (unsigned)size, &type);
		*cursor = offset + (unsigned)size;
	}
	return 0;
}

/* Sets the record's alignment; where its size is no multiple of it (a packed
 * struct), the fields that force it become byte arrays. */
static void settle_alignment(struct gen_model *m, struct gen_record *r)
{
	for (;;) {
		unsigned align = 1;

		for (size_t i = 0; i < r->field_count; i++)
			if (type_align(m, &r->fields[i].type) > align)
				align = type_align(m, &r->fields[i].type);
		r->align = align;
		if (r->size % align == 0)
			return;
		for (size_t i = 0; i < r->field_count; i++)
			if (r->size % type_align(m, &r->fields[i].type))
				r->fields[i].type = byte_array(r->fields[i].size);
	}
}

static int add_enum_values(struct gen_record *r, const struct btf_type *t, const struct btf *btf)
{
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const char *name;
		int64_t value;

		if (btf_is_enum(t)) {
			name = btf__name_by_offset(btf, btf_enum(t)[i].name_off);
			value = r->enum_signed ? btf_enum(t)[i].val : (int64_t)(uint32_t)btf_enum(t)[i].val;
		} else {
			name = btf__name_by_offset(btf, btf_enum64(t)[i].name_off);
			value = (int64_t)btf_enum64_value(&btf_enum64(t)[i]);
		}
		r->values = xrealloc(r->values, r->value_count + 1, sizeof(*r->values));
		r->values[r->value_count++] = (struct gen_enum_value){ xstrdup(name), value };
	}
	return 0;
}

/* The record for the struct, union or enum `id`, made on first use. */
static int record_for(struct builder *b, uint32_t id, const char *name, size_t *index)
{
	const struct btf_type *t = btf__type_by_id(b->btf, id);
	struct gen_record *r;
	unsigned cursor = 0;
	int err;

	for (size_t i = 0; i < b->m->record_count; i++)
		if (b->m->records[i].btf_id == id) {
			*index = i;
			return 0;
		}
	*index = b->m->record_count;
	b->m->records = xrealloc(b->m->records, b->m->record_count + 1, sizeof(*b->m->records));
	r = &b->m->records[b->m->record_count++];
	*r = (struct gen_record){ .name = xstrdup(name), .btf_id = id, .size = t->size, .align = 1 };
	if (btf_is_any_enum(t)) {
		r->is_enum = true;
		r->enum_signed = btf_kflag(t);
		r->align = t->size;
		return add_enum_values(r, t, b->btf);
	}
	/* While its fields are described, the record may move: use the index. */
	err = add_members(b, *index, t, 0, &cursor);
	if (err)
		return err;
	r = &b->m->records[*index];
	if (cursor > r->size) {
		diag_error(b->diags, "type %s: fields end at byte %u, after its size %u", name, cursor,
			   r->size);
		return -EINVAL;
	}
	if (cursor < r->size)
		add_field(r, NULL, cursor, r->size - cursor, NULL);
	settle_alignment(b->m, r);
	return 0;
}

/* Describes BTF type `id`; `context` names an anonymous struct by where it is
 * used ("lastEvent", "packetEvent_Labels"). */
static int describe(struct builder *b, uint32_t id, const char *context, struct gen_type *out)
{
	const char *name = NULL;
	const struct btf_type *t;
	unsigned dims[GEN_MAX_DIMS];
	unsigned ndims = 0;

	for (;;) {
		t = btf__type_by_id(b->btf, id);
		if (!t) {
			diag_error(b->diags, "%s: BTF type %u does not exist", context, id);
			return -EINVAL;
		}
		if (btf_is_mod(t) || btf_is_typedef(t) || btf_is_type_tag(t)) {
			if (btf_is_typedef(t) && !name)
				name = btf_name(b, t);
			id = t->type;
		} else if (btf_is_array(t)) {
			if (ndims == GEN_MAX_DIMS) {
				diag_error(b->diags, "%s: arrays nest deeper than %d", context,
					   GEN_MAX_DIMS);
				return -EINVAL;
			}
			dims[ndims++] = btf_array(t)->nelems;
			id = btf_array(t)->type;
			name = NULL; /* a typedef of the array does not name the element */
		} else {
			break;
		}
	}
	*out = (struct gen_type){ .ndims = ndims };
	memcpy(out->dims, dims, sizeof(dims[0]) * ndims);
	if (!name || !name[0])
		name = btf_name(b, t);
	if (!name || !name[0])
		name = context;

	if (btf_is_int(t)) {
		unsigned char enc = btf_int_encoding(t);

		if (enc & BTF_INT_BOOL && t->size == 1) {
			out->base = GEN_BOOL;
			return 0;
		}
		out->base = GEN_INT;
		out->int_size = t->size;
		out->is_signed = enc & BTF_INT_SIGNED;
		out->is_byte = t->size == 1 && (enc & BTF_INT_CHAR || !strcmp(name, "byte"));
		if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8) {
			/* __int128 and friends: bytes, one dimension further in */
			if (ndims == GEN_MAX_DIMS) {
				diag_error(b->diags, "%s: arrays nest deeper than %d (a %u-byte "
					   "integer is an array of bytes in Go)", context,
					   GEN_MAX_DIMS, t->size);
				return -EINVAL;
			}
			out->dims[out->ndims++] = t->size;
			out->int_size = 1;
			out->is_signed = false;
			out->is_byte = true;
		}
		return 0;
	}
	if (btf_is_ptr(t)) {
		/* A kernel or BPF address: a number to userspace. */
		out->base = GEN_INT;
		out->int_size = 8;
		return 0;
	}
	if (btf_is_float(t) && (t->size == 4 || t->size == 8)) {
		out->base = GEN_FLOAT;
		out->int_size = t->size;
		return 0;
	}
	if (btf_is_composite(t) || btf_is_any_enum(t)) {
		if (btf_is_any_enum(t) && !btf_name(b, t)[0] && name == context) {
			out->base = GEN_INT; /* an anonymous enum is just its integer */
			out->int_size = t->size;
			out->is_signed = btf_kflag(t);
			return 0;
		}
		out->base = GEN_RECORD;
		return record_for(b, id, name, &out->index);
	}
	diag_error(b->diags, "%s: BTF kind %u has no userspace representation", context,
		   btf_kind(t));
	return -EINVAL;
}

static int compare_records(const void *a, const void *b)
{
	return strcmp((*(const struct gen_record *const *)a)->name,
		      (*(const struct gen_record *const *)b)->name);
}

static void renumber(struct gen_type *t, const size_t *new_index)
{
	if (t->base == GEN_RECORD)
		t->index = new_index[t->index];
}

/* Sorts the records by name, so the output does not depend on the order the
 * BTF lists types in, and refuses two types of one name. */
static int sort_records(struct gen_model *m, struct tb_diags *diags)
{
	size_t n = m->record_count;
	struct gen_record **order = xcalloc(n, sizeof(*order));
	struct gen_record *sorted = xcalloc(n, sizeof(*sorted));
	size_t *new_index = xcalloc(n, sizeof(*new_index));
	int err = 0;

	for (size_t i = 0; i < n; i++)
		order[i] = &m->records[i];
	if (n > 1) /* qsort's array may not be NULL, even for 0 elements */
		qsort(order, n, sizeof(*order), compare_records);
	for (size_t i = 0; i < n; i++) {
		new_index[order[i] - m->records] = i;
		sorted[i] = *order[i];
		if (i && !strcmp(order[i]->name, order[i - 1]->name)) {
			diag_error(diags, "two different BTF types are named %s (ids %u and %u)",
				   order[i]->name, order[i - 1]->btf_id, order[i]->btf_id);
			err = -EINVAL;
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t f = 0; f < sorted[i].field_count; f++)
			renumber(&sorted[i].fields[f].type, new_index);
	for (size_t i = 0; i < m->map_count; i++) {
		renumber(&m->maps[i].key, new_index);
		renumber(&m->maps[i].value, new_index);
		renumber(&m->maps[i].record, new_index);
		for (size_t v = 0; v < m->maps[i].variable_count; v++)
			renumber(&m->maps[i].variables[v].type, new_index);
	}
	free(m->records);
	m->records = sorted;
	free(order);
	free(new_index);
	return err;
}

static int compare_variables(const void *a, const void *b)
{
	const struct gen_variable *x = a, *y = b;

	return (x->offset > y->offset) - (x->offset < y->offset);
}

/* The variables of a global data section, from its BTF DATASEC. */
static int describe_section(struct builder *b, struct gen_map *map, uint32_t datasec_id)
{
	const struct btf_type *sec = btf__type_by_id(b->btf, datasec_id);
	const struct btf_var_secinfo *vs;

	if (!sec || !btf_is_datasec(sec))
		return 0; /* no BTF for this section: nothing to lay out */
	free(map->name);
	map->name = xstrdup(btf_name(b, sec));
	vs = btf_var_secinfos(sec);
	for (unsigned i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *var = btf__type_by_id(b->btf, vs[i].type);
		struct gen_variable *v;
		int err;

		if (!var || !btf_is_var(var) || btf_var(var)->linkage != BTF_VAR_GLOBAL_ALLOCATED)
			continue;
		map->variables = xrealloc(map->variables, map->variable_count + 1,
					  sizeof(*map->variables));
		v = &map->variables[map->variable_count++];
		*v = (struct gen_variable){ .name = xstrdup(btf_name(b, var)), .offset = vs[i].offset,
					    .size = vs[i].size };
		err = describe(b, var->type, v->name, &v->type);
		if (err)
			return err;
	}
	if (map->variable_count > 1)
		qsort(map->variables, map->variable_count, sizeof(*map->variables),
		      compare_variables);
	return 0;
}

/*
 * A map's BTF definition is a VAR in the .maps DATASEC whose struct has a
 * member `type`: a pointer to an array whose length is the map type. Loaders
 * read only the length (libbpf's get_map_field_int, cilium/ebpf's
 * uintFromBTF); tinybpf puts a ring buffer's or perf event array's record
 * type there as the element type (bpf.RingBuf[T], docs/maps.md), where C has
 * int. Returns that element type's id, or 0.
 */
static uint32_t record_type_id(const struct btf *btf, const char *map_name)
{
	int32_t sec = btf__find_by_name_kind(btf, ".maps", BTF_KIND_DATASEC);
	const struct btf_type *ds = sec > 0 ? btf__type_by_id(btf, (uint32_t)sec) : NULL;
	const struct btf_var_secinfo *vs = ds ? btf_var_secinfos(ds) : NULL;

	for (unsigned i = 0; ds && i < btf_vlen(ds); i++) {
		const struct btf_type *var = btf__type_by_id(btf, vs[i].type);
		const struct btf_type *def, *t;
		const struct btf_member *members;

		if (!var || !btf_is_var(var) || strcmp(btf__name_by_offset(btf, var->name_off), map_name))
			continue;
		def = btf__type_by_id(btf, btf__resolve_type(btf, var->type));
		if (!def || !btf_is_struct(def))
			return 0;
		members = btf_members(def);
		for (unsigned m = 0; m < btf_vlen(def); m++) {
			uint32_t elem;

			if (strcmp(btf__name_by_offset(btf, members[m].name_off), "type"))
				continue;
			t = btf__type_by_id(btf, members[m].type);
			if (!t || !btf_is_ptr(t))
				return 0;
			t = btf__type_by_id(btf, t->type);
			if (!t || !btf_is_array(t))
				return 0;
			elem = btf_array(t)->type;
			t = btf__type_by_id(btf, btf__resolve_type(btf, elem));
			return t && (btf_is_composite(t) || btf_is_any_enum(t)) ? elem : 0;
		}
		return 0;
	}
	return 0;
}

static int describe_map(struct builder *b, struct bpf_map *bm, struct gen_map *map)
{
	uint32_t key = bpf_map__btf_key_type_id(bm), value = bpf_map__btf_value_type_id(bm);
	int err = 0;

	*map = (struct gen_map){ .name = xstrdup(bpf_map__name(bm)),
				 .internal = bpf_map__is_internal(bm),
				 .size = bpf_map__value_size(bm) };
	if (map->internal)
		return describe_section(b, map, value);
	if (key) {
		char *context = xasprintf("%s_key", map->name);

		map->has_key = true;
		err = describe(b, key, context, &map->key);
		free(context);
	}
	if (value && !err) {
		char *context = xasprintf("%s_value", map->name);

		map->has_value = true;
		err = describe(b, value, context, &map->value);
		free(context);
	}
	if (!err && (bpf_map__type(bm) == BPF_MAP_TYPE_RINGBUF ||
		     bpf_map__type(bm) == BPF_MAP_TYPE_PERF_EVENT_ARRAY)) {
		uint32_t record = record_type_id(b->btf, map->name);
		char *context = xasprintf("%s_record", map->name);

		if (record) {
			map->has_record = true;
			err = describe(b, record, context, &map->record);
		}
		free(context);
	}
	return err;
}

static int describe_named_type(struct builder *b, const char *name)
{
	int32_t id = btf__find_by_name(b->btf, name);
	struct gen_type type;

	if (id <= 0) {
		diag_error(b->diags, "type %s is not in the object's BTF (see 'tinybpf generate "
				     "--help' for how a type gets there)", name);
		return -ENOENT;
	}
	if (describe(b, (uint32_t)id, name, &type))
		return -EINVAL;
	if (type.base != GEN_RECORD || type.ndims) {
		diag_error(b->diags, "type %s is not a struct, union or enum", name);
		return -EINVAL;
	}
	return 0;
}

static int compare_programs(const void *a, const void *b)
{
	return strcmp(((const struct gen_program *)a)->name, ((const struct gen_program *)b)->name);
}

static int compare_maps(const void *a, const void *b)
{
	return strcmp(((const struct gen_map *)a)->name, ((const struct gen_map *)b)->name);
}

/* libbpf's print callback has no user pointer; the first warning while the
 * object opens is why it did not. */
static char open_failure[256];

static int keep_first_warning(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN && !open_failure[0]) {
		vsnprintf(open_failure, sizeof(open_failure), fmt, ap);
		open_failure[strcspn(open_failure, "\n")] = '\0';
	}
	return 0;
}

/* Objects of BPF programs are kilobytes to a few megabytes. */
#define MAX_OBJECT_SIZE (256ull << 20)

static int read_file(struct gen_model *m, const char *path, struct tb_diags *diags)
{
	char *data;
	size_t size;
	int err = read_bounded(path, MAX_OBJECT_SIZE, "cannot read it", &data, &size, diags);

	if (err)
		return err;
	m->bytes = (unsigned char *)data;
	m->byte_count = size;
	/* ELF identification: EI_DATA is 2 for big-endian. */
	if (m->byte_count < 16 || memcmp(m->bytes, "\x7f" "ELF", 4)) {
		diag_error(diags, "%s is not an ELF object", path);
		return -EINVAL;
	}
	m->big_endian = m->bytes[5] == 2;
	return 0;
}

static struct bpf_object *open_object(const char *path, struct tb_diags *diags)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	libbpf_print_fn_t previous;
	struct bpf_object *obj;

	open_failure[0] = '\0';
	previous = libbpf_set_print(keep_first_warning);
	obj = bpf_object__open_file(path, &opts);
	libbpf_set_print(previous);
	if (!obj)
		diag_error(diags, "%s is not a BPF object libbpf can open: %s", path,
			   open_failure[0] ? open_failure : strerror(errno));
	else if (!bpf_object__btf(obj))
		diag_error(diags, "%s has no BTF: generate describes types from it", path);
	return obj;
}

int gen_model_load(struct gen_model *m, const char *path, const char *const *types,
		   size_t type_count, struct tb_diags *diags)
{
	struct builder b = { .m = m, .diags = diags };
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	const char *slash = strrchr(path, '/');
	int err;

	*m = (struct gen_model){ .object_name = xstrdup(slash ? slash + 1 : path) };
	err = read_file(m, path, diags);
	if (err)
		return err;
	obj = open_object(path, diags);
	if (!obj)
		return -EINVAL;
	if (!bpf_object__btf(obj)) {
		bpf_object__close(obj);
		return -EINVAL;
	}
	b.btf = bpf_object__btf(obj);
	bpf_object__for_each_program(prog, obj) {
		m->programs = xrealloc(m->programs, m->program_count + 1, sizeof(*m->programs));
		m->programs[m->program_count++] = (struct gen_program){
			xstrdup(bpf_program__name(prog)), xstrdup(bpf_program__section_name(prog))
		};
	}
	bpf_object__for_each_map(map, obj) {
		m->maps = xrealloc(m->maps, m->map_count + 1, sizeof(*m->maps));
		err = describe_map(&b, map, &m->maps[m->map_count++]);
		if (err)
			break;
	}
	for (size_t i = 0; i < type_count && !err; i++)
		err = describe_named_type(&b, types[i]);
	bpf_object__close(obj);
	if (err)
		return err;
	if (m->program_count > 1)
		qsort(m->programs, m->program_count, sizeof(*m->programs), compare_programs);
	if (m->map_count > 1)
		qsort(m->maps, m->map_count, sizeof(*m->maps), compare_maps);
	return sort_records(m, diags);
}

void gen_model_free(struct gen_model *m)
{
	for (size_t i = 0; i < m->program_count; i++) {
		free(m->programs[i].name);
		free(m->programs[i].section);
	}
	for (size_t i = 0; i < m->map_count; i++) {
		for (size_t v = 0; v < m->maps[i].variable_count; v++)
			free(m->maps[i].variables[v].name);
		free(m->maps[i].variables);
		free(m->maps[i].name);
	}
	for (size_t i = 0; i < m->record_count; i++) {
		for (size_t f = 0; f < m->records[i].field_count; f++)
			free(m->records[i].fields[f].name);
		for (size_t v = 0; v < m->records[i].value_count; v++)
			free(m->records[i].values[v].name);
		free(m->records[i].fields);
		free(m->records[i].values);
		free(m->records[i].name);
	}
	free(m->programs);
	free(m->maps);
	free(m->records);
	free(m->bytes);
	free(m->object_name);
	*m = (struct gen_model){ 0 };
}
