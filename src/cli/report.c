// SPDX-License-Identifier: MIT
/* What the commands that report (verify, doctor) share: their options and
 * their JSON output. */
#include <getopt.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "cli.h"

int parse_report_options(int argc, char **argv, const char **input, bool *json,
			 void (*usage)(FILE *))
{
	static const struct option options[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, input ? "i:jh" : "jh", input ? options : options + 1,
				  NULL)) != -1) {
		switch (opt) {
		case 'i':
			if (!option_name("--input", optarg))
				return -1;
			*input = optarg;
			break;
		case 'j':
			*json = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	return optind;
}

void print_json(struct json_object *root)
{
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}
