// SPDX-License-Identifier: MIT
/*
 * The conformance suite, loaded with libbpf: every tests/conformance/<case>
 * is a Go program (main.go) that make test compiles with TinyGo and tinybpf,
 * and an expectation (expect.json) that this runner and the cilium/ebpf one
 * (conformance_test.go) both read; README.md in this directory describes it.
 * Each case is opened, checked, loaded, executed with BPF_PROG_TEST_RUN or
 * attached and triggered, and its return values, maps and globals compared.
 *
 * Needs $TINYBPF_CONFORMANCE_SRC (tests/conformance) and
 * $TINYBPF_CONFORMANCE_OBJ (the directory of <case>.bpf.o).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

struct bytes {
	uint8_t *data;
	size_t len;
};

/* One case being checked: mismatches are collected, so that a run reports
 * every wrong value at once. */
struct checker {
	const char *name;
	int failures;
	char **strings; /* owned by addr: tokens, alive until the case ends */
	size_t string_count;
	int fds[8]; /* opened by fd: tokens, closed when the case ends */
	size_t fd_count;
};

static void __attribute__((format(printf, 2, 3))) mismatch(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	c->failures++;
}

static void append(struct bytes *b, const void *p, size_t n)
{
	b->data = realloc(b->data, b->len + n + 1);
	assert_non_null(b->data);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static uint64_t number(const char *text)
{
	char *end;
	uint64_t v;

	if (!strcmp(text, "pid"))
		return (uint64_t)getpid();
	if (!strcmp(text, "tid"))
		return (uint64_t)syscall(SYS_gettid);
	v = text[0] == '-' ? (uint64_t)strtoll(text, &end, 0) : strtoull(text, &end, 0);
	if (!*text || *end)
		fail_msg("bad number \"%s\" in expect.json", text);
	return v;
}

/* fd:tid is a pidfd of the thread the programs run on (the key of a task
 * storage map), fd:cgroup its cgroup v2 directory (that of a cgroup storage
 * map). */
static int open_fd(struct checker *c, const char *what)
{
	char line[512], path[600] = "";
	FILE *f;
	int fd = -1;

	if (!strcmp(what, "tid")) {
		fd = (int)syscall(SYS_pidfd_open, syscall(SYS_gettid), O_EXCL /* PIDFD_THREAD */);
	} else if (!strcmp(what, "cgroup")) {
		f = fopen("/proc/self/cgroup", "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "0::", 3)) {
				line[strcspn(line, "\n")] = '\0';
				/* cgroup2 is at /sys/fs/cgroup, or /sys/fs/cgroup/unified (hybrid) */
				snprintf(path, sizeof(path), "/sys/fs/cgroup/unified%s", line + 3);
				if (access(path, F_OK))
					snprintf(path, sizeof(path), "/sys/fs/cgroup%s", line + 3);
			}
		if (f)
			fclose(f);
		fd = path[0] ? open(path, O_RDONLY | O_DIRECTORY) : -1;
	} else {
		fail_msg("%s: unknown fd:%s", c->name, what);
	}
	if (fd < 0 || c->fd_count == sizeof(c->fds) / sizeof(c->fds[0]))
		fail_msg("%s: cannot open fd:%s: %s", c->name, what, strerror(errno));
	c->fds[c->fd_count++] = fd;
	return fd;
}

/* The byte notation of expect.json (see README.md): space-separated tokens. */
static struct bytes parse_bytes(struct checker *c, const char *spec)
{
	struct bytes b = { 0 };
	char *copy = strdup(spec), *save = NULL;

	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *arg = strchr(tok, ':');
		uint64_t v;

		if (!arg)
			fail_msg("%s: token \"%s\" has no ':'", c->name, tok);
		*arg++ = '\0';
		if (!strcmp(tok, "u8") || !strcmp(tok, "u16") || !strcmp(tok, "u32") ||
		    !strcmp(tok, "u64")) {
			v = number(arg); /* little-endian, as the host */
			append(&b, &v, (size_t)atoi(tok + 1) / 8);
		} else if (!strcmp(tok, "be16") || !strcmp(tok, "be32")) {
			size_t n = (size_t)atoi(tok + 2) / 8;

			v = number(arg);
			for (size_t i = 0; i < n; i++) {
				uint8_t byte = (uint8_t)(v >> (8 * (n - 1 - i)));

				append(&b, &byte, 1);
			}
		} else if (!strcmp(tok, "iota") || !strcmp(tok, "zero")) {
			uint64_t n = number(arg);

			for (uint64_t i = 0; i < n; i++) {
				uint8_t byte = tok[0] == 'i' ? (uint8_t)i : 0;

				append(&b, &byte, 1);
			}
		} else if (!strcmp(tok, "str")) {
			append(&b, arg, strlen(arg));
		} else if (!strcmp(tok, "addr")) {
			char *s = strdup(arg);

			c->strings = realloc(c->strings, (c->string_count + 1) * sizeof(*c->strings));
			c->strings[c->string_count++] = s;
			v = (uint64_t)(uintptr_t)s;
			append(&b, &v, sizeof(v));
		} else if (!strcmp(tok, "fd")) {
			uint32_t fd = (uint32_t)open_fd(c, arg);

			append(&b, &fd, sizeof(fd));
		} else if (!strcmp(tok, "comm")) {
			char comm[16] = { 0 };

			assert_int_equal(prctl(PR_GET_NAME, comm), 0);
			append(&b, comm, sizeof(comm));
		} else {
			fail_msg("%s: unknown token kind \"%s\"", c->name, tok);
		}
	}
	free(copy);
	return b;
}

static char *hex(const void *p, size_t n)
{
	char *out = malloc(n * 2 + 1);

	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", ((const uint8_t *)p)[i]);
	out[n * 2] = '\0';
	return out;
}

static void compare(struct checker *c, const char *what, const void *got, size_t got_len,
		    const struct bytes *want)
{
	if (got_len == want->len && !memcmp(got, want->data, got_len))
		return;
	char *g = hex(got, got_len), *w = hex(want->data, want->len);
	mismatch(c, "%s: got %s, want %s", what, g, w);
	free(g);
	free(w);
}

static const char *string_of(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static int64_t int_of(json_object *o, const char *key, int64_t fallback)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : fallback;
}

/* "programs": exactly these programs in the object, no more (a Go helper
 * function mistaken for a program), no fewer (one dropped). */
static void check_programs(struct checker *c, struct bpf_object *obj, json_object *want)
{
	struct bpf_program *p;
	size_t count = 0, n = json_object_array_length(want);

	bpf_object__for_each_program(p, obj) {
		bool listed = false;

		for (size_t i = 0; i < n; i++)
			listed |= !strcmp(json_object_get_string(json_object_array_get_idx(want, i)),
					  bpf_program__name(p));
		if (!listed)
			mismatch(c, "unexpected program %s", bpf_program__name(p));
		count++;
	}
	if (count != n)
		mismatch(c, "%zu programs, want %zu", count, n);
}

/* The global-data map holding a variable, and the variable's offset in it. */
static struct bpf_map *find_variable(struct bpf_object *obj, const char *name, size_t *offset,
				     size_t *size)
{
	const struct btf *btf = bpf_object__btf(obj);

	for (unsigned id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *v = btf_var_secinfos(t);
		const char *sec = btf__name_by_offset(btf, t->name_off);

		if (!btf_is_datasec(t))
			continue;
		for (unsigned i = 0; i < btf_vlen(t); i++, v++) {
			const struct btf_type *var = btf__type_by_id(btf, v->type);
			struct bpf_map *map;

			if (strcmp(btf__name_by_offset(btf, var->name_off), name))
				continue;
			*offset = v->offset;
			*size = v->size;
			bpf_object__for_each_map(map, obj) {
				const char *m = bpf_map__name(map);
				size_t ml = strlen(m), sl = strlen(sec);

				/* libbpf names it "<object prefix>.rodata" */
				if (bpf_map__is_internal(map) && ml >= sl && !strcmp(m + ml - sl, sec))
					return map;
			}
		}
	}
	return NULL;
}

static void set_globals(struct checker *c, struct bpf_object *obj, json_object *set)
{
	json_object_object_foreach(set, name, value) {
		size_t offset, size, total;
		struct bpf_map *map = find_variable(obj, name, &offset, &size);
		struct bytes want = parse_bytes(c, json_object_get_string(value));
		uint8_t *data;

		assert_non_null(map);
		assert_int_equal(want.len, size);
		const void *initial = bpf_map__initial_value(map, &total);

		data = malloc(total);
		memcpy(data, initial, total);
		memcpy(data + offset, want.data, size);
		assert_int_equal(bpf_map__set_initial_value(map, data, total), 0);
		free(data);
		free(want.data);
	}
}

static void check_globals(struct checker *c, struct bpf_object *obj, json_object *globals)
{
	json_object_object_foreach(globals, name, value) {
		size_t offset, size;
		struct bpf_map *map = find_variable(obj, name, &offset, &size);
		struct bytes want = parse_bytes(c, json_object_get_string(value));
		uint32_t zero = 0;
		uint8_t *data;
		char what[128];

		assert_non_null(map);
		data = malloc(bpf_map__value_size(map));
		assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(map), &zero, data), 0);
		snprintf(what, sizeof(what), "global %s", name);
		compare(c, what, data + offset, size, &want);
		free(data);
		free(want.data);
	}
}

static void run_program(struct checker *c, struct bpf_object *obj, json_object *run, size_t index)
{
	const char *name = string_of(run, "program");
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);
	struct bytes data = parse_bytes(c, string_of(run, "data") ? string_of(run, "data") : "");
	struct bytes ctx = parse_bytes(c, string_of(run, "ctx") ? string_of(run, "ctx") : "");
	uint8_t out[4096];
	json_object *retval;
	int64_t repeat = int_of(run, "repeat", 1);

	assert_non_null(prog);
	assert_true(json_object_object_get_ex(run, "retval", &retval));
	for (int64_t i = 0; i < repeat; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = data.len ? data.data : NULL,
			    .data_size_in = (uint32_t)data.len, .data_out = data.len ? out : NULL,
			    .data_size_out = data.len ? sizeof(out) : 0,
			    .ctx_in = ctx.len ? ctx.data : NULL, .ctx_size_in = (uint32_t)ctx.len);
		int err;

		if (int_of(run, "cpu", -1) >= 0) { /* raw_tp: run on that CPU */
			opts.flags = BPF_F_TEST_RUN_ON_CPU;
			opts.cpu = (uint32_t)int_of(run, "cpu", 0);
		}
		err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);

		if (err) {
			mismatch(c, "%s: BPF_PROG_TEST_RUN failed: %s", name, strerror(errno));
			break;
		}
		if (opts.retval != (uint32_t)json_object_get_int64(retval)) {
			mismatch(c, "%s (runs[%zu], time %lld): returned %u, want %u", name, index,
				 (long long)i + 1, opts.retval, (uint32_t)json_object_get_int64(retval));
		}
		if (string_of(run, "data_out")) {
			struct bytes want = parse_bytes(c, string_of(run, "data_out"));

			compare(c, "data_out", out, opts.data_size_out, &want);
			free(want.data);
		}
	}
	free(data.data);
	free(ctx.data);
}

/* "attach": attach a program by its section and make the syscall it traces,
 * with "args" if given. */
static void attach_and_trigger(struct checker *c, struct bpf_object *obj, json_object *attach)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, string_of(attach, "program"));
	struct bpf_link *link;
	uint64_t args[3] = { 0, 0, 0 };
	json_object *list;

	assert_non_null(prog);
	/* "args": up to three numbers (or "pid", "tid") for the syscall */
	if (json_object_object_get_ex(attach, "args", &list))
		for (size_t i = 0; i < json_object_array_length(list) && i < 3; i++)
			args[i] = number(json_object_get_string(json_object_array_get_idx(list, i)));
	link = bpf_program__attach(prog);
	if (!link) {
		mismatch(c, "cannot attach %s: %s", bpf_program__name(prog), strerror(errno));
		return;
	}
	for (int64_t i = 0; i < int_of(attach, "times", 1); i++)
		syscall(int_of(attach, "syscall", -1), args[0], args[1], args[2]);
	bpf_link__destroy(link);
}

/* "attach" is one such object or a list of them, attached in turn. */
static void attach_each(struct checker *c, struct bpf_object *obj, json_object *attach)
{
	if (!json_object_is_type(attach, json_type_array)) {
		attach_and_trigger(c, obj, attach);
		return;
	}
	for (size_t i = 0; i < json_object_array_length(attach); i++)
		attach_and_trigger(c, obj, json_object_array_get_idx(attach, i));
}

/* The socket cases run in a network namespace of their own, with only its
 * loopback up, so that their fixed ports meet no other process's sockets
 * (another run's reuseport group would take its datagrams). Returns the
 * namespace to go back to with leave_netns. */
static int enter_private_netns(void)
{
	int old = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), fd;
	struct ifreq ifr = { 0 };

	assert_true(old >= 0);
	assert_int_equal(unshare(CLONE_NEWNET), 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	strcpy(ifr.ifr_name, "lo");
	assert_int_equal(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	assert_int_equal(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
	return old;
}

static void leave_netns(int old)
{
	assert_int_equal(setns(old, CLONE_NEWNET), 0);
	close(old);
}

/* "cgroup": each program is attached to a new cgroup (v2) the runner has
 * moved into, triggered, and detached; the runner moves back afterwards.
 * The triggers run in a network namespace of the runner's own, entered
 * before the cgroup (its loopback's socket is nothing the programs see). */
static char *cgroup2_root(void)
{
	char line[512], dev[64], dir[256], type[64];
	FILE *f = fopen("/proc/self/mounts", "r");
	char *root = NULL;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %255s %63s", dev, dir, type) == 3 && !strcmp(type, "cgroup2")) {
			root = strdup(dir);
			break;
		}
	if (f)
		fclose(f);
	return root;
}

static void join_cgroup(const char *dir)
{
	char path[512], pid[32];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%d", getpid());
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pid, strlen(pid)), (ssize_t)strlen(pid));
	close(fd);
}

/* The cgroup (v2) this process is in, as a path under root. */
static char *current_cgroup(const char *root)
{
	char line[512], *path = NULL;
	FILE *f = fopen("/proc/self/cgroup", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = '\0';
			assert_true(asprintf(&path, "%s%s", root, line + 3) > 0);
		}
	if (f)
		fclose(f);
	return path;
}

static void set_port(struct sockaddr_storage *ss, int port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
}

/* The address of a socket trigger, IP:PORT for AF_INET, [IP]:PORT for
 * AF_INET6, into *ss; returns what follows the port and its ':' (or NULL). */
static char *parse_address(char *arg, int family, struct sockaddr_storage *ss, socklen_t *len)
{
	char *host = arg, *port = strchr(arg, ':'), *rest;

	if (family == AF_INET6) { /* [IP]:PORT */
		assert_true(*host++ == '[');
		port = strstr(host, "]:");
		assert_non_null(port);
		*port++ = '\0';
	}
	assert_non_null(port);
	*port++ = '\0';
	rest = strchr(port, ':');
	if (rest)
		*rest++ = '\0';
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)family;
	assert_int_equal(inet_pton(family, host, family == AF_INET6 ?
				   (void *)&((struct sockaddr_in6 *)ss)->sin6_addr :
				   (void *)&((struct sockaddr_in *)ss)->sin_addr), 1);
	set_port(ss, atoi(port));
	*len = family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	return rest;
}

/* Datagram sockets A bound to from and B bound to to; A sends text to B,
 * which receives it from A; A connects to B and asks its own name and its
 * peer's; B is closed, then A. */
static void datagram_exchange(struct checker *c, const char *what, int family,
			      const struct sockaddr *from, socklen_t len_from, const struct sockaddr *to,
			      socklen_t len_to, const char *text)
{
	struct sockaddr_storage got;
	socklen_t got_len = sizeof(got);
	int a = socket(family, SOCK_DGRAM, 0), b = socket(family, SOCK_DGRAM, 0);
	char buf[64];
	ssize_t n;

	assert_true(a >= 0 && b >= 0);
	if (bind(a, from, len_from) || bind(b, to, len_to))
		mismatch(c, "%s: bind: %s", what, strerror(errno));
	if (sendto(a, text, strlen(text), 0, to, len_to) < 0)
		mismatch(c, "%s: sendto: %s", what, strerror(errno));
	n = recvfrom(b, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&got, &got_len);
	if (n != (ssize_t)strlen(text) || memcmp(buf, text, strlen(text)) || got_len != len_from ||
	    memcmp(&got, from, len_from))
		mismatch(c, "%s: recvfrom: %zd bytes (%s) from another address", what, n,
			 strerror(errno));
	if (connect(a, to, len_to))
		mismatch(c, "%s: connect: %s", what, strerror(errno));
	got_len = sizeof(got);
	if (getsockname(a, (struct sockaddr *)&got, &got_len) || got_len != len_from ||
	    memcmp(&got, from, len_from))
		mismatch(c, "%s: getsockname: not the address bound (%s)", what, strerror(errno));
	got_len = sizeof(got);
	if (getpeername(a, (struct sockaddr *)&got, &got_len) || got_len != len_to ||
	    memcmp(&got, to, len_to))
		mismatch(c, "%s: getpeername: not the address connected (%s)", what,
			 strerror(errno));
	close(b);
	close(a);
}

/* udp4:IP:FROM:TO:TEXT, udp6:[IP]:FROM:TO:TEXT: a UDP socket A bound to
 * IP:FROM sends TEXT to a socket B bound to IP:TO, which receives it with
 * the sender's address; A connects to B and asks its own name and its
 * peer's; B is closed, then A. */
static void udp_exchange(struct checker *c, const char *what, char *arg, int family)
{
	struct sockaddr_storage from, to;
	socklen_t len;
	char *to_port = parse_address(arg, family, &from, &len), *text;

	assert_non_null(to_port);
	text = strchr(to_port, ':');
	assert_non_null(text);
	*text++ = '\0';
	to = from;
	set_port(&to, atoi(to_port));
	datagram_exchange(c, what, family, (struct sockaddr *)&from, len, (struct sockaddr *)&to, len,
			  text);
}

/* An abstract AF_UNIX address: NUL, then the name. */
static socklen_t abstract_address(struct sockaddr_un *sun, const char *name)
{
	*sun = (struct sockaddr_un){ .sun_family = AF_UNIX };
	assert_true(strlen(name) < sizeof(sun->sun_path) - 1);
	memcpy(sun->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

/* unix:A:B:TEXT: AF_UNIX datagram sockets bound to the abstract names A and
 * B; A sends TEXT to B, which receives it from A; A connects to B and asks
 * its own name and its peer's; B is closed, then A. */
static void unix_exchange(struct checker *c, const char *what, char *arg)
{
	struct sockaddr_un from, to;
	char *name_b = strchr(arg, ':'), *text;
	socklen_t len_a, len_b;

	assert_non_null(name_b);
	*name_b++ = '\0';
	text = strchr(name_b, ':');
	assert_non_null(text);
	*text++ = '\0';
	len_a = abstract_address(&from, arg);
	len_b = abstract_address(&to, name_b);
	datagram_exchange(c, what, AF_UNIX, (struct sockaddr *)&from, len_a, (struct sockaddr *)&to,
			  len_b, text);
}

/* connect4:IP:PORT, bind4:IP:PORT, sendto4:IP:PORT:TEXT, udp4:IP:FROM:TO:TEXT
 * and their IPv6 forms ending in 6, with [IP]; unix:A:B:TEXT;
 * socket:inet|inet6:stream|dgram,
 * setsockopt:ip_ttl:N, getsockopt:ip_ttl:N, sysctl:NAME (a read of
 * /proc/sys/NAME), open:PATH */
static void trigger(struct checker *c, const char *what)
{
	char *copy = strdup(what), *kind = copy, *arg = strchr(copy, ':');
	int fd, family;

	assert_non_null(arg);
	*arg++ = '\0';
	family = arg - copy > 1 && arg[-2] == '6' ? AF_INET6 : AF_INET; /* connect6:... */
	if (!strcmp(kind, "connect4") || !strcmp(kind, "connect6")) {
		struct sockaddr_storage ss;
		socklen_t len;

		parse_address(arg, family, &ss, &len);
		fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
		assert_true(fd >= 0);
		connect(fd, (struct sockaddr *)&ss, len); /* refused: the hooks ran */
		close(fd);
	} else if (!strcmp(kind, "bind4") || !strcmp(kind, "sendto4") || !strcmp(kind, "bind6") ||
		   !strcmp(kind, "sendto6")) {
		/* bindN:IP:PORT, sendtoN:IP:PORT:TEXT, over UDP */
		struct sockaddr_storage ss;
		socklen_t len;
		char *text = parse_address(arg, family, &ss, &len);

		fd = socket(family, SOCK_DGRAM, 0);
		assert_true(fd >= 0);
		if (kind[0] == 's') {
			assert_non_null(text);
			if (sendto(fd, text, strlen(text), 0, (struct sockaddr *)&ss, len) < 0)
				mismatch(c, "%s: sendto: %s", what, strerror(errno));
		} else if (bind(fd, (struct sockaddr *)&ss, len)) {
			mismatch(c, "%s: bind: %s", what, strerror(errno));
		}
		close(fd);
	} else if (!strcmp(kind, "udp4") || !strcmp(kind, "udp6")) {
		udp_exchange(c, what, arg, family);
	} else if (!strcmp(kind, "unix")) {
		unix_exchange(c, what, arg);
	} else if (!strcmp(kind, "getsockopt")) {
		/* getsockopt:ip_ttl:N: set IP_TTL to N, then read it */
		int ttl = atoi(strchr(arg, ':') + 1), got = 0;
		socklen_t len = sizeof(got);

		assert_int_equal(strncmp(arg, "ip_ttl:", 7), 0);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fd >= 0);
		assert_int_equal(setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)), 0);
		assert_int_equal(getsockopt(fd, IPPROTO_IP, IP_TTL, &got, &len), 0);
		if (got != ttl)
			mismatch(c, "%s: getsockopt read %d", what, got);
		close(fd);
	} else if (!strcmp(kind, "socket")) {
		int type = strstr(arg, ":dgram") ? SOCK_DGRAM : SOCK_STREAM;

		fd = socket(!strncmp(arg, "inet6:", 6) ? AF_INET6 : AF_INET, type, 0);
		assert_true(fd >= 0);
		close(fd);
	} else if (!strcmp(kind, "setsockopt")) {
		int ttl = atoi(strchr(arg, ':') + 1);

		assert_int_equal(strncmp(arg, "ip_ttl:", 7), 0);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fd >= 0);
		assert_int_equal(setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)), 0);
		close(fd);
	} else if (!strcmp(kind, "sysctl") || !strcmp(kind, "open")) {
		char path[256], buf[64];

		snprintf(path, sizeof(path), "%s%s", kind[0] == 's' ? "/proc/sys/" : "", arg);
		fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		if (kind[0] == 's')
			assert_true(read(fd, buf, sizeof(buf)) > 0);
		close(fd);
	} else {
		mismatch(c, "unknown trigger \"%s\"", what);
	}
	free(copy);
}

static void run_cgroup_hooks(struct checker *c, struct bpf_object *obj, json_object *hooks)
{
	char *root = cgroup2_root(), *home, dir[512];
	int cg, netns;

	assert_non_null(root);
	netns = enter_private_netns();
	home = current_cgroup(root);
	assert_non_null(home);
	snprintf(dir, sizeof(dir), "%s/tinybpf-conformance-%d", root, getpid());
	assert_int_equal(mkdir(dir, 0755), 0);
	cg = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(cg >= 0);
	join_cgroup(dir);
	for (size_t i = 0; i < json_object_array_length(hooks); i++) {
		json_object *h = json_object_array_get_idx(hooks, i);
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, string_of(h, "program"));
		struct bpf_link *link = prog ? bpf_program__attach_cgroup(prog, cg) : NULL;

		if (!link) {
			mismatch(c, "cannot attach %s to a cgroup: %s", string_of(h, "program"), strerror(errno));
			continue;
		}
		trigger(c, string_of(h, "trigger"));
		bpf_link__destroy(link);
	}
	join_cgroup(home);
	leave_netns(netns);
	close(cg);
	assert_int_equal(rmdir(dir), 0);
	free(home);
	free(root);
}

/* "perf_event": the program attached to a task-clock event of this thread,
 * sampled every `period` ns of its CPU time while it spins `busy_ms`. */
static void run_perf_event(struct checker *c, struct bpf_object *obj, json_object *pe)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
					 .config = PERF_COUNT_SW_TASK_CLOCK,
					 .sample_period = (uint64_t)int_of(pe, "period", 100000) };
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, string_of(pe, "program"));
	struct bpf_link *link;
	struct timespec start, now;
	int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);

	assert_non_null(prog);
	if (fd < 0) {
		mismatch(c, "perf_event_open: %s", strerror(errno));
		return;
	}
	link = bpf_program__attach_perf_event(prog, fd);
	if (!link) {
		mismatch(c, "cannot attach %s: %s", bpf_program__name(prog), strerror(errno));
		close(fd);
		return;
	}
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
	do
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 <
	       int_of(pe, "busy_ms", 100));
	bpf_link__destroy(link); /* closes fd */
}

/* Waits up to two seconds for a datagram or stream bytes on one of fds and
 * compares them with want; returns the index of the socket that got them. */
static int receive(struct checker *c, const char *what, const int *fds, int n,
		   const struct bytes *want)
{
	struct pollfd p[4];
	uint8_t buf[4096];
	size_t got = 0;
	int from = -1;

	for (int i = 0; i < n; i++)
		p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	while (got < want->len && poll(p, (nfds_t)n, 2000) > 0) {
		for (int i = 0; i < n; i++) {
			ssize_t r;

			if (!(p[i].revents & POLLIN))
				continue;
			r = recv(fds[i], buf + got, sizeof(buf) - got, MSG_DONTWAIT);
			if (r > 0) {
				got += (size_t)r;
				from = i;
			}
		}
	}
	compare(c, what, buf, got, want);
	return from;
}

static int tcp_listener(uint16_t port, struct sockaddr_in *sin)
{
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	*sin = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(port),
				     .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	assert_true(fd >= 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	assert_int_equal(bind(fd, (struct sockaddr *)sin, sizeof(*sin)), 0);
	assert_int_equal(listen(fd, 1), 0);
	return fd;
}

/* "sockmap": a sock map the runner creates, with the sk_msg program and the
 * sk_skb stream parser and verdict programs attached to it; a TCP connection
 * over loopback (of a private network namespace) to `port` whose two ends go
 * into it; the client sends
 * `send`, which the server must receive (the programs passed it). */
static void run_sockmap(struct checker *c, struct bpf_object *obj, json_object *sm)
{
	/* each attached with its section's attach type: the verdict program's
	 * is sk_skb/stream_verdict's or sk_skb/verdict's */
	static const char *const hooks[] = { "msg", "parser", "verdict" };
	struct bpf_program *progs[3] = { NULL, NULL, NULL };
	struct bytes data = parse_bytes(c, string_of(sm, "send"));
	struct sockaddr_in sin;
	int map, netns, listener, client, server;
	uint32_t key;

	map = bpf_map_create(BPF_MAP_TYPE_SOCKMAP, "conformance", 4, 4, 2, NULL);
	assert_true(map >= 0);
	for (size_t i = 0; i < 3; i++) {
		struct bpf_program *prog;

		if (!string_of(sm, hooks[i]))
			continue;
		prog = bpf_object__find_program_by_name(obj, string_of(sm, hooks[i]));
		assert_non_null(prog);
		if (bpf_prog_attach(bpf_program__fd(prog), map,
				    bpf_program__expected_attach_type(prog), 0))
			mismatch(c, "cannot attach %s to a sock map: %s", bpf_program__name(prog),
				 strerror(errno));
		else
			progs[i] = prog;
	}
	netns = enter_private_netns();
	listener = tcp_listener((uint16_t)int_of(sm, "port", 0), &sin);
	client = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(client >= 0);
	assert_int_equal(connect(client, (struct sockaddr *)&sin, sizeof(sin)), 0);
	server = accept(listener, NULL, NULL);
	assert_true(server >= 0);
	key = 0;
	if (bpf_map_update_elem(map, &key, &client, BPF_ANY))
		mismatch(c, "sock map: cannot add the client: %s", strerror(errno));
	key = 1;
	if (bpf_map_update_elem(map, &key, &server, BPF_ANY))
		mismatch(c, "sock map: cannot add the server: %s", strerror(errno));
	if (send(client, data.data, data.len, 0) != (ssize_t)data.len)
		mismatch(c, "sock map: send: %s", strerror(errno));
	receive(c, "sock map: the bytes the server received", &server, 1, &data);
	for (size_t i = 0; i < 3; i++)
		if (progs[i])
			bpf_prog_detach2(bpf_program__fd(progs[i]), map,
					 bpf_program__expected_attach_type(progs[i]));
	close(client);
	close(server);
	close(listener);
	leave_netns(netns);
	close(map);
	free(data.data);
}

/* "reuseport": the program attached (SO_ATTACH_REUSEPORT_EBPF) to a group of
 * two UDP sockets bound to 127.0.0.1:port with SO_REUSEPORT (in a private
 * network namespace); a datagram
 * `send` to that port must reach one of them. */
static void run_reuseport(struct checker *c, struct bpf_object *obj, json_object *rp)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, string_of(rp, "program"));
	struct bytes data = parse_bytes(c, string_of(rp, "send"));
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((uint16_t)int_of(rp, "port", 0)),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int group[2], sender, one = 1, prog_fd, netns;

	assert_non_null(prog);
	prog_fd = bpf_program__fd(prog);
	netns = enter_private_netns();
	for (int i = 0; i < 2; i++) {
		group[i] = socket(AF_INET, SOCK_DGRAM, 0);
		assert_true(group[i] >= 0);
		assert_int_equal(setsockopt(group[i], SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)), 0);
		assert_int_equal(bind(group[i], (struct sockaddr *)&sin, sizeof(sin)), 0);
	}
	if (setsockopt(group[0], SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, &prog_fd, sizeof(prog_fd)))
		mismatch(c, "cannot attach %s to the reuseport group: %s", bpf_program__name(prog),
			 strerror(errno));
	sender = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(sender >= 0);
	if (sendto(sender, data.data, data.len, 0, (struct sockaddr *)&sin, sizeof(sin)) !=
	    (ssize_t)data.len)
		mismatch(c, "reuseport: sendto: %s", strerror(errno));
	receive(c, "reuseport: the datagram the group received", group, 2, &data);
	close(sender);
	close(group[0]);
	close(group[1]);
	leave_netns(netns);
	free(data.data);
}

/* "migrate": two TCP listeners on 127.0.0.1:port with SO_REUSEPORT, the
 * sk_reuseport/migrate program attached to their group (in a private network
 * namespace); a client bound to 127.0.0.1:client_port connects, the listener
 * holding the connection is closed before accepting it, and the other one
 * must accept it from the client's address: the kernel migrated it, asking
 * the program. */
static void run_migrate(struct checker *c, struct bpf_object *obj, json_object *mg)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, string_of(mg, "program"));
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((uint16_t)int_of(mg, "port", 0)),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) },
			   from = sin, peer;
	socklen_t len = sizeof(peer);
	struct pollfd pfd[2];
	int lis[2], client, server, one = 1, prog_fd, netns, held;

	assert_non_null(prog);
	prog_fd = bpf_program__fd(prog);
	from.sin_port = htons((uint16_t)int_of(mg, "client_port", 0));
	netns = enter_private_netns();
	for (int i = 0; i < 2; i++) {
		lis[i] = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(lis[i] >= 0);
		assert_int_equal(setsockopt(lis[i], SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)),
				 0);
		assert_int_equal(bind(lis[i], (struct sockaddr *)&sin, sizeof(sin)), 0);
		assert_int_equal(listen(lis[i], 4), 0);
		pfd[i] = (struct pollfd){ .fd = lis[i], .events = POLLIN };
	}
	if (setsockopt(lis[0], SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, &prog_fd, sizeof(prog_fd)))
		mismatch(c, "cannot attach %s to the reuseport group: %s", bpf_program__name(prog),
			 strerror(errno));
	client = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(client >= 0);
	assert_int_equal(bind(client, (struct sockaddr *)&from, sizeof(from)), 0);
	assert_int_equal(connect(client, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(poll(pfd, 2, 2000), 1);
	held = pfd[0].revents & POLLIN ? 0 : 1;
	close(lis[held]);
	pfd[0] = (struct pollfd){ .fd = lis[1 - held], .events = POLLIN };
	if (poll(pfd, 1, 2000) != 1) {
		mismatch(c, "migrate: the other listener has no connection to accept");
	} else {
		server = accept(lis[1 - held], (struct sockaddr *)&peer, &len);
		if (server < 0 || len != sizeof(from) || memcmp(&peer, &from, sizeof(from)))
			mismatch(c, "migrate: the other listener accepted no connection from the "
				    "client (%s)", strerror(errno));
		if (server >= 0)
			close(server);
	}
	close(client);
	close(lis[1 - held]);
	leave_netns(netns);
}

/* The function "uprobe" cases probe in this executable: a + b. */
long tinybpf_conformance_target(long a, long b);
__attribute__((noinline, used)) long tinybpf_conformance_target(long a, long b)
{
	__asm__ volatile("" ::: "memory");
	return a + b;
}

/* "uprobe": the programs "entry" (uprobe) and "return" (uretprobe) attached
 * to tinybpf_conformance_target in this process, which is then called once on
 * this thread with "args". */
static void run_uprobe(struct checker *c, struct bpf_object *obj, json_object *up)
{
	long (*volatile target)(long, long) = tinybpf_conformance_target;
	struct bpf_link *links[2] = { NULL, NULL };
	const char *keys[2] = { "entry", "return" };
	long args[2] = { 0, 0 };
	json_object *list;

	if (json_object_object_get_ex(up, "args", &list))
		for (size_t i = 0; i < json_object_array_length(list) && i < 2; i++)
			args[i] = (long)number(json_object_get_string(json_object_array_get_idx(list, i)));
	for (int i = 0; i < 2; i++) {
		LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = "tinybpf_conformance_target",
			    .retprobe = i == 1);
		struct bpf_program *prog;

		if (!string_of(up, keys[i]))
			continue;
		prog = bpf_object__find_program_by_name(obj, string_of(up, keys[i]));
		assert_non_null(prog);
		links[i] = bpf_program__attach_uprobe_opts(prog, getpid(), "/proc/self/exe", 0, &opts);
		if (!links[i])
			mismatch(c, "cannot attach %s: %s", bpf_program__name(prog), strerror(errno));
	}
	target(args[0], args[1]);
	bpf_link__destroy(links[0]);
	bpf_link__destroy(links[1]);
}

/* "iter": the iterator program attached (a BPF link) and read to its end;
 * what it wrote must be exactly `output`. */
static void run_iter(struct checker *c, struct bpf_object *obj, json_object *it)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, string_of(it, "program"));
	struct bytes want = parse_bytes(c, string_of(it, "output"));
	struct bpf_link *link;
	uint8_t buf[65536];
	size_t got = 0;
	ssize_t r;
	int fd;

	assert_non_null(prog);
	link = bpf_program__attach_iter(prog, NULL);
	if (!link) {
		mismatch(c, "cannot attach %s: %s", bpf_program__name(prog), strerror(errno));
		goto out;
	}
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		mismatch(c, "bpf_iter_create: %s", strerror(errno));
	} else {
		while (got < sizeof(buf) && (r = read(fd, buf + got, sizeof(buf) - got)) > 0)
			got += (size_t)r;
		if (r < 0)
			mismatch(c, "reading the iterator: %s", strerror(errno));
		close(fd);
	}
	compare(c, "iterator output", buf, got, &want);
	bpf_link__destroy(link);
out:
	free(want.data);
}

static void check_spec(struct checker *c, struct bpf_map *map, json_object *want)
{
	static const struct {
		const char *key;
		uint32_t (*get)(const struct bpf_map *);
	} fields[] = {
		{ "type", (uint32_t (*)(const struct bpf_map *))bpf_map__type },
		{ "key_size", bpf_map__key_size },
		{ "value_size", bpf_map__value_size },
		{ "max_entries", bpf_map__max_entries },
		{ "flags", bpf_map__map_flags },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		json_object *v;

		if (json_object_object_get_ex(want, fields[i].key, &v) &&
		    fields[i].get(map) != (uint32_t)json_object_get_int64(v))
			mismatch(c, "map %s: %s %u, want %u", bpf_map__name(map), fields[i].key,
				 fields[i].get(map), (uint32_t)json_object_get_int64(v));
	}
}

static bool is_percpu(enum bpf_map_type t)
{
	return t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_hash(enum bpf_map_type t)
{
	return t == BPF_MAP_TYPE_HASH || t == BPF_MAP_TYPE_PERCPU_HASH ||
	       t == BPF_MAP_TYPE_LRU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* A per-CPU value is compared as the sum over CPUs of its 64-bit words. */
static int lookup(struct bpf_map *map, const void *key, uint8_t *value)
{
	size_t size = bpf_map__value_size(map);
	int cpus = libbpf_num_possible_cpus();
	uint8_t *all;
	int err;

	if (!is_percpu(bpf_map__type(map)))
		return bpf_map_lookup_elem(bpf_map__fd(map), key, value);
	all = calloc((size_t)cpus, (size + 7) & ~7ul);
	err = bpf_map_lookup_elem(bpf_map__fd(map), key, all);
	memset(value, 0, size);
	for (int cpu = 0; !err && cpu < cpus; cpu++)
		for (size_t w = 0; w + 8 <= size; w += 8) {
			uint64_t sum, add;

			memcpy(&sum, value + w, 8);
			memcpy(&add, all + (size_t)cpu * ((size + 7) & ~7ul) + w, 8);
			sum += add;
			memcpy(value + w, &sum, 8);
		}
	free(all);
	return err;
}

/* "per_cpu": the value on CPU 0, 1, ...; every CPU after the list must hold zero. */
static void check_per_cpu(struct checker *c, struct bpf_map *map, const void *key,
			  json_object *list, const char *what)
{
	size_t size = bpf_map__value_size(map), stride = (size + 7) & ~7ul;
	int cpus = libbpf_num_possible_cpus();
	uint8_t *all = calloc((size_t)cpus, stride);
	char where[300];

	if (bpf_map_lookup_elem(bpf_map__fd(map), key, all)) {
		mismatch(c, "%s: no such entry (%s)", what, strerror(errno));
		free(all);
		return;
	}
	if (json_object_array_length(list) > (size_t)cpus)
		mismatch(c, "%s: %zu per-CPU values, but %d possible CPUs", what,
			 json_object_array_length(list), cpus);
	for (int cpu = 0; cpu < cpus; cpu++) {
		json_object *v = json_object_array_get_idx(list, (size_t)cpu);
		struct bytes want = parse_bytes(c, v ? json_object_get_string(v) : "");

		if (!v)
			append(&want, (uint8_t[512]){ 0 }, size);
		snprintf(where, sizeof(where), "%s on CPU %d", what, cpu);
		compare(c, where, all + (size_t)cpu * stride, size, &want);
		free(want.data);
	}
	free(all);
}

static void check_entries(struct checker *c, struct bpf_map *map, json_object *entries)
{
	size_t n = json_object_array_length(entries), found = 0;
	uint8_t key[512], next[512], value[512];
	const void *prev = NULL;

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(entries, i);
		struct bytes k = parse_bytes(c, string_of(e, "key"));
		struct bytes want = parse_bytes(c, string_of(e, "value") ? string_of(e, "value") : "");
		char what[256];
		char *kh = hex(k.data, k.len);
		json_object *per_cpu;

		snprintf(what, sizeof(what), "map %s[%s]", bpf_map__name(map), kh);
		if (json_object_object_get_ex(e, "per_cpu", &per_cpu))
			check_per_cpu(c, map, k.data, per_cpu, what);
		else if (k.len != bpf_map__key_size(map))
			mismatch(c, "%s: key is %zu bytes, the map's %u", what, k.len,
				 bpf_map__key_size(map));
		else if (lookup(map, k.data, value))
			mismatch(c, "%s: no such entry (%s)", what, strerror(errno));
		else
			compare(c, what, value, bpf_map__value_size(map), &want);
		free(kh);
		free(k.data);
		free(want.data);
	}
	if (!is_hash(bpf_map__type(map)))
		return;
	while (!bpf_map_get_next_key(bpf_map__fd(map), prev, next)) {
		memcpy(key, next, sizeof(key));
		prev = key;
		found++;
	}
	if (found != n)
		mismatch(c, "map %s has %zu entries, want %zu", bpf_map__name(map), found, n);
}

/* Records read from a queue, stack, ring buffer or perf buffer, as hex. */
struct records {
	char **hex;
	size_t count;
};

static void add_record(struct records *r, const void *data, size_t size)
{
	r->hex = realloc(r->hex, (r->count + 1) * sizeof(*r->hex));
	r->hex[r->count++] = hex(data, size);
}

static void free_records(struct records *r)
{
	for (size_t i = 0; i < r->count; i++)
		free(r->hex[i]);
	free(r->hex);
	*r = (struct records){ 0 };
}

static int on_ringbuf_record(void *ctx, void *data, size_t size)
{
	add_record(ctx, data, size);
	return 0;
}

static void on_perf_record(void *ctx, int cpu, void *data, __u32 size)
{
	add_record(ctx, data, size);
}

/* A perf buffer must be open while the program runs: without a reader on
 * its CPU, bpf_perf_event_output fails. */
struct perf_reader {
	struct perf_buffer *pb;
	struct records got;
};

static void open_perf_reader(struct perf_reader *r, struct bpf_map *map)
{
	r->pb = perf_buffer__new(bpf_map__fd(map), 8, on_perf_record, NULL, &r->got, NULL);
	assert_non_null(r->pb);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Queue and stack maps are popped, ring and perf buffers drained: the records
 * must be exactly those expected (perf buffers in any order: one per CPU). */
static void check_records(struct checker *c, struct bpf_map *map, json_object *want_json,
			  struct perf_reader *perf)
{
	struct records got = { 0 }, want = { 0 };
	uint8_t value[512];
	bool any_order = false;

	for (size_t i = 0; i < json_object_array_length(want_json); i++) {
		struct bytes b = parse_bytes(c, json_object_get_string(json_object_array_get_idx(want_json, i)));

		add_record(&want, b.data, b.len);
		free(b.data);
	}
	switch (bpf_map__type(map)) {
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		while (!bpf_map_lookup_and_delete_elem(bpf_map__fd(map), NULL, value))
			add_record(&got, value, bpf_map__value_size(map));
		break;
	case BPF_MAP_TYPE_RINGBUF: {
		struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(map), on_ringbuf_record, &got, NULL);

		assert_non_null(rb);
		ring_buffer__consume(rb);
		ring_buffer__free(rb);
		break;
	}
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		for (int i = 0; i < 20 && perf->got.count < want.count; i++)
			perf_buffer__poll(perf->pb, 50);
		perf_buffer__consume(perf->pb);
		got = perf->got;
		perf->got = (struct records){ 0 };
		any_order = true;
		break;
	default:
		mismatch(c, "map %s: \"records\" is for queue, stack, ringbuf and perf maps",
			 bpf_map__name(map));
	}
	if (any_order) {
		qsort(got.hex, got.count, sizeof(*got.hex), by_string);
		qsort(want.hex, want.count, sizeof(*want.hex), by_string);
	}
	for (size_t i = 0; i < got.count || i < want.count; i++) {
		const char *g = i < got.count ? got.hex[i] : "(none)";
		const char *w = i < want.count ? want.hex[i] : "(none)";

		if (strcmp(g, w))
			mismatch(c, "map %s record %zu: got %s, want %s", bpf_map__name(map), i + 1, g, w);
	}
	free_records(&got);
	free_records(&want);
}

static void check_maps(struct checker *c, struct bpf_object *obj, json_object *maps,
		       struct perf_reader *perf)
{
	json_object_object_foreach(maps, name, want) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, name);
		json_object *v;

		if (!map) {
			mismatch(c, "no map %s", name);
			continue;
		}
		check_spec(c, map, want);
		if (json_object_object_get_ex(want, "entries", &v))
			check_entries(c, map, v);
		if (json_object_object_get_ex(want, "records", &v))
			check_records(c, map, v, perf);
	}
}

/* "prog_slots": fill prog arrays with the object's programs before the runs. */
static void fill_prog_slots(struct checker *c, struct bpf_object *obj, json_object *slots)
{
	json_object_object_foreach(slots, map_name, entries) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, map_name);

		assert_non_null(map);
		json_object_object_foreach(entries, index, prog_name) {
			struct bpf_program *prog =
				bpf_object__find_program_by_name(obj, json_object_get_string(prog_name));
			uint32_t key = (uint32_t)number(index);
			int fd = prog ? bpf_program__fd(prog) : -1;

			if (!prog || bpf_map_update_elem(bpf_map__fd(map), &key, &fd, BPF_ANY))
				mismatch(c, "prog_slots %s[%s]: %s", map_name, index, strerror(errno));
		}
	}
}

/* "trace_pipe": lines bpf_printk wrote during the runs, {pid} and {tid} being
 * this process and thread; each must appear within two seconds. */
static void check_trace_pipe(struct checker *c, json_object *want)
{
	size_t n = json_object_array_length(want), found = 0;
	char **lines = calloc(n, sizeof(*lines)), buf[8192], *seen = NULL;
	size_t seen_len = 0;
	bool *ok = calloc(n, sizeof(*ok));
	int fd = open("/sys/kernel/tracing/trace_pipe", O_RDONLY | O_NONBLOCK);
	double deadline;
	struct timespec ts;

	if (fd < 0) {
		mismatch(c, "trace_pipe: %s", strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *w = json_object_get_string(json_object_array_get_idx(want, i));
		char *line = calloc(strlen(w) + 64, 1), *o = line;

		for (const char *p = w; *p;) {
			if (!strncmp(p, "{pid}", 5)) {
				o += sprintf(o, "%d", getpid());
				p += 5;
			} else if (!strncmp(p, "{tid}", 5)) {
				o += sprintf(o, "%ld", syscall(SYS_gettid));
				p += 5;
			} else {
				*o++ = *p++;
			}
		}
		lines[i] = line;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	deadline = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + 2;
	while (found < n) {
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		if ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9 > deadline)
			break;
		/* Not poll(): trace_pipe reports data only once buffer_percent of
		 * the buffer is full. */
		r = read(fd, buf, sizeof(buf));
		if (r <= 0) {
			usleep(20000);
			continue;
		}
		seen = realloc(seen, seen_len + (size_t)r + 1);
		memcpy(seen + seen_len, buf, (size_t)r);
		seen_len += (size_t)r;
		seen[seen_len] = '\0';
		for (size_t i = 0; i < n; i++)
			if (!ok[i] && strstr(seen, lines[i])) {
				ok[i] = true;
				found++;
			}
	}
	for (size_t i = 0; i < n; i++)
		if (!ok[i])
			mismatch(c, "trace_pipe: no line with \"%s\" (read: %.*s)", lines[i],
				 (int)(seen_len > 600 ? 600 : seen_len), seen ? seen : "");
	close(fd);
out:
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(ok);
	free(seen);
}

static void test_case(void **state)
{
	const char *name = *state;
	struct checker c = { .name = name };
	char *expect_path, *object_path;
	json_object *expect, *v;
	struct bpf_object *obj;
	struct perf_reader perf = { 0 };
	struct bpf_map *map;

	assert_true(asprintf(&expect_path, "%s/%s/expect.json", getenv("TINYBPF_CONFORMANCE_SRC"), name) > 0);
	assert_true(asprintf(&object_path, "%s/%s.bpf.o", getenv("TINYBPF_CONFORMANCE_OBJ"), name) > 0);
	expect = json_object_from_file(expect_path);
	if (!expect)
		fail_msg("%s: %s", expect_path, json_util_get_last_err());
	obj = bpf_object__open_file(object_path, NULL);
	if (!obj) {
		mismatch(&c, "cannot open %s: %s", object_path, strerror(errno));
		goto out;
	}
	if (json_object_object_get_ex(expect, "programs", &v))
		check_programs(&c, obj, v);
	if (json_object_object_get_ex(expect, "set", &v))
		set_globals(&c, obj, v);
	if (bpf_object__load(obj)) {
		mismatch(&c, "libbpf refused to load it: %s", strerror(errno));
		goto out;
	}
	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !perf.pb)
			open_perf_reader(&perf, map); /* one per case */
	if (json_object_object_get_ex(expect, "prog_slots", &v))
		fill_prog_slots(&c, obj, v);
	if (json_object_object_get_ex(expect, "runs", &v))
		for (size_t i = 0; i < json_object_array_length(v); i++)
			run_program(&c, obj, json_object_array_get_idx(v, i), i);
	if (json_object_object_get_ex(expect, "attach", &v))
		attach_each(&c, obj, v);
	if (json_object_object_get_ex(expect, "cgroup", &v))
		run_cgroup_hooks(&c, obj, v);
	if (json_object_object_get_ex(expect, "perf_event", &v))
		run_perf_event(&c, obj, v);
	if (json_object_object_get_ex(expect, "sockmap", &v))
		run_sockmap(&c, obj, v);
	if (json_object_object_get_ex(expect, "reuseport", &v))
		run_reuseport(&c, obj, v);
	if (json_object_object_get_ex(expect, "migrate", &v))
		run_migrate(&c, obj, v);
	if (json_object_object_get_ex(expect, "iter", &v))
		run_iter(&c, obj, v);
	if (json_object_object_get_ex(expect, "uprobe", &v))
		run_uprobe(&c, obj, v);
	if (json_object_object_get_ex(expect, "trace_pipe", &v))
		check_trace_pipe(&c, v);
	if (json_object_object_get_ex(expect, "maps", &v))
		check_maps(&c, obj, v, &perf);
	if (json_object_object_get_ex(expect, "globals", &v))
		check_globals(&c, obj, v);
out:
	perf_buffer__free(perf.pb);
	free_records(&perf.got);
	bpf_object__close(obj);
	json_object_put(expect);
	for (size_t i = 0; i < c.string_count; i++)
		free(c.strings[i]);
	free(c.strings);
	for (size_t i = 0; i < c.fd_count; i++)
		close(c.fds[i]);
	free(expect_path);
	free(object_path);
	if (c.failures)
		fail_msg("%s: %d mismatches", name, c.failures);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static const char *cases_dir;

/* A directory with an expectation (others hold Go packages the cases import). */
static int is_case(const struct dirent *d)
{
	char *path;
	bool yes;

	if (d->d_name[0] == '.' || asprintf(&path, "%s/%s/expect.json", cases_dir, d->d_name) < 0)
		return 0;
	yes = !access(path, F_OK);
	free(path);
	return yes;
}

int main(void)
{
	const char *src = cases_dir = getenv("TINYBPF_CONFORMANCE_SRC");
	struct dirent **cases;
	struct CMUnitTest *tests;
	int n, failed;

	if (!src || !getenv("TINYBPF_CONFORMANCE_OBJ")) {
		fprintf(stderr, "set TINYBPF_CONFORMANCE_SRC and TINYBPF_CONFORMANCE_OBJ (make test does)\n");
		return 1;
	}
	n = scandir(src, &cases, is_case, by_name);
	if (n <= 0) {
		fprintf(stderr, "%s: no cases\n", src);
		return 1;
	}
	tests = calloc((size_t)n, sizeof(*tests));
	for (int i = 0; i < n; i++)
		tests[i] = (struct CMUnitTest){ .name = cases[i]->d_name, .test_func = test_case,
						.initial_state = cases[i]->d_name };
	failed = _cmocka_run_group_tests("conformance (libbpf)", tests, (size_t)n, NULL, NULL);
	for (int i = 0; i < n; i++)
		free(cases[i]);
	free(cases);
	free(tests);
	return failed;
}
