package vdso

import (
	"sync/atomic"
	"unsafe"
)

// vvarPage is the sentry's view of the vvar page (layout in vvar.go).
type vvarPage struct {
	seq, valid *uint32
	w          [5]*uint64 // tsc_base, mono_base, mult, real_off, boot_off
}

// newVvarPage wraps b, a page of the memory file (8-byte aligned).
func newVvarPage(b []byte) *vvarPage {
	p := &vvarPage{
		seq:   (*uint32)(unsafe.Pointer(&b[offSeq])),
		valid: (*uint32)(unsafe.Pointer(&b[offValid])),
	}
	for i := range p.w {
		p.w[i] = (*uint64)(unsafe.Pointer(&b[offTSCBase+8*i]))
	}
	return p
}

// read returns consistent parameters and a TSC read while they held.
func (p *vvarPage) read() (params, uint64) {
	for {
		s := atomic.LoadUint32(p.seq)
		if s&1 != 0 {
			continue
		}
		pr := params{
			valid:    atomic.LoadUint32(p.valid) != 0,
			tscBase:  atomic.LoadUint64(p.w[0]),
			monoBase: atomic.LoadUint64(p.w[1]),
			mult:     atomic.LoadUint64(p.w[2]),
			realOff:  int64(atomic.LoadUint64(p.w[3])),
			bootOff:  int64(atomic.LoadUint64(p.w[4])),
		}
		tsc := rdtscOrdered()
		if atomic.LoadUint32(p.seq) == s {
			return pr, tsc
		}
	}
}

// write publishes the parameters f returns for the pivot TSC it is given,
// read inside the write window (seq odd): a reader whose TSC read comes
// after the pivot sees the new parameters or retries.
func (p *vvarPage) write(f func(pivot uint64) params) {
	atomic.AddUint32(p.seq, 1) // odd; LOCK XADD drains the store buffer first
	pr := f(rdtscOrdered())
	v := uint32(0)
	if pr.valid {
		v = 1
	}
	atomic.StoreUint32(p.valid, v)
	atomic.StoreUint64(p.w[0], pr.tscBase)
	atomic.StoreUint64(p.w[1], pr.monoBase)
	atomic.StoreUint64(p.w[2], pr.mult)
	atomic.StoreUint64(p.w[3], uint64(pr.realOff))
	atomic.StoreUint64(p.w[4], uint64(pr.bootOff))
	atomic.AddUint32(p.seq, 1)
}
