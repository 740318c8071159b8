package inotify

import (
	"encoding/binary"
	"testing"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/tmpfs"
	"husk/sentry/vfs"
)

type rec struct {
	wd           int32
	mask, cookie uint32
	name         string
}

func drain(t *testing.T, n *Inotify) []rec {
	t.Helper()
	b := make([]byte, 1<<16)
	c, err := n.Read(b, -1)
	if err == unix.EAGAIN {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []rec
	le := binary.LittleEndian
	for p := b[:c]; len(p) > 0; {
		l := int(le.Uint32(p[12:]))
		if l%16 != 0 {
			t.Errorf("name length %d not a multiple of 16", l)
		}
		name := string(p[16 : 16+l])
		for len(name) > 0 && name[len(name)-1] == 0 {
			name = name[:len(name)-1]
		}
		out = append(out, rec{int32(le.Uint32(p)), le.Uint32(p[4:]), le.Uint32(p[8:]), name})
		p = p[16+l:]
	}
	return out
}

func TestEventsThroughTheVFS(t *testing.T) {
	root := vfs.NewRoot(tmpfs.New(0x99, 0o755, 0, 0))
	dir, err := root.CreateChild("d", func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Mkdir("d", 0o755, 0, 0) })
	if err != nil {
		t.Fatal(err)
	}
	n := New()
	n.SetNonblock(true)
	defer n.Release()
	wd, err := n.AddWatch(dir.Inode(), vfs.InAllEvents)
	if err != nil || wd != 1 {
		t.Fatal(wd, err)
	}
	fd, err := dir.CreateChild("f", func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Create("f", 0o644, 0, 0) })
	if err != nil {
		t.Fatal(err)
	}
	impl, _ := fd.Inode().Open(unix.O_RDWR)
	f := vfs.NewFile(impl, fd, unix.O_RDWR)
	f.Write([]byte("a"))
	f.Write([]byte("b"))
	f.DecRef()
	want := []rec{{1, vfs.InCreate, 0, "f"}, {1, vfs.InOpen, 0, "f"}, {1, vfs.InModify, 0, "f"}, {1, vfs.InCloseWrite, 0, "f"}}
	if got := drain(t, n); len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("event %d: %v, want %v", i, got[i], want[i])
			}
		}
	}
	// A one-shot watch on the file: one event, then IN_IGNORED.
	fwd, _ := n.AddWatch(fd.Inode(), vfs.InModify|InOneshot)
	f = vfs.NewFile(impl, fd, unix.O_WRONLY)
	f.Write([]byte("c"))
	f.Write([]byte("d"))
	got := drain(t, n)
	var self []rec
	for _, r := range got {
		if r.wd == fwd {
			self = append(self, r)
		}
	}
	if len(self) != 2 || self[0].mask != vfs.InModify || self[1].mask != vfs.InIgnored {
		t.Fatalf("one-shot events %v", self)
	}
	f.DecRef()
	drain(t, n)
	// Unlink: IN_DELETE with the name.
	if err := dir.RemoveChild("f", false); err != nil {
		t.Fatal(err)
	}
	if got := drain(t, n); len(got) != 1 || got[0] != (rec{1, vfs.InDelete, 0, "f"}) {
		t.Fatalf("unlink: %v", got)
	}
	if err := n.RmWatch(wd); err != nil {
		t.Fatal(err)
	}
	if got := drain(t, n); len(got) != 1 || got[0].mask != vfs.InIgnored {
		t.Fatalf("rm_watch: %v", got)
	}
	if err := n.RmWatch(wd); err != unix.EINVAL {
		t.Fatalf("second rm_watch: %v", err)
	}
}

func TestQueue(t *testing.T) {
	n := New()
	w := &vfs.Watch{Owner: n, WD: 7}
	w.SetMask(vfs.InAllEvents)
	n.watches[7] = w
	// Identical consecutive events merge.
	n.Notify(w, vfs.InModify, 0, "x")
	n.Notify(w, vfs.InModify, 0, "x")
	if len(n.queue) != 1 || n.bytes != 32 {
		t.Fatalf("queue %d bytes %d, want 1 32", len(n.queue), n.bytes)
	}
	// A buffer too small for the first event.
	if _, err := n.Read(make([]byte, 31), -1); err != unix.EINVAL {
		t.Fatalf("small read: %v", err)
	}
	// Overflow: one IN_Q_OVERFLOW ends the queue.
	for i := 0; i < MaxQueued+10; i++ {
		n.Notify(w, vfs.InAccess<<uint(i%2), 0, "")
	}
	if len(n.queue) != MaxQueued+1 {
		t.Fatalf("queue %d, want %d", len(n.queue), MaxQueued+1)
	}
	if last := n.queue[len(n.queue)-1]; last.wd != -1 || last.mask != vfs.InQOverflow {
		t.Fatalf("last event %+v", last)
	}
	if err := CheckMask(0); err != unix.EINVAL {
		t.Fatal("mask 0 accepted")
	}
	if err := CheckMask(vfs.InModify | InMaskAdd | InMaskCreate); err != unix.EINVAL {
		t.Fatal("MASK_ADD|MASK_CREATE accepted")
	}
}
