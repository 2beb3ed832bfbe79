//go:build tinygo

// Sections from tinybpf.json and --section (see link-flags), and their
// precedence over //go:section: each program's return value shows the
// program type it was loaded as (a tc program's context starts with the
// packet length).
package main

import "unsafe"

// In tinybpf.json only.
//
//export from_config
func from_config(ctx unsafe.Pointer) int32 {
	return 2 // XDP_PASS
}

// //go:section says socket; tinybpf.json says tc, and wins.
//
//go:section socket
//export config_over_source
func config_over_source(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	return int32(*(*uint32)(ctx)) + 1000
}

// //go:section and tinybpf.json say xdp; --section says tc, and wins.
//
//go:section xdp
//export option_over_all
func option_over_all(ctx unsafe.Pointer) int32 {
	if ctx == nil {
		return -1
	}
	return int32(*(*uint32)(ctx))
}

func main() {}
