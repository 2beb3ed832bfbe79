// SPDX-License-Identifier: MIT
/*
 * Panics the user's own checks rule out (issue 12, item 3). After O2, a
 * bounds or nil check that a check of the user's already decides is usually
 * folded away. The BPF backend stops that for values loaded from memory or
 * returned by calls (helpers): its BPFAdjustOpt pass wraps such a value in
 * llvm.bpf.passthrough wherever it is used in a block other than its
 * comparison, so that no later pass hoists a use above the check the verifier
 * needs to see. Go's own bounds check then compares passthrough(i) where the
 * user compared i, and survives:
 *
 *	%c = icmp ult i32 %i, 32                ; if i < uint32(len(a))
 *	br i1 %c, label %then, label %done
 *   then:
 *	%p = call i32 @llvm.bpf.passthrough.i32.i32(i32 0, i32 %i)
 *	%b = icmp ugt i32 %p, 31                ; Go's bounds check
 *	br i1 %b, label %panic, label %ok
 *
 * Turning BPFAdjustOpt off (-bpf-disable-avoid-speculation) would let LLVM
 * hoist uses above checks again, which is what makes the verifier refuse
 * programs. Instead, after optimisation, this proves what it can about each
 * branch into a panic marker from the conditions on the paths that reach it,
 * seeing through passthrough, and removes a branch only when the user's checks
 * decide it: integer ranges from comparisons with constants (through
 * zero/sign extension and logical and/or), and comparisons of the same two
 * values. Paths are walked backwards without crossing a back edge (a value
 * defined in a loop is another value on the previous iteration), within a
 * budget; whatever is not proven stays a panic and is reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "passes.h"

typedef __int128 wide; /* 64-bit values in both signednesses, and 2^64 */

enum { UNKNOWN = -1, NO = 0, YES = 1, NEVER = 2 /* the path cannot happen */ };

#define MAX_FACTS  64
#define MAX_DEPTH  16
#define MAX_BLOCKS 512 /* blocks visited per question */

struct fact {
	LLVMValueRef cond; /* an i1 known to be `truth` */
	bool truth;
};

struct question {
	struct fact facts[MAX_FACTS];
	size_t count;
	int budget;
	LLVMBasicBlockRef *order; /* blocks in reverse postorder */
	size_t blocks;
};

static bool is_passthrough(LLVMValueRef v)
{
	LLVMValueRef callee = LLVMIsACallInst(v) ? LLVMGetCalledValue(v) : NULL;
	size_t len;

	return callee && LLVMIsAFunction(callee) &&
	       str_starts_with(LLVMGetValueName2(callee, &len), "llvm.bpf.passthrough");
}

static LLVMValueRef strip(LLVMValueRef v)
{
	while (is_passthrough(v))
		v = LLVMGetOperand(v, 1);
	return v;
}

/* Whether a and b are the same value, but for passthrough and extensions
 * and truncations applied to the same value alike. */
static bool same_value(LLVMValueRef a, LLVMValueRef b)
{
	a = strip(a);
	b = strip(b);
	if (a == b)
		return true;
	if ((LLVMIsAZExtInst(a) && LLVMIsAZExtInst(b)) || (LLVMIsASExtInst(a) && LLVMIsASExtInst(b)) ||
	    (LLVMIsATruncInst(a) && LLVMIsATruncInst(b)))
		return LLVMTypeOf(a) == LLVMTypeOf(b) && same_value(LLVMGetOperand(a, 0), LLVMGetOperand(b, 0));
	/* Equal constants of one type are one value (LLVM keeps one
	 * ConstantInt per type and value), caught by a == b. Comparing their
	 * LLVMConstIntGetZExtValue took two i128 constants with the same low 64
	 * bits for one: that keeps the low word of a wider value. */
	return false;
}

/* ---- ranges of integers ---- */

enum ext { EXT_NONE, EXT_ZERO, EXT_SIGN };

/* What a comparison compares: `root`, of `root_bits`, maybe extended to `bits`. */
struct operand {
	LLVMValueRef root;
	enum ext ext;
	unsigned bits, root_bits;
};

static bool integer_bits(LLVMValueRef v, unsigned *bits)
{
	LLVMTypeRef t = LLVMTypeOf(v);

	if (LLVMGetTypeKind(t) != LLVMIntegerTypeKind)
		return false;
	*bits = LLVMGetIntTypeWidth(t);
	return *bits <= 64;
}

static bool decompose(LLVMValueRef v, struct operand *op)
{
	v = strip(v);
	if (!integer_bits(v, &op->bits))
		return false;
	op->ext = EXT_NONE;
	if (LLVMIsAZExtInst(v) || LLVMIsASExtInst(v)) {
		op->ext = LLVMIsAZExtInst(v) ? EXT_ZERO : EXT_SIGN;
		v = strip(LLVMGetOperand(v, 0));
	}
	op->root = v;
	return integer_bits(v, &op->root_bits);
}

struct range {
	wide ulo, uhi; /* as unsigned */
	wide slo, shi; /* as signed */
};

static wide pow2(unsigned n)
{
	return (wide)1 << n;
}

static struct range full_range(unsigned bits)
{
	return (struct range){ 0, pow2(bits) - 1, -pow2(bits - 1), pow2(bits - 1) - 1 };
}

static wide as_signed(uint64_t v, unsigned bits)
{
	wide u = (wide)v;

	return bits < 128 && u >= pow2(bits - 1) ? u - pow2(bits) : u;
}

static bool is_signed(LLVMIntPredicate p)
{
	return p == LLVMIntSLT || p == LLVMIntSLE || p == LLVMIntSGT || p == LLVMIntSGE;
}

static LLVMIntPredicate inverse(LLVMIntPredicate p)
{
	switch (p) {
	case LLVMIntEQ: return LLVMIntNE;
	case LLVMIntNE: return LLVMIntEQ;
	case LLVMIntULT: return LLVMIntUGE;
	case LLVMIntULE: return LLVMIntUGT;
	case LLVMIntUGT: return LLVMIntULE;
	case LLVMIntUGE: return LLVMIntULT;
	case LLVMIntSLT: return LLVMIntSGE;
	case LLVMIntSLE: return LLVMIntSGT;
	case LLVMIntSGT: return LLVMIntSLE;
	default: return LLVMIntSLT; /* SGE */
	}
}

/* a P b as b P' a */
static LLVMIntPredicate swapped(LLVMIntPredicate p)
{
	switch (p) {
	case LLVMIntULT: return LLVMIntUGT;
	case LLVMIntULE: return LLVMIntUGE;
	case LLVMIntUGT: return LLVMIntULT;
	case LLVMIntUGE: return LLVMIntULE;
	case LLVMIntSLT: return LLVMIntSGT;
	case LLVMIntSLE: return LLVMIntSGE;
	case LLVMIntSGT: return LLVMIntSLT;
	case LLVMIntSGE: return LLVMIntSLE;
	default: return p;
	}
}

/* Narrows [lo, hi] to the values v with `v P c`. */
static void constrain(wide *lo, wide *hi, LLVMIntPredicate p, wide c)
{
	switch (p) {
	case LLVMIntULT:
	case LLVMIntSLT:
		if (*hi > c - 1)
			*hi = c - 1;
		break;
	case LLVMIntULE:
	case LLVMIntSLE:
		if (*hi > c)
			*hi = c;
		break;
	case LLVMIntUGT:
	case LLVMIntSGT:
		if (*lo < c + 1)
			*lo = c + 1;
		break;
	case LLVMIntUGE:
	case LLVMIntSGE:
		if (*lo < c)
			*lo = c;
		break;
	case LLVMIntEQ:
		if (*lo < c)
			*lo = c;
		if (*hi > c)
			*hi = c;
		break;
	default: /* NE: nothing an interval can say */
		break;
	}
}

/* Each interval narrowed by what the other says. */
static void refine(struct range *r, unsigned bits)
{
	if (r->slo >= 0) {
		if (r->ulo < r->slo)
			r->ulo = r->slo;
		if (r->uhi > r->shi)
			r->uhi = r->shi;
	} else if (r->shi < 0) {
		if (r->ulo < r->slo + pow2(bits))
			r->ulo = r->slo + pow2(bits);
		if (r->uhi > r->shi + pow2(bits))
			r->uhi = r->shi + pow2(bits);
	}
	if (r->uhi < pow2(bits - 1)) {
		if (r->slo < r->ulo)
			r->slo = r->ulo;
		if (r->shi > r->uhi)
			r->shi = r->uhi;
	} else if (r->ulo >= pow2(bits - 1)) {
		if (r->slo < r->ulo - pow2(bits))
			r->slo = r->ulo - pow2(bits);
		if (r->shi > r->uhi - pow2(bits))
			r->shi = r->uhi - pow2(bits);
	}
}

/* `op P c`, with c a constant of op's width, is known true: what it says
 * about op's root. */
static void apply(struct range *r, const struct operand *op, LLVMIntPredicate p, uint64_t c)
{
	wide cu = (wide)c, cs = as_signed(c, op->bits);

	switch (op->ext) {
	case EXT_NONE:
		if (is_signed(p)) {
			constrain(&r->slo, &r->shi, p, cs);
		} else {
			constrain(&r->ulo, &r->uhi, p, cu);
			if (p == LLVMIntEQ)
				constrain(&r->slo, &r->shi, p, cs);
		}
		break;
	case EXT_ZERO: /* the value is the root's unsigned value, in either signedness */
		constrain(&r->ulo, &r->uhi, p, is_signed(p) ? cs : cu);
		break;
	case EXT_SIGN: /* the value is the root's signed value */
		if (is_signed(p) || p == LLVMIntEQ)
			constrain(&r->slo, &r->shi, p, cs);
		else if ((p == LLVMIntULT || p == LLVMIntULE) && cu <= pow2(op->bits - 1)) {
			/* below a small bound: not negative, as unsigned */
			constrain(&r->slo, &r->shi, LLVMIntSGE, 0);
			constrain(&r->slo, &r->shi, p == LLVMIntULT ? LLVMIntSLT : LLVMIntSLE, cu);
		}
		break;
	}
}

/* What the instruction computing `root` says about it. */
static void from_definition(struct range *r, LLVMValueRef root, unsigned bits)
{
	LLVMValueRef mask = LLVMIsABinaryOperator(root) ? LLVMGetOperand(root, 1) : NULL;

	if (!mask || !LLVMIsAConstantInt(mask))
		return;
	switch (LLVMGetInstructionOpcode(root)) {
	case LLVMAnd:
		constrain(&r->ulo, &r->uhi, LLVMIntULE, (wide)LLVMConstIntGetZExtValue(mask));
		break;
	case LLVMURem:
		if (LLVMConstIntGetZExtValue(mask))
			constrain(&r->ulo, &r->uhi, LLVMIntULT, (wide)LLVMConstIntGetZExtValue(mask));
		break;
	case LLVMLShr:
		if (LLVMConstIntGetZExtValue(mask) < bits)
			constrain(&r->ulo, &r->uhi, LLVMIntULT,
				  pow2(bits - (unsigned)LLVMConstIntGetZExtValue(mask)));
		break;
	default:
		break;
	}
}

/* `cmp` as `op P constant`, the constant on the right; false if it is not
 * an integer comparison with a constant. */
static bool with_constant(LLVMValueRef cmp, struct operand *op, LLVMIntPredicate *p, uint64_t *c)
{
	LLVMValueRef l = LLVMGetOperand(cmp, 0), r = LLVMGetOperand(cmp, 1);

	*p = LLVMGetICmpPredicate(cmp);
	if (LLVMIsAConstantInt(l) && !LLVMIsAConstantInt(r)) {
		LLVMValueRef t = l;

		l = r;
		r = t;
		*p = swapped(*p);
	}
	if (!LLVMIsAConstantInt(r) || !decompose(l, op))
		return false;
	*c = LLVMConstIntGetZExtValue(r);
	return true;
}

/* Whether `v P c` holds for every v in [lo, hi]: YES, NO or UNKNOWN. */
static int compare(wide lo, wide hi, LLVMIntPredicate p, wide c)
{
	if (lo > hi)
		return NEVER;
	switch (p) {
	case LLVMIntULT:
	case LLVMIntSLT:
		return hi < c ? YES : lo >= c ? NO : UNKNOWN;
	case LLVMIntULE:
	case LLVMIntSLE:
		return hi <= c ? YES : lo > c ? NO : UNKNOWN;
	case LLVMIntUGT:
	case LLVMIntSGT:
		return lo > c ? YES : hi <= c ? NO : UNKNOWN;
	case LLVMIntUGE:
	case LLVMIntSGE:
		return lo >= c ? YES : hi < c ? NO : UNKNOWN;
	case LLVMIntEQ:
		return lo == hi && lo == c ? YES : (c < lo || c > hi) ? NO : UNKNOWN;
	default:
		return lo == hi && lo == c ? NO : (c < lo || c > hi) ? YES : UNKNOWN;
	}
}

/* The comparison `cmp` with a constant, from the facts about its root. */
static int by_range(const struct question *q, LLVMValueRef cmp)
{
	struct operand op, fop;
	LLVMIntPredicate p, fp;
	uint64_t c, fc;
	struct range r;
	wide lo, hi, cu, cs;
	bool known = false;

	if (!with_constant(cmp, &op, &p, &c))
		return UNKNOWN;
	r = full_range(op.root_bits);
	from_definition(&r, op.root, op.root_bits);
	for (size_t i = 0; i < q->count; i++) {
		LLVMValueRef f = strip(q->facts[i].cond);

		if (!LLVMIsAICmpInst(f) || !with_constant(f, &fop, &fp, &fc) || fop.root != op.root)
			continue;
		apply(&r, &fop, q->facts[i].truth ? fp : inverse(fp), fc);
		known = true;
	}
	refine(&r, op.root_bits);
	if (r.ulo > r.uhi || r.slo > r.shi)
		return known ? NEVER : UNKNOWN;
	cu = (wide)c;
	cs = as_signed(c, op.bits);
	switch (op.ext) {
	case EXT_NONE:
		if (is_signed(p))
			return compare(r.slo, r.shi, p, cs);
		return compare(r.ulo, r.uhi, p, cu);
	case EXT_ZERO:
		return compare(r.ulo, r.uhi, p, is_signed(p) ? cs : cu);
	case EXT_SIGN:
		if (is_signed(p))
			return compare(r.slo, r.shi, p, cs);
		lo = r.slo >= 0 ? r.slo : r.shi < 0 ? r.slo + pow2(op.bits) : 0;
		hi = r.slo >= 0 ? r.shi : r.shi < 0 ? r.shi + pow2(op.bits) : -1;
		return lo <= hi ? compare(lo, hi, p, cu) : UNKNOWN;
	}
	return UNKNOWN;
}

/* The outcomes a predicate allows, within one signedness. */
enum { LT = 1, EQ = 2, GT = 4 };

static int outcomes(LLVMIntPredicate p)
{
	switch (p) {
	case LLVMIntEQ: return EQ;
	case LLVMIntNE: return LT | GT;
	case LLVMIntULT: case LLVMIntSLT: return LT;
	case LLVMIntULE: case LLVMIntSLE: return LT | EQ;
	case LLVMIntUGT: case LLVMIntSGT: return GT;
	default: return GT | EQ;
	}
}

/* `a P b` from a fact about the same two values (slice lengths, say). */
static int by_same_operands(const struct question *q, LLVMValueRef cmp)
{
	LLVMIntPredicate p = LLVMGetICmpPredicate(cmp);

	for (size_t i = 0; i < q->count; i++) {
		LLVMValueRef f = strip(q->facts[i].cond);
		LLVMIntPredicate fp;
		int known, wanted;

		if (!LLVMIsAICmpInst(f))
			continue;
		fp = LLVMGetICmpPredicate(f);
		if (same_value(LLVMGetOperand(f, 0), LLVMGetOperand(cmp, 0)) &&
		    same_value(LLVMGetOperand(f, 1), LLVMGetOperand(cmp, 1)))
			;
		else if (same_value(LLVMGetOperand(f, 0), LLVMGetOperand(cmp, 1)) &&
			 same_value(LLVMGetOperand(f, 1), LLVMGetOperand(cmp, 0)))
			fp = swapped(fp);
		else
			continue;
		if (!q->facts[i].truth)
			fp = inverse(fp);
		/* Orders of different signedness say nothing about each other. */
		if (is_signed(fp) != is_signed(p) && fp != LLVMIntEQ && fp != LLVMIntNE &&
		    p != LLVMIntEQ && p != LLVMIntNE)
			continue;
		known = outcomes(fp);
		wanted = outcomes(p);
		if (!(known & ~wanted))
			return YES;
		if (!(known & wanted))
			return NO;
	}
	return UNKNOWN;
}

static bool is_constant_true(LLVMValueRef v)
{
	return LLVMIsAConstantInt(v) && LLVMConstIntGetZExtValue(v) == 1;
}

static bool is_constant_false(LLVMValueRef v)
{
	return LLVMIsAConstantInt(v) && LLVMConstIntGetZExtValue(v) == 0;
}

/* `a && b` as LLVM writes it: `and i1 a, b` or `select i1 a, i1 b, i1 false`. */
static bool logical_and(LLVMValueRef v, LLVMValueRef *a, LLVMValueRef *b)
{
	if (LLVMIsABinaryOperator(v) && LLVMGetInstructionOpcode(v) == LLVMAnd) {
		*a = LLVMGetOperand(v, 0);
		*b = LLVMGetOperand(v, 1);
		return true;
	}
	if (LLVMIsASelectInst(v) && is_constant_false(LLVMGetOperand(v, 2))) {
		*a = LLVMGetOperand(v, 0);
		*b = LLVMGetOperand(v, 1);
		return true;
	}
	return false;
}

static bool logical_or(LLVMValueRef v, LLVMValueRef *a, LLVMValueRef *b)
{
	if (LLVMIsABinaryOperator(v) && LLVMGetInstructionOpcode(v) == LLVMOr) {
		*a = LLVMGetOperand(v, 0);
		*b = LLVMGetOperand(v, 1);
		return true;
	}
	if (LLVMIsASelectInst(v) && is_constant_true(LLVMGetOperand(v, 1))) {
		*a = LLVMGetOperand(v, 0);
		*b = LLVMGetOperand(v, 2);
		return true;
	}
	return false;
}

static bool logical_not(LLVMValueRef v, LLVMValueRef *a)
{
	if (!LLVMIsABinaryOperator(v) || LLVMGetInstructionOpcode(v) != LLVMXor)
		return false;
	if (is_constant_true(LLVMGetOperand(v, 1)))
		*a = LLVMGetOperand(v, 0);
	else if (is_constant_true(LLVMGetOperand(v, 0)))
		*a = LLVMGetOperand(v, 1);
	else
		return false;
	return true;
}

/* The value of the i1 `v` given the facts. */
static int truth(const struct question *q, LLVMValueRef v)
{
	LLVMValueRef a, b;
	int ta, tb, t;

	v = strip(v);
	if (LLVMIsAConstantInt(v))
		return LLVMConstIntGetZExtValue(v) ? YES : NO;
	for (size_t i = 0; i < q->count; i++)
		if (strip(q->facts[i].cond) == v)
			return q->facts[i].truth ? YES : NO;
	if (logical_not(v, &a)) {
		t = truth(q, a);
		return t == YES ? NO : t == NO ? YES : t;
	}
	if (logical_and(v, &a, &b) || logical_or(v, &a, &b)) {
		bool and = logical_and(v, &a, &b);

		ta = truth(q, a);
		tb = truth(q, b);
		if (ta == NEVER || tb == NEVER)
			return NEVER;
		if (and)
			return ta == NO || tb == NO ? NO : ta == YES && tb == YES ? YES : UNKNOWN;
		return ta == YES || tb == YES ? YES : ta == NO && tb == NO ? NO : UNKNOWN;
	}
	if (!LLVMIsAICmpInst(v))
		return UNKNOWN;
	t = by_range(q, v);
	return t != UNKNOWN ? t : by_same_operands(q, v);
}

/* Records that the i1 `cond` is `value`, and what that implies for the
 * parts of a logical and/or/not. */
static bool push_fact(struct question *q, LLVMValueRef cond, bool value)
{
	LLVMValueRef a, b;

	if (q->count == MAX_FACTS)
		return false;
	cond = strip(cond);
	q->facts[q->count++] = (struct fact){ cond, value };
	if (logical_not(cond, &a))
		return push_fact(q, a, !value);
	if (value && logical_and(cond, &a, &b))
		return push_fact(q, a, true) && push_fact(q, b, true);
	if (!value && logical_or(cond, &a, &b))
		return push_fact(q, a, false) && push_fact(q, b, false);
	return true;
}

/* ---- walking the paths into a block ---- */

static size_t order_of(const struct question *q, LLVMBasicBlockRef bb)
{
	for (size_t i = 0; i < q->blocks; i++)
		if (q->order[i] == bb)
			return i;
	return (size_t)-1; /* unreachable from the entry */
}

static void postorder(LLVMBasicBlockRef bb, LLVMBasicBlockRef *seen, size_t *nseen,
		      LLVMBasicBlockRef *out, size_t *n)
{
	LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);

	for (size_t i = 0; i < *nseen; i++)
		if (seen[i] == bb)
			return;
	seen[(*nseen)++] = bb;
	for (unsigned s = 0; term && s < LLVMGetNumSuccessors(term); s++)
		postorder(LLVMGetSuccessor(term, s), seen, nseen, out, n);
	out[(*n)++] = bb;
}

static void reverse_postorder(struct question *q, LLVMValueRef fn)
{
	size_t total = LLVMCountBasicBlocks(fn), nseen = 0, n = 0;
	LLVMBasicBlockRef *seen = xcalloc(total, sizeof(*seen));

	q->order = xcalloc(total, sizeof(*q->order));
	postorder(LLVMGetEntryBasicBlock(fn), seen, &nseen, q->order, &n);
	for (size_t i = 0; i < n / 2; i++) {
		LLVMBasicBlockRef t = q->order[i];

		q->order[i] = q->order[n - 1 - i];
		q->order[n - 1 - i] = t;
	}
	q->blocks = n;
	free(seen);
}

/* What an edge from `from` to `to` says: the branch condition, if the edge
 * is taken for one value of it only. */
static bool edge_fact(LLVMBasicBlockRef from, LLVMBasicBlockRef to, LLVMValueRef *cond, bool *value)
{
	LLVMValueRef term = LLVMGetBasicBlockTerminator(from);

	if (!term || !LLVMIsABranchInst(term) || !LLVMIsConditional(term) ||
	    LLVMGetSuccessor(term, 0) == LLVMGetSuccessor(term, 1))
		return false;
	*cond = LLVMGetCondition(term);
	*value = LLVMGetSuccessor(term, 0) == to;
	return true;
}

/* The value of the i1 `v` whenever control reaches the end of `bb`. */
static int decide(struct question *q, LLVMValueRef v, LLVMBasicBlockRef bb, int depth)
{
	size_t here = order_of(q, bb);
	int result = NEVER, t;
	LLVMValueRef seen[64];
	size_t nseen = 0;

	t = truth(q, v);
	if (t != UNKNOWN)
		return t;
	if (here == (size_t)-1)
		return NEVER;
	if (!depth || --q->budget <= 0)
		return UNKNOWN;
	if (!LLVMGetFirstUse(LLVMBasicBlockAsValue(bb)))
		return UNKNOWN; /* the entry */
	for (LLVMUseRef u = LLVMGetFirstUse(LLVMBasicBlockAsValue(bb)); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef term = LLVMGetUser(u), cond;
		LLVMBasicBlockRef pred;
		size_t before = q->count, there;
		bool value, dup = false;

		if (!LLVMIsAInstruction(term) || !LLVMIsATerminatorInst(term))
			return UNKNOWN; /* blockaddress and the like */
		for (size_t i = 0; i < nseen; i++)
			dup |= seen[i] == term;
		if (dup)
			continue;
		if (nseen == ARRAY_SIZE(seen))
			return UNKNOWN;
		seen[nseen++] = term;
		pred = LLVMGetInstructionParent(term);
		there = order_of(q, pred);
		if (there == (size_t)-1)
			continue; /* never runs */
		if (there >= here)
			return UNKNOWN; /* a back edge */
		if (edge_fact(pred, bb, &cond, &value) && !push_fact(q, cond, value)) {
			q->count = before;
			return UNKNOWN;
		}
		t = decide(q, v, pred, depth - 1);
		q->count = before;
		if (t == UNKNOWN)
			return UNKNOWN;
		if (t == NEVER)
			continue;
		if (result != NEVER && result != t)
			return UNKNOWN;
		result = t;
	}
	return result;
}

/* Whether the edge of `br` into `panic` can never be taken. */
static bool never_taken(LLVMValueRef fn, LLVMValueRef br, LLVMBasicBlockRef panic)
{
	struct question q = { .budget = MAX_BLOCKS };
	bool into_true = LLVMGetSuccessor(br, 0) == panic;
	int t;

	if (!LLVMIsConditional(br) || LLVMGetSuccessor(br, 0) == LLVMGetSuccessor(br, 1))
		return false;
	reverse_postorder(&q, fn);
	t = decide(&q, LLVMGetCondition(br), LLVMGetInstructionParent(br), MAX_DEPTH);
	free(q.order);
	return t == NEVER || t == (into_true ? NO : YES);
}

/* Replaces `br cond, a, b` with a branch to the side that is not `panic`. */
static void bypass(struct compile *c, LLVMValueRef br, LLVMBasicBlockRef panic)
{
	LLVMBuilderRef b = LLVMCreateBuilderInContext(c->llvm);
	LLVMBasicBlockRef other = LLVMGetSuccessor(br, LLVMGetSuccessor(br, 0) == panic ? 1 : 0);
	LLVMValueRef cond = LLVMGetCondition(br), jump;

	LLVMPositionBuilderBefore(b, br);
	jump = LLVMBuildBr(b, other);
	LLVMInstructionSetDebugLoc(jump, LLVMInstructionGetDebugLoc(br));
	LLVMInstructionEraseFromParent(br);
	if (LLVMIsAInstruction(cond) && !LLVMGetFirstUse(cond) && LLVMIsAICmpInst(cond))
		LLVMInstructionEraseFromParent(cond);
	LLVMDisposeBuilder(b);
}

/* The edges into the block of a marker call that the user's checks rule out
 * are removed; a block nothing reaches any more is deleted. */
static void remove_ruled_out(struct compile *c, LLVMValueRef call)
{
	LLVMBasicBlockRef panic = LLVMGetInstructionParent(call);
	LLVMValueRef fn = LLVMGetBasicBlockParent(panic);
	LLVMValueRef branches[64];
	size_t n = 0;

	for (LLVMUseRef u = LLVMGetFirstUse(LLVMBasicBlockAsValue(panic)); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef br = LLVMGetUser(u);

		if (!LLVMIsABranchInst(br) || n == ARRAY_SIZE(branches))
			return;
		if (!n || branches[n - 1] != br)
			branches[n++] = br;
	}
	if (!n || panic == LLVMGetEntryBasicBlock(fn))
		return;
	for (size_t i = 0; i < n; i++)
		if (never_taken(fn, branches[i], panic))
			bypass(c, branches[i], panic);
	if (!LLVMGetFirstUse(LLVMBasicBlockAsValue(panic)))
		LLVMDeleteBasicBlock(panic);
}

void remove_checked_panics(struct compile *c)
{
	char name[64];

	for (size_t i = 0; i < c->panic_count; i++) {
		LLVMValueRef m, *calls = NULL;
		size_t n = 0;

		snprintf(name, sizeof(name), PANIC_MARKER_PREFIX "%zu", i);
		m = LLVMGetNamedFunction(c->module, name);
		/* Optimisation may have copied a site (inlining, unrolling): each
		 * copy is judged on its own paths. Collected first, as judging
		 * one may delete its block. */
		for (LLVMUseRef u = m ? LLVMGetFirstUse(m) : NULL; u; u = LLVMGetNextUse(u)) {
			calls = xrealloc(calls, n + 1, sizeof(*calls));
			calls[n++] = LLVMGetUser(u);
		}
		for (size_t k = 0; k < n; k++)
			if (LLVMIsACallInst(calls[k]))
				remove_ruled_out(c, calls[k]);
		free(calls);
	}
}
