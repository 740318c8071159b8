package vfs

import (
	"testing"

	"golang.org/x/sys/unix"
)

// dirImpl is an open directory for the tests.
type dirImpl struct{ lockImpl }

func (dirImpl) Stat() (Stat, error) { return Stat{Dev: 77, Ino: 1, Mode: unix.S_IFDIR | 0o755}, nil }

func TestDirNotify(t *testing.T) {
	root := NewRoot(dir(nil))
	tbl := NewFDTable(16)
	f := NewFile(dirImpl{}, root, unix.O_RDONLY)
	fd, _ := tbl.Install(f, 0, false)
	f.DecRef()
	n := 0
	send := func() { n++ }
	if err := f.SetDirNotify(tbl, DNCreate, send); err != nil {
		t.Fatal(err)
	}
	DirEvent(root, DNDelete)
	DirEvent(root, DNCreate)
	DirEvent(root, DNCreate) // one shot: gone
	if n != 1 {
		t.Fatalf("one-shot watch: %d signals, want 1", n)
	}
	f.SetDirNotify(tbl, DNModify|DNMultishot, send)
	f.SetDirNotify(tbl, DNDelete, send) // adds up, stays multishot
	DirEvent(root, DNModify)
	DirEvent(root, DNDelete)
	DirEvent(root, DNModify)
	if n != 4 {
		t.Fatalf("multishot watch: %d signals, want 4", n)
	}
	other := NewFDTable(16)
	dropDirNotify(other, f) // another table's close keeps it
	DirEvent(root, DNModify)
	if n != 5 {
		t.Fatalf("after another table's close: %d signals, want 5", n)
	}
	tbl.Remove(fd)
	DirEvent(root, DNModify)
	if n != 5 || dnotify.count.Load() != 0 {
		t.Fatalf("after close: %d signals, %d watches left", n, dnotify.count.Load())
	}
	plain := lockFile(t, 3000, unix.O_RDWR)
	defer plain.DecRef()
	if err := plain.SetDirNotify(tbl, DNCreate, send); err != unix.ENOTDIR {
		t.Fatalf("non-directory: %v", err)
	}
	if err := plain.SetDirNotify(tbl, DNMultishot, send); err != nil {
		t.Fatalf("empty mask: %v", err)
	}
}
