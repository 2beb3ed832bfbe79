// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>
#include <llvm-c/DebugInfo.h>

#include "../llvm_shim.h"
#include "passes.h"

/*
 * libbpf (1.0 and later) and cilium/ebpf read maps from BTF: a variable in
 * .maps whose type is a struct of pointers, each member `int (*name)[VALUE]`
 * (what C's __uint(name, VALUE) expands to), `T *key` / `T *value` for
 * __type(key, T), and a last member `struct inner *values[]` for a
 * map-in-map's inner map (__array(values, struct inner)). The Go side
 * (docs/maps.md) declares
 *   var events = bpfMapDef{Type: 27, MaxEntries: 1 << 24}
 * or any struct in .maps whose fields are attributes, Key *K, Value *V and
 * Values [N]*Inner; each declared non-zero attribute and each typed field is
 * encoded that way, and nothing else.
 *
 * The SDK's typed maps (bpf/maps.go: bpf.HashMap[K, V], bpf.RingBuf[T], ...)
 * are such structs already: `typ *[N]int32` (an attribute as an array
 * length, libbpf's own encoding), `key *K`, `value *V`, then MaxEntries,
 * Flags (map_flags) and Pinning; a map of maps has `Inner *M`, its template,
 * and `Values []*M`, its initial slots. For ring buffers and perf event
 * arrays the element type of `type`'s array is the record type T, which
 * loaders ignore and `tinybpf generate` reads; for a bpfMapDef ring buffer it
 * is inferred from the records the program outputs.
 */

enum member_kind {
	MEMBER_INT,    /* an attribute: its value is the array's length */
	MEMBER_TYPE,   /* Key, Value: a pointer to the Go type */
	MEMBER_VALUES, /* Values: the inner map's template and initial slots */
	MEMBER_INNER,  /* Inner: a map whose definition is the template; no BTF member */
};

struct field {
	const char *go_name;
	const char *btf_name;
	enum member_kind kind;
};

/* Go field names: the seeds' exported ones, and the SDK's unexported
 * pointer-to-array and key/value members (which a .maps struct may use too). */
static const struct field fields[] = {
	{ "Type", "type", MEMBER_INT },
	{ "typ", "type", MEMBER_INT },
	{ "KeySize", "key_size", MEMBER_INT },
	{ "keySize", "key_size", MEMBER_INT },
	{ "ValueSize", "value_size", MEMBER_INT },
	{ "valueSize", "value_size", MEMBER_INT },
	{ "MaxEntries", "max_entries", MEMBER_INT },
	{ "MapFlags", "map_flags", MEMBER_INT },
	{ "Flags", "map_flags", MEMBER_INT },
	{ "Pinning", "pinning", MEMBER_INT },
	{ "NumaNode", "numa_node", MEMBER_INT },
	{ "MapExtra", "map_extra", MEMBER_INT },
	{ "Key", "key", MEMBER_TYPE },
	{ "key", "key", MEMBER_TYPE },
	{ "Value", "value", MEMBER_TYPE },
	{ "value", "value", MEMBER_TYPE },
	{ "Values", "values", MEMBER_VALUES },
	{ "Inner", "", MEMBER_INNER },
};

#define FIELD_NAMES \
	"Type, KeySize, ValueSize, MaxEntries, MapFlags (or Flags), Pinning, NumaNode, MapExtra, " \
	"Key, Value, Values, Inner"

/* The SDK's map types: TinyGo names the instance "<package>.<Kind>[<args>]". */
#define SDK_PACKAGE "github.com/tinybpf/tinybpf/bpf."
static const char *const sdk_kinds[] = {
	"HashMap",     "LRUHashMap", "PerCPUHashMap", "LRUPerCPUHashMap", "Array",
	"PerCPUArray", "RingBuf",    "PerfEventArray", "Queue",	     "Stack",
	"LPMTrie",     "ProgArray",  "ArrayOfMaps",   "HashOfMaps",	     "TaskStorage",
	"InodeStorage", "SkStorage", "CgrpStorage",
};

struct member {
	const struct field *field;
	unsigned long long value; /* MEMBER_INT */
	LLVMMetadataRef type;     /* MEMBER_TYPE: the Go pointer type; MEMBER_VALUES: the
				     Go type the slots point to */
	LLVMMetadataRef record;   /* MEMBER_INT "type": the element type of its array when
				     it is a record type (ring buffer, perf event array) */
};

struct map_def {
	char *name;
	LLVMValueRef global;
	LLVMMetadataRef go_type;
	bool sdk; /* a bpf.HashMap[...]-style type: messages name its fields */
	struct member members[ARRAY_SIZE(fields)];
	size_t member_count;
	unsigned slots_field; /* Values' field in the Go initializer */
	bool slots_slice;     /* Values is a slice ([]*M), not an array */
	unsigned slot_count;
	LLVMValueRef inner_global;   /* Inner: the template's variable */
	const struct map_def *inner; /* the template of a map-in-map */
};

static bool is_sdk_map_type(const char *type)
{
	if (!str_starts_with(type, SDK_PACKAGE))
		return false;
	type += strlen(SDK_PACKAGE);
	for (size_t i = 0; i < ARRAY_SIZE(sdk_kinds); i++) {
		size_t n = strlen(sdk_kinds[i]);

		if (!strncmp(type, sdk_kinds[i], n) && (type[n] == '[' || !type[n]))
			return true;
	}
	return false;
}

/* The SDK's map structs start with `typ *[N]...`; a type alias of one
 * (type counter = bpf.Array[uint64]) has the alias's name in debug info,
 * so the first member says it too. */
static bool starts_like_sdk_map(LLVMValueRef g)
{
	struct di_member *members;
	size_t count = di_global_members(g, &members);
	LLVMMetadataRef element;
	uint64_t length;
	bool yes = count && !strcmp(members[0].name, "typ") &&
		   di_pointer_to_array(members[0].type, &length, &element);

	di_members_free(members, count);
	return yes;
}

static bool is_map_definition(LLVMValueRef g, bool *sdk)
{
	const char *sec = LLVMGetSection(g);
	char *type = di_global_type_name(g);
	bool yes = false;

	*sdk = false;
	if (type) {
		const char *dot = strrchr(type, '.');

		*sdk = is_sdk_map_type(type) || starts_like_sdk_map(g);
		yes = *sdk || !strcmp(dot ? dot + 1 : type, "bpfMapDef");
		free(type);
	}
	return yes || (sec && !strcmp(sec, ".maps"));
}

static char *map_name(LLVMValueRef g)
{
	char *go = di_global_name(g);
	char *name = go ? go : value_name(g);
	const char *dot = strrchr(name, '.');
	char *out = xstrdup(dot ? dot + 1 : name);

	free(name);
	return out;
}

static const struct field *field_for(const char *go_name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (!strcmp(fields[i].go_name, go_name))
			return &fields[i];
	return NULL;
}

static const struct member *find_member(const struct map_def *def, const char *btf_name)
{
	for (size_t i = 0; i < def->member_count; i++)
		if (!strcmp(def->members[i].field->btf_name, btf_name))
			return &def->members[i];
	return NULL;
}

static unsigned long long int_attribute(const struct map_def *def, const char *btf_name)
{
	const struct member *m = find_member(def, btf_name);

	return m && m->field->kind == MEMBER_INT ? m->value : 0;
}

/* Whether a Go type is the plain int32 of `int (*type)[N]`. */
static bool is_plain_int(LLVMMetadataRef type)
{
	size_t len;
	const char *name = type ? LLVMDITypeGetName(type, &len) : NULL;

	return name && ((len == 5 && !strncmp(name, "int32", 5)) || (len == 3 && !strncmp(name, "int", 3)));
}

/* The slots of Values: a constant array of pointers (or null), and how many. */
static int read_slots(struct compile *c, struct map_def *def, const struct di_member *go,
		      LLVMValueRef value, struct member *m, unsigned index)
{
	if (di_array_of_pointers(go->type, &m->type)) {
		def->slots_field = index;
		def->slot_count = (unsigned)(go->size / 8);
		return 0;
	}
	if (di_slice_of_pointers(go->type, &m->type)) {
		LLVMValueRef data = value ? LLVMGetAggregateElement(value, 0) : NULL;
		LLVMValueRef len = value ? LLVMGetAggregateElement(value, 1) : NULL;

		def->slots_field = index;
		def->slots_slice = true;
		if (!data || LLVMIsNull(data) || LLVMIsUndef(data))
			return 0;
		if (!LLVMIsAGlobalVariable(data) || !LLVMGetInitializer(data) || !len ||
		    !LLVMIsAConstantInt(len) ||
		    LLVMGetArrayLength2(LLVMGlobalGetValueType(data)) != LLVMConstIntGetZExtValue(len)) {
			diag_at(c->diags, TB_ERROR, def->global,
				"map %s: Values must be a slice literal of map variables, e.g. "
				"Values: []*T{&a, &b}",
				def->name);
			return -EINVAL;
		}
		def->slot_count = (unsigned)LLVMConstIntGetZExtValue(len);
		return 0;
	}
	diag_at(c->diags, TB_ERROR, def->global,
		"map %s: field Values must be an array of pointers to the inner maps' type, e.g. "
		"Values [2]*innerMap",
		def->name);
	return -EINVAL;
}

/* Reads one Go field into def; an error names the map and the field. */
static int read_field(struct compile *c, struct map_def *def, const struct di_member *go,
		      unsigned index)
{
	LLVMValueRef value = LLVMGetAggregateElement(LLVMGetInitializer(def->global), index);
	const struct field *field = field_for(go->name);
	struct member m = { field, 0, NULL, NULL };
	LLVMMetadataRef element;
	uint64_t count;

	if (!field) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: field %s is not a map attribute (known: " FIELD_NAMES ")", def->name,
			go->name);
		return -EINVAL;
	}
	if (find_member(def, field->btf_name) && field->kind != MEMBER_INNER) {
		diag_at(c->diags, TB_ERROR, def->global, "map %s: field %s declares %s a second time",
			def->name, go->name, field->btf_name);
		return -EINVAL;
	}
	switch (field->kind) {
	case MEMBER_INT:
		if (di_pointer_to_array(go->type, &count, &element)) {
			/* libbpf's own encoding: the attribute is the array's length */
			m.value = count;
			if (!strcmp(field->btf_name, "type") && !is_plain_int(element))
				m.record = element;
			if (!m.value)
				return 0;
			break;
		}
		if (!value || !LLVMIsAConstantInt(value)) {
			diag_at(c->diags, TB_ERROR, def->global,
				"map %s: field %s must be a constant integer", def->name, go->name);
			return -EINVAL;
		}
		m.value = LLVMConstIntGetZExtValue(value);
		if (!m.value)
			return 0; /* zero means unset, as an omitted __uint() in C */
		break;
	case MEMBER_TYPE:
		if (!di_pointer_target(go->type, &(LLVMMetadataRef){ NULL })) {
			diag_at(c->diags, TB_ERROR, def->global,
				"map %s: field %s must be a pointer to the %s type, e.g. %s *uint32",
				def->name, go->name, field->btf_name, go->name);
			return -EINVAL;
		}
		m.type = go->type;
		break;
	case MEMBER_VALUES:
		if (read_slots(c, def, go, value, &m, index))
			return -EINVAL;
		break;
	case MEMBER_INNER:
		if (!di_pointer_target(go->type, &(LLVMMetadataRef){ NULL })) {
			diag_at(c->diags, TB_ERROR, def->global,
				"map %s: field Inner must point to a map variable, its inner maps' "
				"template",
				def->name);
			return -EINVAL;
		}
		if (value && !LLVMIsNull(value))
			def->inner_global = value;
		return 0; /* not a BTF member */
	}
	def->members[def->member_count++] = m;
	return 0;
}

/* libbpf accepts a size beside a type, cilium/ebpf refuses it: one of them. */
static int check_type_or_size(struct compile *c, const struct map_def *def, const char *type_name,
			      const char *size_name)
{
	const struct member *typed = find_member(def, type_name);
	const struct member *size = find_member(def, size_name);

	if (!typed || !size)
		return 0;
	diag_at(c->diags, TB_ERROR, def->global,
		"map %s: declare %s or %s, not both (cilium/ebpf refuses a map with both; the "
		"type gives the size)",
		def->name, typed->field->go_name, size->field->go_name);
	return -EINVAL;
}

static int check_values(struct compile *c, const struct map_def *def)
{
	const struct member *values = find_member(def, "values");
	unsigned long long type = int_attribute(def, "type");

	if (!values)
		return 0;
	if (values != &def->members[def->member_count - 1]) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: Values must be the last field, as loaders require", def->name);
		return -EINVAL;
	}
	if (type == BPF_MAP_TYPE_PROG_ARRAY) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: a prog array's slots cannot be filled from Go; leave out Values "
			"and fill it from user space",
			def->name);
		return -EINVAL;
	}
	if (type != BPF_MAP_TYPE_ARRAY_OF_MAPS && type != BPF_MAP_TYPE_HASH_OF_MAPS) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: only a map of maps (Type 12 or 13) has Values", def->name);
		return -EINVAL;
	}
	return 0;
}

/* "a hash map", "an LPM trie": the kind of map for messages. */
static const char *kind_name(unsigned long long type)
{
	static const struct {
		unsigned type;
		const char *name;
	} kinds[] = {
		{ 1, "a hash map" },		  { 2, "an array" },
		{ 3, "a prog array" },		  { 4, "a perf event array" },
		{ 5, "a per-CPU hash map" },	  { 6, "a per-CPU array" },
		{ 9, "an LRU hash map" },	  { 10, "an LRU per-CPU hash map" },
		{ 11, "an LPM trie" },		  { 12, "an array of maps" },
		{ 13, "a hash of maps" },	  { 22, "a queue" },
		{ 23, "a stack" },		  { 24, "a socket storage map" },
		{ 27, "a ring buffer" },	  { 28, "an inode storage map" },
		{ 29, "a task storage map" },	  { 30, "a bloom filter" },
		{ 31, "a user ring buffer" },	  { 32, "a cgroup storage map" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i].type == type)
			return kinds[i].name;
	return "a map of this type";
}

static bool is_local_storage(unsigned long long type)
{
	return type == BPF_MAP_TYPE_SK_STORAGE || type == BPF_MAP_TYPE_INODE_STORAGE ||
	       type == BPF_MAP_TYPE_TASK_STORAGE || type == BPF_MAP_TYPE_CGRP_STORAGE;
}

/*
 * What the kernel refuses at map creation, said at the Go line instead: a
 * missing type or size, and flags some kinds require. tinybpf never adds an
 * attribute the program did not declare (the object would then differ from
 * its source), so a missing one is an error that says what to write.
 */
static int check_attributes(struct compile *c, const struct map_def *def)
{
	unsigned long long type = int_attribute(def, "type");
	unsigned long long max = int_attribute(def, "max_entries");
	unsigned long long flags = int_attribute(def, "map_flags");
	const char *flags_field = def->sdk ? "Flags: bpf.MapNoPrealloc" : "MapFlags: 1";

	if (!type) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: no Type: every map needs one (e.g. Type: 1 for a hash map; "
			"bpf.MapType... names them all)",
			def->name);
		return -EINVAL;
	}
	if (is_local_storage(type) || type == BPF_MAP_TYPE_CGROUP_STORAGE ||
	    type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE) {
		if (max) {
			diag_at(c->diags, TB_ERROR, def->global,
				"map %s: %s has no MaxEntries (the kernel refuses any, it holds one "
				"value per owner); leave it out",
				def->name, kind_name(type));
			return -EINVAL;
		}
	} else if (!max && type != BPF_MAP_TYPE_PERF_EVENT_ARRAY && type != BPF_MAP_TYPE_STRUCT_OPS) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: MaxEntries is missing: %s needs it (the kernel refuses 0)", def->name,
			kind_name(type));
		return -EINVAL;
	}
	if ((type == BPF_MAP_TYPE_LPM_TRIE || is_local_storage(type)) &&
	    !(flags & BPF_F_NO_PREALLOC)) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: %s needs %s (BPF_F_NO_PREALLOC): the kernel refuses it without, "
			"and tinybpf does not add flags you did not write",
			def->name, kind_name(type), flags_field);
		return -EINVAL;
	}
	if (type == BPF_MAP_TYPE_RINGBUF && (max < 4096 || (max & (max - 1)))) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: a ring buffer's MaxEntries is its size in bytes: a power of 2 and a "
			"multiple of the page size (at least 4096), not %llu",
			def->name, max);
		return -EINVAL;
	}
	if (def->inner_global && type != BPF_MAP_TYPE_ARRAY_OF_MAPS &&
	    type != BPF_MAP_TYPE_HASH_OF_MAPS) {
		diag_at(c->diags, TB_ERROR, def->global, "map %s: only a map of maps has Inner",
			def->name);
		return -EINVAL;
	}
	/* libbpf makes the inner maps' template from Values' BTF only: without
	 * it the kernel refuses to create the map (no inner map fd, EINVAL). */
	if ((type == BPF_MAP_TYPE_ARRAY_OF_MAPS || type == BPF_MAP_TYPE_HASH_OF_MAPS) &&
	    !find_member(def, "values")) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: %s needs Values, an array of pointers to the inner maps' type "
			"(e.g. Values [0]*T when user space fills every slot): loaders make the "
			"inner maps' template from it",
			def->name, kind_name(type));
		return -EINVAL;
	}
	return 0;
}

static int read_definition(struct compile *c, LLVMValueRef g, bool sdk, struct map_def *def)
{
	struct di_member *members;
	size_t count = di_global_members(g, &members);
	LLVMValueRef init = LLVMGetInitializer(g);
	int err = 0;

	def->name = map_name(g);
	def->global = g;
	def->go_type = di_global_type(g);
	def->sdk = sdk;
	if (!count || !init) {
		diag_at(c->diags, TB_ERROR, g, "map %s: cannot read its definition", def->name);
		di_members_free(members, count);
		return -EINVAL;
	}
	for (size_t i = 0; i < count; i++)
		if (read_field(c, def, &members[i], (unsigned)i))
			err = -EINVAL;
	di_members_free(members, count);
	if (!err && (check_type_or_size(c, def, "key", "key_size") ||
		     check_type_or_size(c, def, "value", "value_size") || check_values(c, def) ||
		     check_attributes(c, def)))
		err = -EINVAL;
	return err;
}

static bool same_definition(const struct map_def *a, const struct map_def *b)
{
	if (a->member_count != b->member_count)
		return false;
	for (size_t i = 0; i < a->member_count; i++)
		if (strcmp(a->members[i].field->btf_name, b->members[i].field->btf_name) ||
		    a->members[i].value != b->members[i].value ||
		    a->members[i].type != b->members[i].type ||
		    a->members[i].record != b->members[i].record)
			return false;
	return true;
}

static struct map_def *map_of_global(struct map_def *defs, size_t count, LLVMValueRef g)
{
	for (size_t i = 0; i < count; i++)
		if (defs[i].global == g)
			return &defs[i];
	return NULL;
}

/* Values' initial contents. Read from the initializer each time: rewriting an
 * inner map replaces the constant that holds it. */
static LLVMValueRef slots(const struct map_def *def)
{
	LLVMValueRef field = LLVMGetAggregateElement(LLVMGetInitializer(def->global), def->slots_field);

	if (def->slots_slice) /* {ptr, len, cap}: the array a package-level slice literal made */
		return def->slot_count ? LLVMGetInitializer(LLVMGetAggregateElement(field, 0)) : NULL;
	return field;
}

/*
 * The SDK's ArrayOfMaps/HashOfMaps name their template: Inner, or else the
 * first of Values. Every slot must be defined like it, as the kernel checks
 * (bpf_map_meta_equal) when it fills the slots at load.
 */
static int resolve_named_inner(struct compile *c, struct map_def *outer, struct map_def *defs,
			       size_t count)
{
	LLVMValueRef first = outer->slot_count ? LLVMGetAggregateElement(slots(outer), 0) : NULL;
	LLVMValueRef template = outer->inner_global ? outer->inner_global : first;

	outer->inner = template ? map_of_global(defs, count, template) : NULL;
	if (!outer->inner) {
		diag_at(c->diags, TB_ERROR, outer->global,
			template ? "map %s: Inner is not a map variable"
				 : "map %s: a map of maps needs its inner maps' template: set Inner: "
				   "&m, a map variable defined like every inner map (or give Values)",
			outer->name);
		return -EINVAL;
	}
	if (find_member(outer->inner, "values")) {
		diag_at(c->diags, TB_ERROR, outer->global,
			"map %s: its inner maps are maps of maps, which loaders refuse", outer->name);
		return -EINVAL;
	}
	for (unsigned i = 0; i < outer->slot_count; i++) {
		LLVMValueRef slot = LLVMGetAggregateElement(slots(outer), i);
		const struct map_def *inner = slot && !LLVMIsNull(slot) ?
						      map_of_global(defs, count, slot) :
						      NULL;

		if (slot && !LLVMIsNull(slot) && !inner) {
			diag_at(c->diags, TB_ERROR, outer->global,
				"map %s: slot %u of Values is not a map variable", outer->name, i);
			return -EINVAL;
		}
		if (inner && !same_definition(inner, outer->inner)) {
			diag_at(c->diags, TB_ERROR, outer->global,
				"map %s: slot %u of Values, %s, is defined differently from the "
				"template %s (the kernel refuses it at load)",
				outer->name, i, inner->name, outer->inner->name);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * A map-in-map's template is the definition of the maps of Values' element
 * type: Go types carry no values, so the template comes from the variables of
 * that type, which must all be defined alike.
 */
static int resolve_inner(struct compile *c, struct map_def *outer, struct map_def *defs,
			 size_t count)
{
	LLVMMetadataRef inner_type = find_member(outer, "values")->type;

	if (outer->inner_global || outer->slots_slice)
		return resolve_named_inner(c, outer, defs, count);
	for (size_t i = 0; i < count; i++) {
		if (defs[i].go_type != inner_type)
			continue;
		if (find_member(&defs[i], "values")) {
			diag_at(c->diags, TB_ERROR, outer->global,
				"map %s: its inner maps are maps of maps, which loaders refuse",
				outer->name);
			return -EINVAL;
		}
		if (!outer->inner) {
			outer->inner = &defs[i];
		} else if (!same_definition(outer->inner, &defs[i])) {
			diag_at(c->diags, TB_ERROR, defs[i].global,
				"map %s: defined differently from %s, but both are inner maps of %s "
				"(its template must be one definition)",
				defs[i].name, outer->inner->name, outer->name);
			return -EINVAL;
		}
	}
	if (!outer->inner) {
		diag_at(c->diags, TB_ERROR, outer->global,
			"map %s: no .maps variable has the type Values points to; declare one "
			"(it is the inner maps' template)",
			outer->name);
		return -EINVAL;
	}
	for (unsigned i = 0; i < outer->slot_count; i++) {
		LLVMValueRef slot = LLVMGetAggregateElement(slots(outer), i);

		if (slot && !LLVMIsNull(slot) && !map_of_global(defs, count, slot)) {
			diag_at(c->diags, TB_ERROR, outer->global,
				"map %s: slot %u of Values is not a map (give it //go:section .maps)",
				outer->name, i);
			return -EINVAL;
		}
	}
	return 0;
}

/* The BTF of `struct { int (*type)[27]; T *key; struct {…} *values[]; }`. */
static LLVMMetadataRef btf_definition(LLVMDIBuilderRef b, const struct map_def *def,
				      LLVMMetadataRef file, unsigned line)
{
	LLVMMetadataRef members[ARRAY_SIZE(fields)];
	LLVMMetadataRef int_type = LLVMDIBuilderCreateBasicType(b, "int", 3, 32, 5 /* DW_ATE_signed */,
								LLVMDIFlagZero);
	uint64_t size = 0;

	for (size_t i = 0; i < def->member_count; i++) {
		const struct member *m = &def->members[i];
		LLVMMetadataRef type = m->type, range;

		switch (m->field->kind) {
		case MEMBER_INT:
			range = LLVMDIBuilderGetOrCreateSubrange(b, 0, (int64_t)m->value);
			if (m->record) /* loaders read the length; generate reads the type */
				type = LLVMDIBuilderCreateArrayType(
					b, m->value * di_type_size(m->record) * 8, 8, m->record, &range, 1);
			else
				type = LLVMDIBuilderCreateArrayType(b, m->value * 32, 32, int_type,
								    &range, 1);
			type = LLVMDIBuilderCreatePointerType(b, type, 64, 0, 0, NULL, 0);
			break;
		case MEMBER_INNER:
			continue;
		case MEMBER_TYPE:
			break;
		case MEMBER_VALUES: /* a flexible array: the slots follow the struct */
			type = btf_definition(b, def->inner, file, line);
			type = LLVMDIBuilderCreatePointerType(b, type, 64, 0, 0, NULL, 0);
			range = LLVMDIBuilderGetOrCreateSubrange(b, 0, 0);
			type = LLVMDIBuilderCreateArrayType(b, 0, 64, type, &range, 1);
			break;
		}
		members[i] = LLVMDIBuilderCreateMemberType(b, file, m->field->btf_name,
							   strlen(m->field->btf_name), file, line,
							   m->field->kind == MEMBER_VALUES ? 0 : 64,
							   64, size, LLVMDIFlagZero, type);
		if (m->field->kind != MEMBER_VALUES)
			size += 64;
	}
	return LLVMDIBuilderCreateStructType(b, file, "", 0, file, line, size, 64, LLVMDIFlagZero,
					     NULL, members, (unsigned)def->member_count, 0, NULL,
					     "", 0);
}

/* The IR of the definition: a null pointer per member, then the slots. */
static LLVMValueRef ir_definition(struct compile *c, const struct map_def *def)
{
	LLVMTypeRef ptr = LLVMPointerTypeInContext(c->llvm, 0);
	LLVMValueRef values[ARRAY_SIZE(fields)];
	size_t count = 0;

	for (size_t i = 0; i < def->member_count; i++) {
		if (def->members[i].field->kind == MEMBER_VALUES)
			continue;
		values[count++] = LLVMConstNull(ptr);
	}
	if (def->slot_count)
		values[count++] = slots(def);
	return LLVMConstStructInContext(c->llvm, values, (unsigned)count, false);
}

static void emit_map(struct compile *c, LLVMDIBuilderRef b, const struct map_def *def)
{
	LLVMValueRef old = def->global;
	LLVMMetadataRef old_var = global_dbg_variable(old);
	LLVMMetadataRef file = old_var ? LLVMDIVariableGetFile(old_var) : NULL;
	unsigned line = old_var ? LLVMDIVariableGetLine(old_var) : 0;
	LLVMValueRef init = ir_definition(c, def);
	LLVMValueRef map, backing = NULL;
	LLVMMetadataRef struct_type, gve;

	if (def->slots_slice && def->slot_count)
		backing = LLVMGetAggregateElement(
			LLVMGetAggregateElement(LLVMGetInitializer(old), def->slots_field), 0);
	if (!file)
		file = LLVMDIBuilderCreateFile(b, "<unknown>", 9, "", 0);
	LLVMSetValueName2(old, "", 0); /* frees the name for the new map */
	map = LLVMAddGlobal(c->module, LLVMTypeOf(init), def->name);
	LLVMSetInitializer(map, init);
	LLVMSetSection(map, ".maps");
	LLVMSetAlignment(map, 8);
	LLVMSetLinkage(map, LLVMExternalLinkage);

	struct_type = btf_definition(b, def, file, line);
	gve = LLVMDIBuilderCreateGlobalVariableExpression(
		b, file, def->name, strlen(def->name), def->name, strlen(def->name), file, line,
		struct_type, false, LLVMDIBuilderCreateExpression(b, NULL, 0), NULL, 64);
	LLVMGlobalSetMetadata(map, LLVMGetMDKindIDInContext(c->llvm, "dbg", 3), gve);

	LLVMReplaceAllUsesWith(old, map);
	LLVMDeleteGlobal(old);
	if (backing) { /* the array of a Values slice, copied into the map: now unused */
		remove_dead_constant_users(backing);
		if (!LLVMGetFirstUse(backing))
			LLVMDeleteGlobal(backing);
	}
}

/* A Go type's name as the user's package writes it: "main.openEvent" is
 * openEvent. Free it. */
static char *go_type_name(LLVMMetadataRef type)
{
	size_t len;
	const char *name = LLVMDITypeGetName(type, &len);
	size_t start = 0;

	for (size_t i = 0; i < len && name[i] != '['; i++)
		if (name[i] == '.')
			start = i + 1;
	return strndup(name + start, len - start);
}

/* The record a call passes to, or gets from, a ring buffer or perf event
 * array helper: the Go type its debug records give the pointer. */
struct record_call {
	const char *folded; /* helper name, lower case without underscores */
	unsigned map_arg, data_arg, size_arg;
	bool data_is_result;
};

static const struct record_call record_calls[] = {
	{ "ringbufoutput", 0, 1, 2, false },
	{ "ringbufreserve", 0, 0, 1, true },
	{ "perfeventoutput", 1, 3, 4, false },
};

static const struct record_call *record_call_of(LLVMValueRef call)
{
	LLVMValueRef callee = LLVMGetCalledValue(call);
	char *name, folded[64];
	const char *base;
	size_t n = 0;
	const struct record_call *found = NULL;

	if (!callee || !LLVMIsAFunction(callee) || !LLVMIsDeclaration(callee))
		return NULL;
	name = value_name(callee);
	base = strrchr(name, '.') ? strrchr(name, '.') + 1 : name;
	if (str_starts_with(base, "bpf"))
		base += 3;
	for (; *base && n + 1 < sizeof(folded); base++)
		if (*base != '_')
			folded[n++] = (char)tolower((unsigned char)*base);
	folded[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(record_calls); i++)
		if (!strcmp(folded, record_calls[i].folded))
			found = &record_calls[i];
	free(name);
	return found;
}

/*
 * A bpfMapDef ring buffer or perf event array has no type parameter: its
 * record type is what the program sends. When every call that names the map
 * sends one Go type, that type goes into the map's BTF as `type`'s element
 * (the SDK's RingBuf[T] carries it already), so that `tinybpf generate`
 * describes the record without a global variable of its type.
 */
static void infer_record(struct compile *c, struct map_def *def)
{
	struct member *type = NULL;
	LLVMMetadataRef record = NULL;

	for (size_t i = 0; i < def->member_count; i++)
		if (!strcmp(def->members[i].field->btf_name, "type"))
			type = &def->members[i];
	if (!type || type->record ||
	    (type->value != BPF_MAP_TYPE_RINGBUF && type->value != BPF_MAP_TYPE_PERF_EVENT_ARRAY))
		return;
	for (LLVMUseRef u = LLVMGetFirstUse(def->global); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef call = LLVMGetUser(u), data, size;
		const struct record_call *rc;
		LLVMMetadataRef pointee = NULL;
		uint64_t bytes = 0;

		if (!LLVMIsACallInst(call) || !(rc = record_call_of(call)) ||
		    LLVMGetOperand(call, rc->map_arg) != def->global)
			continue;
		data = rc->data_is_result ? call : LLVMGetOperand(call, rc->data_arg);
		size = LLVMGetOperand(call, rc->size_arg);
		if (size && LLVMIsAConstantInt(size))
			bytes = LLVMConstIntGetZExtValue(size);
		if (!bytes || !go_pointee(call, data, bytes, &pointee) || !pointee)
			continue;
		if (record && record != pointee) {
			char *a = go_type_name(record), *b = go_type_name(pointee);

			diag_at(c->diags, TB_WARNING, call,
				"map %s: records of two types are sent to it (%s and %s): "
				"tinybpf generate describes neither",
				def->name, a, b);
			free(a);
			free(b);
			return;
		}
		record = pointee;
	}
	type->record = record;
}

int pass_maps(struct compile *c)
{
	LLVMDIBuilderRef b;
	struct map_def *defs = NULL;
	size_t count = 0;
	int err = 0, read_err;

	/* Collected first: the rewritten maps are new globals in .maps too. */
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g)) {
		bool sdk;

		if (is_map_definition(g, &sdk)) {
			defs = xrealloc(defs, count + 1, sizeof(*defs));
			defs[count] = (struct map_def){ 0 };
			if (read_definition(c, g, sdk, &defs[count++]))
				err = -EINVAL;
		}
	}
	read_err = err;
	for (size_t i = 0; !read_err && i < count; i++)
		if (find_member(&defs[i], "values") && resolve_inner(c, &defs[i], defs, count))
			err = -EINVAL; /* and on: each map of maps says what is wrong */
	for (size_t i = 0; !err && i < count; i++)
		infer_record(c, &defs[i]);
	if (!err) {
		b = LLVMCreateDIBuilder(c->module);
		for (size_t i = 0; i < count; i++)
			emit_map(c, b, &defs[i]);
		LLVMDIBuilderFinalize(b);
		LLVMDisposeDIBuilder(b);
	}
	for (size_t i = 0; i < count; i++)
		free(defs[i].name);
	free(defs);
	return err;
}
