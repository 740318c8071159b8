package synth

import (
	"testing"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

func TestFileSnapshot(t *testing.T) {
	n := 0
	var written string
	f := &File{Attr: Attr{Ino: 5, Perm: 0o644}, Gen: func() ([]byte, error) {
		n++
		return []byte{'a' + byte(n-1), 'x', 'y'}, nil
	}, Write: func(p []byte) error { written = string(p); return nil }}
	o, err := f.Open(unix.O_RDWR)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 1)
	o.Read(b, 0)
	first := b[0]
	o.Read(b, 1) // further on: the same snapshot
	if n != 1 || first != 'a' || b[0] != 'x' {
		t.Errorf("a read past 0 regenerated (n %d) or read %q %q", n, first, b[0])
	}
	o.Read(b, 0) // from the start again: fresh contents
	if n != 2 || b[0] != 'b' {
		t.Errorf("a read at 0 did not regenerate: n %d, %q", n, b[0])
	}
	if m, err := o.Read(b, 10); m != 0 || err != nil {
		t.Errorf("read past the end: %d, %v", m, err)
	}
	if _, err := o.Write([]byte("v"), 0); err != nil || written != "v" {
		t.Errorf("write: %v, %q", err, written)
	}
	// Reads at -1 use and advance the file's own offset; SeekFrom moves it.
	o2, _ := f.Open(unix.O_RDONLY)
	if m, _ := o2.Read(b, -1); m != 1 || b[0] != 'c' {
		t.Errorf("own-offset read: %d %q", m, b[0])
	}
	if m, _ := o2.Read(b, -1); m != 1 || b[0] != 'x' {
		t.Errorf("second own-offset read: %d %q (want the same snapshot, advanced)", m, b[0])
	}
	sk := o2.(vfs.Seeker)
	if n, err := sk.SeekFrom(0, 0, unix.SEEK_SET); n != 0 || err != nil {
		t.Errorf("SeekFrom(0, SEEK_SET) = %d, %v", n, err)
	}
	if m, _ := o2.Read(b, -1); m != 1 || b[0] != 'd' {
		t.Errorf("read after a rewind: %q, want fresh contents", b[0])
	}
	if _, err := sk.SeekFrom(0, 0, unix.SEEK_END); err != unix.EINVAL {
		t.Errorf("SEEK_END: %v, want EINVAL", err)
	}
	if _, err := Text(Attr{}, "x").Open(unix.O_WRONLY); err != unix.EACCES {
		t.Errorf("open a read-only file for writing: %v, want EACCES", err)
	}
}

func TestDirListing(t *testing.T) {
	list, get := Static(map[string]vfs.Inode{"b": Text(Attr{Ino: 2}, ""), "a": &Symlink{Attr: Attr{Ino: 3}, Target: "b"}})
	d := NewDir(&Dir{Attr: Attr{Ino: 1, Perm: 0o555}, List: list, Get: get, Volatile: true})
	if _, ok := d.(vfs.Volatile); !ok {
		t.Errorf("a Volatile Dir is not vfs.Volatile")
	}
	f, err := d.Open(unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	ents, _ := f.Getdents(0)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name)
	}
	if len(ents) != 4 || got[2] != "a" || ents[2].Type != unix.DT_LNK || got[3] != "b" || ents[3].Type != unix.DT_REG || ents[3].Off != 4 {
		t.Errorf("entries %v %+v", got, ents)
	}
	if rest, _ := f.Getdents(3); len(rest) != 1 || rest[0].Name != "b" {
		t.Errorf("from cookie 3: %+v", rest)
	}
	if _, err := d.Lookup("zz"); err != unix.ENOENT {
		t.Errorf("lookup of a missing name: %v", err)
	}
	if _, err := d.Open(unix.O_WRONLY); err != unix.EISDIR {
		t.Errorf("open a directory for writing: %v", err)
	}
}
