module tinybpf.test/docs

go 1.24
