// SPDX-License-Identifier: MIT
/*
 * The Go loader for cilium/ebpf, shaped like bpf2go's so its users feel at
 * home: Specs/Objects/Programs/Maps/Variables structs with `ebpf:"name"`
 * tags, Load…Objects from the embedded object or from a file, Close, and a
 * Go type for each record of the model. The text is written with gofmt's
 * separators ('\t' indents, '\v' aligns) and aligned by gen_align_columns, so
 * it is already gofmt's output.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"
#include "../internal.h"

/* GOARCH values of each byte order, as bpf2go lists them. */
static const char little_endian_arches[] =
	"386 || amd64 || arm || arm64 || loong64 || mips64le || mipsle || ppc64le || riscv64";
static const char big_endian_arches[] = "mips || mips64 || ppc64 || s390x";

/* bpf2go's naming: every top-level name starts with the identifier stem
 * (bpf2go's <ident>, our --ident), whose first letter decides whether the
 * names are exported, so loaders of several objects share a package. */
struct go_names {
	const char *prefix; /* the stem: "openat" or "Openat" */
	bool exported;
	char *upper_prefix; /* the stem with its first letter upper case */
};

char *gen_go_default_ident(const char *stem)
{
	char *id = gen_go_identifier(stem);

	id[0] = (char)tolower((unsigned char)id[0]);
	return id;
}

/* stem + "Settings" for a BTF type "settings" (bpf2go's stem rule). */
static char *go_type_name(const struct go_names *n, const char *btf_name)
{
	char *id = gen_go_identifier(btf_name);
	char *name = xasprintf("%s%s", n->prefix, id);

	free(id);
	return name;
}

/* "load" + "Openat" + "Objects", "Load" + "Openat" + "Objects" when exported. */
static char *go_func_name(const struct go_names *n, const char *verb, const char *what)
{
	return xasprintf("%c%s%s%s", n->exported ? toupper((unsigned char)verb[0]) : verb[0],
			 verb + 1, n->upper_prefix, what);
}

static void write_type(FILE *out, const struct gen_model *m, const struct go_names *n,
		       const struct gen_type *t)
{
	for (unsigned i = 0; i < t->ndims; i++)
		fprintf(out, "[%u]", t->dims[i]);
	switch (t->base) {
	case GEN_BOOL:
		fputs("bool", out);
		break;
	case GEN_FLOAT:
		fprintf(out, "float%u", t->int_size * 8);
		break;
	case GEN_INT:
		if (t->is_byte)
			fputs("byte", out);
		else
			fprintf(out, "%sint%u", t->is_signed ? "" : "u", t->int_size * 8);
		break;
	case GEN_RECORD: {
		char *name = go_type_name(n, m->records[t->index].name);

		fputs(name, out);
		free(name);
		break;
	}
	}
}

static int write_record(FILE *out, const struct gen_model *m, const struct go_names *n,
			const struct gen_record *r, struct tb_diags *diags)
{
	char *name = go_type_name(n, r->name);
	char **seen = xcalloc(r->field_count, sizeof(*seen));
	int err = 0;

	if (r->is_enum) {
		fprintf(out, "// %s is enum %s of the object's BTF.\ntype %s %sint%u\n", name,
			r->name, name, r->enum_signed ? "" : "u", r->size * 8);
		if (r->value_count)
			fputs("\nconst (\n", out);
		for (size_t i = 0; i < r->value_count; i++) {
			char *value = gen_go_identifier(r->values[i].name);

			fprintf(out, "\t%s%s\v%s\v= %lld\n", name, value, name,
				(long long)r->values[i].value);
			free(value);
		}
		if (r->value_count)
			fputs(")\n", out);
		free(seen);
		free(name);
		return 0;
	}
	fprintf(out, "// %s has the layout of type %s in the object's BTF: %u bytes.\n", name,
		r->name, r->size);
	fprintf(out, "type %s struct {\n\t_\vstructs.HostLayout\n", name);
	for (size_t i = 0; i < r->field_count; i++) {
		const struct gen_field *f = &r->fields[i];

		seen[i] = f->name ? gen_go_identifier(f->name) : NULL;
		for (size_t k = 0; seen[i] && k < i; k++)
			if (seen[k] && !strcmp(seen[k], seen[i])) {
				diag_error(diags, "type %s: fields %s and %s would both be %s in Go",
					   r->name, r->fields[k].name, f->name, seen[i]);
				err = -EINVAL;
			}
		fprintf(out, "\t%s\v", seen[i] ? seen[i] : "_");
		write_type(out, m, n, &f->type);
		fputc('\n', out);
	}
	fputs("}\n", out);
	for (size_t i = 0; i < r->field_count; i++)
		free(seen[i]);
	free(seen);
	free(name);
	return err;
}

/* One struct of `ebpf:"name"` tagged fields of `go_type`, one per name. */
static void write_tagged_struct(FILE *out, const char *doc, const char *type_name,
				const char *const *names, size_t count, const char *go_type)
{
	fprintf(out, "\n// %s %s\n", type_name, doc);
	if (!count) {
		fprintf(out, "type %s struct{}\n", type_name);
		return;
	}
	fprintf(out, "type %s struct {\n", type_name);
	for (size_t i = 0; i < count; i++) {
		char *field = gen_go_identifier(names[i]);

		fprintf(out, "\t%s\v%s\v`ebpf:\"%s\"`\n", field, go_type, names[i]);
		free(field);
	}
	fputs("}\n", out);
}

static void write_close(FILE *out, const char *receiver, const char *type_name,
			const char *const *names, size_t count, const char *close_all)
{
	fprintf(out, "\nfunc (%s *%s) Close() error {\n\treturn %s(", receiver, type_name, close_all);
	for (size_t i = 0; i < count; i++) {
		char *field = gen_go_identifier(names[i]);

		fprintf(out, "%s%s.%s", i ? ", " : "", receiver, field);
		free(field);
	}
	fputs(")\n}\n", out);
}

struct name_lists {
	const char **programs, **maps, **variables;
	size_t program_count, map_count, variable_count;
};

static void collect_names(const struct gen_model *m, struct name_lists *l)
{
	l->programs = xcalloc(m->program_count, sizeof(char *));
	for (size_t i = 0; i < m->program_count; i++)
		l->programs[l->program_count++] = m->programs[i].name;
	l->maps = xcalloc(m->map_count, sizeof(char *));
	for (size_t i = 0; i < m->map_count; i++) {
		l->maps[l->map_count++] = m->maps[i].name;
		for (size_t v = 0; v < m->maps[i].variable_count; v++) {
			l->variables = xrealloc(l->variables, l->variable_count + 1, sizeof(char *));
			l->variables[l->variable_count++] = m->maps[i].variables[v].name;
		}
	}
}

/* Programs, maps and variables share the Objects struct: their Go names must
 * differ. */
static int check_unique(const struct name_lists *l, struct tb_diags *diags)
{
	const char *const *lists[] = { l->programs, l->maps, l->variables };
	size_t counts[] = { l->program_count, l->map_count, l->variable_count };
	size_t total = 0, k = 0;
	char **ids;
	const char **names;
	int err = 0;

	for (size_t i = 0; i < 3; i++)
		total += counts[i];
	ids = xcalloc(total, sizeof(*ids));
	names = xcalloc(total, sizeof(*names));
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < counts[i]; j++, k++) {
			names[k] = lists[i][j];
			ids[k] = gen_go_identifier(names[k]);
			for (size_t p = 0; p < k; p++)
				if (!strcmp(ids[p], ids[k])) {
					diag_error(diags, "%s and %s would both be %s in Go", names[p],
						   names[k], ids[k]);
					err = -EINVAL;
				}
		}
	for (size_t i = 0; i < total; i++)
		free(ids[i]);
	free(ids);
	free(names);
	return err;
}

static void write_name_constants(FILE *out, const struct go_names *n, const struct name_lists *l)
{
	const char *const *lists[] = { l->programs, l->maps, l->variables };
	size_t counts[] = { l->program_count, l->map_count, l->variable_count };
	static const char *const kinds[] = { "Prog", "Map", "Var" };

	if (!l->program_count && !l->map_count && !l->variable_count)
		return;
	fputs("\n// Names of the object's programs, maps and variables, for lookups in a\n"
	      "// CollectionSpec or Collection.\nconst (\n", out);
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < counts[i]; j++) {
			char *id = gen_go_identifier(lists[i][j]);

			fprintf(out, "\t%s%s%s\v= \"%s\"\n", n->prefix, kinds[i], id, lists[i][j]);
			free(id);
		}
	fputs(")\n", out);
}

static void write_loaders(FILE *out, const struct gen_model *m, const struct go_names *n,
			  const char *embed, const char *bytes_var, const char *objects)
{
	char *spec = go_func_name(n, "load", ""); /* bpf2go's loadOpenat() */
	char *objs = go_func_name(n, "load", "Objects");
	char *spec_file = go_func_name(n, "load", "FromFile");
	char *objs_file = go_func_name(n, "load", "ObjectsFromFile");
	static const char assign_doc[] =
		"// and assigns its programs, maps and variables to obj, a *%s or one of the\n"
		"// structs it embeds. See ebpf.CollectionSpec.LoadAndAssign.\n";

	if (embed) {
		fprintf(out,
			"\n// %s returns the CollectionSpec of the embedded %s.\n"
			"func %s() (*ebpf.CollectionSpec, error) {\n"
			"\tspec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(%s))\n"
			"\tif err != nil {\n"
			"\t\treturn nil, fmt.Errorf(\"can't load %s: %%w\", err)\n"
			"\t}\n"
			"\treturn spec, nil\n"
			"}\n",
			spec, m->object_name, spec, bytes_var, m->object_name);
		fprintf(out, "\n// %s loads the embedded %s into the kernel\n", objs, m->object_name);
		fprintf(out, assign_doc, objects);
		fprintf(out,
			"func %s(obj any, opts *ebpf.CollectionOptions) error {\n"
			"\tspec, err := %s()\n"
			"\tif err != nil {\n"
			"\t\treturn err\n"
			"\t}\n"
			"\treturn spec.LoadAndAssign(obj, opts)\n"
			"}\n",
			objs, spec);
	}
	fprintf(out,
		"\n// %s returns the CollectionSpec of a %s file at path.\n"
		"func %s(path string) (*ebpf.CollectionSpec, error) {\n"
		"\tspec, err := ebpf.LoadCollectionSpec(path)\n"
		"\tif err != nil {\n"
		"\t\treturn nil, fmt.Errorf(\"can't load %%s: %%w\", path, err)\n"
		"\t}\n"
		"\treturn spec, nil\n"
		"}\n",
		spec_file, m->object_name, spec_file);
	fprintf(out, "\n// %s loads the object at path (a build of %s) into the kernel\n",
		objs_file, m->object_name);
	fprintf(out, assign_doc, objects);
	fprintf(out,
		"func %s(path string, obj any, opts *ebpf.CollectionOptions) error {\n"
		"\tspec, err := %s(path)\n"
		"\tif err != nil {\n"
		"\t\treturn err\n"
		"\t}\n"
		"\treturn spec.LoadAndAssign(obj, opts)\n"
		"}\n",
		objs_file, spec_file);
	free(spec);
	free(objs);
	free(spec_file);
	free(objs_file);
}

static bool has_struct_record(const struct gen_model *m)
{
	for (size_t i = 0; i < m->record_count; i++)
		if (!m->records[i].is_enum)
			return true;
	return false;
}

static void write_header(FILE *out, const struct gen_model *m, const struct gen_go_options *o)
{
	fprintf(out, "// Code generated by tinybpf generate from %s; DO NOT EDIT.\n\n",
		m->object_name);
	/* The object's byte order is the host's it loads on. */
	fprintf(out, "//go:build %s\n\n", m->big_endian ? big_endian_arches : little_endian_arches);
	fprintf(out, "package %s\n\nimport (\n", o->package);
	if (o->embed)
		fputs("\t\"bytes\"\n\t_ \"embed\"\n", out);
	fputs("\t\"errors\"\n\t\"fmt\"\n\t\"io\"\n", out);
	if (has_struct_record(m))
		fputs("\t\"structs\"\n", out);
	fputs("\n\t\"github.com/cilium/ebpf\"\n)\n", out);
}

static int write_body(FILE *out, const struct gen_model *m, const struct gen_go_options *o,
		      const struct go_names *n, struct tb_diags *diags)
{
	struct name_lists l = { 0 };
	char *t_specs = xasprintf("%sSpecs", n->prefix);
	char *t_pspecs = xasprintf("%sProgramSpecs", n->prefix);
	char *t_mspecs = xasprintf("%sMapSpecs", n->prefix);
	char *t_vspecs = xasprintf("%sVariableSpecs", n->prefix);
	char *t_objects = xasprintf("%sObjects", n->prefix);
	char *t_programs = xasprintf("%sPrograms", n->prefix);
	char *t_maps = xasprintf("%sMaps", n->prefix);
	char *t_variables = xasprintf("%sVariables", n->prefix);
	char *close_all = xasprintf("_%sClose", n->upper_prefix);
	char *bytes_var = xasprintf("_%sBytes", n->upper_prefix);
	int err = 0;

	collect_names(m, &l);
	err = check_unique(&l, diags);
	for (size_t i = 0; i < m->record_count; i++) {
		fputc('\n', out);
		if (write_record(out, m, n, &m->records[i], diags))
			err = -EINVAL;
	}
	write_name_constants(out, n, &l);
	write_loaders(out, m, n, o->embed, bytes_var, t_objects);

	fprintf(out, "\n// %s holds the object's programs, maps and variables before they are\n"
		     "// loaded into the kernel. See ebpf.CollectionSpec.Assign.\n"
		     "type %s struct {\n\t%s\n\t%s\n\t%s\n}\n",
		t_specs, t_specs, t_pspecs, t_mspecs, t_vspecs);
	write_tagged_struct(out, "holds the object's programs before they are loaded.", t_pspecs,
			    l.programs, l.program_count, "*ebpf.ProgramSpec");
	write_tagged_struct(out, "holds the object's maps before they are loaded.", t_mspecs,
			    l.maps, l.map_count, "*ebpf.MapSpec");
	write_tagged_struct(out, "holds the object's global variables before they are loaded.",
			    t_vspecs, l.variables, l.variable_count, "*ebpf.VariableSpec");

	fprintf(out, "\n// %s holds the object's programs, maps and variables once loaded.\n"
		     "type %s struct {\n\t%s\n\t%s\n\t%s\n}\n",
		t_objects, t_objects, t_programs, t_maps, t_variables);
	fprintf(out, "\n// Close releases the programs and maps.\nfunc (o *%s) Close() error {\n"
		     "\treturn errors.Join(o.%s.Close(), o.%s.Close())\n}\n",
		t_objects, t_programs, t_maps);
	write_tagged_struct(out, "holds the object's programs once loaded.", t_programs,
			    l.programs, l.program_count, "*ebpf.Program");
	write_close(out, "p", t_programs, l.programs, l.program_count, close_all);
	write_tagged_struct(out, "holds the object's maps once loaded.", t_maps, l.maps,
			    l.map_count, "*ebpf.Map");
	write_close(out, "m", t_maps, l.maps, l.map_count, close_all);
	write_tagged_struct(out, "holds the object's global variables once loaded.", t_variables, l.variables,
			    l.variable_count, "*ebpf.Variable");

	fprintf(out, "\nfunc %s(closers ...io.Closer) error {\n"
		     "\tvar errs []error\n"
		     "\tfor _, c := range closers {\n"
		     "\t\terrs = append(errs, c.Close())\n"
		     "\t}\n"
		     "\treturn errors.Join(errs...)\n"
		     "}\n",
		close_all);
	if (o->embed)
		fprintf(out, "\n//go:embed %s\nvar %s []byte\n", o->embed, bytes_var);

	free(l.programs);
	free(l.maps);
	free(l.variables);
	free(t_specs);
	free(t_pspecs);
	free(t_mspecs);
	free(t_vspecs);
	free(t_objects);
	free(t_programs);
	free(t_maps);
	free(t_variables);
	free(close_all);
	free(bytes_var);
	return err;
}

int gen_write_go(const struct gen_model *m, const struct gen_go_options *o, FILE *out,
		 struct tb_diags *diags)
{
	struct go_names n = { .prefix = o->prefix };
	char *text = NULL, *aligned;
	size_t len = 0;
	FILE *buf = open_memstream(&text, &len);
	int err;

	if (!buf)
		return -errno;
	n.exported = isupper((unsigned char)n.prefix[0]);
	n.upper_prefix = xstrdup(n.prefix);
	n.upper_prefix[0] = (char)toupper((unsigned char)n.upper_prefix[0]);
	write_header(buf, m, o);
	err = write_body(buf, m, o, &n, diags);
	fclose(buf);
	aligned = gen_align_columns(text);
	if (!err)
		fputs(aligned, out);
	free(aligned);
	free(text);
	free(n.upper_prefix);
	return err;
}
