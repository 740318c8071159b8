package gofer

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// writable serves a fresh tree (see buildTree) writable and returns the
// client, the tree's path and the root FID.
func writable(t *testing.T) (*Client, string, FID) {
	t.Helper()
	dir := buildTree(t)
	c, _ := startServer(t, dir, false, MaxFIDs)
	root, _, err := c.Attach()
	if err != nil {
		t.Fatal(err)
	}
	return c, dir, root
}

func hostMode(t *testing.T, path string) uint32 {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		t.Fatal(err)
	}
	return st.Mode
}

func fileIs(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != want {
		t.Errorf("%s holds %q (%v), want %q", path, b, err, want)
	}
}

func TestCreate(t *testing.T) {
	c, dir, root := writable(t)
	uid, gid := uint32(os.Geteuid()), uint32(os.Getegid())
	fid, st, fd, err := c.Create(root, "new", unix.O_RDWR|unix.O_EXCL, 0o640, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unix.Pwrite(fd, []byte("created"), 0); err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	fileIs(t, filepath.Join(dir, "new"), "created")
	// The mode is what was asked, whatever the gofer's umask.
	if m := hostMode(t, filepath.Join(dir, "new")); m != unix.S_IFREG|0o640 || st.Mode != m {
		t.Errorf("mode %#o (reply %#o), want %#o", m, st.Mode, unix.S_IFREG|0o640)
	}
	if got, err := c.Stat(fid); err != nil || got.Ino != hostStat(t, filepath.Join(dir, "new")).Ino {
		t.Errorf("the FID names another file: %+v %v", got, err)
	}
	_, _, _, err = c.Create(root, "new", unix.O_RDWR|unix.O_EXCL, 0o644, uid, gid)
	wantErrno(t, "create existing with O_EXCL", err, unix.EEXIST)

	// Without O_EXCL an existing file is opened; O_TRUNC empties it.
	_, _, fd, err = c.Create(root, "file", unix.O_WRONLY|unix.O_TRUNC, 0o600, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	fileIs(t, filepath.Join(dir, "file"), "")
	if m := hostMode(t, filepath.Join(dir, "file")); m != unix.S_IFREG|0o644 {
		t.Errorf("an existing file's mode changed to %#o", m)
	}
	// O_APPEND reaches the donated fd.
	_, _, fd, err = c.Create(root, "log", unix.O_WRONLY|unix.O_APPEND|unix.O_EXCL, 0o644, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	if fl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); fl&unix.O_APPEND == 0 {
		t.Errorf("created file's status flags %#x", fl)
	}
	unix.Close(fd)

	// A symlink at the name is never followed, even one out of the tree.
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("untouched"), 0o644)
	os.Symlink(victim, filepath.Join(dir, "out"))
	_, _, _, err = c.Create(root, "out", unix.O_WRONLY|unix.O_TRUNC, 0o644, uid, gid)
	wantErrno(t, "create over a symlink out of the tree", err, unix.ELOOP)
	_, _, _, err = c.Create(root, "escape", unix.O_WRONLY|unix.O_EXCL, 0o644, uid, gid)
	wantErrno(t, "create O_EXCL over a symlink", err, unix.EEXIST)
	fileIs(t, victim, "untouched")
	// A FIFO at the name: never opened for the sentry.
	_, _, _, err = c.Create(root, "fifo", unix.O_RDONLY, 0o644, uid, gid)
	wantErrno(t, "create over a fifo", err, unix.EEXIST)
	_, _, _, err = c.Create(root, "fifo", unix.O_WRONLY, 0o644, uid, gid)
	wantErrno(t, "create over a fifo with no reader", err, unix.ENXIO)

	for _, name := range []string{"", ".", "..", "a/b", "../escape"} {
		_, _, _, err = c.Create(root, name, unix.O_RDWR|unix.O_EXCL, 0o644, uid, gid)
		wantErrno(t, "create "+name, err, unix.EINVAL)
	}
	for _, fl := range []int{unix.O_RDWR | unix.O_DIRECTORY, unix.O_ACCMODE, unix.O_RDWR | unix.O_PATH} {
		_, _, _, err = c.Create(root, "x", fl, 0o644, uid, gid)
		wantErrno(t, "create with bad flags", err, unix.EINVAL)
	}
	_, _, _, err = c.Create(root, "x", unix.O_RDWR, unix.S_IFDIR|0o644, uid, gid)
	wantErrno(t, "create with type bits in the mode", err, unix.EINVAL)
	file, _ := walkPath(t, c, root, "file")
	_, _, _, err = c.Create(file, "x", unix.O_RDWR, 0o644, uid, gid)
	wantErrno(t, "create under a file", err, unix.ENOTDIR)
}

func TestNameOps(t *testing.T) {
	c, dir, root := writable(t)
	uid, gid := uint32(os.Geteuid()), uint32(os.Getegid())
	// mkdir
	_, st, err := c.Mkdir(root, "d", 0o751, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	if m := hostMode(t, filepath.Join(dir, "d")); m != unix.S_IFDIR|0o751 || st.Mode != m {
		t.Errorf("mkdir mode %#o (reply %#o)", m, st.Mode)
	}
	_, _, err = c.Mkdir(root, "d", 0o755, uid, gid)
	wantErrno(t, "mkdir existing", err, unix.EEXIST)
	_, _, err = c.Mkdir(root, "escape", 0o755, uid, gid)
	wantErrno(t, "mkdir over a symlink", err, unix.EEXIST)

	// symlink
	_, st, err = c.Symlink(root, "sl", "../../etc/shadow", uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	if tg, _ := os.Readlink(filepath.Join(dir, "sl")); tg != "../../etc/shadow" || st.Mode&unix.S_IFMT != unix.S_IFLNK {
		t.Errorf("symlink: target %q mode %#o", tg, st.Mode)
	}
	_, _, err = c.Symlink(root, "empty", "", uid, gid)
	wantErrno(t, "symlink to nothing", err, unix.ENOENT)

	// link: a hard link; of a symlink, the symlink itself.
	_, st, err = c.Link(root, "file", root, "hard")
	if err != nil {
		t.Fatal(err)
	}
	if st.Nlink != 2 || st.Ino != hostStat(t, filepath.Join(dir, "file")).Ino {
		t.Errorf("link: %+v", st)
	}
	_, st, err = c.Link(root, "escape", root, "escape2")
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFLNK {
		t.Errorf("link of a symlink followed it: mode %#o", st.Mode)
	}
	_, _, err = c.Link(root, "sub", root, "subhard")
	wantErrno(t, "link a directory", err, unix.EPERM)
	_, _, err = c.Link(root, "file", root, "..")
	wantErrno(t, "link to ..", err, unix.EINVAL)

	// unlink and rmdir
	if err := c.Unlink(root, "hard", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "hard")); !os.IsNotExist(err) {
		t.Errorf("unlinked file still there: %v", err)
	}
	wantErrno(t, "unlink a directory", c.Unlink(root, "sub", 0), unix.EISDIR)
	wantErrno(t, "rmdir non-empty", c.Unlink(root, "sub", unix.AT_REMOVEDIR), unix.ENOTEMPTY)
	wantErrno(t, "rmdir a file", c.Unlink(root, "file", unix.AT_REMOVEDIR), unix.ENOTDIR)
	wantErrno(t, "unlink with bad flags", c.Unlink(root, "file", 0x1), unix.EINVAL)
	wantErrno(t, "unlink ..", c.Unlink(root, "..", unix.AT_REMOVEDIR), unix.EINVAL)
	if err := c.Unlink(root, "d", unix.AT_REMOVEDIR); err != nil {
		t.Fatal(err)
	}
	// Unlinking a symlink removes the link, never its target.
	if err := c.Unlink(root, "link", 0); err != nil {
		t.Fatal(err)
	}
	fileIs(t, filepath.Join(dir, "file"), "hello, gofer\n")

	// rename and its flags
	os.WriteFile(filepath.Join(dir, "a"), []byte("A"), 0o644)
	os.WriteFile(filepath.Join(dir, "b"), []byte("B"), 0o644)
	sub, _ := walkPath(t, c, root, "sub")
	if err := c.Rename(root, "a", sub, "a2", 0); err != nil {
		t.Fatal(err)
	}
	fileIs(t, filepath.Join(dir, "sub", "a2"), "A")
	wantErrno(t, "rename noreplace", c.Rename(root, "b", root, "file", unix.RENAME_NOREPLACE), unix.EEXIST)
	if err := c.Rename(root, "b", root, "file", unix.RENAME_EXCHANGE); err != nil {
		t.Fatal(err)
	}
	fileIs(t, filepath.Join(dir, "file"), "B")
	fileIs(t, filepath.Join(dir, "b"), "hello, gofer\n")
	wantErrno(t, "rename both flags", c.Rename(root, "b", root, "file", unix.RENAME_EXCHANGE|unix.RENAME_NOREPLACE), unix.EINVAL)
	wantErrno(t, "rename whiteout", c.Rename(root, "b", root, "file", unix.RENAME_WHITEOUT), unix.EINVAL)
	wantErrno(t, "rename to ..", c.Rename(root, "b", root, "..", 0), unix.EINVAL)
	wantErrno(t, "rename missing", c.Rename(root, "nothing", root, "x", 0), unix.ENOENT)
	// Renaming a symlink moves the link.
	if err := c.Rename(root, "escape", sub, "esc", 0); err != nil {
		t.Fatal(err)
	}
	if tg, _ := os.Readlink(filepath.Join(dir, "sub", "esc")); tg != "/etc/passwd" {
		t.Errorf("renamed symlink points to %q", tg)
	}
}

func TestSetAttr(t *testing.T) {
	c, dir, root := writable(t)
	file, _ := walkPath(t, c, root, "file")
	st, err := c.SetAttr(file, SetAttrMode, 0o4711, 0, 0, Timespec{}, Timespec{})
	if err != nil {
		t.Fatal(err)
	}
	if m := hostMode(t, filepath.Join(dir, "file")); m != unix.S_IFREG|0o4711 || st.Mode != m {
		t.Errorf("chmod: %#o (reply %#o)", m, st.Mode)
	}
	sub, _ := walkPath(t, c, root, "sub")
	if _, err := c.SetAttr(sub, SetAttrMode, 0o700, 0, 0, Timespec{}, Timespec{}); err != nil {
		t.Fatal(err)
	}
	if m := hostMode(t, filepath.Join(dir, "sub")); m != unix.S_IFDIR|0o700 {
		t.Errorf("chmod dir: %#o", m)
	}
	// The mode of a symlink: never its target's.
	esc, _ := walkPath(t, c, root, "escape")
	before := hostMode(t, "/etc/passwd")
	_, err = c.SetAttr(esc, SetAttrMode, 0o777, 0, 0, Timespec{}, Timespec{})
	wantErrno(t, "chmod a symlink", err, unix.EOPNOTSUPP)
	if hostMode(t, "/etc/passwd") != before {
		t.Fatal("chmod of a symlink changed its target")
	}
	fifo, _ := walkPath(t, c, root, "fifo")
	_, err = c.SetAttr(fifo, SetAttrMode, 0o600, 0, 0, Timespec{}, Timespec{})
	wantErrno(t, "chmod a fifo", err, unix.EPERM)

	// Times: set, omit, now.
	st, err = c.SetAttr(file, SetAttrAtime|SetAttrMtime, 0, 0, 0, Timespec{Sec: 1000, Nsec: 5}, Timespec{Sec: 2000, Nsec: 7})
	if err != nil {
		t.Fatal(err)
	}
	if st.Atime != (Timespec{1000, 5}) || st.Mtime != (Timespec{2000, 7}) {
		t.Errorf("utimens: atime %v mtime %v", st.Atime, st.Mtime)
	}
	st, err = c.SetAttr(file, SetAttrMtime, 0, 0, 0, Timespec{}, Timespec{Nsec: unix.UTIME_NOW})
	if err != nil {
		t.Fatal(err)
	}
	if st.Atime != (Timespec{1000, 5}) || st.Mtime.Sec < 1e9 {
		t.Errorf("utimens mtime now, atime untouched: atime %v mtime %v", st.Atime, st.Mtime)
	}
	_, err = c.SetAttr(file, SetAttrAtime, 0, 0, 0, Timespec{Nsec: 1e9}, Timespec{})
	wantErrno(t, "utimens bad nsec", err, unix.EINVAL)
	// The times of a symlink are the symlink's.
	passwd := hostStat(t, "/etc/passwd")
	if _, err := c.SetAttr(esc, SetAttrMtime, 0, 0, 0, Timespec{}, Timespec{Sec: 3000}); err != nil {
		t.Fatal(err)
	}
	if hostStat(t, "/etc/passwd").Mtime != passwd.Mtime || hostStat(t, filepath.Join(dir, "escape")).Mtime.Sec != 3000 {
		t.Error("utimens of a symlink reached its target")
	}
	_, err = c.SetAttr(file, 1<<10, 0, 0, 0, Timespec{}, Timespec{})
	wantErrno(t, "setattr unknown mask", err, unix.EINVAL)
	_, err = c.SetAttr(file, SetAttrMode, unix.S_IFDIR|0o755, 0, 0, Timespec{}, Timespec{})
	wantErrno(t, "chmod with type bits", err, unix.EINVAL)

	if os.Geteuid() == 0 {
		st, err = c.SetAttr(file, SetAttrUID|SetAttrGID, 0, 1234, 4321, Timespec{}, Timespec{})
		if err != nil {
			t.Fatal(err)
		}
		if hs := hostStat(t, filepath.Join(dir, "file")); hs.UID != 1234 || hs.GID != 4321 || st.UID != 1234 {
			t.Errorf("chown: %d:%d", hs.UID, hs.GID)
		}
		if _, err := c.SetAttr(esc, SetAttrUID, 0, 99, 0, Timespec{}, Timespec{}); err != nil {
			t.Fatal(err)
		}
		if hostStat(t, "/etc/passwd").UID != passwd.UID || hostStat(t, filepath.Join(dir, "escape")).UID != 99 {
			t.Error("chown of a symlink reached its target")
		}
		// What the gofer creates is owned by whom the sentry says.
		_, st, fd, err := c.Create(root, "owned", unix.O_RDWR|unix.O_EXCL, 0o600, 4242, 4343)
		if err != nil {
			t.Fatal(err)
		}
		unix.Close(fd)
		if hs := hostStat(t, filepath.Join(dir, "owned")); hs.UID != 4242 || hs.GID != 4343 || st.UID != 4242 {
			t.Errorf("created file owned by %d:%d", hs.UID, hs.GID)
		}
	}
}

// TestWriteEscapes: no write op leaves its mount, through a symlink, "..",
// a directory renamed during a walk, a file swapped for a symlink, or
// another mount.
func TestWriteEscapes(t *testing.T) {
	outer := t.TempDir()
	dir := filepath.Join(outer, "mnt")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(outer, "secret"), []byte("outside"), 0o600)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "f"), []byte("f"), 0o644)
	os.Symlink("..", filepath.Join(dir, "up"))
	os.Symlink("/etc", filepath.Join(dir, "etc"))
	os.Symlink("../secret", filepath.Join(dir, "sec"))
	ro := buildTree(t)
	c, _ := startServerMounts(t, []Mount{{Path: ro, ReadOnly: true}, {Path: dir}}, MaxFIDs)
	root, _, err := c.AttachMount(0)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := c.AttachMount(1)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.AttachMount(2)
	wantErrno(t, "attach a mount that does not exist", err, unix.ENOENT)
	uid, gid := uint32(os.Geteuid()), uint32(os.Getegid())

	// ".." out of the bind mount.
	_, _, err = c.Walk(m, "..")
	wantErrno(t, "walk .. out of a mount", err, unix.EINVAL)
	_, _, err = c.Mkdir(m, "..", 0o755, uid, gid)
	wantErrno(t, "mkdir ..", err, unix.EINVAL)
	wantErrno(t, "rename .. away", c.Rename(m, "..", m, "x", 0), unix.EINVAL)
	// Symlinked directories are symlinks, not directories, to the name ops.
	for _, name := range []string{"up", "etc"} {
		l, _ := walkPath(t, c, m, name)
		_, _, _, err = c.Create(l, "pwned", unix.O_RDWR|unix.O_EXCL, 0o644, uid, gid)
		wantErrno(t, "create under symlink "+name, err, unix.ENOTDIR)
		wantErrno(t, "unlink under symlink "+name, c.Unlink(l, "secret", 0), unix.ENOTDIR)
	}
	// A symlink to a file out of the mount: writes, truncation, chmod and
	// times never reach the target.
	sec, _ := walkPath(t, c, m, "sec")
	_, err = c.Open(sec, unix.O_WRONLY)
	wantErrno(t, "open symlink for writing", err, unix.ELOOP)
	_, _, _, err = c.Create(m, "sec", unix.O_WRONLY|unix.O_TRUNC, 0o644, uid, gid)
	wantErrno(t, "create through symlink", err, unix.ELOOP)
	_, err = c.SetAttr(sec, SetAttrMode, 0o777, 0, 0, Timespec{}, Timespec{})
	wantErrno(t, "chmod through symlink", err, unix.EOPNOTSUPP)
	_, _, err = c.Link(m, "sec", m, "sec2") // links the symlink itself
	if err != nil {
		t.Fatal(err)
	}
	fileIs(t, filepath.Join(outer, "secret"), "outside")
	if hostMode(t, filepath.Join(outer, "secret")) != unix.S_IFREG|0o600 {
		t.Error("the file outside the mount changed mode")
	}

	// A directory renamed away during a walk, a symlink to /etc put in its
	// place: what is made under the held FID lands in the moved directory.
	sub, _ := walkPath(t, c, m, "sub")
	os.Rename(filepath.Join(dir, "sub"), filepath.Join(dir, "moved"))
	os.Symlink("/etc", filepath.Join(dir, "sub"))
	_, _, fd, err := c.Create(sub, "hosts", unix.O_RDWR|unix.O_EXCL, 0o644, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	if _, err := os.Stat(filepath.Join(dir, "moved", "hosts")); err != nil {
		t.Errorf("the file is not in the moved directory: %v", err)
	}
	// A file swapped for a symlink after its walk: chmod says ESTALE.
	f, _ := walkPath(t, c, m, "f")
	os.Remove(filepath.Join(dir, "f"))
	os.Symlink("../secret", filepath.Join(dir, "f"))
	_, err = c.SetAttr(f, SetAttrMode, 0o777, 0, 0, Timespec{}, Timespec{})
	wantErrno(t, "chmod of a file swapped for a symlink", err, unix.ESTALE)
	if hostMode(t, filepath.Join(outer, "secret")) != unix.S_IFREG|0o600 {
		t.Error("the file outside the mount changed mode")
	}

	// Between mounts: EXDEV; on the read-only root: EROFS.
	ws, _ := walkPath(t, c, root, "sub")
	_, _, err = c.Link(m, "moved", ws, "x")
	wantErrno(t, "link to the read-only mount", err, unix.EROFS)
	m2, _, _ := c.AttachMount(1)
	_ = m2
	if err := c.Rename(m, "sec2", m2, "sec3", 0); err != nil {
		t.Errorf("rename within one mount through two FIDs: %v", err)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	dir := buildTree(t)
	rw := t.TempDir()
	c, _ := startServerMounts(t, []Mount{{Path: rw}, {Path: dir, ReadOnly: true}}, MaxFIDs)
	wroot, _, _ := c.AttachMount(0)
	root, _, err := c.AttachMount(1)
	if err != nil {
		t.Fatal(err)
	}
	file, _ := walkPath(t, c, root, "file")
	_, _, _, err = c.Create(root, "new", unix.O_RDWR|unix.O_EXCL, 0o644, 0, 0)
	wantErrno(t, "create", err, unix.EROFS)
	_, _, err = c.Mkdir(root, "d", 0o755, 0, 0)
	wantErrno(t, "mkdir", err, unix.EROFS)
	_, _, err = c.Symlink(root, "s", "file", 0, 0)
	wantErrno(t, "symlink", err, unix.EROFS)
	_, _, err = c.Link(root, "file", root, "l")
	wantErrno(t, "link", err, unix.EROFS)
	wantErrno(t, "unlink", c.Unlink(root, "file", 0), unix.EROFS)
	wantErrno(t, "rmdir", c.Unlink(root, "sub", unix.AT_REMOVEDIR), unix.EROFS)
	wantErrno(t, "rename", c.Rename(root, "file", root, "x", 0), unix.EROFS)
	wantErrno(t, "rename to a writable mount", c.Rename(root, "file", wroot, "x", 0), unix.EROFS)
	_, err = c.SetAttr(file, SetAttrMode, 0o777, 0, 0, Timespec{}, Timespec{})
	wantErrno(t, "chmod", err, unix.EROFS)
	_, err = c.SetAttr(file, SetAttrMtime, 0, 0, 0, Timespec{}, Timespec{Nsec: unix.UTIME_NOW})
	wantErrno(t, "utimens", err, unix.EROFS)
	_, err = c.Open(file, unix.O_WRONLY)
	wantErrno(t, "open for writing", err, unix.EROFS)
	_, _, _, err = c.Tmpfile(root, unix.O_RDWR, 0o600, 0, 0)
	wantErrno(t, "tmpfile", err, unix.EROFS)
	fileIs(t, filepath.Join(dir, "file"), "hello, gofer\n")
	if names := hostNames(t, dir); len(names) != 9 {
		t.Errorf("read-only tree changed: %v", names)
	}
	// The writable mount next to it works.
	if _, _, err := c.Mkdir(wroot, "d", 0o755, uint32(os.Geteuid()), uint32(os.Getegid())); err != nil {
		t.Errorf("mkdir on the writable mount: %v", err)
	}
}

// TestRunWritable runs every write op through Run, in a child process under
// the gofer's seccomp filter (and chrooted into the read-only root when run
// as root) with a writable bind mount: a call missing from the allowlist
// would kill the gofer, which the client sees as a dead connection.
func TestRunWritable(t *testing.T) {
	ro := buildTree(t)
	rw := t.TempDir()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := os.NewFile(uintptr(fds[1]), "server")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = helperEnv("GOFER_TEST_RUN_ROOT="+ro, "GOFER_TEST_RUN_RW="+rw)
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
	m, _, err := c.AttachMount(1)
	if err != nil {
		t.Fatal(err)
	}
	uid, gid := uint32(os.Geteuid()), uint32(os.Getegid())
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s under the filter: %v", what, err)
		}
	}
	// Modes other than the gofer's umask would give, and other owners when
	// root, so fchmod and fchownat run too.
	f, _, fd, err := c.Create(m, "f", unix.O_RDWR|unix.O_EXCL|unix.O_APPEND, 0o666, uid, gid)
	must("create", err)
	unix.Write(fd, []byte("data"))
	unix.Close(fd)
	if os.Geteuid() == 0 {
		_, _, fd, err = c.Create(m, "owned", unix.O_RDWR|unix.O_EXCL, 0o600, 1000, 1000)
		must("create owned", err)
		unix.Close(fd)
	}
	_, _, err = c.Mkdir(m, "d", 0o777, uid, gid)
	must("mkdir", err)
	_, _, err = c.Symlink(m, "s", "f", uid, gid)
	must("symlink", err)
	_, _, err = c.Link(m, "f", m, "h")
	must("link", err)
	must("rename", c.Rename(m, "h", m, "h2", 0))
	must("rename exchange", c.Rename(m, "h2", m, "s", unix.RENAME_EXCHANGE))
	must("unlink", c.Unlink(m, "h2", 0))
	must("rmdir", c.Unlink(m, "d", unix.AT_REMOVEDIR))
	_, err = c.SetAttr(f, SetAttrMode|SetAttrAtime|SetAttrMtime, 0o600, 0, 0, Timespec{Sec: 1}, Timespec{Nsec: unix.UTIME_NOW})
	must("setattr", err)
	_, err = c.SetAttr(f, SetAttrUID|SetAttrGID, 0, uid, gid, Timespec{}, Timespec{})
	must("chown", err)
	fd, err = c.Open(f, unix.O_WRONLY|unix.O_APPEND)
	must("open for writing", err)
	unix.Close(fd)
	_, _, err = c.Getdents(m, 0)
	must("getdents", err)
	fd, err = c.Open(m, unix.O_RDONLY|unix.O_DIRECTORY)
	must("open a directory for fsync", err)
	unix.Close(fd)
	_, _, err = c.Symlink(m, "s2", "f", uid, gid)
	must("symlink", err)
	sl, _, err := c.Walk(m, "s2")
	must("walk", err)
	_, err = c.Readlink(sl)
	must("readlink", err)
	_, err = c.StatFS(m)
	must("statfs", err)
	must("clunk", c.Clunk(sl))
	tf, _, fd, err := c.Tmpfile(m, unix.O_RDWR, 0o604, uid, gid)
	must("tmpfile", err)
	unix.Write(fd, []byte("tmp"))
	unix.Close(fd)
	_, err = c.SetAttr(tf, SetAttrMode, 0o640, 0, 0, Timespec{}, Timespec{})
	must("chmod of a tmpfile", err)
	_, _, err = c.LinkFID(tf, m, "t")
	must("linkfid", err)
	fileIs(t, filepath.Join(rw, "t"), "tmp")
	fileIs(t, filepath.Join(rw, "f"), "data")
	if m := hostMode(t, filepath.Join(rw, "f")); m != unix.S_IFREG|0o600 {
		t.Errorf("mode %#o", m)
	}
	if tg, _ := os.Readlink(filepath.Join(rw, "s")); tg != "" {
		t.Errorf("exchange left a symlink at s: %q", tg)
	}
	// The root stays read-only.
	r, _, _ := c.Attach()
	_, _, err = c.Mkdir(r, "x", 0o755, uid, gid)
	wantErrno(t, "mkdir on the read-only root", err, unix.EROFS)
	c.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("gofer process: %v", err)
	}
}

func TestMkfifo(t *testing.T) {
	c, dir, root := writable(t)
	uid, gid := uint32(os.Geteuid()), uint32(os.Getegid())
	fid, st, err := c.Mkfifo(root, "p", 0o640, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	if m := hostMode(t, filepath.Join(dir, "p")); m != unix.S_IFIFO|0o640 || st.Mode != m {
		t.Errorf("mode %#o (reply %#o), want %#o", m, st.Mode, unix.S_IFIFO|0o640)
	}
	if got, err := c.Stat(fid); err != nil || got.Ino != hostStat(t, filepath.Join(dir, "p")).Ino {
		t.Errorf("the FID names another file: %+v %v", got, err)
	}
	_, _, err = c.Mkfifo(root, "p", 0o600, uid, gid)
	wantErrno(t, "mkfifo over an existing name", err, unix.EEXIST)
	_, _, err = c.Mkfifo(root, "q", unix.S_IFCHR|0o600, uid, gid)
	wantErrno(t, "mkfifo with type bits", err, unix.EINVAL)
}

// TestTmpfile: Tmpfile makes a file with no name in the directory, with the
// mode asked for, that reads and writes through the donated fd; LinkFID
// names it (a second time EEXIST), never a file made with O_EXCL (ENOENT),
// never a named file (EINVAL: those link by name), never across mounts.
func TestTmpfile(t *testing.T) {
	c, dir, root := writable(t)
	uid, gid := uint32(os.Geteuid()), uint32(os.Getegid())
	before := len(hostNames(t, dir))
	fid, st, fd, err := c.Tmpfile(root, unix.O_RDWR, 0o640, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	if st.Nlink != 0 || st.Mode != unix.S_IFREG|0o640 {
		t.Errorf("tmpfile stat: nlink %d mode %#o, want 0 and %#o", st.Nlink, st.Mode, unix.S_IFREG|0o640)
	}
	if n := len(hostNames(t, dir)); n != before {
		t.Errorf("tmpfile made a name: %d names, had %d", n, before)
	}
	if _, err := unix.Pwrite(fd, []byte("nameless"), 0); err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	nf, nst, err := c.LinkFID(fid, root, "named")
	if err != nil {
		t.Fatal(err)
	}
	fileIs(t, filepath.Join(dir, "named"), "nameless")
	if nst.Ino != st.Ino || nst.Nlink != 1 {
		t.Errorf("linked stat: ino %d nlink %d, want ino %d nlink 1", nst.Ino, nst.Nlink, st.Ino)
	}
	_, _, err = c.LinkFID(fid, root, "named")
	wantErrno(t, "link again to the same name", err, unix.EEXIST)
	_, _, err = c.LinkFID(nf, root, "other")
	wantErrno(t, "linkfid of a named file", err, unix.EINVAL)
	ex, _, fd, err := c.Tmpfile(root, unix.O_WRONLY|unix.O_EXCL, 0o600, uid, gid)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	_, _, err = c.LinkFID(ex, root, "never")
	wantErrno(t, "linkfid of an O_EXCL tmpfile", err, unix.ENOENT)
	_, _, _, err = c.Tmpfile(root, unix.O_RDONLY, 0o600, uid, gid)
	wantErrno(t, "tmpfile for reading only", err, unix.EINVAL)
	_, _, _, err = c.Tmpfile(root, unix.O_RDWR|unix.O_TRUNC, 0o600, uid, gid)
	wantErrno(t, "tmpfile with O_TRUNC", err, unix.EINVAL)
	file, _ := walkPath(t, c, root, "file")
	_, _, _, err = c.Tmpfile(file, unix.O_RDWR, 0o600, uid, gid)
	wantErrno(t, "tmpfile in a file", err, unix.ENOTDIR)
	if _, err := os.Stat(filepath.Join(dir, "never")); !os.IsNotExist(err) {
		t.Errorf("an O_EXCL tmpfile got a name: %v", err)
	}
}
