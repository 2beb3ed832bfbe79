// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"

/*
 * tinybpf.json, the project's build settings:
 *   { "build": { "output": "build/x.bpf.o", "cpu": "v3", "license": "GPL",
 *                "programs": { "<export name>": "<ELF section>" } } }
 * Unknown keys are errors: a typo must not silently change the build.
 */

static const char *const build_keys[] = { "output", "cpu", "license", "programs" };

static bool known_key(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(build_keys); i++)
		if (!strcmp(key, build_keys[i]))
			return true;
	return false;
}

static const char *string_field(json_object *build, const char *key, const char *path,
				struct tb_diags *diags)
{
	json_object *v;

	if (!json_object_object_get_ex(build, key, &v))
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		diag_add(diags, TB_ERROR, path, 0, 0, "build.%s must be a string", key);
		return NULL;
	}
	return json_object_get_string(v);
}

static void add_section(struct settings *s, const char *function, const char *section)
{
	s->sections = xrealloc(s->sections, s->section_count + 1, sizeof(*s->sections));
	s->sections[s->section_count++] = (struct tb_section){ function, section };
}

static int read_config(struct settings *s, const char *path, struct tb_diags *diags)
{
	json_object *root = json_object_from_file(path), *build, *programs = NULL;
	size_t errors = tb_diags_error_count(diags);

	if (!root) {
		diag_add(diags, TB_ERROR, path, 0, 0, "cannot read it as JSON: %s",
			 json_util_get_last_err());
		return -EINVAL;
	}
	s->config = root;
	json_object_object_foreach(root, top_key, top_value) {
		(void)top_value;
		if (strcmp(top_key, "build"))
			diag_add(diags, TB_ERROR, path, 0, 0, "unknown key \"%s\" (known: build)", top_key);
	}
	if (!json_object_object_get_ex(root, "build", &build))
		return tb_diags_error_count(diags) > errors ? -EINVAL : 0;
	if (!json_object_is_type(build, json_type_object)) {
		diag_add(diags, TB_ERROR, path, 0, 0, "build must be an object");
		return -EINVAL;
	}
	json_object_object_foreach(build, key, value) {
		(void)value;
		if (!known_key(key))
			diag_add(diags, TB_ERROR, path, 0, 0,
				 "unknown key \"build.%s\" (known: output, cpu, license, programs)", key);
	}
	s->output = s->output ? s->output : string_field(build, "output", path, diags);
	s->cpu = s->cpu ? s->cpu : string_field(build, "cpu", path, diags);
	s->license = s->license ? s->license : string_field(build, "license", path, diags);
	if (json_object_object_get_ex(build, "programs", &programs) &&
	    !json_object_is_type(programs, json_type_object)) {
		diag_add(diags, TB_ERROR, path, 0, 0, "build.programs must map export names to sections");
	} else if (programs) {
		json_object_object_foreach(programs, function, section) {
			if (!json_object_is_type(section, json_type_string))
				diag_add(diags, TB_ERROR, path, 0, 0,
					 "build.programs.%s must be a section name", function);
			else
				add_section(s, function, json_object_get_string(section));
		}
	}
	return tb_diags_error_count(diags) > errors ? -EINVAL : 0;
}

static bool valid_cpu(const char *cpu)
{
	static const char *const cpus[] = { "generic", "probe", "v1", "v2", "v3", "v4" };

	for (size_t i = 0; i < ARRAY_SIZE(cpus); i++)
		if (!strcmp(cpu, cpus[i]))
			return true;
	return false;
}

int settings_init(struct settings *s, const struct tb_options *opts, struct tb_diags *diags)
{
	const char *config = OPTS_GET(opts, config, NULL);

	*s = (struct settings){
		.output = OPTS_GET(opts, output, NULL),
		.cpu = OPTS_GET(opts, cpu, NULL),
		.license = OPTS_GET(opts, license, NULL),
		.dump_ir_dir = OPTS_GET(opts, dump_ir_dir, NULL),
		.verbose = OPTS_GET(opts, verbose, false),
		.panic_return_set = OPTS_GET(opts, panic_return_set, false),
		.panic_return = OPTS_GET(opts, panic_return, 0),
		.cache_dir = OPTS_GET(opts, cache_dir, NULL),
		.jobs = OPTS_GET(opts, jobs, 1),
		.programs = OPTS_GET(opts, programs, NULL),
		.program_count = OPTS_GET(opts, program_count, 0),
	};
	for (size_t i = 0; i < OPTS_GET(opts, section_count, 0); i++)
		add_section(s, opts->sections[i].function, opts->sections[i].section);
	s->option_section_count = s->section_count;
	if (config && read_config(s, config, diags))
		return -EINVAL;
	if (!s->cpu)
		s->cpu = "v3";
	if (!s->license)
		s->license = "GPL";
	if (!valid_cpu(s->cpu)) {
		diag_error(diags, "unknown BPF CPU \"%s\" (use v1, v2, v3 or v4)", s->cpu);
		return -EINVAL;
	}
	if (!s->output) {
		diag_error(diags, "no output file: pass -o FILE or set build.output in tinybpf.json");
		return -EINVAL;
	}
	if (OPTS_GET(opts, keep_temp, false)) {
		s->keep_temp_dir = xstrdup("/tmp/tinybpf-keep-XXXXXX");
		if (!mkdtemp(s->keep_temp_dir)) {
			diag_error(diags, "cannot create a directory for --keep-temp: %s",
				   strerror(errno));
			return -errno;
		}
	}
	return 0;
}

void settings_free(struct settings *s)
{
	free(s->sections);
	free(s->keep_temp_dir);
	json_object_put(s->config);
	*s = (struct settings){ 0 };
}
