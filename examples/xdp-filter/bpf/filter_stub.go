//go:build !tinygo

// Package main holds the XDP program; it is built by TinyGo (see filter.go).
// This file lets `go vet ./...` and editors load the package with standard Go.
package main

func main() {}
