module github.com/tinybpf/tinybpf

go 1.24
