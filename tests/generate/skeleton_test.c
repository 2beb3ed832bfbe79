// SPDX-License-Identifier: MIT
/*
 * A C user of `tinybpf generate --lang c`: tests/cli/generate_test.sh writes
 * typed_globals.skel.h from tests/testdata/typed_globals and compiles this
 * against it. Sets .rodata through the skeleton before load, runs the XDP
 * program on a 64-byte packet and reads what it wrote to .bss, through the
 * skeleton's mmap and through a map lookup.
 */
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>

#include "typed_globals.skel.h"

static int failures;

#define EXPECT_EQ(got, want)                                                              \
	do {                                                                              \
		long long g_ = (long long)(got), w_ = (long long)(want);                  \
		if (g_ != w_) {                                                           \
			fprintf(stderr, "FAIL %s = %lld, want %lld\n", #got, g_, w_);     \
			failures++;                                                       \
		}                                                                         \
	} while (0)

int main(void)
{
	struct typed_globals *skel = typed_globals__open();
	unsigned char packet[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = packet, .data_size_in = sizeof(packet));
	struct typed_globals__packetEvent from_map;
	uint32_t key = 0;

	if (!skel) {
		perror("typed_globals__open");
		return 1;
	}
	skel->rodata->config.Enabled = true;
	skel->rodata->config.Shift = 2;
	skel->rodata->config.Limit = 1000;
	skel->rodata->config.Tag[0] = 5;
	skel->rodata->config.Tag[2] = 6;
	if (typed_globals__load(skel)) {
		perror("typed_globals__load");
		typed_globals__destroy(skel);
		return 1;
	}
	EXPECT_EQ(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.record), &run), 0);
	EXPECT_EQ(run.retval, 2); /* XDP_PASS: 64 <= Limit */

	EXPECT_EQ(skel->bss->lastEvent.Length, 64 << 2);
	EXPECT_EQ(skel->bss->lastEvent.Kind, -3);
	EXPECT_EQ(skel->bss->lastEvent.Count, 1);
	EXPECT_EQ(skel->bss->lastEvent.Labels[1].Len, 5);
	EXPECT_EQ(skel->bss->lastEvent.Labels[1].Text[4], 6);
	EXPECT_EQ(skel->bss->lastEvent.Delta, 64 - 100);

	EXPECT_EQ(bpf_map__lookup_elem(skel->maps.bss, &key, sizeof(key), &from_map, sizeof(from_map), 0), 0);
	EXPECT_EQ(memcmp(&from_map, &skel->bss->lastEvent, sizeof(from_map)), 0);

	typed_globals__destroy(skel);
	printf("skeleton: %s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
