// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf verify [-j] -i OBJECT\n"
	      "\n"
	      "Loads each program of a BPF object into the running kernel on its own\n"
	      "(nothing is attached) and reports what the verifier said: accepted, or\n"
	      "rejected with the Go file:line of the instruction it stopped at and its\n"
	      "log. A program is refused (not verified) only when this kernel does not\n"
	      "load its type at all (probed with a trivial program of that type); an\n"
	      "object libbpf cannot prepare (a kfunc or relocation this kernel lacks)\n"
	      "is rejected. A warning says when the kernel refused the object's BTF.\n"
	      "Needs root. Exit status 1 when a program is rejected.\n"
	      "\n"
	      "  -i, --input OBJECT        the object (also as the positional argument)\n"
	      "  -j, --json                print the report as JSON\n",
	      out);
}

static const char *const verdict_names[] = {
	[TB_ACCEPTED] = "accepted",
	[TB_REJECTED] = "rejected",
	[TB_REFUSED] = "refused",
};

static void print_log(const char *log)
{
	for (const char *line = log; *line;) {
		int len = (int)strcspn(line, "\n");

		printf("    %.*s\n", len, line);
		line += len + (line[len] == '\n');
	}
}

static void print_text(const struct tb_verify_report *report, const size_t counts[3])
{
	for (size_t i = 0; i < tb_verify_report_count(report); i++) {
		const struct tb_program_verdict *v = tb_verify_report_at(report, i);

		printf("%s (%s): ", v->name, v->section);
		switch (v->verdict) {
		case TB_ACCEPTED:
			printf("accepted, %u instructions\n", v->instructions);
			break;
		case TB_REFUSED:
			printf("refused by this kernel (type %s): not verified\n  %s\n", v->type,
			       v->message);
			break;
		case TB_REJECTED:
			printf("rejected\n");
			if (v->file)
				printf("  %s:%u: %s\n", v->file, v->line, v->message);
			else
				printf("  %s\n", v->message);
			if (v->log) {
				printf("  verifier log:\n");
				print_log(v->log);
			}
			break;
		}
	}
	printf("%zu program%s: %zu accepted, %zu rejected, %zu refused by this kernel\n",
	       tb_verify_report_count(report), tb_verify_report_count(report) == 1 ? "" : "s",
	       counts[TB_ACCEPTED], counts[TB_REJECTED], counts[TB_REFUSED]);
}

static void add_string(json_object *obj, const char *key, const char *value)
{
	if (value)
		json_object_object_add(obj, key, json_object_new_string(value));
}

static void print_verdicts_json(const char *object, const struct tb_verify_report *report,
		       const size_t counts[3])
{
	json_object *root = json_object_new_object(), *programs = json_object_new_array();

	add_string(root, "object", object);
	for (size_t i = 0; i < tb_verify_report_count(report); i++) {
		const struct tb_program_verdict *v = tb_verify_report_at(report, i);
		json_object *p = json_object_new_object();

		add_string(p, "name", v->name);
		add_string(p, "section", v->section);
		add_string(p, "type", v->type);
		add_string(p, "verdict", verdict_names[v->verdict]);
		if (v->verdict == TB_ACCEPTED)
			json_object_object_add(p, "instructions", json_object_new_int64(v->instructions));
		add_string(p, "message", v->message);
		add_string(p, "file", v->file);
		if (v->file)
			json_object_object_add(p, "line", json_object_new_int64(v->line));
		add_string(p, "log", v->log);
		json_object_array_add(programs, p);
	}
	json_object_object_add(root, "programs", programs);
	for (int verdict = TB_ACCEPTED; verdict <= TB_REFUSED; verdict++)
		json_object_object_add(root, verdict_names[verdict],
				       json_object_new_int64((int64_t)counts[verdict]));
	print_json(root);
}

int cmd_verify(int argc, char **argv)
{
	const char *object = NULL;
	struct tb_verify_report *report;
	struct tb_diags *diags;
	size_t counts[3] = { 0 };
	bool json = false;
	int next = parse_report_options(argc, argv, &object, &json, usage);
	int err;

	if (next < 0)
		return 2;
	if (!object && next < argc)
		object = argv[next++];
	if (!object || next != argc) {
		usage(stderr);
		return 2;
	}

	diags = tb_diags_new();
	err = tb_verify(&(struct tb_verify_opts){ .sz = sizeof(struct tb_verify_opts), .object = object },
			&report, diags);
	if (!err) {
		for (size_t i = 0; i < tb_verify_report_count(report); i++)
			counts[tb_verify_report_at(report, i)->verdict]++;
		if (json)
			print_verdicts_json(object, report, counts);
		else
			print_text(report, counts);
	}
	tb_verify_report_free(report);
	return finish(err || counts[TB_REJECTED], diags);
}
