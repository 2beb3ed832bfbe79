// Go that BPF cannot run, one program each, for docs/writing-go.md: each is
// linked alone (--program) and tests/docs checks what tinybpf says about it.
package main

import "unsafe"

func bpfGetPrandomU32() uint32

var counts map[uint32]uint32

//go:section xdp
//export uses_go_map
func uses_go_map(ctx unsafe.Pointer) int32 {
	counts[bpfGetPrandomU32()]++
	return 2
}

type shape interface{ area() uint32 }
type square struct{ side uint32 }

func (s square) area() uint32 { return s.side * s.side }

var shapes = [2]shape{square{1}, square{2}}

//go:section xdp
//export uses_interface
func uses_interface(ctx unsafe.Pointer) int32 {
	return int32(shapes[bpfGetPrandomU32()&1].area())
}

var ratio float64 = 1.5

//go:section xdp
//export uses_float
func uses_float(ctx unsafe.Pointer) int32 {
	return int32(float64(bpfGetPrandomU32()) * ratio)
}

func fib(n uint32) uint32 {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

//go:section xdp
//export uses_recursion
func uses_recursion(ctx unsafe.Pointer) int32 {
	return int32(fib(bpfGetPrandomU32() & 7))
}

var name = "tinybpf"

//go:section xdp
//export uses_string
func uses_string(ctx unsafe.Pointer) int32 {
	s := name + string(rune('a'+bpfGetPrandomU32()%26))
	return int32(len(s))
}

var queue = make(chan uint32, 4)

//go:section xdp
//export uses_channel
func uses_channel(ctx unsafe.Pointer) int32 {
	queue <- bpfGetPrandomU32()
	return 2
}

var seen []uint32

//go:section xdp
//export uses_append
func uses_append(ctx unsafe.Pointer) int32 {
	seen = append(seen, bpfGetPrandomU32())
	return int32(len(seen))
}

func main() {}
