// Package tool is what the user-space sides of the ported libbpf-tools share:
// loading the BPF object with its .rodata settings, reading the records its
// programs send until SIGINT or SIGTERM, and C strings.
package tool

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
	"github.com/cilium/ebpf/ringbuf"
)

// Load loads the BPF object obj into the kernel, with each of vars (name:
// value) set in its .rodata first. When the verifier rejects a program, the
// error carries the verifier's whole log.
func Load(obj string, vars map[string]any) (*ebpf.Collection, error) {
	spec, err := ebpf.LoadCollectionSpec(obj)
	if err != nil {
		return nil, err
	}
	for name, v := range vars {
		vs, ok := spec.Variables[name]
		if !ok {
			return nil, fmt.Errorf("setting %s: %s has no such variable", name, obj)
		}
		if err := vs.Set(v); err != nil {
			return nil, fmt.Errorf("setting %s: %w", name, err)
		}
	}
	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		var ve *ebpf.VerifierError
		if errors.As(err, &ve) {
			return nil, fmt.Errorf("%w\n%+v", err, ve)
		}
		return nil, err
	}
	return coll, nil
}

// Signalled returns a channel that receives SIGINT or SIGTERM.
func Signalled() <-chan os.Signal {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	return stop
}

// Events reads the records a BPF program sends, each a T.
type Events[T any] struct {
	read func() ([]byte, error) // the reader's ErrClosed after a signal, errLost for a lost-samples record
}

var errLost = errors.New("lost samples")

// Perf reads the perf event array m, with pages pages a CPU. From now on,
// SIGINT or SIGTERM ends Each.
func Perf[T any](m *ebpf.Map, pages int) (*Events[T], error) {
	rd, err := perf.NewReader(m, pages*os.Getpagesize())
	if err != nil {
		return nil, err
	}
	closeOnSignal(rd.Close)
	return &Events[T]{read: func() ([]byte, error) {
		rec, err := rd.Read()
		if err == nil && rec.LostSamples > 0 {
			fmt.Fprintf(os.Stderr, "lost %d samples on CPU %d\n", rec.LostSamples, rec.CPU)
			return nil, errLost
		}
		return rec.RawSample, err
	}}, nil
}

// Ring reads the ring buffer m. From now on, SIGINT or SIGTERM ends Each.
func Ring[T any](m *ebpf.Map) (*Events[T], error) {
	rd, err := ringbuf.NewReader(m)
	if err != nil {
		return nil, err
	}
	closeOnSignal(rd.Close)
	return &Events[T]{read: func() ([]byte, error) {
		rec, err := rd.Read()
		return rec.RawSample, err
	}}, nil
}

func closeOnSignal(closeReader func() error) {
	stop := Signalled()
	go func() { <-stop; closeReader() }()
}

// Each decodes each record (in native byte order) and calls fn with it,
// until SIGINT or SIGTERM, when it returns nil, or an error of reading or
// decoding. A lost-samples record is reported on stderr and skipped.
func (e *Events[T]) Each(fn func(*T)) error {
	var v T
	for {
		raw, err := e.read()
		if errors.Is(err, perf.ErrClosed) || errors.Is(err, ringbuf.ErrClosed) {
			return nil
		} else if errors.Is(err, errLost) {
			continue
		} else if err != nil {
			return err
		}
		if err := binary.Read(bytes.NewReader(raw), binary.NativeEndian, &v); err != nil {
			return fmt.Errorf("decoding a record of %d bytes: %w", len(raw), err)
		}
		fn(&v)
	}
}

// CString is b up to its first NUL, as C's %s prints it.
func CString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
