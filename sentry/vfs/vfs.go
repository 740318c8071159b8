// Package vfs owns the sentry's view of files: dentries, the path walk
// (symlinks, "..", O_NOFOLLOW, trailing slashes), open file descriptions, fd
// tables, file locks (flock, POSIX and OFD record locks: lock.go) and
// directory notification (dnotify, fcntl F_NOTIFY: dnotify.go). Locks
// are only between the sandbox's own processes: from its point of view the
// sandbox is the only user of its files, and no lock reaches the host.
// Filesystems plug in as Inodes; vfs never knows their insides.
//
// It never calls the host: filesystems do (through the gofer or a donated fd).
//
// It raises inotify events (notify.go) where files are opened, read,
// written, closed, created, removed and renamed.
//
// Lock order: FDTable.mu, then File.mu, then Dentry.mu. locks.mu (all file
// lock state) and dnotify.mu (all directory watches) are leaves: taken with
// none of the others held, and nothing (no filesystem, no signal) is called
// while one is held. inotify events are raised with at most File.mu held: a
// Watcher's lock, then notify.mu (a leaf).
package vfs

import (
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Stat is a file's status as stat(2) reports it.
type Stat struct {
	Dev, Ino              uint64
	Mode                  uint32 // type and permission bits
	Nlink                 uint64
	UID, GID              uint32
	Rdev                  uint64
	Size, Blksize, Blocks int64
	Atime, Mtime, Ctime   unix.Timespec
	// Btime is the birth time where the filesystem knows it (statx's
	// STATX_BTIME), else zero.
	Btime unix.Timespec
}

// StatFromHost converts a host struct stat (of a donated or inherited FD).
func StatFromHost(st *unix.Stat_t) Stat {
	return Stat{Dev: st.Dev, Ino: st.Ino, Mode: st.Mode, Nlink: st.Nlink, UID: st.Uid, GID: st.Gid,
		Rdev: st.Rdev, Size: st.Size, Blksize: st.Blksize, Blocks: st.Blocks,
		Atime: st.Atim, Mtime: st.Mtim, Ctime: st.Ctim}
}

// IsDir and friends test the type bits.
func (s *Stat) IsDir() bool     { return s.Mode&unix.S_IFMT == unix.S_IFDIR }
func (s *Stat) IsSymlink() bool { return s.Mode&unix.S_IFMT == unix.S_IFLNK }
func (s *Stat) IsRegular() bool { return s.Mode&unix.S_IFMT == unix.S_IFREG }

// Inode is a file as a filesystem implements it.
type Inode interface {
	// Stat returns the inode's status.
	Stat() (Stat, error)
	// Lookup finds the child name (never "", ".", ".." or containing "/").
	// Errors: ENOENT, ENOTDIR, EACCES.
	Lookup(name string) (Inode, error)
	// Readlink returns a symlink's target. Errors: EINVAL if not a symlink.
	Readlink() (string, error)
	// Open opens the inode. flags are the app's open flags.
	Open(flags int) (FileImpl, error)
}

// Dentry is a name in the tree, with its inode.
type Dentry struct {
	name    string
	parent  *Dentry // nil at the root
	inode   Inode
	mount   bool     // the root of a mount (Mount): never removed or renamed
	statfs  StatFSer // a mount's filesystem status (MountFS), or nil
	mountID uint64   // a mount's root (or the tree's root): its statx stx_mnt_id

	mu       sync.Mutex
	children map[string]*Dentry // a nil entry: the name is known not to exist
	misses   int                // nil entries made, ever (bounded by maxMisses)
}

// NewRoot makes a root dentry for inode.
func NewRoot(inode Inode) *Dentry {
	registerMount(inode)
	return &Dentry{name: "/", inode: inode, mountID: nextMountID.Add(1)}
}

// Name returns the dentry's name in its parent ("/" at the root).
func (d *Dentry) Name() string { return d.name }

// Inode returns the dentry's inode.
func (d *Dentry) Inode() Inode { return d.inode }

// Parent returns the parent, or d itself at the root.
func (d *Dentry) Parent() *Dentry {
	if d.parent == nil {
		return d
	}
	return d.parent
}

// Path returns the dentry's absolute path as seen from root.
func (d *Dentry) Path(root *Dentry) string {
	var parts []string
	for e := d; e != root && e.parent != nil; e = e.parent {
		parts = append(parts, e.name)
	}
	if len(parts) == 0 {
		return "/"
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}

// child returns the dentry for name under d, looking it up if not cached.
// A miss is cached too (a nil entry) where the filesystem says so
// (MissCacher), up to maxMisses per directory: every change of a name goes
// through the dentry (CreateChild, LinkChild, Mount, RenameChild,
// RemoveChild), which replaces or drops the entry.
func (d *Dentry) child(name string) (*Dentry, error) {
	d.mu.Lock()
	c, ok := d.children[name]
	d.mu.Unlock()
	if ok {
		if c == nil {
			return nil, unix.ENOENT
		}
		return c, nil
	}
	ino, err := d.inode.Lookup(name)
	if err != nil {
		if mc, ok := d.inode.(MissCacher); err == unix.ENOENT && ok && mc.CacheMisses() {
			d.mu.Lock()
			if _, ok := d.children[name]; !ok && d.misses < maxMisses {
				if d.children == nil {
					d.children = make(map[string]*Dentry)
				}
				d.children[name] = nil
				d.misses++
			}
			d.mu.Unlock()
		}
		return nil, err
	}
	if _, ok := d.inode.(Volatile); ok {
		return &Dentry{name: name, parent: d, inode: ino}, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.children[name]; ok && c != nil {
		return c, nil
	}
	if d.children == nil {
		d.children = make(map[string]*Dentry)
	}
	c = &Dentry{name: name, parent: d, inode: ino}
	d.children[name] = c
	return c, nil
}

// cachedChild is child from the dentry cache alone: EAGAIN where the name
// is not there (RESOLVE_CACHED), ENOENT for a cached miss.
func (d *Dentry) cachedChild(name string) (*Dentry, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	c, ok := d.children[name]
	switch {
	case !ok:
		return nil, unix.EAGAIN
	case c == nil:
		return nil, unix.ENOENT
	}
	return c, nil
}

// nextMountID numbers mounts (statx's stx_mnt_id), from 1.
var nextMountID atomic.Uint64

// MountID returns the id of the mount d lies in (stx_mnt_id); nil (a file
// with no name: a pipe, an eventfd) is on the internal anonymous mount.
func (d *Dentry) MountID() uint64 {
	if d == nil {
		return anonMountID
	}
	return MountOf(d).mountID
}

// anonMountID is the mount of files with no name, as Linux's pipefs and
// anon_inodefs are mounts of their own.
var anonMountID = nextMountID.Add(1)

// IsMountRoot reports whether d is the root of a mount (STATX_ATTR_MOUNT_ROOT).
func (d *Dentry) IsMountRoot() bool { return d.mount || d.parent == nil }

// MountOf returns the root dentry of the mount d lies in (the dentry made
// by Mount, or the tree's root).
func MountOf(d *Dentry) *Dentry {
	for d.parent != nil && !d.mount {
		d = d.parent
	}
	return d
}

// maxMisses bounds the misses one directory caches.
const maxMisses = 4096

// MissCacher is implemented by directories whose lookups cost a round trip
// and whose names change only through the sandbox while it runs (the
// gofer's): the path walk then remembers which names are not there.
type MissCacher interface {
	CacheMisses() bool
}

// MaxSymlinks is Linux's limit of symlinks followed in one walk.
const MaxSymlinks = 40

// MaxPath is PATH_MAX, counting the terminating NUL.
const MaxPath = 4096

// Walker resolves paths for one task: its root and working directory.
type Walker struct {
	Root, Cwd *Dentry
	// Caller is who walks (the kernel's task), for the links whose meaning
	// depends on it (procfs's /proc/self, /proc/[pid]/fd/N); nil outside a
	// task (boot), where such links do not resolve (ENOENT).
	Caller any
	// NoMagicLinks refuses to follow magic links (ELOOP), as openat2's
	// RESOLVE_NO_MAGICLINKS does.
	NoMagicLinks bool
	// NoSymlinks refuses every symlink on the way, a final one that is
	// followed included (ELOOP): RESOLVE_NO_SYMLINKS.
	NoSymlinks bool
	// NoXdev refuses to cross a mount, either way, by name, "..", an
	// absolute symlink or a magic link (EXDEV): RESOLVE_NO_XDEV.
	NoXdev bool
	// Beneath keeps the walk under Root (set to the starting directory by
	// the caller): an absolute path or symlink, ".." at Root and a magic
	// link are EXDEV: RESOLVE_BENEATH. With Root set to the start and
	// Beneath false, Root is the walk's root: RESOLVE_IN_ROOT (a magic
	// link is EXDEV there too: set Scoped).
	Beneath bool
	// Scoped refuses magic links (EXDEV), as RESOLVE_BENEATH and
	// RESOLVE_IN_ROOT do.
	Scoped bool
	// CachedOnly walks only through names the dentry cache holds; any
	// other is EAGAIN: RESOLVE_CACHED.
	CachedOnly bool
	// Search, when set, checks that the walker may look names up in the
	// directory d (execute permission): EACCES. Nil for a caller that may
	// search everywhere (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), which
	// then pays no stat per component.
	Search func(d *Dentry) error
}

// Resolve walks path from start (the cwd or a directory fd's dentry; ignored
// for absolute paths). followFinal says whether a final symlink is followed.
// A trailing slash requires a directory and follows a final symlink.
// Errors: ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EACCES.
func (w *Walker) Resolve(start *Dentry, path string, followFinal bool) (*Dentry, error) {
	if path == "" {
		return nil, unix.ENOENT
	}
	if len(path) >= MaxPath {
		return nil, unix.ENAMETOOLONG
	}
	links := 0
	return w.walk(start, path, followFinal, &links)
}

func (w *Walker) walk(start *Dentry, path string, followFinal bool, links *int) (*Dentry, error) {
	d := start
	if strings.HasPrefix(path, "/") {
		if w.Beneath {
			return nil, unix.EXDEV
		}
		d = w.Root
	}
	trailingSlash := strings.HasSuffix(path, "/")
	parts := strings.Split(path, "/")
	// Index of the last non-empty component.
	last := -1
	for i, p := range parts {
		if p != "" {
			last = i
		}
	}
	for i, name := range parts {
		if name == "" || name == "." {
			if name == "." {
				if err := mustDir(d); err != nil {
					return nil, err
				}
			}
			continue
		}
		if len(name) > 255 {
			return nil, unix.ENAMETOOLONG
		}
		if err := mustDir(d); err != nil {
			return nil, err
		}
		if w.Search != nil {
			if err := w.Search(d); err != nil {
				return nil, err
			}
		}
		if name == ".." {
			if d == w.Root && w.Beneath {
				return nil, unix.EXDEV
			}
			if d != w.Root {
				if w.NoXdev && d.mount {
					return nil, unix.EXDEV
				}
				d = d.Parent()
			}
			continue
		}
		var c *Dentry
		var err error
		if w.CachedOnly {
			c, err = d.cachedChild(name)
		} else {
			c, err = d.child(name)
		}
		if err != nil {
			return nil, err
		}
		typ, err := fileType(c.inode)
		if err != nil {
			return nil, err
		}
		if w.NoXdev && c.mount {
			return nil, unix.EXDEV
		}
		final := i == last
		if typ == unix.S_IFLNK && (!final || followFinal || trailingSlash) {
			if w.NoSymlinks {
				return nil, unix.ELOOP
			}
			*links++
			if *links > MaxSymlinks {
				return nil, unix.ELOOP
			}
			if c, err = w.follow(d, c, links); err != nil {
				return nil, err
			}
		}
		d = c
	}
	if trailingSlash {
		if err := mustDir(d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// ResolveParent walks all but the last component of path and returns the
// parent and the last name ("" when path names the root or ends in "." / "..").
func (w *Walker) ResolveParent(start *Dentry, path string) (*Dentry, string, error) {
	if path == "" {
		return nil, "", unix.ENOENT
	}
	trimmed := strings.TrimRight(path, "/")
	if trimmed == "" {
		return w.Root, "", nil
	}
	i := strings.LastIndex(trimmed, "/")
	dir, name := ".", trimmed
	if i >= 0 {
		dir, name = trimmed[:i+1], trimmed[i+1:]
	}
	p, err := w.Resolve(start, dir, true)
	if err != nil {
		return nil, "", err
	}
	if name == "." || name == ".." {
		return p, "", nil
	}
	return p, name, nil
}

func mustDir(d *Dentry) error {
	typ, err := fileType(d.inode)
	if err != nil {
		return err
	}
	if typ != unix.S_IFDIR {
		return unix.ENOTDIR
	}
	return nil
}
