module tinybpf.test/conformance

go 1.24
