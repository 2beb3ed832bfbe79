// Bad input: a method call through an interface (dynamic dispatch).
package main

import "unsafe"

type shape interface{ area() uint32 }

type square struct{ side uint32 }

func (s square) area() uint32 { return s.side * s.side }

type rect struct{ w, h uint32 }

func (r rect) area() uint32 { return r.w * r.h }

var shapes = [2]shape{square{3}, rect{2, 5}}

//go:section xdp
//export total
func total(ctx unsafe.Pointer) int32 {
	s := shapes[uintptr(ctx)&1]
	return int32(s.area())
}

func main() {}
