package gofer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestMain doubles as a helper process that serves a root over fd 3, so a test
// can kill a real server.
func TestMain(m *testing.M) {
	if root := os.Getenv("GOFER_TEST_HELPER_ROOT"); root != "" {
		if err := Serve([]Mount{{Path: root, ReadOnly: true}}, os.NewFile(3, "sock"), nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if root := os.Getenv("GOFER_TEST_MIDDLE_ROOT"); root != "" {
		// A parent for a Run gofer that the test kills.
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = helperEnv("GOFER_TEST_MIDDLE_ROOT=", "GOFER_TEST_RUN_ROOT="+root)
		cmd.ExtraFiles = []*os.File{os.NewFile(3, "sock")}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(cmd.Process.Pid)
		cmd.Wait()
		os.Exit(0)
	}
	if root := os.Getenv("GOFER_TEST_RUN_ROOT"); root != "" {
		mounts := []Mount{{Path: root, ReadOnly: true}}
		if rw := os.Getenv("GOFER_TEST_RUN_RW"); rw != "" {
			mounts = append(mounts, Mount{Path: rw})
		}
		if err := Run(mounts, 3, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// helperEnv is the environment of a gofer helper process: this one's, with
// GODEBUG as runtime.childEnv gives the real gofer, so the Go runtime does
// not re-read cgroup limits (pread64, off the gofer's list) under the filter.
func helperEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GODEBUG=") {
			env = append(env, kv)
		}
	}
	env = append(env, "GODEBUG=containermaxprocs=0,updatemaxprocs=0")
	return append(env, extra...)
}

// buildTree makes a small tree with files, a directory, symlinks (some
// pointing out of the tree) and a FIFO.
func buildTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "file"), []byte("hello, gofer\n"), 0o644))
	must(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "sub", "inner"), []byte("inner"), 0o600))
	must(os.Symlink("file", filepath.Join(dir, "link")))
	must(os.Symlink("/etc/passwd", filepath.Join(dir, "escape")))
	must(os.Symlink("../../..", filepath.Join(dir, "dotdot")))
	must(os.Symlink("/etc", filepath.Join(dir, "etcdir")))
	must(unix.Mkfifo(filepath.Join(dir, "fifo"), 0o644))
	return dir
}

// startServer serves root in this process over a socketpair and returns a
// client on it, and a channel that yields Serve's result once it returns.
func startServer(t *testing.T, root string, readOnly bool, maxFIDs int) (*Client, func() error) {
	t.Helper()
	return startServerMounts(t, []Mount{{Path: root, ReadOnly: readOnly}}, maxFIDs)
}

// startServerMounts is startServer for several mounts.
func startServerMounts(t *testing.T, mounts []Mount, maxFIDs int) (*Client, func() error) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := os.NewFile(uintptr(fds[1]), "server")
	done := make(chan error, 1)
	go func() {
		defer srv.Close()
		done <- serve(mounts, srv, nil, maxFIDs)
	}()
	c, err := NewClient(fds[0])
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	var result error
	wait := func() error {
		once.Do(func() {
			select {
			case result = <-done:
			case <-time.After(10 * time.Second):
				result = errors.New("Serve did not return after the client closed")
			}
		})
		return result
	}
	t.Cleanup(func() {
		c.Close()
		if err := wait(); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return c, wait
}

func hostStat(t *testing.T, path string) Stat {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		t.Fatal(err)
	}
	return statFromHost(&st)
}

func walkPath(t *testing.T, c *Client, root FID, path string) (FID, Stat) {
	t.Helper()
	fid := root
	var st Stat
	for _, name := range strings.Split(path, "/") {
		next, s, err := c.Walk(fid, name)
		if err != nil {
			t.Fatalf("walk %q at %q: %v", path, name, err)
		}
		fid, st = next, s
	}
	return fid, st
}

func wantErrno(t *testing.T, what string, err error, want unix.Errno) {
	t.Helper()
	if err != want {
		t.Errorf("%s: got %v, want %v", what, err, want)
	}
}

func readAll(t *testing.T, fd int) string {
	t.Helper()
	f := os.NewFile(uintptr(fd), "donated")
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func listAll(t *testing.T, c *Client, fid FID) []Dirent {
	t.Helper()
	var all []Dirent
	cookie := uint64(0)
	for pages := 0; ; pages++ {
		ents, next, err := c.Getdents(fid, cookie)
		if err != nil {
			t.Fatalf("getdents cookie %d: %v", cookie, err)
		}
		all = append(all, ents...)
		if next == 0 {
			return all
		}
		if next <= cookie || pages > 1000 {
			t.Fatalf("getdents cookie %d -> %d", cookie, next)
		}
		cookie = next
	}
}

func hostNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{".", ".."}
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func direntNames(ents []Dirent) []string {
	var names []string
	for _, e := range ents {
		names = append(names, e.Name)
	}
	sort.Strings(names)
	return names
}

func TestRoundTrip(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, dir, true, MaxFIDs)

	root, st, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	if want := hostStat(t, dir); st != want {
		t.Errorf("attach stat %+v, want %+v", st, want)
	}
	if st2, err := c.Stat(root); err != nil || st2 != hostStat(t, dir) {
		t.Errorf("stat root: %+v, %v", st2, err)
	}

	for _, p := range []string{"file", "sub", "sub/inner", "link", "escape", "fifo"} {
		fid, st := walkPath(t, c, root, p)
		if want := hostStat(t, filepath.Join(dir, p)); st != want {
			t.Errorf("walk %s: stat %+v, want %+v", p, st, want)
		}
		if st2, err := c.Stat(fid); err != nil || st2 != hostStat(t, filepath.Join(dir, p)) {
			t.Errorf("stat %s: %+v, %v", p, st2, err)
		}
	}

	file, _ := walkPath(t, c, root, "file")
	fd, err := c.Open(file, unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil || fl&unix.FD_CLOEXEC == 0 {
		t.Errorf("donated fd flags %#x, %v: want FD_CLOEXEC", fl, err)
	}
	if got := readAll(t, fd); got != "hello, gofer\n" {
		t.Errorf("read %q", got)
	}
	inner, _ := walkPath(t, c, root, "sub/inner")
	fd, err = c.Open(inner, unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, fd); got != "inner" {
		t.Errorf("read inner %q", got)
	}

	link, lst := walkPath(t, c, root, "link")
	if lst.Mode&unix.S_IFMT != unix.S_IFLNK {
		t.Errorf("walk link: mode %#o, want a symlink", lst.Mode)
	}
	if target, err := c.Readlink(link); err != nil || target != "file" {
		t.Errorf("readlink: %q, %v", target, err)
	}

	if got, want := direntNames(listAll(t, c, root)), hostNames(t, dir); strings.Join(got, "/") != strings.Join(want, "/") {
		t.Errorf("getdents root: %v, want %v", got, want)
	}
	sub, _ := walkPath(t, c, root, "sub")
	ents := listAll(t, c, sub)
	if got, want := direntNames(ents), hostNames(t, filepath.Join(dir, "sub")); strings.Join(got, "/") != strings.Join(want, "/") {
		t.Errorf("getdents sub: %v, want %v", got, want)
	}
	for _, e := range ents {
		if e.Name == "inner" && (e.Type != unix.DT_REG || e.Ino != hostStat(t, filepath.Join(dir, "sub/inner")).Ino) {
			t.Errorf("entry %+v", e)
		}
	}

	fs, err := c.StatFS(root)
	if err != nil {
		t.Fatal(err)
	}
	var hfs unix.Statfs_t
	if err := unix.Statfs(dir, &hfs); err != nil {
		t.Fatal(err)
	}
	if fs.Type != int64(hfs.Type) || fs.Bsize != int64(hfs.Bsize) || fs.Namelen != int64(hfs.Namelen) || fs.Fsid != [2]int32{hfs.Fsid.Val[0], hfs.Fsid.Val[1]} {
		t.Errorf("statfs %+v, host %+v", fs, hfs)
	}

	if err := c.Clunk(file); err != nil {
		t.Fatal(err)
	}
	_, err = c.Stat(file)
	wantErrno(t, "stat after clunk", err, unix.EBADF)
	wantErrno(t, "clunk twice", c.Clunk(file), unix.EBADF)
	// The clunked FID's child-free parent still serves its other children.
	if _, err := c.Stat(inner); err != nil {
		t.Error(err)
	}
	if err := c.Clunk(sub); err != nil {
		t.Fatal(err)
	}
	fd, err = c.Open(inner, unix.O_RDONLY) // needs sub's fd, kept by inner
	if err != nil {
		t.Fatalf("open inner after clunking its parent: %v", err)
	}
	unix.Close(fd)
}

func TestErrors(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, dir, true, MaxFIDs)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	file, _ := walkPath(t, c, root, "file")
	sub, _ := walkPath(t, c, root, "sub")
	link, _ := walkPath(t, c, root, "link")
	fifo, _ := walkPath(t, c, root, "fifo")

	_, _, err = c.Walk(root, "nope")
	wantErrno(t, "walk missing", err, unix.ENOENT)
	_, _, err = c.Walk(file, "x")
	wantErrno(t, "walk through a file", err, unix.ENOTDIR)
	_, _, err = c.Walk(link, "x")
	wantErrno(t, "walk through a symlink", err, unix.ENOTDIR)
	for _, name := range []string{"..", ".", "", "a/b", "/", "sub/inner", "a\x00b"} {
		_, _, err = c.Walk(root, name)
		wantErrno(t, fmt.Sprintf("walk %q", name), err, unix.EINVAL)
	}
	_, _, err = c.Walk(root, strings.Repeat("n", 256))
	wantErrno(t, "walk long name", err, unix.ENAMETOOLONG)
	_, _, err = c.Walk(FID(12345), "file")
	wantErrno(t, "walk unknown fid", err, unix.EBADF)

	_, err = c.Open(sub, unix.O_RDONLY)
	wantErrno(t, "open dir", err, unix.EISDIR)
	_, err = c.Open(root, unix.O_RDONLY)
	wantErrno(t, "open root", err, unix.EISDIR)
	_, err = c.Open(link, unix.O_RDONLY)
	wantErrno(t, "open symlink", err, unix.ELOOP)
	_, err = c.Open(fifo, unix.O_RDONLY)
	wantErrno(t, "open fifo", err, unix.EINVAL)
	for _, fl := range []int{unix.O_WRONLY, unix.O_RDWR, unix.O_WRONLY | unix.O_APPEND} {
		_, err = c.Open(file, fl)
		wantErrno(t, fmt.Sprintf("open %#x read-only", fl), err, unix.EROFS)
	}
	// Truncation is the sentry's, on the donated FD: O_TRUNC is refused.
	_, err = c.Open(file, unix.O_RDONLY|unix.O_DIRECTORY)
	wantErrno(t, "open a file as a directory", err, unix.ENOTDIR)
	if fd, err := c.Open(sub, unix.O_RDONLY|unix.O_DIRECTORY); err != nil {
		t.Errorf("open a directory for fsync: %v", err)
	} else {
		if err := unix.Fsync(fd); err != nil {
			t.Errorf("fsync of the donated directory: %v", err)
		}
		unix.Close(fd)
	}
	for _, fl := range []int{unix.O_CREAT, unix.O_WRONLY | unix.O_DIRECTORY, unix.O_ACCMODE, unix.O_RDONLY | unix.O_PATH, -1, unix.O_WRONLY | unix.O_TRUNC} {
		_, err = c.Open(file, fl)
		wantErrno(t, fmt.Sprintf("open %#x", fl), err, unix.EINVAL)
	}
	_, err = c.Readlink(file)
	wantErrno(t, "readlink file", err, unix.EINVAL)
	_, _, err = c.Getdents(file, 0)
	wantErrno(t, "getdents file", err, unix.ENOTDIR)

	// The connection survives all of that.
	if _, err := c.Stat(root); err != nil {
		t.Fatal(err)
	}
}

func TestEscape(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, filepath.Join(dir, "sub"), true, MaxFIDs)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	// Root is sub/; nothing above it can be named.
	_, _, err = c.Walk(root, "..")
	wantErrno(t, "walk ..", err, unix.EINVAL)

	c2, _ := startServer(t, dir, true, MaxFIDs)
	root2, _, err := c2.Attach()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"escape", "dotdot", "etcdir"} {
		fid, st, err := c2.Walk(root2, name)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode&unix.S_IFMT != unix.S_IFLNK || st != hostStat(t, filepath.Join(dir, name)) {
			t.Errorf("walk %s: %+v, want the link itself", name, st)
		}
		if fd, err := c2.Open(fid, unix.O_RDONLY); err == nil {
			unix.Close(fd)
			t.Errorf("open %s gave an fd", name)
		}
		for _, next := range []string{"passwd", "etc"} {
			if _, _, err := c2.Walk(fid, next); err != unix.ENOTDIR {
				t.Errorf("walk %s/%s: %v, want ENOTDIR", name, next, err)
			}
		}
	}

	// A directory swapped for a symlink after the walk: the FID still names
	// the old directory, so walking on never reaches the link's target.
	sub, _ := walkPath(t, c2, root2, "sub")
	if err := os.Rename(filepath.Join(dir, "sub"), filepath.Join(dir, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc", filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	_, _, err = c2.Walk(sub, "passwd")
	wantErrno(t, "walk passwd in the swapped dir", err, unix.ENOENT)
	inner, _ := walkPath(t, c2, sub, "inner")
	fd, err := c2.Open(inner, unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, fd); got != "inner" {
		t.Errorf("read %q from the swapped dir", got)
	}
}

func TestStale(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, dir, false, MaxFIDs)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	file, _ := walkPath(t, c, root, "file")
	other := filepath.Join(dir, "other")
	if err := os.WriteFile(other, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, filepath.Join(dir, "file")); err != nil {
		t.Fatal(err)
	}
	_, err = c.Open(file, unix.O_RDWR)
	wantErrno(t, "open replaced file", err, unix.ESTALE)
	if b, _ := os.ReadFile(filepath.Join(dir, "file")); string(b) != "keep me" {
		t.Errorf("the replacing file was changed to %q", b)
	}

	// Replaced by a symlink.
	inner, _ := walkPath(t, c, root, "sub/inner")
	os.Remove(filepath.Join(dir, "sub/inner"))
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "sub/inner")); err != nil {
		t.Fatal(err)
	}
	_, err = c.Open(inner, unix.O_RDONLY)
	wantErrno(t, "open file replaced by a symlink", err, unix.ESTALE)

	// Replaced by a FIFO: must not block.
	f2, _ := walkPath(t, c, root, "file")
	os.Remove(filepath.Join(dir, "file"))
	if err := unix.Mkfifo(filepath.Join(dir, "file"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = c.Open(f2, unix.O_RDONLY)
	wantErrno(t, "open file replaced by a fifo", err, unix.ESTALE)
}

func TestWritable(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, dir, false, MaxFIDs)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	file, _ := walkPath(t, c, root, "file")
	fd, err := c.Open(file, unix.O_WRONLY)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Ftruncate(fd, 0); err != nil { // the sentry's part of O_TRUNC
		t.Fatal(err)
	}
	if _, err := unix.Write(fd, []byte("new")); err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	fd, err = c.Open(file, unix.O_WRONLY|unix.O_APPEND)
	if err != nil {
		t.Fatal(err)
	}
	if fl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); fl&unix.O_APPEND == 0 {
		t.Errorf("file status flags %#x: want O_APPEND", fl)
	}
	unix.Write(fd, []byte("+more"))
	unix.Close(fd)
	if b, _ := os.ReadFile(filepath.Join(dir, "file")); string(b) != "new+more" {
		t.Errorf("file holds %q", b)
	}
}

func TestGetdentsPaging(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 2000; i++ {
		name := fmt.Sprintf("%04d-%s", i, strings.Repeat("x", 120))
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := startServer(t, dir, true, MaxFIDs)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	_, next, err := c.Getdents(root, 0)
	if err != nil || next == 0 {
		t.Fatalf("first page: next %d, %v: want more pages", next, err)
	}
	ents := listAll(t, c, root)
	if got, want := direntNames(ents), hostNames(t, dir); strings.Join(got, "/") != strings.Join(want, "/") {
		t.Errorf("getdents: %d names, want %d", len(got), len(want))
	}
	// A cookie past the end is an empty last page.
	if ents, next, err := c.Getdents(root, 1<<40); err != nil || len(ents) != 0 || next != 0 {
		t.Errorf("cookie past the end: %d, %d, %v", len(ents), next, err)
	}
}

func TestFIDLimit(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, dir, true, 3)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := c.Walk(root, "file")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Walk(root, "sub"); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Walk(root, "link")
	wantErrno(t, "walk past the limit", err, unix.ENFILE)
	_, _, err = c.Attach()
	wantErrno(t, "attach past the limit", err, unix.ENFILE)
	if err := c.Clunk(a); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Walk(root, "link"); err != nil {
		t.Errorf("walk after clunk: %v", err)
	}
}

func countFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("/proc/self/fd unavailable")
	}
	return len(ents)
}

func TestNoFDLeak(t *testing.T) {
	dir := buildTree(t)
	before := countFDs(t)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := os.NewFile(uintptr(fds[1]), "server")
	done := make(chan error, 1)
	go func() { done <- Serve([]Mount{{Path: dir, ReadOnly: true}}, srv, nil); srv.Close() }()
	c, err := NewClient(fds[0])
	if err != nil {
		t.Fatal(err)
	}
	root, _, _ := c.Attach()
	for i := 0; i < 50; i++ {
		walkPath(t, c, root, "sub/inner") // never clunked
		listAll(t, c, root)
	}
	c.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	if after := countFDs(t); after > before {
		t.Errorf("%d fds before, %d after Serve returned", before, after)
	}
}

func TestConcurrent(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, dir, true, MaxFIDs)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				sub, _, err := c.Walk(root, "sub")
				if err != nil {
					errs <- err
					return
				}
				inner, _, err := c.Walk(sub, "inner")
				if err != nil {
					errs <- err
					return
				}
				fd, err := c.Open(inner, unix.O_RDONLY)
				if err != nil {
					errs <- err
					return
				}
				buf := make([]byte, 16)
				n, err := unix.Pread(fd, buf, 0)
				unix.Close(fd)
				if err != nil || string(buf[:n]) != "inner" {
					errs <- fmt.Errorf("pread %q, %v", buf[:n], err)
					return
				}
				if _, _, err := c.Walk(root, ".."); err != unix.EINVAL {
					errs <- fmt.Errorf("walk ..: %v", err)
					return
				}
				c.Clunk(inner)
				c.Clunk(sub)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestPeerClose(t *testing.T) {
	dir := buildTree(t)
	c, wait := startServer(t, dir, true, MaxFIDs)
	if _, _, err := c.Attach(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := wait(); err != nil {
		t.Errorf("Serve: %v", err)
	}
	_, _, err := c.Attach()
	if !errors.Is(err, ErrConnClosed) {
		t.Errorf("attach after close: %v", err)
	}
}

// startHelper runs this test binary as a gofer serving dir over a socketpair,
// with env naming which entry point (Serve or Run) it uses.
func startHelper(t *testing.T, env, dir string) (*Client, *exec.Cmd) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := os.NewFile(uintptr(fds[1]), "server")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = helperEnv(env + "=" + dir)
	cmd.ExtraFiles = []*os.File{srv}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	c, err := NewClient(fds[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); cmd.Process.Kill(); cmd.Wait() })
	return c, cmd
}

// TestRun serves through Run in a child process: as root it is chrooted into
// the tree, otherwise it serves the path; either way the view is the same and
// the process exits 0 when the client hangs up.
func TestRun(t *testing.T) {
	dir := buildTree(t)
	c, cmd := startHelper(t, "GOFER_TEST_RUN_ROOT", dir)
	root, st, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	if st != hostStat(t, dir) {
		t.Errorf("attach stat %+v, want %+v", st, hostStat(t, dir))
	}
	file, _ := walkPath(t, c, root, "file")
	fd, err := c.Open(file, unix.O_RDONLY)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, fd); got != "hello, gofer\n" {
		t.Errorf("read %q", got)
	}
	if os.Geteuid() == 0 {
		// The serving thread is chrooted into dir.
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/root", cmd.Process.Pid))
		chrooted := false
		for _, task := range tasks {
			if r, err := os.Readlink(task); err == nil && r == dir {
				chrooted = true
			}
		}
		if !chrooted {
			t.Errorf("running as root, but no thread of the gofer is chrooted into %s", dir)
		}
	}
	escape, _ := walkPath(t, c, root, "escape")
	if _, err := c.Open(escape, unix.O_RDONLY); err != unix.ELOOP {
		t.Errorf("open escape: %v", err)
	}
	c.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("gofer process: %v", err)
	}
}

func TestServerKilled(t *testing.T) {
	dir := buildTree(t)
	c, cmd := startHelper(t, "GOFER_TEST_HELPER_ROOT", dir)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Process.Kill()
	cmd.Wait()

	res := make(chan error, 1)
	go func() { _, err := c.Stat(root); res <- err }()
	select {
	case err := <-res:
		if !errors.Is(err, ErrConnClosed) || !errors.Is(err, unix.EIO) {
			t.Errorf("stat on a dead server: %v, want ErrConnClosed (EIO)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("client call hung on a dead server")
	}
	if _, err := c.Stat(root); !errors.Is(err, ErrConnClosed) {
		t.Errorf("second call: %v", err)
	}
}

// TestBadRequests speaks raw bytes to the server: malformed messages get an
// errno where they can be answered, and end the session (with an error, not a
// panic) where they cannot; fds sent to the server are closed.
func TestBadRequests(t *testing.T) {
	dir := buildTree(t)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := os.NewFile(uintptr(fds[1]), "server")
	done := make(chan error, 1)
	go func() { done <- Serve([]Mount{{Path: dir, ReadOnly: true}}, srv, nil); srv.Close() }()
	cl := fds[0]
	defer unix.Close(cl)
	roundTrip := func(msg []byte, rights []byte) Response {
		t.Helper()
		if err := unix.Sendmsg(cl, msg, rights, nil, 0); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, MaxMessage)
		n, _, _, _, err := unix.Recvmsg(cl, buf, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := DecodeResponse(buf[:n])
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	long := append([]byte{byte(OpWalk), 9, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, make([]byte, 256)...)
	if r := roundTrip(long, nil); r.Errno != unix.ENAMETOOLONG || r.Tag != 9 {
		t.Errorf("long name: %+v", r)
	}
	if r := roundTrip([]byte{byte(OpStat), 3, 0, 0, 0, 0, 0, 1}, nil); r.Errno != unix.EINVAL || r.Tag != 3 {
		t.Errorf("short stat: %+v", r)
	}
	pr, pw, _ := os.Pipe()
	defer pr.Close()
	attach := []byte{byte(OpAttach), 4, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if r := roundTrip(attach, unix.UnixRights(int(pw.Fd()))); r.Errno != 0 {
		t.Errorf("attach with an fd: %+v", r)
	}
	pw.Close()
	// The server closed the write end it was sent, so the pipe reads EOF.
	pr.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := pr.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read pipe: %v, want EOF (server kept the fd it was sent)", err)
	}
	// An unknown op cannot be answered: the session ends with an error.
	if err := unix.Sendmsg(cl, []byte{0xee, 1, 0, 0, 0, 0, 0}, nil, nil, 0); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("Serve returned nil after an unknown op")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// TestParentDeath kills the gofer's parent and expects the gofer to die with
// it (PR_SET_PDEATHSIG), which the client sees as a closed connection.
func TestParentDeath(t *testing.T) {
	dir := buildTree(t)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := os.NewFile(uintptr(fds[1]), "server")
	middle := exec.Command(os.Args[0], "-test.run=^$")
	middle.Env = append(os.Environ(), "GOFER_TEST_MIDDLE_ROOT="+dir)
	middle.ExtraFiles = []*os.File{srv}
	middle.Stderr = os.Stderr
	out, err := middle.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := middle.Start(); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	c, err := NewClient(fds[0])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var pid int
	if _, err := fmt.Fscan(out, &pid); err != nil {
		t.Fatal(err)
	}
	defer unix.Kill(pid, unix.SIGKILL) // only if the test fails
	root, _, err := c.Attach()         // Run is serving, so PDEATHSIG is set
	if err != nil {
		t.Fatal(err)
	}
	middle.Process.Kill()
	middle.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := c.Stat(root)
		if errors.Is(err, ErrConnClosed) {
			break
		}
		if err != nil {
			t.Fatalf("stat: %v", err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the gofer outlived its parent")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestHostFDLimit checks that directories kept open for their children count
// against the limit even after their FIDs are clunked.
func TestHostFDLimit(t *testing.T) {
	dir := buildTree(t)
	c, _ := startServer(t, dir, true, 3)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := walkPath(t, c, root, "sub")
	walkPath(t, c, sub, "inner")
	if err := c.Clunk(sub); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Walk(root, "file")
	wantErrno(t, "walk with 3 host fds held", err, unix.ENFILE)
}

// TestServerFollowsCallerCPU: with followCaller (as in Run), the serving
// thread moves to the CPU a request names, and a CPU it may not use leaves
// it where it was, still serving.
func TestServerFollowsCallerCPU(t *testing.T) {
	var allowed unix.CPUSet
	if err := unix.SchedGetaffinity(0, &allowed); err != nil || allowed.Count() < 2 {
		t.Skipf("resource missing: two usable CPUs (have %d, %v)", allowed.Count(), err)
	}
	target := -1
	for i := 0; i < 8*int(unsafe.Sizeof(allowed)); i++ {
		if allowed.IsSet(i) {
			target = i // the last usable CPU
		}
	}
	dir := buildTree(t)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	followCaller = true
	defer func() { followCaller = false }()
	srv := os.NewFile(uintptr(fds[1]), "server")
	tid := make(chan int, 1)
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // the thread ends with the goroutine: its affinity goes with it
		tid <- unix.Gettid()
		done <- Serve([]Mount{{Path: dir, ReadOnly: true}}, srv, nil)
		srv.Close()
	}()
	serving := <-tid
	c, err := NewClient(fds[0])
	if err != nil {
		t.Fatal(err)
	}
	call := func(cpu uint16) {
		t.Helper()
		resp, _, err := c.call(Request{Op: OpAttach, CPU: cpu}, false)
		if err != nil || resp.FID == 0 {
			t.Fatalf("attach with CPU hint %d: %+v, %v", cpu, resp, err)
		}
	}
	affinity := func() unix.CPUSet {
		t.Helper()
		var set unix.CPUSet
		if err := unix.SchedGetaffinity(serving, &set); err != nil {
			t.Fatal(err)
		}
		return set
	}
	call(uint16(target + 1))
	if got := affinity(); got.Count() != 1 || !got.IsSet(target) {
		t.Errorf("after a request from CPU %d the serving thread may run on %d CPUs (CPU %d: %v), want that CPU only",
			target, got.Count(), target, got.IsSet(target))
	}
	call(60000) // no such CPU: refused by the kernel, the thread stays put
	if got := affinity(); got.Count() != 1 || !got.IsSet(target) {
		t.Errorf("after a hint of a CPU that does not exist the affinity changed: %d CPUs", got.Count())
	}
	c.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
