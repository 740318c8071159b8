package tty

import (
	"sort"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// Device numbers.
const (
	ttyMajor = 5 // /dev/tty (0), /dev/console (1), /dev/ptmx (2)
	ptsMajor = 136
	// devptsDev is the devpts filesystem's device number.
	devptsDev = 0x25
	// maxPtys bounds the sandbox's pty pairs (Linux's default
	// /proc/sys/kernel/pty/max is 4096).
	maxPtys = 4096
)

// FS is one devpts instance: the sandbox's pty pairs, by index.
type FS struct {
	mu      sync.Mutex
	terms   map[uint32]*Terminal // pairs whose master is open (listed)
	used    map[uint32]bool      // allocated indexes (until both sides closed)
	mount   *vfs.Dentry
	created unix.Timespec
}

// NewFS makes an empty devpts.
func NewFS() *FS {
	return &FS{terms: map[uint32]*Terminal{}, used: map[uint32]bool{},
		created: unix.NsecToTimespec(time.Now().UnixNano())}
}

var defaultFS = NewFS()

// Default returns the sandbox's devpts (the sentry serves one sandbox).
func Default() *FS { return defaultFS }

// Root returns the devpts root directory, to mount over /dev/pts.
func (fs *FS) Root() vfs.Inode { return &rootInode{fs: fs} }

// Mounted records where the root is mounted (TIOCGPTPEER's files name
// their node through it).
func (fs *FS) Mounted(d *vfs.Dentry) {
	fs.mu.Lock()
	fs.mount = d
	fs.mu.Unlock()
}

// dentry returns the dentry of name under the mount, or nil.
func (fs *FS) dentry(name string) *vfs.Dentry {
	fs.mu.Lock()
	m := fs.mount
	fs.mu.Unlock()
	if m == nil {
		return nil
	}
	w := vfs.Walker{Root: m, Cwd: m}
	d, err := w.Resolve(m, name, false)
	if err != nil {
		return nil
	}
	return d
}

// newTerminal allocates the lowest free index for a new pair opened by tk.
// Errors: ENOSPC when maxPtys pairs exist.
func (fs *FS) newTerminal(tk *kernel.Task) (*Terminal, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var i uint32
	for i = 0; fs.used[i]; i++ {
	}
	if i >= maxPtys {
		return nil, unix.ENOSPC
	}
	t := &Terminal{fs: fs, k: tk.K, index: i, uid: tk.Creds.EUID, gid: tk.Creds.EGID,
		created: unix.NsecToTimespec(time.Now().UnixNano()), notify: make(chan struct{}),
		locked: true, masterOpen: true}
	t.ld.tio = defaultTermios()
	fs.used[i] = true
	fs.terms[i] = t
	return t, nil
}

// remove takes index out of the listing, and frees it if free.
func (fs *FS) remove(index uint32, free bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	delete(fs.terms, index)
	if free {
		delete(fs.used, index)
	}
}

func (fs *FS) lookup(index uint32) *Terminal {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.terms[index]
}

// rootInode is /dev/pts.
type rootInode struct{ fs *FS }

var _ vfs.Inode = (*rootInode)(nil)

func (r *rootInode) Stat() (vfs.Stat, error) {
	c := r.fs.created
	return vfs.Stat{Dev: devptsDev, Ino: 1, Mode: unix.S_IFDIR | 0o755, Nlink: 2, Blksize: 4096,
		Atime: c, Mtime: c, Ctime: c}, nil
}

func (r *rootInode) Lookup(name string) (vfs.Inode, error) {
	if name == "ptmx" {
		return &ptmxInode{fs: r.fs}, nil
	}
	i, err := strconv.ParseUint(name, 10, 32)
	if err != nil || strconv.FormatUint(i, 10) != name || r.fs.lookup(uint32(i)) == nil {
		return nil, unix.ENOENT
	}
	return &slotInode{fs: r.fs, index: uint32(i)}, nil
}

func (r *rootInode) Readlink() (string, error) { return "", unix.EINVAL }

func (r *rootInode) Open(flags int) (vfs.FileImpl, error) {
	if flags&unix.O_ACCMODE != unix.O_RDONLY {
		return nil, unix.EISDIR
	}
	return &rootDir{r: r}, nil
}

type rootDir struct{ r *rootInode }

func (d *rootDir) Read([]byte, int64) (int, error)  { return 0, unix.EISDIR }
func (d *rootDir) Write([]byte, int64) (int, error) { return 0, unix.EISDIR }
func (d *rootDir) Stat() (vfs.Stat, error)          { return d.r.Stat() }
func (d *rootDir) Seekable() bool                   { return true }
func (d *rootDir) Mappable() (vfs.Mappable, error)  { return nil, unix.ENODEV }
func (d *rootDir) Release()                         {}
func (d *rootDir) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// Getdents lists ".", "..", "ptmx" and the live replicas in index order.
func (d *rootDir) Getdents(cookie int64) ([]vfs.Dirent, error) {
	ents := []vfs.Dirent{{Ino: 1, Type: unix.DT_DIR, Name: "."}, {Ino: 1, Type: unix.DT_DIR, Name: ".."},
		{Ino: 2, Type: unix.DT_CHR, Name: "ptmx"}}
	fs := d.r.fs
	fs.mu.Lock()
	var idx []int
	for i := range fs.terms {
		idx = append(idx, int(i))
	}
	fs.mu.Unlock()
	sort.Ints(idx)
	for _, i := range idx {
		ents = append(ents, vfs.Dirent{Ino: uint64(i) + 3, Type: unix.DT_CHR, Name: strconv.Itoa(i)})
	}
	for i := range ents {
		ents[i].Off = int64(i + 1)
	}
	if cookie < 0 || cookie >= int64(len(ents)) {
		return nil, nil
	}
	return ents[cookie:], nil
}

// slotInode is /dev/pts/N: whichever pair holds index N now (a cached
// dentry outlives its pair; its stat is ENOENT once the pair is gone).
type slotInode struct {
	fs    *FS
	index uint32
}

func (s *slotInode) Stat() (vfs.Stat, error) {
	t := s.fs.lookup(s.index)
	if t == nil {
		return vfs.Stat{}, unix.ENOENT
	}
	return t.nodeStat(), nil
}
func (s *slotInode) Lookup(string) (vfs.Inode, error) { return nil, unix.ENOTDIR }
func (s *slotInode) Readlink() (string, error)        { return "", unix.EINVAL }

// Open opens the replica. Errors: ENOENT (gone), EIO (locked).
func (s *slotInode) Open(flags int) (vfs.FileImpl, error) {
	t := s.fs.lookup(s.index)
	if t == nil {
		return nil, unix.ENOENT
	}
	return t.openReplica(nil, true)
}

// ptmxInode is /dev/pts/ptmx (mode 0000, as devpts's default ptmxmode).
type ptmxInode struct{ fs *FS }

func (p *ptmxInode) stat() vfs.Stat {
	c := p.fs.created
	return vfs.Stat{Dev: devptsDev, Ino: 2, Mode: unix.S_IFCHR, Nlink: 1, Rdev: unix.Mkdev(ttyMajor, 2),
		Blksize: 1024, Atime: c, Mtime: c, Ctime: c}
}
func (p *ptmxInode) Stat() (vfs.Stat, error)          { return p.stat(), nil }
func (p *ptmxInode) Lookup(string) (vfs.Inode, error) { return nil, unix.ENOTDIR }
func (p *ptmxInode) Readlink() (string, error)        { return "", unix.EINVAL }
func (p *ptmxInode) Open(flags int) (vfs.FileImpl, error) {
	return &opener{fs: p.fs, minor: 2, st: p.stat()}, nil
}

// Open serves the terminal device 5:minor of a node with status st:
// /dev/tty (0) and /dev/ptmx (2). The file it returns becomes the real one
// when the kernel calls Opened with the opener. Errors: ENXIO for others
// (/dev/console: the app's console is its inherited stdio).
func Open(minor uint32, st vfs.Stat) (vfs.FileImpl, error) {
	switch minor {
	case 0, 2:
		return &opener{fs: Default(), minor: minor, st: st}, nil
	}
	return nil, unix.ENXIO
}

// opener stands for /dev/tty or /dev/ptmx until the kernel names the opener.
type opener struct {
	fs    *FS
	minor uint32
	st    vfs.Stat
}

var _ kernel.OpenHook = (*opener)(nil)

// Opened implements kernel.OpenHook: /dev/ptmx makes a new pair (its
// replica locked until TIOCSPTLCK); /dev/tty opens the caller's controlling
// terminal. Errors: ENXIO (no controlling terminal), EIO (hung up), ENOSPC.
func (o *opener) Opened(tk *kernel.Task, flags int) (vfs.FileImpl, error) {
	if o.minor == 2 {
		t, err := o.fs.newTerminal(tk)
		if err != nil {
			return nil, err
		}
		return &masterFile{t: t, st: o.st}, nil
	}
	t, _ := tk.ControllingTerminal().(*Terminal)
	if t == nil {
		return nil, unix.ENXIO
	}
	st := o.st
	r, err := t.openReplica(&st, false)
	if err != nil {
		return nil, err
	}
	return r.Opened(tk, flags)
}

// The opener is never used as a file: Opened replaces it.
func (o *opener) Read([]byte, int64) (int, error)      { return 0, unix.EIO }
func (o *opener) Write([]byte, int64) (int, error)     { return 0, unix.EIO }
func (o *opener) Stat() (vfs.Stat, error)              { return o.st, nil }
func (o *opener) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (o *opener) Seekable() bool                       { return false }
func (o *opener) Mappable() (vfs.Mappable, error)      { return nil, unix.ENODEV }
func (o *opener) Release()                             {}
func (o *opener) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// StatFS implements vfs.StatFSer (DEVPTS_SUPER_MAGIC) for the whole devpts
// mount: the walk up from a pty's node asks its mount's root.
func (r *rootInode) StatFS() (vfs.StatFS, error) {
	return vfs.FixedStatFS(vfs.DevptsMagic).StatFS()
}
