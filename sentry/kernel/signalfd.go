package kernel

import (
	"sync"

	"golang.org/x/sys/unix"
)

// What signalfd(2) needs from the signal code: a way to take a pending
// signal of a set off the queues, to test for one, and to learn when a new
// one is queued. A process-directed signal that every thread blocks stays
// pending on the leader (signalTarget), so the process's "shared" pending
// set is the leader's.

// sigQueued is closed whenever a signal is queued to any thread of a
// process (kept on the leader). Its lock is a leaf.
type sigQueued struct {
	mu sync.Mutex
	ch chan struct{}
}

// notifySignalQueued wakes signalfd waiters of t's process (t.mu not held).
func (t *Task) notifySignalQueued() {
	q := &t.leader.sigQueued
	q.mu.Lock()
	if q.ch != nil {
		close(q.ch)
		q.ch = nil
	}
	q.mu.Unlock()
}

// SignalQueued returns a channel closed at the next signal queued to any
// thread of t's process; take it before testing PendingIn.
func (t *Task) SignalQueued() <-chan struct{} {
	q := &t.leader.sigQueued
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.ch == nil {
		q.ch = make(chan struct{})
	}
	return q.ch
}

func signalfdSet(set uint64) uint64 {
	return set &^ (sigBit(unix.SIGKILL) | sigBit(unix.SIGSTOP))
}

// PendingIn reports whether a signal of set is pending for t or for its
// process (the leader's queue).
func (t *Task) PendingIn(set uint64) bool {
	set = signalfdSet(set)
	for _, th := range []*Task{t, t.leader} {
		th.mu.Lock()
		p := th.pendingMask & set
		th.mu.Unlock()
		if p != 0 {
			return true
		}
	}
	return false
}

// TakeSignal dequeues the lowest pending signal of set from t, else from
// its process (the leader's queue); nil if none. SIGKILL and SIGSTOP are
// never taken.
func (t *Task) TakeSignal(set uint64) *SigInfo {
	set = signalfdSet(set)
	if info := t.takeSignal(set); info != nil {
		return info
	}
	if t.leader != t {
		return t.leader.takeSignal(set)
	}
	return nil
}
