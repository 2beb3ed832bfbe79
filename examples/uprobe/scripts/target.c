// target FIFO ARG...: the uprobe smoke test's traced program. Prints its pid,
// waits until someone opens FIFO for writing (the tracer is attached by then),
// then for each ARG calls shout(ARG+2) if ARG starts with "s:", else
// answer(atol(ARG)), and prints what the call returned, one line each.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// noinline and the empty asm keep each a real function with its own symbol
// and return, which the uretprobe hooks.
__attribute__((noinline)) long answer(long x) {
	__asm__ volatile("");
	return x * 7 - 3;
}

__attribute__((noinline)) char *shout(char *s) {
	for (char *p = s; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p -= 'a' - 'A';
	__asm__ volatile("");
	return s;
}

int main(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "usage: target FIFO ARG...\n");
		return 2;
	}
	printf("pid %d\n", getpid());
	fflush(stdout);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	close(fd);
	for (int i = 2; i < argc; i++) {
		if (strncmp(argv[i], "s:", 2) == 0)
			printf("%s\n", shout(argv[i] + 2));
		else
			printf("%ld\n", answer(atol(argv[i])));
	}
	return 0;
}
