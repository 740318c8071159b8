package tmpfs

import (
	"testing"

	"golang.org/x/sys/unix"
)

// A hard link shares the data and counts in st_nlink; the data stays until
// the last name goes; directories take no links.
func TestLink(t *testing.T) {
	root := New(1, 0o755, 0, 0)
	sub, _ := root.Mkdir("sub", 0o755, 0, 0)
	a, err := root.Create("a", 0o644, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := a.Open(unix.O_WRONLY)
	f.Write([]byte("data"), 0)
	f.Release()
	b, err := sub.(*Inode).LinkInode(a, "b")
	if err != nil {
		t.Fatal(err)
	}
	if b != a {
		t.Error("the link is another inode")
	}
	if st, _ := a.Stat(); st.Nlink != 2 {
		t.Errorf("nlink %d, want 2", st.Nlink)
	}
	if _, err := root.LinkInode(a, "sub"); err != unix.EEXIST {
		t.Errorf("link over a name: %v, want EEXIST", err)
	}
	if _, err := root.LinkInode(sub, "sub2"); err != unix.EPERM {
		t.Errorf("link of a directory: %v, want EPERM", err)
	}
	if _, err := New(2, 0o755, 0, 0).LinkInode(a, "c"); err != unix.EXDEV {
		t.Errorf("link across tmpfs: %v, want EXDEV", err)
	}
	if err := root.Unlink("a"); err != nil {
		t.Fatal(err)
	}
	st, _ := b.Stat()
	if st.Nlink != 1 || st.Size != 4 {
		t.Errorf("after unlinking one name: nlink %d size %d, want 1 and 4", st.Nlink, st.Size)
	}
	// Renaming another file over the last name drops it.
	sub.(*Inode).Create("c", 0o644, 0, 0)
	if err := sub.(*Inode).Rename("c", sub, "b"); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.Stat(); st.Nlink != 0 || st.Size != 0 {
		t.Errorf("replaced: nlink %d size %d, want 0 and its data freed", st.Nlink, st.Size)
	}
}
