// SPDX-License-Identifier: MIT
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct tb_diags {
	struct tb_diag *items;
	size_t count;
	size_t errors;
};

struct tb_diags *tb_diags_new(void)
{
	return xcalloc(1, sizeof(struct tb_diags));
}

void tb_diags_free(struct tb_diags *diags)
{
	if (!diags)
		return;
	for (size_t i = 0; i < diags->count; i++) {
		free((char *)diags->items[i].file);
		free((char *)diags->items[i].message);
	}
	free(diags->items);
	free(diags);
}

size_t tb_diags_count(const struct tb_diags *diags)
{
	return diags->count;
}

const struct tb_diag *tb_diags_at(const struct tb_diags *diags, size_t index)
{
	return index < diags->count ? &diags->items[index] : NULL;
}

size_t tb_diags_error_count(const struct tb_diags *diags)
{
	return diags->errors;
}

static const char *severity_name(enum tb_severity severity)
{
	switch (severity) {
	case TB_ERROR:
		return "error";
	case TB_WARNING:
		return "warning";
	default:
		return "note";
	}
}

void tb_diags_print(const struct tb_diags *diags, FILE *out)
{
	for (size_t i = 0; i < diags->count; i++) {
		const struct tb_diag *d = &diags->items[i];

		if (d->file && d->line && d->column)
			fprintf(out, "%s:%u:%u: ", d->file, d->line, d->column);
		else if (d->file && d->line)
			fprintf(out, "%s:%u: ", d->file, d->line);
		else if (d->file)
			fprintf(out, "%s: ", d->file);
		fprintf(out, "%s: %s\n", severity_name(d->severity), d->message);
	}
}

static void diag_vadd(struct tb_diags *diags, enum tb_severity severity, const char *file,
		      unsigned line, unsigned column, const char *fmt, va_list ap)
{
	struct tb_diag *d;
	char *message;

	if (!diags)
		return;
	if (vasprintf(&message, fmt, ap) < 0)
		abort();
	diags->items = xrealloc(diags->items, diags->count + 1, sizeof(*diags->items));
	d = &diags->items[diags->count++];
	*d = (struct tb_diag){
		.severity = severity,
		.file = file ? xstrdup(file) : NULL,
		/* a line places nothing without its file, a column without its line */
		.line = file ? line : 0,
		.column = file && line ? column : 0,
		.message = message,
	};
	if (severity == TB_ERROR)
		diags->errors++;
}

void diag_add(struct tb_diags *diags, enum tb_severity severity, const char *file, unsigned line,
	      unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(diags, severity, file, line, column, fmt, ap);
	va_end(ap);
}

void diag_at(struct tb_diags *diags, enum tb_severity severity, LLVMValueRef value,
	     const char *fmt, ...)
{
	struct source_location loc = location_of(value);
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(diags, severity, loc.file, loc.line, loc.column, fmt, ap);
	va_end(ap);
	location_free(&loc);
}

/*
 * LLVM's own errors, e.g. the BPF backend's "Looks like the BPF stack limit is
 * exceeded", as diagnostics. Their text starts with "file:line:col: " when
 * the instruction has a debug location; that becomes the diagnostic's place.
 * Without a handler LLVM would print them itself and exit.
 */
void on_llvm_diagnostic(LLVMDiagnosticInfoRef info, void *opaque)
{
	struct compile *c = opaque;
	LLVMDiagnosticSeverity severity = LLVMGetDiagInfoSeverity(info);
	char *text = LLVMGetDiagInfoDescription(info);
	char file[512] = "", function[256] = "";
	unsigned line = 0, column = 0;
	int consumed = 0;
	char *message;

	if (severity != LLVMDSError && severity != LLVMDSWarning) {
		LLVMDisposeMessage(text);
		return;
	}
	if (sscanf(text, "%511[^:]:%u:%u: %n", file, &line, &column, &consumed) < 3)
		consumed = 0;
	if (strstr(text, "BPF stack limit is exceeded")) {
		/* Reported at every access past the limit: once per function is enough. */
		sscanf(text + consumed, "in function %255s", function);
		message = xasprintf("%s: its stack frame exceeds BPF's 512 bytes; make large "
				    "variables smaller, or keep them in a per-CPU array map",
				    function);
		for (size_t i = 0; i < tb_diags_count(c->diags); i++)
			if (!strcmp(tb_diags_at(c->diags, i)->message, message))
				*message = '\0';
	} else {
		size_t len = strlen(text + consumed);

		/* the backend ends some with a newline, and says some twice (a seq_cst
		 * load: once per attempt to lower it): one line, once */
		while (len && isspace((unsigned char)text[consumed + len - 1]))
			len--;
		message = xasprintf("%.*s", (int)len, text + consumed);
		for (size_t i = 0; *message && i < tb_diags_count(c->diags); i++) {
			const struct tb_diag *d = tb_diags_at(c->diags, i);

			if (!strcmp(d->message, message) && d->line == line && d->column == column &&
			    !strcmp(d->file ? d->file : "", consumed ? file : ""))
				*message = '\0';
		}
	}
	if (*message)
		diag_add(c->diags, severity == LLVMDSError ? TB_ERROR : TB_WARNING,
			 consumed ? file : NULL, line, column, "%s", message);
	free(message);
	LLVMDisposeMessage(text);
}
