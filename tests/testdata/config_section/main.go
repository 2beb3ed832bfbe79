package main

// No //go:section: the section comes from tinybpf.json or --section.

//export on_exec
func on_exec(ctx uintptr) int32 {
	return 0
}

func main() {}
