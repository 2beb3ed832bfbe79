// Bad input: a goroutine (TinyGo itself refuses it without a scheduler).
package main

import "unsafe"

var done uint32

func work() { done = 1 }

//go:section xdp
//export spawn
func spawn(ctx unsafe.Pointer) int32 {
	go work()
	return 2
}

func main() {}
