// SPDX-License-Identifier: MIT
/*
 * Go declarations of BTF types (docs/types.md).
 *
 * The named types and every struct, union and enum they hold by value form
 * the set that is declared; a pointer to a type of the set becomes a Go
 * pointer to its declaration, a char pointer a *byte and any other pointer
 * an unsafe.Pointer (a uintptr in --plain mode).
 *
 * Two layouts:
 *  - CO-RE (default): the contract the CO-RE passes read. A struct starts
 *    with `_ bpf.Kernel`; Go names turn back into the kernel's by the rule of
 *    docs/core.md (else the kernel name is used as it is); anonymous members
 *    are flattened into their parent; bitfields are zero-size bpf.Bitfield
 *    markers at their storage's offset, padding covering the storage. Every
 *    access is relocated by name, so the layout is the BTF's only as far as
 *    Go can follow it: a member Go cannot place at its offset (a union's
 *    second member, a member a packed struct misaligns) follows the
 *    kernel's size, keeping its type.
 *  - plain (--plain, for UAPI types): exactly the BTF's layout. A union is
 *    its first member; the other members, and members Go cannot place, get
 *    methods that return a pointer to them; bitfields are accessor methods
 *    on an integer holding their storage.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../internal.h"
#include "types.h"

struct state {
	const struct btf *btf;
	struct gt_file *f;
	const struct gt_btf_options *o;
	struct tb_diags *diags;
	uint32_t n;
	char **kernel_name; /* per id in the set: what it is named after */
	char **go_name;     /* per id in the set */
	bool *anonymous;    /* named after where it is used */
	int *done;          /* 1: being laid out, 2: done */
	unsigned *go_size, *go_align;
	uint32_t *set; /* ids in the order found */
	size_t set_count;
};

/* A field while a struct is laid out. */
struct slot {
	char *name, *type, *comment;
	unsigned offset, size, align;
	uint32_t btf_type; /* for methods of plain mode */
};

struct layout {
	struct slot *slots;
	size_t count;
	unsigned cursor;
	char **methods;
	size_t method_count;
	char **names; /* Go names taken by fields and methods */
	size_t name_count;
};

struct gotype {
	char *text;
	unsigned size, align;
};

static const struct btf_type *type_at(const struct state *s, uint32_t id)
{
	return btf__type_by_id(s->btf, id);
}

static const char *name_of(const struct state *s, uint32_t id)
{
	return btf__name_by_offset(s->btf, type_at(s, id)->name_off);
}

/* Skips const, volatile, restrict, type tags and typedefs; *typedef_name is
 * the last typedef's name (the one nearest the type), if any. */
static uint32_t strip(const struct state *s, uint32_t id, const char **typedef_name)
{
	for (;;) {
		const struct btf_type *t = type_at(s, id);

		if (!t)
			return id;
		if (btf_is_typedef(t) && typedef_name)
			*typedef_name = btf__name_by_offset(s->btf, t->name_off);
		if (!btf_is_mod(t) && !btf_is_typedef(t) && !btf_is_type_tag(t))
			return id;
		id = t->type;
	}
}

static bool is_composite_id(const struct state *s, uint32_t id)
{
	const struct btf_type *t = type_at(s, id);

	return t && btf_is_composite(t);
}

static bool is_declared_kind(const struct btf_type *t)
{
	return btf_is_composite(t) || btf_is_any_enum(t);
}

static const char *rename_of(const struct state *s, const char *from)
{
	for (size_t i = 0; i < s->o->rename_count; i++)
		if (!strcmp(s->o->renames[i].from, from))
			return s->o->renames[i].to;
	return NULL;
}

static bool go_name_taken(const struct state *s, const char *name)
{
	for (size_t i = 0; i < s->set_count; i++)
		if (s->go_name[s->set[i]] && !strcmp(s->go_name[s->set[i]], name))
			return true;
	return false;
}

/* Adds a struct, union or enum to the set. `name` names an anonymous one
 * (a typedef's name, or parent_member); parent_go makes its Go name. */
static void add(struct state *s, uint32_t id, const char *name, const char *parent_go,
		const char *member)
{
	const char *btf_name = name_of(s, id), *renamed;
	char *go;

	if (s->kernel_name[id])
		return;
	s->anonymous[id] = !btf_name[0];
	s->kernel_name[id] = xstrdup(btf_name[0] ? btf_name : name);
	renamed = rename_of(s, s->kernel_name[id]);
	if (renamed) {
		go = xstrdup(renamed);
	} else if (btf_name[0] || !parent_go) {
		go = s->o->plain ? gt_camel_case(s->kernel_name[id]) : gt_core_name(s->kernel_name[id]);
		if (!gt_is_go_identifier(go) || !go[0]) {
			free(go);
			go = xstrdup(s->kernel_name[id]);
		}
	} else {
		char *m = gt_camel_case(member);

		go = xasprintf("%s%s", parent_go, m);
		free(m);
	}
	/* two kernel types of one name (BTF may hold both): libbpf ignores a
	 * ___suffix, so the second one still names the kernel's type */
	for (unsigned k = 2; go_name_taken(s, go); k++) {
		char *base = xstrdup(go), *cut = strstr(base, "___");

		if (cut)
			*cut = '\0';
		free(go);
		go = xasprintf("%s___%u", base, k);
		free(base);
	}
	s->go_name[id] = go;
	s->set = xrealloc(s->set, s->set_count + 1, sizeof(*s->set));
	s->set[s->set_count++] = id;
}

/* The members of composite `t` (and of its anonymous members) join the set. */
static void collect_members(struct state *s, uint32_t owner, uint32_t id)
{
	const struct btf_type *t = type_at(s, id);
	const struct btf_member *m = btf_members(t);

	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const char *name = btf__name_by_offset(s->btf, m[i].name_off);
		uint32_t mid = strip(s, m[i].type, NULL);

		if (!name[0] && is_composite_id(s, mid) && !name_of(s, mid)[0]) {
			collect_members(s, owner, mid);
			continue;
		}
		if (!name[0])
			continue; /* padding bitfield */
		{
			const char *typedef_name = NULL;
			uint32_t vid = strip(s, m[i].type, &typedef_name);
			const struct btf_type *vt = type_at(s, vid);

			while (vt && btf_is_array(vt)) {
				typedef_name = NULL;
				vid = strip(s, btf_array(vt)->type, &typedef_name);
				vt = type_at(s, vid);
			}
			if (!vt || !is_declared_kind(vt) || s->kernel_name[vid])
				continue;
			if (name_of(s, vid)[0]) {
				add(s, vid, NULL, NULL, NULL);
			} else if (typedef_name) {
				add(s, vid, typedef_name, NULL, NULL);
			} else {
				char *kname = xasprintf("%s_%s", s->kernel_name[owner], name);

				add(s, vid, kname, s->go_name[owner], name);
				free(kname);
			}
			if (btf_is_composite(vt))
				collect_members(s, vid, vid);
		}
	}
}

static void collect(struct state *s, uint32_t id)
{
	if (btf_is_composite(type_at(s, id)))
		collect_members(s, id, id);
}

/* ---- Go types of members ---- */

static void layout_type(struct state *s, uint32_t id);

static struct gotype bytes(unsigned size)
{
	return (struct gotype){ xasprintf("[%u]byte", size), size, 1 };
}

static int go_type(struct state *s, uint32_t id, struct gotype *out)
{
	const char *typedef_name = NULL;
	const struct btf_type *t;
	char buf[64];

	/* __be16 and __be32 keep their byte order in the Go type */
	for (uint32_t k = id;;) {
		const struct btf_type *kt = type_at(s, k);

		if (!kt || (!btf_is_mod(kt) && !btf_is_typedef(kt) && !btf_is_type_tag(kt)))
			break;
		if (btf_is_typedef(kt)) {
			const char *n = btf__name_by_offset(s->btf, kt->name_off);

			if (!strcmp(n, "__be16") || !strcmp(n, "__be32")) {
				bool b16 = !strcmp(n, "__be16");

				*out = (struct gotype){ xstrdup(gt_sdk(s->f, b16 ? "Be16" : "Be32", buf)),
							b16 ? 2 : 4, b16 ? 2 : 4 };
				return 0;
			}
		}
		k = kt->type;
	}
	id = strip(s, id, &typedef_name);
	t = type_at(s, id);
	if (!t)
		return -EINVAL;
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		uint8_t enc = btf_int_encoding(t);
		const char *name = name_of(s, id);

		if (enc & BTF_INT_BOOL && t->size == 1)
			*out = (struct gotype){ xstrdup("bool"), 1, 1 };
		else if (t->size == 1 && (!strcmp(name, "char") || !strcmp(name, "unsigned char")))
			*out = (struct gotype){ xstrdup("byte"), 1, 1 };
		else if (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8)
			*out = (struct gotype){ xasprintf("%sint%u", enc & BTF_INT_SIGNED ? "" : "u",
							  t->size * 8),
						t->size, t->size };
		else
			*out = bytes(t->size);
		return 0;
	}
	case BTF_KIND_FLOAT:
		if (t->size == 4 || t->size == 8)
			*out = (struct gotype){ xasprintf("float%u", t->size * 8), t->size, t->size };
		else
			*out = bytes(t->size);
		return 0;
	case BTF_KIND_PTR: {
		uint32_t target = strip(s, t->type, NULL);

		const struct btf_type *tt = btf__type_by_id(s->btf, target);

		if (s->go_name[target] && is_composite_id(s, target)) {
			*out = (struct gotype){ xasprintf("*%s", s->go_name[target]), 8, 8 };
		} else if (s->o->plain) {
			*out = (struct gotype){ xstrdup("uintptr"), 8, 8 };
		} else if (tt && btf_is_int(tt) && tt->size == 1) {
			/* char *: a string CoreReadStr follows */
			*out = (struct gotype){ xstrdup("*byte"), 8, 8 };
		} else {
			/*
			 * Not uintptr: that is an integer in the program's BTF,
			 * and libbpf and cilium/ebpf refuse to relocate an
			 * integer against the kernel's pointer.
			 */
			*out = (struct gotype){ xstrdup("unsafe.Pointer"), 8, 8 };
			s->f->use_unsafe = true;
		}
		return 0;
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		struct gotype elem;
		int err = go_type(s, a->type, &elem);

		if (err)
			return err;
		*out = (struct gotype){ xasprintf("[%u]%s", a->nelems, elem.text), a->nelems * elem.size,
					elem.align };
		free(elem.text);
		return 0;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!s->go_name[id])
			return -EINVAL;
		layout_type(s, id);
		*out = (struct gotype){ xstrdup(s->go_name[id]), s->go_size[id], s->go_align[id] };
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!s->go_name[id])
			return -EINVAL;
		*out = (struct gotype){ xstrdup(s->go_name[id]), t->size, t->size };
		return 0;
	default:
		return -EINVAL;
	}
}

/* ---- laying out a struct ---- */

static bool name_used(const struct layout *l, const char *name)
{
	for (size_t i = 0; i < l->name_count; i++)
		if (!strcmp(l->names[i], name))
			return true;
	return false;
}

static void use_name(struct layout *l, const char *name)
{
	l->names = xrealloc(l->names, l->name_count + 1, sizeof(*l->names));
	l->names[l->name_count++] = xstrdup(name);
}

static void push(struct layout *l, const char *name, char *type, unsigned offset, unsigned size,
		 unsigned align, char *comment)
{
	l->slots = xrealloc(l->slots, l->count + 1, sizeof(*l->slots));
	l->slots[l->count++] = (struct slot){ xstrdup(name), type, comment, offset, size, align, 0 };
}

static void pad_to(struct layout *l, unsigned offset)
{
	if (offset > l->cursor)
		push(l, "_", xasprintf("[%u]byte", offset - l->cursor), l->cursor, offset - l->cursor,
		     1, NULL);
	if (offset > l->cursor)
		l->cursor = offset;
}

/* A member of a struct after flattening anonymous members. */
struct item {
	const char *name;
	uint32_t type;
	unsigned bit_offset, bits;
	unsigned unit; /* bitfields: the byte size of the declared type */
};

static void flatten(struct state *s, uint32_t id, unsigned base, struct item **items, size_t *count)
{
	const struct btf_type *t = type_at(s, id);
	const struct btf_member *m = btf_members(t);

	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const char *name = btf__name_by_offset(s->btf, m[i].name_off);
		uint32_t mid = strip(s, m[i].type, NULL);
		unsigned off = base + btf_member_bit_offset(t, i);
		unsigned bits = btf_member_bitfield_size(t, i);

		if (!name[0] && !bits && is_composite_id(s, mid)) {
			flatten(s, mid, off, items, count);
			continue;
		}
		if (!name[0])
			continue; /* a padding bitfield */
		*items = xrealloc(*items, *count + 1, sizeof(**items));
		(*items)[(*count)++] = (struct item){ name, m[i].type, off, bits,
						      (unsigned)type_at(s, mid)->size };
	}
}

/* The Go name of a member: the rule of docs/core.md in CO-RE mode, plain
 * CamelCase in plain mode; NULL when a member of that name came first. */
static char *member_name(struct state *s, struct layout *l, const char *kernel)
{
	char *go = s->o->plain ? gt_camel_case(kernel) : gt_core_name(kernel);

	if (!go[0] || !gt_is_go_identifier(go) || (s->o->plain && name_used(l, go))) {
		free(go);
		go = xstrdup(kernel);
	}
	if (name_used(l, go) || !gt_is_go_identifier(go)) {
		free(go);
		return NULL;
	}
	use_name(l, go);
	return go;
}

static void method(struct state *s, struct layout *l, char *text)
{
	l->methods = xrealloc(l->methods, l->method_count + 1, sizeof(*l->methods));
	l->methods[l->method_count++] = text;
}

/* Plain mode: a member Go cannot place as a field is reached through a
 * method that returns a pointer to it. */
static void pointer_method(struct state *s, struct layout *l, uint32_t owner, const char *go,
			   const char *kernel, const struct gotype *gt, unsigned offset,
			   const char *why)
{
	s->f->use_unsafe = true;
	method(s, l,
	       xasprintf("// %s returns a pointer to %s, at offset %u (%s).\n"
			 "func (x *%s) %s() *%s {\n\treturn (*%s)(unsafe.Add(unsafe.Pointer(x), %u))\n}\n",
			 go, kernel, offset, why, s->go_name[owner], go, gt->text, gt->text, offset));
}

static const char *uint_type(unsigned size)
{
	switch (size) {
	case 1:
		return "uint8";
	case 2:
		return "uint16";
	case 4:
		return "uint32";
	default:
		return "uint64";
	}
}

/* Plain mode: bitfields become methods on the integer that holds them: the
 * field `storage`, or with storage NULL the bytes at storage_off (a bitfield
 * in a union member after the first). */
static void bitfield_accessors(struct state *s, struct layout *l, uint32_t owner,
			       const struct item *it, const char *storage, unsigned storage_off,
			       unsigned storage_size)
{
	unsigned shift = it->bit_offset - storage_off * 8, width = it->bits;
	const char *utype = uint_type(storage_size);
	const struct btf_type *t = type_at(s, strip(s, it->type, NULL));
	bool is_signed = btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED);
	unsigned long long mask = width >= 64 ? ~0ull : (1ull << width) - 1;
	char *get = member_name(s, l, it->name), *set_kernel, *set, *lv, *prelude, *where;

	if (!get)
		return;
	set_kernel = xasprintf("set_%s", it->name);
	set = member_name(s, l, set_kernel);
	if (storage) {
		lv = xasprintf("x.%s", storage);
		prelude = xstrdup("");
		where = xstrdup(storage);
	} else {
		s->f->use_unsafe = true;
		lv = xstrdup("*p");
		prelude = xasprintf("\tp := (*%s)(unsafe.Add(unsafe.Pointer(x), %u))\n", utype,
				    storage_off);
		where = xasprintf("the %s at offset %u", utype, storage_off);
	}
	if (is_signed)
		method(s, l,
		       xasprintf("// %s is the bitfield %s: %u bits from bit %u of %s.\n"
				 "func (x *%s) %s() int%u {\n"
				 "%s\treturn int%u(int64(uint64(%s)<<%u) >> %u)\n}\n",
				 get, it->name, width, shift, where, s->go_name[owner], get,
				 storage_size * 8, prelude, storage_size * 8, lv, 64 - shift - width,
				 64 - width));
	else
		method(s, l,
		       xasprintf("// %s is the bitfield %s: %u bits from bit %u of %s.\n"
				 "func (x *%s) %s() %s {\n%s\treturn (%s >> %u) & %#llx\n}\n",
				 get, it->name, width, shift, where, s->go_name[owner], get, utype,
				 prelude, lv, shift, mask));
	if (set)
		method(s, l,
		       xasprintf("// %s sets the bitfield %s.\n"
				 "func (x *%s) %s(v %s) {\n"
				 "%s\t%s = (%s &^ (%#llx << %u)) | ((%s(v) & %#llx) << %u)\n}\n",
				 set, it->name, s->go_name[owner], set,
				 is_signed ? (storage_size == 1 ? "int8" : storage_size == 2 ? "int16"
							 : storage_size == 4 ? "int32" : "int64")
					   : utype,
				 prelude, lv, lv, mask, shift, utype, mask, shift));
	free(get);
	free(set);
	free(set_kernel);
	free(lv);
	free(prelude);
	free(where);
}

/* Plain mode: a bitfield that overlaps a field (in a union member after the
 * first) is reached through the smallest aligned integer that holds it. */
static void overlapping_bitfield(struct state *s, struct layout *l, uint32_t owner,
				 const struct item *it)
{
	for (unsigned size = 1; size <= 8; size *= 2) {
		unsigned at = it->bit_offset / 8 / size * size;

		if (it->bit_offset + it->bits <= (at + size) * 8) {
			bitfield_accessors(s, l, owner, it, NULL, at, size);
			return;
		}
	}
}

/* The byte offset of a bitfield's storage unit: the aligned unit of its
 * declared type's size that holds it, as C compilers place it. */
static unsigned storage_offset(const struct item *it)
{
	unsigned unit = it->unit ? it->unit : 1;
	unsigned off = it->bit_offset / (unit * 8) * unit;

	if (it->bit_offset + it->bits > (off + unit) * 8)
		off = it->bit_offset / 8; /* packed: it straddles units */
	return off;
}

/* A run of bitfields items[from..to); limit: where the next member starts. */
static void bitfields(struct state *s, struct layout *l, uint32_t owner, const struct item *items,
		      size_t from, size_t to, unsigned limit)
{
	unsigned start = (unsigned)-1, end = 0;
	char buf[64];

	for (size_t i = from; i < to; i++) {
		unsigned off = storage_offset(&items[i]), last = (items[i].bit_offset + items[i].bits + 7) / 8;

		if (off < l->cursor)
			off = items[i].bit_offset / 8;
		if (off < start)
			start = off;
		if (last > end)
			end = last;
		if (off + items[i].unit > end && off + items[i].unit <= limit)
			end = off + items[i].unit;
	}
	if (!s->o->plain) {
		/* markers in the order of their storage, each at its offset */
		for (unsigned at = start; at < end; at++) {
			bool any = false;

			for (size_t i = from; i < to; i++) {
				unsigned off = storage_offset(&items[i]);
				char *go;

				if (off < l->cursor && off != at)
					off = items[i].bit_offset / 8;
				if (off != at)
					continue;
				if (!any)
					pad_to(l, at);
				any = true;
				go = member_name(s, l, items[i].name);
				if (go)
					push(l, go, xstrdup(gt_sdk(s->f, "Bitfield", buf)), at, 0, 1,
					     xasprintf("%s:%u at bit %u", items[i].name, items[i].bits,
						       items[i].bit_offset));
				free(go);
			}
		}
		pad_to(l, end);
		return;
	}
	/* plain: integers of 1, 2, 4 or 8 aligned bytes hold the bits */
	pad_to(l, start);
	while (l->cursor < end) {
		unsigned size = 8, at = l->cursor;
		char *storage;

		while (size > 1 && (at % size || at + size > end))
			size /= 2;
		storage = xasprintf("bits%u", at);
		use_name(l, storage);
		push(l, storage, xstrdup(uint_type(size)), at, size, size, NULL);
		for (size_t i = from; i < to; i++) {
			const struct item *it = &items[i];

			if (it->bit_offset / 8 < at || it->bit_offset / 8 >= at + size)
				continue;
			if (it->bit_offset + it->bits > (at + size) * 8)
				l->slots[l->count - 1].comment =
					xasprintf("%s spans two of these: no accessor", it->name);
			else
				bitfield_accessors(s, l, owner, it, storage, at, size);
		}
		free(storage);
		l->cursor = at + size;
	}
}

static void free_layout(struct layout *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->slots[i].name);
		free(l->slots[i].type);
		free(l->slots[i].comment);
	}
	for (size_t i = 0; i < l->method_count; i++)
		free(l->methods[i]);
	for (size_t i = 0; i < l->name_count; i++)
		free(l->names[i]);
	free(l->slots);
	free(l->methods);
	free(l->names);
}

static unsigned round_up(unsigned v, unsigned a)
{
	return a ? (v + a - 1) / a * a : v;
}

/* Go's size of the struct l describes: fields in order, each aligned, a
 * trailing zero-size field padded (cmd/compile does so since Go 1.5). */
static unsigned go_struct_size(const struct layout *l, unsigned *align)
{
	unsigned off = 0, a = 1;

	const struct slot *last = NULL;

	for (size_t i = 0; i < l->count; i++) {
		if (!l->slots[i].type)
			continue; /* a comment line */
		off = round_up(off, l->slots[i].align) + l->slots[i].size;
		if (l->slots[i].align > a)
			a = l->slots[i].align;
		last = &l->slots[i];
	}
	if (off && last && !last->size)
		off++;
	*align = a;
	return round_up(off, a);
}

static void layout_struct(struct state *s, uint32_t id)
{
	const struct btf_type *t = type_at(s, id);
	struct layout l = { 0 };
	struct item *items = NULL, *extra = NULL;
	size_t count = 0, extra_count = 0;
	struct gt_type *gt;
	unsigned size = t->size, align;
	char buf[64], *doc;

	flatten(s, id, 0, &items, &count);
	if (!s->o->plain)
		push(&l, "_", xstrdup(gt_sdk(s->f, "Kernel", buf)), 0, 0, 1, NULL);
	for (size_t i = 0; i < count; i++) {
		const struct item *it = &items[i];
		unsigned off = it->bit_offset / 8;
		struct gotype g;
		char *go;

		if (it->bits) {
			size_t j = i;
			unsigned limit = size;

			if (it->bit_offset / 8 < l.cursor && s->o->plain) {
				overlapping_bitfield(s, &l, id, it);
				continue;
			}
			if (it->bit_offset / 8 < l.cursor) {
				extra = xrealloc(extra, extra_count + 1, sizeof(*extra));
				extra[extra_count++] = *it;
				continue;
			}
			while (j < count && items[j].bits && items[j].bit_offset / 8 >= l.cursor)
				j++;
			if (j < count && items[j].bit_offset / 8 >= l.cursor)
				limit = items[j].bit_offset / 8;
			bitfields(s, &l, id, items, i, j, limit);
			i = j - 1;
			continue;
		}
		if (go_type(s, it->type, &g)) {
			diag_error(s->diags, "%s: member %s of %s has a type tinybpf cannot declare",
				   s->o->btf_path, it->name, s->kernel_name[id]);
			continue;
		}
		if (off >= l.cursor && off % g.align == 0 && (!s->o->plain || g.size || off < size)) {
			go = member_name(s, &l, it->name);
			if (!go) {
				push(&l, "_", NULL, off, 0, 1,
				     xasprintf("%s: a second member of this name is left out", it->name));
				free(g.text);
				continue;
			}
			pad_to(&l, off);
			push(&l, go, g.text, off, g.size, g.align, NULL);
			l.cursor = off + g.size;
			free(go);
		} else if (s->o->plain && off >= l.cursor && g.size) {
			go = member_name(s, &l, it->name);
			pad_to(&l, off);
			push(&l, go ? go : "_", xasprintf("[%u]byte", g.size), off, g.size, 1,
			     xasprintf("%s: Go cannot align a %s here", it->name, g.text));
			l.cursor = off + g.size;
			free(go);
			free(g.text);
		} else if (s->o->plain) {
			go = member_name(s, &l, it->name);
			if (go)
				pointer_method(s, &l, id, go, it->name, &g, off,
					       g.size ? "a union member after the first" : "it ends the struct");
			free(go);
			free(g.text);
		} else {
			free(g.text);
			extra = xrealloc(extra, extra_count + 1, sizeof(*extra));
			extra[extra_count++] = *it;
		}
	}
	pad_to(&l, size);
	/* CO-RE mode: what Go cannot overlap follows the kernel's size */
	for (size_t i = 0; i < extra_count; i++) {
		const struct item *it = &extra[i];
		char *go = member_name(s, &l, it->name);
		struct gotype g;

		if (!go) {
			push(&l, "_", NULL, l.cursor, 0, 1,
			     xasprintf("%s: a second member of this name is left out", it->name));
			continue;
		}
		if (it->bits) {
			push(&l, go, xstrdup(gt_sdk(s->f, "Bitfield", buf)), l.cursor, 0, 1,
			     xasprintf("%s:%u at bit %u in the kernel", it->name, it->bits,
				       it->bit_offset));
			/* one padding for the markers of one storage unit */
			if (i + 1 == extra_count || !extra[i + 1].bits ||
			    storage_offset(&extra[i + 1]) != storage_offset(it)) {
				push(&l, "_", xasprintf("[%u]byte", it->unit), l.cursor, it->unit, 1, NULL);
				l.cursor += it->unit;
			}
		} else if (!go_type(s, it->type, &g)) {
			l.cursor = round_up(l.cursor, g.align);
			push(&l, go, g.text, l.cursor, g.size, g.align,
			     xasprintf("at offset %u in the kernel", it->bit_offset / 8));
			l.cursor += g.size;
		}
		free(go);
	}
	/* a field Go aligns more than the size allows (packed): its bytes */
	if (s->o->plain) {
		for (;;) {
			bool changed = false;

			go_struct_size(&l, &align);
			if (size % align == 0)
				break;
			for (size_t i = 0; i < l.count; i++)
				if (l.slots[i].type && size % l.slots[i].align) {
					free(l.slots[i].type);
					l.slots[i].type = xasprintf("[%u]byte", l.slots[i].size);
					l.slots[i].align = 1;
					changed = true;
				}
			if (!changed)
				break;
		}
	}
	s->go_size[id] = go_struct_size(&l, &align);
	s->go_align[id] = align;

	{
		const char *kind = btf_is_union(t) ? "union" : "struct";

		if (s->anonymous[id])
			doc = xasprintf("is %s, an anonymous %s of %u bytes.", s->kernel_name[id], kind,
					size);
		else
			doc = xasprintf("is %s %s (%u bytes).", kind, s->kernel_name[id], size);
		if (s->go_size[id] != size) {
			char *more = xasprintf("%s Go lays it out in %u bytes: members Go cannot place "
					       "at their offsets follow the kernel's (docs/types.md).",
					       doc, s->go_size[id]);
			free(doc);
			doc = more;
		}
	}
	gt = gt_add_type(s->f, s->go_name[id], doc);
	free(doc);
	for (size_t i = 0; i < l.count; i++)
		gt_add_field(gt, l.slots[i].name, l.slots[i].type, l.slots[i].offset, l.slots[i].size,
			     l.slots[i].comment);
	for (size_t i = 0; i < l.method_count; i++) {
		gt_add_method(gt, l.methods[i]);
		l.methods[i] = NULL;
	}
	free_layout(&l);
	free(items);
	free(extra);
}

static void layout_enum(struct state *s, uint32_t id)
{
	const struct btf_type *t = type_at(s, id);
	bool is_signed = btf_kflag(t);
	struct gt_type *gt;
	char *doc, *value;

	if (s->anonymous[id])
		doc = xasprintf("is %s, an anonymous enum.", s->kernel_name[id]);
	else
		doc = xasprintf("is enum %s.", s->kernel_name[id]);
	gt = gt_add_type(s->f, s->go_name[id], doc);
	free(doc);
	gt->underlying = xasprintf("%sint%u", is_signed ? "" : "u", t->size * 8);
	s->go_size[id] = s->go_align[id] = t->size;
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const char *name;
		uint64_t v;

		if (btf_is_enum(t)) {
			name = btf__name_by_offset(s->btf, btf_enum(t)[i].name_off);
			v = is_signed ? (uint64_t)(int64_t)btf_enum(t)[i].val
				      : (uint64_t)(uint32_t)btf_enum(t)[i].val;
		} else {
			name = btf__name_by_offset(s->btf, btf_enum64(t)[i].name_off);
			v = btf_enum64_value(&btf_enum64(t)[i]);
		}
		if (is_signed) {
			int64_t sv = (int64_t)v;

			if (t->size < 8) /* sign-extend from the enum's width */
				sv = (int64_t)(v << (64 - t->size * 8)) >> (64 - t->size * 8);
			value = xasprintf("%lld", (long long)sv);
		} else {
			if (t->size < 8)
				v &= (1ull << (t->size * 8)) - 1;
			value = xasprintf("%llu", (unsigned long long)v);
		}
		if (gt_is_go_identifier(name))
			gt_add_const(gt, name, value);
		free(value);
	}
}

static void layout_type(struct state *s, uint32_t id)
{
	if (s->done[id])
		return;
	s->done[id] = 1;
	if (btf_is_any_enum(type_at(s, id)))
		layout_enum(s, id);
	else
		layout_struct(s, id);
	s->done[id] = 2;
}

/* ---- finding the named types ---- */

static int find_named(struct state *s, const char *arg, uint32_t *out)
{
	static const struct {
		const char *prefix;
		int kinds[2];
	} prefixes[] = {
		{ "struct ", { BTF_KIND_STRUCT, -1 } },
		{ "union ", { BTF_KIND_UNION, -1 } },
		{ "enum ", { BTF_KIND_ENUM, BTF_KIND_ENUM64 } },
	};
	static const int any[] = { BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ENUM, BTF_KIND_ENUM64,
				   BTF_KIND_TYPEDEF };
	const char *name = arg;
	const int *kinds = any;
	size_t kind_count = ARRAY_SIZE(any);

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (str_starts_with(arg, prefixes[i].prefix)) {
			name = arg + strlen(prefixes[i].prefix);
			kinds = prefixes[i].kinds;
			kind_count = kinds[1] < 0 ? 1 : 2;
		}
	for (size_t i = 0; i < kind_count; i++) {
		int id = btf__find_by_name_kind(s->btf, name, (uint32_t)kinds[i]);

		if (id > 0) {
			*out = (uint32_t)id;
			return 0;
		}
	}
	return -ENOENT;
}

static void suggest(struct state *s, const char *arg)
{
	const char **names = NULL;
	size_t count = 0;
	const char *best, *name = strchr(arg, ' ') ? strchr(arg, ' ') + 1 : arg;

	for (uint32_t id = 1; id < s->n; id++) {
		const struct btf_type *t = type_at(s, id);

		if (!t || !t->name_off || !(is_declared_kind(t) || btf_is_typedef(t)))
			continue;
		names = xrealloc(names, count + 1, sizeof(*names));
		names[count++] = name_of(s, id);
	}
	best = gt_closest(name, names, count);
	if (best)
		diag_error(s->diags, "%s: no type named %s; did you mean %s?", s->o->btf_path, arg,
			   best);
	else
		diag_error(s->diags, "%s: no type named %s", s->o->btf_path, arg);
	free(names);
}

int gt_from_btf(struct gt_file *f, const struct btf *btf, const char *const *names, size_t count,
		const struct gt_btf_options *o, struct tb_diags *diags)
{
	struct state s = { .btf = btf, .f = f, .o = o, .diags = diags, .n = btf__type_cnt(btf) };
	uint32_t *roots = xcalloc(count + 1, sizeof(*roots));
	int err = 0;

	s.kernel_name = xcalloc(s.n, sizeof(*s.kernel_name));
	s.go_name = xcalloc(s.n, sizeof(*s.go_name));
	s.anonymous = xcalloc(s.n, sizeof(*s.anonymous));
	s.done = xcalloc(s.n, sizeof(*s.done));
	s.go_size = xcalloc(s.n, sizeof(*s.go_size));
	s.go_align = xcalloc(s.n, sizeof(*s.go_align));

	for (size_t i = 0; i < count; i++) {
		const char *typedef_name = NULL;
		uint32_t id;

		if (find_named(&s, names[i], &id)) {
			suggest(&s, names[i]);
			err = -ENOENT;
			continue;
		}
		roots[i] = strip(&s, id, &typedef_name);
		if (!is_declared_kind(type_at(&s, roots[i]))) {
			diag_error(diags, "%s: %s is not a struct, union or enum%s", o->btf_path, names[i],
				   btf_is_fwd(type_at(&s, roots[i])) ? " (only declared in this BTF)" : "");
			err = -EINVAL;
			continue;
		}
		if (!name_of(&s, roots[i])[0] && !s.kernel_name[roots[i]])
			add(&s, roots[i], typedef_name ? typedef_name : names[i], NULL, NULL);
		else
			add(&s, roots[i], NULL, NULL, NULL);
	}
	/* CO-RE finds a type by the name the rule gives back: a rename must
	 * keep it (a ___suffix is ignored, as libbpf does) */
	for (size_t i = 0; !err && !o->plain && i < count; i++) {
		const char *renamed = rename_of(&s, s.kernel_name[roots[i]]), *stem = renamed;
		char *back, *cut;

		/* the bpfCore… stubs of docs/core.md keep working */
		if (stem && str_starts_with(stem, "bpfCore"))
			for (stem += strlen("bpfCore"); *stem == '_'; stem++)
				;
		back = stem ? gt_snake_case(stem) : NULL;

		if (back && (cut = strstr(back, "___")))
			*cut = '\0';
		if (back && strcmp(back, s.kernel_name[roots[i]]) && strcmp(renamed, s.kernel_name[roots[i]])) {
			diag_error(diags,
				   "--rename %s=%s: CO-RE would look for struct %s; give a name the "
				   "rule of docs/core.md turns into %s (a ___suffix may follow), or "
				   "use --plain",
				   s.kernel_name[roots[i]], renamed, back, s.kernel_name[roots[i]]);
			err = -EINVAL;
		}
		free(back);
	}
	for (size_t i = 0; !err && i < count; i++)
		collect(&s, roots[i]);
	for (size_t i = 0; !err && i < s.set_count; i++)
		layout_type(&s, s.set[i]);
	if (!err && tb_diags_error_count(diags))
		err = -EINVAL;
	for (uint32_t i = 0; i < s.n; i++) {
		free(s.kernel_name[i]);
		free(s.go_name[i]);
	}
	free(s.kernel_name);
	free(s.go_name);
	free(s.anonymous);
	free(s.done);
	free(s.go_size);
	free(s.go_align);
	free(s.set);
	free(roots);
	return err;
}
