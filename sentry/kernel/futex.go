package kernel

import (
	"encoding/binary"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// futexKey names a futex word. Private futexes are keyed by address within
// the thread group's address space (shared ones too, until processes share
// memory).
type futexKey struct {
	mm   any
	addr uintptr
}

type futexWaiter struct {
	bitset uint32
	woken  chan struct{}
}

// Futexes is the kernel's futex wait queues.
type Futexes struct {
	mu      sync.Mutex
	waiters map[futexKey][]*futexWaiter
}

func (k *Kernel) futexes() *Futexes {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.futex == nil {
		k.futex = &Futexes{waiters: make(map[futexKey][]*futexWaiter)}
	}
	return k.futex
}

// FutexWait blocks while the word at addr equals val, until a wake whose
// bitset intersects bitset, or the timeout (nil: none). Errors: EINVAL,
// EFAULT, EAGAIN (value differs), ETIMEDOUT.
func (t *Task) FutexWait(addr uintptr, val, bitset uint32, deadline *time.Time) error {
	if addr%4 != 0 || bitset == 0 {
		return unix.EINVAL
	}
	f := t.K.futexes()
	key := futexKey{t.MM, addr}
	w := &futexWaiter{bitset: bitset, woken: make(chan struct{})}
	// Check the value and queue under the lock so no wake is lost.
	f.mu.Lock()
	b := make([]byte, 4)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		f.mu.Unlock()
		return unix.EFAULT
	}
	if binary.LittleEndian.Uint32(b) != val {
		f.mu.Unlock()
		return unix.EAGAIN
	}
	f.waiters[key] = append(f.waiters[key], w)
	f.mu.Unlock()
	err := t.Block(w.woken, deadline)
	if err == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-w.woken:
		return nil // woken as the wait ended: the wake counts
	default:
	}
	q := f.waiters[key]
	for i, x := range q {
		if x == w {
			f.waiters[key] = append(q[:i], q[i+1:]...)
			break
		}
	}
	if len(f.waiters[key]) == 0 {
		delete(f.waiters, key)
	}
	return err
}

// FutexWake wakes up to n waiters on addr whose bitset intersects bitset and
// returns how many it woke. Errors: EINVAL.
func (t *Task) FutexWake(addr uintptr, n int, bitset uint32) (int, error) {
	if addr%4 != 0 || bitset == 0 {
		return 0, unix.EINVAL
	}
	f := t.K.futexes()
	key := futexKey{t.MM, addr}
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.waiters[key]
	woke := 0
	var keep []*futexWaiter
	for _, w := range q {
		if woke < n && w.bitset&bitset != 0 {
			close(w.woken)
			woke++
			continue
		}
		keep = append(keep, w)
	}
	if len(keep) == 0 {
		delete(f.waiters, key)
	} else {
		f.waiters[key] = keep
	}
	return woke, nil
}
