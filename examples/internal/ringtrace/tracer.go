package ringtrace

import (
	"bytes"
	"errors"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
)

// Tracer is a loaded object (see Load) with its programs attached.
type Tracer struct {
	coll  *ebpf.Collection
	links []link.Link
}

// NewTracer takes ownership of coll and links: Close releases them.
func NewTracer(coll *ebpf.Collection, links ...link.Link) *Tracer {
	return &Tracer{coll: coll, links: links}
}

// Events is the ring buffer the programs write to.
func (t *Tracer) Events() *ebpf.Map { return t.coll.Maps[EventsMap] }

// Dropped is how many events the full ring buffer refused so far.
func (t *Tracer) Dropped() (uint64, error) { return Dropped(t.coll) }

// Close detaches the programs, then frees the programs and maps.
func (t *Tracer) Close() error {
	err := CloseLinks(t.links)
	t.coll.Close()
	return err
}

// CloseLinks detaches every link, also after an error, and joins the errors.
func CloseLinks(links []link.Link) error {
	var errs []error
	for _, l := range links {
		errs = append(errs, l.Close())
	}
	return errors.Join(errs...)
}

// CString is the text of a NUL-terminated C string field: what follows the
// NUL is whatever the program left there, so it is cut off. A field without a
// NUL is all text.
func CString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
