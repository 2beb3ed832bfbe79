// SPDX-License-Identifier: MIT
/*
 * The storm of the examples' smoke tests (smoke-lib.bash storm_test):
 *   openstorm GO PATH COUNT
 * opens the FIFO GO and waits there for a writer, so that everything the
 * process opens while it starts happens before the tracer attaches; then
 * calls openat(PATH) COUNT times, as fast as it can, closing each, and
 * prints how many of the calls succeeded. Nothing else in this process
 * opens a file after the FIFO: a tracer filtering on its pid sees exactly
 * COUNT opens of PATH.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long count, opened = 0;
	char byte;
	int go;

	if (argc != 4 || (count = strtol(argv[3], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: openstorm GO PATH COUNT\n");
		return 2;
	}
	go = open(argv[1], O_RDONLY);
	if (go < 0 || read(go, &byte, 1) < 0) {
		perror(argv[1]);
		return 1;
	}
	for (long i = 0; i < count; i++) {
		int fd = openat(AT_FDCWD, argv[2], O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			opened++;
			close(fd);
		}
	}
	printf("%ld\n", opened);
	return 0;
}
