package unix

import (
	"errors"
	"testing"
	"time"

	sys "golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

var me = Cred{PID: 1, UID: 1000, GID: 1000}

func TestStreamPair(t *testing.T) {
	a, b := Pair(sys.SOCK_STREAM, me)
	if n, err := a.Send([]byte("hel"), SendOpts{}, sleeper{}); n != 3 || err != nil {
		t.Fatalf("send: %d %v", n, err)
	}
	a.Send([]byte("lo"), SendOpts{}, sleeper{})
	buf := make([]byte, 10)
	r, err := b.Recv(buf, RecvOpts{}, sleeper{})
	if err != nil || string(buf[:r.N]) != "hello" {
		t.Fatalf("recv: %q %v", buf[:r.N], err)
	}
	a.Release()
	if r, err := b.Recv(buf, RecvOpts{}, sleeper{}); r.N != 0 || err != nil {
		t.Fatalf("after close: %d %v, want EOF", r.N, err)
	}
	if _, err := b.Send([]byte("x"), SendOpts{}, sleeper{}); err != sys.EPIPE {
		t.Fatalf("send to closed: %v, want EPIPE", err)
	}
	if got := b.Readiness(); got&vfs.PollHup == 0 || got&PollRdHup == 0 {
		t.Fatalf("readiness %#x: want HUP and RDHUP", got)
	}
	b.Release()
}

func TestDgramBoundaries(t *testing.T) {
	a, b := Pair(sys.SOCK_DGRAM, me)
	a.Send([]byte("one"), SendOpts{}, sleeper{})
	a.Send([]byte("three"), SendOpts{}, sleeper{})
	buf := make([]byte, 2)
	r, _ := b.Recv(buf, RecvOpts{}, sleeper{})
	if r.N != 2 || r.Len != 3 || !r.Trunc {
		t.Fatalf("first: %+v", r)
	}
	r, _ = b.Recv(make([]byte, 10), RecvOpts{}, sleeper{})
	if r.N != 5 {
		t.Fatalf("second: %+v", r)
	}
	if _, err := b.Recv(buf, RecvOpts{DontWait: true}, sleeper{}); err != sys.EAGAIN {
		t.Fatalf("empty: %v", err)
	}
	a.Release()
	b.Release()
}

// sigBlocker is a task's wait that a "signal" (closing sig) interrupts.
type sigBlocker struct{ sig chan struct{} }

var errInterrupted = errors.New("interrupted")

func (s sigBlocker) Wait(ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-s.sig:
		return errInterrupted
	}
}

func TestBlockingRecvWakesAndInterrupts(t *testing.T) {
	a, b := Pair(sys.SOCK_STREAM, me)
	defer a.Release()
	defer b.Release()
	go func() {
		time.Sleep(10 * time.Millisecond)
		a.Send([]byte("late"), SendOpts{}, sleeper{})
	}()
	buf := make([]byte, 8)
	if r, err := b.Recv(buf, RecvOpts{}, sleeper{}); err != nil || string(buf[:r.N]) != "late" {
		t.Fatalf("woken recv: %q %v", buf[:r.N], err)
	}
	sb := sigBlocker{make(chan struct{})}
	go func() {
		time.Sleep(10 * time.Millisecond)
		close(sb.sig)
	}()
	if _, err := b.Recv(buf, RecvOpts{}, sb); err != errInterrupted {
		t.Fatalf("interrupted recv: %v", err)
	}
}

func TestFullStreamBlocksWriter(t *testing.T) {
	a, b := Pair(sys.SOCK_STREAM, me)
	defer a.Release()
	defer b.Release()
	a.SetBuf(true, 0) // the minimum send buffer
	big := make([]byte, 64<<10)
	n, err := a.Send(big, SendOpts{DontWait: true}, sleeper{})
	if err != nil || n <= 0 || n >= len(big) {
		t.Fatalf("nonblocking send of 64K into %d: %d %v", MinSndBuf, n, err)
	}
	if _, err := a.Send(big, SendOpts{DontWait: true}, sleeper{}); err != sys.EAGAIN {
		t.Fatalf("full: %v, want EAGAIN", err)
	}
	if a.Readiness()&vfs.PollOut != 0 {
		t.Fatal("full socket reported writable")
	}
	done := make(chan int)
	go func() {
		n, _ := a.Send([]byte("more"), SendOpts{}, sleeper{})
		done <- n
	}()
	b.Recv(make([]byte, 1<<20), RecvOpts{}, sleeper{})
	select {
	case n := <-done:
		if n != 4 {
			t.Fatalf("unblocked send: %d", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("writer not woken by the read")
	}
}

type fakeFile struct{ released *int }

func (f fakeFile) Read([]byte, int64) (int, error)      { return 0, nil }
func (f fakeFile) Write([]byte, int64) (int, error)     { return 0, nil }
func (f fakeFile) Stat() (vfs.Stat, error)              { return vfs.Stat{}, nil }
func (f fakeFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, sys.ENOTDIR }
func (f fakeFile) Seekable() bool                       { return false }
func (f fakeFile) Mappable() (vfs.Mappable, error)      { return nil, sys.ENODEV }
func (f fakeFile) Release()                             { *f.released++ }
func (f fakeFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, sys.ENOTTY
}

func TestRightsReleasedWithSocket(t *testing.T) {
	a, b := Pair(sys.SOCK_DGRAM, me)
	released := 0
	f := vfs.NewFile(fakeFile{&released}, nil, sys.O_RDWR)
	if _, err := a.Send([]byte("x"), SendOpts{Ctl: Control{Rights: []*vfs.File{f}, ChargeUID: 7}}, sleeper{}); err != nil {
		t.Fatal(err)
	}
	if InFlight(7) != 1 {
		t.Fatalf("in flight: %d", InFlight(7))
	}
	b.Release()
	if released != 1 || InFlight(7) != 0 {
		t.Fatalf("after release: released %d, in flight %d", released, InFlight(7))
	}
	a.Release()
}

func TestListenConnectAccept(t *testing.T) {
	l := New(sys.SOCK_STREAM, me)
	if err := l.Listen(1, me); err != sys.EINVAL {
		t.Fatalf("listen unbound: %v", err)
	}
	if err := l.Bind("\x00unit-test", nil); err != nil {
		t.Fatal(err)
	}
	l.Listen(0, me)
	c1, c2 := New(sys.SOCK_STREAM, me), New(sys.SOCK_STREAM, me)
	if err := c1.Connect(l, me, true, sleeper{}); err != nil {
		t.Fatal(err)
	}
	if err := c2.Connect(l, me, true, sleeper{}); err != sys.EAGAIN {
		t.Fatalf("backlog full: %v", err)
	}
	s, err := l.Accept(true, sleeper{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.PeerName(); n != "" {
		t.Fatalf("peer name %q", n)
	}
	if got, _ := LookupAbstract("\x00unit-test", sys.SOCK_DGRAM); got != nil {
		t.Fatal("abstract names are per type")
	}
	l.Release()
	if _, err := LookupAbstract("\x00unit-test", sys.SOCK_STREAM); err != sys.ECONNREFUSED {
		t.Fatalf("closed listener: %v", err)
	}
	for _, x := range []*Socket{c1, c2, s} {
		x.Release()
	}
}

func TestEmptyStreamSendReleasesRights(t *testing.T) {
	a, b := Pair(sys.SOCK_STREAM, me)
	defer a.Release()
	defer b.Release()
	released := 0
	f := vfs.NewFile(fakeFile{&released}, nil, sys.O_RDWR)
	if n, err := a.Send(nil, SendOpts{Ctl: Control{Rights: []*vfs.File{f}}}, sleeper{}); n != 0 || err != nil {
		t.Fatalf("empty send: %d %v", n, err)
	}
	if released != 1 || b.Queued() != 0 {
		t.Fatalf("released %d, queued %d: an empty stream write sends nothing", released, b.Queued())
	}
}
