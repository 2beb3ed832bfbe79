// threads: the iterator smoke test's process, with known ids and names. Its
// main thread (comm: the executable's name) starts two threads that name
// themselves iter-worker-1 and iter-worker-2 (pthread_setname_np, i.e. the
// task's comm), then prints "pid PID" and "tid NAME TID" for each thread, and
// every thread waits until the process is killed.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t named;
static pid_t tids[2];

static void *worker(void *arg) {
	long i = (long)arg;
	char name[16] = "iter-worker-?";
	name[12] = '1' + i;
	pthread_setname_np(pthread_self(), name);
	tids[i] = syscall(SYS_gettid);
	pthread_barrier_wait(&named);
	for (;;)
		pause();
	return NULL;
}

int main(void) {
	pthread_t t[2];
	pthread_barrier_init(&named, NULL, 3);
	for (long i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) {
			perror("pthread_create");
			return 1;
		}
	pthread_barrier_wait(&named);
	printf("pid %d\n", getpid());
	for (int i = 0; i < 2; i++)
		printf("tid iter-worker-%d %d\n", i + 1, tids[i]);
	fflush(stdout);
	for (;;)
		pause();
}
