package overlay

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"golang.org/x/sys/unix"

	"husk/gofer"
	goferfs "husk/sentry/fs/gofer"
	"husk/sentry/vfs"
)

// serveRoot serves dir read-only from a gofer server in this process and
// returns its root inode and a count of the requests it served.
func serveRoot(t *testing.T, dir string) (vfs.Inode, func() int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zapcore.DebugLevel)
	srv := os.NewFile(uintptr(fds[1]), "server")
	done := make(chan error, 1)
	go func() {
		done <- gofer.Serve([]gofer.Mount{{Path: dir, ReadOnly: true}}, srv, zap.New(core))
		srv.Close()
	}()
	c, err := gofer.NewClient(fds[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		<-done
	})
	_, root, err := goferfs.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return root, func() int { return logs.FilterMessage("request").Len() }
}

// The common CI case costs the gofer no more requests through the overlay
// than through the read-only root: walking to and stating lower files,
// opening and reading them, listing a lower directory, names missing
// (asked again: none). Creating files in a lower directory (/tmp) asks the
// gofer nothing beyond the lookup that found the name missing.
func TestGoferRequestsNoMoreThanReadOnlyRoot(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "usr", "include"), 0o755)
	os.MkdirAll(filepath.Join(dir, "tmp"), 0o1777)
	for k := 0; k < 50; k++ {
		os.WriteFile(filepath.Join(dir, "usr", "include", fmt.Sprintf("h%d.h", k)), []byte("int x;\n"), 0o644)
	}
	work := func(root vfs.Inode, overlay bool) {
		r := vfs.NewRoot(root)
		w := vfs.Walker{Root: r, Cwd: r}
		for pass := 0; pass < 2; pass++ {
			for k := 0; k < 50; k++ {
				d, err := w.Resolve(r, fmt.Sprintf("/usr/include/h%d.h", k), true)
				if err != nil {
					t.Fatal(err)
				}
				d.Inode().Stat()
				f, err := d.Inode().Open(unix.O_RDONLY)
				if err != nil {
					t.Fatal(err)
				}
				buf := make([]byte, 64)
				f.Read(buf, 0)
				f.Release()
				if _, err := w.Resolve(r, fmt.Sprintf("/usr/include/missing%d.h", k), true); err != unix.ENOENT {
					t.Fatal(err)
				}
			}
			d, _ := w.Resolve(r, "/usr/include", true)
			f, _ := d.Inode().Open(unix.O_RDONLY | unix.O_DIRECTORY)
			for c := int64(0); ; {
				ents, _ := f.Getdents(c)
				if len(ents) == 0 {
					break
				}
				c = ents[len(ents)-1].Off
			}
			f.Release()
		}
	}
	ro, roCount := serveRoot(t, dir)
	work(ro, false)
	base := roCount()

	lower, ovCount := serveRoot(t, dir)
	ov, err := New(lower)
	if err != nil {
		t.Fatal(err)
	}
	work(ov, true)
	if got := ovCount(); got > base {
		t.Errorf("gofer requests through the overlay: %d, through the read-only root: %d", got, base)
	}
	t.Logf("gofer requests: read-only root %d, overlay %d", base, ovCount())

	// Files made in a lower directory: one lookup (the miss), nothing more.
	r := vfs.NewRoot(ov)
	w := vfs.Walker{Root: r, Cwd: r}
	tmp, err := w.Resolve(r, "/tmp", true)
	if err != nil {
		t.Fatal(err)
	}
	n0 := ovCount()
	for k := 0; k < 20; k++ {
		name := fmt.Sprintf("cc%d.s", k)
		if _, err := w.Resolve(tmp, name, true); err != unix.ENOENT {
			t.Fatal(err)
		}
		d, err := tmp.CreateChild(name, func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Create(name, 0o600, 0, 0) })
		if err != nil {
			t.Fatal(err)
		}
		f, _ := d.Inode().Open(unix.O_WRONLY)
		f.Write([]byte("asm"), 0)
		f.Release()
		if err := tmp.RemoveChild(name, false); err != nil {
			t.Fatal(err)
		}
	}
	// /tmp's copy-up asks for its stat; each name one walk (its miss).
	t.Logf("gofer requests to make, write and remove 20 files in a lower directory: %d", ovCount()-n0)
	if got := ovCount() - n0; got > 21 {
		t.Errorf("20 files made and removed in a lower directory: %d gofer requests, want at most 21", got)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(ents) != 0 {
		t.Errorf("the lower changed: %v", ents)
	}
}
