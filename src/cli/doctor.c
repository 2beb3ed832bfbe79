// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf doctor [-j]\n"
	      "\n"
	      "Checks what tinybpf and BPF programs need on this machine: TinyGo (that\n"
	      "this user may run it, that its LLVM is not newer than tinybpf's, that its\n"
	      "root is complete), Go, LLVM's BPF target, libbpf, the Go SDK, bpftool,\n"
	      "and the running kernel (BTF, bpffs, the program types it loads, kprobes,\n"
	      "LSM BPF); then builds a small program with TinyGo and tinybpf and loads\n"
	      "it. Each problem comes with a fix. Exit status 1 when something tinybpf\n"
	      "needs to build is missing or the build fails; warnings alone exit 0.\n"
	      "\n"
	      "  -j, --json                print the checks as JSON\n",
	      out);
}

static const char *const status_names[] = {
	[TB_CHECK_OK] = "ok",
	[TB_CHECK_WARNING] = "warning",
	[TB_CHECK_FAILED] = "FAILED",
};

static void print_text(const struct tb_checks *checks, const size_t counts[3])
{
	const char *group = "";

	printf("tinybpf %s (LLVM %s)\n", tb_version(), tb_llvm_version());
	for (size_t i = 0; i < tb_checks_count(checks); i++) {
		const struct tb_check *c = tb_checks_at(checks, i);

		if (strcmp(group, c->group))
			printf("\n%s\n", c->group);
		group = c->group;
		printf("  %-8s %-24s %s\n", status_names[c->status], c->name, c->detail);
		if (c->fix)
			printf("  %-8s %-24s fix: %s\n", "", "", c->fix);
	}
	printf("\n%zu failed, %zu warnings\n", counts[TB_CHECK_FAILED], counts[TB_CHECK_WARNING]);
}

static void print_checks_json(const struct tb_checks *checks, const size_t counts[3])
{
	json_object *root = json_object_new_object(), *list = json_object_new_array();

	for (size_t i = 0; i < tb_checks_count(checks); i++) {
		const struct tb_check *c = tb_checks_at(checks, i);
		json_object *item = json_object_new_object();

		json_object_object_add(item, "group", json_object_new_string(c->group));
		json_object_object_add(item, "name", json_object_new_string(c->name));
		json_object_object_add(item, "status", json_object_new_string(c->status == TB_CHECK_FAILED
										 ? "failed"
										 : status_names[c->status]));
		json_object_object_add(item, "detail", json_object_new_string(c->detail));
		if (c->fix)
			json_object_object_add(item, "fix", json_object_new_string(c->fix));
		json_object_array_add(list, item);
	}
	json_object_object_add(root, "checks", list);
	json_object_object_add(root, "failed", json_object_new_int64((int64_t)counts[TB_CHECK_FAILED]));
	json_object_object_add(root, "warnings",
			       json_object_new_int64((int64_t)counts[TB_CHECK_WARNING]));
	print_json(root);
}

int cmd_doctor(int argc, char **argv)
{
	struct tb_checks *checks;
	size_t counts[3] = { 0 };
	bool json = false;
	int first = parse_report_options(argc, argv, NULL, &json, usage);

	if (first < 0 || first != argc) {
		if (first >= 0)
			usage(stderr);
		return 2;
	}
	tb_doctor(&(struct tb_doctor_opts){ .sz = sizeof(struct tb_doctor_opts) }, &checks);
	for (size_t i = 0; i < tb_checks_count(checks); i++)
		counts[tb_checks_at(checks, i)->status]++;
	if (json)
		print_checks_json(checks, counts);
	else
		print_text(checks, counts);
	tb_checks_free(checks);
	return counts[TB_CHECK_FAILED] ? 1 : 0;
}
