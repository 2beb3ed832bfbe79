// Locals whose address outlives the call, stored where the function cannot see the memory's
// owner (through its context pointer, into memory a Go function returned), or stored as what a
// Go function given it returns. Refused at the line that lets the address escape.
package main

import (
	"sync/atomic"
	"unsafe"
)

type holder struct {
	P *uint64
}

var spare holder

//go:noinline
func somewhere() *holder {
	return &spare
}

//go:section xdp
//export through_ctx
func through_ctx(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	(*holder)(ctx).P = &x
	return 0
}

//go:section xdp
//export into_returned
func into_returned(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	somewhere().P = &x
	return 0
}

var saved *uint64

//go:noinline
func same(p *uint64) *uint64 {
	return p
}

//go:section xdp
//export through_identity
func through_identity(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	saved = same(&x)
	return 0
}

// Go's copy (a memmove) of a local array holding the address into another,
// then that one stored in a package variable: the address travels through both.
var keptPointers [2]*uint64

//go:section xdp
//export copied_holder
func copied_holder(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h, h2 [2]*uint64
	h[0] = &x
	copy(h2[:], h[:])
	keptPointers = h2
	return 0
}

//go:noinline
func keepAll(p *[2]*uint64) {
	keptPointers = *p
}

// The local holding the address given to a Go function, which stores what
// it holds in a package variable.
//
//go:section xdp
//export holder_to_callee
func holder_to_callee(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [2]*uint64
	h[0] = &x
	keepAll(&h)
	return 0
}

//go:noinline
func holderOf(p *[2]*uint64) *[2]*uint64 {
	return p
}

// The local holding the address given to a Go function that returns it, and
// what it holds stored in a package variable through the returned pointer.
//
//go:section xdp
//export holder_returned
func holder_returned(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [2]*uint64
	h[0] = &x
	keptPointers = *holderOf(&h)
	return 0
}

// A local holding the address of the local holding the address: read
// through both, and stored in a package variable.
//
//go:section xdp
//export holder_of_holder
func holder_of_holder(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [2]*uint64
	h[0] = &x
	var hh [1]*[2]*uint64
	hh[0] = &h
	keptPointers = *hh[0]
	return 0
}

var keptHolder **uint64

// The address of a local holding the address stored in a package variable:
// refused for both locals.
//
//go:section xdp
//export holder_address_kept
func holder_address_kept(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	p := &x
	keptHolder = &p
	return 0
}

// Six locals, each holding the address of the one before: past what is
// followed, refused where the fifth takes the fourth's address, although
// this one keeps nothing.
//
//go:section xdp
//export six_holders
func six_holders(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	p1 := &x
	p2 := &p1
	p3 := &p2
	p4 := &p3
	p5 := &p4
	p6 := &p5
	return int32(******p6)
}

var keptAtomic unsafe.Pointer

// The address put in a package variable by sync/atomic: an exchange, a
// store and a compare-and-swap (their atomic instructions in the standard
// library's functions), each refused at the user's call.
//
//go:section xdp
//export atomic_swap
func atomic_swap(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	atomic.SwapPointer(&keptAtomic, unsafe.Pointer(&x))
	return 0
}

//go:section xdp
//export atomic_store
func atomic_store(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	atomic.StorePointer(&keptAtomic, unsafe.Pointer(&x))
	return 0
}

//go:section xdp
//export atomic_cas
func atomic_cas(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	atomic.CompareAndSwapPointer(&keptAtomic, nil, unsafe.Pointer(&x))
	return 0
}

// A local holding the address, exchanged for nil: the exchange gives the
// address back, and it is stored in a package variable.
//
//go:section xdp
//export atomic_swap_out
func atomic_swap_out(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	p := unsafe.Pointer(&x)
	keptAtomic = atomic.SwapPointer(&p, nil)
	return 0
}

var keptHolderArray *[2]*uint64

// The holder a Go function returns, its address stored in a package
// variable: x is held by a local whose address is kept (and h's own address
// is kept: two errors).
//
//go:section xdp
//export holder_returned_kept
func holder_returned_kept(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [2]*uint64
	h[0] = &x
	keptHolderArray = holderOf(&h)
	return 0
}

//go:noinline
func newHolder() *[2]*uint64 {
	var x uint64 = 5
	var h [2]*uint64
	h[0] = &x
	return &h
}

// A Go function returning the address of its local holding another's: one
// error, for h, which is returned; x is only held by it.
//
//go:section xdp
//export holder_of_callee_returned
func holder_of_callee_returned(ctx unsafe.Pointer) int32 {
	return int32(*newHolder()[0])
}

var keptEither unsafe.Pointer

//go:noinline
func either(h *[2]*uint64, holder bool) unsafe.Pointer {
	if holder {
		return unsafe.Pointer(h)
	}
	return unsafe.Pointer(h[0])
}

// A Go function given the holder that returns the holder on one path and
// what it holds on the other: the call is both, and what is stored is x's
// address itself.
//
//go:section xdp
//export either_returned
func either_returned(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [2]*uint64
	h[0] = &x
	keptEither = either(&h, uintptr(ctx) == 1)
	return 0
}

var keptDeep ****uint64

// Three locals deep, the third's address stored in a package variable: x is
// then four locals away, still followed: the usual error, not the one for
// addresses kept further away than tinybpf follows.
//
//go:section xdp
//export four_deep_kept
func four_deep_kept(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	p1 := &x
	p2 := &p1
	p3 := &p2
	keptDeep = &p3
	return 0
}

var keptDeeper *****uint64

//go:noinline
func sameDeep(p *****uint64) *****uint64 {
	return p
}

// The fourth local's address given to a Go function that returns it (the
// most levels a returned value is followed at), and kept: x is then five
// locals away, past what is followed.
//
//go:section xdp
//export four_deep_returned
func four_deep_returned(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	p1 := &x
	p2 := &p1
	p3 := &p2
	p4 := &p3
	keptDeeper = sameDeep(&p4)
	return 0
}

var other uint64

//go:noinline
func otherAddress(h *[2]*uint64) *uint64 {
	return &other
}

// A Go function given the holder that returns another address: storing that
// keeps nothing of x's, and the program builds.
//
//go:section xdp
//export holder_given_other_returned
func holder_given_other_returned(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [2]*uint64
	h[0] = &x
	saved = otherAddress(&h)
	return int32(*h[0])
}

var keptChosen *uint64

// A holder chosen on a path (hp is &h1 or &h2, a phi), read through: x's
// address, which h1 holds, is kept.
//
//go:section xdp
//export holder_chosen_read
func holder_chosen_read(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h1, h2 [1]*uint64
	h1[0] = &x
	hp := &h1
	if *(*uint32)(ctx) > 5 {
		hp = &h2
	}
	keptChosen = hp[0]
	return 0
}

// x's address stored through a holder chosen on a path: h1 or h2 holds it,
// and h1's is kept.
//
//go:section xdp
//export holder_chosen_store
func holder_chosen_store(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h1, h2 [1]*uint64
	hp := &h1
	if *(*uint32)(ctx) > 5 {
		hp = &h2
	}
	hp[0] = &x
	keptChosen = h1[0]
	return 0
}

// The same with nothing kept: it builds.
//
//go:section xdp
//export holder_chosen_local
func holder_chosen_local(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h1, h2 [1]*uint64
	hp := &h1
	if *(*uint32)(ctx) > 5 {
		hp = &h2
	}
	hp[0] = &x
	if p := h2[0]; p != nil {
		return int32(*p)
	}
	return 1
}

// A holder's address made an integer and back, read through: x's address
// is kept.
//
//go:section xdp
//export holder_as_integer
func holder_as_integer(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [1]*uint64
	h[0] = &x
	hp := (*[1]*uint64)(unsafe.Pointer(uintptr(unsafe.Pointer(&h)) + uintptr(*(*uint32)(ctx)&0)))
	keptChosen = hp[0]
	return 0
}

func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

var keptCopy [1]*uint64

// A holder copied by bpf_probe_read_kernel into a package variable: x's
// address is kept there.
//
//go:section xdp
//export holder_probe_read
func holder_probe_read(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [1]*uint64
	h[0] = &x
	bpfProbeReadKernel(unsafe.Pointer(&keptCopy), 8, unsafe.Pointer(&h))
	return 0
}

func bpfSkbStoreBytes(skb unsafe.Pointer, offset uint32, from unsafe.Pointer, size uint32, flags uint64) int64

// A holder written into the packet by bpf_skb_store_bytes: x's address
// leaves with it.
//
//go:section tc
//export holder_into_packet
func holder_into_packet(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [1]*uint64
	h[0] = &x
	bpfSkbStoreBytes(ctx, 0, unsafe.Pointer(&h), 8, 0)
	return 0
}

var keptThrough *uint64

// Eight Go functions, each calling the next with x's address, the last
// keeping it: followed through all eight (BPF's own bound on nested calls),
// refused where it is kept.
//
//go:noinline
func through8(p *uint64) { keptThrough = p }

//go:noinline
func through1(p *uint64) { through2(p) }

//go:noinline
func through2(p *uint64) { through3(p) }

//go:noinline
func through3(p *uint64) { through4(p) }

//go:noinline
func through4(p *uint64) { through5(p) }

//go:noinline
func through5(p *uint64) { through6(p) }

//go:noinline
func through6(p *uint64) { through7(p) }

//go:noinline
func through7(p *uint64) { through8(p) }

//go:section xdp
//export eight_calls_deep
func eight_calls_deep(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	through1(&x)
	return 0
}

// Nine: past what is followed, refused at the ninth call, whatever it does.
//
//go:noinline
func deeper9(p *uint64) { keptThrough = p }

//go:noinline
func deeper1(p *uint64) { deeper2(p) }

//go:noinline
func deeper2(p *uint64) { deeper3(p) }

//go:noinline
func deeper3(p *uint64) { deeper4(p) }

//go:noinline
func deeper4(p *uint64) { deeper5(p) }

//go:noinline
func deeper5(p *uint64) { deeper6(p) }

//go:noinline
func deeper6(p *uint64) { deeper7(p) }

//go:noinline
func deeper7(p *uint64) { deeper8(p) }

//go:noinline
func deeper8(p *uint64) { deeper9(p) }

//go:section xdp
//export nine_calls_deep
func nine_calls_deep(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	deeper1(&x)
	return 0
}

type event struct {
	data *uint64
	n    uint64
}

//go:noinline
func attach(p *uint64, ev *event) {
	ev.data = p
}

//go:noinline
func attachVia(p *uint64, ev *event) {
	attach(p, ev)
}

var keptEvent event

// A Go function storing x's address in the local it was given a pointer to
// (through another that passes both on): ev holds it, and what ev holds is
// kept.
//
//go:section xdp
//export attached_kept
func attached_kept(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var ev event
	attachVia(&x, &ev)
	keptThrough = ev.data
	return 0
}

// The same function given a package variable: x's address is kept there.
//
//go:section xdp
//export attached_to_package
func attached_to_package(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	attachVia(&x, &keptEvent)
	return 0
}

// Given a local, with nothing kept: it builds.
//
//go:section xdp
//export attached_local
func attached_local(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var ev event
	attachVia(&x, &ev)
	if ev.data != nil {
		return int32(*ev.data)
	}
	return 0
}

var keptPair [2]*uint64

// Two addresses stored side by side, which an optimiser may store as one
// vector (bad_input_test rewrites this function's optimised IR so).
//
//go:section xdp
//export pair_kept
func pair_kept(ctx unsafe.Pointer) int32 {
	var x, y uint64 = 5, 6
	keptPair[0] = &x
	keptPair[1] = &y
	return 0
}

func bpfTaskStorageGet(m, task, value unsafe.Pointer, flags uint64) unsafe.Pointer
func bpfSkbOutput(ctx, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64
func bpfSockMapUpdate(skops, m, key unsafe.Pointer, flags uint64) int64
func bpfSeqWrite(m, data unsafe.Pointer, size uint32) int64

// A holder given to helpers that copy it somewhere lasting: as a storage's
// initial value, to user space, as a sockmap's key, to a seq file.
// bad_input_test renames each declaration to the others of its shape.
//
//go:section xdp
//export holder_to_storage
func holder_to_storage(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [1]*uint64
	h[0] = &x
	if bpfTaskStorageGet(ctx, ctx, unsafe.Pointer(&h), 1) == nil {
		return 1
	}
	return 0
}

//go:section xdp
//export holder_output
func holder_output(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [1]*uint64
	h[0] = &x
	return int32(bpfSkbOutput(ctx, ctx, 0, unsafe.Pointer(&h), 8))
}

//go:section xdp
//export holder_sockmap_key
func holder_sockmap_key(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [1]*uint64
	h[0] = &x
	return int32(bpfSockMapUpdate(ctx, ctx, unsafe.Pointer(&h), 0))
}

//go:section xdp
//export holder_seq_write
func holder_seq_write(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h [1]*uint64
	h[0] = &x
	return int32(bpfSeqWrite(ctx, unsafe.Pointer(&h), 8))
}

// A holder chosen anew on some turns of a loop, kept on the others (two
// phis, each taking the other): each followed once, and x's address, which
// h1 holds, is kept.
//
//go:section xdp
//export holder_chosen_in_loop
func holder_chosen_in_loop(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h1, h2 [1]*uint64
	h1[0] = &x
	hp := &h1
	for i := uint32(0); i < *(*uint32)(ctx)&3; i++ {
		if i&1 == 0 {
			hp = &h2
		}
	}
	keptChosen = hp[0]
	return 0
}

// The same loop with nothing kept: it builds.
//
//go:section xdp
//export holder_chosen_in_loop_local
func holder_chosen_in_loop_local(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h1, h2 [1]*uint64
	h1[0] = &x
	hp := &h1
	for i := uint32(0); i < *(*uint32)(ctx)&3; i++ {
		if i&1 == 0 {
			hp = &h2
		}
	}
	if p := hp[0]; p != nil {
		return int32(*p)
	}
	return 0
}

// x's address stored through a holder chosen on a path, h2's kept: each
// choice holds it, the one taken when the condition holds as much as the
// other (at -opt=1 a select whose first value is h2).
//
//go:section xdp
//export holder_chosen_store_second
func holder_chosen_store_second(ctx unsafe.Pointer) int32 {
	var x uint64 = 5
	var h1, h2 [1]*uint64
	hp := &h1
	if *(*uint32)(ctx) > 5 {
		hp = &h2
	}
	hp[0] = &x
	keptChosen = h2[0]
	return 0
}

func main() {}
