//go:build !tinygo

package bpf

import "unsafe"

// Standard Go's twin of core_intrinsics.go, so that go doc, go vet and
// editors load the package: the CO-RE intrinsics exist only in programs
// tinybpf builds. Written by hand: six declarations, with the same
// signatures.

const notTinybpf = "bpf: CO-RE reads work only in BPF programs built by tinybpf"

func coreRead(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64    { panic(notTinybpf) }
func coreReadStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64 { panic(notTinybpf) }
func coreReadBitfield(field unsafe.Pointer) uint64                          { panic(notTinybpf) }
func coreFieldInfo(field unsafe.Pointer, kind uint32) uint32                { panic(notTinybpf) }
func coreTypeInfo(p unsafe.Pointer, kind uint32) uint32                     { panic(notTinybpf) }
func coreEnumValueOf(enum, name string, kind uint32) int64                  { panic(notTinybpf) }
