#!/usr/bin/env bash
# Compares bookworm's libbpf 1.1.2 with bookworm-backports' 1.4.6 for
# docs/libbpf.md, each asked through its own shared library (dlopen, so
# nothing is installed):
#   1. section names: every SEC_DEF of both releases' libbpf.c, from Debian's
#      source tarballs (a "+" entry asked as "name/x"), through
#      libbpf_prog_type_by_name(): the program type, or "-" if unknown;
#   2. program and map types each release names (libbpf_bpf_prog_type_str,
#      libbpf_bpf_map_type_str) and whether it finds them loadable on this
#      kernel (libbpf_probe_bpf_prog_type/map_type; run as root);
#   3. BTF robustness: btf__new() on two malformed BTFs (a name past the
#      string section, a member of a type id that does not exist), then a
#      lookup on what it accepted, in a child process.
# Downloads into a scratch directory; needs apt-get, curl, cc.
set -euo pipefail
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\?$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# The shared libraries: 1.1.2 from bookworm (never installed), 1.4.6 as
# installed by scripts/setup.sh, else downloaded the same way.
apt-get download -q "libbpf1=1:1.1.2-0+deb12u1" >/dev/null 2>&1
dpkg-deb -x libbpf1_*1.1.2*.deb old
old=$work/old/usr/lib/x86_64-linux-gnu/libbpf.so.1.1.2
new=/usr/lib/x86_64-linux-gnu/libbpf.so.1.4.6
if [ ! -e "$new" ]; then
	apt-get download -q -t bookworm-backports "libbpf1=1:1.4.6-1~bpo12+1" >/dev/null 2>&1
	dpkg-deb -x libbpf1_*1.4.6*.deb new
	new=$work/new/usr/lib/x86_64-linux-gnu/libbpf.so.1.4.6
fi

for v in 1.1.2 1.4.6; do
	curl -fsS -o "libbpf_$v.orig.tar.gz" "$mirror/pool/main/libb/libbpf/libbpf_$v.orig.tar.gz"
	tar -xzf "libbpf_$v.orig.tar.gz" "libbpf-$v/src/libbpf.c"
	grep -o 'SEC_DEF("[^"]*"' "libbpf-$v/src/libbpf.c" | sed 's/^SEC_DEF("//; s/"$//'
done | awk '!seen[$0]++' | sed 's|+$|/x|' >names

cat >probe.c <<'C'
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/btf.h>

static void *lib;
#define SYM(name) ((__typeof__(&name##_t))dlsym(lib, #name))
int libbpf_prog_type_by_name_t(const char *, int *, int *);
const char *libbpf_bpf_prog_type_str_t(int);
const char *libbpf_bpf_map_type_str_t(int);
int libbpf_probe_bpf_prog_type_t(int, const void *);
int libbpf_probe_bpf_map_type_t(int, const void *);
void *libbpf_set_print_t(void *);
void *btf__new_t(const void *, uint32_t);
int btf__find_by_name_t(const void *, const char *);
int btf__align_of_t(const void *, uint32_t);

/* Runs one malformed-BTF case in a child: does btf__new() take it, and what
 * does a lookup on it then do (return, or crash)? */
static void btf_case(const char *what, const void *blob, size_t size, int lookup_id)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		void *btf = SYM(btf__new)(blob, size);

		if (!btf) {
			printf("%s: btf__new refuses it\n", what);
			exit(0);
		}
		if (lookup_id)
			printf("%s: btf__new accepts it; btf__align_of(%d) returns %d\n", what, lookup_id,
			       SYM(btf__align_of)(btf, lookup_id));
		else
			printf("%s: btf__new accepts it; btf__find_by_name(\"int\") returns %d\n", what,
			       SYM(btf__find_by_name)(btf, "int"));
		exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("%s: btf__new accepts it; the lookup crashes (signal %d)\n", what,
		       WTERMSIG(status));
}

/* Two malformed BTFs, as a corrupt or hostile object carries: a type name
 * past the string section, and a struct member of a type id that does not
 * exist. */
static void btf_cases(void)
{
	struct {
		struct btf_header hdr;
		struct btf_type t;
		uint32_t int_info;
		char strings[5];
	} bad_name = {
		.hdr = { .magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(struct btf_header),
			 .type_off = 0, .type_len = sizeof(struct btf_type) + 4,
			 .str_off = sizeof(struct btf_type) + 4, .str_len = 5 },
		.t = { .name_off = 0x1000, .info = BTF_KIND_INT << 24, .size = 4 },
		.int_info = 32,
		.strings = "\0int", /* with its terminating NUL: 5 bytes */
	};
	struct {
		struct btf_header hdr;
		struct btf_type t;
		struct btf_member m;
		char strings[5];
	} bad_member = {
		.hdr = { .magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(struct btf_header),
			 .type_off = 0, .type_len = sizeof(struct btf_type) + sizeof(struct btf_member),
			 .str_off = sizeof(struct btf_type) + sizeof(struct btf_member), .str_len = 5 },
		.t = { .name_off = 1, .info = BTF_KIND_STRUCT << 24 | 1, .size = 4 },
		.m = { .name_off = 1, .type = 1000, .offset = 0 },
		.strings = "\0int",
	};

	btf_case("a type name past the strings", &bad_name, sizeof(bad_name), 0);
	btf_case("a member of type id 1000 (of 1)", &bad_member, sizeof(bad_member), 1);
}

int main(int argc, char **argv)
{
	char name[256];

	lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return 1;
	SYM(libbpf_set_print)(NULL); /* unknown names are logged: the answers suffice */
	if (!strcmp(argv[2], "sections")) {
		while (fgets(name, sizeof(name), stdin)) {
			int type, attach;

			name[strcspn(name, "\n")] = '\0';
			printf("%s\n", SYM(libbpf_prog_type_by_name)(name, &type, &attach)
					       ? "-" : SYM(libbpf_bpf_prog_type_str)(type));
		}
	} else if (!strcmp(argv[2], "types")) {
		for (int t = 0; SYM(libbpf_bpf_prog_type_str)(t); t++)
			printf("prog %s %s\n", SYM(libbpf_bpf_prog_type_str)(t),
			       t && SYM(libbpf_probe_bpf_prog_type)(t, NULL) == 1 ? "loads" : "-");
		for (int t = 0; SYM(libbpf_bpf_map_type_str)(t); t++)
			printf("map %s %s\n", SYM(libbpf_bpf_map_type_str)(t),
			       t && SYM(libbpf_probe_bpf_map_type)(t, NULL) == 1 ? "loads" : "-");
	} else {
		btf_cases();
	}
	return 0;
}
C
cc -o probe probe.c -ldl
./probe "$old" sections <names >old.txt
./probe "$new" sections <names >new.txt
echo "== 1. section names: the program type each release gives, or - (unknown)"
printf '%-28s %-24s %s\n' "section" "libbpf 1.1.2" "libbpf 1.4.6"
paste names old.txt new.txt | awk '{ printf "%-28s %-24s %s\n", $1, $2, $3 }'
echo
echo "== 2. program and map types each release names, and which load on this kernel ($(uname -r))"
./probe "$old" types >old-types.txt
./probe "$new" types >new-types.txt
printf '%-30s %-14s %s\n' "type" "libbpf 1.1.2" "libbpf 1.4.6"
awk 'NR == FNR { old[$1 " " $2] = $3; next }
	{ k = $1 " " $2; printf "%-30s %-14s %s\n", k, (k in old) ? old[k] : "(unknown)", $3 }' \
	old-types.txt new-types.txt
echo
echo "== 3. malformed BTF"
./probe "$old" btf | sed 's/^/libbpf 1.1.2, /'
./probe "$new" btf | sed 's/^/libbpf 1.4.6, /'
