module github.com/tinybpf/tinybpf/examples/fentry-unlink

go 1.25.0
