package overlay

import (
	"sort"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/tmpfs"
	"husk/sentry/vfs"
)

// roInode shows a tmpfs read-only (no DirOps, no setters), as the gofer's
// root is, and counts lookups (the gofer's round trips).
type roInode struct {
	in      vfs.Inode
	lookups *atomic.Int64
}

func (r roInode) Stat() (vfs.Stat, error)              { return r.in.Stat() }
func (r roInode) Readlink() (string, error)            { return r.in.Readlink() }
func (r roInode) Open(flags int) (vfs.FileImpl, error) { return r.in.Open(flags) }
func (r roInode) Lookup(name string) (vfs.Inode, error) {
	r.lookups.Add(1)
	c, err := r.in.Lookup(name)
	if err != nil {
		return nil, err
	}
	return roInode{c, r.lookups}, nil
}

type env struct {
	t       *testing.T
	lowerFS *tmpfs.Inode
	root    *vfs.Dentry
	w       vfs.Walker
	lookups *atomic.Int64
}

// setup makes a lower tree:
//
//	/etc/passwd "root\n" (0640, uid 7, mtime 1000), /etc/hosts, /etc/link -> passwd
//	/usr/bin/tool "#!", /usr/lib/ (empty), /data/sub/deep
func setup(t *testing.T) *env {
	lower := tmpfs.New(0x99, 0o755, 0, 0)
	mk := func(dir vfs.Inode, name string) vfs.Inode {
		c, err := dir.(vfs.DirOps).Mkdir(name, 0o755, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	put := func(dir vfs.Inode, name, data string, mode uint32) vfs.Inode {
		c, err := dir.(vfs.DirOps).Create(name, mode, 7, 8)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := c.Open(unix.O_WRONLY)
		f.Write([]byte(data), 0)
		f.Release()
		ts := unix.Timespec{Sec: 1000}
		c.(vfs.AttrSetter).SetTimes(&ts, &ts)
		return c
	}
	etc := mk(lower, "etc")
	put(etc, "passwd", "root\n", 0o640)
	put(etc, "hosts", "127.0.0.1\n", 0o644)
	etc.(vfs.DirOps).Symlink("link", "passwd", 0, 0)
	usr := mk(lower, "usr")
	put(mk(usr, "bin"), "tool", "#!", 0o755)
	mk(usr, "lib")
	put(mk(mk(lower, "data"), "sub"), "deep", "deep", 0o644)
	var n atomic.Int64
	ov, err := New(roInode{lower, &n})
	if err != nil {
		t.Fatal(err)
	}
	root := vfs.NewRoot(ov)
	return &env{t: t, lowerFS: lower, root: root, w: vfs.Walker{Root: root, Cwd: root}, lookups: &n}
}

func (e *env) resolve(path string) (*vfs.Dentry, error) { return e.w.Resolve(e.root, path, false) }

func (e *env) read(path string) (string, error) {
	d, err := e.w.Resolve(e.root, path, true)
	if err != nil {
		return "", err
	}
	f, err := d.Inode().Open(unix.O_RDONLY)
	if err != nil {
		return "", err
	}
	defer f.Release()
	buf := make([]byte, 4096)
	n, err := f.Read(buf, 0)
	return string(buf[:n]), err
}

// write opens path for writing with flags (O_CREAT makes it) and writes s at 0.
func (e *env) write(path, s string, flags int) error {
	d, err := e.w.Resolve(e.root, path, true)
	if err == unix.ENOENT && flags&unix.O_CREAT != 0 {
		p, name, perr := e.w.ResolveParent(e.root, path)
		if perr != nil {
			return perr
		}
		d, err = p.CreateChild(name, func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Create(name, 0o644, 0, 0) })
	}
	if err != nil {
		return err
	}
	f, err := d.Inode().Open(unix.O_WRONLY | flags&^unix.O_CREAT)
	if err != nil {
		return err
	}
	defer f.Release()
	_, err = f.Write([]byte(s), 0)
	return err
}

func (e *env) ls(path string) []string {
	d, err := e.w.Resolve(e.root, path, true)
	if err != nil {
		e.t.Fatalf("ls %s: %v", path, err)
	}
	f, err := d.Inode().Open(unix.O_RDONLY | unix.O_DIRECTORY)
	if err != nil {
		e.t.Fatalf("ls %s: %v", path, err)
	}
	defer f.Release()
	var names []string
	for cookie := int64(0); ; {
		ents, err := f.Getdents(cookie)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(ents) == 0 {
			break
		}
		for _, en := range ents {
			if en.Name != "." && en.Name != ".." {
				names = append(names, en.Name)
			}
		}
		cookie = ents[len(ents)-1].Off
	}
	sort.Strings(names)
	return names
}

func (e *env) lowerRead(path string) string {
	w := vfs.Walker{Root: vfs.NewRoot(e.lowerFS)}
	d, err := w.Resolve(w.Root, path, true)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	f, _ := d.Inode().Open(unix.O_RDONLY)
	defer f.Release()
	buf := make([]byte, 4096)
	n, _ := f.Read(buf, 0)
	return string(buf[:n])
}

func (e *env) parent(path string) (*vfs.Dentry, string) {
	p, name, err := e.w.ResolveParent(e.root, path)
	if err != nil {
		e.t.Fatalf("%s: %v", path, err)
	}
	return p, name
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func TestCopyUpKeepsDataModeOwnerTimesAndNumbers(t *testing.T) {
	e := setup(t)
	d, _ := e.resolve("/etc/passwd")
	before, _ := d.Inode().Stat()
	if err := e.write("/etc/passwd", "ROOT", 0); err != nil {
		t.Fatal(err)
	}
	got, _ := e.read("/etc/passwd")
	eq(t, "data after write", got, "ROOT\n")
	eq(t, "lower untouched", e.lowerRead("/etc/passwd"), "root\n")
	after, _ := d.Inode().Stat()
	eq(t, "mode", after.Mode, uint32(unix.S_IFREG|0o640))
	eq(t, "uid", after.UID, uint32(7))
	eq(t, "gid", after.GID, uint32(8))
	eq(t, "dev", after.Dev, before.Dev)
	eq(t, "ino kept across copy-up", after.Ino, before.Ino)
	if after.Mtime.Sec == 1000 {
		t.Error("the write did not move mtime")
	}
	// chmod alone copies up too, with the times kept.
	h, _ := e.resolve("/etc/hosts")
	if err := h.Inode().(vfs.AttrSetter).SetMode(0o600); err != nil {
		t.Fatal(err)
	}
	st, _ := h.Inode().Stat()
	eq(t, "chmod", st.Mode, uint32(unix.S_IFREG|0o600))
	eq(t, "mtime kept by copy-up", st.Mtime.Sec, int64(1000))
	ls, _ := vfs.NewRoot(e.lowerFS).Inode().Lookup("etc")
	lh, _ := ls.Lookup("hosts")
	lst, _ := lh.Stat()
	eq(t, "lower mode", lst.Mode, uint32(unix.S_IFREG|0o644))
	// The parent chain was made in the upper, and /etc merges.
	eq(t, "ls /etc", len(e.ls("/etc")), 3)
	est, _ := e.resolve("/etc")
	les, _ := vfs.NewRoot(e.lowerFS).Inode().Lookup("etc")
	lst0, _ := les.Stat()
	es, _ := est.Inode().Stat()
	eq(t, "a dir holding copies only: the lower's nlink", es.Nlink, lst0.Nlink)
	eq(t, "a dir holding copies only: the lower's mtime", es.Mtime, lst0.Mtime)
	e.write("/etc/new", "n", unix.O_CREAT)
	es, _ = est.Inode().Stat()
	eq(t, "merged dir with a new name: nlink", es.Nlink, uint64(1))
	if es.Mtime == lst0.Mtime {
		t.Error("a name made in a merged dir did not move its mtime")
	}
	eq(t, "ino", es.Ino, lst0.Ino)
}

func TestTruncateAndOTrunc(t *testing.T) {
	e := setup(t)
	if err := e.write("/usr/bin/tool", "x", unix.O_TRUNC); err != nil {
		t.Fatal(err)
	}
	got, _ := e.read("/usr/bin/tool")
	eq(t, "O_TRUNC then write", got, "x")
	d, _ := e.resolve("/data/sub/deep")
	if err := d.Inode().(vfs.Truncater).Truncate(2); err != nil {
		t.Fatal(err)
	}
	got, _ = e.read("/data/sub/deep")
	eq(t, "truncate", got, "de")
	eq(t, "lower", e.lowerRead("/data/sub/deep"), "deep")
}

func TestWhiteoutsAndOpaqueDirs(t *testing.T) {
	e := setup(t)
	p, _ := e.parent("/etc/passwd")
	if err := p.RemoveChild("passwd", false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.resolve("/etc/passwd"); err != unix.ENOENT {
		t.Errorf("removed lower file: %v, want ENOENT", err)
	}
	eq(t, "ls /etc", len(e.ls("/etc")), 2)
	eq(t, "lower kept", e.lowerRead("/etc/passwd"), "root\n")
	// A new file of the name replaces the whiteout.
	if err := e.write("/etc/passwd", "new", unix.O_CREAT); err != nil {
		t.Fatal(err)
	}
	got, _ := e.read("/etc/passwd")
	eq(t, "recreated", got, "new")

	// rmdir needs the union empty.
	p, _ = e.parent("/data/sub")
	if err := p.RemoveChild("sub", true); err != unix.ENOTEMPTY {
		t.Errorf("rmdir of a lower dir with a file: %v, want ENOTEMPTY", err)
	}
	sp, _ := e.parent("/data/sub/deep")
	if err := sp.RemoveChild("deep", false); err != nil {
		t.Fatal(err)
	}
	if err := p.RemoveChild("sub", true); err != nil {
		t.Fatalf("rmdir of an emptied lower dir: %v", err)
	}
	if _, err := e.resolve("/data/sub"); err != unix.ENOENT {
		t.Errorf("removed dir: %v", err)
	}
	// Made again, it is opaque: the lower's deep does not show through.
	if _, err := p.CreateChild("sub", func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Mkdir("sub", 0o700, 0, 0) }); err != nil {
		t.Fatal(err)
	}
	if n := e.ls("/data/sub"); len(n) != 0 {
		t.Errorf("recreated dir lists %v, want nothing", n)
	}
	if _, err := e.resolve("/data/sub/deep"); err != unix.ENOENT {
		t.Errorf("a lower name under an opaque dir: %v", err)
	}
	eq(t, "lower kept", e.lowerRead("/data/sub/deep"), "deep")
}

func TestReaddirMerges(t *testing.T) {
	e := setup(t)
	e.write("/usr/bin/new", "n", unix.O_CREAT)
	e.write("/usr/bin/tool", "t", 0) // copied up: listed once
	got := e.ls("/usr/bin")
	if len(got) != 2 || got[0] != "new" || got[1] != "tool" {
		t.Errorf("ls /usr/bin: %v", got)
	}
	got = e.ls("/")
	if len(got) != 3 {
		t.Errorf("ls /: %v", got)
	}
	// Inode numbers in the listing match stat's.
	d, _ := e.resolve("/usr/bin")
	f, _ := d.Inode().Open(unix.O_RDONLY)
	ents, _ := f.Getdents(0)
	f.Release()
	for _, en := range ents {
		if en.Name == "." || en.Name == ".." {
			continue
		}
		c, _ := e.resolve("/usr/bin/" + en.Name)
		st, _ := c.Inode().Stat()
		eq(t, "d_ino of "+en.Name, en.Ino, st.Ino)
	}
	c, _ := e.resolve("/usr/bin/new")
	st, _ := c.Inode().Stat()
	if st.Ino&UpperInoBit == 0 {
		t.Errorf("an upper-only file's ino %#x lacks the upper bit", st.Ino)
	}
}

func TestRenameRules(t *testing.T) {
	e := setup(t)
	etc, _ := e.parent("/etc/hosts")
	usr, _ := e.parent("/usr/lib")
	// A lower file: copied up, renamed, the old name whited out.
	if err := etc.RenameChild("hosts", usr, "hosts2"); err != nil {
		t.Fatal(err)
	}
	got, _ := e.read("/usr/hosts2")
	eq(t, "renamed", got, "127.0.0.1\n")
	if _, err := e.resolve("/etc/hosts"); err != unix.ENOENT {
		t.Errorf("old name: %v", err)
	}
	// Over a lower file.
	if err := usr.RenameChild("hosts2", etc, "passwd"); err != nil {
		t.Fatal(err)
	}
	got, _ = e.read("/etc/passwd")
	eq(t, "replaced", got, "127.0.0.1\n")
	// A lower (or merged) directory: EXDEV, as overlayfs without redirect_dir.
	if err := usr.RenameChild("lib", usr, "lib2"); err != unix.EXDEV {
		t.Errorf("rename of a lower dir: %v, want EXDEV", err)
	}
	// A directory made in the sandbox moves, also over an empty lower dir,
	// which it then hides (opaque).
	if _, err := usr.CreateChild("mine", func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Mkdir("mine", 0o755, 0, 0) }); err != nil {
		t.Fatal(err)
	}
	e.write("/usr/mine/f", "f", unix.O_CREAT)
	if err := usr.RenameChild("mine", usr, "lib"); err != nil {
		t.Fatalf("rename of an upper dir over an empty lower one: %v", err)
	}
	got, _ = e.read("/usr/lib/f")
	eq(t, "moved dir's file", got, "f")
	if err := usr.RenameChild("lib", usr, "bin"); err != unix.EXDEV {
		// lib is now opaque and upper-only: movable; bin is not empty.
		if err != unix.ENOTEMPTY {
			t.Errorf("rename over a non-empty lower dir: %v, want ENOTEMPTY", err)
		}
	}
	if err := etc.RenameChildFlags("link", etc, "passwd", unix.RENAME_NOREPLACE); err != unix.EEXIST {
		t.Errorf("RENAME_NOREPLACE over a lower name: %v, want EEXIST", err)
	}
	l, _ := e.resolve("/etc/link")
	tg, _ := l.Inode().Readlink()
	eq(t, "symlink", tg, "passwd")
	if err := etc.RenameChild("link", etc, "link2"); err != nil {
		t.Fatal(err)
	}
	l, _ = e.resolve("/etc/link2")
	tg, _ = l.Inode().Readlink()
	eq(t, "symlink copied up", tg, "passwd")
}

func TestHardLinks(t *testing.T) {
	e := setup(t)
	src, _ := e.resolve("/etc/hosts")
	etc, _ := e.parent("/etc/hosts")
	if err := etc.LinkChild(src, "hosts.bak"); err != nil {
		t.Fatal(err)
	}
	a, _ := e.resolve("/etc/hosts")
	b, _ := e.resolve("/etc/hosts.bak")
	as, _ := a.Inode().Stat()
	bs, _ := b.Inode().Stat()
	eq(t, "nlink", as.Nlink, uint64(2))
	eq(t, "same ino", as.Ino, bs.Ino)
	e.write("/etc/hosts.bak", "changed", 0)
	got, _ := e.read("/etc/hosts")
	eq(t, "shared data", got[:7], "changed")
	if err := etc.RemoveChild("hosts", false); err != nil {
		t.Fatal(err)
	}
	bs, _ = b.Inode().Stat()
	eq(t, "nlink after unlink", bs.Nlink, uint64(1))
	got, _ = e.read("/etc/hosts.bak")
	eq(t, "data kept", got[:7], "changed")
}

// An open file follows a copy-up made through another descriptor.
func TestOpenFileFollowsCopyUp(t *testing.T) {
	e := setup(t)
	d, _ := e.resolve("/etc/passwd")
	r, err := d.Inode().Open(unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	if err := e.write("/etc/passwd", "ROOT", 0); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, _ := r.Read(buf, 0)
	eq(t, "old fd reads", string(buf[:n]), "ROOT\n")
}

// Lower names are looked up in the lower once: a name missing from both
// layers, asked again, costs no lower lookup; a lower file's lookup costs
// exactly one.
func TestLookupCost(t *testing.T) {
	e := setup(t)
	e.resolve("/etc")
	n0 := e.lookups.Load()
	e.resolve("/etc/hosts")
	eq(t, "lookups for a lower file", e.lookups.Load()-n0, int64(1))
	e.resolve("/etc/hosts")
	eq(t, "lookups for it again", e.lookups.Load()-n0, int64(1))
	e.resolve("/etc/nothing")
	n1 := e.lookups.Load()
	for k := 0; k < 3; k++ {
		if _, err := e.resolve("/etc/nothing"); err != unix.ENOENT {
			t.Fatal(err)
		}
	}
	eq(t, "lookups for a missing name again", e.lookups.Load()-n1, int64(0))
	// Creating it costs no lower lookup either (the miss is remembered).
	if err := e.write("/etc/nothing", "x", unix.O_CREAT); err != nil {
		t.Fatal(err)
	}
	eq(t, "lookups to create it", e.lookups.Load()-n1, int64(0))
}

func TestMkdirPAndRemoveAll(t *testing.T) {
	e := setup(t)
	p, _ := e.parent("/usr/lib")
	if _, err := p.CreateChild("lib", func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Mkdir("lib", 0o755, 0, 0) }); err != unix.EEXIST {
		t.Errorf("mkdir over a lower dir: %v, want EEXIST", err)
	}
	// Remove a whole lower tree: files, then dirs.
	sub, _ := e.parent("/data/sub/deep")
	sub.RemoveChild("deep", false)
	data, _ := e.parent("/data/sub")
	if err := data.RemoveChild("sub", true); err != nil {
		t.Fatal(err)
	}
	root, _ := e.parent("/data")
	if err := root.RemoveChild("data", true); err != nil {
		t.Fatal(err)
	}
	if got := e.ls("/"); len(got) != 2 {
		t.Errorf("ls /: %v", got)
	}
}

// Concurrent copy-ups of one file and readers of its directory agree: one
// upper, the last write's data.
func TestConcurrentCopyUp(t *testing.T) {
	e := setup(t)
	done := make(chan error, 8)
	for k := 0; k < 8; k++ {
		go func(k int) {
			if k%2 == 0 {
				done <- e.write("/usr/bin/tool", "ab", 0)
				return
			}
			e.ls("/usr/bin")
			_, err := e.read("/usr/bin/tool")
			done <- err
		}(k)
	}
	for k := 0; k < 8; k++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	got, _ := e.read("/usr/bin/tool")
	eq(t, "data", got, "ab")
	eq(t, "ls", len(e.ls("/usr/bin")), 1)
}

// TestStatFS: statfs anywhere in the overlay (through the vfs, from a deep
// lower file) says overlayfs, with the numbers of the lower's filesystem
// where it has them (here a tmpfs lower: the gofer's root is covered in
// e2e), else the upper's.
func TestStatFS(t *testing.T) {
	e := setup(t)
	d, err := e.resolve("/data/sub/deep")
	if err != nil {
		t.Fatal(err)
	}
	st, err := d.StatFS()
	if err != nil {
		t.Fatalf("statfs of a lower file: %v", err)
	}
	if st.Type != OverlayfsMagic || st.Blocks == 0 || st.Bsize == 0 || st.Namelen != vfs.NameMax {
		t.Errorf("statfs = %+v, want overlayfs (%#x) with a size", st, OverlayfsMagic)
	}
}
