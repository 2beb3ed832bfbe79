// SPDX-License-Identifier: MIT
/*
 * tb_doctor: what this machine has of what tinybpf and its programs need.
 * Toolchain checks fail when tinybpf cannot build (TinyGo, Go, LLVM's BPF
 * target, libbpf); everything else warns, since it limits which programs load
 * or which tools help, not whether objects can be built. Each finding names
 * its real cause (a file that is missing is not one this user may not read)
 * and the command that fixes it, and the last checks prove the whole path:
 * a small program built by TinyGo and tinybpf, then loaded into this kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <linux/magic.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "../internal.h"
#include "../build/tinygo.h"

struct tb_checks {
	struct tb_check *items;
	size_t count;
};

static void add_check(struct tb_checks *checks, const char *group, const char *name,
		      enum tb_check_status status, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void add_check(struct tb_checks *checks, const char *group, const char *name,
		      enum tb_check_status status, const char *fix, const char *fmt, ...)
{
	struct tb_check *c;
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	if (vasprintf(&detail, fmt, ap) < 0)
		abort();
	va_end(ap);
	checks->items = xrealloc(checks->items, checks->count + 1, sizeof(*checks->items));
	c = &checks->items[checks->count++];
	*c = (struct tb_check){
		.group = group,
		.name = xstrdup(name),
		.status = status,
		.detail = detail,
		.fix = status == TB_CHECK_OK || !fix ? NULL : xstrdup(fix),
	};
}

/* ---- tools ---- */

/* Runs argv and collects what it prints (stdout and stderr, at most 16 KiB);
 * returns its exit status, or -1 if it could not run. */
static int run_capture(const char *const *argv, const char *dir, char **output)
{
	size_t cap = 16384, len = 0;
	char *buf = xcalloc(cap + 1, 1);
	ssize_t n;
	int pipefd[2], status;
	pid_t pid;

	*output = buf;
	if (pipe2(pipefd, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		if (dir && chdir(dir))
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	while (pid > 0 && (n = read(pipefd[0], buf + len, cap - len)) > 0)
		len += (size_t)n;
	/* Drain the rest so the child never blocks on a full pipe. */
	for (char sink[4096]; pid > 0 && read(pipefd[0], sink, sizeof(sink)) > 0;)
		;
	close(pipefd[0]);
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs `path arg` and returns the first line of what it prints (stdout and
 * stderr), or NULL if it cannot run or fails. */
static char *first_output_line(const char *path, const char *arg)
{
	const char *argv[] = { path, arg, NULL };
	char *out;
	char *line = NULL;

	if (run_capture(argv, NULL, &out) == 0) {
		out[strcspn(out, "\n")] = '\0';
		line = xstrdup(out);
	}
	free(out);
	return line;
}

/* Why `path` cannot be run: NULL if it can. "not found" and "permission
 * denied" need different fixes; for the latter, names the directory this
 * user may not enter, or says the file itself is not executable. */
static char *why_not_runnable(const char *path)
{
	struct stat st;
	char *prefix, *slash;

	if (!access(path, X_OK))
		return !stat(path, &st) && S_ISREG(st.st_mode) ? NULL
								: xasprintf("%s is not a file", path);
	if (errno != EACCES)
		return xasprintf("%s not found", path);
	prefix = xstrdup(path);
	for (slash = strchr(prefix + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (access(prefix, X_OK)) {
			char *why = xasprintf("%s: permission denied: this user (uid %u) may not "
					      "enter %s",
					      path, (unsigned)geteuid(), prefix);

			free(prefix);
			return why;
		}
		*slash = '/';
	}
	free(prefix);
	return xasprintf("%s: permission denied: not executable by this user (uid %u)", path,
			 (unsigned)geteuid());
}

/* Like find_executable, with the reason when the command cannot be run:
 * a file on PATH this user may not run counts as that, not as missing. */
static char *locate(const char *command, char **why)
{
	const char *path = getenv("PATH");
	char *denied = NULL;

	*why = NULL;
	if (strchr(command, '/')) {
		*why = why_not_runnable(command);
		return *why ? NULL : xstrdup(command);
	}
	for (const char *dir = path ? path : "/bin:/usr/bin";; dir++) {
		size_t len = strcspn(dir, ":");
		char *candidate = xasprintf("%.*s/%s", (int)len, len ? dir : ".", command);
		char *reason = why_not_runnable(candidate);

		if (!reason) {
			free(denied);
			return candidate;
		}
		if (!denied && strstr(reason, "permission denied"))
			denied = reason;
		else
			free(reason);
		free(candidate);
		dir += len;
		if (!*dir)
			break;
	}
	*why = denied ? denied : xasprintf("%s not found on PATH", command);
	return NULL;
}

static const char *const tinygo_origins[] = {
	[TINYGO_CHOSEN] = "",
	[TINYGO_ENV] = " ($TINYGO)",
	[TINYGO_INSTALLED] = " (installed with tinybpf)",
	[TINYGO_PATH] = " (on PATH)",
};

static const char tinygo_fix[] =
	"install TinyGo (scripts/setup.sh builds 0.42.0 against Debian's LLVM 22), "
	"then put it on PATH or set TINYGO=/path/to/tinygo";

/* The TinyGo a build would run, checked; its path, or NULL when it cannot
 * run (then the checks that need it are left out: this one says why). */
static char *check_tinygo(struct tb_checks *checks, const char *chosen)
{
	enum tinygo_origin origin;
	char *command = tinygo_find(chosen, &origin), *why;
	char *path = locate(command, &why);
	char *version_line = path ? first_output_line(path, "version") : NULL;
	char version[32] = "", llvm_version[32] = "";
	unsigned tinygo_llvm = 0, own_llvm = 0;
	const char *llvm;

	free(command);
	if (!path) {
		bool denied = strstr(why, "permission denied");
		char *fix = denied ? xasprintf("use a TinyGo this user may run: the one `make install` "
					       "puts beside tinybpf (then unset TINYGO), or make "
					       "the directories on its path searchable (chmod o+x)")
				   : xstrdup(tinygo_fix);

		add_check(checks, "toolchain", "TinyGo", TB_CHECK_FAILED, fix, "%s", why);
		free(fix);
		free(why);
		return NULL;
	}
	if (!version_line || sscanf(version_line, "tinygo version %31s", version) != 1) {
		add_check(checks, "toolchain", "TinyGo", TB_CHECK_FAILED, tinygo_fix,
			  "%s does not run as TinyGo ('%s version' failed)", path, path);
		free(version_line);
		free(path);
		return NULL;
	}
	llvm = strstr(version_line, "LLVM version ");
	sscanf(tb_llvm_version(), "%u", &own_llvm);
	if (!llvm || sscanf(llvm, "LLVM version %31[0-9.]", llvm_version) != 1 ||
	    sscanf(llvm_version, "%u", &tinygo_llvm) != 1) {
		add_check(checks, "toolchain", "TinyGo", TB_CHECK_WARNING,
			  "check that TinyGo's LLVM is not newer than tinybpf's",
			  "%s at %s; its LLVM version is not in '%s'", version, path, version_line);
	} else if (tinygo_llvm > own_llvm) {
		char *newer_fix = xasprintf("use a TinyGo built with LLVM %u or older, or build "
					    "tinybpf against LLVM %u (make LLVM_CONFIG=llvm-config-%u)",
					    own_llvm, tinygo_llvm, tinygo_llvm);

		add_check(checks, "toolchain", "TinyGo", TB_CHECK_FAILED, newer_fix,
			  "%s at %s uses LLVM %u, newer than tinybpf's LLVM %s: tinybpf cannot read "
			  "its IR",
			  version, path, tinygo_llvm, tb_llvm_version());
		free(newer_fix);
		free(path);
		path = NULL;
	} else if (tinygo_llvm < own_llvm) {
		/* LLVM reads older IR, so this may work; only one pairing is tested. */
		add_check(checks, "toolchain", "TinyGo", TB_CHECK_WARNING,
			  origin == TINYGO_ENV ? "unset TINYGO to use the TinyGo installed with "
						 "tinybpf, or scripts/setup.sh builds TinyGo "
						 "against LLVM 22"
					       : "scripts/setup.sh builds TinyGo 0.42.0 against "
						 "Debian's LLVM 22",
			  "%s (LLVM %s) at %s%s differs from tinybpf's LLVM %s: tinybpf reads "
			  "older IR, but is tested with TinyGo on its own LLVM",
			  version, llvm_version, path, tinygo_origins[origin], tb_llvm_version());
	} else {
		add_check(checks, "toolchain", "TinyGo", TB_CHECK_OK, NULL, "%s (LLVM %s) at %s%s",
			  version, llvm_version, path, tinygo_origins[origin]);
	}
	free(version_line);
	return path;
}

/* What TinyGo's module zip lacks and IR output still reads, in TinyGo's
 * root: src/net (a git submodule) and musl's *.h.in headers, from which
 * TinyGo writes the libc headers of the target into its cache before it
 * compiles anything (builder/musl.go). Without them every build fails with
 * "open .../alltypes.h.in: no such file or directory". */
static void check_tinygo_root(struct tb_checks *checks, const char *tinygo)
{
	static const char fix[] = "use the TinyGo tinybpf installs (make install, or the Debian "
				  "package), or run scripts/setup.sh, which completes TinyGo with "
				  "src/net and musl's sources";
	const char *argv[] = { tinygo, "env", "TINYGOROOT", NULL };
	static const char *const needed[] = {
		"src/net",
		"lib/musl/include/alltypes.h.in",
		"lib/musl/arch/x86_64/bits/alltypes.h.in",
		"lib/musl/arch/x86_64/bits/syscall.h.in",
		"lib/musl/arch/aarch64/bits/alltypes.h.in", /* GOARCH=arm64 builds */
		"lib/musl/arch/aarch64/bits/syscall.h.in",
	};
	char *root, *missing = xstrdup("");

	if (run_capture(argv, NULL, &root) || !root[0]) {
		add_check(checks, "toolchain", "TinyGo root", TB_CHECK_FAILED, fix,
			  "'%s env TINYGOROOT' failed: %s", tinygo, root);
		free(root);
		free(missing);
		return;
	}
	root[strcspn(root, "\n")] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(needed); i++) {
		char *path = xasprintf("%s/%s", root, needed[i]), *more;

		if (!access(path, R_OK)) {
			free(path);
			continue;
		}
		more = xasprintf("%s%s%s (%s)", missing, *missing ? ", " : "", needed[i],
				 errno == EACCES ? "permission denied" : "missing");
		free(missing);
		missing = more;
		free(path);
	}
	if (*missing)
		add_check(checks, "toolchain", "TinyGo root", TB_CHECK_FAILED, fix,
			  "%s is incomplete: %s", root, missing);
	else
		add_check(checks, "toolchain", "TinyGo root", TB_CHECK_OK, NULL,
			  "%s has src/net and musl's headers", root);
	free(missing);
	free(root);
}

/* TinyGo asks the go command for the standard library (go list). */
static bool check_go(struct tb_checks *checks)
{
	char *why, *path = locate("go", &why);
	char *version = path ? first_output_line(path, "version") : NULL;
	bool ok = path && version;

	if (!path)
		add_check(checks, "toolchain", "Go", TB_CHECK_FAILED,
			  "install Go 1.25 or newer (https://go.dev/dl; TinyGo 0.42 takes 1.25 to "
			  "1.27) and put its bin directory on PATH",
			  "%s: TinyGo runs the go command", why);
	else if (!version)
		add_check(checks, "toolchain", "Go", TB_CHECK_FAILED,
			  "install Go 1.25 or newer (https://go.dev/dl) and put it first on PATH",
			  "%s does not run ('%s version' failed)", path, path);
	else
		add_check(checks, "toolchain", "Go", TB_CHECK_OK, NULL, "%s at %s",
			  strncmp(version, "go version ", 11) ? version : version + 11, path);
	free(version);
	free(path);
	free(why);
	return ok;
}

static void check_sdk(struct tb_checks *checks)
{
	char *sdk = sdk_find();

	if (sdk)
		add_check(checks, "toolchain", "Go SDK", TB_CHECK_OK, NULL,
			  "%s at %s (tinybpf init points new projects there)", SDK_MODULE, sdk);
	else
		add_check(checks, "toolchain", "Go SDK", TB_CHECK_WARNING,
			  "reinstall tinybpf: make install puts the SDK in PREFIX/share/tinybpf/go",
			  "not beside this tinybpf: tinybpf init cannot wire %s into new projects",
			  SDK_MODULE);
	free(sdk);
}

static void check_llvm(struct tb_checks *checks)
{
	LLVMTargetRef target;
	char *error = NULL;

	LLVMInitializeBPFTargetInfo();
	if (LLVMGetTargetFromTriple("bpfel", &target, &error)) {
		add_check(checks, "toolchain", "LLVM", TB_CHECK_FAILED,
			  "build tinybpf against an LLVM with the BPF target (Debian's llvm-22-dev "
			  "has it)",
			  "%s without the BPF target: %s", tb_llvm_version(), error);
		LLVMDisposeMessage(error);
		return;
	}
	add_check(checks, "toolchain", "LLVM", TB_CHECK_OK, NULL, "%s with the BPF target",
		  tb_llvm_version());
}

/* tinybpf links libbpf statically; 1.4 is what it is built and tested with
 * (docs/libbpf.md): 1.1 does not know 19 of its section names and accepts
 * malformed BTF that its own functions then crash on. */
static void check_libbpf(struct tb_checks *checks)
{
	bool new_enough = libbpf_major_version() > 1 ||
			  (libbpf_major_version() == 1 && libbpf_minor_version() >= 4);

	add_check(checks, "toolchain", "libbpf", new_enough ? TB_CHECK_OK : TB_CHECK_FAILED,
		  "rebuild tinybpf against libbpf 1.4 or newer (Debian 12: scripts/setup.sh "
		  "installs libbpf-dev from bookworm-backports)",
		  "%s, linked into tinybpf%s", libbpf_version_string(),
		  new_enough ? "" : ": older than 1.4, it does not know tc/ingress, tcx/*, "
				    "netkit/*, uprobe.multi/*, cgroup/*_unix, netfilter sections");
}

/* A tool tinybpf does not run itself, but users reach for. */
static void check_optional_tool(struct tb_checks *checks, const char *command,
				const char *version_arg, const char *fix)
{
	char *path = find_executable(command);
	char *output = path ? first_output_line(path, version_arg) : NULL;
	const char *version = output ? strrchr(output, ' ') : NULL; /* "/usr/sbin/bpftool v7.1.0" */

	if (!path)
		add_check(checks, "toolchain", command, TB_CHECK_WARNING, fix, "not found on PATH");
	else
		add_check(checks, "toolchain", command, TB_CHECK_OK, NULL, "%s at %s",
			  version ? version + 1 : output && *output ? output : "(no version)", path);
	free(output);
	free(path);
}

/* ---- the kernel ---- */

/* Where users meet a program type: its libbpf section names. */
static const struct {
	enum bpf_prog_type type;
	const char *sections;
} type_sections[] = {
	{ BPF_PROG_TYPE_KPROBE, "kprobe/, kretprobe/, uprobe/, usdt/" },
	{ BPF_PROG_TYPE_TRACING, "fentry/, fexit/, fmod_ret/, tp_btf/, iter/" },
	{ BPF_PROG_TYPE_LSM, "lsm/" },
	{ BPF_PROG_TYPE_EXT, "freplace/" },
	{ BPF_PROG_TYPE_STRUCT_OPS, "struct_ops/" },
};

static const char *sections_of(enum bpf_prog_type type)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_sections); i++)
		if (type_sections[i].type == type)
			return type_sections[i].sections;
	return NULL;
}

static void check_program_types(struct tb_checks *checks)
{
	char *loaded = xstrdup("");

	if (libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SOCKET_FILTER, NULL) != 1) {
		add_check(checks, "kernel", "loading BPF", TB_CHECK_WARNING,
			  "run as root, or with CAP_BPF and CAP_PERFMON (CAP_NET_ADMIN for "
			  "xdp and tc)",
			  "this process may not load BPF programs, so program types were not probed");
		free(loaded);
		return;
	}
	/* libbpf_bpf_prog_type_str() names every type this libbpf knows. */
	for (int t = BPF_PROG_TYPE_SOCKET_FILTER; libbpf_bpf_prog_type_str(t); t++) {
		char *more;

		if (libbpf_probe_bpf_prog_type(t, NULL) != 1)
			continue;
		more = xasprintf("%s%s%s", loaded, *loaded ? " " : "", libbpf_bpf_prog_type_str(t));
		free(loaded);
		loaded = more;
	}
	add_check(checks, "kernel", "program types", TB_CHECK_OK, NULL, "loads %s", loaded);
	free(loaded);
	for (int t = BPF_PROG_TYPE_SOCKET_FILTER; libbpf_bpf_prog_type_str(t); t++) {
		const char *sections = sections_of(t);
		char *check;

		if (libbpf_probe_bpf_prog_type(t, NULL) == 1)
			continue;
		check = xasprintf("program type %s", libbpf_bpf_prog_type_str(t));
		add_check(checks, "kernel", check, TB_CHECK_WARNING,
			  "run them on a kernel that loads them (tests/kernels boots Debian's "
			  "kernels under QEMU), or lift the policy that blocks them",
			  "refused by this kernel%s%s%s: tinybpf verify reports such programs as "
			  "refused",
			  sections ? " (" : "", sections ? sections : "", sections ? ")" : "");
		free(check);
	}
}

static void check_kernel_files(struct tb_checks *checks)
{
	struct statfs fs;
	struct utsname uts;
	char lsm[256] = "";
	FILE *f;

	if (!uname(&uts))
		add_check(checks, "kernel", "release", TB_CHECK_OK, NULL, "%s %s", uts.release,
			  uts.machine);

	if (!access("/sys/kernel/btf/vmlinux", R_OK))
		add_check(checks, "kernel", "BTF", TB_CHECK_OK, NULL, "/sys/kernel/btf/vmlinux");
	else
		add_check(checks, "kernel", "BTF", TB_CHECK_WARNING,
			  "use a kernel built with CONFIG_DEBUG_INFO_BTF=y: CO-RE relocations, "
			  "fentry/fexit and lsm programs need it",
			  "no /sys/kernel/btf/vmlinux");

	if (!statfs("/sys/fs/bpf", &fs) && fs.f_type == BPF_FS_MAGIC)
		add_check(checks, "kernel", "bpffs", TB_CHECK_OK, NULL, "mounted at /sys/fs/bpf");
	else
		add_check(checks, "kernel", "bpffs", TB_CHECK_WARNING,
			  "mount -t bpf bpf /sys/fs/bpf (as root)",
			  "not mounted at /sys/fs/bpf: maps and programs cannot be pinned");

	/* libbpf attaches kprobes through the kprobe PMU, or else tracefs. */
	if (!access("/sys/bus/event_source/devices/kprobe/type", R_OK) ||
	    !access("/sys/kernel/tracing/kprobe_events", F_OK) ||
	    !access("/sys/kernel/debug/tracing/kprobe_events", F_OK))
		add_check(checks, "kernel", "kprobes", TB_CHECK_OK, NULL, "available");
	else
		add_check(checks, "kernel", "kprobes", TB_CHECK_WARNING,
			  "use a kernel built with CONFIG_KPROBES=y and CONFIG_KPROBE_EVENTS=y",
			  "not available: kprobe/kretprobe programs load but have nothing to "
			  "attach to");

	f = fopen("/sys/kernel/security/lsm", "r");
	if (f) {
		if (!fgets(lsm, sizeof(lsm), f))
			lsm[0] = '\0';
		fclose(f);
		lsm[strcspn(lsm, "\n")] = '\0';
	}
	if (!f)
		add_check(checks, "kernel", "LSM BPF", TB_CHECK_WARNING,
			  "mount -t securityfs securityfs /sys/kernel/security, then run "
			  "tinybpf doctor again",
			  "unknown: /sys/kernel/security/lsm is not readable (securityfs not mounted?)");
	else if (strstr(lsm, "bpf"))
		add_check(checks, "kernel", "LSM BPF", TB_CHECK_OK, NULL, "enabled (%s)", lsm);
	else
		add_check(checks, "kernel", "LSM BPF", TB_CHECK_WARNING,
			  "boot with bpf in the lsm= list (the kernel needs CONFIG_BPF_LSM=y)",
			  "not enabled: active LSMs are %s", lsm);
}

/* ---- the whole path ---- */

/* A program as small as a real one gets: a tracepoint section, a helper-free
 * body and a .bss global, so the object has BTF, a map and a relocation. */
static const char probe_source[] =
	"package main\n"
	"\n"
	"import \"unsafe\"\n"
	"\n"
	"var calls uint64\n"
	"\n"
	"//go:section tracepoint/syscalls/sys_enter_getppid\n"
	"//export doctor_probe\n"
	"func doctor_probe(ctx unsafe.Pointer) int32 {\n"
	"\tcalls++\n"
	"\treturn 0\n"
	"}\n"
	"\n"
	"func main() {}\n";

static bool write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	bool ok = f && fputs(text, f) >= 0;

	return f && !fclose(f) && ok;
}

/* The first `max` lines of text, joined with " | ". */
static char *first_lines(const char *text, int max)
{
	char *out = xstrdup("");

	for (int i = 0; i < max && *text; i++) {
		size_t len = strcspn(text, "\n");
		char *more = xasprintf("%s%s%.*s", out, i ? " | " : "", (int)len, text);

		free(out);
		out = more;
		text += len + (text[len] == '\n');
	}
	return out;
}

/* Builds probe_source with TinyGo and tinybpf exactly as `tinybpf build`
 * does, then loads the object with libbpf: what `doctor` says is fine must
 * also work. */
static void check_end_to_end(struct tb_checks *checks, const char *tinygo, bool may_load)
{
	const char *parent = temp_parent(); /* where tinybpf build makes its directory */
	char *dir = xasprintf("%s/tinybpf-doctor-XXXXXX", parent);
	const char *argv[TINYGO_FLAG_COUNT + 5] = { tinygo };
	char *src, *mod, *ll, *obj, *out = NULL;
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *bpf_obj;
	size_t argc = 1;
	double start = now_ms();
	int status, err;

	if (!mkdtemp(dir)) {
		char *fix;

		err = errno; /* before xasprintf, which may change it */
		fix = xasprintf("make %s writable for this user", parent);

		add_check(checks, "end to end", "build", TB_CHECK_FAILED, fix,
			  "cannot create a directory in %s: %s", parent, strerror(err));
		free(fix);
		free(dir);
		tb_diags_free(diags);
		return;
	}
	src = xasprintf("%s/main.go", dir);
	mod = xasprintf("%s/go.mod", dir);
	ll = xasprintf("%s/probe.ll", dir);
	obj = xasprintf("%s/probe.bpf.o", dir);
	for (size_t i = 0; i < TINYGO_FLAG_COUNT; i++)
		argv[argc++] = tinygo_flags[i];
	argv[argc++] = "-o";
	argv[argc++] = ll;
	argv[argc++] = ".";
	if (!write_file(src, probe_source) || !write_file(mod, "module doctorprobe\n\ngo 1.21\n")) {
		char *fix;

		err = errno; /* a full file system: the directory was made */
		fix = xasprintf("make room in %s, or set TMPDIR to a directory with room", parent);
		add_check(checks, "end to end", "build", TB_CHECK_FAILED, fix,
			  "cannot write the probe's files in %s: %s", dir, strerror(err));
		free(fix);
		goto out;
	}
	status = run_capture(argv, dir, &out);
	if (status) {
		char *lines = first_lines(out, 3);
		const char *fix =
			strstr(out, ".h.in") ? "TinyGo's root lacks musl's headers: use the TinyGo "
					       "tinybpf installs, or run scripts/setup.sh"
			: strstr(out, "requires go version") || strstr(out, "cannot compile with Go")
				? "put a Go that this TinyGo accepts first on PATH (TinyGo 0.42: Go "
				  "1.25 to 1.27, https://go.dev/dl)"
				: "TinyGo's message names the cause; `tinybpf build -v` shows each stage";

		add_check(checks, "end to end", "build", TB_CHECK_FAILED, fix,
			  "TinyGo could not compile a 14-line program (exit %d): %s", status, lines);
		free(lines);
		goto out;
	}
	if (access(ll, R_OK)) {
		add_check(checks, "end to end", "build", TB_CHECK_FAILED, tinygo_fix,
			  "%s exited 0 but wrote no LLVM IR to %s: is it TinyGo?", tinygo, ll);
		goto out;
	}
	{
		const char *inputs[] = { ll };
		TB_OPTS(tb_options, link, .inputs = inputs, .input_count = 1, .output = obj);

		err = tb_link(&link, diags);
	}
	if (err) {
		const struct tb_diag *d = tb_diags_at(diags, 0);

		add_check(checks, "end to end", "build", TB_CHECK_FAILED,
			  "report it: tinybpf failed on TinyGo's IR of a trivial program",
			  "tinybpf could not link TinyGo's IR: %s", d ? d->message : strerror(-err));
		goto out;
	}
	add_check(checks, "end to end", "build", TB_CHECK_OK, NULL,
		  "TinyGo and tinybpf built a tracepoint program with a global in %.0f ms",
		  now_ms() - start);
	if (!may_load) {
		add_check(checks, "end to end", "load", TB_CHECK_WARNING,
			  "run tinybpf doctor as root (or with CAP_BPF and CAP_PERFMON) to prove "
			  "loading",
			  "not tried: this process may not load BPF programs");
		goto out;
	}
	bpf_obj = bpf_object__open_file(obj, NULL);
	err = bpf_obj ? bpf_object__load(bpf_obj) : -errno;
	if (err)
		add_check(checks, "end to end", "load", TB_CHECK_WARNING,
			  "tinybpf verify on your own objects shows the verifier's log",
			  "libbpf could not load it into this kernel: %s", strerror(-err));
	else
		add_check(checks, "end to end", "load", TB_CHECK_OK, NULL,
			  "libbpf %s loaded it into this kernel", libbpf_version_string());
	bpf_object__close(bpf_obj);
out:
	unlink(src);
	unlink(mod);
	unlink(ll);
	unlink(obj);
	rmdir(dir);
	free(dir);
	free(src);
	free(mod);
	free(ll);
	free(obj);
	free(out);
	tb_diags_free(diags);
}

int tb_doctor(const struct tb_doctor_opts *opts, struct tb_checks **out)
{
	struct tb_checks *checks = xcalloc(1, sizeof(*checks));
	libbpf_print_fn_t previous = libbpf_set_print(NULL); /* probes fail by design */
	char *tinygo = check_tinygo(checks, OPTS_GET(opts, tinygo, NULL));
	bool go_ok;

	if (tinygo)
		check_tinygo_root(checks, tinygo);
	go_ok = check_go(checks);
	check_llvm(checks);
	check_libbpf(checks);
	check_sdk(checks);
	check_optional_tool(checks, "bpftool", "version",
			    "apt-get install bpftool (to inspect objects and loaded programs)");
	check_kernel_files(checks);
	check_program_types(checks);
	/* Only when the parts were found: a missing TinyGo is reported once. */
	if (tinygo && go_ok)
		check_end_to_end(checks, tinygo,
				 libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SOCKET_FILTER, NULL) == 1);
	libbpf_set_print(previous);
	free(tinygo);
	*out = checks;
	return 0;
}

size_t tb_checks_count(const struct tb_checks *checks)
{
	return checks ? checks->count : 0;
}

const struct tb_check *tb_checks_at(const struct tb_checks *checks, size_t index)
{
	return index < tb_checks_count(checks) ? &checks->items[index] : NULL;
}

void tb_checks_free(struct tb_checks *checks)
{
	if (!checks)
		return;
	for (size_t i = 0; i < checks->count; i++) {
		free((char *)checks->items[i].name);
		free((char *)checks->items[i].detail);
		free((char *)checks->items[i].fix);
	}
	free(checks->items);
	free(checks);
}
