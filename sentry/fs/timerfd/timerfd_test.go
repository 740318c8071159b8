package timerfd

import (
	"encoding/binary"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

func TestCounting(t *testing.T) {
	f := New(unix.CLOCK_MONOTONIC)
	f.SetNonblock(true)
	b := make([]byte, 8)
	if _, err := f.Read(b, -1); err != unix.EAGAIN {
		t.Fatalf("disarmed read: %v", err)
	}
	if _, err := f.Read(b[:7], -1); err != unix.EINVAL {
		t.Fatalf("short read: %v", err)
	}
	ch := f.Changed()
	f.Set(5*time.Millisecond, 5*time.Millisecond)
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("Set did not signal a change")
	}
	ch = f.Changed()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("no wakeup at the first expiry")
	}
	time.Sleep(30 * time.Millisecond)
	if f.Readiness() != vfs.PollIn {
		t.Fatal("not readable")
	}
	if n, err := f.Read(b, -1); n != 8 || err != nil {
		t.Fatal(n, err)
	}
	if c := binary.LittleEndian.Uint64(b); c < 6 {
		t.Fatalf("count %d after ~35 ms of a 5 ms timer, want >= 6", c)
	}
	left, interval := f.Get()
	if interval != 5*time.Millisecond || left <= 0 || left > 5*time.Millisecond {
		t.Fatalf("Get: %v %v", left, interval)
	}
	left, interval = f.Set(0, 0)
	if interval != 5*time.Millisecond || left <= 0 {
		t.Fatalf("old value %v %v", left, interval)
	}
	if f.Readiness() != 0 {
		t.Fatal("readable after disarm")
	}
	f.Release()
}

type blocker struct{}

func (blocker) Wait(ch <-chan struct{}) error { <-ch; return nil }

func TestBlockingReadOneShot(t *testing.T) {
	f := New(unix.CLOCK_MONOTONIC)
	f.Set(10*time.Millisecond, 0)
	b := make([]byte, 8)
	start := time.Now()
	if n, err := f.ReadWait(b, blocker{}); n != 8 || err != nil {
		t.Fatal(n, err)
	}
	if time.Since(start) < 9*time.Millisecond || binary.LittleEndian.Uint64(b) != 1 {
		t.Fatalf("read after %v: %d", time.Since(start), binary.LittleEndian.Uint64(b))
	}
	if left, _ := f.Get(); left != 0 {
		t.Fatalf("expired one-shot has %v left", left)
	}
}
