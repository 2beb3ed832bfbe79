// SPDX-License-Identifier: MIT
/*
 * Unrolling a bounded loop on request (issue 12, item 9): what `#pragma
 * unroll` gives C. In Go, a call of a body-less function named bpfUnroll,
 * in any package, anywhere in a loop's body, asks for that loop (the
 * innermost one around the call) to be unrolled completely:
 *
 *	func bpfUnroll()
 *
 *	for i := 0; i < maxArgs; i++ {
 *		bpfUnroll()
 *		...
 *	}
 *
 * A function whose body only calls bpfUnroll (a library's `func Unroll()`)
 * counts as the marker too. The call leaves no trace in the program: it
 * becomes the loop's `llvm.loop.unroll.full` metadata, which LLVM's loop
 * unroller honours in the O2 pipeline, as for clang's pragma. After
 * optimisation, a marked loop that is still there (its trip count is not a
 * constant the compiler can see) is an error at its Go line
 * (check_unrolled_loops), never a silent loop.
 *
 * Loops are found the textbook way, since the C API has no loop info:
 * dominators by the iterative algorithm of Cooper, Harvey and Kennedy over
 * the reverse postorder, then natural loops of the back edges (an edge to a
 * block that dominates its source).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "passes.h"

#define UNROLL_MARKER "bpfUnroll"
#define UNROLL_FULL   "llvm.loop.unroll.full"

/* "main.bpfUnroll", "github.com/x/bpf.bpfUnroll" */
static bool is_marker_name(LLVMValueRef f)
{
	size_t len;
	const char *name = LLVMGetValueName2(f, &len), *dot = strrchr(name, '.');

	return dot && !strcmp(dot + 1, UNROLL_MARKER);
}

/* A function whose body is only a call of a marker and a return. */
static bool is_marker_wrapper(LLVMValueRef f, LLVMValueRef *markers, size_t count)
{
	LLVMBasicBlockRef entry;
	LLVMValueRef first, second;

	if (LLVMIsDeclaration(f) || LLVMCountBasicBlocks(f) != 1)
		return false;
	entry = LLVMGetEntryBasicBlock(f);
	first = LLVMGetFirstInstruction(entry);
	second = first ? LLVMGetNextInstruction(first) : NULL;
	if (!first || !LLVMIsACallInst(first) || !second || !LLVMIsAReturnInst(second) ||
	    LLVMGetNumOperands(second) || LLVMGetNextInstruction(second))
		return false;
	for (size_t i = 0; i < count; i++)
		if (LLVMGetCalledValue(first) == markers[i])
			return true;
	return false;
}

/* ---- loops ---- */

struct cfg {
	LLVMBasicBlockRef *blocks; /* reverse postorder */
	size_t count;
	size_t *idom; /* index of the immediate dominator; (size_t)-1 unknown */
};

static size_t index_of(const struct cfg *g, LLVMBasicBlockRef bb)
{
	for (size_t i = 0; i < g->count; i++)
		if (g->blocks[i] == bb)
			return i;
	return (size_t)-1;
}

static void visit(LLVMBasicBlockRef bb, LLVMBasicBlockRef *seen, size_t *nseen, LLVMBasicBlockRef *post,
		  size_t *n)
{
	LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);

	for (size_t i = 0; i < *nseen; i++)
		if (seen[i] == bb)
			return;
	seen[(*nseen)++] = bb;
	for (unsigned s = 0; term && s < LLVMGetNumSuccessors(term); s++)
		visit(LLVMGetSuccessor(term, s), seen, nseen, post, n);
	post[(*n)++] = bb;
}

/* The predecessors of block i (indexes into g), each once, via the uses of
 * the block: a switch with many cases to one block uses it many times, and
 * counting those could fill `out` before a later predecessor is seen. */
static size_t predecessors(const struct cfg *g, size_t i, size_t *out, size_t max)
{
	size_t n = 0;

	for (LLVMUseRef u = LLVMGetFirstUse(LLVMBasicBlockAsValue(g->blocks[i])); u; u = LLVMGetNextUse(u)) {
		LLVMValueRef term = LLVMGetUser(u);
		size_t p, k;

		if (!LLVMIsAInstruction(term) || !LLVMIsATerminatorInst(term))
			continue;
		p = index_of(g, LLVMGetInstructionParent(term));
		for (k = 0; k < n && out[k] != p; k++)
			;
		if (p != (size_t)-1 && k == n && n < max)
			out[n++] = p;
	}
	return n;
}

static size_t intersect(const struct cfg *g, size_t a, size_t b)
{
	while (a != b) {
		while (a > b)
			a = g->idom[a];
		while (b > a)
			b = g->idom[b];
	}
	return a;
}

static void build_cfg(struct cfg *g, LLVMValueRef fn)
{
	size_t total = LLVMCountBasicBlocks(fn), nseen = 0, n = 0, *preds;
	LLVMBasicBlockRef *seen = xcalloc(total, sizeof(*seen));
	bool changed = true;

	g->blocks = xcalloc(total, sizeof(*g->blocks));
	visit(LLVMGetEntryBasicBlock(fn), seen, &nseen, g->blocks, &n);
	for (size_t i = 0; i < n / 2; i++) {
		LLVMBasicBlockRef t = g->blocks[i];

		g->blocks[i] = g->blocks[n - 1 - i];
		g->blocks[n - 1 - i] = t;
	}
	g->count = n;
	g->idom = xcalloc(n, sizeof(*g->idom));
	preds = xcalloc(total, sizeof(*preds)); /* distinct predecessors: at most every block */
	for (size_t i = 0; i < n; i++)
		g->idom[i] = (size_t)-1;
	g->idom[0] = 0;
	while (changed) {
		changed = false;
		for (size_t i = 1; i < n; i++) {
			size_t np = predecessors(g, i, preds, total), dom = (size_t)-1;

			for (size_t k = 0; k < np; k++) {
				if (g->idom[preds[k]] == (size_t)-1)
					continue;
				dom = dom == (size_t)-1 ? preds[k] : intersect(g, preds[k], dom);
			}
			if (dom != (size_t)-1 && g->idom[i] != dom) {
				g->idom[i] = dom;
				changed = true;
			}
		}
	}
	free(preds);
	free(seen);
}

static bool dominates(const struct cfg *g, size_t a, size_t b)
{
	while (b != a && b != 0 && g->idom[b] != (size_t)-1)
		b = g->idom[b];
	return a == b;
}

/* The natural loop of the back edge latch -> header, as a membership array. */
static size_t natural_loop(const struct cfg *g, size_t header, size_t latch, bool *in)
{
	size_t *stack = xcalloc(g->count + 1, sizeof(*stack)), top = 0, size = 1;
	size_t *preds = xcalloc(g->count, sizeof(*preds));

	memset(in, 0, g->count * sizeof(*in));
	in[header] = true;
	if (!in[latch]) {
		in[latch] = true;
		size++;
		stack[top++] = latch;
	}
	while (top) {
		size_t b = stack[--top], np = predecessors(g, b, preds, g->count);

		for (size_t k = 0; k < np; k++)
			if (!in[preds[k]]) {
				in[preds[k]] = true;
				size++;
				stack[top++] = preds[k];
			}
	}
	free(preds);
	free(stack);
	return size;
}

/* A new loop ID: distinct (each loop its own, which LLVM needs), and
 * self-referential, as LLVM's Loop::getLoopID requires. The C API has no
 * distinct nodes, but a node made unique by a reference to itself is one. */
static LLVMMetadataRef unroll_loop_id(LLVMContextRef llvm, LLVMMetadataRef where)
{
	LLVMMetadataRef temp = LLVMTemporaryMDNode(llvm, NULL, 0);
	LLVMMetadataRef full = LLVMMDStringInContext2(llvm, UNROLL_FULL, strlen(UNROLL_FULL));
	LLVMMetadataRef hint = LLVMMDNodeInContext2(llvm, &full, 1);
	/* A DILocation after the ID itself is the loop's start, where LLVM and
	 * check_unrolled_loops report it: the bpfUnroll() call. */
	LLVMMetadataRef ops[3] = { temp, where, hint };
	LLVMMetadataRef id = where ? LLVMMDNodeInContext2(llvm, ops, 3)
				   : LLVMMDNodeInContext2(llvm, (LLVMMetadataRef[]){ temp, hint }, 2);

	LLVMMetadataReplaceAllUsesWith(temp, id);
	return id;
}

/* Marks the innermost loop around `call`; false if there is none. */
static bool mark_loop(struct compile *c, LLVMValueRef call)
{
	LLVMBasicBlockRef bb = LLVMGetInstructionParent(call);
	LLVMValueRef fn = LLVMGetBasicBlockParent(bb);
	struct cfg g = { 0 };
	size_t at, best_header = (size_t)-1, best_size = (size_t)-1;
	bool *in, *best = NULL;
	unsigned kind = LLVMGetMDKindIDInContext(c->llvm, "llvm.loop", 9);
	LLVMValueRef id;

	build_cfg(&g, fn);
	at = index_of(&g, bb);
	in = xcalloc(g.count + 1, sizeof(*in));
	best = xcalloc(g.count + 1, sizeof(*best));
	for (size_t t = 0; at != (size_t)-1 && t < g.count; t++) {
		LLVMValueRef term = LLVMGetBasicBlockTerminator(g.blocks[t]);

		for (unsigned s = 0; term && s < LLVMGetNumSuccessors(term); s++) {
			size_t h = index_of(&g, LLVMGetSuccessor(term, s)), size;

			if (h == (size_t)-1 || !dominates(&g, h, t))
				continue;
			size = natural_loop(&g, h, t, in);
			/* Several back edges to one header are one loop. */
			if (in[at] && (size < best_size || h == best_header)) {
				if (h != best_header)
					memset(best, 0, g.count * sizeof(*best));
				for (size_t k = 0; k < g.count; k++)
					best[k] |= in[k];
				best_size = size;
				best_header = h;
			}
		}
	}
	if (best_header != (size_t)-1) {
		id = LLVMMetadataAsValue(c->llvm,
					 unroll_loop_id(c->llvm, LLVMInstructionGetDebugLoc(call)));
		for (size_t t = 0; t < g.count; t++) {
			LLVMValueRef term = LLVMGetBasicBlockTerminator(g.blocks[t]);

			if (!best[t])
				continue;
			for (unsigned s = 0; term && s < LLVMGetNumSuccessors(term); s++)
				if (LLVMGetSuccessor(term, s) == g.blocks[best_header])
					LLVMSetMetadata(term, kind, id);
		}
	}
	free(in);
	free(best);
	free(g.blocks);
	free(g.idom);
	return best_header != (size_t)-1;
}

int pass_unroll(struct compile *c)
{
	LLVMValueRef markers[16];
	size_t count = 0;
	int err = 0;
	bool more = true;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f && count < 8; f = LLVMGetNextFunction(f))
		if (LLVMIsDeclaration(f) && is_marker_name(f))
			markers[count++] = f;
	while (more && count) {
		more = false;
		for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f && count < ARRAY_SIZE(markers);
		     f = LLVMGetNextFunction(f)) {
			bool known = false;

			for (size_t i = 0; i < count; i++)
				known |= markers[i] == f;
			if (!known && is_marker_wrapper(f, markers, count)) {
				markers[count++] = f;
				more = true;
			}
		}
	}
	for (size_t i = 0; i < count; i++)
		for (LLVMUseRef u = LLVMGetFirstUse(markers[i]), next; u; u = next) {
			LLVMValueRef call = LLVMGetUser(u);
			LLVMValueRef caller;

			next = LLVMGetNextUse(u);
			if (!LLVMIsACallInst(call))
				continue;
			caller = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
			/* The wrapper's own call is its body, not a request. */
			if (is_marker_wrapper(caller, markers, count))
				continue;
			if (!mark_loop(c, call)) {
				diag_at(c->diags, TB_ERROR, call,
					UNROLL_MARKER "() asks to unroll the loop around it, but it is "
						      "not inside a loop: call it in the loop's body");
				err = -EINVAL;
				continue;
			}
			LLVMInstructionEraseFromParent(call);
		}
	/* Wrappers first, then the markers they call. */
	for (size_t i = count; i-- > 0;)
		if (!LLVMGetFirstUse(markers[i]))
			LLVMDeleteFunction(markers[i]);
	return err;
}

/* Whether a terminator still carries an unroll request; *where is the
 * bpfUnroll() call's location, if the request has one. */
static bool asks_unroll(LLVMValueRef term, unsigned kind, LLVMMetadataRef *where)
{
	LLVMValueRef id = LLVMGetMetadata(term, kind), ops[16];
	unsigned n;
	bool asks = false;

	*where = NULL;
	if (!id || (n = LLVMGetMDNodeNumOperands(id)) > ARRAY_SIZE(ops))
		return false;
	LLVMGetMDNodeOperands(id, ops);
	for (unsigned i = 1; i < n; i++) {
		LLVMValueRef hint[4];
		unsigned len, m;
		const char *name;

		if (!ops[i])
			continue;
		if (LLVMGetMetadataKind(LLVMValueAsMetadata(ops[i])) == LLVMDILocationMetadataKind) {
			if (!*where)
				*where = LLVMValueAsMetadata(ops[i]);
			continue;
		}
		if ((m = LLVMGetMDNodeNumOperands(ops[i])) == 0 || m > ARRAY_SIZE(hint))
			continue;
		LLVMGetMDNodeOperands(ops[i], hint);
		name = hint[0] ? LLVMGetMDString(hint[0], &len) : NULL;
		if (name && len == strlen(UNROLL_FULL) && !memcmp(name, UNROLL_FULL, len))
			asks = true;
	}
	return asks;
}

int check_unrolled_loops(struct compile *c)
{
	unsigned kind = LLVMGetMDKindIDInContext(c->llvm, "llvm.loop", 9);
	int err = 0;

	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f); bb; bb = LLVMGetNextBasicBlock(bb)) {
			LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);
			LLVMMetadataRef where;
			struct source_location at = { 0 };
			bool seen = false;

			if (!term || !asks_unroll(term, kind, &where))
				continue;
			if (where) {
				at.file = location_file(where);
				at.line = LLVMDILocationGetLine(where);
				at.column = LLVMDILocationGetColumn(where);
			} else {
				at = user_location_of(c, term);
			}
			/* A loop has one request, on each of its latches. */
			for (size_t k = 0; k < tb_diags_count(c->diags) && !seen; k++)
				seen = tb_diags_at(c->diags, k)->line == at.line &&
				       tb_diags_at(c->diags, k)->column == at.column &&
				       tb_diags_at(c->diags, k)->severity == TB_ERROR;
			if (seen) {
				location_free(&at);
				err = -EINVAL;
				continue;
			}
			diag_add(c->diags, TB_ERROR, at.file, at.line, at.column,
				 "this loop asks to be unrolled (" UNROLL_MARKER "()), but the compiler "
				 "cannot unroll it: its number of iterations must be a constant it can "
				 "see, e.g. for i := 0; i < 16; i++ (break may leave it early)");
			location_free(&at);
			err = -EINVAL;
		}
	return err;
}
