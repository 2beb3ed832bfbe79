//go:build !tinygo

// Package main is cpudist's BPF side, built by TinyGo (main.go); this file
// lets standard Go tooling load the package.
package main

func main() {}
