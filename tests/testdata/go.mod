module tinybpf.test/testdata

go 1.24
