// SPDX-License-Identifier: MIT
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/DebugInfo.h>

#include "internal.h"
#include "llvm_shim.h"
#include "ptrset.h"

/* Users read paths relative to where they ran the build, as go build prints them. */
char *source_display_path(const char *path)
{
	char cwd[PATH_MAX];

	if (getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);

		if (strncmp(path, cwd, n) == 0 && path[n] == '/')
			return xstrdup(path + n + 1);
	}
	return xstrdup(path);
}

static char *display_path(LLVMMetadataRef scope)
{
	LLVMMetadataRef file = scope ? LLVMDIScopeGetFile(scope) : NULL;
	unsigned dir_len, name_len;
	const char *dir, *name;
	char *path, *shown;

	if (!file)
		return NULL;
	dir = LLVMDIFileGetDirectory(file, &dir_len);
	name = LLVMDIFileGetFilename(file, &name_len);
	if (!name_len)
		return NULL;
	if (name[0] == '/' || !dir_len)
		path = strndup(name, name_len);
	else
		path = xasprintf("%.*s/%.*s", (int)dir_len, dir, (int)name_len, name);
	shown = source_display_path(path);
	free(path);
	return shown;
}

static bool in_go_runtime(LLVMMetadataRef loc)
{
	LLVMMetadataRef file = LLVMDIScopeGetFile(LLVMDILocationGetScope(loc));
	unsigned len;
	const char *dir = file ? LLVMDIFileGetDirectory(file, &len) : NULL;

	return dir && (memmem(dir, len, "/src/runtime", 12) || memmem(dir, len, "/src/internal/", 14));
}

/* A failed check inlined from the runtime (runtime.lookupPanic), or code of
 * the SDK's functions (inlined by sdk-inline), is reported where the user's
 * code called it. */
static LLVMMetadataRef user_code_location(LLVMMetadataRef loc)
{
	while ((in_go_runtime(loc) || di_location_in_sdk(loc)) && LLVMDILocationGetInlinedAt(loc))
		loc = LLVMDILocationGetInlinedAt(loc);
	return loc;
}

bool is_user_function_name(const char *go_name)
{
	/* "(*main.T).m" and "(encoding/binary.littleEndian).Uint32" are methods */
	return is_user_go_name(go_name + strspn(go_name, "(*"));
}

void note_user_code(struct compile *c)
{
	for (LLVMValueRef f = LLVMGetFirstFunction(c->module); f; f = LLVMGetNextFunction(f)) {
		LLVMMetadataRef sp = LLVMGetSubprogram(f);
		char *name = sp ? di_function_name(f) : NULL;

		if (name && is_user_function_name(name))
			ptrset_add(&c->user_subprograms, sp);
		free(name);
	}
}

bool location_in_user_code(const struct compile *c, LLVMMetadataRef loc)
{
	LLVMMetadataRef sp = di_location_subprogram(loc);

	return !sp || ptrset_has(&c->user_subprograms, sp);
}

char *location_file(LLVMMetadataRef loc)
{
	return display_path(LLVMDILocationGetScope(loc));
}

struct source_location user_location_of(const struct compile *c, LLVMValueRef inst)
{
	LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(inst);
	struct source_location out = { 0 };

	if (!loc)
		return location_of(inst);
	while (!location_in_user_code(c, loc) && LLVMDILocationGetInlinedAt(loc))
		loc = LLVMDILocationGetInlinedAt(loc);
	out.file = display_path(LLVMDILocationGetScope(loc));
	out.line = LLVMDILocationGetLine(loc);
	out.column = LLVMDILocationGetColumn(loc);
	return out;
}

LLVMMetadataRef global_dbg_variable(LLVMValueRef global)
{
	size_t n;
	LLVMValueMetadataEntry *entries = LLVMGlobalCopyAllMetadata(global, &n);
	LLVMMetadataRef var = NULL;

	for (size_t i = 0; i < n; i++) {
		LLVMMetadataRef md = LLVMValueMetadataEntriesGetMetadata(entries, (unsigned)i);

		if (LLVMGetMetadataKind(md) == LLVMDIGlobalVariableExpressionMetadataKind)
			var = LLVMDIGlobalVariableExpressionGetVariable(md);
	}
	LLVMDisposeValueMetadataEntries(entries);
	return var;
}

struct source_location location_of(LLVMValueRef value)
{
	struct source_location out = { 0 };
	LLVMMetadataRef md;

	if (LLVMIsAInstruction(value)) {
		md = LLVMInstructionGetDebugLoc(value);
		if (!md)
			return location_of(LLVMGetBasicBlockParent(LLVMGetInstructionParent(value)));
		md = user_code_location(md);
		out.file = display_path(LLVMDILocationGetScope(md));
		out.line = LLVMDILocationGetLine(md);
		out.column = LLVMDILocationGetColumn(md);
	} else if (LLVMIsAFunction(value)) {
		md = LLVMGetSubprogram(value);
		if (md) {
			out.file = display_path(md);
			out.line = LLVMDISubprogramGetLine(md);
		}
	} else if (LLVMIsAGlobalVariable(value)) {
		md = global_dbg_variable(value);
		if (md) {
			LLVMMetadataRef file = LLVMDIVariableGetFile(md);

			out.file = file ? display_path(file) : NULL;
			out.line = LLVMDIVariableGetLine(md);
		}
	}
	return out;
}

void location_free(struct source_location *loc)
{
	free(loc->file);
	loc->file = NULL;
}
