package vfs

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestResolveFlags checks the walker's openat2 RESOLVE_* modes on the
// fixture tree, with a mount over /bin.
func TestResolveFlags(t *testing.T) {
	f := newFixture()
	root := f.w.Root
	jail := f.resolve(t, nil, "/jail", true)
	etc := f.resolve(t, nil, "/etc", true)
	root.Mount("mnt", dir(map[string]*node{"x": file("x"), "up": link("/etc")}))
	cases := []struct {
		name  string
		w     Walker
		start *Dentry
		path  string
		want  error
		to    string // the path (from the real root) it must reach, when want is nil
	}{
		{"beneath inside", Walker{Root: jail, Beneath: true, Scoped: true}, jail, "sub/../inside", nil, "/jail/inside"},
		{"beneath abs path", Walker{Root: jail, Beneath: true, Scoped: true}, jail, "/inside", unix.EXDEV, ""},
		{"beneath abs link", Walker{Root: jail, Beneath: true, Scoped: true}, jail, "abs", unix.EXDEV, ""},
		{"beneath dotdot", Walker{Root: jail, Beneath: true, Scoped: true}, jail, "..", unix.EXDEV, ""},
		{"beneath up link", Walker{Root: jail, Beneath: true, Scoped: true}, jail, "up", unix.EXDEV, ""},
		{"in root abs link", Walker{Root: jail, Scoped: true}, jail, "abs", nil, "/jail/inside"},
		{"in root up link", Walker{Root: jail, Scoped: true}, jail, "up", nil, "/jail"},
		{"no symlinks", Walker{Root: root, NoSymlinks: true}, etc, "rel", unix.ELOOP, ""},
		{"no symlinks mid", Walker{Root: root, NoSymlinks: true}, root, "lnkdir/passwd", unix.ELOOP, ""},
		{"no symlinks plain", Walker{Root: root, NoSymlinks: true}, root, "etc/passwd", nil, "/etc/passwd"},
		{"no xdev into mount", Walker{Root: root, NoXdev: true}, root, "mnt/x", unix.EXDEV, ""},
		{"no xdev abs arg", Walker{Root: root, NoXdev: true}, etc, "/etc/passwd", nil, "/etc/passwd"},
		{"no xdev abs link out of mount", Walker{Root: root, NoXdev: true}, nil, "up", unix.EXDEV, ""},
		{"cached miss", Walker{Root: root, CachedOnly: true}, root, "bin/sh", unix.EAGAIN, ""},
		{"cached hit", Walker{Root: root, CachedOnly: true}, root, "etc/rel", nil, "/etc/passwd"},
	}
	mnt := f.resolve(t, nil, "/mnt", true)
	for _, c := range cases {
		start := c.start
		if start == nil {
			start = mnt
		}
		w := c.w
		w.Cwd = root
		d, err := w.Resolve(start, c.path, true)
		if err != c.want {
			t.Errorf("%s: Resolve(%q) error %v, want %v", c.name, c.path, err, c.want)
			continue
		}
		if err == nil && d.Path(root) != c.to {
			t.Errorf("%s: Resolve(%q) = %s, want %s", c.name, c.path, d.Path(root), c.to)
		}
	}
	// Walking out of the mount by ".." crosses it too.
	w := Walker{Root: root, Cwd: root, NoXdev: true}
	if _, err := w.Resolve(mnt, "../etc", true); err != unix.EXDEV {
		t.Errorf("NoXdev: .. out of a mount: %v, want EXDEV", err)
	}
	if MountOf(f.resolve(t, nil, "/mnt/x", true)) != mnt || MountOf(etc) != root {
		t.Errorf("MountOf: wrong mount roots")
	}
}

// TestStatFSAndMountID checks that a file's filesystem status and mount id
// are its mount's.
func TestStatFSAndMountID(t *testing.T) {
	f := newFixture()
	root := f.w.Root
	root.MountFS("proc", dir(map[string]*node{"x": file("x")}), FixedStatFS(ProcMagic))
	x := f.resolve(t, nil, "/proc/x", true)
	s, err := x.StatFS()
	if err != nil || s.Type != ProcMagic || s.Flags&statfsFValid == 0 || s.Namelen != NameMax {
		t.Errorf("StatFS under a MountFS: %+v, %v", s, err)
	}
	if _, err := f.resolve(t, nil, "/etc/passwd", true).StatFS(); err != unix.ENOSYS {
		t.Errorf("StatFS where nothing knows: %v, want ENOSYS", err)
	}
	p := f.resolve(t, nil, "/proc", true)
	etc := f.resolve(t, nil, "/etc", true)
	if x.MountID() != p.MountID() || x.MountID() == etc.MountID() || etc.MountID() != root.MountID() {
		t.Errorf("mount ids: x %d, /proc %d, /etc %d, / %d", x.MountID(), p.MountID(), etc.MountID(), root.MountID())
	}
	if !p.IsMountRoot() || x.IsMountRoot() || !root.IsMountRoot() {
		t.Errorf("IsMountRoot wrong")
	}
	var nilD *Dentry
	if nilD.MountID() == 0 {
		t.Errorf("anonymous files have no mount id")
	}
	if a := AnonStatFS(unix.S_IFIFO); a.Type != PipefsMagic {
		t.Errorf("AnonStatFS(FIFO) type %#x", a.Type)
	}
}
