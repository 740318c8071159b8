package pipe

import (
	"sync"
	"testing"

	"golang.org/x/sys/unix"
)

func TestTransferMovesOrCopies(t *testing.T) {
	r1, w1 := New()
	r2, w2 := New()
	if _, err := w1.Write([]byte("hello"), -1); err != nil {
		t.Fatal(err)
	}
	n, err := Transfer(r1, w2, 3, true, sleeper{}, false)
	if n != 3 || err != nil {
		t.Fatalf("tee: %d %v", n, err)
	}
	n, err = Transfer(r1, w2, 100, false, sleeper{}, false)
	if n != 5 || err != nil {
		t.Fatalf("splice: %d %v", n, err)
	}
	buf := make([]byte, 16)
	n, _ = r2.Read(buf, -1)
	if string(buf[:n]) != "helhello" {
		t.Fatalf("got %q", buf[:n])
	}
	if _, err := Transfer(r1, w2, 1, false, sleeper{}, true); err != unix.EAGAIN {
		t.Fatalf("empty, nonblock: %v", err)
	}
	if _, err := Transfer(r1, w1, 1, false, sleeper{}, true); err != unix.EINVAL {
		t.Fatalf("same pipe: %v", err)
	}
	if _, err := Transfer(w1, w2, 1, false, sleeper{}, true); err != unix.EBADF {
		t.Fatalf("wrong end: %v", err)
	}
	w1.Release()
	if n, err := Transfer(r1, w2, 1, false, sleeper{}, false); n != 0 || err != nil {
		t.Fatalf("no writer: %d %v", n, err)
	}
}

func TestTransferRespectsRoom(t *testing.T) {
	r1, w1 := New()
	r2, w2 := New()
	if _, err := w2.SetPipeSize(4096); err != nil {
		t.Fatal(err)
	}
	w1.Write(make([]byte, 10000), -1)
	n, err := Transfer(r1, w2, 1<<20, false, sleeper{}, false)
	if n != 4096 || err != nil {
		t.Fatalf("got %d %v, want one pipe's worth", n, err)
	}
	if _, err := Transfer(r1, w2, 1, false, sleeper{}, true); err != unix.EAGAIN {
		t.Fatalf("full, nonblock: %v", err)
	}
	if room, err := w2.WaitRoom(sleeper{}, true); err != unix.EAGAIN {
		t.Fatalf("WaitRoom full: %d %v", room, err)
	}
	// A blocked transfer goes on once the reader drains the output.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if n, err := Transfer(r1, w2, 100, false, sleeper{}, false); n != 100 || err != nil {
			t.Errorf("blocked transfer: %d %v", n, err)
		}
	}()
	r2.Read(make([]byte, 4096), -1)
	wg.Wait()
	r2.Release()
	if _, err := Transfer(r1, w2, 1, false, sleeper{}, false); err != unix.EPIPE {
		t.Fatalf("no reader: %v", err)
	}
	if _, err := w2.WaitRoom(sleeper{}, false); err != unix.EPIPE {
		t.Fatalf("WaitRoom no reader: %v", err)
	}
}
