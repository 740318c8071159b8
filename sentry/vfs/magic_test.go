package vfs

import (
	"testing"

	"golang.org/x/sys/unix"
)

// magic is a magic link to a fixed dentry, whose text is a decoy path.
type magic struct {
	node
	to *Dentry
}

func (m *magic) Readlink() (string, error)         { return "/decoy", nil }
func (m *magic) Follow(w *Walker) (*Dentry, error) { return m.to, nil }

// callerLink reads as the walker's caller (a string here).
type callerLink struct{ node }

func (c *callerLink) ReadlinkAs(w *Walker) (string, error) {
	s, ok := w.Caller.(string)
	if !ok {
		return "", unix.ENOENT
	}
	return s, nil
}

// volatileDir is a directory whose dentries are not cached.
type volatileDir struct{ node }

func (volatileDir) Volatile() {}

func TestMagicLinks(t *testing.T) {
	target := dir(map[string]*node{"f": file("x")})
	decoy := dir(nil)
	root := NewRoot(dir(map[string]*node{"target": target, "decoy": decoy}))
	w := &Walker{Root: root, Cwd: root, Caller: "target"}
	td, err := w.Resolve(root, "/target", true)
	if err != nil {
		t.Fatal(err)
	}
	root.Mount("m", &magic{node: node{mode: unix.S_IFLNK | 0o777}, to: td})
	root.Mount("who", &callerLink{node: node{mode: unix.S_IFLNK | 0o777}})
	vd := &volatileDir{node: *dir(map[string]*node{"c": file("y")})}
	root.Mount("v", vd)

	// The walk jumps to the object, not to the text readlink shows.
	if d, err := w.Resolve(root, "/m/f", true); err != nil || d.Parent() != td {
		t.Errorf("/m/f: %v, %v; want target/f", d, err)
	}
	if s, err := w.Readlink(mustResolve(t, w, root, "/m")); err != nil || s != "/decoy" {
		t.Errorf("readlink /m = %q, %v", s, err)
	}
	nm := *w
	nm.NoMagicLinks = true
	if _, err := nm.Resolve(root, "/m/f", true); err != unix.ELOOP {
		t.Errorf("NoMagicLinks: %v, want ELOOP", err)
	}
	if _, err := nm.Resolve(root, "/m", false); err != nil {
		t.Errorf("NoMagicLinks, the link itself (no follow): %v", err)
	}
	// A caller link resolves as the caller reads it; with no caller, ENOENT.
	if d, err := w.Resolve(root, "/who/f", true); err != nil || d.Parent() != td {
		t.Errorf("/who/f: %v, %v", d, err)
	}
	if _, err := (&Walker{Root: root, Cwd: root}).Resolve(root, "/who/f", true); err != unix.ENOENT {
		t.Errorf("caller link with no caller: %v, want ENOENT", err)
	}
	// A volatile directory's children are looked up at every walk.
	a, b := mustResolve(t, w, root, "/v/c"), mustResolve(t, w, root, "/v/c")
	if a == b {
		t.Errorf("a volatile directory's child was cached")
	}
	if a.Path(root) != "/v/c" {
		t.Errorf("path %q", a.Path(root))
	}
}

func mustResolve(t *testing.T, w *Walker, start *Dentry, p string) *Dentry {
	t.Helper()
	d, err := w.Resolve(start, p, false)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return d
}
