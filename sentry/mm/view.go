package mm

import (
	"sync"

	"husk/platform"
)

// View is one thread's platform address space over the MM. Threads that
// share an MM each have a view (a platform may need one per host thread:
// ptrace binds a stub to the thread that traces it). Pages are mapped into a
// view lazily, by that thread's faults; a change that removes mappings
// (munmap, mprotect, MADV_DONTNEED, brk) is queued on every view and applied
// by the view's own thread before it next runs app code, and a view that is
// running app code at that moment is interrupted and waited for, so that no
// thread can touch a page after its unmap returned.
//
// Lock order: MM.mu, then View.mu.
type View struct {
	m  *MM
	as platform.AddressSpace
	// mapped is the set of pages mapped into as, each true when mapped
	// writable (guarded by MM.mu).
	mapped map[uintptr]bool

	mu        sync.Mutex
	cond      *sync.Cond
	pending   [][2]uintptr // ranges to unmap before running again
	running   bool         // in platform Switch
	exits     uint64       // times Switch returned
	interrupt func()       // kicks the running thread out of app code
}

// NewView adds a view for a new thread.
func (m *MM) NewView() (*View, error) {
	as, err := m.p.NewAddressSpace()
	if err != nil {
		return nil, err
	}
	v := &View{m: m, as: as, mapped: make(map[uintptr]bool)}
	v.cond = sync.NewCond(&v.mu)
	m.mu.Lock()
	m.views = append(m.views, v)
	m.mu.Unlock()
	return v, nil
}

// AddressSpace is the view's platform address space.
func (v *View) AddressSpace() platform.AddressSpace { return v.as }

// SetInterrupt sets how to kick the view's thread out of app code.
func (v *View) SetInterrupt(f func()) {
	v.mu.Lock()
	v.interrupt = f
	v.mu.Unlock()
}

// Enter applies the queued unmaps and marks the view running; call it on
// the view's thread right before switching into app code.
func (v *View) Enter() {
	v.mu.Lock()
	for len(v.pending) > 0 {
		p := v.pending
		v.pending = nil
		v.mu.Unlock()
		for _, r := range p {
			v.as.Unmap(r[0], r[1])
		}
		v.mu.Lock()
	}
	v.running = true
	v.mu.Unlock()
}

// applyPending applies the queued unmaps now (on the view's own thread,
// with MM.mu held, while the view is not running).
func (v *View) applyPending() {
	v.mu.Lock()
	p := v.pending
	v.pending = nil
	v.mu.Unlock()
	for _, r := range p {
		v.as.Unmap(r[0], r[1])
	}
}

// Exit marks the view stopped; call it right after the switch returns.
func (v *View) Exit() {
	v.mu.Lock()
	v.running = false
	v.exits++
	v.cond.Broadcast()
	v.mu.Unlock()
}

// Release drops the view (its thread is gone).
func (v *View) Release() {
	m := v.m
	m.mu.Lock()
	for i, w := range m.views {
		if w == v {
			m.views = append(m.views[:i], m.views[i+1:]...)
			break
		}
	}
	m.mu.Unlock()
	v.as.Release()
}

// invalidateLocked removes [addr, addr+length) from every view (m.mu held).
// With one view that is not running (the caller is its thread), it unmaps at
// once; otherwise it queues, and waits for views running app code to stop.
func (m *MM) invalidateLocked(addr, length uintptr) {
	end := addr + length
	for _, v := range m.views {
		if uintptr(len(v.mapped)) < length/PageSize {
			for va := range v.mapped {
				if va >= addr && va < end {
					delete(v.mapped, va)
				}
			}
		} else {
			for va := addr; va < end; va += PageSize {
				delete(v.mapped, va)
			}
		}
	}
	if len(m.views) == 1 {
		v := m.views[0]
		v.mu.Lock()
		running := v.running
		v.mu.Unlock()
		if !running {
			v.as.Unmap(addr, length)
			return
		}
	}
	for _, v := range m.views {
		v.mu.Lock()
		v.pending = append(v.pending, [2]uintptr{addr, length})
		if v.running {
			c := v.exits
			if v.interrupt != nil {
				v.interrupt()
			}
			for v.running && v.exits == c {
				v.cond.Wait()
			}
		}
		v.mu.Unlock()
	}
}

// IncUsers counts one more thread using the MM (a new thread).
func (m *MM) IncUsers() {
	m.mu.Lock()
	m.users++
	m.mu.Unlock()
}

// DecUsers drops a user; the last one releases the MM.
func (m *MM) DecUsers() {
	m.mu.Lock()
	m.users--
	last := m.users <= 0
	m.mu.Unlock()
	if last {
		m.Release()
	}
}
