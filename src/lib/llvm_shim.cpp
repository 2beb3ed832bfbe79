// SPDX-License-Identifier: MIT
#include "llvm_shim.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/DebugInfo.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/TrackingMDRef.h>
#include <llvm/Support/Path.h>

using namespace llvm;

static char *copy_string(StringRef s)
{
	char *out = static_cast<char *>(malloc(s.size() + 1));
	if (!out)
		abort();
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
				member->getSizeInBits() / 8 });
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
 * enough to find the line, and the same on every build machine. */
static void strip_source_directories(Module &module)
{
	DebugInfoFinder finder;
	std::vector<TrackingMDNodeRef> files;

	finder.processModule(module);
	for (DIScope *scope : finder.scopes())
		if (DIFile *file = scope->getFile())
			files.emplace_back(file);
	for (DISubprogram *sp : finder.subprograms())
		if (DIFile *file = sp->getFile())
			files.emplace_back(file);
	for (TrackingMDNodeRef &ref : files) {
		auto *file = dyn_cast_or_null<DIFile>(ref.get());

		if (!file || file->getDirectory().empty())
			continue;
		SmallString<128> full(file->getDirectory());
		sys::path::append(full, file->getFilename());
		std::string shown = (sys::path::filename(sys::path::parent_path(full)) + "/" +
				     sys::path::filename(full))
					    .str();
		file->replaceOperandWith(0, MDString::get(file->getContext(), shown));
		file->replaceOperandWith(1, nullptr);
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
	builder.finalize();
	strip_source_directories(module);
}

void remove_dead_constant_users(LLVMValueRef global)
{
	unwrap<GlobalValue>(global)->removeDeadConstantUsers();
}
