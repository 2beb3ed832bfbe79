// pinned-calls FIFO N: the percpu-counter smoke test's workload. Prints its
// pid, waits until someone opens FIFO for writing (the tracer is attached by
// then), then on each CPU it is allowed to run on, in turn, pins itself there
// with sched_setaffinity(2) and calls getppid(2) N*(cpu+1) times, so that
// every CPU gets a different count. For each CPU it prints "cpu C calls K"
// once sched_getcpu(3) has confirmed it ran there.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
	if (argc != 3) {
		fprintf(stderr, "usage: pinned-calls FIFO N\n");
		return 2;
	}
	long n = atol(argv[2]);
	printf("pid %d\n", getpid());
	fflush(stdout);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	close(fd);

	cpu_set_t allowed;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) != 0) {
		perror("sched_getaffinity");
		return 1;
	}
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof(one), &one) != 0) {
			perror("sched_setaffinity");
			return 1;
		}
		long calls = n * (cpu + 1);
		for (long i = 0; i < calls; i++)
			syscall(SYS_getppid);
		if (sched_getcpu() != cpu) {
			fprintf(stderr, "pinned to cpu %d but running on %d\n", cpu, sched_getcpu());
			return 1;
		}
		printf("cpu %d calls %ld\n", cpu, calls);
	}
	return 0;
}
