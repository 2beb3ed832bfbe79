// SPDX-License-Identifier: MIT
/*
 * Using tinybpf as a library: link TinyGo's LLVM IR into a BPF object and
 * have the running kernel verify it, in-process, through the one public
 * header. docs/library.md explains it; tests/docs/docs_test.sh builds it
 * against an installed tinybpf and runs it.
 *
 *   cc embed.c -o embed -ltinybpf $(llvm-config-22 --ldflags --libs) \
 *      -lbpf -lelf -lz -ljson-c -lstdc++
 *   tinygo build -gc=none -scheduler=none -panic=trap -opt=0 -o prog.ll ./bpf
 *   sudo ./embed prog.ll prog.bpf.o
 */
#include <stdio.h>

#include <tinybpf/tinybpf.h>

static const char *const verdicts[] = {
	[TB_ACCEPTED] = "accepted",
	[TB_REJECTED] = "rejected",
	[TB_REFUSED] = "refused by this kernel",
};

int main(int argc, char **argv)
{
	struct tb_diags *diags = tb_diags_new();
	struct tb_verify_report *report = NULL;
	int status = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s PROGRAM.ll OUTPUT.bpf.o\n", argv[0]);
		return 2;
	}
	const char *inputs[] = { argv[1] };
	TB_OPTS(tb_options, link, .inputs = inputs, .input_count = 1, .output = argv[2]);
	TB_OPTS(tb_verify_opts, verify, .object = argv[2]);

	/* Errors (with the Go file and line) are collected, not printed. */
	if (tb_link(&link, diags) || tb_verify(&verify, &report, diags)) {
		tb_diags_print(diags, stderr);
		status = 1;
	}
	for (size_t i = 0; i < tb_verify_report_count(report); i++) {
		const struct tb_program_verdict *v = tb_verify_report_at(report, i);

		printf("%s: %s", v->name, verdicts[v->verdict]);
		if (v->verdict == TB_REJECTED && v->file)
			printf(" at %s:%u (%s)", v->file, v->line, v->message);
		printf("\n");
		if (v->verdict == TB_REJECTED)
			status = 1;
	}
	tb_verify_report_free(report);
	tb_diags_free(diags);
	return status;
}
