// SPDX-License-Identifier: MIT
/*
 * The CO-RE pass on real TinyGo output ($TINYBPF_TESTDATA/core_*.ll): which
 * preserve.*.access.index chains it builds, over which kernel-named types,
 * and the programs it refuses; and, for the SDK's API (bpf.CoreRead and
 * friends), the sdk-inline and core-read stages around it.
 * tests/e2e/core_task_test.c and core_read_test.c run the results.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/IRReader.h>

#include "../../../src/lib/internal.h"
#include "../../../src/lib/passes/passes.h"
#include "fixture.h"


/* Parses a testdata case and runs only the CO-RE pass on it. */
static void run_core(struct fixture *f, const char *name)
{
	char *msg = NULL;

	fixture_parse(f, name);
	assert_int_equal(pass_core(&f->c), 0);
	assert_int_equal(tb_diags_count(f->c.diags), 0);
	assert_int_equal(LLVMVerifyModule(f->c.module, LLVMReturnStatusAction, &msg), 0);
	LLVMDisposeMessage(msg);
}

static void fixture_free(struct fixture *f)
{
	compile_free(&f->c);
	tb_diags_free(f->c.diags);
}

static const char *callee_name(LLVMValueRef inst)
{
	LLVMValueRef callee = LLVMIsACallInst(inst) ? LLVMGetCalledValue(inst) : NULL;
	size_t len;

	return callee ? LLVMGetValueName2(callee, &len) : "";
}

/* The name of the debug type in a call's !llvm.preserve.access.index. */
static const char *access_type_name(struct fixture *f, LLVMValueRef call)
{
	unsigned kind = LLVMGetMDKindIDInContext(f->c.llvm, "llvm.preserve.access.index", 26);
	LLVMValueRef md = LLVMGetMetadata(call, kind);
	size_t len;

	assert_non_null(md);
	return LLVMDITypeGetName(LLVMValueAsMetadata(md), &len);
}

static void test_task_accesses_become_preserve_chains(void **state)
{
	struct fixture f;
	unsigned elementtype = LLVMGetEnumAttributeKindForName("elementtype", 11);
	unsigned by_member[4] = { 0 }, structs = 0, arrays = 0;

	run_core(&f, "core_task");
	for (LLVMValueRef fn = LLVMGetFirstFunction(f.c.module); fn; fn = LLVMGetNextFunction(fn))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
		     bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
			     i = LLVMGetNextInstruction(i)) {
				const char *name = callee_name(i);

				if (LLVMIsAGetElementPtrInst(i)) {
					/* no access through the stub's own layout is left */
					LLVMTypeRef t = LLVMGetGEPSourceElementType(i);
					const char *s = LLVMGetTypeKind(t) == LLVMStructTypeKind
								? LLVMGetStructName(t)
								: NULL;
					assert_false(s && strstr(s, "bpfCore"));
				}
				if (!str_starts_with(name, "llvm.preserve."))
					continue;
				assert_non_null(LLVMGetCallSiteEnumAttribute(i, 1, elementtype));
				if (str_starts_with(name, "llvm.preserve.struct.access.index")) {
					unsigned member =
						LLVMConstIntGetZExtValue(LLVMGetOperand(i, 2));

					assert_string_equal(access_type_name(&f, i), "task_struct");
					assert_true(member < 4);
					by_member[member]++;
					structs++;
				} else {
					/* Comm[3]: element 3 of the array member comm */
					assert_true(str_starts_with(name, "llvm.preserve.array"));
					assert_int_equal(
						LLVMConstIntGetZExtValue(LLVMGetOperand(i, 2)), 3);
					assert_true(LLVMIsACallInst(LLVMGetOperand(i, 0)));
					arrays++;
				}
			}
	/* pid; tgid of the task and of its parent; comm, comm[3] and &task.Comm
	 * that TinyGo nil-checks before indexing it; real_parent */
	assert_int_equal(structs, 7);
	assert_int_equal(arrays, 1);
	assert_int_equal(by_member[0], 1);
	assert_int_equal(by_member[1], 2);
	assert_int_equal(by_member[2], 3);
	assert_int_equal(by_member[3], 1);
	fixture_free(&f);
}

/* core_pointer_stored: `last = task` stores the stub pointer in a package
 * variable; the one field the Go source reaches is task.Tgid. */
static void test_a_stored_stub_pointer_is_no_field_access(void **state)
{
	struct fixture f;
	LLVMValueRef fn, last;
	unsigned accesses = 0, stores_to_last = 0;

	run_core(&f, "core_pointer_stored");
	fn = LLVMGetNamedFunction(f.c.module, "pointer_stored");
	last = LLVMGetNamedGlobal(f.c.module, "main.last");
	assert_non_null(fn);
	assert_non_null(last);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			if (str_starts_with(callee_name(i), "llvm.preserve."))
				accesses++;
			if (LLVMIsAStoreInst(i) && LLVMGetOperand(i, 1) == last)
				stores_to_last++;
		}
	assert_int_equal(accesses, 1);
	assert_int_equal(stores_to_last, 1);
	fixture_free(&f);
}

static void test_kernel_names_come_from_go_names(void **state)
{
	static const char *const expected[] = {
		"DW_TAG_structure_type, name: \"tcp_sock\"",
		"DW_TAG_structure_type, name: \"task_struct\"",
		"DW_TAG_member, name: \"srtt_us\"",
		"DW_TAG_member, name: \"pid\"",
		"DW_TAG_member, name: \"ipv6_hdr\"",
		"DW_TAG_member, name: \"nr_cpus_allowed\"",
		"DW_TAG_member, name: \"parent\"",
		"DW_TAG_member, name: \"real_parent\"",
	};
	struct fixture f;
	unsigned field_info = 0;
	char *ir;

	run_core(&f, "core_names");
	ir = LLVMPrintModuleToString(f.c.module);
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!strstr(ir, expected[i]))
			fail_msg("no %s in the module", expected[i]);
	for (const char *p = ir; (p = strstr(p, "call i32 @llvm.bpf.preserve.field.info")); p++)
		field_info++;
	assert_int_equal(field_info, 6); /* every bpfCoreFieldExists call */
	assert_null(strstr(ir, "@main.bpfCoreFieldExists"));
	LLVMDisposeMessage(ir);
	fixture_free(&f);
}

static void test_reading_past_a_field_is_refused(void **state)
{
	char *input = testdata_ir("core_wide_read");
	const char *inputs[] = { input };
	struct tb_diags *diags = tb_diags_new();
	char *out = temp_object_path(); /* its own: a fixed name is shared by parallel runs */
	TB_OPTS(tb_options, opts, .inputs = inputs, .input_count = 1, .output = out);
	const struct tb_diag *d;

	assert_int_not_equal(tb_link(&opts, diags), 0);
	assert_int_equal(tb_diags_error_count(diags), 1);
	d = tb_diags_at(diags, 0);
	assert_string_equal(d->message, "reads 8 bytes at task_struct.pid, which has 4: the "
					"kernel's fields are not where the Go stub has them, so "
					"read one field at a time");
	assert_non_null(d->file);
	assert_non_null(strstr(d->file, "core_wide_read/main.go"));
	assert_int_equal(d->line, 24);
	assert_int_equal(access(opts.output, F_OK), -1);
	tb_diags_free(diags);
	free(input);
	free(out);
}

/* A program with one thing the CO-RE pass refuses: pass_core reports it and
 * returns the error, so that the pipeline stops there rather than running
 * the later stages on what it left (a query it could not answer stays a call
 * of the intrinsic's declaration). Raw stubs (core_wide_read) and the SDK's
 * API (core_enum_name, through sdk-inline first; core_type_undescribable, a
 * kernel type with a string field, asked about with bpf.CoreTypeExists). */
static void test_a_refusal_is_returned(void **state)
{
	static const struct {
		const char *testdata, *message;
		unsigned line;
	} cases[] = {
		{ "core_wide_read",
		  "reads 8 bytes at task_struct.pid, which has 4: the kernel's fields are not where "
		  "the Go stub has them, so read one field at a time",
		  24 },
		{ "core_enum_name",
		  "bpf.CoreEnumValue(\"enum pid_type\", \"PIDTYPE_TGID\"): both must be C "
		  "identifiers, the enum's name as in `enum NAME` (without \"enum\") and the "
		  "enumerator's",
		  17 },
		{ "core_type_undescribable",
		  "CO-RE: field Name of main.TaskStruct has a type CO-RE cannot describe (use "
		  "integers, pointers, arrays or kernel types)",
		  28 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *path = testdata_ir(cases[i].testdata), *msg = NULL;
		struct fixture f = { 0 };
		LLVMMemoryBufferRef buffer;
		const struct tb_diag *d;

		f.c.settings = &f.settings;
		f.c.diags = tb_diags_new();
		f.c.llvm = LLVMContextCreate();
		assert_int_equal(LLVMCreateMemoryBufferWithContentsOfFile(path, &buffer, &msg), 0);
		assert_int_equal(LLVMParseIRInContext(f.c.llvm, buffer, &f.c.module, &msg), 0);
		free(path);
		assert_int_equal(pass_sdk_inline(&f.c), 0);
		assert_int_equal(pass_panics(&f.c), 0);
		if (pass_core(&f.c) != -EINVAL)
			fail_msg("%s: pass_core did not return -EINVAL", cases[i].testdata);
		assert_int_equal(tb_diags_error_count(f.c.diags), 1);
		d = tb_diags_at(f.c.diags, 0);
		assert_string_equal(d->message, cases[i].message);
		assert_non_null(strstr(d->file, cases[i].testdata));
		assert_int_equal(d->line, cases[i].line);
		assert_int_equal(LLVMVerifyModule(f.c.module, LLVMReturnStatusAction, &msg), 0);
		LLVMDisposeMessage(msg);
		fixture_free(&f);
	}
}

/* One enumerator asked twice (tests/testdata/core_enum_twice: whether it
 * exists, then its value): the object's enum lists it once, and on this
 * kernel the program reads the value the kernel's BTF gives it. */
static void test_an_enumerator_asked_twice_is_listed_once(void **state)
{
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();
	struct bpf_object *obj;
	const struct btf *btf;
	const struct btf_type *t;
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct bpf_program *prog;
	struct bpf_map *data;
	LIBBPF_OPTS(bpf_test_run_opts, topts);
	long long want = -1, got = -2;
	int id, zero = 0;

	assert_int_equal(link_testdata("core_enum_twice", out, NULL, 0, NULL, diags), 0);
	tb_diags_free(diags);
	obj = bpf_object__open_file(out, NULL);
	assert_non_null(obj);
	btf = bpf_object__btf(obj);
	id = btf__find_by_name_kind(btf, "pid_type", BTF_KIND_ENUM);
	assert_true(id > 0);
	t = btf__type_by_id(btf, id);
	assert_int_equal(btf_vlen(t), 1);
	assert_string_equal(btf__name_by_offset(btf, btf_enum(t)[0].name_off), "PIDTYPE_TGID");
	if (!vmlinux) {
		printf("SKIP test_an_enumerator_asked_twice_is_listed_once: no kernel BTF\n");
		bpf_object__close(obj);
		unlink(out);
		free(out);
		skip();
	}
	id = btf__find_by_name_kind(vmlinux, "pid_type", BTF_KIND_ENUM);
	assert_true(id > 0);
	t = btf__type_by_id(vmlinux, id);
	for (unsigned i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(vmlinux, btf_enum(t)[i].name_off), "PIDTYPE_TGID"))
			want = btf_enum(t)[i].val;
	btf__free(vmlinux);
	assert_true(want >= 0);
	assert_int_equal(bpf_object__load(obj), 0);
	prog = bpf_object__find_program_by_name(obj, "enum_twice");
	assert_non_null(prog);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(prog), &topts), 0);
	data = bpf_object__find_map_by_name(obj, ".data");
	assert_non_null(data);
	assert_int_equal(bpf_map__lookup_elem(data, &zero, sizeof(zero), &got, sizeof(got), 0), 0);
	assert_int_equal(got, want);
	bpf_object__close(obj);
	unlink(out);
	free(out);
}

/* The one call of a CO-RE query intrinsic with this kind about kernel type
 * `type`: a type query (member < 0), or a field query whose relocated
 * address is member `member` of it. */
static LLVMValueRef query_call(struct fixture *f, unsigned long long kind, const char *type,
			       int member)
{
	const char *name = member < 0 ? "llvm.bpf.preserve.type.info"
				      : "llvm.bpf.preserve.field.info";
	LLVMValueRef found = NULL;

	for (LLVMValueRef fn = LLVMGetFirstFunction(f->c.module); fn; fn = LLVMGetNextFunction(fn))
		for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
		     bb = LLVMGetNextBasicBlock(bb))
			for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
			     i = LLVMGetNextInstruction(i)) {
				LLVMValueRef about = member < 0 ? i : LLVMGetOperand(i, 0);

				if (!str_starts_with(callee_name(i), name) ||
				    LLVMConstIntGetZExtValue(LLVMGetOperand(i, 1)) != kind ||
				    strcmp(access_type_name(f, about), type) ||
				    (member >= 0 && LLVMConstIntGetZExtValue(LLVMGetOperand(
							    about, 2)) != (unsigned)member))
					continue;
				assert_null(found);
				found = i;
			}
	if (!found)
		fail_msg("no %s(kind %llu) about %s member %d", name, kind, type, member);
	return found;
}

static void test_queries_become_field_and_type_info(void **state)
{
	LLVMValueRef exists[2];
	struct fixture f;

	run_core(&f, "core_queries");
	/* FIELD_BYTE_SIZE (1) of task_struct.pid (member 0) and .comm (1) */
	query_call(&f, 1, "task_struct", 0);
	query_call(&f, 1, "task_struct", 1);
	/* TYPE_SIZE (1) of task_struct; TYPE_EXISTENCE (0) of the other two */
	query_call(&f, 1, "task_struct", -1);
	exists[0] = query_call(&f, 0, "bpf_iter_num", -1);
	exists[1] = query_call(&f, 0, "tinybpf_no_such_struct", -1);
	/* numbered apart, or the optimiser would merge them */
	assert_int_not_equal(LLVMConstIntGetZExtValue(LLVMGetOperand(exists[0], 0)),
			     LLVMConstIntGetZExtValue(LLVMGetOperand(exists[1], 0)));
	assert_null(LLVMGetNamedFunction(f.c.module, "main.bpfCoreTypeExists"));
	assert_null(LLVMGetNamedFunction(f.c.module, "main.bpfCoreTypeSize"));
	assert_null(LLVMGetNamedFunction(f.c.module, "main.bpfCoreFieldSize"));
	fixture_free(&f);
}

/* The preserve.struct.access.index call `v` is, over `type`, member `member`
 * of it, from `base`. */
static void assert_struct_access(struct fixture *f, LLVMValueRef v, const char *type,
				 unsigned member, LLVMValueRef base)
{
	assert_non_null(LLVMIsACallInst(v));
	assert_true(str_starts_with(callee_name(v), "llvm.preserve.struct.access.index"));
	assert_string_equal(access_type_name(f, v), type);
	assert_int_equal(LLVMConstIntGetZExtValue(LLVMGetOperand(v, 2)), member);
	assert_ptr_equal(LLVMGetOperand(v, 0), base);
}

/* The call of `name` in fn (the one there is). */
static LLVMValueRef call_in(LLVMValueRef fn, const char *name)
{
	LLVMValueRef found = NULL;

	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			if (!strcmp(callee_name(i), name)) {
				assert_null(found);
				found = i;
			}
	assert_non_null(found);
	return found;
}

/* core_first_field_uses at -opt=1: the optimiser folds &task.Pid, at offset 0
 * of the Go struct, into the pointer itself, which a store, two queries and
 * an index into an array first field then use directly. Each still needs
 * the CO-RE access of that first field: the kernel has it elsewhere. */
static void test_the_stub_pointer_itself_is_its_first_field(void **state)
{
	struct fixture f;
	LLVMValueRef fn, task, store = NULL, gep = NULL, info[2];
	unsigned infos = 0;

	run_core(&f, "core_first_field_uses.opt1");

	/* task.Pid = 5 */
	fn = LLVMGetNamedFunction(f.c.module, "store_first_field");
	assert_non_null(fn);
	task = call_in(fn, "main.bpfGetCurrentTaskBtf");
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			if (LLVMIsAStoreInst(i) && LLVMIsAConstantInt(LLVMGetOperand(i, 0)) &&
			    LLVMConstIntGetZExtValue(LLVMGetOperand(i, 0)) == 5)
				store = i;
	assert_non_null(store);
	assert_struct_access(&f, LLVMGetOperand(store, 1), "task_struct", 0, task);

	/* bpfCoreFieldExists(&task.Pid), bpfCoreFieldSize(&task.Pid): the kinds
	 * are the UAPI's enum bpf_core_relo_kind */
	fn = LLVMGetNamedFunction(f.c.module, "query_first_field");
	assert_non_null(fn);
	task = call_in(fn, "main.bpfGetCurrentTaskBtf");
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			if (str_starts_with(callee_name(i), "llvm.bpf.preserve.field.info")) {
				assert_true(infos < 2);
				info[infos++] = i;
				assert_struct_access(&f, LLVMGetOperand(i, 0), "task_struct", 0, task);
			}
	assert_int_equal(infos, 2);
	assert_int_equal(LLVMConstIntGetZExtValue(LLVMGetOperand(info[0], 1)), BPF_CORE_FIELD_EXISTS);
	assert_int_equal(LLVMConstIntGetZExtValue(LLVMGetOperand(info[1], 1)),
			 BPF_CORE_FIELD_BYTE_SIZE);
	assert_null(LLVMGetNamedFunction(f.c.module, "main.bpfCoreFieldExists"));
	assert_null(LLVMGetNamedFunction(f.c.module, "main.bpfCoreFieldSize"));

	/* b.Buf[i]: a variable offset from the pointer, into linux_binprm.buf,
	 * whose element the index picks as before */
	fn = LLVMGetNamedFunction(f.c.module, "index_first_field");
	assert_non_null(fn);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			if (LLVMIsAGetElementPtrInst(i)) {
				assert_null(gep);
				gep = i;
			}
	assert_non_null(gep);
	assert_false(LLVMIsAConstant(LLVMGetOperand(gep, 1)));
	assert_struct_access(&f, LLVMGetOperand(gep, 0), "linux_binprm", 0, LLVMGetParam(fn, 0));

	/* task.Tgid of (*T)(unsafe.Pointer(uintptr(bpfGetCurrentTask()))):
	 * the variable's records hold the integer, the access starts from the
	 * inttoptr made of it */
	fn = LLVMGetNamedFunction(f.c.module, "task_from_integer");
	assert_non_null(fn);
	task = call_in(fn, "main.bpfGetCurrentTask");
	gep = NULL;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			if (LLVMIsALoadInst(i)) {
				assert_null(gep);
				gep = LLVMGetOperand(i, 0);
			}
	assert_non_null(gep);
	assert_non_null(LLVMIsACallInst(gep));
	assert_non_null(LLVMIsAIntToPtrInst(LLVMGetOperand(gep, 0)));
	assert_ptr_equal(LLVMGetOperand(LLVMGetOperand(gep, 0), 0), task);
	assert_struct_access(&f, gep, "task_struct", 1, LLVMGetOperand(gep, 0));
	fixture_free(&f);
}

static void test_queries_about_no_stub_are_refused(void **state)
{
	static const struct {
		const char *message;
		unsigned line;
	} expected[] = {
		{ "bpfCoreTypeExists needs a variable of type *bpfCore… (its value does not matter)",
		  25 },
		{ "bpfCoreFieldSize needs the address of a field of a bpfCore struct, through a "
		  "variable or parameter of type *bpfCore…",
		  28 },
	};
	char *out = temp_object_path();
	struct tb_diags *diags = tb_diags_new();

	assert_int_not_equal(link_testdata("core_bad_query", out, NULL, 0, NULL, diags), 0);
	assert_int_equal(tb_diags_error_count(diags), 2);
	for (size_t i = 0; i < 2; i++) {
		const struct tb_diag *d = tb_diags_at(diags, i);

		assert_string_equal(d->message, expected[i].message);
		assert_non_null(strstr(d->file, "core_bad_query/main.go"));
		assert_int_equal(d->line, expected[i].line);
	}
	assert_int_equal(access(out, F_OK), -1);
	tb_diags_free(diags);
	free(out);
}

/* The stages the SDK's CO-RE API goes through, in pipeline order. */
static void run_sdk_stages(struct fixture *f, const char *name)
{
	char *msg = NULL;

	fixture_parse(f, name);
	assert_int_equal(pass_sdk_inline(&f->c), 0);
	assert_int_equal(pass_panics(&f->c), 0);
	assert_int_equal(pass_core(&f->c), 0);
	assert_int_equal(pass_core_read(&f->c), 0);
	assert_int_equal(tb_diags_count(f->c.diags), 0);
	assert_int_equal(LLVMVerifyModule(f->c.module, LLVMReturnStatusAction, &msg), 0);
	LLVMDisposeMessage(msg);
}

static bool is_access(LLVMValueRef v)
{
	if (LLVMIsAGetElementPtrInst(v))
		return is_access(LLVMGetOperand(v, 0));
	return str_starts_with(callee_name(v), "llvm.preserve.");
}

/* A nil check: br (icmp eq p, null), <nil-panic marker>, ...; its p. */
static LLVMValueRef nil_checked(LLVMValueRef br)
{
	LLVMValueRef cond, first;

	if (!LLVMIsABranchInst(br) || !LLVMIsConditional(br))
		return NULL;
	cond = LLVMGetCondition(br);
	first = LLVMGetFirstInstruction(LLVMGetSuccessor(br, 0));
	if (!LLVMIsAICmpInst(cond) || !str_starts_with(callee_name(first), PANIC_MARKER_PREFIX))
		return NULL;
	return LLVMIsNull(LLVMGetOperand(cond, 1)) ? LLVMGetOperand(cond, 0)
						   : LLVMGetOperand(cond, 1);
}

struct sdk_counts {
	unsigned reads, string_reads, direct_loads, nil_checks, nil_checks_on_out;
	unsigned field_info[6], type_info[2], enum_value[2];
};

static void count_function(LLVMValueRef fn, struct sdk_counts *n)
{
	LLVMValueRef out = LLVMCountParams(fn) > 2 ? LLVMGetParam(fn, 2) : NULL;

	memset(n, 0, sizeof(*n));
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
		     i = LLVMGetNextInstruction(i)) {
			const char *name = callee_name(i);
			LLVMValueRef p;

			if (!strcmp(name, "bpf_probe_read_kernel"))
				n->reads++;
			else if (!strcmp(name, "bpf_probe_read_kernel_str"))
				n->string_reads++;
			else if (str_starts_with(name, "llvm.bpf.preserve.field.info"))
				n->field_info[LLVMConstIntGetZExtValue(LLVMGetOperand(i, 1))]++;
			else if (str_starts_with(name, "llvm.bpf.preserve.type.info"))
				n->type_info[LLVMConstIntGetZExtValue(LLVMGetOperand(i, 1))]++;
			else if (str_starts_with(name, "llvm.bpf.preserve.enum.value"))
				n->enum_value[LLVMConstIntGetZExtValue(LLVMGetOperand(i, 2))]++;
			if (LLVMIsALoadInst(i) && is_access(LLVMGetOperand(i, 0)))
				n->direct_loads++;
			if ((p = nil_checked(i))) {
				n->nil_checks++;
				while (LLVMIsAGetElementPtrInst(p))
					p = LLVMGetOperand(p, 0);
				n->nil_checks_on_out += p == out;
			}
		}
}

static void test_sdk_reads_become_relocated_probe_reads(void **state)
{
	struct fixture f;
	struct sdk_counts n;
	LLVMValueRef report, on_fork;

	run_sdk_stages(&f, "core_read");
	for (LLVMValueRef fn = LLVMGetFirstFunction(f.c.module); fn; fn = LLVMGetNextFunction(fn)) {
		size_t len;

		assert_false(str_starts_with(LLVMGetValueName2(fn, &len), "tinybpf_core_"));
	}
	report = LLVMGetNamedFunction(f.c.module, "main.report");
	assert_non_null(report);
	count_function(report, &n);
	/* 13 pointers loaded on the chains (real_parent once, twice, group_leader,
	 * mm->exe_file->f_path.dentry twice, pi_blocked_on->task, NULL's
	 * real_parent), 9 CoreRead and 2 CoreReadInto values, d_name.name before
	 * its string, 4 bitfields' storage */
	assert_int_equal(n.reads, 13 + 9 + 2 + 1 + 4);
	assert_int_equal(n.string_reads, 2);
	/* nothing is read from kernel memory directly */
	assert_int_equal(n.direct_loads, 0);
	/* no nil check of the task, NULL or any pointer of a chain is left;
	 * those of the program's own `out` stay, for the optimiser */
	assert_true(n.nil_checks > 0);
	assert_int_equal(n.nil_checks, n.nil_checks_on_out);
	/* BYTE_OFFSET: CoreFieldOffset and 4 bitfield reads; BYTE_SIZE: pid,
	 * comm, tasks and the 4; SIGNED: pid, flags, a bitfield and the 4; shifts */
	assert_int_equal(n.field_info[0], 5);
	assert_int_equal(n.field_info[1], 7);
	assert_int_equal(n.field_info[2], 0);
	assert_int_equal(n.field_info[3], 7);
	assert_int_equal(n.field_info[4], 4);
	assert_int_equal(n.field_info[5], 4);
	assert_int_equal(n.type_info[0], 1);
	assert_int_equal(n.type_info[1], 1);
	/* ENUM_VALUE: PIDTYPE_TGID, PIDTYPE_MAX, CPUHP_AP_ONLINE_DYN; and 3
	 * existence questions */
	assert_int_equal(n.enum_value[1], 3);
	assert_int_equal(n.enum_value[0], 3);

	/* Through BTF pointers, fields are read directly; CoreRead still reads
	 * with helpers: child.Pid, child.RealParent->Tgid (2) and comm. */
	on_fork = LLVMGetNamedFunction(f.c.module, "main.onFork");
	assert_non_null(on_fork);
	count_function(on_fork, &n);
	assert_int_equal(n.reads, 4);
	assert_true(n.direct_loads >= 6);
	fixture_free(&f);
}

static void test_sdk_kernel_types_bitfields_and_enums(void **state)
{
	static const char *const expected[] = {
		/* Go names, CamelCase to snake_case; the bpf.Kernel marker is none */
		"name: \"task_struct\"", "name: \"mm_struct\"",	"name: \"qstr\"",
		"name: \"real_parent\"", "name: \"exe_file\"",	"name: \"d_name\"",
		"name: \"pi_blocked_on\"",
	};
	static const char *const enumerators[] = { "PIDTYPE_TGID", "PIDTYPE_MAX",
						   "PIDTYPE_TINYBPF_NONE" };
	struct fixture f;
	char *ir, *line, want[128];
	const char *at;
	bool bitfield = false;
	int value, seen = 0;

	run_sdk_stages(&f, "core_read");
	ir = LLVMPrintModuleToString(f.c.module);
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!strstr(ir, expected[i]))
			fail_msg("no %s in the module", expected[i]);
	/* The enumerators asked of one enum are in one debug type, numbered
	 * apart; each question names the enumerator and that number, as
	 * clang's "NAME:VALUE" for bpf_core_enum_value. */
	for (size_t i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "!DIEnumerator(name: \"%s\", value: ", enumerators[i]);
		at = strstr(ir, want);
		assert_non_null(at);
		assert_int_equal(sscanf(at + strlen(want), "%d", &value), 1);
		seen |= 1 << value;
		snprintf(want, sizeof(want), "c\"%s:%d\\00\"", enumerators[i], value);
		if (!strstr(ir, want))
			fail_msg("no %s in the module", want);
	}
	assert_int_equal(seen, 7);
	/* the bpf.Bitfield is a one-bit bitfield member of task_struct */
	for (line = strtok(ir, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, "name: \"sched_reset_on_fork\"") && strstr(line, "DIFlagBitField") &&
		    strstr(line, "size: 1,"))
			bitfield = true;
	assert_true(bitfield);
	LLVMDisposeMessage(ir);
	fixture_free(&f);
}

/* --verbose: the core-read stage says what it did, as a note about the
 * whole build (no file, line or column). */
static void test_core_read_note_is_at_no_place(void **state)
{
	struct fixture f;
	const struct tb_diag *note = NULL;

	fixture_parse(&f, "core_read");
	f.settings.verbose = true;
	assert_int_equal(pass_sdk_inline(&f.c), 0);
	assert_int_equal(pass_panics(&f.c), 0);
	assert_int_equal(pass_core(&f.c), 0);
	assert_int_equal(pass_core_read(&f.c), 0);
	for (size_t i = 0; i < tb_diags_count(f.c.diags); i++) {
		const struct tb_diag *d = tb_diags_at(f.c.diags, i);

		assert_int_equal(d->severity, TB_NOTE);
		if (str_starts_with(d->message, "core-read: ")) {
			assert_null(note);
			note = d;
		}
	}
	assert_non_null(note);
	assert_non_null(strstr(note->message, " CO-RE reads, "));
	assert_null(note->file);
	assert_int_equal(note->line, 0);
	assert_int_equal(note->column, 0);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_accesses_become_preserve_chains),
		cmocka_unit_test(test_a_stored_stub_pointer_is_no_field_access),
		cmocka_unit_test(test_kernel_names_come_from_go_names),
		cmocka_unit_test(test_reading_past_a_field_is_refused),
		cmocka_unit_test(test_a_refusal_is_returned),
		cmocka_unit_test(test_an_enumerator_asked_twice_is_listed_once),
		cmocka_unit_test(test_queries_become_field_and_type_info),
		cmocka_unit_test(test_queries_about_no_stub_are_refused),
		cmocka_unit_test(test_the_stub_pointer_itself_is_its_first_field),
		cmocka_unit_test(test_core_read_note_is_at_no_place),
		cmocka_unit_test(test_sdk_reads_become_relocated_probe_reads),
		cmocka_unit_test(test_sdk_kernel_types_bitfields_and_enums),
	};

	return cmocka_run_group_tests_name("CO-RE pass", tests, NULL, NULL);
}
