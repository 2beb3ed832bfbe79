// bpfstat: what the kernel makes of BPF objects, for bench/run.sh.
//
//   bpfstat count OBJ...
//       Loads each program of each object on its own and prints
//       count <TAB> OBJ <TAB> PROG <TAB> SECTION <TAB> XLATED <TAB> PROCESSED
//       XLATED: instructions after load (bpf_prog_info.xlated_prog_len / 8);
//       PROCESSED: the verifier's "processed N insns" (log level 4, BPF_LOG_STATS).
//       A program the kernel refuses gets "refused <TAB> errno text" instead.
//       With no arguments (how tests/kernels/run.sh starts a test binary in a
//       guest) it counts every *.o in $TBPF_DATA_DIR.
//
//   bpfstat runtime openat|exec CALLS ROUNDS OBJ...
//       Loads the tracepoint and raw-tracepoint programs of every object and
//       turns on BPF_ENABLE_STATS. In each of ROUNDS rounds, one object after
//       the other: attach its programs, run the workload CALLS times (openat(2)
//       of /etc/hostname, or fork + exec of /bin/true) while draining its ring
//       and perf buffers, detach, and print per program
//       runtime <TAB> OBJ <TAB> PROG <TAB> SECTION <TAB> ROUND <TAB> RUNS <TAB> NS
//       (run_cnt and run_time_ns accumulated meanwhile). One object at a time:
//       programs attached together interfere (the first to run takes the
//       cache misses); an object's own programs run together (opensnoop's exit
//       program needs its entry program). The objects' order rotates by round.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { LOG_SIZE = 1 << 20, MAX_OBJECTS = 16, MAX_PROGRAMS = 64, BATCH = 128 };

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static int load_error(int err)
{
	return err < 0 ? -err : err;
}

// Loads only program number `index` of `path`, so one refused program (an
// fentry on a kernel that forbids tracing) does not hide the others' counts.
static void count_program(const char *path, int index, char *log)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("count\t%s\t-\t-\trefused\topen: %s\n", path, strerror(errno));
		return;
	}
	struct bpf_program *prog, *chosen = NULL;
	int i = 0;
	bpf_object__for_each_program(prog, obj)
	{
		bool mine = i++ == index;
		bpf_program__set_autoload(prog, mine);
		if (mine)
			chosen = prog;
	}
	log[0] = '\0';
	bpf_program__set_log_level(chosen, 4);
	bpf_program__set_log_buf(chosen, log, LOG_SIZE);
	int err = bpf_object__load(obj);
	const char *name = bpf_program__name(chosen), *section = bpf_program__section_name(chosen);
	if (err) {
		printf("count\t%s\t%s\t%s\trefused\t%s\n", path, name, section, strerror(load_error(err)));
	} else {
		struct bpf_prog_info info = {0};
		__u32 len = sizeof(info);
		const char *stats = strstr(log, "processed ");
		long processed = stats ? strtol(stats + strlen("processed "), NULL, 10) : -1;
		if (bpf_obj_get_info_by_fd(bpf_program__fd(chosen), &info, &len))
			printf("count\t%s\t%s\t%s\trefused\tbpf_prog_info: %s\n", path, name, section, strerror(errno));
		else
			printf("count\t%s\t%s\t%s\t%u\t%ld\n", path, name, section, info.xlated_prog_len / 8, processed);
	}
	bpf_object__close(obj);
}

static int count_object(const char *path, char *log)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("count\t%s\t-\t-\trefused\topen: %s\n", path, strerror(errno));
		return 1;
	}
	int programs = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj) programs++;
	bpf_object__close(obj);
	for (int i = 0; i < programs; i++)
		count_program(path, i, log);
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int count_data_dir(char *log)
{
	const char *dir = getenv("TBPF_DATA_DIR");
	struct dirent **entries;
	int n = dir ? scandir(dir, &entries, NULL, alphasort) : -1;
	if (n < 0) {
		fprintf(stderr, "bpfstat: no arguments and no readable $TBPF_DATA_DIR\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		if (has_suffix(entries[i]->d_name, ".o")) {
			snprintf(path, sizeof(path), "%s/%s", dir, entries[i]->d_name);
			count_object(path, log);
		}
		free(entries[i]);
	}
	free(entries);
	return 0;
}

static int ignore_ring_sample(void *ctx, void *data, size_t size)
{
	return 0;
}

static void ignore_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
}

struct measured {
	int object;
	struct bpf_program *prog;
	struct bpf_link *link;
	__u64 run_cnt, run_time_ns;
};

struct drains {
	struct ring_buffer *rings[MAX_OBJECTS];
	struct perf_buffer *perfs[MAX_OBJECTS];
	int n_rings, n_perfs;
};

static void drain(struct drains *d)
{
	for (int i = 0; i < d->n_rings; i++)
		ring_buffer__consume(d->rings[i]);
	for (int i = 0; i < d->n_perfs; i++)
		perf_buffer__consume(d->perfs[i]);
}

// Consumers for every ring buffer and perf event array, so programs do the
// work of a successful output, not the cheap "buffer full" path.
static int add_drains(struct drains *d, struct bpf_object *obj)
{
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj)
	{
		int fd = bpf_map__fd(map);
		if (bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF && d->n_rings < MAX_OBJECTS) {
			d->rings[d->n_rings] = ring_buffer__new(fd, ignore_ring_sample, NULL, NULL);
			if (!d->rings[d->n_rings++])
				return -1;
		} else if (bpf_map__type(map) == BPF_MAP_TYPE_PERF_EVENT_ARRAY && d->n_perfs < MAX_OBJECTS) {
			d->perfs[d->n_perfs] = perf_buffer__new(fd, 64, ignore_perf_sample, NULL, NULL, NULL);
			if (!d->perfs[d->n_perfs++])
				return -1;
		}
	}
	return 0;
}

static void workload_once(const char *workload)
{
	if (strcmp(workload, "openat") == 0) {
		int fd = openat(AT_FDCWD, "/etc/hostname", O_RDONLY);
		if (fd >= 0)
			close(fd);
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static int read_stats(struct measured *m, __u64 *cnt, __u64 *ns)
{
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);
	if (bpf_obj_get_info_by_fd(bpf_program__fd(m->prog), &info, &len))
		return -1;
	*cnt = info.run_cnt;
	*ns = info.run_time_ns;
	return 0;
}

// One object's turn: attach its programs, run the workload, detach, report.
static int run_object(char **paths, int object, struct measured *progs, int n, struct drains *drains,
		      const char *workload, long calls, int round)
{
	for (int k = 0; k < n; k++) {
		struct measured *m = &progs[k];
		if (m->object != object)
			continue;
		m->link = bpf_program__attach(m->prog);
		if (!m->link || read_stats(m, &m->run_cnt, &m->run_time_ns)) {
			fprintf(stderr, "bpfstat: attach %s in %s: %s\n", bpf_program__name(m->prog), paths[object],
				strerror(errno));
			return 1;
		}
	}
	for (long call = 0; call < calls; call++) {
		workload_once(workload);
		if (call % BATCH == BATCH - 1)
			drain(drains);
	}
	for (int k = 0; k < n; k++) {
		struct measured *m = &progs[k];
		__u64 cnt, ns;
		if (m->object != object)
			continue;
		bpf_link__destroy(m->link);
		if (read_stats(m, &cnt, &ns))
			return 1;
		printf("runtime\t%s\t%s\t%s\t%d\t%llu\t%llu\n", paths[object], bpf_program__name(m->prog),
		       bpf_program__section_name(m->prog), round, cnt - m->run_cnt, ns - m->run_time_ns);
	}
	drain(drains);
	return 0;
}

static int measure_runtime(const char *workload, long calls, int rounds, char **paths, int n_paths)
{
	if (strcmp(workload, "openat") && strcmp(workload, "exec")) {
		fprintf(stderr, "bpfstat: unknown workload '%s' (openat or exec)\n", workload);
		return 2;
	}
	if (n_paths > MAX_OBJECTS) {
		fprintf(stderr, "bpfstat: at most %d objects\n", MAX_OBJECTS);
		return 2;
	}
	int stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0) {
		fprintf(stderr, "bpfstat: BPF_ENABLE_STATS: %s\n", strerror(errno));
		return 1;
	}
	static struct measured progs[MAX_PROGRAMS];
	struct drains drains = {0};
	int n = 0;
	for (int i = 0; i < n_paths; i++) {
		struct bpf_object *obj = bpf_object__open_file(paths[i], NULL);
		if (!obj) {
			fprintf(stderr, "bpfstat: %s: %s\n", paths[i], strerror(errno));
			return 1;
		}
		struct bpf_program *prog;
		bpf_object__for_each_program(prog, obj)
		{
			enum bpf_prog_type type = bpf_program__type(prog);
			bool wanted = type == BPF_PROG_TYPE_TRACEPOINT || type == BPF_PROG_TYPE_RAW_TRACEPOINT;
			bpf_program__set_autoload(prog, wanted);
			if (wanted && n < MAX_PROGRAMS)
				progs[n++] = (struct measured){.object = i, .prog = prog};
		}
		int err = bpf_object__load(obj);
		if (err || add_drains(&drains, obj)) {
			fprintf(stderr, "bpfstat: %s: load: %s\n", paths[i], strerror(load_error(err)));
			return 1;
		}
	}
	for (int round = 0; round < rounds; round++)
		for (int i = 0; i < n_paths; i++)
			if (run_object(paths, (round + i) % n_paths, progs, n, &drains, workload, calls, round))
				return 1;
	close(stats_fd);
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(quiet_print);
	setvbuf(stdout, NULL, _IOLBF, 0);
	static char log[LOG_SIZE];
	if (argc == 1)
		return count_data_dir(log);
	if (strcmp(argv[1], "count") == 0) {
		int failed = 0;
		for (int i = 2; i < argc; i++)
			failed |= count_object(argv[i], log);
		return failed;
	}
	if (strcmp(argv[1], "runtime") == 0 && argc >= 6)
		return measure_runtime(argv[2], atol(argv[3]), atoi(argv[4]), argv + 5, argc - 5);
	fprintf(stderr, "usage: bpfstat count OBJ... | bpfstat runtime openat|exec CALLS ROUNDS OBJ...\n");
	return 2;
}
