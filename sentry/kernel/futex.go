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
	key    futexKey // the queue the waiter is on (Futexes.mu); requeue moves it
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
	w := &futexWaiter{bitset: bitset, woken: make(chan struct{}), key: key}
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
	q := f.waiters[w.key]
	for i, x := range q {
		if x == w {
			f.waiters[w.key] = append(q[:i], q[i+1:]...)
			break
		}
	}
	if len(f.waiters[w.key]) == 0 {
		delete(f.waiters, w.key)
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

// FutexRequeue wakes up to nWake waiters on addr and moves up to nMove of
// the rest to addr2 (FUTEX_REQUEUE). With check, *addr must equal val
// (FUTEX_CMP_REQUEUE) or it is EAGAIN. It returns the number woken plus, for
// CMP_REQUEUE, the number moved.
func (t *Task) FutexRequeue(addr, addr2 uintptr, nWake, nMove int, check bool, val uint32) (int, error) {
	if addr%4 != 0 || addr2%4 != 0 || nWake < 0 || nMove < 0 {
		return 0, unix.EINVAL
	}
	f := t.K.futexes()
	f.mu.Lock()
	defer f.mu.Unlock()
	if check {
		b := make([]byte, 4)
		if _, err := t.MM.CopyIn(addr, b); err != nil {
			return 0, unix.EFAULT
		}
		if binary.LittleEndian.Uint32(b) != val {
			return 0, unix.EAGAIN
		}
	}
	key, key2 := futexKey{t.MM, addr}, futexKey{t.MM, addr2}
	q := f.waiters[key]
	woke, moved := 0, 0
	var keep []*futexWaiter
	for _, w := range q {
		switch {
		case woke < nWake:
			close(w.woken)
			woke++
		case moved < nMove && key2 != key:
			w.key = key2
			f.waiters[key2] = append(f.waiters[key2], w)
			moved++
		default:
			keep = append(keep, w)
		}
	}
	if len(keep) == 0 {
		delete(f.waiters, key)
	} else {
		f.waiters[key] = keep
	}
	if check {
		return woke + moved, nil
	}
	return woke, nil
}

// FutexWakeOp is FUTEX_WAKE_OP: atomically update *addr2 by the op encoded
// in op, wake up to n waiters on addr, and if the old *addr2 passes the
// encoded comparison, up to n2 waiters on addr2.
func (t *Task) FutexWakeOp(addr, addr2 uintptr, n, n2 int, op uint32) (int, error) {
	kind, cmp := (op>>28)&7, (op>>24)&15
	oparg, cmparg := (op>>12)&0xfff, op&0xfff
	if op&(8<<28) != 0 {
		if oparg > 31 {
			return 0, unix.EINVAL
		}
		oparg = 1 << oparg
	}
	var update func(uint32) uint32
	switch kind {
	case 0: // SET
		update = func(uint32) uint32 { return oparg }
	case 1: // ADD
		update = func(o uint32) uint32 { return o + oparg }
	case 2: // OR
		update = func(o uint32) uint32 { return o | oparg }
	case 3: // ANDN
		update = func(o uint32) uint32 { return o &^ oparg }
	case 4: // XOR
		update = func(o uint32) uint32 { return o ^ oparg }
	default:
		return 0, unix.ENOSYS
	}
	f := t.K.futexes()
	f.mu.Lock()
	old, err := t.MM.AtomicUpdate(addr2, update)
	f.mu.Unlock()
	if err != nil {
		return 0, err
	}
	var pass bool
	switch cmp {
	case 0:
		pass = old == cmparg
	case 1:
		pass = old != cmparg
	case 2:
		pass = int32(old) < int32(cmparg)
	case 3:
		pass = int32(old) <= int32(cmparg)
	case 4:
		pass = int32(old) > int32(cmparg)
	case 5:
		pass = int32(old) >= int32(cmparg)
	default:
		return 0, unix.ENOSYS
	}
	woke, err := t.FutexWake(addr, n, ^uint32(0))
	if err != nil {
		return 0, err
	}
	if pass {
		w2, err := t.FutexWake(addr2, n2, ^uint32(0))
		if err != nil {
			return 0, err
		}
		woke += w2
	}
	return woke, nil
}
