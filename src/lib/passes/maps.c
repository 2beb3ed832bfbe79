// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
 */

enum member_kind {
	MEMBER_INT,    /* an attribute: its value is the array's length */
	MEMBER_TYPE,   /* Key, Value: a pointer to the Go type */
	MEMBER_VALUES, /* Values: the inner map's template and initial slots */
};

struct field {
	const char *go_name;
	const char *btf_name;
	enum member_kind kind;
};

static const struct field fields[] = {
	{ "Type", "type", MEMBER_INT },
	{ "KeySize", "key_size", MEMBER_INT },
	{ "ValueSize", "value_size", MEMBER_INT },
	{ "MaxEntries", "max_entries", MEMBER_INT },
	{ "MapFlags", "map_flags", MEMBER_INT },
	{ "Pinning", "pinning", MEMBER_INT },
	{ "NumaNode", "numa_node", MEMBER_INT },
	{ "MapExtra", "map_extra", MEMBER_INT },
	{ "Key", "key", MEMBER_TYPE },
	{ "Value", "value", MEMBER_TYPE },
	{ "Values", "values", MEMBER_VALUES },
};

#define FIELD_NAMES \
	"Type, KeySize, ValueSize, MaxEntries, MapFlags, Pinning, NumaNode, MapExtra, Key, Value, Values"

enum { MAP_PROG_ARRAY = 3, MAP_ARRAY_OF_MAPS = 12, MAP_HASH_OF_MAPS = 13 };

struct member {
	const struct field *field;
	unsigned long long value; /* MEMBER_INT */
	LLVMMetadataRef type;     /* MEMBER_TYPE: the Go pointer type; MEMBER_VALUES: the
				     Go type the slots point to */
};

struct map_def {
	char *name;
	LLVMValueRef global;
	LLVMMetadataRef go_type;
	struct member members[ARRAY_SIZE(fields)];
	size_t member_count;
	unsigned slots_field; /* Values' field in the Go initializer */
	unsigned slot_count;
	const struct map_def *inner; /* the template of a map-in-map */
};

static bool is_map_definition(LLVMValueRef g)
{
	const char *sec = LLVMGetSection(g);
	char *type = di_global_type_name(g);
	bool yes = false;

	if (type) {
		const char *dot = strrchr(type, '.');

		yes = !strcmp(dot ? dot + 1 : type, "bpfMapDef");
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

/* Reads one Go field into def; an error names the map and the field. */
static int read_field(struct compile *c, struct map_def *def, const struct di_member *go,
		      unsigned index)
{
	LLVMValueRef value = LLVMGetAggregateElement(LLVMGetInitializer(def->global), index);
	const struct field *field = field_for(go->name);
	struct member m = { field, 0, NULL };

	if (!field) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: field %s is not a map attribute (known: " FIELD_NAMES ")", def->name,
			go->name);
		return -EINVAL;
	}
	switch (field->kind) {
	case MEMBER_INT:
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
		if (!di_array_of_pointers(go->type, &m.type)) {
			diag_at(c->diags, TB_ERROR, def->global,
				"map %s: field Values must be an array of pointers to the inner "
				"maps' type, e.g. Values [2]*innerMap",
				def->name);
			return -EINVAL;
		}
		def->slots_field = index;
		def->slot_count = (unsigned)(go->size / 8);
		break;
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
	if (type == MAP_PROG_ARRAY) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: a prog array's slots cannot be filled from Go; leave out Values "
			"and fill it from user space",
			def->name);
		return -EINVAL;
	}
	if (type != MAP_ARRAY_OF_MAPS && type != MAP_HASH_OF_MAPS) {
		diag_at(c->diags, TB_ERROR, def->global,
			"map %s: only a map of maps (Type 12 or 13) has Values", def->name);
		return -EINVAL;
	}
	return 0;
}

static int read_definition(struct compile *c, LLVMValueRef g, struct map_def *def)
{
	struct di_member *members;
	size_t count = di_global_members(g, &members);
	LLVMValueRef init = LLVMGetInitializer(g);
	int err = 0;

	def->name = map_name(g);
	def->global = g;
	def->go_type = di_global_type(g);
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
		     check_type_or_size(c, def, "value", "value_size") || check_values(c, def)))
		err = -EINVAL;
	return err;
}

static bool same_definition(const struct map_def *a, const struct map_def *b)
{
	if (a->member_count != b->member_count)
		return false;
	for (size_t i = 0; i < a->member_count; i++)
		if (a->members[i].field != b->members[i].field ||
		    a->members[i].value != b->members[i].value ||
		    a->members[i].type != b->members[i].type)
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
	return LLVMGetAggregateElement(LLVMGetInitializer(def->global), def->slots_field);
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
			type = LLVMDIBuilderCreateArrayType(b, m->value * 32, 32, int_type, &range, 1);
			type = LLVMDIBuilderCreatePointerType(b, type, 64, 0, 0, NULL, 0);
			break;
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
	LLVMValueRef map;
	LLVMMetadataRef struct_type, gve;

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
}

int pass_maps(struct compile *c)
{
	LLVMDIBuilderRef b;
	struct map_def *defs = NULL;
	size_t count = 0;
	int err = 0;

	/* Collected first: the rewritten maps are new globals in .maps too. */
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g))
		if (is_map_definition(g)) {
			defs = xrealloc(defs, count + 1, sizeof(*defs));
			defs[count] = (struct map_def){ 0 };
			if (read_definition(c, g, &defs[count++]))
				err = -EINVAL;
		}
	for (size_t i = 0; !err && i < count; i++)
		if (find_member(&defs[i], "values") && resolve_inner(c, &defs[i], defs, count))
			err = -EINVAL;
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
