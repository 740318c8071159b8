// Package kernel owns tasks: a goroutine per app thread, locked to its host
// thread, that runs app code through the platform and serves its traps;
// thread groups, credentials, rlimits, exit status and exec.
//
// It never calls the host for the app except through mm, vfs and the
// filesystems (and reading its own host threads' CPU clocks, for the app's
// system time: usage.go); it never knows a platform's insides.
//
// Lock order: a terminal's lock (sentry/fs/tty), then Futexes.mu, then
// Kernel.mu, then Task.mu, then a task's usage.mu (a leaf); mm and vfs locks
// are taken below all of them. One exception: procfs may call Task.Owner
// (Task.mu only) under vfs's File.mu, so no code may take a vfs lock while
// it holds a Task.mu.
package kernel

import (
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/arch"
	"husk/sentry/errno"
	"husk/sentry/loader"
	"husk/sentry/loader/vdso"
	"husk/sentry/mm"
	"husk/sentry/vfs"
)

// SyscallTable serves app syscalls (implemented by sentry/syscalls).
type SyscallTable interface {
	// Dispatch runs syscall nr and returns the value for rax (a negative
	// errno on failure).
	Dispatch(t *Task, nr uintptr, args [6]uintptr) uintptr
}

// Utsname is what uname(2) reports.
type Utsname struct {
	Sysname, Nodename, Release, Version, Machine, Domainname string
}

// Kernel is one sandbox's application kernel.
type Kernel struct {
	Platform platform.Platform
	MF       *mm.MemoryFile
	Root     *vfs.Dentry
	Syscalls SyscallTable
	Log      *zap.Logger
	Strace   bool
	Uname    Utsname
	HWCap    uint64
	HWCap2   uint64
	// MinSigStkSz is AT_MINSIGSTKSZ as the host kernel gives it (0: compute
	// it from the CPU's XSAVE size).
	MinSigStkSz uint64
	// Nice is the first process's nice value (husk's own, as a native
	// command would inherit it).
	Nice int
	// BootTime is when the sandbox started; TotalRAM the memory it reports.
	BootTime time.Time
	TotalRAM uint64
	// VDSO is mapped into every program at exec and keeps the clock the
	// time syscalls answer from; nil: no vDSO (time syscalls ask the host).
	VDSO *vdso.VDSO

	mu      sync.Mutex
	nextTID int32
	tasks   map[int32]*Task
	futex   *Futexes
	// childCh is closed (under mu) whenever a task becomes a zombie.
	childCh chan struct{}
}

// Creds are a task's credentials.
type Creds struct {
	UID, EUID, SUID, GID, EGID, SGID uint32
	Groups                           []uint32
	// Capability sets (bit n is capability n).
	CapEffective, CapPermitted, CapInheritable uint64
}

// AllCaps is every capability up to CAP_CHECKPOINT_RESTORE (40).
const AllCaps = 1<<41 - 1

// CapDACOverride and CapDACReadSearch are the capabilities file access checks use.
const (
	CapDACOverride   = 1
	CapDACReadSearch = 2
)

// HasCap reports whether cap is in the effective set.
func (c *Creds) HasCap(cap uint) bool { return c.CapEffective&(1<<cap) != 0 }

// Task is one app thread.
type Task struct {
	K     *Kernel
	TID   int32
	TGID  int32
	PPID  int32
	MM    *mm.MM
	FDs   *vfs.FDTable
	FS    *vfs.Walker // shared by threads created with CLONE_FS
	State *arch.State
	Creds Creds
	Umask uint32

	ctx    platform.Context
	view   *mm.View // this thread's view of MM
	ownFDs bool     // a thread with an fd table of its own (no CLONE_FILES)

	// Guarded by Kernel.mu: the thread group. leader is the thread whose TID
	// is the TGID; only the leader's threads map and groupExit are used.
	leader      *Task
	threads     map[int32]*Task
	groupExit   bool
	groupDone   chan struct{}   // closed when the whole thread group has exited
	groupStatus unix.WaitStatus // with groupExit: the status exit_group or a fatal signal gave (Task.mu)
	stopped     bool            // job control: the process is stopped
	stopSig     unix.Signal
	stopCh      chan struct{} // closed when the process continues
	report      int           // a stop or continue not yet reported to wait

	// Guarded by Kernel.mu: the process tree.
	parent     *Task
	children   map[int32]*Task
	zombie     bool
	exitSignal unix.Signal
	pgid, sid  int32
	ctty       Terminal // the controlling terminal (on the leader)
	execed     bool     // has called execve since fork (setpgid's EACCES)

	mu            sync.Mutex
	exiting       bool
	exitStatus    unix.WaitStatus
	clearChildTID uintptr
	robustList    uintptr
	sigActions    [65][32]byte // raw struct sigaction per signal, kept for rt_sigaction
	sigMask       uint64
	realBlocked   uint64 // the mask before rt_sigtimedwait unblocked its set
	pending       map[unix.Signal][]*SigInfo
	pendingMask   uint64
	sigCh         chan struct{} // kicked when a signal or an exit should end a Block
	savedMask     *uint64       // the mask rt_sigsuspend replaced, restored by the handler's return
	restartNr     int64         // the syscall to restart after a signal, -1 if none
	restartCode   int64
	restartBlock  func() (uintptr, error) // what restart_syscall runs (ERESTART_RESTARTBLOCK); the task's own goroutine only
	itimer        realTimer
	cpuTimers     [2]cpuTimer // ITIMER_VIRTUAL, ITIMER_PROF (the leader's)
	ptimers       posixTimers // the process's (leader's) POSIX timers
	altStack      [24]byte
	rlimits       map[int]unix.Rlimit
	execPath      string
	exe           *vfs.Dentry   // the program execve loaded (/proc/[pid]/exe)
	start         time.Time     // when the task first ran
	sleeping      atomic.Int32  // in Block: /proc shows it as S, not R
	vforkDone     chan struct{} // closed when a vfork child execs or exits
	noNewPrivs    bool
	name          [16]byte // PR_SET_NAME
	pdeathsig     int
	subreaper     bool
	personality   uint32 // personality(2); kept across fork and execve
	affinity      []byte // sched_setaffinity's mask, nil for every CPU
	nice, policy  int32  // setpriority's nice value, sched_setscheduler's policy
	usage         taskUsage
	seccomp       atomic.Pointer[seccompState]
	sigQueued     sigQueued // the leader's: signalfd waiters (signalfd.go)
}

// NewTask makes the first task of a new thread group with an empty address space.
func (k *Kernel) NewTask(fds *vfs.FDTable, cwd *vfs.Dentry, creds Creds) (*Task, error) {
	m, err := mm.New(k.MF, k.Platform)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	if k.tasks == nil {
		k.tasks = make(map[int32]*Task)
		k.nextTID = 1
	}
	tid := k.nextTID
	k.nextTID++
	t := &Task{K: k, TID: tid, TGID: tid, PPID: 0, MM: m, FDs: fds, FS: &vfs.Walker{Root: k.Root, Cwd: cwd}, Creds: creds, Umask: 0o022, restartNr: -1,
		pgid: tid, sid: tid}
	k.tasks[tid] = t
	t.leader = t
	t.threads = map[int32]*Task{tid: t}
	t.groupDone = make(chan struct{})
	t.view = m.DefaultView()
	k.mu.Unlock()
	t.rlimits = defaultRlimits()
	t.nice = int32(k.Nice)
	fds.SetLimit(int32(t.rlimits[unix.RLIMIT_NOFILE].Cur))
	return t, nil
}

func defaultRlimits() map[int]unix.Rlimit {
	inf := uint64(unix.RLIM_INFINITY)
	return map[int]unix.Rlimit{
		unix.RLIMIT_STACK:   {Cur: 8 << 20, Max: inf},
		unix.RLIMIT_NOFILE:  {Cur: 1024, Max: 1 << 20},
		unix.RLIMIT_CORE:    {Cur: 0, Max: inf},
		unix.RLIMIT_NPROC:   {Cur: 1 << 16, Max: 1 << 16},
		unix.RLIMIT_MEMLOCK: {Cur: 8 << 20, Max: 8 << 20},
	}
}

// Rlimit returns a resource limit (RLIM_INFINITY where none is set).
func (t *Task) Rlimit(r int) unix.Rlimit {
	t.mu.Lock()
	defer t.mu.Unlock()
	if l, ok := t.rlimits[r]; ok {
		return l
	}
	return unix.Rlimit{Cur: unix.RLIM_INFINITY, Max: unix.RLIM_INFINITY}
}

// SetRlimit sets one. Errors: EINVAL (cur > max), EPERM (raising max unprivileged).
func (t *Task) SetRlimit(r int, l unix.Rlimit) error {
	if l.Cur > l.Max {
		return unix.EINVAL
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	old, ok := t.rlimits[r]
	if !ok {
		old = unix.Rlimit{Cur: unix.RLIM_INFINITY, Max: unix.RLIM_INFINITY}
	}
	if l.Max > old.Max && t.Creds.EUID != 0 {
		return unix.EPERM
	}
	if r == unix.RLIMIT_NOFILE && l.Max > 1<<20 {
		return unix.EPERM
	}
	t.rlimits[r] = l
	if r == unix.RLIMIT_NOFILE && t.FDs != nil {
		t.FDs.SetLimit(int32(min(l.Cur, 1<<20)))
	}
	return nil
}

// Open resolves path (relative to dirfd's dentry, or the cwd when start is
// nil) and opens it with the app's flags.
func (t *Task) Open(start *vfs.Dentry, path string, flags int) (*vfs.File, error) {
	return t.OpenMode(start, path, flags, 0)
}

// OpenMode is Open with the mode a file created by O_CREAT gets (less the
// umask). A directory that cannot be written to (the read-only root) gives
// EROFS for a new name.
func (t *Task) OpenMode(start *vfs.Dentry, path string, flags int, mode uint32) (*vfs.File, error) {
	if start == nil {
		start = t.FS.Cwd
	}
	return t.openCreate(t.Walker(), start, path, flags, mode, 0)
}

// OpenWalk is OpenMode with a walker of the caller's (openat2's RESOLVE_*
// flags: see vfs.Walker), made from t.Walker().
func (t *Task) OpenWalk(w *vfs.Walker, start *vfs.Dentry, path string, flags int, mode uint32) (*vfs.File, error) {
	return t.openCreate(w, start, path, flags, mode, 0)
}

// openCreate is OpenMode after depth dangling symlinks followed for O_CREAT.
func (t *Task) openCreate(w *vfs.Walker, start *vfs.Dentry, path string, flags int, mode uint32, depth int) (*vfs.File, error) {
	const oTmpfileBit = unix.O_TMPFILE &^ unix.O_DIRECTORY
	if flags&oTmpfileBit != 0 {
		if flags&(unix.O_TMPFILE|unix.O_CREAT) != unix.O_TMPFILE {
			return nil, unix.EINVAL
		}
		return t.openTmpfile(w, start, path, flags, mode)
	}
	if flags&unix.O_CREAT == 0 {
		d, err := w.Resolve(start, path, flags&unix.O_NOFOLLOW == 0)
		if err != nil {
			return nil, err
		}
		return t.openDentry(d, flags)
	}
	d, err := w.Resolve(start, path, flags&(unix.O_NOFOLLOW|unix.O_EXCL) == 0)
	if err == nil {
		if flags&unix.O_EXCL != 0 {
			return nil, unix.EEXIST
		}
		return t.openDentry(d, flags)
	}
	if err != unix.ENOENT {
		return nil, err
	}
	parent, name, perr := w.ResolveParent(start, path)
	if perr != nil {
		return nil, perr
	}
	if name == "" || strings.HasSuffix(path, "/") {
		return nil, unix.EISDIR
	}
	if flags&(unix.O_EXCL|unix.O_NOFOLLOW) == 0 {
		// A dangling symlink as the last component: the file is created
		// where it points, as Linux does (each hop counts toward ELOOP).
		if d, err := t.FS.Resolve(parent, name, false); err == nil {
			if st, err := d.Inode().Stat(); err == nil && st.IsSymlink() {
				if w.NoSymlinks {
					return nil, unix.ELOOP
				}
				if depth >= vfs.MaxSymlinks {
					return nil, unix.ELOOP
				}
				target, err := d.Inode().Readlink()
				if err != nil {
					return nil, err
				}
				return t.openCreate(w, parent, target, flags, mode, depth+1)
			}
		}
	}
	if err := t.MayModify(parent); err != nil {
		return nil, err
	}
	nd, err := parent.CreateChild(name, func(ops vfs.DirOps) (vfs.Inode, error) {
		uid, gid, _ := t.NewOwner(parent, false)
		return ops.Create(name, mode&0o7777&^t.Umask, uid, gid)
	})
	if err != nil {
		return nil, err
	}
	impl, err := nd.Inode().Open(flags)
	if err != nil {
		return nil, err
	}
	return vfs.NewFile(impl, nd, flags&^unix.O_TRUNC), nil // a new file is not truncated (no IN_MODIFY)
}

// openTmpfile opens a new file with no name in the directory path names
// (O_TMPFILE). Errors: EINVAL (not opened for writing), ENOTDIR, EACCES,
// EOPNOTSUPP (a filesystem without them).
func (t *Task) openTmpfile(w *vfs.Walker, start *vfs.Dentry, path string, flags int, mode uint32) (*vfs.File, error) {
	if acc := flags & unix.O_ACCMODE; acc != unix.O_WRONLY && acc != unix.O_RDWR {
		return nil, unix.EINVAL
	}
	dir, err := w.Resolve(start, path, true)
	if err != nil {
		return nil, err
	}
	if err := t.MayModify(dir); err != nil {
		return nil, err
	}
	tm, ok := dir.Inode().(vfs.TmpfileMaker)
	if !ok {
		if _, ok := dir.Inode().(vfs.DirOps); !ok {
			return nil, unix.EROFS
		}
		return nil, unix.EOPNOTSUPP
	}
	uid, gid, _ := t.NewOwner(dir, false)
	ino, err := tm.Tmpfile(mode&0o7777&^t.Umask, uid, gid, flags&unix.O_EXCL != 0)
	if err != nil {
		return nil, err
	}
	st, err := ino.Stat()
	if err != nil {
		return nil, err
	}
	d := vfs.NewDentry(dir, "#"+strconv.FormatUint(st.Ino, 10), ino)
	flags &^= unix.O_TMPFILE | unix.O_EXCL | unix.O_TRUNC
	impl, err := ino.Open(flags)
	if err != nil {
		return nil, err
	}
	return vfs.NewFile(impl, d, flags), nil
}

// MayModify checks that the task may add or remove names in dir (write and
// search permission). Errors: EACCES, ENOTDIR.
func (t *Task) MayModify(dir *vfs.Dentry) error {
	st, err := dir.Inode().Stat()
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return unix.ENOTDIR
	}
	return t.CheckAccess(&st, 3)
}

// MayDelete checks that the task may remove or rename away victim from
// dir: write and search permission on dir, and in a sticky directory
// (S_ISVTX) ownership of dir or victim, or CAP_FOWNER. Errors: EACCES,
// EPERM (sticky), ENOTDIR.
func (t *Task) MayDelete(dir, victim *vfs.Dentry) error {
	if err := t.MayModify(dir); err != nil {
		return err
	}
	dst, err := dir.Inode().Stat()
	if err != nil {
		return err
	}
	if dst.Mode&unix.S_ISVTX == 0 || t.Creds.HasCap(CapFowner) || dst.UID == t.Creds.EUID {
		return nil
	}
	vst, err := victim.Inode().Stat()
	if err != nil {
		return err
	}
	if vst.UID != t.Creds.EUID {
		return unix.EPERM
	}
	return nil
}

// CapFowner is the capability that passes the owner checks (chmod, utimes,
// the sticky bit).
const CapFowner = 3

// NewOwner returns the owner of a file the task makes in dir, and the
// mode bits it gets besides those asked for: the effective IDs, except
// that a set-group-ID directory gives its group (and, to a new directory,
// its S_ISGID), as Linux's inode_init_owner does.
func (t *Task) NewOwner(dir *vfs.Dentry, isDir bool) (uid, gid, extra uint32) {
	uid, gid = t.Creds.EUID, t.Creds.EGID
	st, err := dir.Inode().Stat()
	if err == nil && st.Mode&unix.S_ISGID != 0 {
		gid = st.GID
		if isDir {
			extra = unix.S_ISGID
		}
	}
	return uid, gid, extra
}

func (t *Task) openDentry(d *vfs.Dentry, flags int) (*vfs.File, error) {
	st, err := d.Inode().Stat()
	if err != nil {
		return nil, err
	}
	if flags&unix.O_PATH != 0 {
		return vfs.NewFile(pathFile{st: st}, d, unix.O_PATH|flags&unix.O_DIRECTORY), nil
	}
	if st.IsSymlink() {
		return nil, unix.ELOOP
	}
	if r, ok := d.Inode().(vfs.Reopener); ok {
		return r.Reopen(flags)
	}
	if flags&unix.O_DIRECTORY != 0 && !st.IsDir() {
		return nil, unix.ENOTDIR
	}
	if st.IsDir() && flags&unix.O_ACCMODE != unix.O_RDONLY {
		return nil, unix.EISDIR
	}
	if err := t.CheckAccess(&st, accessFor(flags)); err != nil {
		return nil, err
	}
	var impl vfs.FileImpl
	if bo, ok := d.Inode().(vfs.BlockingOpener); ok {
		impl, err = bo.OpenBlocking(flags, t)
	} else {
		impl, err = d.Inode().Open(flags)
	}
	if err != nil {
		return nil, err
	}
	if h, ok := impl.(OpenHook); ok {
		if impl, err = h.Opened(t, flags); err != nil {
			return nil, err
		}
	}
	return vfs.NewFile(impl, d, flags), nil
}

func accessFor(flags int) uint32 {
	if flags&unix.O_TRUNC != 0 {
		return accessFor(flags&^unix.O_TRUNC) | 2 // truncating writes, whatever the access mode
	}
	switch flags & unix.O_ACCMODE {
	case unix.O_WRONLY:
		return 2
	case unix.O_RDWR:
		return 6
	}
	return 4
}

// CheckAccess checks mode bits want (4 r, 2 w, 1 x) against st for the
// task's effective credentials. Errors: EACCES.
func (t *Task) CheckAccess(st *vfs.Stat, want uint32) error {
	err := checkAccess(st, want, t.Creds.EUID, t.Creds.EGID, t.Creds.Groups, t.Creds.HasCap(CapDACOverride))
	if err != nil && readSearch(st, want) && t.Creds.HasCap(CapDACReadSearch) {
		return nil
	}
	return err
}

// readSearch reports whether want is what CAP_DAC_READ_SEARCH grants on
// st: reading a file, reading and searching a directory.
func readSearch(st *vfs.Stat, want uint32) bool {
	if st.IsDir() {
		return want&2 == 0
	}
	return want == 4
}

// CheckAccessReal is CheckAccess with the real IDs (access(2)).
func (t *Task) CheckAccessReal(st *vfs.Stat, want uint32) error {
	return checkAccess(st, want, t.Creds.UID, t.Creds.GID, t.Creds.Groups, t.Creds.UID == 0 && t.Creds.CapPermitted&(1<<CapDACOverride) != 0)
}

func checkAccess(st *vfs.Stat, want, uid, gid uint32, groups []uint32, override bool) error {
	if override {
		// Root passes everything but execute on a file with no x bit at all.
		if want&1 != 0 && !st.IsDir() && st.Mode&0o111 == 0 {
			return unix.EACCES
		}
		return nil
	}
	perm := st.Mode & 7
	inGroup := st.GID == gid
	for _, g := range groups {
		inGroup = inGroup || g == st.GID
	}
	switch {
	case st.UID == uid:
		perm = (st.Mode >> 6) & 7
	case inGroup:
		perm = (st.Mode >> 3) & 7
	}
	if perm&want != want {
		return unix.EACCES
	}
	return nil
}

// pathFile is an O_PATH file: it only names a dentry.
type pathFile struct{ st vfs.Stat }

func (p pathFile) Read([]byte, int64) (int, error)      { return 0, unix.EBADF }
func (p pathFile) Write([]byte, int64) (int, error)     { return 0, unix.EBADF }
func (p pathFile) Stat() (vfs.Stat, error)              { return p.st, nil }
func (p pathFile) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.EBADF }
func (p pathFile) Seekable() bool                       { return true }
func (p pathFile) Mappable() (vfs.Mappable, error)      { return nil, unix.EBADF }
func (p pathFile) Release()                             {}
func (p pathFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.EBADF
}

// LookPath finds a command the way execvp does: a name with a slash is used
// as is; otherwise each directory of PATH is tried.
func (t *Task) LookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	for _, e := range env {
		if strings.HasPrefix(e, "PATH=") {
			path = e[5:]
		}
	}
	var firstErr error = unix.ENOENT
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			dir = "."
		}
		p := dir + "/" + name
		d, err := t.Walker().Resolve(t.FS.Cwd, p, true)
		if err != nil {
			continue
		}
		st, err := d.Inode().Stat()
		if err != nil || st.IsDir() {
			continue
		}
		if err := t.CheckAccess(&st, 1); err != nil {
			firstErr = err
			continue
		}
		return p, nil
	}
	return "", firstErr
}

// Exec loads the program at path into a fresh address space of t, as
// execve does, and sets up its registers. Errors: ENOENT, EACCES, ENOEXEC,
// E2BIG, ...
func (t *Task) Exec(path string, argv, envv []string) error {
	return t.exec(path, path, argv, envv, 0)
}

// maxInterpDepth is how many #! interpreters may chain (Linux allows 4 more
// after the first program).
const maxInterpDepth = 4

func (t *Task) exec(path, execfn string, argv, envv []string, depth int) error {
	f, err := t.Open(nil, path, unix.O_RDONLY)
	if err != nil {
		return err
	}
	defer f.DecRef()
	return t.execFile(f, path, execfn, argv, envv, depth)
}

// execFile is exec of the open file f, named path.
func (t *Task) execFile(f *vfs.File, path, execfn string, argv, envv []string, depth int) error {
	st, err := f.Impl.Stat()
	if err != nil {
		return err
	}
	if !st.IsRegular() {
		return unix.EACCES
	}
	if err := t.CheckAccess(&st, 1); err != nil {
		return err
	}
	mappable, err := f.Impl.Mappable()
	if err != nil {
		return unix.EACCES
	}
	if interp, arg, ok, err := shebang(mappable); err != nil {
		return err
	} else if ok {
		if depth >= maxInterpDepth {
			return unix.ELOOP
		}
		nargv := []string{interp}
		if arg != "" {
			nargv = append(nargv, arg)
		}
		nargv = append(nargv, path)
		if len(argv) > 1 {
			nargv = append(nargv, argv[1:]...)
		}
		return t.exec(interp, execfn, nargv, envv, depth+1)
	}
	newMM, err := mm.New(t.K.MF, t.K.Platform)
	if err != nil {
		return err
	}
	var interp *vfs.File
	var vdsoLayout *loader.VDSO
	if t.K.VDSO != nil {
		vdsoLayout = t.K.VDSO.Layout()
	}
	res, err := loader.Load(loader.Args{
		File:     mappable,
		Filename: execfn,
		Argv:     argv,
		Envv:     envv,
		OpenInterp: func(p string) (loader.File, error) {
			fi, err := t.Open(nil, p, unix.O_RDONLY)
			if err != nil {
				return nil, err
			}
			m, err := fi.Impl.Mappable()
			if err != nil {
				fi.DecRef()
				return nil, unix.EACCES
			}
			interp = fi
			return m, nil
		},
		Mem:         newMM.ForLoader(),
		HWCap:       t.K.HWCap,
		HWCap2:      t.K.HWCap2,
		MinSigStkSz: t.K.minSigStkSz(),
		UID:         t.Creds.UID, EUID: t.Creds.EUID, GID: t.Creds.GID, EGID: t.Creds.EGID,
		Random: rand.Reader,
		VDSO:   vdsoLayout,
	})
	if interp != nil {
		if m, merr := interp.Impl.Mappable(); merr == nil && err == nil && interp.Dentry != nil {
			newMM.NameMappings(m, interp.Dentry.Path(t.K.Root))
		}
		interp.DecRef()
	}
	if err != nil {
		newMM.Release()
		return errno.Of(err)
	}
	old, oldView := t.MM, t.view
	t.mu.Lock()
	t.MM, t.view = newMM, newMM.DefaultView()
	t.mu.Unlock()
	if t.ctx != nil {
		t.view.SetInterrupt(t.ctx.Interrupt)
	}
	t.switchUsage(t.view.AddressSpace())
	if old != nil {
		oldView.Release()
		old.DecUsers()
	}
	t.State = arch.NewState(res.Entry, res.SP)
	t.execPath = path
	newMM.SetExecInfo(mm.ExecInfo{ArgStart: res.ArgvStart, ArgEnd: res.ArgvEnd, EnvStart: res.EnvvStart,
		EnvEnd: res.EnvvEnd, Auxv: res.Auxv})
	if f.Dentry != nil {
		newMM.NameMappings(mappable, f.Dentry.Path(t.K.Root))
	}
	t.mu.Lock()
	t.exe = f.Dentry
	t.name = [16]byte{}
	copy(t.name[:], commOf(execfn))
	t.mu.Unlock()
	return nil
}

// minSigStkSz is the worst-case signal frame size the app is told.
func (k *Kernel) minSigStkSz() uint64 {
	if k.MinSigStkSz != 0 {
		return k.MinSigStkSz
	}
	return arch.MinSigStackSize()
}

// Exit marks the task (its whole group, in this version) as exiting with status.
func (t *Task) Exit(status unix.WaitStatus) {
	t.mu.Lock()
	if !t.exiting {
		t.exiting = true
		t.exitStatus = status
	}
	t.mu.Unlock()
	t.kick()
}

// Exiting reports whether the task is on its way out.
func (t *Task) Exiting() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exiting
}

// SetClearChildTID records set_tid_address's pointer.
func (t *Task) SetClearChildTID(a uintptr) { t.mu.Lock(); t.clearChildTID = a; t.mu.Unlock() }

// SetRobustList records set_robust_list's head.
func (t *Task) SetRobustList(a uintptr) { t.mu.Lock(); t.robustList = a; t.mu.Unlock() }

// SigAction returns and optionally replaces the raw sigaction of sig.
// With CLONE_SIGHAND the table is the thread group's: a change reaches
// every thread.
func (t *Task) SigAction(sig int, new *[32]byte) [32]byte {
	t.mu.Lock()
	old := t.sigActions[sig]
	t.mu.Unlock()
	if new == nil {
		return old
	}
	k := t.K
	k.mu.Lock()
	defer k.mu.Unlock()
	targets := []*Task{t}
	if t.leader != nil {
		targets = targets[:0]
		for _, th := range t.leader.threads {
			targets = append(targets, th)
		}
	}
	for _, th := range targets {
		th.mu.Lock()
		th.sigActions[sig] = *new
		th.mu.Unlock()
	}
	return old
}

// SigMask returns the blocked set; SetSigMask replaces it (SIGKILL and
// SIGSTOP can never be blocked).
func (t *Task) SigMask() uint64 { t.mu.Lock(); defer t.mu.Unlock(); return t.sigMask }
func (t *Task) SetSigMask(m uint64) {
	t.mu.Lock()
	t.sigMask = m &^ (1<<(unix.SIGKILL-1) | 1<<(unix.SIGSTOP-1))
	t.mu.Unlock()
}

// AltStack returns and optionally replaces the raw stack_t of sigaltstack.
func (t *Task) AltStack(new *[24]byte) [24]byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.altStack
	if new != nil {
		t.altStack = *new
	}
	return old
}

// Debugf logs at debug level with the task's id.
func (t *Task) Debugf(format string, args ...any) {
	if ce := t.K.Log.Check(zap.DebugLevel, ""); ce != nil {
		t.K.Log.Debug(fmt.Sprintf(format, args...), zap.Int32("tid", t.TID))
	}
}

// shebang parses a "#!" line as Linux's binfmt_script does: the first 256
// bytes; the interpreter is the first word, the rest of the line (trimmed)
// is one optional argument. Errors: ENOEXEC for "#!" with no interpreter.
func shebang(f loader.File) (interp, arg string, ok bool, err error) {
	buf := make([]byte, 256)
	n, _ := f.ReadAt(buf, 0)
	buf = buf[:n]
	if len(buf) < 2 || buf[0] != '#' || buf[1] != '!' {
		return "", "", false, nil
	}
	line := buf[2:]
	if i := strings.IndexByte(string(line), '\n'); i >= 0 {
		line = line[:i]
	} else if len(buf) == 256 {
		// No newline in the first 256 bytes: Linux 5.1+ accepts the line
		// only if the interpreter name ends before the buffer does.
		trimmed := strings.TrimLeft(string(line), " \t")
		if !strings.ContainsAny(trimmed, " \t") {
			return "", "", false, unix.ENOEXEC
		}
	}
	s := strings.Trim(string(line), " \t")
	if s == "" {
		return "", "", false, unix.ENOEXEC
	}
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		interp, arg = s[:i], strings.Trim(s[i:], " \t")
	} else {
		interp = s
	}
	return interp, arg, true, nil
}

// NumProcesses counts live processes.
func (k *Kernel) NumProcesses() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	n := 0
	for _, t := range k.tasks {
		if !t.zombie && t.TGID == t.TID {
			n++
		}
	}
	return n
}
