module tinybpf.test/testdata

go 1.24

require github.com/tinybpf/tinybpf v0.0.0

replace github.com/tinybpf/tinybpf => ../..
