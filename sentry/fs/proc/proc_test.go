package proc

import (
	"io"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/fs/pipe"
	"husk/sentry/fs/synth"
	"husk/sentry/kernel"
	"husk/sentry/mm"
	"husk/sentry/vfs"
)

type nopAS struct{}

func (nopAS) MapFile(uintptr, uintptr, int64, platform.AccessType) error { return nil }
func (nopAS) Unmap(uintptr, uintptr)                                     {}
func (nopAS) Release()                                                   {}

type nopPlatform struct{}

func (nopPlatform) Name() string                                    { return "nop" }
func (nopPlatform) MinUserAddress() uintptr                         { return 0x10000 }
func (nopPlatform) MaxUserAddress() uintptr                         { return 0x7ffffffff000 }
func (nopPlatform) NewAddressSpace() (platform.AddressSpace, error) { return nopAS{}, nil }
func (nopPlatform) NewContext() (platform.Context, error)           { return nil, unix.ENOSYS }

// env is a kernel with a root (/etc/passwd, /proc) and one task that never
// runs app code.
type env struct {
	k    *kernel.Kernel
	t    *kernel.Task
	root *vfs.Dentry
	w    *vfs.Walker
}

func newEnv(t testing.TB) *env {
	mf, err := mm.NewMemoryFile()
	if err != nil {
		t.Fatal(err)
	}
	a := synth.Attr{Dev: 1, Perm: 0o755, Time: time.Now()}
	passwd := synth.Text(synth.Attr{Dev: 1, Ino: 3, Perm: 0o644}, "root:x:0:0\n")
	etcList, etcGet := synth.Static(map[string]vfs.Inode{"passwd": passwd})
	etc := &synth.Dir{Attr: a, List: etcList, Get: etcGet}
	rootList, rootGet := synth.Static(map[string]vfs.Inode{"etc": etc})
	root := vfs.NewRoot(&synth.Dir{Attr: a, List: rootList, Get: rootGet})
	k := &kernel.Kernel{Platform: nopPlatform{}, MF: mf, Root: root, BootTime: time.Now(), TotalRAM: 1 << 30,
		Uname: kernel.Utsname{Sysname: "Linux", Release: "6.1.0", Version: "#1", Nodename: "box"}}
	root.Mount("proc", New(k, HostInfo{CPUs: 2, CPUOrder: []string{"model name", "microcode"},
		CPUInfo: []map[string]string{{"model name": "Test CPU", "microcode": "0xdead"}}},
		[]Mount{{ID: 1, Parent: 1, Path: "/", FSType: "rootfs", Source: "none", Options: "ro"},
			{ID: 2, Parent: 1, Path: "/proc", FSType: "proc", Source: "proc", Options: "rw", Dev: Dev}}))
	task, err := k.NewTask(vfs.NewFDTable(1024), root, kernel.Creds{UID: 1000, EUID: 1000, SUID: 1000, GID: 1000, EGID: 1000, SGID: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return &env{k: k, t: task, root: root, w: task.Walker()}
}

func (e *env) read(t testing.TB, path string) string {
	t.Helper()
	d, err := e.w.Resolve(e.root, path, true)
	if err != nil {
		t.Fatalf("resolve %s: %v", path, err)
	}
	impl, err := d.Inode().Open(unix.O_RDONLY)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	var b strings.Builder
	buf := make([]byte, 7) // small reads: the snapshot must hold across them
	for off := int64(0); ; {
		n, err := impl.Read(buf, off)
		if err != nil && err != io.EOF {
			t.Fatalf("read %s: %v", path, err)
		}
		if n == 0 {
			break
		}
		b.Write(buf[:n])
		off += int64(n)
	}
	return b.String()
}

func (e *env) readlink(t *testing.T, path string) string {
	t.Helper()
	d, err := e.w.Resolve(e.root, path, false)
	if err != nil {
		t.Fatalf("resolve %s: %v", path, err)
	}
	s, err := e.w.Readlink(d)
	if err != nil {
		t.Fatalf("readlink %s: %v", path, err)
	}
	return s
}

func TestSelfAndStatus(t *testing.T) {
	e := newEnv(t)
	if got := e.readlink(t, "/proc/self"); got != "1" {
		t.Errorf("/proc/self = %q, want 1", got)
	}
	if got := e.readlink(t, "/proc/thread-self"); got != "1/task/1" {
		t.Errorf("/proc/thread-self = %q", got)
	}
	st := e.read(t, "/proc/self/status")
	for _, want := range []string{"\nTgid:\t1\n", "\nPid:\t1\n", "\nUid:\t1000\t1000\t1000\t1000\n", "\nThreads:\t1\n", "State:\tR (running)\n"} {
		if !strings.Contains(st, want) {
			t.Errorf("status lacks %q:\n%s", want, st)
		}
	}
	stat := e.read(t, "/proc/1/stat")
	if f := strings.Fields(stat); len(f) != 52 || f[0] != "1" || f[2] != "R" {
		t.Errorf("stat has %d fields (want 52), pid %q, state %q: %q", len(f), f[0], f[2], stat)
	}
	// Without a caller (boot's walks), /proc/self does not resolve.
	nw := &vfs.Walker{Root: e.root, Cwd: e.root}
	if _, err := nw.Resolve(e.root, "/proc/self/status", true); err != unix.ENOENT {
		t.Errorf("/proc/self with no caller: %v, want ENOENT", err)
	}
	if _, err := e.w.Resolve(e.root, "/proc/2", true); err != unix.ENOENT {
		t.Errorf("/proc/2: %v, want ENOENT", err)
	}
	if _, err := e.w.Resolve(e.root, "/proc/01", true); err != unix.ENOENT {
		t.Errorf("/proc/01: %v, want ENOENT (not a canonical pid)", err)
	}
}

func TestFDLinks(t *testing.T) {
	e := newEnv(t)
	d, err := e.w.Resolve(e.root, "/etc/passwd", true)
	if err != nil {
		t.Fatal(err)
	}
	impl, _ := d.Inode().Open(unix.O_RDONLY)
	f := vfs.NewFile(impl, d, unix.O_RDONLY)
	e.t.FDs.Install(f, 0, false)
	f.DecRef()
	r, w := pipe.New()
	pr := vfs.NewFile(r, nil, unix.O_RDONLY)
	pw := vfs.NewFile(w, nil, unix.O_WRONLY)
	e.t.FDs.Install(pr, 0, true)
	e.t.FDs.Install(pw, 0, false)
	pr.DecRef()
	pw.DecRef()

	if got := e.readlink(t, "/proc/self/fd/0"); got != "/etc/passwd" {
		t.Errorf("fd/0 = %q", got)
	}
	if got := e.readlink(t, "/proc/self/fd/1"); !strings.HasPrefix(got, "pipe:[") {
		t.Errorf("fd/1 = %q, want pipe:[N]", got)
	}
	// A walk through fd/0 reaches the file's own dentry, not a re-walk.
	if got, err := e.w.Resolve(e.root, "/proc/self/fd/0", true); err != nil || got != d {
		t.Errorf("walk through fd/0: %v, %v; want the file's dentry", got, err)
	}
	// A pipe end reopens as the same open file, within its access mode.
	pd, err := e.w.Resolve(e.root, "/proc/self/fd/1", true)
	if err != nil {
		t.Fatal(err)
	}
	ro, ok := pd.Inode().(vfs.Reopener)
	if !ok {
		t.Fatalf("fd/1 of a pipe: %T is not a Reopener", pd.Inode())
	}
	if f2, err := ro.Reopen(unix.O_RDONLY); err != nil || f2 != pr {
		t.Errorf("Reopen(O_RDONLY) = %v, %v; want the pipe's read end", f2, err)
	} else {
		f2.DecRef()
	}
	if _, err := ro.Reopen(unix.O_WRONLY); err != unix.EACCES {
		t.Errorf("Reopen(O_WRONLY) of a read end: %v, want EACCES", err)
	}
	// RESOLVE_NO_MAGICLINKS refuses them; plain symlinks still work.
	nm := *e.w
	nm.NoMagicLinks = true
	if _, err := nm.Resolve(e.root, "/proc/self/fd/0", true); err != unix.ELOOP {
		t.Errorf("NoMagicLinks: %v, want ELOOP", err)
	}
	if _, err := nm.Resolve(e.root, "/proc/mounts", true); err != nil {
		t.Errorf("NoMagicLinks /proc/mounts (a plain symlink): %v", err)
	}
	info := e.read(t, "/proc/self/fdinfo/1")
	if !strings.Contains(info, "flags:\t02000000\n") || !strings.Contains(info, "pos:\t0\n") {
		t.Errorf("fdinfo of a close-on-exec pipe end: %q", info)
	}
	// Closed: gone from the listing and ENOENT.
	e.t.FDs.Remove(0)
	if _, err := e.w.Resolve(e.root, "/proc/self/fd/0", false); err != unix.ENOENT {
		t.Errorf("closed fd: %v, want ENOENT", err)
	}
	if _, err := e.w.Resolve(e.root, "/proc/self/root/etc/passwd", true); err != nil {
		t.Errorf("/proc/self/root/etc/passwd: %v", err)
	}
	if d, err := e.w.Resolve(e.root, "/proc/self/root/..", true); err != nil || d != e.root {
		t.Errorf("/proc/self/root/.. = %v, %v; want the root", d, err)
	}
}

func TestGlobals(t *testing.T) {
	e := newEnv(t)
	ci := e.read(t, "/proc/cpuinfo")
	if strings.Count(ci, "processor\t: ") != 2 || !strings.Contains(ci, "model name\t: Test CPU\n") || strings.Contains(ci, "microcode") {
		t.Errorf("cpuinfo: want 2 processors, the model and no microcode line:\n%s", ci)
	}
	if mi := e.read(t, "/proc/meminfo"); !strings.HasPrefix(mi, "MemTotal:        1048576 kB\n") {
		t.Errorf("meminfo: %q", mi[:40])
	}
	if got := e.read(t, "/proc/sys/kernel/osrelease"); got != "6.1.0\n" {
		t.Errorf("osrelease = %q", got)
	}
	a, b := e.read(t, "/proc/sys/kernel/random/boot_id"), e.read(t, "/proc/sys/kernel/random/boot_id")
	u1, u2 := e.read(t, "/proc/sys/kernel/random/uuid"), e.read(t, "/proc/sys/kernel/random/uuid")
	if a != b || u1 == u2 || len(a) != 37 {
		t.Errorf("boot_id %q %q (want stable), uuid %q %q (want fresh)", a, b, u1, u2)
	}
	if got := e.read(t, "/proc/self/mountinfo"); got != "1 1 0:0 / / ro,relatime - rootfs none ro\n2 1 0:23 / /proc rw,relatime - proc proc rw\n" {
		t.Errorf("mountinfo = %q", got)
	}
	if got := e.read(t, "/proc/mounts"); !strings.HasPrefix(got, "none / rootfs ro,relatime 0 0\n") {
		t.Errorf("/proc/mounts = %q", got)
	}
	// /proc's entries are not cached: each walk looks them up again.
	d1, _ := e.w.Resolve(e.root, "/proc/1", true)
	d2, _ := e.w.Resolve(e.root, "/proc/1", true)
	if d1 == d2 {
		t.Errorf("/proc/1 was cached: a reaped pid would outlive its process")
	}
}

func TestDevName(t *testing.T) {
	for rdev, want := range map[uint64]string{
		unix.Mkdev(1, 3): "/dev/null", unix.Mkdev(136, 2): "/dev/pts/2", unix.Mkdev(5, 0): "/dev/tty", unix.Mkdev(99, 1): "/dev/char/99:1",
	} {
		if got := devName(rdev); got != want {
			t.Errorf("devName(%d:%d) = %q, want %q", unix.Major(rdev), unix.Minor(rdev), got, want)
		}
	}
}

// FuzzWalk walks app-chosen paths under /proc and reads what they name:
// never a panic, and never a walk out of the sandbox's root.
func FuzzWalk(f *testing.F) {
	for _, s := range []string{"self/fd/0", "1/task/1/stat", "self/root/..", "thread-self/../../..", "1/fd/99999999999",
		"-1", "0001", "self/fdinfo/0", "sys/kernel/random/uuid", "self/comm", "1/net/tcp", "self/cwd/etc/passwd"} {
		f.Add(s)
	}
	e := newEnv(f) // one memory file for every input
	f.Fuzz(func(t *testing.T, p string) {
		d, err := e.w.Resolve(e.root, "/proc/"+p, true)
		if err != nil {
			return
		}
		top := d
		for top.Parent() != top {
			top = top.Parent()
		}
		if top != e.root {
			t.Errorf("/proc/%s led to a tree that is not the sandbox's", p)
		}
		if impl, err := d.Inode().Open(unix.O_RDONLY); err == nil {
			impl.Read(make([]byte, 64), 0)
			impl.Getdents(0)
		}
	})
}
