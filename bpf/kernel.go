package bpf

// Kernel marks a Go struct as a kernel type for CO-RE: a struct whose first
// field is `_ bpf.Kernel` stands for the kernel struct its name turns into by
// the rule of docs/core.md (TaskStruct: struct task_struct), and every field
// address taken through a pointer to it is relocated by name at load time.
// `tinybpf types` writes such declarations from the kernel's BTF
// (docs/types.md). It takes no space.
type Kernel struct{}

// Bitfield marks a C bitfield in a kernel type: a zero-size field named
// after it, at the byte offset of its storage unit (padding covers the
// storage). Read it with CoreReadBitfield, which the loader relocates.
type Bitfield struct{}

// DataLoc is a __data_loc field of a tracepoint record: where a variable
// part of the record, such as a string, lies within the record.
type DataLoc uint32

// Offset is the position of the data from the start of the record.
func (d DataLoc) Offset() uint16 { return uint16(d) }

// Len is the length of the data in bytes (a string's includes its NUL).
func (d DataLoc) Len() uint16 { return uint16(d >> 16) }
