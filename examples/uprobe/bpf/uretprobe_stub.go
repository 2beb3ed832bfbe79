//go:build !tinygo

// Package main holds the eBPF program; it is built by TinyGo (see uretprobe.go).
// This file lets `go vet ./...` and editors load the package with standard Go.
package main

func main() {}
