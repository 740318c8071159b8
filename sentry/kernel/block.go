package kernel

import (
	"time"

	"husk/sentry/errno"
)

// Blocking: every sentry wait on behalf of the app goes through Block, so a
// signal (or the task's death) ends it. An interrupted wait returns a
// restart code; the task loop then restarts the call or makes it EINTR,
// depending on the handler, as Linux does.

// kick wakes the task from a Block (a signal arrived, or it must exit).
func (t *Task) kick() {
	t.mu.Lock()
	ch := t.sigCh
	t.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case ch <- struct{}{}:
	default:
	}
}

// interruptible reports whether a signal is pending and unblocked, or the
// task is exiting.
func (t *Task) interruptible() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exiting || t.pendingMask&^t.sigMask != 0
}

// Block waits until ch is ready (or closed), the deadline passes (nil:
// none), or a signal interrupts. Errors: ETIMEDOUT, ERESTARTSYS.
func (t *Task) Block(ch <-chan struct{}, deadline *time.Time) error {
	t.mu.Lock()
	if t.sigCh == nil {
		t.sigCh = make(chan struct{}, 1)
	}
	sigCh := t.sigCh
	t.mu.Unlock()
	var timeout <-chan time.Time
	if deadline != nil {
		d := time.Until(*deadline)
		if d <= 0 {
			select {
			case <-ch:
				return nil
			default:
				return errno.Errno(110) // ETIMEDOUT
			}
		}
		tm := time.NewTimer(d)
		defer tm.Stop()
		timeout = tm.C
	}
	for {
		if t.interruptible() {
			return errno.ERESTARTSYS
		}
		select {
		case <-ch:
			return nil
		case <-timeout:
			return errno.Errno(110)
		case <-sigCh:
		}
	}
}

// Waiter is what a filesystem's blocking operation waits through.
func (t *Task) Wait(ch <-chan struct{}) error { return t.Block(ch, nil) }

// waitKillable waits for ch; signals do not end the wait, the task's exit does.
func (t *Task) waitKillable(ch <-chan struct{}) {
	t.mu.Lock()
	if t.sigCh == nil {
		t.sigCh = make(chan struct{}, 1)
	}
	sigCh := t.sigCh
	t.mu.Unlock()
	for !t.Exiting() {
		select {
		case <-ch:
			return
		case <-sigCh:
		}
	}
}
