module github.com/tinybpf/tinybpf/examples/xdp-filter

go 1.25.0

require (
	github.com/cilium/ebpf v0.22.0
	github.com/tinybpf/tinybpf v0.0.0
	github.com/tinybpf/tinybpf/examples/internal v0.0.0
)

require golang.org/x/sys v0.43.0

replace (
	github.com/tinybpf/tinybpf => ../..
	github.com/tinybpf/tinybpf/examples/internal => ../internal
)
