// SPDX-License-Identifier: MIT
/*
 * Runs a fuzz target once on each file named on the command line, without
 * libFuzzer: `make test` replays tests/fuzz/regressions/<target>/ this way,
 * against the library built with AddressSanitizer and UBSan. A crash or a
 * sanitizer report ends the process with a nonzero status.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data = NULL;
		size_t size = 0, cap = 0, n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (size == cap && !(data = realloc(data, cap = cap ? 2 * cap : 65536)))
				abort();
			n = fread(data + size, 1, cap - size, f);
			size += n;
		} while (n);
		fclose(f);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		printf("ok %s\n", argv[i]);
	}
	return 0;
}
