package tmpfs

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

func TestXattrs(t *testing.T) {
	root := New(1, 0o755, 0, 0)
	f, err := root.Create("f", 0o644, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	x := f.(vfs.XattrOps)
	if err := x.SetXattr("user.a", []byte("v"), vfs.XattrReplace); err != unix.ENODATA {
		t.Errorf("REPLACE of a missing name: %v, want ENODATA", err)
	}
	if err := x.SetXattr("user.a", []byte("v"), vfs.XattrCreate); err != nil {
		t.Fatal(err)
	}
	if err := x.SetXattr("user.a", []byte("w"), vfs.XattrCreate); err != unix.EEXIST {
		t.Errorf("CREATE of a taken name: %v, want EEXIST", err)
	}
	if v, err := x.GetXattr("user.a"); err != nil || string(v) != "v" {
		t.Errorf("GetXattr = %q, %v", v, err)
	}
	if l := x.ListXattr(); len(l) != 1 || l[0] != "user.a" {
		t.Errorf("ListXattr = %q", l)
	}
	if err := x.RemoveXattr("user.a"); err != nil {
		t.Fatal(err)
	}
	if err := x.RemoveXattr("user.a"); err != unix.ENODATA {
		t.Errorf("second RemoveXattr: %v, want ENODATA", err)
	}
	big := make([]byte, 1<<20)
	if err := x.SetXattr("user.big", big, 0); err != unix.ENOSPC {
		t.Errorf("over the per-inode budget: %v, want ENOSPC", err)
	}
}

func TestFIFOOpen(t *testing.T) {
	root := New(1, 0o755, 0, 0)
	ino, err := root.Mknod("p", unix.S_IFIFO|0o600, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := ino.(*Inode)
	if _, err := p.OpenBlocking(unix.O_WRONLY|unix.O_NONBLOCK, nil); err != unix.ENXIO {
		t.Fatalf("nonblocking writer, no reader: %v, want ENXIO", err)
	}
	got := make(chan vfs.FileImpl)
	go func() {
		r, err := p.OpenBlocking(unix.O_RDONLY, nil)
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	select {
	case <-got:
		t.Fatal("a reader's open returned with no writer")
	case <-time.After(50 * time.Millisecond):
	}
	w, err := p.OpenBlocking(unix.O_WRONLY, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	if _, err := w.Write([]byte("hi"), 0); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	if n, err := r.Read(buf, 0); n != 2 || err != nil {
		t.Errorf("Read = %d, %v", n, err)
	}
	if st, _ := r.Stat(); st.Mode&unix.S_IFMT != unix.S_IFIFO || st.Ino != p.stat.Ino {
		t.Errorf("an open FIFO's stat is not its inode's: %+v", st)
	}
	w.Release()
	r.Release()
}

func TestTmpfileAndLinks(t *testing.T) {
	root := New(1, 0o755, 0, 0)
	tf, err := root.Tmpfile(0o600, 0, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := tf.Stat(); st.Nlink != 0 {
		t.Errorf("O_TMPFILE nlink %d, want 0", st.Nlink)
	}
	if _, err := root.LinkInode(tf, "named"); err != nil {
		t.Fatal(err)
	}
	if _, err := root.LinkInode(tf, "again"); err != nil {
		t.Fatal(err)
	}
	if st, _ := tf.Stat(); st.Nlink != 2 {
		t.Errorf("nlink %d after two links, want 2", st.Nlink)
	}
	if err := root.Unlink("named"); err != nil {
		t.Fatal(err)
	}
	if st, _ := tf.Stat(); st.Nlink != 1 {
		t.Errorf("nlink %d after an unlink, want 1", st.Nlink)
	}
	excl, _ := root.Tmpfile(0o600, 0, 0, true)
	if _, err := root.LinkInode(excl, "x"); err != unix.ENOENT {
		t.Errorf("linking an O_EXCL tmpfile: %v, want ENOENT", err)
	}
	other := New(2, 0o755, 0, 0)
	if _, err := other.LinkInode(tf, "y"); err != unix.EXDEV {
		t.Errorf("linking across tmpfs instances: %v, want EXDEV", err)
	}
}

func TestAllocateAndStatFS(t *testing.T) {
	root := New(1, 0o755, 0, 0)
	ino, _ := root.Create("f", 0o644, 0, 0)
	impl, err := ino.Open(unix.O_RDWR)
	if err != nil {
		t.Fatal(err)
	}
	al := impl.(vfs.Allocator)
	before, _ := root.StatFS()
	if err := al.Allocate(0, 0, 1<<20); err != nil {
		t.Fatal(err)
	}
	if st, _ := ino.Stat(); st.Size != 1<<20 {
		t.Errorf("size %d after fallocate, want 1 MiB", st.Size)
	}
	after, _ := root.StatFS()
	if after.Type != vfs.TmpfsMagic || before.Bfree-after.Bfree != 256 {
		t.Errorf("statfs: type %#x, free blocks %d -> %d (want 256 fewer)", after.Type, before.Bfree, after.Bfree)
	}
	if err := al.Allocate(unix.FALLOC_FL_ZERO_RANGE, 0, 1); err != unix.EOPNOTSUPP {
		t.Errorf("ZERO_RANGE: %v, want EOPNOTSUPP", err)
	}
	impl.Release()
}
