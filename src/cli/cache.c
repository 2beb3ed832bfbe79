// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: tinybpf cache stats|clean|dir [-j]\n"
	      "\n"
	      "The object cache of build and link (docs/cache.md): $TINYBPF_CACHE, or\n"
	      "$XDG_CACHE_HOME/tinybpf, or ~/.cache/tinybpf.\n"
	      "\n"
	      "  stats                     its directory, entries, size and size bound\n"
	      "  clean                     remove every entry\n"
	      "  dir                       print its directory\n"
	      "  -j, --json                print as JSON\n"
	      "\n"
	      "The size bound is $TINYBPF_CACHE_MAX_SIZE (bytes, or with K, M or G),\n"
	      "default 256M: after each store the least recently used entries are\n"
	      "removed until the cache is at 80% of it.\n",
	      out);
}

int cmd_cache(int argc, char **argv)
{
	static const char *const actions[] = { "stats", "clean", "dir" };
	unsigned long long max_size, removed;
	struct tb_cache_stats stats;
	json_object *root;
	const char *action;
	bool json = false;
	char *dir;
	int next = parse_report_options(argc, argv, NULL, &json, usage), err;

	if (next < 0)
		return 2;
	if (next != argc - 1) {
		usage(stderr);
		return 2;
	}
	action = argv[next];
	if (!option_choice("cache", action, actions, sizeof(actions) / sizeof(actions[0])) ||
	    !cache_max_size_from_env(&max_size))
		return 2;
	dir = default_cache_dir();
	if (!dir) {
		fprintf(stderr, "tinybpf: error: no cache directory: set TINYBPF_CACHE (or HOME)\n");
		return 1;
	}
	root = json_object_new_object();
	json_object_object_add(root, "directory", json_object_new_string(dir));
	if (!strcmp(action, "dir")) {
		if (!json)
			puts(dir);
	} else if (!strcmp(action, "stats")) {
		tb_cache_stats(dir, &stats);
		max_size = max_size ? max_size : TB_CACHE_DEFAULT_MAX_SIZE;
		json_object_object_add(root, "entries", json_object_new_int64((int64_t)stats.entries));
		json_object_object_add(root, "bytes", json_object_new_int64((int64_t)stats.bytes));
		json_object_object_add(root, "max_bytes", json_object_new_int64((int64_t)max_size));
		if (!json)
			printf("directory  %s\nentries    %llu\nsize       %llu bytes\nmax size   %llu "
			       "bytes\n",
			       dir, stats.entries, stats.bytes, max_size);
	} else {
		err = tb_cache_clean(dir, &removed);
		json_object_object_add(root, "removed", json_object_new_int64((int64_t)removed));
		if (err) {
			fprintf(stderr, "%s: error: cannot remove every entry: %s\n", dir,
				strerror(-err));
			json_object_put(root);
			free(dir);
			return 1;
		}
		if (!json)
			printf("removed %llu entr%s from %s\n", removed, removed == 1 ? "y" : "ies",
			       dir);
	}
	if (json)
		print_json(root);
	else
		json_object_put(root);
	free(dir);
	return 0;
}
