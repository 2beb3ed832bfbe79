//go:build !tinygo

// Package main holds the tracepoint programs; it is built by TinyGo (see connect.go).
// This file lets `go vet ./...` and editors load the package with standard Go.
package main

func main() {}
