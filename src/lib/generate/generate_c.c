// SPDX-License-Identifier: MIT
/*
 * A libbpf skeleton header, as `bpftool gen skeleton` writes one: the object's
 * bytes, a struct with its maps, programs and links, NAME__open/load/attach/
 * detach/destroy, and each global data section as a struct the skeleton
 * points into libbpf's mmap of the map. Unlike bpftool's, the types are C
 * (TinyGo's BTF names "uint32", "settings"; bpftool copies those names and
 * its header does not compile), with explicit padding and _Static_asserts of
 * every size and offset.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"
#include "../internal.h"

/* ".rodata" -> "rodata", ".data.counters" -> "data_counters". */
static char *c_identifier(const char *name)
{
	char *id = xstrdup(name + (name[0] == '.'));

	for (char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
	return id;
}

static void write_base(FILE *out, const struct gen_model *m, const char *skel,
		       const struct gen_type *t)
{
	const struct gen_record *r = t->base == GEN_RECORD ? &m->records[t->index] : NULL;

	if (t->base == GEN_BOOL)
		fputs("bool", out);
	else if (t->base == GEN_FLOAT)
		fputs(t->int_size == 4 ? "float" : "double", out);
	else if (r && r->is_enum)
		fprintf(out, "%sint%u_t", r->enum_signed ? "" : "u", r->size * 8);
	else if (r)
		fprintf(out, "struct %s__%s", skel, r->name);
	else
		fprintf(out, "%sint%u_t", t->is_signed ? "" : "u", t->int_size * 8);
}

/* "uint8_t Tag[3];" or, for padding, "uint8_t __pad_20[4];". */
static void write_member(FILE *out, const struct gen_model *m, const char *skel, const char *indent,
			 const char *name, unsigned offset, unsigned size, const struct gen_type *t)
{
	fputs(indent, out);
	if (!name) {
		fprintf(out, "uint8_t __pad_%u[%u];\n", offset, size);
		return;
	}
	write_base(out, m, skel, t);
	fprintf(out, " %s", name);
	for (unsigned i = 0; i < t->ndims; i++)
		fprintf(out, "[%u]", t->dims[i]);
	fputs(";\n", out);
}

static void write_records(FILE *out, const struct gen_model *m, const char *skel)
{
	/* A record's fields refer to records made after it was started, so
	 * the definitions go out in dependency order: each after its fields'. */
	bool *done = xcalloc(m->record_count + 1, sizeof(*done));
	size_t remaining = m->record_count;

	while (remaining) {
		for (size_t i = 0; i < m->record_count; i++) {
			const struct gen_record *r = &m->records[i];
			bool ready = !done[i] && !r->is_enum;

			for (size_t f = 0; ready && f < r->field_count; f++)
				if (r->fields[f].type.base == GEN_RECORD && r->fields[f].name &&
				    !done[r->fields[f].type.index])
					ready = false;
			if (r->is_enum && !done[i]) {
				done[i] = true;
				remaining--;
			}
			if (!ready)
				continue;
			fprintf(out, "/* type %s of the object's BTF: %u bytes */\nstruct %s__%s {\n",
				r->name, r->size, skel, r->name);
			for (size_t f = 0; f < r->field_count; f++)
				write_member(out, m, skel, "\t", r->fields[f].name, r->fields[f].offset,
					     r->fields[f].size, &r->fields[f].type);
			fputs("};\n\n", out);
			done[i] = true;
			remaining--;
		}
	}
	free(done);
}

static void write_section_struct(FILE *out, const struct gen_model *m, const char *skel,
				 const struct gen_map *map)
{
	char *id = c_identifier(map->name);
	unsigned cursor = 0;

	fprintf(out, "\tstruct %s__%s {\n", skel, id);
	for (size_t v = 0; v < map->variable_count; v++) {
		const struct gen_variable *var = &map->variables[v];

		if (var->offset > cursor)
			write_member(out, m, skel, "\t\t", NULL, cursor, var->offset - cursor, NULL);
		write_member(out, m, skel, "\t\t", var->name, var->offset, var->size, &var->type);
		cursor = var->offset + var->size;
	}
	fprintf(out, "\t} *%s;\n", id);
	free(id);
}

static void write_skeleton_struct(FILE *out, const struct gen_model *m, const char *skel)
{
	fprintf(out, "struct %s {\n\tstruct bpf_object_skeleton *skeleton;\n"
		     "\tstruct bpf_object *obj;\n\tstruct {\n", skel);
	for (size_t i = 0; i < m->map_count; i++) {
		char *id = c_identifier(m->maps[i].name);

		fprintf(out, "\t\tstruct bpf_map *%s;\n", id);
		free(id);
	}
	fputs("\t} maps;\n\tstruct {\n", out);
	for (size_t i = 0; i < m->program_count; i++)
		fprintf(out, "\t\tstruct bpf_program *%s;\n", m->programs[i].name);
	fputs("\t} progs;\n\tstruct {\n", out);
	for (size_t i = 0; i < m->program_count; i++)
		fprintf(out, "\t\tstruct bpf_link *%s;\n", m->programs[i].name);
	fputs("\t} links;\n", out);
	for (size_t i = 0; i < m->map_count; i++)
		if (m->maps[i].internal && m->maps[i].variable_count)
			write_section_struct(out, m, skel, &m->maps[i]);
	fputs("};\n", out);
}

static void write_functions(FILE *out, const char *skel)
{
	fprintf(out,
		"\nstatic inline void %1$s__destroy(struct %1$s *obj)\n{\n"
		"\tif (!obj)\n\t\treturn;\n"
		"\tif (obj->skeleton)\n\t\tbpf_object__destroy_skeleton(obj->skeleton);\n"
		"\tfree(obj);\n}\n"
		"\nstatic inline int %1$s__create_skeleton(struct %1$s *obj);\n"
		"\nstatic inline struct %1$s *%1$s__open_opts(const struct bpf_object_open_opts *opts)\n{\n"
		"\tstruct %1$s *obj = (struct %1$s *)calloc(1, sizeof(*obj));\n"
		"\tint err;\n\n"
		"\tif (!obj) {\n\t\terrno = ENOMEM;\n\t\treturn NULL;\n\t}\n"
		"\terr = %1$s__create_skeleton(obj);\n"
		"\tif (!err)\n\t\terr = bpf_object__open_skeleton(obj->skeleton, opts);\n"
		"\tif (err) {\n\t\t%1$s__destroy(obj);\n\t\terrno = -err;\n\t\treturn NULL;\n\t}\n"
		"\treturn obj;\n}\n"
		"\nstatic inline struct %1$s *%1$s__open(void)\n{\n"
		"\treturn %1$s__open_opts(NULL);\n}\n"
		"\nstatic inline int %1$s__load(struct %1$s *obj)\n{\n"
		"\treturn bpf_object__load_skeleton(obj->skeleton);\n}\n"
		"\nstatic inline struct %1$s *%1$s__open_and_load(void)\n{\n"
		"\tstruct %1$s *obj = %1$s__open();\n"
		"\tint err;\n\n"
		"\tif (!obj)\n\t\treturn NULL;\n"
		"\terr = %1$s__load(obj);\n"
		"\tif (err) {\n\t\t%1$s__destroy(obj);\n\t\terrno = -err;\n\t\treturn NULL;\n\t}\n"
		"\treturn obj;\n}\n"
		"\nstatic inline int %1$s__attach(struct %1$s *obj)\n{\n"
		"\treturn bpf_object__attach_skeleton(obj->skeleton);\n}\n"
		"\nstatic inline void %1$s__detach(struct %1$s *obj)\n{\n"
		"\tbpf_object__detach_skeleton(obj->skeleton);\n}\n",
		skel);
}

static void write_create_skeleton(FILE *out, const struct gen_model *m, const char *skel)
{
	fprintf(out,
		"\nstatic inline int %1$s__create_skeleton(struct %1$s *obj)\n{\n"
		"\tstruct bpf_object_skeleton *s = (struct bpf_object_skeleton *)calloc(1, sizeof(*s));\n\n"
		"\tif (!s)\n\t\treturn -ENOMEM;\n"
		"\tobj->skeleton = s;\n"
		"\ts->sz = sizeof(*s);\n"
		"\ts->name = \"%1$s\";\n"
		"\ts->obj = &obj->obj;\n"
		"\ts->data = %1$s__elf_bytes(&s->data_sz);\n\n"
		"\ts->map_cnt = %2$zu;\n"
		"\ts->map_skel_sz = sizeof(*s->maps);\n"
		"\ts->maps = (struct bpf_map_skeleton *)calloc(s->map_cnt, s->map_skel_sz);\n"
		"\tif (!s->maps)\n\t\treturn -ENOMEM;\n",
		skel, m->map_count);
	for (size_t i = 0; i < m->map_count; i++) {
		char *id = c_identifier(m->maps[i].name);

		/* libbpf finds a global data map by its section name (".rodata"). */
		fprintf(out, "\ts->maps[%zu].name = \"%s\";\n\ts->maps[%zu].map = &obj->maps.%s;\n", i,
			m->maps[i].name, i, id);
		if (m->maps[i].internal && m->maps[i].variable_count)
			fprintf(out, "\ts->maps[%zu].mmaped = (void **)&obj->%s;\n", i, id);
		free(id);
	}
	fprintf(out,
		"\n\ts->prog_cnt = %zu;\n"
		"\ts->prog_skel_sz = sizeof(*s->progs);\n"
		"\ts->progs = (struct bpf_prog_skeleton *)calloc(s->prog_cnt, s->prog_skel_sz);\n"
		"\tif (!s->progs)\n\t\treturn -ENOMEM;\n",
		m->program_count);
	for (size_t i = 0; i < m->program_count; i++)
		fprintf(out,
			"\ts->progs[%zu].name = \"%s\";\n"
			"\ts->progs[%zu].prog = &obj->progs.%s;\n"
			"\ts->progs[%zu].link = &obj->links.%s;\n",
			i, m->programs[i].name, i, m->programs[i].name, i, m->programs[i].name);
	fputs("\treturn 0;\n}\n", out);
}

static void write_bytes(FILE *out, const struct gen_model *m, const char *skel)
{
	fprintf(out, "\n/* %s, aligned as libelf reads it in place. */\n"
		     "static const unsigned char %s__object[] __attribute__((aligned(8))) = {",
		m->object_name, skel);
	for (size_t i = 0; i < m->byte_count; i++)
		fprintf(out, "%s0x%02x%s", i % 12 ? " " : "\n\t", m->bytes[i],
			i + 1 < m->byte_count ? "," : "");
	fprintf(out, "\n};\n\nstatic inline const void *%1$s__elf_bytes(size_t *sz)\n{\n"
		     "\t*sz = sizeof(%1$s__object);\n\treturn %1$s__object;\n}\n",
		skel);
}

static void write_asserts(FILE *out, const struct gen_model *m, const char *skel)
{
	fputs("\n/* The layouts above are the BTF's. */\n", out);
	for (size_t i = 0; i < m->record_count; i++) {
		const struct gen_record *r = &m->records[i];

		if (r->is_enum)
			continue;
		fprintf(out, "_Static_assert(sizeof(struct %s__%s) == %u, \"size of %s\");\n", skel,
			r->name, r->size, r->name);
		for (size_t f = 0; f < r->field_count; f++)
			if (r->fields[f].name)
				fprintf(out, "_Static_assert(offsetof(struct %s__%s, %s) == %u, "
					     "\"offset of %s.%s\");\n",
					skel, r->name, r->fields[f].name, r->fields[f].offset, r->name,
					r->fields[f].name);
	}
	for (size_t i = 0; i < m->map_count; i++) {
		char *id = c_identifier(m->maps[i].name);

		for (size_t v = 0; v < m->maps[i].variable_count; v++) {
			const struct gen_variable *var = &m->maps[i].variables[v];

			fprintf(out, "_Static_assert(offsetof(struct %s__%s, %s) == %u, "
				     "\"offset of %s\");\n",
				skel, id, var->name, var->offset, var->name);
		}
		free(id);
	}
}

void gen_write_c(const struct gen_model *m, const char *skel, FILE *out)
{
	char *guard = xasprintf("%s_SKEL_H", skel);

	for (char *p = guard; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	fprintf(out, "/* Code generated by tinybpf generate from %s; DO NOT EDIT. */\n"
		     "#ifndef %s\n#define %s\n\n"
		     "#include <errno.h>\n#include <stdbool.h>\n#include <stddef.h>\n"
		     "#include <stdint.h>\n#include <stdlib.h>\n\n#include <bpf/libbpf.h>\n\n",
		m->object_name, guard, guard);
	write_records(out, m, skel);
	write_skeleton_struct(out, m, skel);
	write_functions(out, skel);
	write_bytes(out, m, skel);
	write_create_skeleton(out, m, skel);
	write_asserts(out, m, skel);
	fprintf(out, "\n#endif /* %s */\n", guard);
	free(guard);
}
