// SPDX-License-Identifier: MIT
/*
 * What the BPF backend cannot generate, refused at the user's Go line before
 * it tries (issue 12, item 8). Left to it, LLVM reports these in its own
 * words, at a location inside the standard library, or aborts:
 *
 *   in function f i32 (ptr): unsupported signed division, please convert to
 *     unsigned div/mod.
 *   atomic/doc_64.go:51:6: in function f i32 (ptr): Invalid usage of the XADD
 *     return value
 *   LLVM ERROR: Cannot select: ... AtomicSwap ...
 *   in function f i32 (ptr): A call to built-in function 'memcpy' is not
 *     supported.
 *
 * Runs after optimisation, in the code generator's process: optimisation
 * decides what is left (a signed division by a power of two becomes a shift,
 * a loop may become a memset), and has inlined the standard library, so each
 * instruction's location leads back to the user's call (location_of).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "passes.h"

/* The BPF ISA version --cpu asks for: "v3" -> 3 (unknown names: 3). */
static int cpu_version(const struct compile *c)
{
	const char *cpu = c->settings->cpu;

	return cpu && cpu[0] == 'v' && cpu[1] >= '1' && cpu[1] <= '9' ? cpu[1] - '0' : 3;
}

static bool is_memory_intrinsic(LLVMValueRef call, const char **what)
{
	LLVMValueRef callee = LLVMGetCalledValue(call);
	size_t len;
	const char *name = callee && LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &len) : "";

	if (str_starts_with(name, "llvm.memcpy") || str_starts_with(name, "llvm.memmove"))
		*what = "copying";
	else if (str_starts_with(name, "llvm.memset"))
		*what = "clearing or filling";
	else
		return false;
	return true;
}

static const char *rmw_name(LLVMAtomicRMWBinOp op)
{
	switch (op) {
	case LLVMAtomicRMWBinOpXchg: return "swap";
	case LLVMAtomicRMWBinOpAdd: return "add";
	case LLVMAtomicRMWBinOpSub: return "subtract";
	case LLVMAtomicRMWBinOpAnd: return "and";
	case LLVMAtomicRMWBinOpOr: return "or";
	case LLVMAtomicRMWBinOpXor: return "xor";
	default: return "operation";
	}
}

/* The message for an instruction the backend cannot generate, or NULL. */
static char *limit_of(const struct compile *c, LLVMValueRef i)
{
	LLVMOpcode op = LLVMGetInstructionOpcode(i);
	int cpu = cpu_version(c);
	const char *what;

	switch (op) {
	case LLVMSDiv:
	case LLVMSRem:
	case LLVMUDiv:
	case LLVMURem:
		if (LLVMGetIntTypeWidth(LLVMTypeOf(i)) > 64)
			return xstrdup("128-bit division (math/bits.Div64, or dividing a 128-bit "
				       "product) is not supported in BPF programs: divide 64-bit values");
		if ((op == LLVMSDiv || op == LLVMSRem) && cpu < 4)
			return xasprintf("signed division (%s on a signed integer) needs BPF v4 "
					 "(--cpu v4, Linux 6.6 or later); with --cpu v%d, divide "
					 "unsigned values, e.g. int64(uint64(a) %s uint64(b)) when "
					 "neither is negative",
					 op == LLVMSDiv ? "/" : "%", cpu, op == LLVMSDiv ? "/" : "%");
		return NULL;
	case LLVMAtomicCmpXchg:
		if (cpu < 3)
			return xasprintf("an atomic compare-and-swap (sync/atomic) needs BPF v3 "
					 "atomics (--cpu v3, the default: Linux 5.12 or later); "
					 "--cpu v%d has none",
					 cpu);
		return NULL;
	case LLVMAtomicRMW:
		/* v1 and v2 have only an atomic add (and sub) whose result is unused. */
		if (cpu < 3 &&
		    (LLVMGetFirstUse(i) || (LLVMGetAtomicRMWBinOp(i) != LLVMAtomicRMWBinOpAdd &&
					    LLVMGetAtomicRMWBinOp(i) != LLVMAtomicRMWBinOpSub)))
			return xasprintf("an atomic %s%s (sync/atomic) needs BPF v3 atomics (--cpu "
					 "v3, the default: Linux 5.12 or later); --cpu v%d can only "
					 "add without reading the result",
					 rmw_name(LLVMGetAtomicRMWBinOp(i)),
					 LLVMGetFirstUse(i) ? " that uses its result" : "", cpu);
		return NULL;
	case LLVMCall:
		if (is_memory_intrinsic(i, &what) &&
		    !LLVMIsAConstantInt(LLVMGetOperand(i, 2)))
			return xasprintf("%s a number of bytes known only at run time (copy(), "
					 "clear(), or a loop the optimiser turned into one) is not "
					 "supported in BPF programs: copy a constant number of bytes, "
					 "e.g. copy(dst[:8], src[:8]), or move bytes one at a time in "
					 "a bounded loop",
					 what);
		return NULL;
	default:
		return NULL;
	}
}

int check_backend_limits(struct compile *c)
{
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
				char *message = limit_of(c, i);
				struct source_location at;
				bool seen = false;

				if (!message)
					continue;
				/* One error per Go line: unrolled or inlined copies repeat it. */
				at = user_location_of(c, i);
				for (size_t k = 0; k < tb_diags_count(c->diags) && !seen; k++) {
					const struct tb_diag *d = tb_diags_at(c->diags, k);

					seen = d->line == at.line && d->column == at.column &&
					       !strcmp(d->message, message);
				}
				if (!seen)
					diag_add(c->diags, TB_ERROR, at.file, at.line, at.column, "%s",
						 message);
				location_free(&at);
				free(message);
				err = -EINVAL;
			}
	return err;
}
