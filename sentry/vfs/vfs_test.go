package vfs

import (
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// node is a fake in-memory inode: a directory, a regular file or a symlink.
type node struct {
	mode     uint32
	children map[string]*node
	target   string
	data     []byte
}

var _ Inode = (*node)(nil)

func dir(children map[string]*node) *node {
	return &node{mode: unix.S_IFDIR | 0o755, children: children}
}
func file(s string) *node      { return &node{mode: unix.S_IFREG | 0o644, data: []byte(s)} }
func link(target string) *node { return &node{mode: unix.S_IFLNK | 0o777, target: target} }

func (n *node) Stat() (Stat, error) { return Stat{Mode: n.mode, Size: int64(len(n.data))}, nil }

func (n *node) Lookup(name string) (Inode, error) {
	if name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
		panic("Lookup(" + name + "): precondition broken")
	}
	if n.mode&unix.S_IFMT != unix.S_IFDIR {
		return nil, unix.ENOTDIR
	}
	c, ok := n.children[name]
	if !ok {
		return nil, unix.ENOENT
	}
	return c, nil
}

func (n *node) Readlink() (string, error) {
	if n.mode&unix.S_IFMT != unix.S_IFLNK {
		return "", unix.EINVAL
	}
	return n.target, nil
}

func (n *node) Open(flags int) (FileImpl, error) { return &impl{data: n.data, seekable: true}, nil }

// tree builds:
//
//	/etc/{passwd, rel -> passwd, abs -> /etc/passwd, up -> ../bin}
//	/bin/sh
//	/lnkdir -> etc, /escape -> ../../../../etc, /absroot -> /
//	/loop1 <-> /loop2, /self -> self, /dangling -> nowhere, /empty -> ""
//	/c0 -> c1 -> ... -> c40 -> etc
//	/jail/{inside, abs -> /inside, up -> ../../.., sub/}
func tree() *node {
	etc := dir(map[string]*node{"passwd": file("root:x:0:0\n"), "rel": link("passwd"), "abs": link("/etc/passwd"), "up": link("../bin")})
	root := dir(map[string]*node{
		"etc": etc, "bin": dir(map[string]*node{"sh": file("#!")}),
		"lnkdir": link("etc"), "escape": link("../../../../etc"), "absroot": link("/"),
		"loop1": link("loop2"), "loop2": link("loop1"), "self": link("self"),
		"dangling": link("nowhere"), "empty": link(""),
		"jail": dir(map[string]*node{"inside": file("in"), "abs": link("/inside"), "up": link("../../.."), "sub": dir(nil)}),
	})
	for i := 0; i < 40; i++ {
		root.children["c"+itoa(i)] = link("c" + itoa(i+1))
	}
	root.children["c40"] = link("etc")
	return root
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

type fixture struct {
	root *node
	w    *Walker
}

func newFixture() *fixture {
	r := tree()
	d := NewRoot(r)
	return &fixture{root: r, w: &Walker{Root: d, Cwd: d}}
}

func (f *fixture) resolve(t *testing.T, start *Dentry, path string, follow bool) *Dentry {
	t.Helper()
	if start == nil {
		start = f.w.Cwd
	}
	d, err := f.w.Resolve(start, path, follow)
	if err != nil {
		t.Fatalf("Resolve(%q, follow=%v): %v", path, follow, err)
	}
	return d
}

func (f *fixture) node(path string) *node {
	n := f.root
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if p != "" {
			n = n.children[p]
		}
	}
	return n
}

func TestResolve(t *testing.T) {
	f := newFixture()
	etc := f.resolve(t, nil, "/etc", true)
	for _, c := range []struct {
		start  *Dentry
		path   string
		follow bool
		want   string // node path in the fake tree
	}{
		{nil, "/etc/passwd", true, "/etc/passwd"},
		{nil, "etc/passwd", true, "/etc/passwd"},
		{etc, "passwd", true, "/etc/passwd"},
		{etc, "/bin/sh", true, "/bin/sh"}, // absolute paths ignore start
		{nil, "//etc///passwd", true, "/etc/passwd"},
		{nil, "/etc/./passwd", true, "/etc/passwd"},
		{nil, "./etc/../etc/passwd", true, "/etc/passwd"},
		{etc, "..", true, "/"},
		{etc, "../bin/sh", true, "/bin/sh"},
		{nil, "/..", true, "/"},
		{nil, "/../../../etc", true, "/etc"},
		{nil, ".", true, "/"},
		{nil, "/", true, "/"},
		{nil, "/etc/", true, "/etc"},
		// Symlinks: relative to the link's directory, absolute from Root.
		{nil, "/etc/rel", true, "/etc/passwd"},
		{nil, "/etc/rel", false, "/etc/rel"},
		{nil, "/etc/abs", true, "/etc/passwd"},
		{etc, "abs", false, "/etc/abs"},
		{nil, "/etc/up/sh", false, "/bin/sh"},
		{nil, "/lnkdir/passwd", false, "/etc/passwd"}, // non-final links are always followed
		{nil, "/lnkdir/", false, "/etc"},              // a trailing slash follows the final link
		{nil, "/lnkdir/.", false, "/etc"},
		{nil, "/lnkdir/..", true, "/"},
		{nil, "/escape/passwd", true, "/etc/passwd"}, // ".." at the root stays there
		{nil, "/absroot/etc", true, "/etc"},
		{nil, "/dangling", false, "/dangling"},
		{nil, "/c1", true, "/etc"}, // 40 links: the limit, still fine
		{nil, "/c0", false, "/c0"},
	} {
		d, err := f.w.Resolve(orRoot(c.start, f.w.Cwd), c.path, c.follow)
		if err != nil {
			t.Errorf("Resolve(%q, follow=%v): %v", c.path, c.follow, err)
			continue
		}
		if d.Inode() != Inode(f.node(c.want)) {
			t.Errorf("Resolve(%q, follow=%v) = %s, want %s", c.path, c.follow, d.Path(f.w.Root), c.want)
		}
	}
	// Dentries are cached: the same path gives the same dentry.
	if a, b := f.resolve(t, nil, "/etc/passwd", true), f.resolve(t, etc, "rel", true); a != b {
		t.Error("two walks to /etc/passwd gave different dentries")
	}
}

func orRoot(d, root *Dentry) *Dentry {
	if d == nil {
		return root
	}
	return d
}

func TestResolveErrors(t *testing.T) {
	f := newFixture()
	long := strings.Repeat("n", 256)
	// "/" + "./"*2042 + "etc/passwd" is 4095 bytes: just under PATH_MAX.
	max := "/" + strings.Repeat("./", 2042) + "etc/passwd"
	if len(max) != MaxPath-1 {
		t.Fatalf("len(max) = %d", len(max))
	}
	if _, err := f.w.Resolve(f.w.Root, max, true); err != nil {
		t.Errorf("path of %d bytes: %v", len(max), err)
	}
	if _, err := f.w.Resolve(f.w.Root, "/"+strings.Repeat("m", 255), true); !errors.Is(err, unix.ENOENT) {
		t.Errorf("component of 255 bytes: %v, want ENOENT (valid length, missing)", err)
	}
	for _, c := range []struct {
		path   string
		follow bool
		want   error
	}{
		{"", true, unix.ENOENT},
		{"/nope", true, unix.ENOENT},
		{"/etc/nope/x", true, unix.ENOENT},
		{"/dangling", true, unix.ENOENT},
		{"/dangling/", false, unix.ENOENT},
		{"/empty", true, unix.ENOENT},
		{"/etc/passwd/", true, unix.ENOTDIR},
		{"/etc/passwd/", false, unix.ENOTDIR},
		{"/etc/passwd/x", true, unix.ENOTDIR},
		{"/etc/passwd/.", true, unix.ENOTDIR},
		{"/etc/passwd/..", true, unix.ENOTDIR},
		{"/etc/rel/", false, unix.ENOTDIR},
		{"/etc/abs/x", true, unix.ENOTDIR},
		{"/loop1", true, unix.ELOOP},
		{"/loop1/x", false, unix.ELOOP},
		{"/self", true, unix.ELOOP},
		{"/c0", true, unix.ELOOP}, // 41 links
		{"/c0/passwd", false, unix.ELOOP},
		{"/" + long, true, unix.ENAMETOOLONG},
		{"/etc/" + long + "/x", true, unix.ENAMETOOLONG},
		{max + "x", true, unix.ENAMETOOLONG},
		{"/" + strings.Repeat("a/", 3000), true, unix.ENAMETOOLONG},
	} {
		d, err := f.w.Resolve(f.w.Root, c.path, c.follow)
		if !errors.Is(err, c.want) {
			got := "<nil>"
			if d != nil {
				got = d.Path(f.w.Root)
			}
			t.Errorf("Resolve(%.40q, follow=%v) = %s, %v; want %v", c.path, c.follow, got, err, c.want)
		}
	}
}

func TestResolveChrooted(t *testing.T) {
	f := newFixture()
	jail := f.resolve(t, nil, "/jail", true)
	w := &Walker{Root: jail, Cwd: f.resolve(t, nil, "/jail/sub", true)}
	for _, c := range []struct{ path, want string }{
		{"/inside", "/jail/inside"},
		{"/abs", "/jail/inside"}, // an absolute target resolves from the jail's root
		{"/up", "/jail"},         // ".." never climbs out of Root
		{"/up/inside", "/jail/inside"},
		{"..", "/jail"},
		{"../../..", "/jail"},
		{"../abs", "/jail/inside"},
		{"/", "/jail"},
	} {
		d, err := w.Resolve(w.Cwd, c.path, true)
		if err != nil {
			t.Errorf("jail Resolve(%q): %v", c.path, err)
			continue
		}
		if d.Inode() != Inode(f.node(c.want)) {
			t.Errorf("jail Resolve(%q) = %s (host view), want %s", c.path, d.Path(f.w.Root), c.want)
		}
	}
	if _, err := w.Resolve(w.Cwd, "/etc/passwd", true); !errors.Is(err, unix.ENOENT) {
		t.Errorf("the host's /etc from the jail: %v, want ENOENT", err)
	}
	in := f.resolve(t, nil, "/jail/inside", true)
	if p := in.Path(jail); p != "/inside" {
		t.Errorf("Path from the jail = %q, want /inside", p)
	}
	if p := jail.Path(jail); p != "/" {
		t.Errorf("jail root's Path = %q, want /", p)
	}
	if p := in.Path(f.w.Root); p != "/jail/inside" {
		t.Errorf("Path from the real root = %q", p)
	}
	if p := f.w.Root.Path(f.w.Root); p != "/" {
		t.Errorf("root Path = %q", p)
	}
	if f.w.Root.Parent() != f.w.Root || in.Parent() != jail {
		t.Error("Parent is wrong")
	}
}

func TestResolveParent(t *testing.T) {
	f := newFixture()
	etc := f.resolve(t, nil, "/etc", true)
	for _, c := range []struct {
		start          *Dentry
		path           string
		wantDir, wantN string
	}{
		{nil, "/etc/passwd", "/etc", "passwd"},
		{nil, "/etc/newfile", "/etc", "newfile"},
		{nil, "/etc/newdir/", "/etc", "newdir"},
		{nil, "/etc//x//", "/etc", "x"},
		{etc, "x", "/etc", "x"},
		{etc, "../bin/x", "/bin", "x"},
		{nil, "/lnkdir/x", "/etc", "x"}, // the parent's symlink is followed
		{nil, "/etc/rel", "/etc", "rel"},
		{nil, "/", "/", ""},
		{nil, "///", "/", ""},
		{nil, "/etc/.", "/etc", ""},
		{nil, "/etc/..", "/etc", ""},
		{nil, "x", "/", "x"},
	} {
		d, name, err := f.w.ResolveParent(orRoot(c.start, f.w.Cwd), c.path)
		if err != nil {
			t.Errorf("ResolveParent(%q): %v", c.path, err)
			continue
		}
		if d.Inode() != Inode(f.node(c.wantDir)) || name != c.wantN {
			t.Errorf("ResolveParent(%q) = %s, %q; want %s, %q", c.path, d.Path(f.w.Root), name, c.wantDir, c.wantN)
		}
	}
	for _, c := range []struct {
		path string
		want error
	}{
		{"", unix.ENOENT},
		{"/nope/x", unix.ENOENT},
		{"/etc/passwd/x", unix.ENOTDIR},
		{"/loop1/x", unix.ELOOP},
		{"/" + strings.Repeat("n", 256) + "/x", unix.ENAMETOOLONG},
	} {
		if _, _, err := f.w.ResolveParent(f.w.Root, c.path); !errors.Is(err, c.want) {
			t.Errorf("ResolveParent(%q): %v, want %v", c.path, err, c.want)
		}
	}
}

// TestResolveConcurrent walks shared dentries from many goroutines; run under -race.
func TestResolveConcurrent(t *testing.T) {
	f := newFixture()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				if _, err := f.w.Resolve(f.w.Root, "/lnkdir/up/sh", true); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// impl is a fake open file: a byte buffer, or a stream when !seekable.
type impl struct {
	mu       sync.Mutex
	data     []byte
	seekable bool
	dir      bool
	releases atomic.Int32
}

var _ FileImpl = (*impl)(nil)

func (f *impl) Read(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if off < 0 {
		off = 0
	}
	if off >= int64(len(f.data)) {
		return 0, nil
	}
	return copy(p, f.data[off:]), nil
}

func (f *impl) Write(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if off < 0 {
		off = int64(len(f.data))
	}
	for int64(len(f.data)) < off+int64(len(p)) {
		f.data = append(f.data, 0)
	}
	copy(f.data[off:], p)
	return len(p), nil
}

func (f *impl) Stat() (Stat, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := uint32(unix.S_IFREG)
	if f.dir {
		m = unix.S_IFDIR
	}
	return Stat{Mode: m, Size: int64(len(f.data))}, nil
}

func (f *impl) Getdents(int64) ([]Dirent, error)                  { return nil, unix.ENOTDIR }
func (f *impl) Seekable() bool                                    { return f.seekable }
func (f *impl) Ioctl(IoctlTarget, uint, uintptr) (uintptr, error) { return 0, unix.ENOTTY }
func (f *impl) Mappable() (Mappable, error)                       { return nil, unix.ENODEV }
func (f *impl) Release()                                          { f.releases.Add(1) }

func newImpl(s string) *impl { return &impl{data: []byte(s), seekable: true} }

func TestSeek(t *testing.T) {
	fi := newImpl(strings.Repeat("x", 100))
	f := NewFile(fi, nil, unix.O_RDWR)
	for _, c := range []struct {
		off    int64
		whence int
		want   int64
		err    error
	}{
		{10, unix.SEEK_SET, 10, nil},
		{5, unix.SEEK_CUR, 15, nil},
		{-20, unix.SEEK_CUR, 0, unix.EINVAL}, // negative result; offset stays 15
		{0, unix.SEEK_CUR, 15, nil},
		{-3, unix.SEEK_END, 97, nil},
		{10, unix.SEEK_END, 110, nil}, // past the end is fine
		{-101, unix.SEEK_END, 0, unix.EINVAL},
		{-1, unix.SEEK_SET, 0, unix.EINVAL},
		{0, 7, 0, unix.EINVAL},
		{0, -1, 0, unix.EINVAL},
		{5, unix.SEEK_DATA, 5, nil},
		{100, unix.SEEK_DATA, 0, unix.ENXIO},
		{-1, unix.SEEK_DATA, 0, unix.ENXIO},
		{5, unix.SEEK_HOLE, 100, nil},
		{100, unix.SEEK_HOLE, 0, unix.ENXIO},
		{math.MaxInt64, unix.SEEK_SET, math.MaxInt64, nil},
		{1, unix.SEEK_CUR, 0, unix.EINVAL}, // overflow
		{math.MaxInt64, unix.SEEK_END, 0, unix.EINVAL},
		{0, unix.SEEK_SET, 0, nil},
	} {
		got, err := f.Seek(c.off, c.whence)
		if !errors.Is(err, c.err) || (c.err == nil && got != c.want) {
			t.Errorf("Seek(%d, %d) = %d, %v; want %d, %v", c.off, c.whence, got, err, c.want, c.err)
		}
	}
	// Read advances the offset.
	f.Seek(95, unix.SEEK_SET)
	b := make([]byte, 10)
	if n, err := f.Read(b); n != 5 || err != nil {
		t.Errorf("read at 95 of 100 = %d, %v", n, err)
	}
	if off, _ := f.Seek(0, unix.SEEK_CUR); off != 100 {
		t.Errorf("offset after the read = %d, want 100", off)
	}
	stream := NewFile(&impl{}, nil, unix.O_RDWR)
	if _, err := stream.Seek(0, unix.SEEK_SET); !errors.Is(err, unix.ESPIPE) {
		t.Errorf("seek on a stream: %v, want ESPIPE", err)
	}
	if _, err := stream.Pread(b, 0); !errors.Is(err, unix.ESPIPE) {
		t.Errorf("pread on a stream: %v, want ESPIPE", err)
	}
	if _, err := stream.Pwrite(b, 0); !errors.Is(err, unix.ESPIPE) {
		t.Errorf("pwrite on a stream: %v, want ESPIPE", err)
	}
	if _, err := f.Pread(b, -1); !errors.Is(err, unix.EINVAL) {
		t.Errorf("pread at -1: %v, want EINVAL", err)
	}
	if _, err := f.Pwrite(b, -1); !errors.Is(err, unix.EINVAL) {
		t.Errorf("pwrite at -1: %v, want EINVAL", err)
	}
}

func TestAppendAndAccessMode(t *testing.T) {
	fi := newImpl("hello")
	f := NewFile(fi, nil, unix.O_WRONLY|unix.O_APPEND|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC)
	if fl := f.Flags(); fl != unix.O_WRONLY|unix.O_APPEND {
		t.Errorf("flags = %#o, want O_WRONLY|O_APPEND (open-only flags dropped)", fl)
	}
	f.Seek(1, unix.SEEK_SET)
	if n, err := f.Write([]byte(" world")); n != 6 || err != nil {
		t.Fatalf("append: %d, %v", n, err)
	}
	if string(fi.data) != "hello world" {
		t.Errorf("after O_APPEND write: %q", fi.data)
	}
	if off, _ := f.Seek(0, unix.SEEK_CUR); off != 11 {
		t.Errorf("offset after the append = %d, want 11", off)
	}
	if _, err := f.Read(make([]byte, 1)); !errors.Is(err, unix.EBADF) {
		t.Errorf("read on O_WRONLY: %v, want EBADF", err)
	}
	if _, err := f.Pread(make([]byte, 1), 0); !errors.Is(err, unix.EBADF) {
		t.Errorf("pread on O_WRONLY: %v, want EBADF", err)
	}
	// Clearing O_APPEND: writes go to the offset again. The access mode cannot change.
	f.SetFlags(unix.O_RDWR | unix.O_NONBLOCK)
	if fl := f.Flags(); fl != unix.O_WRONLY|unix.O_NONBLOCK {
		t.Errorf("flags after SetFlags = %#o, want O_WRONLY|O_NONBLOCK", fl)
	}
	f.Seek(0, unix.SEEK_SET)
	f.Write([]byte("J"))
	if string(fi.data) != "Jello world" {
		t.Errorf("after a write at 0: %q", fi.data)
	}

	r := NewFile(newImpl("abc"), nil, unix.O_RDONLY)
	if !r.Readable() || r.Writable() {
		t.Error("O_RDONLY: Readable/Writable wrong")
	}
	if _, err := r.Write([]byte("x")); !errors.Is(err, unix.EBADF) {
		t.Errorf("write on O_RDONLY: %v, want EBADF", err)
	}
	if _, err := r.Pwrite([]byte("x"), 0); !errors.Is(err, unix.EBADF) {
		t.Errorf("pwrite on O_RDONLY: %v, want EBADF", err)
	}
	p := NewFile(newImpl("abc"), nil, unix.O_PATH)
	if _, err := p.Read(make([]byte, 1)); !errors.Is(err, unix.EBADF) {
		t.Errorf("read on O_PATH: %v, want EBADF", err)
	}
	if _, err := p.Getdents(); !errors.Is(err, unix.EBADF) {
		t.Errorf("getdents on O_PATH: %v, want EBADF", err)
	}
	rw := NewFile(newImpl("abc"), nil, unix.O_RDWR)
	if !rw.Readable() || !rw.Writable() {
		t.Error("O_RDWR: Readable/Writable wrong")
	}
	if n, err := rw.Pread(make([]byte, 2), 1); n != 2 || err != nil {
		t.Errorf("pread: %d, %v", n, err)
	}
}

func TestFDTable(t *testing.T) {
	tb := NewFDTable(6)
	fi := []*impl{newImpl("0"), newImpl("1"), newImpl("2")}
	var files []*File
	for i, x := range fi {
		f := NewFile(x, nil, unix.O_RDONLY)
		files = append(files, f)
		fd, err := tb.Install(f, 0, i == 1)
		if err != nil || fd != int32(i) {
			t.Fatalf("Install #%d = %d, %v", i, fd, err)
		}
		f.DecRef() // the table holds the only reference now
	}
	if ce, err := tb.CloseOnExec(1); !ce || err != nil {
		t.Errorf("CloseOnExec(1) = %v, %v", ce, err)
	}
	if ce, _ := tb.CloseOnExec(0); ce {
		t.Error("CloseOnExec(0) set")
	}
	if err := tb.SetCloseOnExec(1, false); err != nil {
		t.Fatal(err)
	}
	if ce, _ := tb.CloseOnExec(1); ce {
		t.Error("SetCloseOnExec(false) did not clear it")
	}
	if _, err := tb.CloseOnExec(5); !errors.Is(err, unix.EBADF) {
		t.Errorf("CloseOnExec(5): %v", err)
	}
	if err := tb.SetCloseOnExec(5, true); !errors.Is(err, unix.EBADF) {
		t.Errorf("SetCloseOnExec(5): %v", err)
	}
	// Lowest free fd, and min.
	if err := tb.Remove(1); err != nil {
		t.Fatal(err)
	}
	if fi[1].releases.Load() != 1 {
		t.Error("removing the last reference did not release the file")
	}
	if err := tb.Remove(1); !errors.Is(err, unix.EBADF) {
		t.Errorf("second Remove(1): %v", err)
	}
	g := NewFile(newImpl("g"), nil, unix.O_RDONLY)
	if fd, _ := tb.Install(g, 0, false); fd != 1 {
		t.Errorf("Install after Remove(1) = %d, want 1", fd)
	}
	if fd, _ := tb.Install(g, 4, false); fd != 4 {
		t.Errorf("Install(min 4) = %d, want 4", fd)
	}
	if fd, _ := tb.Install(g, 0, false); fd != 3 {
		t.Errorf("Install = %d, want 3", fd)
	}
	if fd, _ := tb.Install(g, 0, false); fd != 5 {
		t.Errorf("Install = %d, want 5", fd)
	}
	// Full: EMFILE; min out of range: EINVAL.
	if _, err := tb.Install(g, 0, false); !errors.Is(err, unix.EMFILE) {
		t.Errorf("Install into a full table: %v, want EMFILE", err)
	}
	for _, min := range []int32{-1, 6, 100} {
		if _, err := tb.Install(g, min, false); !errors.Is(err, unix.EINVAL) {
			t.Errorf("Install(min %d): %v, want EINVAL", min, err)
		}
	}
	// Get takes a reference.
	got, err := tb.Get(0)
	if err != nil || got != files[0] {
		t.Fatalf("Get(0) = %v, %v", got, err)
	}
	// InstallAt replaces fd 0: the old file keeps living while Get's reference does.
	if err := tb.InstallAt(g, 0, true); err != nil {
		t.Fatal(err)
	}
	if fi[0].releases.Load() != 0 {
		t.Error("replaced file released while a reference is held")
	}
	got.DecRef()
	if fi[0].releases.Load() != 1 {
		t.Error("replaced file not released after the last reference")
	}
	if now, _ := tb.Get(0); now != g {
		t.Error("InstallAt did not replace fd 0")
	} else {
		now.DecRef()
	}
	if ce, _ := tb.CloseOnExec(0); !ce {
		t.Error("InstallAt's cloexec not recorded")
	}
	for _, fd := range []int32{-1, 6} {
		if err := tb.InstallAt(g, fd, false); !errors.Is(err, unix.EBADF) {
			t.Errorf("InstallAt(%d): %v, want EBADF", fd, err)
		}
	}
	for _, fd := range []int32{-1, 6, 1 << 30} {
		if _, err := tb.Get(fd); !errors.Is(err, unix.EBADF) {
			t.Errorf("Get(%d): %v, want EBADF", fd, err)
		}
		if err := tb.Remove(fd); !errors.Is(err, unix.EBADF) {
			t.Errorf("Remove(%d): %v, want EBADF", fd, err)
		}
	}
	// g is at 0, 1, 3, 4, 5 and has its own reference: RemoveAll leaves that one.
	gi := g.Impl.(*impl)
	tb.RemoveAll()
	if gi.releases.Load() != 0 || fi[2].releases.Load() != 1 {
		t.Errorf("after RemoveAll: g released %d times, fd 2's file %d", gi.releases.Load(), fi[2].releases.Load())
	}
	g.DecRef()
	if gi.releases.Load() != 1 {
		t.Errorf("g released %d times, want 1", gi.releases.Load())
	}
	if fd, err := tb.Install(NewFile(newImpl(""), nil, 0), 0, false); fd != 0 || err != nil {
		t.Errorf("Install after RemoveAll = %d, %v", fd, err)
	}
}

// TestFDTableConcurrent installs and removes from many goroutines; run under -race.
func TestFDTableConcurrent(t *testing.T) {
	tb := NewFDTable(1024)
	x := newImpl("")
	f := NewFile(x, nil, unix.O_RDONLY)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				fd, err := tb.Install(f, 0, false)
				if err != nil {
					t.Error(err)
					return
				}
				if g, err := tb.Get(fd); err != nil {
					t.Error(err)
					return
				} else {
					g.DecRef()
				}
				if err := tb.Remove(fd); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if x.releases.Load() != 0 {
		t.Fatal("released while the creator holds a reference")
	}
	f.DecRef()
	if x.releases.Load() != 1 {
		t.Errorf("released %d times, want 1", x.releases.Load())
	}
}

// missDir is a directory that counts its lookups and lets the VFS cache
// its misses; Create adds a file.
type missDir struct {
	node
	lookups int
}

func (m *missDir) CacheMisses() bool { return true }
func (m *missDir) Lookup(name string) (Inode, error) {
	m.lookups++
	return m.node.Lookup(name)
}
func (m *missDir) Create(name string, mode, uid, gid uint32) (Inode, error) {
	f := file("")
	m.children[name] = f
	return f, nil
}
func (m *missDir) Mkdir(string, uint32, uint32, uint32) (Inode, error)   { return nil, unix.EPERM }
func (m *missDir) Symlink(string, string, uint32, uint32) (Inode, error) { return nil, unix.EPERM }
func (m *missDir) Unlink(name string) error                              { delete(m.children, name); return nil }
func (m *missDir) Rmdir(string) error                                    { return unix.EPERM }
func (m *missDir) Rename(string, Inode, string) error                    { return unix.EPERM }

// TestMissCache: a MissCacher directory is asked once about a missing name;
// creating the name, or removing it again, keeps the cache right; other
// directories are asked every time.
func TestMissCache(t *testing.T) {
	md := &missDir{node: *dir(map[string]*node{"here": file("x")})}
	root := NewRoot(md)
	w := Walker{Root: root, Cwd: root}
	for i := 0; i < 3; i++ {
		if _, err := w.Resolve(root, "/missing", true); err != unix.ENOENT {
			t.Fatalf("resolve missing: %v", err)
		}
	}
	if md.lookups != 1 {
		t.Errorf("%d lookups of a missing name, want 1 (cached miss)", md.lookups)
	}
	if _, err := root.CreateChild("missing", func(ops DirOps) (Inode, error) { return ops.Create("missing", 0o644, 0, 0) }); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Resolve(root, "/missing", true); err != nil {
		t.Errorf("a created name still resolves as missing: %v", err)
	}
	if err := root.RemoveChild("missing", false); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Resolve(root, "/missing", true); err != unix.ENOENT {
		t.Errorf("a removed name: %v", err)
	}
	// Misses in a directory without MissCacher are not cached.
	plain := dir(map[string]*node{})
	counting := &countingDir{node: plain}
	r2 := NewRoot(counting)
	w2 := Walker{Root: r2, Cwd: r2}
	w2.Resolve(r2, "/nope", true)
	w2.Resolve(r2, "/nope", true)
	if counting.lookups != 2 {
		t.Errorf("%d lookups without MissCacher, want 2", counting.lookups)
	}
}

type countingDir struct {
	*node
	lookups int
}

func (c *countingDir) Lookup(name string) (Inode, error) {
	c.lookups++
	return c.node.Lookup(name)
}

// TestMountPointBusy: a mount point is neither removed nor renamed (nor
// renamed over), so the directory under it is never touched.
func TestMountPointBusy(t *testing.T) {
	md := &missDir{node: *dir(map[string]*node{"mnt": dir(nil), "f": file("")})}
	root := NewRoot(md)
	root.Mount("mnt", dir(nil))
	if err := root.RemoveChild("mnt", true); err != unix.EBUSY {
		t.Errorf("rmdir a mount point: %v, want EBUSY", err)
	}
	if err := root.RenameChild("mnt", root, "x"); err != unix.EBUSY {
		t.Errorf("rename a mount point: %v, want EBUSY", err)
	}
	if err := root.RenameChild("f", root, "mnt"); err != unix.EBUSY {
		t.Errorf("rename over a mount point: %v, want EBUSY", err)
	}
	if _, ok := md.children["mnt"]; !ok {
		t.Error("the directory under the mount point was removed")
	}
}
