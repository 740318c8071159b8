package gofer

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"husk/gofer"
	"husk/sentry/vfs"
)

// serveDirs serves ro (mount 0, read-only) and rw (mount 1, writable) from a
// gofer server in this process and returns a client.
func serveDirs(t *testing.T, ro, rw string) *gofer.Client {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := os.NewFile(uintptr(fds[1]), "server")
	done := make(chan error, 1)
	go func() {
		done <- gofer.Serve([]gofer.Mount{{Path: ro, ReadOnly: true}, {Path: rw}}, srv, nil)
		srv.Close()
	}()
	c, err := gofer.NewClient(fds[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return c
}

func TestWritableMount(t *testing.T) {
	ro, rw := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(ro, "f"), []byte("ro"), 0o644)
	c := serveDirs(t, ro, rw)
	_, rootIno, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	// The read-only root is read-only by type: no DirOps, no Truncater.
	if _, ok := rootIno.(vfs.DirOps); ok {
		t.Error("the read-only root has DirOps")
	}
	_, mIno, err := NewMount(c, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	dir, ok := mIno.(vfs.DirOps)
	if !ok {
		t.Fatal("a writable mount's root has no DirOps")
	}
	ino, err := dir.Create("a", 0o640, uint32(os.Geteuid()), uint32(os.Getegid()))
	if err != nil {
		t.Fatal(err)
	}
	// The first open for writing takes the FD Create got.
	f, err := ino.Open(unix.O_WRONLY)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.Write([]byte("hello"), 0); n != 5 || err != nil {
		t.Fatalf("write: %d %v", n, err)
	}
	// Stats are fresh on a writable mount.
	if st, err := ino.Stat(); err != nil || st.Size != 5 || st.Mode != unix.S_IFREG|0o640 {
		t.Errorf("stat after write: %+v %v", st, err)
	}
	if s, ok := f.(vfs.Syncer); !ok {
		t.Error("a gofer file has no Sync")
	} else if err := s.Sync(false); err != nil {
		t.Errorf("fsync: %v", err)
	}
	f.Release()
	// O_TRUNC is the sentry's ftruncate on the donated FD.
	f, err = ino.Open(unix.O_RDWR | unix.O_TRUNC)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("xy"), 0)
	f.Release()
	if b, _ := os.ReadFile(filepath.Join(rw, "a")); string(b) != "xy" {
		t.Errorf("host file %q after O_TRUNC and a write", b)
	}
	if err := ino.(vfs.Truncater).Truncate(10); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(rw, "a")); st.Size() != 10 {
		t.Errorf("truncate: host size %d", st.Size())
	}
	if err := ino.(vfs.AttrSetter).SetMode(0o600); err != nil {
		t.Fatal(err)
	}
	if st, _ := ino.Stat(); st.Mode != unix.S_IFREG|0o600 {
		t.Errorf("mode after SetMode: %#o", st.Mode)
	}
	// Names: mkdir, link, rename with flags, unlink.
	sub, err := dir.Mkdir("d", 0o755, uint32(os.Geteuid()), uint32(os.Getegid()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sub.(vfs.Linker).Link(mIno, "a", "hard"); err != nil {
		t.Fatal(err)
	}
	if st, _ := ino.Stat(); st.Nlink != 2 {
		t.Errorf("nlink after link: %d", st.Nlink)
	}
	if _, err := mIno.(vfs.Linker).Link(rootIno, "f", "x"); err != unix.EXDEV {
		t.Errorf("link from the read-only root: %v, want EXDEV", err)
	}
	if err := mIno.(vfs.RenameFlags).RenameFlags("a", sub, "hard", unix.RENAME_NOREPLACE); err != unix.EEXIST {
		t.Errorf("rename noreplace: %v", err)
	}
	if err := mIno.(vfs.RenameFlags).RenameFlags("d", mIno, "a", unix.RENAME_EXCHANGE); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Lstat(filepath.Join(rw, "a")); st == nil || !st.IsDir() {
		t.Error("exchange did not swap")
	}
	if err := dir.Rename("a", rootIno, "z"); err != unix.EXDEV {
		t.Errorf("rename to the read-only root: %v, want EXDEV", err)
	}
	// A directory syncs through a directory FD the gofer donates.
	df, err := mIno.Open(unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := df.(vfs.Syncer); !ok {
		t.Error("a gofer directory has no Sync")
	} else if err := s.Sync(false); err != nil {
		t.Errorf("fsync of a directory: %v", err)
	}
	// The walk needs only the type, which never costs a round trip.
	if k, ok := ino.(vfs.TypeKnower); !ok || k.FileType() != unix.S_IFREG {
		t.Error("FileType")
	}
}

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// TestInodesGiveBack: inodes nobody holds close their donated FDs and clunk
// their FIDs (the in-process gofer then closes its host FDs): a job that
// makes and removes many files does not pile up FDs in either process.
func TestInodesGiveBack(t *testing.T) {
	ro, rw := t.TempDir(), t.TempDir()
	c := serveDirs(t, ro, rw)
	_, mIno, err := NewMount(c, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	dir := mIno.(vfs.DirOps)
	before := openFDs(t)
	for k := 0; k < 200; k++ {
		name := "f" + string(rune('a'+k%26)) + string(rune('a'+k/26))
		ino, err := dir.Create(name, 0o644, uint32(os.Geteuid()), uint32(os.Getegid()))
		if err != nil {
			t.Fatal(err)
		}
		f, err := ino.Open(unix.O_RDONLY) // the created FD becomes the read FD
		if err != nil {
			t.Fatal(err)
		}
		f.Release()
		if err := dir.Unlink(name); err != nil {
			t.Fatal(err)
		}
	}
	grown := openFDs(t) - before
	for i := 0; i < 50 && openFDs(t)-before > 20; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if left := openFDs(t) - before; left > 20 {
		t.Errorf("%d FDs still open after 200 files were made, dropped and collected (%d before collection)", left, grown)
	}
}
