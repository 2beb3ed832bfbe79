package bpf

// Args is the context of fentry, fexit, fmod_ret, tp_btf and raw tracepoint
// programs: the traced function's (or tracepoint's) arguments, each in a
// 64-bit slot. Convert the ctx pointer once: args := (*bpf.Args)(ctx).
//
// Index it with constants: the verifier accepts only constant offsets into
// the context. A slot holds a C value widened to 64 bits; for an int argument
// only the low 32 bits are defined, so convert with int32(args[i]) first.
// The kernel allows at most 12 arguments (MAX_BPF_FUNC_ARGS).
type Args [12]uint64

// Ret is the return value in an fexit program: the slot after the traced
// function's nargs arguments. nargs must be a constant (the verifier checks
// the offset against the function's BTF prototype).
func (a *Args) Ret(nargs int) uint64 { return a[nargs] }

// RawTracepointArgs is the context of raw_tracepoint programs (struct
// bpf_raw_tracepoint_args): the tracepoint's TP_PROTO arguments.
type RawTracepointArgs = Args
