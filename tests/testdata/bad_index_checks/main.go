// Checks that do not rule the panic out stay refused: a signed index tested
// only against the length, an index read again from memory after a helper
// call could change it, and a loop bounded by a count the program was given.
package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type config struct {
	Index uint32
	Count uint32
}

type hist struct {
	Slots [32]uint64
}

var configs = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 8, MaxEntries: 1}
var hists = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 256, MaxEntries: 1}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfKtimeGetNs() uint64

func lookup(m unsafe.Pointer) unsafe.Pointer {
	key := uint32(0)
	return bpfMapLookupElem(m, unsafe.Pointer(&key))
}

//go:section xdp
//export signed_index
func signed_index(ctx unsafe.Pointer) int32 {
	cfg := (*config)(lookup(unsafe.Pointer(&configs)))
	h := (*hist)(lookup(unsafe.Pointer(&hists)))
	if cfg == nil || h == nil {
		return 0
	}
	i := int32(cfg.Index)
	if i < 32 {
		h.Slots[i]++
	}
	return 1
}

//go:section xdp
//export read_again
func read_again(ctx unsafe.Pointer) int32 {
	cfg := (*config)(lookup(unsafe.Pointer(&configs)))
	h := (*hist)(lookup(unsafe.Pointer(&hists)))
	if cfg == nil || h == nil {
		return 0
	}
	if cfg.Index < 32 {
		h.Slots[0] = bpfKtimeGetNs()
		h.Slots[cfg.Index]++
	}
	return 1
}

//go:section xdp
//export loop_count
func loop_count(ctx unsafe.Pointer) int32 {
	cfg := (*config)(lookup(unsafe.Pointer(&configs)))
	h := (*hist)(lookup(unsafe.Pointer(&hists)))
	if cfg == nil || h == nil {
		return 0
	}
	for j := uint32(0); j < cfg.Count; j++ {
		h.Slots[j]++
	}
	return 1
}

func main() {}
