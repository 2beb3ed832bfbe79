// SPDX-License-Identifier: MIT
/*
 * pass_probe_read_init (src/lib/passes/probe_read_init.c) on real TinyGo
 * output ($TINYBPF_TESTDATA/probe_read_init.ll, tests/testdata/probe_read_init):
 * in the linked object, no store writes the bytes a bpf_probe_read_kernel or
 * _user call fills before that call, while Go's zeroes beside them (the
 * second half of each 16-byte variable) and under a _str read (which writes
 * only up to the NUL) are still stored. The kernel-run side, values included,
 * is tests/conformance/probe_read_init.
 *
 * The other programs are one shape each: bpf_probe_read into the second half
 * of a variable (an address inside it), bpf_get_current_comm (two arguments)
 * into a bigger buffer, a scalar loaded after the read. What must hold comes
 * from what the kernel writes, not from the pass: the bytes a helper fills
 * need no store before it (clang's C twin has none), and the bytes it does
 * not fill must hold Go's zero, so a zero store to them must come first.
 *
 * The instructions are read as the kernel would: a register holding
 * r10 + constant (the frame pointer plus an offset) is followed through moves
 * and constant additions; a helper call's r1 then names the stack bytes it
 * fills, and its w2 the size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "../../testdata.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct frame_reg {
	bool is_fp, is_const;
	long long value; /* offset from r10, or the constant */
};

struct store_seen {
	long long off, size;
	bool zero;
};

struct call_seen {
	int helper;
	long long dst, size;
	bool dst_zeroed, beside_zeroed; /* before the call */
	struct store_seen before[64];	/* the stack stores before the call */
	size_t nbefore;
};

/* The helper calls of the program, with what was stored on the stack before
 * each. */
static size_t scan(const struct bpf_program *prog, struct call_seen *calls, size_t max)
{
	const struct bpf_insn *insns = bpf_program__insns(prog);
	size_t count = bpf_program__insn_cnt(prog), ncalls = 0, nstores = 0;
	struct frame_reg r[11] = { 0 };
	struct store_seen stores[256];

	r[10].is_fp = true;
	for (size_t i = 0; i < count; i++) {
		const struct bpf_insn *in = &insns[i];
		uint8_t cls = BPF_CLASS(in->code);

		if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			r[in->dst_reg] = (struct frame_reg){ 0 };
			i++;
		} else if ((cls == BPF_ALU64 || cls == BPF_ALU) && BPF_OP(in->code) == BPF_MOV) {
			if (BPF_SRC(in->code) == BPF_X && cls == BPF_ALU64)
				r[in->dst_reg] = r[in->src_reg];
			else if (BPF_SRC(in->code) == BPF_K)
				r[in->dst_reg] = (struct frame_reg){ .is_const = true, .value = in->imm };
			else
				r[in->dst_reg] = (struct frame_reg){ 0 };
		} else if (cls == BPF_ALU64 && BPF_OP(in->code) == BPF_ADD && BPF_SRC(in->code) == BPF_K &&
			   r[in->dst_reg].is_fp) {
			r[in->dst_reg].value += in->imm;
		} else if (cls == BPF_ALU64 || cls == BPF_ALU || cls == BPF_LDX) {
			r[in->dst_reg] = (struct frame_reg){ 0 };
		} else if ((cls == BPF_ST || cls == BPF_STX) && BPF_MODE(in->code) == BPF_MEM &&
			   r[in->dst_reg].is_fp) {
			static const long long sizes[] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2,
							   [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8 };
			bool zero = cls == BPF_ST ? in->imm == 0
						  : r[in->src_reg].is_const && r[in->src_reg].value == 0;

			assert_true(nstores < ARRAY_SIZE(stores));
			stores[nstores++] = (struct store_seen){ r[in->dst_reg].value + in->off,
								 sizes[BPF_SIZE(in->code) >> 3], zero };
		} else if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0) {
			struct call_seen *c = &calls[ncalls];

			assert_true(ncalls < max);
			*c = (struct call_seen){ .helper = in->imm, .dst = r[1].is_fp ? r[1].value : 1,
						 .size = r[2].is_const ? r[2].value : -1 };
			assert_true(nstores <= ARRAY_SIZE(c->before));
			memcpy(c->before, stores, nstores * sizeof(stores[0]));
			c->nbefore = nstores;
			for (size_t s = 0; s < nstores && c->dst <= 0 && c->size > 0; s++) {
				long long a = stores[s].off, b = a + stores[s].size;

				if (a < c->dst + c->size && b > c->dst)
					c->dst_zeroed = true;
				if (stores[s].zero && a < c->dst + 16 && b > c->dst + c->size)
					c->beside_zeroed = true;
			}
			ncalls++;
			for (int k = 0; k <= 5; k++)
				r[k] = (struct frame_reg){ 0 };
		}
	}
	return ncalls;
}

/* Whether a store before the call writes any of the bytes dst + [lo, hi);
 * only zero stores if zero. */
static bool stored(const struct call_seen *c, long long lo, long long hi, bool zero)
{
	for (size_t s = 0; s < c->nbefore; s++) {
		long long a = c->before[s].off, b = a + c->before[s].size;

		if (a < c->dst + hi && b > c->dst + lo && (!zero || c->before[s].zero))
			return true;
	}
	return false;
}

/* The object linked from the testdata. */
static struct bpf_object *open_testdata(char **out)
{
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;

	*out = temp_object_path();
	if (link_testdata("probe_read_init", *out, NULL, 0, NULL, diags))
		tb_diags_print(diags, stderr);
	assert_int_equal(tb_diags_error_count(diags), 0);
	tb_diags_free(diags);
	obj = bpf_object__open_file(*out, NULL);
	assert_non_null(obj);
	return obj;
}

/* The call of helper in the program prog_name, its only one. */
static struct call_seen the_call(struct bpf_object *obj, const char *prog_name, int helper)
{
	static struct call_seen calls[16];
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, prog_name);
	size_t n, found = 0, at = 0;

	assert_non_null(prog);
	n = scan(prog, calls, ARRAY_SIZE(calls));
	for (size_t i = 0; i < n; i++)
		if (calls[i].helper == helper) {
			found++;
			at = i;
		}
	assert_int_equal(found, 1);
	assert_true(calls[at].dst <= 0); /* on the stack */
	return calls[at];
}

/* bpf_probe_read (4) into halves[1]: an address 8 bytes into the variable. */
static void test_second_half(void **state)
{
	char *out;
	struct bpf_object *obj = open_testdata(&out);
	struct call_seen c = the_call(obj, "upper_half", BPF_FUNC_probe_read);

	assert_int_equal(c.size, 8);
	assert_false(stored(&c, 0, 8, false)); /* the read's 8 bytes: no store first */
	assert_true(stored(&c, -8, 0, true));  /* halves[0]: Go's zero, kept */
	bpf_object__close(obj);
	unlink(out);
	free(out);
}

/* bpf_get_current_comm(&name, 16) into a [24]byte. */
static void test_comm_prefix(void **state)
{
	char *out;
	struct bpf_object *obj = open_testdata(&out);
	struct call_seen c = the_call(obj, "comm_prefix", BPF_FUNC_get_current_comm);

	assert_int_equal(c.size, 16);
	assert_false(stored(&c, 0, 16, false)); /* the name: no store first */
	assert_true(stored(&c, 16, 24, true));	/* the last 8 bytes: zero, kept */
	bpf_object__close(obj);
	unlink(out);
	free(out);
}

/* var v uint64, read whole, then loaded: no store of its zero at all. */
static void test_scalar(void **state)
{
	char *out;
	struct bpf_object *obj = open_testdata(&out);
	struct call_seen c = the_call(obj, "scalar", BPF_FUNC_probe_read_kernel);

	assert_int_equal(c.size, 8);
	assert_false(stored(&c, 0, 8, false));
	bpf_object__close(obj);
	unlink(out);
	free(out);
}

static void test_zeroing_under_probe_reads_is_gone(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;
	struct bpf_program *prog;
	static struct call_seen calls[16];
	size_t n, reads = 0, str_reads = 0;

	if (link_testdata("probe_read_init", out, NULL, 0, NULL, diags))
		tb_diags_print(diags, stderr);
	assert_int_equal(tb_diags_error_count(diags), 0);
	obj = bpf_object__open_file(out, NULL);
	assert_non_null(obj);
	prog = bpf_object__find_program_by_name(obj, "reads");
	assert_non_null(prog);
	n = scan(prog, calls, ARRAY_SIZE(calls));
	for (size_t i = 0; i < n; i++) {
		if (calls[i].helper == BPF_FUNC_probe_read_kernel ||
		    calls[i].helper == BPF_FUNC_probe_read_user) {
			assert_true(calls[i].dst <= 0);
			assert_int_equal(calls[i].size, 8);
			assert_false(calls[i].dst_zeroed); /* Go's zero under the read: gone */
			assert_true(calls[i].beside_zeroed); /* the other 8 bytes: kept */
			reads++;
		} else if (calls[i].helper == BPF_FUNC_probe_read_user_str) {
			assert_int_equal(calls[i].size, 16);
			assert_true(calls[i].dst_zeroed); /* a string read keeps the zeroes */
			str_reads++;
		}
	}
	assert_int_equal(reads, 2);
	assert_int_equal(str_reads, 1);
	bpf_object__close(obj);
	unlink(out);
	free(out);
	tb_diags_free(diags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zeroing_under_probe_reads_is_gone),
		cmocka_unit_test(test_second_half),
		cmocka_unit_test(test_comm_prefix),
		cmocka_unit_test(test_scalar),
	};

	return cmocka_run_group_tests_name("pass probe_read_init", tests, NULL, NULL);
}
