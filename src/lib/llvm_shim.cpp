// SPDX-License-Identifier: MIT
#include "llvm_shim.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <llvm/AsmParser/LLParser.h>
#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/AutoUpgrade.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/DebugInfo.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/InstrTypes.h>
#include <llvm/IR/ConstantRangeList.h>
#include <llvm/Support/ModRef.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/TrackingMDRef.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Path.h>

using namespace llvm;

static char *copy_string(StringRef s)
{
	char *out = static_cast<char *>(malloc(s.size() + 1));
	if (!out)
		abort();
	if (!s.empty()) /* an empty StringRef's data() may be null */
		memcpy(out, s.data(), s.size());
	out[s.size()] = '\0';
	return out;
}

static DIGlobalVariable *global_variable(LLVMValueRef global)
{
	SmallVector<DIGlobalVariableExpression *, 1> exprs;

	unwrap<GlobalVariable>(global)->getDebugInfo(exprs);
	return exprs.empty() ? nullptr : exprs.front()->getVariable();
}

char *di_function_name(LLVMValueRef func)
{
	DISubprogram *sp = unwrap<Function>(func)->getSubprogram();

	return sp ? copy_string(sp->getName()) : nullptr;
}

LLVMMetadataRef di_location_subprogram(LLVMMetadataRef loc)
{
	auto *location = dyn_cast_or_null<DILocation>(unwrap(loc));

	return location ? wrap(location->getScope()->getSubprogram()) : nullptr;
}

char *di_global_name(LLVMValueRef global)
{
	DIGlobalVariable *var = global_variable(global);

	return var ? copy_string(var->getName()) : nullptr;
}

char *di_global_type_name(LLVMValueRef global)
{
	DIGlobalVariable *var = global_variable(global);
	DIType *type = var ? var->getType() : nullptr;

	return type && !type->getName().empty() ? copy_string(type->getName()) : nullptr;
}

/* Looks through typedefs (Go named types) and qualifiers. */
static DIType *strip_typedefs(DIType *type)
{
	while (auto *derived = dyn_cast_or_null<DIDerivedType>(type)) {
		if (derived->getTag() != dwarf::DW_TAG_typedef &&
		    derived->getTag() != dwarf::DW_TAG_const_type &&
		    derived->getTag() != dwarf::DW_TAG_volatile_type)
			break;
		type = derived->getBaseType();
	}
	return type;
}

size_t di_global_members(LLVMValueRef global, struct di_member **members)
{
	DIGlobalVariable *var = global_variable(global);
	auto *composite =
		dyn_cast_or_null<DICompositeType>(strip_typedefs(var ? var->getType() : nullptr));
	std::vector<di_member> out;

	*members = nullptr;
	if (!composite || composite->getTag() != dwarf::DW_TAG_structure_type)
		return 0;
	for (DINode *element : composite->getElements()) {
		auto *member = dyn_cast<DIDerivedType>(element);

		if (!member || member->getTag() != dwarf::DW_TAG_member)
			continue;
		out.push_back({ copy_string(member->getName()), member->getOffsetInBits() / 8,
				member->getSizeInBits() / 8, wrap(member->getBaseType()) });
	}
	*members = static_cast<di_member *>(calloc(out.size() ? out.size() : 1, sizeof(di_member)));
	if (!*members)
		abort();
	std::copy(out.begin(), out.end(), *members);
	return out.size();
}

void di_members_free(struct di_member *members, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(members[i].name);
	free(members);
}

LLVMMetadataRef di_global_type(LLVMValueRef global)
{
	DIGlobalVariable *var = global_variable(global);

	return var ? wrap(var->getType()) : nullptr;
}

int di_pointer_target(LLVMMetadataRef ref, LLVMMetadataRef *pointee)
{
	auto *ptr = dyn_cast_or_null<DIDerivedType>(strip_typedefs(unwrap<DIType>(ref)));

	if (!ptr || ptr->getTag() != dwarf::DW_TAG_pointer_type)
		return 0;
	*pointee = wrap(ptr->getBaseType());
	return 1;
}

LLVMMetadataRef di_strip_typedefs(LLVMMetadataRef ref)
{
	return wrap(strip_typedefs(unwrap<DIType>(ref)));
}

uint64_t di_type_size(LLVMMetadataRef ref)
{
	DIType *type = strip_typedefs(unwrap<DIType>(ref));

	return type ? type->getSizeInBits() / 8 : 0;
}

int di_array_of_pointers(LLVMMetadataRef ref, LLVMMetadataRef *pointee)
{
	auto *array = dyn_cast_or_null<DICompositeType>(strip_typedefs(unwrap<DIType>(ref)));

	return array && array->getTag() == dwarf::DW_TAG_array_type &&
	       di_pointer_target(wrap(array->getBaseType()), pointee);
}

int di_pointer_to_array(LLVMMetadataRef ref, uint64_t *count, LLVMMetadataRef *element)
{
	LLVMMetadataRef target;
	DICompositeType *array;
	DINodeArray ranges;

	if (!di_pointer_target(ref, &target))
		return 0;
	array = dyn_cast_or_null<DICompositeType>(unwrap<DIType>(target));
	if (!array || array->getTag() != dwarf::DW_TAG_array_type)
		return 0;
	ranges = array->getElements();
	if (ranges.size() != 1)
		return 0;
	auto *range = dyn_cast<DISubrange>(ranges[0]);
	auto *n = range ? dyn_cast_if_present<ConstantInt *>(range->getCount()) : nullptr;
	if (!n)
		return 0;
	*count = n->getZExtValue();
	*element = wrap(array->getBaseType());
	return 1;
}

/* TinyGo describes a slice as a struct named "[]T" with members ptr, len, cap. */
int di_slice_of_pointers(LLVMMetadataRef ref, LLVMMetadataRef *pointee)
{
	auto *slice = dyn_cast_or_null<DICompositeType>(strip_typedefs(unwrap<DIType>(ref)));
	LLVMMetadataRef elements;

	if (!slice || slice->getTag() != dwarf::DW_TAG_structure_type ||
	    !slice->getName().starts_with("[]") || slice->getElements().size() != 3)
		return 0;
	auto *ptr = dyn_cast<DIDerivedType>(slice->getElements()[0]);
	return ptr && ptr->getName() == "ptr" && di_pointer_target(wrap(ptr->getBaseType()), &elements) &&
	       di_pointer_target(elements, pointee);
}

extern "C" char *go_name_to_c(const char *go_name); /* util.c */

/* BTF names must be C identifiers; see go_name_to_c(). */
static std::string btf_name(StringRef go_name)
{
	char *c_name = go_name_to_c(go_name.str().c_str());
	std::string name(c_name);

	free(c_name);
	return name;
}

static void set_name_operand(MDNode *node, StringRef name)
{
	/* Operand 2 is the name of every DIType and of DISubprogram. */
	node->replaceOperandWith(2, name.empty() ? nullptr : MDString::get(node->getContext(), name));
}

static void sanitize_type_names(Module &module)
{
	DebugInfoFinder finder;
	std::vector<TrackingMDNodeRef> types;

	finder.processModule(module);
	for (DIType *type : finder.types())
		types.emplace_back(type);
	/* Renaming a uniqued node may merge it into an equal one; tracking
	 * references follow such merges, raw pointers would dangle. */
	for (TrackingMDNodeRef &ref : types) {
		auto *type = dyn_cast_or_null<DIType>(ref.get());

		if (!type || type->getName().empty())
			continue;
		if (type->getTag() == dwarf::DW_TAG_pointer_type)
			set_name_operand(type, "");
		else if (btf_name(type->getName()) != type->getName())
			set_name_operand(type, btf_name(type->getName()));
	}
}

static DIType *basic_type_for(DIBuilder &builder, Type *type)
{
	if (type->isIntegerTy()) {
		unsigned bits = type->getIntegerBitWidth();
		return builder.createBasicType(bits == 1 ? "bool" : "int" + std::to_string(bits),
					       bits == 1 ? 8 : bits,
					       bits == 1 ? dwarf::DW_ATE_boolean : dwarf::DW_ATE_signed);
	}
	if (type->isPointerTy())
		return builder.createPointerType(nullptr, 64);
	return nullptr;
}

/*
 * TinyGo's subroutine types list only the parameters, while DWARF (and so the
 * BPF backend's BTF) reads the first entry as the return type. Rebuild them
 * from the function and its parameter variables.
 */
static void fix_prototype(DIBuilder &builder, Function &func, DISubprogram *sp)
{
	std::vector<Metadata *> types;
	std::vector<DILocalVariable *> params;

	for (DINode *node : sp->getRetainedNodes()) {
		auto *var = dyn_cast<DILocalVariable>(node);

		if (!var || !var->getArg())
			continue;
		if (params.size() < var->getArg())
			params.resize(var->getArg());
		params[var->getArg() - 1] = var;
	}
	types.push_back(basic_type_for(builder, func.getReturnType()));
	for (size_t i = 0; i < params.size(); i++) {
		DIType *type = params[i] ? params[i]->getType() : nullptr;

		if (!type && i < func.arg_size())
			type = basic_type_for(builder, func.getArg(i)->getType());
		types.push_back(type);
	}
	sp->replaceType(builder.createSubroutineType(builder.getOrCreateTypeArray(types)));
}

static void rename_functions(Module &module, DIBuilder &builder)
{
	for (Function &func : module) {
		DISubprogram *sp = func.getSubprogram();

		if (func.isDeclaration() || func.isIntrinsic())
			continue;
		std::string name = btf_name(func.getName());
		if (name != func.getName()) {
			std::string unique = name;
			for (unsigned n = 2; module.getNamedValue(unique); n++)
				unique = name + "_" + std::to_string(n);
			func.setName(unique);
		}
		if (!sp)
			continue;
		set_name_operand(sp, func.getName());
		sp->replaceLinkageName(nullptr);
		fix_prototype(builder, func, sp);
	}
}

/* Keep only the file name and its directory's last component ("bpf/open.go"):
 * enough to find the line, and the same on every build machine. The BPF
 * backend copies each line's text into BTF line info from the file's
 * embedded source, or else reads the shortened path relative to the working
 * directory; so the source is read here, from the full path, and scopes
 * point at a file that carries it: the object does not depend on where
 * tinybpf runs. A source that cannot be read is embedded as empty. */
static void strip_source_directories(Module &module)
{
	DebugInfoFinder finder;
	std::vector<TrackingMDNodeRef> files;
	std::vector<TrackingMDNodeRef> users; /* nodes whose operand 0 is their file */

	finder.processModule(module);
	for (DICompileUnit *cu : finder.compile_units())
		users.emplace_back(cu);
	for (DIScope *scope : finder.scopes())
		users.emplace_back(scope);
	for (DISubprogram *sp : finder.subprograms())
		users.emplace_back(sp);
	for (DIType *type : finder.types())
		users.emplace_back(type);
	for (TrackingMDNodeRef &ref : users)
		if (DIFile *file = cast<DIScope>(ref.get())->getFile())
			files.emplace_back(file);
	for (DIGlobalVariableExpression *expr : finder.global_variables())
		if (DIFile *file = expr->getVariable()->getFile())
			files.emplace_back(file);

	DenseMap<Metadata *, DIFile *> with_source;
	for (TrackingMDNodeRef &ref : files) {
		auto *file = dyn_cast_or_null<DIFile>(ref.get());

		if (!file || file->getDirectory().empty())
			continue;
		SmallString<128> full(file->getDirectory());
		sys::path::append(full, file->getFilename());
		std::string shown = (sys::path::filename(sys::path::parent_path(full)) + "/" +
				     sys::path::filename(full))
					    .str();
		auto text = MemoryBuffer::getFile(full);
		file->replaceOperandWith(0, MDString::get(file->getContext(), shown));
		file->replaceOperandWith(1, nullptr);
		with_source[file] = DIFile::get(file->getContext(), shown, "", std::nullopt,
						text ? (*text)->getBuffer() : StringRef());
	}
	for (TrackingMDNodeRef &ref : users) {
		auto *node = cast<MDNode>(ref.get());
		auto found = with_source.find(node->getOperand(0).get());

		if (!isa<DIFile>(node) && found != with_source.end())
			node->replaceOperandWith(0, found->second);
	}
}

/* Compile units still list the variables of the runtime code that
 * reachability deleted; DWARF would describe them all. Keep what exists. */
static void drop_deleted_variables(Module &module)
{
	SmallPtrSet<Metadata *, 16> live;
	NamedMDNode *units = module.getNamedMetadata("llvm.dbg.cu");

	for (GlobalVariable &global : module.globals()) {
		SmallVector<DIGlobalVariableExpression *, 1> exprs;

		global.getDebugInfo(exprs);
		live.insert(exprs.begin(), exprs.end());
	}
	for (unsigned i = 0; units && i < units->getNumOperands(); i++) {
		auto *cu = cast<DICompileUnit>(units->getOperand(i));
		SmallVector<Metadata *, 8> kept;

		for (DIGlobalVariableExpression *expr : cu->getGlobalVariables())
			if (live.count(expr))
				kept.push_back(expr);
		cu->replaceGlobalVariables(MDTuple::get(module.getContext(), kept));
	}
}

/* BTF VAR names (what loaders look variables up by) follow the symbols. */
static void rename_variables(Module &module)
{
	for (GlobalVariable &global : module.globals()) {
		SmallVector<DIGlobalVariableExpression *, 1> exprs;

		global.getDebugInfo(exprs);
		for (DIGlobalVariableExpression *expr : exprs) {
			DIGlobalVariable *var = expr->getVariable();

			var->replaceOperandWith(1, MDString::get(module.getContext(), global.getName()));
			var->replaceOperandWith(5, nullptr); /* linkage name */
		}
	}
}

void di_prepare_for_btf(LLVMModuleRef ref)
{
	Module &module = *unwrap(ref);
	DIBuilder builder(module, /*AllowUnresolved=*/false);

	sanitize_type_names(module);
	rename_functions(module, builder);
	rename_variables(module);
	drop_deleted_variables(module);
	builder.finalize();
	strip_source_directories(module);
}

void remove_dead_constant_users(LLVMValueRef global)
{
	unwrap<GlobalValue>(global)->removeDeadConstantUsers();
}

/* ---- CO-RE: kernel types from Go stubs (docs/core.md) ---- */

#include <map>

#include <llvm/ADT/StringExtras.h>
#include <llvm/IR/DebugProgramInstruction.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Operator.h>

static const StringRef core_prefix = "bpfCore";

/* "RealParent" -> "real_parent", "TCPSock" -> "tcp_sock", "Ipv6Hdr" ->
 * "ipv6_hdr"; a name already in snake_case stays as it is. */
static std::string snake_case(StringRef name)
{
	std::string out;

	for (size_t i = 0; i < name.size(); i++) {
		char prev = i ? name[i - 1] : '_';
		bool next_lower = i + 1 < name.size() && isLower(name[i + 1]);

		if (isUpper(name[i]) && prev != '_' &&
		    (isLower(prev) || isDigit(prev) || (isUpper(prev) && next_lower)))
			out += '_';
		out += toLower(name[i]);
	}
	return out;
}

/* Whether a debug type is the SDK's named type `name` (bpf.Kernel, bpf.Bitfield). */
static bool is_sdk_type(DIType *type, StringRef name)
{
	auto *named = dyn_cast_or_null<DIDerivedType>(type);

	return named && named->getTag() == dwarf::DW_TAG_typedef &&
	       named->getName() == (TB_SDK_PACKAGE "." + name).str();
}

/* A struct whose first field is `_ bpf.Kernel`: a kernel type the SDK's
 * `tinybpf types` wrote (docs/core.md). */
static bool has_kernel_marker(DICompositeType *body)
{
	DINodeArray elements = body->getElements();
	auto *first = elements.size() ? dyn_cast<DIDerivedType>(elements[0]) : nullptr;

	return first && first->getTag() == dwarf::DW_TAG_member && first->getName() == "_" &&
	       is_sdk_type(first->getBaseType(), "Kernel");
}

/* Go's name of a named type without its package path: "main.TaskStruct" ->
 * "TaskStruct", "github.com/x/y.TaskStruct" -> "TaskStruct". */
static StringRef go_type_name(DIDerivedType *named)
{
	StringRef name = named->getName();

	return name.substr(name.rfind('.') + 1);
}

/* The typedef TinyGo emits for a Go type whose underlying type is a struct
 * that stands for a kernel struct (in any package): named "bpfCore…", or
 * starting with a `_ bpf.Kernel` field. Null for any other type. */
static DIDerivedType *core_stub(DIType *type)
{
	auto *named = dyn_cast_or_null<DIDerivedType>(type);

	if (!named || named->getTag() != dwarf::DW_TAG_typedef)
		return nullptr;
	StringRef name = go_type_name(named);
	auto *body = dyn_cast_or_null<DICompositeType>(strip_typedefs(named->getBaseType()));
	if (!body || body->getTag() != dwarf::DW_TAG_structure_type)
		return nullptr;
	if (name.starts_with(core_prefix) && name.size() > core_prefix.size())
		return named;
	return has_kernel_marker(body) ? named : nullptr;
}

/* "main.bpfCoreTaskStruct" -> "task_struct"; "main.bpfCore_task_struct" too;
 * a kernel type "main.TaskStruct" -> "task_struct", "main.in6_addr" stays. */
static std::string core_kernel_name(DIDerivedType *stub)
{
	StringRef name = go_type_name(stub);

	if (name.starts_with(core_prefix) && name.size() > core_prefix.size())
		name = name.drop_front(core_prefix.size()).ltrim('_');
	return snake_case(name);
}

static DIDerivedType *core_pointee(DIType *type)
{
	auto *ptr = dyn_cast_or_null<DIDerivedType>(strip_typedefs(type));

	return ptr && ptr->getTag() == dwarf::DW_TAG_pointer_type ? core_stub(ptr->getBaseType())
								  : nullptr;
}

LLVMMetadataRef core_record_stub(LLVMDbgRecordRef ref)
{
	auto *record = dyn_cast<DbgVariableRecord>(unwrap(ref));

	/* A record with an expression describes something computed from the
	 * value (salvaged debug info), not the value itself. */
	if (!record || !record->isDbgValue() || record->hasArgList() ||
	    record->getExpression()->getNumElements())
		return nullptr;
	return wrap(core_pointee(record->getVariable()->getType()));
}

/* A kernel struct built from a stub, and how the IR sees it. */
struct core_struct {
	DIDerivedType *stub;
	StructType *ir; /* packed: byte arrays at the stub's offsets */
	std::vector<unsigned> gep_index;     /* IR field of each DI member */
	std::vector<DIDerivedType *> go_members; /* the stub's field of each DI member */
};

struct core_types {
	Module &module;
	DIBuilder builder;
	std::map<DIDerivedType *, DICompositeType *> by_stub;
	std::map<DICompositeType *, core_struct> structs;
	std::map<std::string, DICompositeType *> enums;
	std::map<std::string, DIDerivedType *> named; /* Go named types, by name */
	DIType *unsigned_int = nullptr;
	std::string error;

	explicit core_types(Module &m) : module(m), builder(m) {}
};

struct core_types *core_types_new(LLVMModuleRef module)
{
	return new core_types(*unwrap(module));
}

void core_types_free(struct core_types *types)
{
	delete types;
}

static DICompositeType *kernel_struct(core_types &t, DIDerivedType *stub);

/* The kernel-side debug type of a stub field: Go names dropped (BTF wants C
 * names), pointers to stubs point to a declaration of the kernel struct. */
static DIType *kernel_type(core_types &t, DIType *go)
{
	if (DIDerivedType *stub = core_stub(go))
		return kernel_struct(t, stub);
	if (auto *basic = dyn_cast_or_null<DIBasicType>(go))
		return basic;
	if (auto *derived = dyn_cast_or_null<DIDerivedType>(go)) {
		if (derived->getTag() != dwarf::DW_TAG_pointer_type)
			return kernel_type(t, derived->getBaseType());
		DIDerivedType *pointee = core_stub(derived->getBaseType());
		DIType *decl = nullptr;

		if (pointee)
			decl = t.builder.createForwardDecl(dwarf::DW_TAG_structure_type,
							   core_kernel_name(pointee), nullptr,
							   nullptr, 0);
		return t.builder.createPointerType(decl, 64);
	}
	auto *array = dyn_cast_or_null<DICompositeType>(go);
	if (!array || array->getTag() != dwarf::DW_TAG_array_type)
		return nullptr;
	DIType *element = kernel_type(t, array->getBaseType());
	return element ? t.builder.createArrayType(array->getSizeInBits(), array->getAlignInBits(),
						   element, array->getElements())
		       : nullptr;
}

static Type *ir_type(core_types &t, DIType *kernel)
{
	auto *composite = dyn_cast<DICompositeType>(kernel);
	Type *byte = Type::getInt8Ty(t.module.getContext());

	if (composite && composite->getTag() == dwarf::DW_TAG_structure_type)
		return t.structs[composite].ir;
	if (composite && composite->getTag() == dwarf::DW_TAG_array_type) {
		DIType *element = composite->getBaseType();
		uint64_t count = element->getSizeInBits() ? composite->getSizeInBits() /
								    element->getSizeInBits()
							  : 0;
		return ArrayType::get(ir_type(t, element), count);
	}
	return ArrayType::get(byte, kernel->getSizeInBits() / 8);
}

/* The type of a bitfield's local debug member. */
static DIType *core_bitfield_storage(core_types &t)
{
	if (!t.unsigned_int)
		t.unsigned_int = t.builder.createBasicType("unsigned int", 32, dwarf::DW_ATE_unsigned);
	return t.unsigned_int;
}

static DICompositeType *kernel_struct(core_types &t, DIDerivedType *stub)
{
	auto found = t.by_stub.find(stub);
	if (found != t.by_stub.end())
		return found->second;

	auto *go = cast<DICompositeType>(strip_typedefs(stub->getBaseType()));
	Type *byte = Type::getInt8Ty(t.module.getContext());
	std::vector<Metadata *> members;
	std::vector<Type *> fields;
	core_struct info = { stub, nullptr, {}, {} };
	uint64_t at = 0;

	for (DINode *element : go->getElements()) {
		auto *member = dyn_cast<DIDerivedType>(element);

		/* Blank fields are the stub's padding, not kernel fields. */
		if (!member || member->getTag() != dwarf::DW_TAG_member ||
		    member->getName().empty() || member->getName() == "_")
			continue;
		uint64_t offset = member->getOffsetInBits() / 8, size = member->getSizeInBits() / 8;
		if (is_sdk_type(member->getBaseType(), "Bitfield")) {
			/* Go knows only which bitfield is meant, not its bits: a
			 * one-bit field at the start of its storage will do, since
			 * the loader takes offset, size and shifts from the
			 * running kernel (libbpf validates none of them for a
			 * bitfield, only signedness: unsigned, as most are). */
			if (offset > at)
				fields.push_back(ArrayType::get(byte, offset - at));
			at = offset;
			info.gep_index.push_back(fields.size());
			fields.push_back(ArrayType::get(byte, 0));
			info.go_members.push_back(member);
			members.push_back(t.builder.createBitFieldMemberType(
				nullptr, snake_case(member->getName()), nullptr, 0, 1, offset * 8,
				offset * 8, DINode::FlagZero, core_bitfield_storage(t)));
			continue;
		}
		DIType *type = kernel_type(t, member->getBaseType());
		if (!type) {
			t.error = ("field " + member->getName() + " of " + stub->getName() +
				   " has a type CO-RE cannot describe (use integers, pointers, "
				   "arrays or kernel types)")
					  .str();
			return nullptr;
		}
		if (offset > at)
			fields.push_back(ArrayType::get(byte, offset - at));
		info.gep_index.push_back(fields.size());
		fields.push_back(ir_type(t, type));
		at = offset + size;
		info.go_members.push_back(member);
		members.push_back(t.builder.createMemberType(
			nullptr, snake_case(member->getName()), nullptr, 0,
			member->getSizeInBits(), member->getAlignInBits(),
			member->getOffsetInBits(), DINode::FlagZero, type));
	}
	if (go->getSizeInBits() / 8 > at)
		fields.push_back(ArrayType::get(byte, go->getSizeInBits() / 8 - at));
	info.ir = StructType::get(t.module.getContext(), fields, /*isPacked=*/true);
	DICompositeType *kernel = t.builder.createStructType(
		nullptr, core_kernel_name(stub), nullptr, 0, go->getSizeInBits(),
		go->getAlignInBits(), DINode::FlagZero, nullptr,
		t.builder.getOrCreateArray(members));
	t.by_stub[stub] = kernel;
	t.structs[kernel] = info;
	return kernel;
}

static void set_message(char *out, size_t size, const std::string &text)
{
	snprintf(out, size, "%s", text.c_str());
}

/* The Bitfield field a struct-typed getelementptr (TinyGo's for &x.F)
 * selects, as the Go debug member, or null. Zero-size fields share their
 * offset with the next field: only the field index tells them apart. */
static DIDerivedType *selected_bitfield(core_types &t, LLVMValueRef gep_ref)
{
	auto *gep = dyn_cast_or_null<GetElementPtrInst>(gep_ref ? unwrap(gep_ref) : nullptr);
	auto *ir = gep ? dyn_cast<StructType>(gep->getSourceElementType()) : nullptr;

	if (!ir || !ir->hasName() || gep->getNumIndices() != 2 ||
	    !isa<ConstantInt>(gep->getOperand(2)))
		return nullptr;
	uint64_t field = cast<ConstantInt>(gep->getOperand(2))->getZExtValue();
	for (auto &entry : t.structs) {
		DIDerivedType *stub = entry.second.stub;
		auto *go = cast<DICompositeType>(strip_typedefs(stub->getBaseType()));

		if (stub->getName() != ir->getName() || field >= go->getElements().size())
			continue;
		auto *member = dyn_cast<DIDerivedType>(go->getElements()[field]);
		return member && is_sdk_type(member->getBaseType(), "Bitfield") ? member : nullptr;
	}
	return nullptr;
}

int core_access_path(struct core_types *types, LLVMMetadataRef stub_ref, uint64_t offset,
		     LLVMValueRef gep, struct core_access *access)
{
	core_types &t = *types;
	auto *stub = cast<DIDerivedType>(unwrap(stub_ref));
	DIType *type = kernel_struct(t, stub);
	DIDerivedType *go_member = nullptr, *bitfield = nullptr;
	std::string path;

	*access = {};
	if (!type) {
		set_message(access->message, sizeof(access->message), t.error);
		return -1;
	}
	path = type->getName().str();
	bitfield = selected_bitfield(t, gep);
	/* The bytes of the Go field the getelementptr selects (&x.F): a field
	 * that is itself a struct is the access's end, not its first member
	 * (bpf.CoreFieldSize(&task.Tasks) is list_head's size, 16, not next's). */
	uint64_t selected = 0;
	if (auto *inst = dyn_cast_or_null<GetElementPtrInst>(gep ? unwrap(gep) : nullptr))
		if (inst->getResultElementType()->isStructTy())
			selected = inst->getModule()->getDataLayout().getTypeAllocSize(
				inst->getResultElementType());
	/* Descend to a field that is not a struct: the address of a struct is
	 * the address of its first field, in Go and in the kernel alike. */
	while (auto *composite = dyn_cast<DICompositeType>(type)) {
		bool array = composite->getTag() == dwarf::DW_TAG_array_type;
		struct core_step step = { wrap(composite), wrap(ir_type(t, composite)), array,
					  0, 0 };

		if (array && offset == 0) {
			access->field_is_array = 1;
			break;
		}
		if (access->count == CORE_MAX_STEPS) {
			set_message(access->message, sizeof(access->message),
				    path + " is nested too deeply for CO-RE");
			return -1;
		}
		if (array) {
			DIType *element = composite->getBaseType();
			uint64_t size = element->getSizeInBits() / 8;

			step.index = static_cast<unsigned>(size ? offset / size : 0);
			offset -= step.index * size;
			type = element;
			path += "[" + std::to_string(step.index) + "]";
		} else {
			core_struct &info = t.structs[composite];
			DINodeArray members = composite->getElements();
			unsigned i = 0;

			for (; bitfield && i < members.size(); i++)
				if (info.go_members[i] == bitfield &&
				    offset == bitfield->getOffsetInBits() / 8)
					break;
			if (bitfield && i < members.size())
				access->bitfield = 1;
			else
				i = 0;
			for (; !access->bitfield && i < members.size(); i++) {
				auto *member = cast<DIDerivedType>(members[i]);
				uint64_t start = member->getOffsetInBits() / 8;

				if (offset >= start && offset < start + member->getSizeInBits() / 8)
					break;
			}
			if (i == members.size()) {
				set_message(access->message, sizeof(access->message),
					    "byte " + std::to_string(offset) + " of " + path +
						    " is in no named field of " +
						    info.stub->getName().str());
				return -1;
			}
			auto *member = cast<DIDerivedType>(members[i]);
			step.index = i;
			step.gep_index = info.gep_index[i];
			offset -= access->bitfield ? offset : member->getOffsetInBits() / 8;
			access->size = access->bitfield ? 0 : member->getSizeInBits() / 8 - offset;
			go_member = info.go_members[i];
			type = member->getBaseType();
			path += "." + member->getName().str();
			if (selected && !offset && go_member &&
			    go_member->getSizeInBits() / 8 == selected &&
			    isa<DICompositeType>(strip_typedefs(go_member->getBaseType()))) {
				access->steps[access->count++] = step;
				break; /* the struct field itself */
			}
		}
		access->steps[access->count++] = step;
	}
	if (offset) {
		set_message(access->message, sizeof(access->message),
			    "the address is " + std::to_string(offset) + " bytes into " + path);
		return -1;
	}
	access->pointee = go_member ? wrap(core_pointee(go_member->getBaseType())) : nullptr;
	set_message(access->path, sizeof(access->path), path);
	return 0;
}

int gep_constant_offset(LLVMValueRef gep, uint64_t *offset)
{
	auto *inst = dyn_cast<GetElementPtrInst>(unwrap(gep));
	APInt bytes(64, 0);

	if (!inst || !cast<GEPOperator>(inst)->accumulateConstantOffset(
			     inst->getModule()->getDataLayout(), bytes) ||
	    bytes.isNegative())
		return 0;
	*offset = bytes.getZExtValue();
	return 1;
}

LLVMMetadataRef core_stub_of(LLVMMetadataRef go_type)
{
	return wrap(core_stub(dyn_cast_or_null<DIType>(unwrap(go_type))));
}

LLVMMetadataRef core_kernel_struct(struct core_types *types, LLVMMetadataRef stub)
{
	return wrap(kernel_struct(*types, cast<DIDerivedType>(unwrap(stub))));
}

const char *core_types_error(const struct core_types *types)
{
	return types->error.c_str();
}

char *core_snake_case(const char *go_name)
{
	return copy_string(snake_case(go_name));
}

int di_record_pointee(LLVMDbgRecordRef ref, LLVMMetadataRef *pointee, uint64_t *pointee_bytes)
{
	auto *record = dyn_cast<DbgVariableRecord>(unwrap(ref));
	DIType *type = nullptr;

	if (!record || record->hasArgList() || record->getExpression()->getNumElements())
		return 0;
	if (record->isDbgDeclare()) {
		type = record->getVariable()->getType();
	} else {
		auto *ptr = dyn_cast_or_null<DIDerivedType>(
			strip_typedefs(record->getVariable()->getType()));

		if (!record->isDbgValue() || !ptr || ptr->getTag() != dwarf::DW_TAG_pointer_type)
			return 0;
		type = ptr->getBaseType();
	}
	DIType *body = strip_typedefs(type);
	*pointee = wrap(type);
	*pointee_bytes = body ? body->getSizeInBits() / 8 : 0;
	return 1;
}

/* ---- The Go SDK (bpf/, TB_SDK_PACKAGE): its functions inlined into programs ---- */

/* "github.com/tinybpf/tinybpf/bpf.CoreRead[int32]", "(*github.com/…/bpf.T).M"
 * -> the part after the package path, or an empty StringRef. */
static StringRef sdk_member(StringRef name)
{
	static const StringRef pkg = TB_SDK_PACKAGE ".";

	if (!name.consume_front("(*"))
		name.consume_front("(");
	return name.consume_front(pkg) ? name : StringRef();
}

static DISubprogram *location_function(DILocation *loc)
{
	return loc && loc->getScope() ? loc->getScope()->getSubprogram() : nullptr;
}

int di_location_in_sdk(LLVMMetadataRef ref)
{
	DISubprogram *sp = location_function(unwrap<DILocation>(ref));

	return sp && !sdk_member(sp->getName()).empty();
}

char *di_sdk_function(LLVMMetadataRef ref)
{
	std::string name;

	/* The outermost SDK function: the one the user's code called. */
	for (auto *loc = unwrap<DILocation>(ref); loc; loc = loc->getInlinedAt()) {
		DISubprogram *sp = location_function(loc);
		StringRef member = sp ? sdk_member(sp->getName()) : StringRef();

		if (!member.empty())
			name = "bpf." + member.substr(0, member.find('[')).str();
	}
	return name.empty() ? nullptr : copy_string(name);
}

int di_function_in_sdk(LLVMValueRef func)
{
	size_t len;
	const char *name = LLVMGetValueName2(func, &len);

	return !sdk_member(StringRef(name, len)).empty();
}

/* ---- CO-RE: what the relocated field is, for the reads that lower to helpers ---- */

enum core_field_kind core_field_kind(LLVMValueRef access_call)
{
	auto *call = dyn_cast<CallInst>(unwrap(access_call));
	auto *md = call ? call->getMetadata(LLVMContext::MD_preserve_access_index) : nullptr;
	auto *composite = dyn_cast_or_null<DICompositeType>(md);
	DIType *type = nullptr;

	if (!composite)
		return CORE_FIELD_OTHER;
	if (composite->getTag() == dwarf::DW_TAG_array_type) {
		type = composite->getBaseType();
	} else {
		uint64_t index = cast<ConstantInt>(call->getArgOperand(2))->getZExtValue();
		auto *member = cast<DIDerivedType>(composite->getElements()[index]);

		if (member->isBitField())
			return CORE_FIELD_BITFIELD;
		type = member->getBaseType();
	}
	type = strip_typedefs(type);
	if (auto *basic = dyn_cast_or_null<DIBasicType>(type))
		/* A Go uintptr field holds a kernel pointer of a type not described. */
		return basic->getName() == "uintptr" ? CORE_FIELD_POINTER : CORE_FIELD_INTEGER;
	if (auto *derived = dyn_cast_or_null<DIDerivedType>(type))
		return derived->getTag() == dwarf::DW_TAG_pointer_type ? CORE_FIELD_POINTER
								       : CORE_FIELD_OTHER;
	if (auto *array = dyn_cast_or_null<DICompositeType>(type))
		return array->getTag() == dwarf::DW_TAG_array_type ? CORE_FIELD_ARRAY
								   : CORE_FIELD_STRUCT;
	return CORE_FIELD_OTHER;
}

LLVMMetadataRef core_enum_type(struct core_types *types, const char *name,
			       const char *const *enumerators, size_t count)
{
	core_types &t = *types;
	auto found = t.enums.find(name);
	std::vector<Metadata *> elements;

	if (found != t.enums.end())
		return wrap(found->second);
	/* Local values only have to agree with the instruction the backend
	 * emits ("NAME:VALUE"); the loader puts in the running kernel's. */
	for (size_t i = 0; i < count; i++)
		elements.push_back(t.builder.createEnumerator(enumerators[i], (int64_t)i));
	DICompositeType *type = t.builder.createEnumerationType(
		nullptr, name, nullptr, 0, 32, 32, t.builder.getOrCreateArray(elements),
		core_bitfield_storage(t));
	t.enums[name] = type;
	return wrap(type);
}

LLVMMetadataRef core_type_argument(struct core_types *types, LLVMMetadataRef ref, char **arg_out)
{
	core_types &t = *types;
	std::string arg;

	/* TinyGo's debug info describes a variable of type *T inside a generic
	 * function as *runtime._interface; the instance's name keeps T:
	 * "github.com/tinybpf/tinybpf/bpf.CoreTypeSize[main.TaskStruct]". */
	for (auto *loc = unwrap<DILocation>(ref); loc && arg.empty(); loc = loc->getInlinedAt()) {
		DISubprogram *sp = location_function(loc);
		StringRef member = sp ? sdk_member(sp->getName()) : StringRef();
		size_t open = member.find('[');

		if (open != StringRef::npos && member.ends_with("]"))
			arg = member.substr(open + 1, member.size() - open - 2).str();
	}
	if (arg_out)
		*arg_out = arg.empty() ? nullptr : copy_string(arg);
	if (arg.empty())
		return nullptr;
	if (t.named.empty()) {
		DebugInfoFinder finder;

		finder.processModule(t.module);
		for (DIType *type : finder.types())
			if (auto *named = dyn_cast<DIDerivedType>(type))
				if (named->getTag() == dwarf::DW_TAG_typedef)
					t.named.emplace(named->getName().str(), named);
	}
	auto found = t.named.find(arg);
	return found == t.named.end() ? nullptr : wrap(found->second);
}

LLVMModuleRef parse_ir_verified(LLVMContextRef context, const char *data, size_t size,
				const char *name, char **message, int *invalid)
{
	/* A copy: the lexer needs a NUL after the text. */
	std::unique_ptr<MemoryBuffer> buf =
		MemoryBuffer::getMemBufferCopy(StringRef(data, size), name);
	StringRef text = buf->getBuffer();
	SourceMgr sm;
	SMDiagnostic err;
	std::string msg;
	raw_string_ostream os(msg);
	auto mod = std::make_unique<Module>(name, *unwrap(context));
	bool broken_debug_info = false;

	*message = nullptr;
	*invalid = 0;
	sm.AddNewSourceBuffer(std::move(buf), SMLoc());
	if (LLParser(text, sm, err, mod.get(), nullptr, *unwrap(context))
		    .Run(/*UpgradeDebugInfo=*/false)) {
		err.print(nullptr, os, false);
		*message = copy_string(msg);
		return nullptr;
	}
	if (verifyModule(*mod, &os, &broken_debug_info)) {
		*message = copy_string(msg);
		*invalid = 1;
		return nullptr;
	}
	UpgradeDebugInfo(*mod);
	return wrap(mod.release());
}

void call_arg_initializes(LLVMValueRef call, unsigned arg, uint64_t size)
{
	auto *cb = unwrap<CallBase>(call);
	LLVMContext &ctx = cb->getContext();
	ConstantRange range(APInt(64, 0), APInt(64, size));

	cb->addParamAttr(arg, Attribute::getWithCaptureInfo(ctx, CaptureInfo::none()));
	cb->addParamAttr(arg, Attribute::get(ctx, Attribute::Initializes, ArrayRef(range)));
}
