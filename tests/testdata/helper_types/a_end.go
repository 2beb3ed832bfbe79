//go:build ignore

// A file that ends in an //export comment with no function after it: tinybpf,
// looking for currentComm's declaration (main.go), reads to its end and goes
// on to the next file. tests/cli/bad_input_test.sh.
package main

//export bpf_get_current_comm
