// SPDX-License-Identifier: MIT
/* Fuzz target: tinybpf.json, read by src/lib/config.c's strict reader. */
#include "../../src/lib/internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TB_OPTS(tb_options, opts, .output = "/nonexistent/x.bpf.o", .config = fuzz_file(data, size));
	struct tb_diags *diags = tb_diags_new();
	struct settings s;

	if (!settings_init(&s, &opts, diags)) {
		/* What a build would read of them. */
		size_t n = strlen(s.output) + strlen(s.cpu) + strlen(s.license);

		for (size_t i = 0; i < s.section_count; i++)
			n += strlen(s.sections[i].function) + strlen(s.sections[i].section);
		if (!n)
			abort();
	}
	settings_free(&s);
	tb_diags_free(diags);
	return 0;
}
