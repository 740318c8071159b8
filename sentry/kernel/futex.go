package kernel

import (
	"encoding/binary"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/errno"
)

// Futexes: wait queues keyed by (address space, address), plus the state of
// priority-inheritance futexes (FUTEX_LOCK_PI and friends).
//
// A PI futex word holds its owner's TID, FUTEX_WAITERS when the kernel has
// waiters queued (so the owner's unlock must come to the kernel), and
// FUTEX_OWNER_DIED once an owner died holding it. Lockers that cannot take
// it queue on its piState in FIFO order; an unlock hands the lock directly
// to the first of them (the word then names the new owner), and an owner
// that exits hands it on with FUTEX_OWNER_DIED set, as Linux does.
// Priority inheritance itself is a no-op: husk does not schedule by
// priority, so there is no priority to lend.
//
// Lock order: Futexes.mu, then Kernel.mu (owner lookups), then mm's locks.

// futexKey names a futex word. Private futexes are keyed by address within
// the thread group's address space (shared ones too, until processes share
// memory).
type futexKey struct {
	mm   any
	addr uintptr
}

// futexWaiter is one queued FUTEX_WAIT (or one word of a futex_waitv).
type futexWaiter struct {
	bitset uint32
	key    futexKey // the queue the waiter is on; requeue moves it
	woken  bool     // set by a wake (Futexes.mu)
	// notify gets a token when the waiter (or, for futex_waitv, any waiter
	// sharing it) is woken. Capacity 1.
	notify chan struct{}
	// For FUTEX_WAIT_REQUEUE_PI: the waiting task and the PI futex it may
	// only be requeued to; then, set by FUTEX_CMP_REQUEUE_PI, either
	// acquired (the requeue took the PI futex for it) or pi (it now waits
	// for the PI futex's owner to hand it over). Futexes.mu.
	t         *Task
	requeuePI *futexKey
	acquired  bool
	pi        *piWaiter
}

// piWaiter is a task blocked in FUTEX_LOCK_PI.
type piWaiter struct {
	t       *Task
	granted chan struct{} // closed when the lock was handed to t
}

// piState is the kernel side of a contended PI futex.
type piState struct {
	owner   *Task
	waiters []*piWaiter
}

// Futexes is the kernel's futex wait queues.
type Futexes struct {
	mu      sync.Mutex
	waiters map[futexKey][]*futexWaiter
	pi      map[futexKey]*piState
	// exited holds the TIDs of threads past their PI cleanup that are still
	// findable by TID: a locker must not queue behind them.
	exited map[int32]bool
}

func (k *Kernel) futexes() *Futexes {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.futex == nil {
		k.futex = &Futexes{waiters: make(map[futexKey][]*futexWaiter),
			pi: make(map[futexKey]*piState), exited: make(map[int32]bool)}
	}
	return k.futex
}

// wakeLocked marks w woken and notifies its task (f.mu held).
func (f *Futexes) wakeLocked(w *futexWaiter) {
	w.woken = true
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

// notifyLocked wakes w's task without marking w woken (f.mu held).
func notifyLocked(w *futexWaiter) {
	select {
	case w.notify <- struct{}{}:
	default:
	}
}

// dequeueLocked takes w off its queue if it is still there (f.mu held).
func (f *Futexes) dequeueLocked(w *futexWaiter) {
	q := f.waiters[w.key]
	for i, x := range q {
		if x == w {
			q = append(q[:i:i], q[i+1:]...)
			break
		}
	}
	if len(q) == 0 {
		delete(f.waiters, w.key)
	} else {
		f.waiters[w.key] = q
	}
}

// loadWord reads the aligned futex word at addr. Errors: EFAULT.
func (t *Task) loadWord(addr uintptr) (uint32, error) {
	b := make([]byte, 4)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return 0, unix.EFAULT
	}
	return binary.LittleEndian.Uint32(b), nil
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
	w := &futexWaiter{bitset: bitset, notify: make(chan struct{}, 1), key: key}
	// Check the value and queue under the lock so no wake is lost.
	f.mu.Lock()
	v, err := t.loadWord(addr)
	if err != nil {
		f.mu.Unlock()
		return err
	}
	if v != val {
		f.mu.Unlock()
		return unix.EAGAIN
	}
	f.waiters[key] = append(f.waiters[key], w)
	f.mu.Unlock()
	for {
		err := t.Block(w.notify, deadline)
		f.mu.Lock()
		if w.woken {
			f.mu.Unlock()
			return nil // woken, perhaps as the wait ended: the wake counts
		}
		if err != nil {
			f.dequeueLocked(w)
			f.mu.Unlock()
			return err
		}
		f.mu.Unlock()
	}
}

// FutexWaitv is futex_waitv: wait on every (addr, val) pair at once until
// one of them is woken, and return its index. Every word must hold its
// value when the wait starts (else EAGAIN). Errors: EINVAL (misaligned),
// EFAULT, EAGAIN, ETIMEDOUT, ERESTARTSYS.
func (t *Task) FutexWaitv(addrs []uintptr, vals []uint32, deadline *time.Time) (int, error) {
	f := t.K.futexes()
	notify := make(chan struct{}, 1)
	ws := make([]*futexWaiter, len(addrs))
	for i, a := range addrs {
		if a%4 != 0 {
			return 0, unix.EINVAL
		}
		ws[i] = &futexWaiter{bitset: ^uint32(0), notify: notify, key: futexKey{t.MM, a}}
	}
	f.mu.Lock()
	for i, a := range addrs {
		v, err := t.loadWord(a)
		if err == nil && v != vals[i] {
			err = unix.EAGAIN
		}
		if err != nil {
			for _, w := range ws[:i] {
				f.dequeueLocked(w)
			}
			f.mu.Unlock()
			return 0, err
		}
		f.waiters[ws[i].key] = append(f.waiters[ws[i].key], ws[i])
	}
	f.mu.Unlock()
	for {
		err := t.Block(notify, deadline)
		f.mu.Lock()
		idx := -1
		for i, w := range ws {
			if w.woken {
				idx = i // Linux reports the last woken index
			}
		}
		if idx >= 0 || err != nil {
			for _, w := range ws {
				if !w.woken {
					f.dequeueLocked(w)
				}
			}
			f.mu.Unlock()
			if idx >= 0 {
				return idx, nil
			}
			return 0, err
		}
		f.mu.Unlock()
	}
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
	var err error
	for i, w := range q {
		if woke < n && w.bitset&bitset != 0 && w.requeuePI != nil {
			// Linux pairs WAIT_REQUEUE_PI with CMP_REQUEUE_PI only.
			keep, err = append(keep, q[i:]...), unix.EINVAL
			break
		}
		if woke < n && w.bitset&bitset != 0 {
			f.wakeLocked(w)
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
	if err != nil {
		return 0, err
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
		v, err := t.loadWord(addr)
		if err != nil {
			return 0, err
		}
		if v != val {
			return 0, unix.EAGAIN
		}
	}
	key, key2 := futexKey{t.MM, addr}, futexKey{t.MM, addr2}
	q := f.waiters[key]
	woke, moved := 0, 0
	var keep []*futexWaiter
	var err error
	for i, w := range q {
		if w.requeuePI != nil && (woke < nWake || moved < nMove) {
			keep, err = append(keep, q[i:]...), unix.EINVAL
			break
		}
		switch {
		case woke < nWake:
			f.wakeLocked(w)
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
	if err != nil {
		return 0, err
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

// casWord replaces the word at addr with new if it holds old, and returns
// what it held. Errors: EFAULT, EINVAL.
func (t *Task) casWord(addr uintptr, old, new uint32) (uint32, error) {
	return t.MM.AtomicUpdate(addr, func(cur uint32) uint32 {
		if cur == old {
			return new
		}
		return cur
	})
}

// piOwnerLocked finds the live thread tid for a PI futex word (f.mu held),
// or nil when there is none: it exited, or the TID is bogus.
func (f *Futexes) piOwnerLocked(k *Kernel, tid int32) *Task {
	if f.exited[tid] {
		return nil
	}
	return k.TaskByTID(tid)
}

// FutexLockPI is FUTEX_LOCK_PI(2) and, with try, FUTEX_TRYLOCK_PI: take
// the PI futex at addr, waiting (until deadline, nil: none) for its owner
// to hand it over. Errors: EINVAL (misaligned, or the word disagrees with
// the kernel's owner), EFAULT, EDEADLK (t owns it), ESRCH (the word names
// no live thread), EAGAIN (try, and it is taken), ETIMEDOUT,
// ERESTARTNOINTR (a signal: Linux restarts it after the handler).
func (t *Task) FutexLockPI(addr uintptr, deadline *time.Time, try bool) error {
	if addr%4 != 0 {
		return unix.EINVAL
	}
	f := t.K.futexes()
	key := futexKey{t.MM, addr}
	tid := uint32(t.TID)
	f.mu.Lock()
	var w *piWaiter
	for w == nil {
		v, err := t.loadWord(addr)
		if err != nil {
			f.mu.Unlock()
			return err
		}
		owner := v & futexTIDMask
		switch {
		case owner == tid:
			f.mu.Unlock()
			return unix.EDEADLK
		case owner == 0:
			// Free (perhaps with OWNER_DIED, which the new owner keeps).
			nv := v&futexOwnerDied | tid
			if ps := f.pi[key]; ps != nil && len(ps.waiters) > 0 {
				nv |= futexWaiters
			}
			cur, err := t.casWord(addr, v, nv)
			if err != nil {
				f.mu.Unlock()
				return err
			}
			if cur != v {
				continue // the app changed it: look again
			}
			if ps := f.pi[key]; ps != nil {
				ps.owner = t
			}
			f.mu.Unlock()
			return nil
		}
		o := f.piOwnerLocked(t.K, int32(owner))
		ps := f.pi[key]
		if o == nil {
			f.mu.Unlock()
			return unix.ESRCH
		}
		if ps != nil && ps.owner != o {
			if len(ps.waiters) > 0 {
				f.mu.Unlock()
				return unix.EINVAL // the word names another owner than the kernel's
			}
			ps.owner = o
		}
		if v&futexWaiters == 0 {
			cur, err := t.casWord(addr, v, v|futexWaiters)
			if err != nil {
				f.mu.Unlock()
				return err
			}
			if cur != v {
				continue
			}
		}
		if try {
			f.mu.Unlock()
			return unix.EAGAIN
		}
		if ps == nil {
			ps = &piState{owner: o}
			f.pi[key] = ps
		}
		w = &piWaiter{t: t, granted: make(chan struct{})}
		ps.waiters = append(ps.waiters, w)
	}
	f.mu.Unlock()
	err := t.waitPI(f, key, w, deadline)
	if err == errno.ERESTARTSYS {
		return errno.ERESTARTNOINTR
	}
	return err
}

// waitPI waits until w is handed the PI futex key, or the deadline or a
// signal ends the wait (w then leaves the queue). Errors: ETIMEDOUT,
// ERESTARTSYS.
func (t *Task) waitPI(f *Futexes, key futexKey, w *piWaiter, deadline *time.Time) error {
	err := t.Block(w.granted, deadline)
	if err == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-w.granted:
		return nil // handed over as the wait ended: we own it
	default:
	}
	if ps := f.pi[key]; ps != nil {
		for i, x := range ps.waiters {
			if x == w {
				ps.waiters = append(ps.waiters[:i:i], ps.waiters[i+1:]...)
				break
			}
		}
		if len(ps.waiters) == 0 {
			delete(f.pi, key)
		}
	}
	return err
}

// FutexWaitRequeuePI is FUTEX_WAIT_REQUEUE_PI: wait on the plain futex
// addr while it holds val, until FUTEX_CMP_REQUEUE_PI moves t to the PI
// futex addr2, and return once t owns addr2. Errors: EINVAL (addr ==
// addr2, misaligned, a plain wake of this waiter), EFAULT, EAGAIN (value
// differs; or a signal after the requeue), ETIMEDOUT, ERESTARTNOINTR (a
// signal before it).
func (t *Task) FutexWaitRequeuePI(addr, addr2 uintptr, val uint32, deadline *time.Time) error {
	if addr%4 != 0 || addr2%4 != 0 || addr == addr2 {
		return unix.EINVAL
	}
	f := t.K.futexes()
	key, key2 := futexKey{t.MM, addr}, futexKey{t.MM, addr2}
	w := &futexWaiter{bitset: ^uint32(0), notify: make(chan struct{}, 1), key: key, t: t, requeuePI: &key2}
	f.mu.Lock()
	v, err := t.loadWord(addr)
	if err == nil && v != val {
		err = unix.EAGAIN
	}
	if err != nil {
		f.mu.Unlock()
		return err
	}
	f.waiters[key] = append(f.waiters[key], w)
	f.mu.Unlock()
	for {
		err := t.Block(w.notify, deadline)
		f.mu.Lock()
		switch {
		case w.acquired:
			f.mu.Unlock()
			return nil
		case w.pi != nil:
			f.mu.Unlock()
			switch err := t.waitPI(f, key2, w.pi, deadline); err {
			case nil, unix.ETIMEDOUT:
				return err
			default:
				return unix.EAGAIN // Linux cannot restart a requeued wait
			}
		case w.woken:
			f.mu.Unlock()
			return unix.EAGAIN
		case err != nil:
			f.dequeueLocked(w)
			f.mu.Unlock()
			if err == errno.ERESTARTSYS {
				return errno.ERESTARTNOINTR
			}
			return err
		}
		f.mu.Unlock()
	}
}

// FutexCmpRequeuePI is FUTEX_CMP_REQUEUE_PI: if the plain futex addr holds
// val, take the PI futex addr2 for its first waiter if it is free (that
// waiter returns owning it), and move up to nMove waiters (one more if the
// first did not get it) to wait for addr2's owner. Every waiter must be in
// FUTEX_WAIT_REQUEUE_PI for addr2. It returns how many waiters it woke or
// moved. Errors: EINVAL (addr == addr2, nWake != 1, another kind of
// waiter), EFAULT, EAGAIN (value differs), ESRCH (addr2 names no thread),
// EDEADLK (addr2 is owned by the first waiter).
func (t *Task) FutexCmpRequeuePI(addr, addr2 uintptr, nWake, nMove int, val uint32) (int, error) {
	if addr%4 != 0 || addr2%4 != 0 || addr == addr2 || nWake != 1 || nMove < 0 {
		return 0, unix.EINVAL
	}
	f := t.K.futexes()
	key, key2 := futexKey{t.MM, addr}, futexKey{t.MM, addr2}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, err := t.loadWord(addr)
	if err != nil {
		return 0, err
	}
	if v != val {
		return 0, unix.EAGAIN
	}
	q := f.waiters[key]
	for _, w := range q {
		if w.requeuePI == nil || *w.requeuePI != key2 {
			return 0, unix.EINVAL
		}
	}
	if len(q) == 0 {
		return 0, nil
	}
	done, limit := 0, 1+nMove
	// Try to take addr2 for the first waiter, as its own FUTEX_LOCK_PI
	// would, with FUTEX_WAITERS set.
	var owner *Task
	for {
		v2, err := t.loadWord(addr2)
		if err != nil {
			return 0, err
		}
		top := q[0]
		tid := v2 & futexTIDMask
		if tid == uint32(top.t.TID) {
			return 0, unix.EDEADLK
		}
		if tid == 0 {
			cur, err := top.t.casWord(addr2, v2, v2&futexOwnerDied|futexWaiters|uint32(top.t.TID))
			if err != nil {
				return 0, err
			}
			if cur != v2 {
				continue
			}
			top.acquired = true
			f.dequeueLocked(top)
			notifyLocked(top)
			q, done, owner = q[1:], 1, top.t
			break
		}
		if owner = f.piOwnerLocked(t.K, int32(tid)); owner == nil {
			return 0, unix.ESRCH
		}
		if v2&futexWaiters == 0 {
			cur, err := t.casWord(addr2, v2, v2|futexWaiters)
			if err != nil {
				return 0, err
			}
			if cur != v2 {
				continue
			}
		}
		break
	}
	ps := f.pi[key2]
	if ps == nil {
		ps = &piState{}
		f.pi[key2] = ps
	}
	if ps.owner != owner && len(ps.waiters) > 0 {
		return done, unix.EINVAL
	}
	ps.owner = owner
	for _, w := range q {
		if done >= limit {
			break
		}
		f.dequeueLocked(w)
		w.pi = &piWaiter{t: w.t, granted: make(chan struct{})}
		ps.waiters = append(ps.waiters, w.pi)
		notifyLocked(w)
		done++
	}
	if len(ps.waiters) == 0 {
		delete(f.pi, key2)
	}
	return done, nil
}

// FutexUnlockPI is FUTEX_UNLOCK_PI: release the PI futex at addr, which t
// must own, handing it to the first waiter if there is one. Errors: EINVAL,
// EFAULT, EPERM (t does not own it).
func (t *Task) FutexUnlockPI(addr uintptr) error {
	if addr%4 != 0 {
		return unix.EINVAL
	}
	f := t.K.futexes()
	key := futexKey{t.MM, addr}
	f.mu.Lock()
	defer f.mu.Unlock()
	for {
		v, err := t.loadWord(addr)
		if err != nil {
			return err
		}
		if v&futexTIDMask != uint32(t.TID) {
			return unix.EPERM
		}
		ps := f.pi[key]
		if ps == nil || len(ps.waiters) == 0 {
			delete(f.pi, key)
			cur, err := t.casWord(addr, v, 0)
			if err != nil {
				return err
			}
			if cur != v {
				continue
			}
			return nil
		}
		next := ps.waiters[0]
		cur, err := t.casWord(addr, v, futexWaiters|uint32(next.t.TID))
		if err != nil {
			return err
		}
		if cur != v {
			continue
		}
		f.handOffLocked(key, ps)
		return nil
	}
}

// handOffLocked makes the first waiter of ps its owner (the word already
// names it) and wakes it (f.mu held).
func (f *Futexes) handOffLocked(key futexKey, ps *piState) {
	next := ps.waiters[0]
	ps.waiters = ps.waiters[1:]
	ps.owner = next.t
	if len(ps.waiters) == 0 {
		delete(f.pi, key)
	}
	close(next.granted)
}

// exitPIState runs as a thread exits, after its robust list: every PI
// futex it still owns with waiters goes to the first waiter, marked
// FUTEX_OWNER_DIED. Until forgetExited, lockers treat t as gone (ESRCH).
func (t *Task) exitPIState() {
	f := t.K.futexes()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exited[t.TID] = true
	for key, ps := range f.pi {
		if ps.owner != t || len(ps.waiters) == 0 {
			continue
		}
		next := ps.waiters[0]
		rest := len(ps.waiters) > 1
		if t.MM != nil && key.mm == any(t.MM) {
			t.MM.AtomicUpdate(key.addr, func(old uint32) uint32 {
				nv := uint32(next.t.TID) | futexOwnerDied
				if rest || old&futexWaiters != 0 {
					nv |= futexWaiters
				}
				return nv
			})
		}
		f.handOffLocked(key, ps)
	}
}

// forgetExited drops t from the exited set once no TID lookup can find it.
func (t *Task) forgetExited() {
	f := t.K.futexes()
	f.mu.Lock()
	delete(f.exited, t.TID)
	f.mu.Unlock()
}
