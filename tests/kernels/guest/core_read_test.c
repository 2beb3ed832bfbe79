// SPDX-License-Identifier: MIT
/*
 * Guest (and host) test for tests/testdata/core_read (Go through the SDK,
 * built once by TinyGo and tinybpf link): bpf.CoreRead chains, strings,
 * bitfields, NULL pointers, field and type queries, enum values, and direct
 * reads through BTF pointers, each compared with what this process knows
 * and with this kernel's BTF (tests/testdata/core_read/check.h).
 *
 * Lines starting with "core-read: " are a summary for the log; "SKIP: "
 * lines name what this kernel cannot run.
 * Build: cc -O2 -Wall -static core_read_test.c -lbpf -lelf -lz
 */
#include "../../testdata/core_read/check.h"
#include "guest.h"

int main(void)
{
	char path[4096];

	(void)fail; /* guest.h's; check.h counts its own */
	setvbuf(stdout, NULL, _IONBF, 0);
	data_file(path, sizeof(path), "core_read.bpf.o");
	return core_read_check(path) ? 1 : 0;
}
