package bpf

// Kernel and Bitfield, the CO-RE markers of kernel types, are in core.go.

// DataLoc is a __data_loc field of a tracepoint record: where a variable
// part of the record, such as a string, lies within the record.
type DataLoc uint32

// Offset is the position of the data from the start of the record.
func (d DataLoc) Offset() uint16 { return uint16(d) }

// Len is the length of the data in bytes (a string's includes its NUL).
func (d DataLoc) Len() uint16 { return uint16(d >> 16) }
