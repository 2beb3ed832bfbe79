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
 * (what C's __uint(name, VALUE) expands to). The Go side declares
 *   var events = bpfMapDef{Type: 27, MaxEntries: 1 << 24}
 * and we encode each non-zero field that way, named after the Go variable.
 */

struct attribute {
	const char *go_field;
	const char *btf_name;
};

static const struct attribute attributes[] = {
	{ "Type", "type" },
	{ "KeySize", "key_size" },
	{ "ValueSize", "value_size" },
	{ "MaxEntries", "max_entries" },
	{ "MapFlags", "map_flags" },
	{ "Pinning", "pinning" },
	{ "NumaNode", "numa_node" },
	{ "MapExtra", "map_extra" },
};

struct map_def {
	char *name;
	const char *attr_names[ARRAY_SIZE(attributes)];
	unsigned long long attr_values[ARRAY_SIZE(attributes)];
	size_t attr_count;
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

static const struct attribute *attribute_for(const char *go_field)
{
	for (size_t i = 0; i < ARRAY_SIZE(attributes); i++)
		if (!strcmp(attributes[i].go_field, go_field))
			return &attributes[i];
	return NULL;
}

static int read_definition(struct compile *c, LLVMValueRef g, struct map_def *def)
{
	struct di_member *members;
	size_t count = di_global_members(g, &members);
	LLVMValueRef init = LLVMGetInitializer(g);
	int err = 0;

	def->name = map_name(g);
	if (!count || !init) {
		diag_at(c->diags, TB_ERROR, g, "map %s: cannot read its definition", def->name);
		di_members_free(members, count);
		return -EINVAL;
	}
	for (size_t i = 0; i < count; i++) {
		const struct attribute *attr = attribute_for(members[i].name);
		LLVMValueRef value = LLVMGetAggregateElement(init, (unsigned)i);

		if (!attr) {
			diag_at(c->diags, TB_ERROR, g,
				"map %s: field %s is not a map attribute (known: Type, KeySize, "
				 "ValueSize, MaxEntries, MapFlags, Pinning, NumaNode, MapExtra)",
				 def->name, members[i].name);
			err = -EINVAL;
			continue;
		}
		if (!value || !LLVMIsAConstantInt(value)) {
			diag_at(c->diags, TB_ERROR, g,
				"map %s: field %s must be a constant integer", def->name,
				 members[i].name);
			err = -EINVAL;
			continue;
		}
		if (!LLVMConstIntGetZExtValue(value))
			continue; /* zero means unset, as an omitted __uint() in C */
		def->attr_names[def->attr_count] = attr->btf_name;
		def->attr_values[def->attr_count++] = LLVMConstIntGetZExtValue(value);
	}
	di_members_free(members, count);
	return err;
}

/* The BTF of `struct { int (*type)[27]; int (*max_entries)[N]; } name;` */
static LLVMMetadataRef btf_definition(LLVMDIBuilderRef b, const struct map_def *def,
				      LLVMMetadataRef file, unsigned line)
{
	LLVMMetadataRef members[ARRAY_SIZE(attributes)];
	LLVMMetadataRef int_type = LLVMDIBuilderCreateBasicType(b, "int", 3, 32, 5 /* DW_ATE_signed */,
								LLVMDIFlagZero);

	for (size_t i = 0; i < def->attr_count; i++) {
		LLVMMetadataRef range = LLVMDIBuilderGetOrCreateSubrange(b, 0, (int64_t)def->attr_values[i]);
		LLVMMetadataRef array = LLVMDIBuilderCreateArrayType(b, def->attr_values[i] * 32, 32,
								     int_type, &range, 1);
		LLVMMetadataRef ptr = LLVMDIBuilderCreatePointerType(b, array, 64, 0, 0, NULL, 0);

		members[i] = LLVMDIBuilderCreateMemberType(b, file, def->attr_names[i],
							   strlen(def->attr_names[i]), file, line, 64, 64,
							   i * 64, LLVMDIFlagZero, ptr);
	}
	return LLVMDIBuilderCreateStructType(b, file, "", 0, file, line, def->attr_count * 64, 64,
					     LLVMDIFlagZero, NULL, members, (unsigned)def->attr_count,
					     0, NULL, "", 0);
}

static void emit_map(struct compile *c, LLVMDIBuilderRef b, LLVMValueRef old,
		     const struct map_def *def)
{
	LLVMMetadataRef old_var = global_dbg_variable(old);
	LLVMMetadataRef file = old_var ? LLVMDIVariableGetFile(old_var) : NULL;
	unsigned line = old_var ? LLVMDIVariableGetLine(old_var) : 0;
	LLVMTypeRef fields[ARRAY_SIZE(attributes)];
	LLVMTypeRef type;
	LLVMValueRef map;
	LLVMMetadataRef struct_type, gve;

	if (!file)
		file = LLVMDIBuilderCreateFile(b, "<unknown>", 9, "", 0);
	for (size_t i = 0; i < def->attr_count; i++)
		fields[i] = LLVMPointerTypeInContext(c->llvm, 0);
	type = LLVMStructTypeInContext(c->llvm, fields, (unsigned)def->attr_count, false);

	LLVMSetValueName2(old, "", 0); /* frees the name for the new map */
	map = LLVMAddGlobal(c->module, type, def->name);
	LLVMSetInitializer(map, LLVMConstNull(type));
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
	LLVMDIBuilderRef b = LLVMCreateDIBuilder(c->module);
	LLVMValueRef *defs = NULL;
	size_t count = 0;
	int err = 0;

	/* Collected first: the rewritten maps are new globals in .maps too. */
	for (LLVMValueRef g = LLVMGetFirstGlobal(c->module); g; g = LLVMGetNextGlobal(g))
		if (is_map_definition(g)) {
			defs = xrealloc(defs, count + 1, sizeof(*defs));
			defs[count++] = g;
		}
	for (size_t i = 0; i < count; i++) {
		struct map_def def = { 0 };

		if (read_definition(c, defs[i], &def))
			err = -EINVAL;
		else
			emit_map(c, b, defs[i], &def);
		free(def.name);
	}
	free(defs);
	LLVMDIBuilderFinalize(b);
	LLVMDisposeDIBuilder(b);
	return err;
}
