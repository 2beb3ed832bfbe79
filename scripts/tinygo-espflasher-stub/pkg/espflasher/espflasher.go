// Package espflasher stands in for tinygo.org/x/espflasher, which the Go
// module proxy reachable here refuses to serve. TinyGo only uses it to flash
// ESP32 boards; tinybpf never flashes anything, so every call fails plainly.
package espflasher

import (
	"errors"
	"io"
)

var errUnsupported = errors.New("ESP flashing is not built into this TinyGo (tinybpf toolchain build)")

type ResetMode int

const ResetUSBJTAG ResetMode = 1

type StdoutLogger struct{ W io.Writer }

type Options struct {
	Compress  bool
	Logger    *StdoutLogger
	ResetMode ResetMode
}

func DefaultOptions() *Options { return &Options{} }

type Flasher struct{}

func New(port string, opts *Options) (*Flasher, error) { return nil, errUnsupported }

func (f *Flasher) Close()                                             {}
func (f *Flasher) Reset()                                             {}
func (f *Flasher) ChipName() string                                   { return "" }
func (f *Flasher) EraseFlash(progress func(current, total int)) error { return errUnsupported }
func (f *Flasher) FlashImage(data []byte, offset uint32, progress func(current, total int)) error {
	return errUnsupported
}
