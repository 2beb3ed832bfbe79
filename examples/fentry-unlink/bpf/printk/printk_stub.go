//go:build !tinygo

// Package main holds the eBPF programs; they are built by TinyGo (see printk.go).
// This file lets `go vet ./...` and editors load the package with standard Go.
package main

func main() {}
