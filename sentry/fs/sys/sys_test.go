package sys

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

func read(t *testing.T, root vfs.Inode, path string) string {
	t.Helper()
	w := &vfs.Walker{Root: vfs.NewRoot(root)}
	w.Cwd = w.Root
	d, err := w.Resolve(w.Root, path, true)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	f, err := d.Inode().Open(unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 256)
	n, _ := f.Read(b, 0)
	return string(b[:n])
}

func TestCPUs(t *testing.T) {
	for cpus, want := range map[int]string{1: "0\n", 4: "0-3\n", 0: "0\n"} {
		root := New(cpus, time.Now())
		for _, f := range []string{"online", "possible", "present"} {
			if got := read(t, root, "/devices/system/cpu/"+f); got != want {
				t.Errorf("%d cpus: %s = %q, want %q", cpus, f, got, want)
			}
		}
	}
	root := New(2, time.Now())
	if got := read(t, root, "/devices/system/cpu/cpu1/online"); got != "1\n" {
		t.Errorf("cpu1/online = %q", got)
	}
	if got := read(t, root, "/devices/system/node/node0/cpumap"); got != "3\n" {
		t.Errorf("node0/cpumap = %q, want 3 (a hex mask)", got)
	}
	if got := read(t, root, "/devices/system/cpu/cpu1/topology/thread_siblings"); got != "2\n" {
		t.Errorf("cpu1 thread_siblings = %q, want 2", got)
	}
	if got := read(t, root, "/kernel/mm/transparent_hugepage/hpage_pmd_size"); got != "2097152\n" {
		t.Errorf("hpage_pmd_size = %q", got)
	}
}
