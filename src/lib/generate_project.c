// SPDX-License-Identifier: MIT
/*
 * tinybpf init: a new project that builds, loads and passes its own test as
 * written. The templates live in the library, beside the loader generator
 * whose output the project uses and whose name rule it shares, so tools that
 * embed libtinybpf scaffold the same project the CLI does.
 *
 * The project counts getppid(2) calls per process from a tracepoint (every
 * kernel since 4.7 allows those; no kprobes or BTF-typed attach needed) in a
 * hash map, and its Go test calls getppid three times and expects 3 for its
 * own pid. Nothing is overwritten: the directory must not exist, and is
 * removed again if writing fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "generate.h"
#include "internal.h"

/* The cilium/ebpf release tinybpf's own tests use. */
#define CILIUM_EBPF_VERSION "v0.22.0"

struct template {
	const char *path; /* in the project; @NAME@ is the project's name */
	const char *text;
};

static const struct template templates[] = {
	{ "go.mod",
	  "module @NAME@\n"
	  "\n"
	  "go 1.25.0\n"
	  "\n"
	  "require github.com/cilium/ebpf " CILIUM_EBPF_VERSION "\n" },
	{ "Makefile",
	  "# make       builds the BPF object from bpf/ and its Go loader\n"
	  "# make test  runs the Go test, which loads the program (root or CAP_BPF)\n"
	  "TINYBPF ?= tinybpf\n"
	  "GO      ?= go\n"
	  "\n"
	  "all: @NAME@_bpf.go\n"
	  "\n"
	  "# TinyGo is $TINYGO, or tinygo on PATH.\n"
	  "@NAME@.bpf.o: $(wildcard bpf/*.go)\n"
	  "\t$(TINYBPF) build -o $@ ./bpf\n"
	  "\n"
	  "@NAME@_bpf.go: @NAME@.bpf.o\n"
	  "\t$(TINYBPF) generate $< -o $@ --package @NAME@\n"
	  "\n"
	  "go.sum: go.mod @NAME@_bpf.go\n"
	  "\t$(GO) mod tidy\n"
	  "\n"
	  "test: @NAME@_bpf.go go.sum\n"
	  "\t$(GO) vet ./...\n"
	  "\t$(GO) test -v -count=1 ./...\n"
	  "\n"
	  "clean:\n"
	  "\trm -f @NAME@.bpf.o @NAME@_bpf.go\n"
	  "\n"
	  ".PHONY: all test clean\n" },
	{ "bpf/main.go",
	  "//go:build tinygo\n"
	  "\n"
	  "// The BPF program, compiled by TinyGo and tinybpf (see the Makefile): it\n"
	  "// counts getppid(2) calls per process in the map calls.\n"
	  "package main\n"
	  "\n"
	  "import \"unsafe\"\n"
	  "\n"
	  "// tinybpf turns each variable of type bpfMapDef into a map of that name.\n"
	  "type bpfMapDef struct {\n"
	  "\tType       uint32\n"
	  "\tKeySize    uint32\n"
	  "\tValueSize  uint32\n"
	  "\tMaxEntries uint32\n"
	  "\tMapFlags   uint32\n"
	  "}\n"
	  "\n"
	  "const bpfMapTypeHash = 1\n"
	  "\n"
	  "// calls maps a process id (uint32) to its getppid calls (uint64).\n"
	  "var calls = bpfMapDef{Type: bpfMapTypeHash, KeySize: 4, ValueSize: 8, MaxEntries: 1024}\n"
	  "\n"
	  "// Kernel helpers, recognised by name: bpfMapLookupElem is bpf_map_lookup_elem.\n"
	  "func bpfGetCurrentPidTgid() uint64\n"
	  "func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer\n"
	  "func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64\n"
	  "\n"
	  "//go:section tracepoint/syscalls/sys_enter_getppid\n"
	  "//export count_getppid\n"
	  "func count_getppid(ctx unsafe.Pointer) int32 {\n"
	  "\tpid := uint32(bpfGetCurrentPidTgid() >> 32)\n"
	  "\tif n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&calls), unsafe.Pointer(&pid))); n != nil {\n"
	  "\t\t*n++\n"
	  "\t\treturn 0\n"
	  "\t}\n"
	  "\tone := uint64(1)\n"
	  "\tbpfMapUpdateElem(unsafe.Pointer(&calls), unsafe.Pointer(&pid), unsafe.Pointer(&one), 0)\n"
	  "\treturn 0\n"
	  "}\n"
	  "\n"
	  "func main() {}\n" },
	{ "bpf/stub.go",
	  "//go:build !tinygo\n"
	  "\n"
	  "// Package main is the BPF program (main.go), built by TinyGo; this file\n"
	  "// lets standard Go tooling load the package.\n"
	  "package main\n"
	  "\n"
	  "func main() {}\n" },
	{ "@NAME@.go",
	  "// Package @NAME@ loads the BPF program of bpf/ through the loader\n"
	  "// `tinybpf generate` writes (@NAME@_bpf.go) and reads what it counted.\n"
	  "package @NAME@\n"
	  "\n"
	  "import (\n"
	  "\t\"errors\"\n"
	  "\n"
	  "\t\"github.com/cilium/ebpf\"\n"
	  "\t\"github.com/cilium/ebpf/link\"\n"
	  ")\n"
	  "\n"
	  "// Tracer is the program, attached to the sys_enter_getppid tracepoint.\n"
	  "type Tracer struct {\n"
	  "\tobjs Objects\n"
	  "\tlink link.Link\n"
	  "}\n"
	  "\n"
	  "// Attach loads the program into the kernel and attaches it.\n"
	  "func Attach() (*Tracer, error) {\n"
	  "\tt := &Tracer{}\n"
	  "\tif err := LoadObjects(&t.objs, nil); err != nil {\n"
	  "\t\treturn nil, err\n"
	  "\t}\n"
	  "\tl, err := link.Tracepoint(\"syscalls\", \"sys_enter_getppid\", t.objs.CountGetppid, nil)\n"
	  "\tif err != nil {\n"
	  "\t\tt.objs.Close()\n"
	  "\t\treturn nil, err\n"
	  "\t}\n"
	  "\tt.link = l\n"
	  "\treturn t, nil\n"
	  "}\n"
	  "\n"
	  "// Calls is how many times process pid called getppid since Attach.\n"
	  "func (t *Tracer) Calls(pid uint32) (uint64, error) {\n"
	  "\tvar n uint64\n"
	  "\terr := t.objs.Calls.Lookup(pid, &n)\n"
	  "\tif errors.Is(err, ebpf.ErrKeyNotExist) {\n"
	  "\t\treturn 0, nil\n"
	  "\t}\n"
	  "\treturn n, err\n"
	  "}\n"
	  "\n"
	  "// Close detaches and unloads the program.\n"
	  "func (t *Tracer) Close() error {\n"
	  "\treturn errors.Join(t.link.Close(), t.objs.Close())\n"
	  "}\n" },
	{ "@NAME@_test.go",
	  "package @NAME@\n"
	  "\n"
	  "import (\n"
	  "\t\"os\"\n"
	  "\t\"syscall\"\n"
	  "\t\"testing\"\n"
	  ")\n"
	  "\n"
	  "// The program sees this process call getppid exactly as often as it does.\n"
	  "func TestCountsOwnGetppid(t *testing.T) {\n"
	  "\ttr, err := Attach()\n"
	  "\tif err != nil {\n"
	  "\t\tt.Fatal(err)\n"
	  "\t}\n"
	  "\tdefer tr.Close()\n"
	  "\tfor i := 0; i < 3; i++ {\n"
	  "\t\tsyscall.Getppid()\n"
	  "\t}\n"
	  "\tn, err := tr.Calls(uint32(os.Getpid()))\n"
	  "\tif err != nil {\n"
	  "\t\tt.Fatal(err)\n"
	  "\t}\n"
	  "\tif n != 3 {\n"
	  "\t\tt.Errorf(\"pid %d: %d getppid calls seen, want 3\", os.Getpid(), n)\n"
	  "\t}\n"
	  "}\n" },
};

/* Replaces every @NAME@ in `text`. */
static char *expand(const char *text, const char *name)
{
	static const char placeholder[] = "@NAME@";
	char *out = xstrdup("");

	for (const char *p = text;;) {
		const char *hit = strstr(p, placeholder);
		char *next = hit ? xasprintf("%s%.*s%s", out, (int)(hit - p), p, name)
				 : xasprintf("%s%s", out, p);

		free(out);
		out = next;
		if (!hit)
			return out;
		p = hit + strlen(placeholder);
	}
}

/* Creates a new file (O_EXCL: never one that exists) with `text`. */
static int write_new_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	size_t len = strlen(text), done = 0;
	int err = 0;

	if (fd < 0)
		return -errno;
	while (done < len && !err) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0)
			err = -errno;
		else
			done += (size_t)n;
	}
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Removes what a failed init created, newest first. */
static void undo(char **created, size_t count)
{
	/* Best effort: the error that made init fail is the one to report. */
	while (count--)
		(void)remove(created[count]);
}

static bool valid_project_name(const char *name)
{
	/* A Go package and module name that `go ./...` does not skip and that
	 * is no command. */
	return gen_is_go_identifier(name) && name[0] != '_' && strcmp(name, "main") != 0;
}

int tb_generate_project(const struct tb_project_options *opts, struct tb_diags *diags)
{
	const char *name = OPTS_GET(opts, name, NULL);
	const char *parent = OPTS_GET(opts, parent, ".");
	char *created[ARRAY_SIZE(templates) + 3];
	size_t count = 0;
	int err = 0;

	if (!name || !valid_project_name(name)) {
		diag_error(diags, "project name '%s' is not a Go identifier (a letter, then letters, "
				  "digits or '_'; no keyword, not main): it names the Go package",
			   name ? name : "");
		return -EINVAL;
	}
	created[count] = xasprintf("%s/%s", parent, name);
	if (mkdir(created[count], 0755)) {
		err = -errno;
		diag_error(diags, "%s: %s; init writes a new directory and never overwrites", created[count],
			   strerror(errno));
		free(created[count]);
		return err;
	}
	count++;
	created[count] = xasprintf("%s/%s/bpf", parent, name);
	if (mkdir(created[count], 0755)) {
		err = -errno;
		diag_error(diags, "%s: %s", created[count], strerror(errno));
	} else {
		count++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(templates) && !err; i++) {
		char *rel = expand(templates[i].path, name);
		char *text = expand(templates[i].text, name);

		created[count] = xasprintf("%s/%s/%s", parent, name, rel);
		err = write_new_file(created[count], text);
		if (err)
			diag_error(diags, "%s: %s", created[count], strerror(-err));
		else
			count++;
		free(rel);
		free(text);
	}
	if (err)
		undo(created, count);
	for (size_t i = 0; i < count + (err != 0); i++)
		free(created[i]);
	return err;
}
