package gofer

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// TestSyncFSAndLockDomain: syncfs works on files, directories and mount
// roots of a writable mount (a read-only root has nothing to flush), and
// every gofer inode, read-only or writable, is in the host lock domain.
func TestSyncFSAndLockDomain(t *testing.T) {
	c := serveDirs(t, t.TempDir(), t.TempDir())
	_, rootIno, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	_, mIno, err := NewMount(c, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	for name, ino := range map[string]vfs.Inode{"read-only root": rootIno, "writable root": mIno} {
		s, ok := ino.(vfs.FSSyncer)
		if !ok {
			t.Fatalf("%s: no SyncFS", name)
		}
		if err := s.SyncFS(); err != nil {
			t.Errorf("%s: SyncFS: %v", name, err)
		}
		if ld, ok := ino.(vfs.LockDomainer); !ok || ld.LockDomain() != vfs.HostLockDomain {
			t.Errorf("%s: not in the host lock domain", name)
		}
	}
	ino, err := mIno.(vfs.DirOps).Create("a", 0o644, uint32(os.Geteuid()), uint32(os.Getegid()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := ino.Open(unix.O_RDWR)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Release()
	if err := f.(vfs.FSSyncer).SyncFS(); err != nil {
		t.Errorf("file SyncFS: %v", err)
	}
	d, err := mIno.Open(unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Release()
	if err := d.(vfs.FSSyncer).SyncFS(); err != nil {
		t.Errorf("directory SyncFS: %v", err)
	}
}
