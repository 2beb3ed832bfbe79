package main

//export bpf_ktime_get_ns
func ktimeGetNsAgain(flags uint64) uint64
