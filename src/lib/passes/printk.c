// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "passes.h"

/*
 * bpf.Printk(format string, args ...uint64), the SDK intrinsic
 * `//export tinybpf_printk` (bpf/printk.go), is C's bpf_printk: TinyGo passes
 * the format as a pointer and length and the arguments as a slice,
 *
 *	call i64 @tinybpf_printk(ptr @"main$string", i64 12, ptr %args, i64 2, i64 2)
 *
 * which this pass turns into what clang makes of bpf_printk: the format,
 * NUL-terminated, in .rodata, and a call of bpf_trace_printk with up to three
 * argument values, or of bpf_trace_vprintk (Linux 5.16) with a pointer to
 * them when there are more (at most 12). The format must be a constant; its
 * conversions are checked here as the kernel checks them at run time
 * (bpf_bprintf_prepare in kernel/bpf/helpers.c), where a bad one only makes
 * the helper fail with -EINVAL and print nothing.
 */

#define PRINTK_INTRINSIC "tinybpf_printk"
#define MAX_TRACE_PRINTK_ARGS 3
#define MAX_VPRINTK_ARGS 12

/* The constant an operand is, through TinyGo's insertvalue/extractvalue of
 * the slice header. */
static LLVMValueRef constant_of(LLVMValueRef v)
{
	for (int depth = 0; v && depth < 16; depth++) {
		if (LLVMIsAConstant(v))
			return v;
		if (LLVMIsAExtractValueInst(v)) {
			unsigned index = *LLVMGetIndices(v);
			LLVMValueRef agg = LLVMGetOperand(v, 0);

			while (agg && LLVMIsAInsertValueInst(agg) && *LLVMGetIndices(agg) != index)
				agg = LLVMGetOperand(agg, 0);
			if (agg && LLVMIsAInsertValueInst(agg))
				v = LLVMGetOperand(agg, 1);
			else if (agg && LLVMIsAConstant(agg))
				return LLVMGetAggregateElement(agg, index);
			else
				return NULL;
		} else {
			return NULL;
		}
	}
	return NULL;
}

/* The format's bytes, when the operand is a constant Go string. */
static const char *format_bytes(LLVMValueRef ptr, LLVMValueRef len, size_t *size)
{
	LLVMValueRef init;
	size_t n;
	const char *bytes;

	if (!LLVMIsAConstantInt(len))
		return NULL;
	*size = (size_t)LLVMConstIntGetZExtValue(len);
	if (!*size)
		return "";
	if (!LLVMIsAGlobalVariable(ptr) || !LLVMIsGlobalConstant(ptr) ||
	    !(init = LLVMGetInitializer(ptr)) || !LLVMIsAConstantDataSequential(init))
		return NULL;
	bytes = LLVMGetAsString(init, &n);
	return n >= *size ? bytes : NULL;
}

/* A format as Go source writes it, without the quotes: "a\\n". Free it. */
static char *go_escaped(const char *bytes, size_t size)
{
	char *out = xcalloc(size * 4 + 1, 1), *o = out;

	for (size_t i = 0; i < size; i++) {
		unsigned char ch = (unsigned char)bytes[i];

		if (ch == '\n')
			o += sprintf(o, "\\n");
		else if (ch == '\t')
			o += sprintf(o, "\\t");
		else if (ch == '"' || ch == '\\')
			o += sprintf(o, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			o += sprintf(o, "\\x%02x", ch);
		else
			*o++ = (char)ch;
	}
	return out;
}

static bool ends_word(char ch)
{
	return !ch || isspace((unsigned char)ch) || ispunct((unsigned char)ch);
}

/*
 * Counts the conversions of a format the way the kernel reads it; returns -1
 * with *bad set to where an unaccepted one starts. fmt is NUL-terminated.
 */
static int count_conversions(const char *fmt, size_t size, size_t *bad, size_t *bad_end,
			     const char **why)
{
	int count = 0;

	for (size_t i = 0; i < size; i++) {
		size_t start = i;

		if ((!isprint((unsigned char)fmt[i]) && !isspace((unsigned char)fmt[i])) ||
		    !isascii((unsigned char)fmt[i])) {
			*bad = i;
			*bad_end = i + 1;
			*why = fmt[i] ? "a character that is neither printable ASCII nor white space"
				      : "a NUL byte inside the format (tinybpf adds the terminating one)";
			return -1;
		}
		if (fmt[i] != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		i++;
		while (fmt[i] == '0' || fmt[i] == '+' || fmt[i] == '-' || fmt[i] == ' ')
			i++;
		if (fmt[i] >= '1' && fmt[i] <= '9')
			while (fmt[i] >= '0' && fmt[i] <= '9')
				i++;
		*bad = start;
		*bad_end = i + 1 < size ? i + 1 : size;
		if (fmt[i] == 'p') {
			char next = fmt[i + 1];

			if (ends_word(next)) {
				/* %p */
			} else if ((next == 'k' || next == 'u') && fmt[i + 2] == 's') {
				i += 2;
				if (!ends_word(fmt[i + 1])) {
					*bad_end = i + 2;
					*why = "%pks and %pus must be followed by a space, punctuation or the end";
					return -1;
				}
			} else if (next == 'K' || next == 'x' || next == 's' || next == 'S' ||
				   next == 'B') {
				i++;
			} else if ((next == 'i' || next == 'I') && (fmt[i + 2] == '4' || fmt[i + 2] == '6')) {
				i += 2;
			} else {
				*bad_end = i + 2;
				*why = "of the %p conversions the kernel accepts only %p, %pK, %px, %ps, %pS, "
				       "%pB, %pks, %pus, %pi4, %pI4, %pi6 and %pI6";
				return -1;
			}
		} else if (fmt[i] == 's') {
			if (!ends_word(fmt[i + 1])) {
				*bad_end = i + 2;
				*why = "%s must be followed by a space, punctuation or the end";
				return -1;
			}
		} else if (fmt[i] != 'c') {
			if (fmt[i] == 'l')
				i++;
			if (fmt[i] == 'l')
				i++;
			if (fmt[i] != 'i' && fmt[i] != 'd' && fmt[i] != 'u' && fmt[i] != 'x' &&
			    fmt[i] != 'X') {
				*bad_end = i + 1;
				*why = "the kernel accepts %d, %i, %u, %x, %X (with l or ll), %c, %s, %p "
				       "and its forms, and %%";
				return -1;
			}
		}
		count++;
	}
	return count;
}

/* The format, NUL-terminated, as a constant in .rodata (clang's bpf_printk
 * makes a static const char array). */
static LLVMValueRef format_global(struct compile *c, const char *bytes, size_t size)
{
	LLVMValueRef init = LLVMConstStringInContext2(c->llvm, bytes, size, true);
	LLVMValueRef g = LLVMAddGlobal(c->module, LLVMTypeOf(init), "printk_fmt");

	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, true);
	LLVMSetLinkage(g, LLVMInternalLinkage);
	LLVMSetSection(g, ".rodata");
	LLVMSetAlignment(g, 1);
	return g;
}

static int lower_call(struct compile *c, LLVMValueRef call, LLVMBuilderRef b)
{
	LLVMValueRef nargs_value = constant_of(LLVMGetOperand(call, 3));
	LLVMTypeRef i64 = LLVMInt64TypeInContext(c->llvm), i32 = LLVMInt32TypeInContext(c->llvm);
	LLVMTypeRef ptr = LLVMPointerTypeInContext(c->llvm, 0);
	LLVMValueRef args_ptr = LLVMGetOperand(call, 2), fmt, helper, result;
	LLVMValueRef call_args[2 + MAX_TRACE_PRINTK_ARGS];
	LLVMTypeRef params[2 + MAX_TRACE_PRINTK_ARGS];
	const char *bytes, *why = NULL;
	size_t size, bad = 0, bad_end = 0;
	unsigned nargs, n = 0;
	int conversions;
	char *copy, *shown, *excerpt;

	bytes = format_bytes(LLVMGetOperand(call, 0), LLVMGetOperand(call, 1), &size);
	if (!bytes) {
		diag_at(c->diags, TB_ERROR, call,
			"bpf.Printk: the format must be a constant string (the kernel reads it from "
			".rodata)");
		return -EINVAL;
	}
	if (!nargs_value || !LLVMIsAConstantInt(nargs_value)) {
		diag_at(c->diags, TB_ERROR, call,
			"bpf.Printk: pass the arguments one by one, not as a slice (args...)");
		return -EINVAL;
	}
	nargs = (unsigned)LLVMConstIntGetZExtValue(nargs_value);
	copy = xcalloc(size + 1, 1);
	memcpy(copy, bytes, size);
	conversions = count_conversions(copy, size, &bad, &bad_end, &why);
	shown = go_escaped(copy, size);
	excerpt = conversions < 0 ? go_escaped(copy + bad, bad_end > size ? size - bad : bad_end - bad)
				  : NULL;
	if (conversions < 0)
		diag_at(c->diags, TB_ERROR, call, "bpf.Printk: format \"%s\": \"%s\": %s", shown,
			excerpt, why);
	else if ((unsigned)conversions != nargs)
		diag_at(c->diags, TB_ERROR, call,
			"bpf.Printk: format \"%s\" has %d conversion%s but %u argument%s %s given",
			shown, conversions, conversions == 1 ? "" : "s", nargs, nargs == 1 ? "" : "s",
			nargs == 1 ? "is" : "are");
	else if (nargs > MAX_VPRINTK_ARGS)
		diag_at(c->diags, TB_ERROR, call,
			"bpf.Printk: %u arguments; the kernel prints at most %d (bpf_trace_vprintk)",
			nargs, MAX_VPRINTK_ARGS);
	free(shown);
	free(excerpt);
	if (conversions < 0 || (unsigned)conversions != nargs || nargs > MAX_VPRINTK_ARGS) {
		free(copy);
		return -EINVAL;
	}

	LLVMPositionBuilderBefore(b, call);
	fmt = format_global(c, copy, size + 1);
	free(copy);
	params[n] = ptr;
	call_args[n++] = fmt;
	params[n] = i32;
	call_args[n++] = LLVMConstInt(i32, size + 1, false);
	if (nargs <= MAX_TRACE_PRINTK_ARGS) {
		for (unsigned i = 0; i < nargs; i++) {
			LLVMValueRef offset = LLVMConstInt(i64, i * 8, false);
			LLVMValueRef at = LLVMBuildGEP2(b, LLVMInt8TypeInContext(c->llvm), args_ptr,
							&offset, 1, "");

			params[n] = i64;
			call_args[n++] = LLVMBuildLoad2(b, i64, at, "");
		}
		helper = LLVMConstIntToPtr(LLVMConstInt(i64, helper_id("trace_printk"), false), ptr);
	} else {
		/* bpf_trace_vprintk(fmt, fmt_size, data, data_len): the slice's
		 * array is the u64 array the kernel reads. */
		params[n] = ptr;
		call_args[n++] = args_ptr;
		params[n] = i32;
		call_args[n++] = LLVMConstInt(i32, nargs * 8, false);
		helper = LLVMConstIntToPtr(LLVMConstInt(i64, helper_id("trace_vprintk"), false), ptr);
	}
	result = LLVMBuildCall2(b, LLVMFunctionType(i64, params, n, false), helper, call_args, n, "");
	LLVMInstructionSetDebugLoc(result, LLVMInstructionGetDebugLoc(call));
	for (unsigned i = 0; i < n; i++)
		if (LLVMIsAInstruction(call_args[i]))
			LLVMInstructionSetDebugLoc(call_args[i], LLVMInstructionGetDebugLoc(call));
	LLVMReplaceAllUsesWith(call, result);
	LLVMInstructionEraseFromParent(call);
	return 0;
}

int pass_printk(struct compile *c)
{
	LLVMValueRef decl = LLVMGetNamedFunction(c->module, PRINTK_INTRINSIC);
	LLVMBuilderRef b;
	int err = 0;

	if (!decl)
		return 0;
	b = LLVMCreateBuilderInContext(c->llvm);
	for (LLVMUseRef u = LLVMGetFirstUse(decl), next; u; u = next) {
		LLVMValueRef call = LLVMGetUser(u);

		next = LLVMGetNextUse(u);
		if (LLVMIsACallInst(call) && LLVMGetCalledValue(call) == decl &&
		    LLVMGetNumArgOperands(call) == 5 && lower_call(c, call, b))
			err = -EINVAL;
	}
	LLVMDisposeBuilder(b);
	if (!err && !LLVMGetFirstUse(decl))
		LLVMDeleteFunction(decl);
	return err;
}
