// SPDX-License-Identifier: MIT
/*
 * tb_doctor: what this machine has of what tinybpf and its programs need.
 * Toolchain checks fail when tinybpf cannot build (TinyGo, LLVM's BPF target,
 * libbpf); everything else warns, since it limits which programs load or
 * which tools help, not whether objects can be built.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>
#include <linux/magic.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "internal.h"

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

/* Runs `path arg` and returns the first line of what it prints (stdout and
 * stderr), or NULL if it cannot run or fails. */
static char *first_output_line(const char *path, const char *arg)
{
	char buf[512];
	size_t len = 0;
	ssize_t n;
	int pipefd[2], status;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execl(path, path, arg, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while (pid > 0 && (n = read(pipefd[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(pipefd[0]);
	if (pid < 0)
		return NULL;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NULL;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return NULL;
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return xstrdup(buf);
}

static void check_tinygo(struct tb_checks *checks, const char *chosen)
{
	static const char fix[] =
		"install TinyGo (scripts/setup.sh builds 0.42.0 against Debian's LLVM 22), "
		"then put it on PATH or set TINYGO=/path/to/tinygo";
	const char *command = chosen ? chosen : getenv("TINYGO") ? getenv("TINYGO") : "tinygo";
	char *path = find_executable(command);
	char *version_line = path ? first_output_line(path, "version") : NULL;
	char version[32] = "", llvm_version[32] = "";
	unsigned tinygo_llvm = 0, own_llvm = 0;
	const char *llvm;

	if (!path) {
		add_check(checks, "toolchain", "TinyGo", TB_CHECK_FAILED, fix, "%s not found%s",
			  command, strchr(command, '/') ? "" : " on PATH");
		return;
	}
	if (!version_line || sscanf(version_line, "tinygo version %31s", version) != 1) {
		add_check(checks, "toolchain", "TinyGo", TB_CHECK_FAILED, fix,
			  "%s does not run as TinyGo ('%s version' failed)", path, path);
		goto out;
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
	} else {
		add_check(checks, "toolchain", "TinyGo", TB_CHECK_OK, NULL, "%s (LLVM %s) at %s",
			  version, llvm_version, path);
	}
out:
	free(version_line);
	free(path);
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

static void check_libbpf(struct tb_checks *checks)
{
	add_check(checks, "toolchain", "libbpf",
		  libbpf_major_version() >= 1 ? TB_CHECK_OK : TB_CHECK_FAILED,
		  "install libbpf 1.0 or newer (Debian 12: apt-get install libbpf-dev) and rebuild "
		  "tinybpf",
		  "%s", libbpf_version_string());
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
			  version ? version + 1 : output ? output : "(no version)", path);
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

int tb_doctor(const struct tb_doctor_opts *opts, struct tb_checks **out)
{
	struct tb_checks *checks = xcalloc(1, sizeof(*checks));
	libbpf_print_fn_t previous = libbpf_set_print(NULL); /* probes fail by design */

	check_tinygo(checks, OPTS_GET(opts, tinygo, NULL));
	check_llvm(checks);
	check_libbpf(checks);
	check_optional_tool(checks, "bpftool", "version",
			    "apt-get install bpftool (to inspect objects and loaded programs)");
	check_optional_tool(checks, "pahole", "--version",
			    "apt-get install dwarves (optional: pahole prints the BTF of objects "
			    "and kernels)");
	check_kernel_files(checks);
	check_program_types(checks);
	libbpf_set_print(previous);
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
