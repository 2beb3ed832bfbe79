module github.com/tinybpf/tinybpf/examples/tc-filter

go 1.25.0

require (
	github.com/cilium/ebpf v0.22.0
	github.com/tinybpf/tinybpf v0.0.0
	github.com/tinybpf/tinybpf/examples/internal v0.0.0
	github.com/vishvananda/netlink v1.3.1
	golang.org/x/sys v0.43.0
)

require github.com/vishvananda/netns v0.0.5 // indirect

replace (
	github.com/tinybpf/tinybpf => ../..
	github.com/tinybpf/tinybpf/examples/internal => ../internal
)
