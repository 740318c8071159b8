// Package overlay is the sandbox's copy-on-write root: a read-only lower
// tree (the gofer's root) under a writable upper one (a tmpfs in the
// sentry), as Linux's overlayfs behaves for a user. Lookups prefer the
// upper; directories merge (a listing is the union, upper first, minus
// whiteouts); the first change of a lower file (open for writing, O_TRUNC,
// truncate, chmod, chown, utimensat, link, rename) copies it up with its
// data, mode, owner and times, making its parent chain in the upper first;
// unlink and rmdir of a lower name leave a whiteout; a directory made over a
// whiteout is opaque (the lower one no longer shows through). Renaming a
// directory that has a lower part gives EXDEV, as overlayfs without
// redirect_dir does (mv then copies).
//
// Measured natively (Linux 6.18, overlayfs on ext4, `mount -t overlay` in
// a private mount namespace): rename(2) of a lower or merged directory
// says EXDEV and mv(1) then copies; an O_RDONLY descriptor opened before a
// copy-up made through another one reads the new data; a merged
// directory's st_nlink is 1; st_dev is the overlay's for every file. husk
// does the same.
//
// Whiteouts and opaque marks are the overlay's own bookkeeping (Linux
// keeps them as 0/0 character devices and xattrs in the upper): the upper
// is seen by nobody else, so a map keyed by the upper directory is enough.
//
// Numbers: an object with a lower part keeps the lower's st_dev/st_ino,
// through its copy-up too (Linux's "origin"); an object made in the sandbox
// shows the lower root's device and the upper's inode number with bit 62
// set (Linux's xino puts a layer index in the high bits). A merged
// directory's st_nlink is 1, as Linux reports it (its subdirectory count
// is unknown). Hard links between lower names break at copy-up (Linux
// without index=on does the same).
//
// An open file follows its copy-up: a file opened for reading before
// another descriptor copied it up reads the upper's data from then on
// (Linux's stacked file operations, since 4.19, do the same). A mapping
// made before the copy-up keeps the lower's pages (Linux's documented
// caveat for MAP_SHARED).
//
// Data copied up lives in the upper tmpfs, that is in sentry memory,
// bounded by tmpfs.MaxTotal (ENOSPC beyond), and is gone with the sandbox.
//
// It never calls the host itself: the lower does (through the gofer).
//
// Lock order: FS.opMu (one copy-up or name change at a time, held across
// calls into the lower and the upper), then the layers' own locks; FS.mu
// (whiteouts, origins) and Inode.missMu are leaves. An Inode's upper is
// an atomic pointer, set once.
package overlay

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/tmpfs"
	"husk/sentry/vfs"
)

// UpperInoBit marks the inode numbers of objects that exist only in the
// upper.
const UpperInoBit = 1 << 62

// maxWhiteouts bounds the whiteouts of one sandbox (ENOSPC beyond).
const maxWhiteouts = 1 << 20

// maxLowerMisses bounds the lower names one directory remembers missing.
const maxLowerMisses = 4096

// FS is one overlay.
type FS struct {
	rootDev uint64
	statfs  vfs.StatFSer // the lower root's filesystem where it knows its status, else the upper tmpfs

	opMu sync.Mutex

	mu        sync.Mutex
	meta      map[vfs.Inode]*dirMeta // upper directory -> its whiteouts, opacity
	origin    map[vfs.Inode][2]uint64
	whiteouts int
}

// dirMeta is what overlayfs keeps as xattrs and 0/0 devices in an upper
// directory.
type dirMeta struct {
	whiteouts map[string]bool
	opaque    bool
	// entries: a name was made or removed in it; attrs: its mode, owner
	// or times were set (mergedStat).
	entries, attrs bool
}

// Inode is one name of the overlay (the vfs caches it in its dentry; a
// rename or removal makes the vfs look the name up again).
type Inode struct {
	fs     *FS
	parent *Inode // nil at the root
	name   string
	typ    uint32
	lower  vfs.Inode // nil where there is none (or it is hidden)

	upper atomic.Pointer[vfs.Inode] // set once (at copy-up or creation)

	// Directories: names the lower said are missing (it never changes),
	// and the children looked up (so that the overlay's own lookups, in
	// link, rename and removal, meet the inode the vfs caches, whose copy-up
	// state is the name's).
	missMu sync.Mutex
	misses map[string]bool
	kids   map[string]*Inode
}

var (
	_ vfs.Inode      = (*Inode)(nil)
	_ vfs.DirOps     = (*Inode)(nil)
	_ vfs.Truncater  = (*Inode)(nil)
	_ vfs.AttrSetter = (*Inode)(nil)
	_ vfs.Linker     = (*Inode)(nil)
	_ vfs.TypeKnower = (*Inode)(nil)
	_ vfs.MissCacher = (*Inode)(nil)
	_ vfs.StatFSer   = (*Inode)(nil)
)

// OverlayfsMagic is overlayfs's f_type (OVERLAYFS_SUPER_MAGIC).
const OverlayfsMagic = 0x794c7630

// StatFS implements vfs.StatFSer: overlayfs's type with the numbers of the
// lower root's filesystem (the host disk the root came from), as `df /`
// shows in a container whose overlay upper lies on that disk; where the
// lower does not know its status, the upper tmpfs's.
func (i *Inode) StatFS() (vfs.StatFS, error) {
	st, err := i.fs.statfs.StatFS()
	st.Type = OverlayfsMagic
	return st, err
}

// New makes an overlay of lower (a directory, read-only) under a fresh
// tmpfs and returns its root.
func New(lower vfs.Inode) (*Inode, error) {
	st, err := lower.Stat()
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, unix.ENOTDIR
	}
	up := tmpfs.New(st.Dev, st.Mode&0o7777, st.UID, st.GID)
	up.SetTimes(&st.Atime, &st.Mtime)
	var sf vfs.StatFSer = up
	if l, ok := lower.(vfs.StatFSer); ok {
		sf = l
	}
	fs := &FS{rootDev: st.Dev, statfs: sf, meta: map[vfs.Inode]*dirMeta{}, origin: map[vfs.Inode][2]uint64{}}
	fs.origin[up] = [2]uint64{st.Dev, st.Ino}
	return newInode(fs, nil, "", unix.S_IFDIR, lower, up), nil
}

// Upper returns the inode's upper part, nil until it is copied up.
func (i *Inode) Upper() vfs.Inode {
	if p := i.upper.Load(); p != nil {
		return *p
	}
	return nil
}

func newInode(fs *FS, parent *Inode, name string, typ uint32, lower, upper vfs.Inode) *Inode {
	n := &Inode{fs: fs, parent: parent, name: name, typ: typ, lower: lower}
	if upper != nil {
		n.upper.Store(&upper)
	}
	return n
}

// FileType implements vfs.TypeKnower.
func (i *Inode) FileType() uint32 { return i.typ }

// CacheMisses implements vfs.MissCacher: every change of a name goes
// through the overlay, and the lower does not change.
func (i *Inode) CacheMisses() bool { return true }

// Stat implements vfs.Inode.
func (i *Inode) Stat() (vfs.Stat, error) {
	up := i.Upper()
	if up == nil {
		return i.lower.Stat()
	}
	st, err := up.Stat()
	if err != nil {
		return st, err
	}
	i.fs.number(up, &st)
	if i.typ == unix.S_IFDIR && i.lower != nil {
		return i.mergedStat(up, st)
	}
	return st, nil
}

// mergedStat is the status of a directory with both parts (up's status
// is st): the lower's until the sandbox changes it. Its attributes, once
// set, are the upper's; once a name in it was made or removed, its times
// are the upper's and st_nlink is 1, as Linux reports a merged directory
// (its subdirectory count is unknown). A directory the overlay copied up
// only to hold a child's copy stays the lower's to a reader (ls -la /).
func (i *Inode) mergedStat(up vfs.Inode, st vfs.Stat) (vfs.Stat, error) {
	fs := i.fs
	fs.mu.Lock()
	var entries, attrs bool
	if m := fs.meta[up]; m != nil {
		entries, attrs = m.entries, m.attrs
	}
	fs.mu.Unlock()
	if entries && attrs {
		st.Nlink = 1
		return st, nil
	}
	lst, err := i.lower.Stat()
	if err != nil {
		return st, err
	}
	if attrs {
		lst.Mode, lst.UID, lst.GID = st.Mode, st.UID, st.GID
		lst.Atime, lst.Mtime, lst.Ctime = st.Atime, st.Mtime, st.Ctime
	}
	if entries {
		lst.Nlink = 1
		lst.Mtime, lst.Ctime = st.Mtime, st.Ctime
	}
	return lst, nil
}

// changed marks the upper directory up: its names (entries) or its
// attributes changed.
func (fs *FS) changed(up vfs.Inode, entries, attrs bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	m := fs.meta[up]
	if m == nil {
		m = &dirMeta{}
		fs.meta[up] = m
	}
	m.entries = m.entries || entries
	m.attrs = m.attrs || attrs
}

// number gives st (of the upper inode up) the overlay's numbers.
func (fs *FS) number(up vfs.Inode, st *vfs.Stat) {
	fs.mu.Lock()
	o, ok := fs.origin[up]
	fs.mu.Unlock()
	if ok {
		st.Dev, st.Ino = o[0], o[1]
		return
	}
	st.Dev, st.Ino = fs.rootDev, st.Ino|UpperInoBit
}

func (fs *FS) metaOf(up vfs.Inode) *dirMeta {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.meta[up]
}

// whiteout reports whether name is whited out in the upper directory up,
// and whether up is opaque.
func (fs *FS) whiteout(up vfs.Inode, name string) (wh, opaque bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	m := fs.meta[up]
	if m == nil {
		return false, false
	}
	return m.whiteouts[name], m.opaque
}

// setWhiteout adds (on) or drops a whiteout of name in up.
func (fs *FS) setWhiteout(up vfs.Inode, name string, on bool) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	m := fs.meta[up]
	if !on {
		if m != nil && m.whiteouts[name] {
			delete(m.whiteouts, name)
			fs.whiteouts--
		}
		return nil
	}
	if m == nil {
		m = &dirMeta{}
		fs.meta[up] = m
	}
	if m.whiteouts == nil {
		m.whiteouts = map[string]bool{}
	}
	if !m.whiteouts[name] {
		if fs.whiteouts >= maxWhiteouts {
			return unix.ENOSPC
		}
		m.whiteouts[name] = true
		fs.whiteouts++
	}
	return nil
}

func (fs *FS) setOpaque(up vfs.Inode) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	m := fs.meta[up]
	if m == nil {
		m = &dirMeta{}
		fs.meta[up] = m
	}
	m.opaque = true
}

// forget drops what the overlay kept about a removed upper inode.
func (fs *FS) forget(up vfs.Inode) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if m := fs.meta[up]; m != nil {
		fs.whiteouts -= len(m.whiteouts)
		delete(fs.meta, up)
	}
	delete(fs.origin, up)
}

// Lookup implements vfs.Inode: the upper's name, else (unless whited out
// or below an opaque directory) the lower's.
func (i *Inode) Lookup(name string) (vfs.Inode, error) {
	if i.typ != unix.S_IFDIR {
		return nil, unix.ENOTDIR
	}
	i.missMu.Lock()
	k := i.kids[name]
	i.missMu.Unlock()
	if k != nil {
		return k, nil
	}
	c, err := i.lookup(name)
	if err != nil {
		return nil, err
	}
	return i.keep(name, c), nil
}

// keep remembers c as the child name (or returns the one already kept).
func (i *Inode) keep(name string, c *Inode) *Inode {
	i.missMu.Lock()
	defer i.missMu.Unlock()
	if k := i.kids[name]; k != nil {
		return k
	}
	if i.kids == nil {
		i.kids = map[string]*Inode{}
	}
	i.kids[name] = c
	return c
}

// drop forgets the children of names (removed, renamed or replaced).
func (i *Inode) drop(names ...string) {
	i.missMu.Lock()
	defer i.missMu.Unlock()
	for _, n := range names {
		delete(i.kids, n)
	}
}

func (i *Inode) lookup(name string) (*Inode, error) {
	up := i.Upper()
	if up != nil {
		c, err := up.Lookup(name)
		if err == nil {
			return i.child(name, c)
		}
		if err != unix.ENOENT {
			return nil, err
		}
		if wh, opaque := i.fs.whiteout(up, name); wh || opaque {
			return nil, unix.ENOENT
		}
	}
	lc, err := i.lowerLookup(name)
	if err != nil {
		return nil, err
	}
	typ, err := typeOf(lc)
	if err != nil {
		return nil, err
	}
	return &Inode{fs: i.fs, parent: i, name: name, typ: typ, lower: lc}, nil
}

// child makes the inode for name whose upper is c: a directory merges with
// the lower one unless it is opaque.
func (i *Inode) child(name string, c vfs.Inode) (*Inode, error) {
	typ, err := typeOf(c)
	if err != nil {
		return nil, err
	}
	n := newInode(i.fs, i, name, typ, nil, c)
	if typ == unix.S_IFDIR && i.lower != nil {
		if m := i.fs.metaOf(c); m == nil || !m.opaque {
			if lc, err := i.lowerLookup(name); err == nil {
				if lt, err := typeOf(lc); err == nil && lt == unix.S_IFDIR {
					n.lower = lc
				}
			}
		}
	}
	return n, nil
}

// lowerLookup looks name up in the lower directory, remembering misses.
func (i *Inode) lowerLookup(name string) (vfs.Inode, error) {
	if i.lower == nil {
		return nil, unix.ENOENT
	}
	i.missMu.Lock()
	miss := i.misses[name]
	i.missMu.Unlock()
	if miss {
		return nil, unix.ENOENT
	}
	c, err := i.lower.Lookup(name)
	if err == unix.ENOENT {
		i.missMu.Lock()
		if i.misses == nil {
			i.misses = map[string]bool{}
		}
		if len(i.misses) < maxLowerMisses {
			i.misses[name] = true
		}
		i.missMu.Unlock()
	}
	return c, err
}

// lowerHas reports whether the lower shows name under i (not hidden by
// a whiteout or opacity of i's upper).
func (i *Inode) lowerHas(name string) (vfs.Inode, bool) {
	if i.lower == nil {
		return nil, false
	}
	if up := i.Upper(); up != nil {
		if wh, opaque := i.fs.whiteout(up, name); wh || opaque {
			return nil, false
		}
	}
	c, err := i.lowerLookup(name)
	return c, err == nil
}

func typeOf(ino vfs.Inode) (uint32, error) {
	if tk, ok := ino.(vfs.TypeKnower); ok {
		return tk.FileType(), nil
	}
	st, err := ino.Stat()
	return st.Mode & unix.S_IFMT, err
}

// Readlink implements vfs.Inode.
func (i *Inode) Readlink() (string, error) {
	if up := i.Upper(); up != nil {
		return up.Readlink()
	}
	return i.lower.Readlink()
}

// Open implements vfs.Inode. A regular file opened for writing or with
// O_TRUNC is copied up first; devices, fifos and sockets never are.
func (i *Inode) Open(flags int) (vfs.FileImpl, error) {
	switch i.typ {
	case unix.S_IFDIR:
		if flags&unix.O_ACCMODE != unix.O_RDONLY {
			return nil, unix.EISDIR
		}
		return &dirFile{i: i}, nil
	case unix.S_IFREG:
		if flags&unix.O_ACCMODE != unix.O_RDONLY || flags&unix.O_TRUNC != 0 {
			if err := i.copyUp(); err != nil {
				return nil, err
			}
		}
		f := &regFile{i: i, flags: flags &^ (unix.O_CREAT | unix.O_EXCL | unix.O_TRUNC)}
		real := i.lower
		if up := i.Upper(); up != nil {
			real, f.upper = up, true
		}
		impl, err := real.Open(flags)
		if err != nil {
			return nil, err
		}
		f.real = impl
		return f, nil
	}
	if up := i.Upper(); up != nil {
		return up.Open(flags)
	}
	return i.lower.Open(flags)
}

// upperDir returns the directory's upper part, copying it up if needed.
// FS.opMu is held.
func (i *Inode) upperDir() (vfs.DirOps, vfs.Inode, error) {
	if err := i.copyUpLocked(); err != nil {
		return nil, nil, err
	}
	up := i.Upper()
	ops, ok := up.(vfs.DirOps)
	if !ok {
		return nil, nil, unix.EROFS
	}
	return ops, up, nil
}

// made finishes the creation of name in i (whose upper is up): a whiteout
// it replaced goes, and a directory made over one is opaque.
func (i *Inode) made(up vfs.Inode, name string, c vfs.Inode, wasWhiteout bool) (vfs.Inode, error) {
	i.fs.setWhiteout(up, name, false)
	i.fs.changed(up, true, false)
	typ, _ := typeOf(c)
	if typ == unix.S_IFDIR && wasWhiteout {
		i.fs.setOpaque(c)
	}
	i.drop(name)
	return i.keep(name, newInode(i.fs, i, name, typ, nil, c)), nil
}

// create runs mk on the upper directory for a name the union lacks.
func (i *Inode) create(name string, mk func(vfs.DirOps) (vfs.Inode, error)) (vfs.Inode, error) {
	i.fs.opMu.Lock()
	defer i.fs.opMu.Unlock()
	ops, up, err := i.upperDir()
	if err != nil {
		return nil, err
	}
	wh, opaque := i.fs.whiteout(up, name)
	if !wh && !opaque {
		if _, ok := i.lowerHas(name); ok {
			return nil, unix.EEXIST
		}
	}
	c, err := mk(ops)
	if err != nil {
		return nil, err
	}
	return i.made(up, name, c, wh)
}

// Create implements vfs.DirOps.
func (i *Inode) Create(name string, mode, uid, gid uint32) (vfs.Inode, error) {
	return i.create(name, func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Create(name, mode, uid, gid) })
}

// Mkdir implements vfs.DirOps.
func (i *Inode) Mkdir(name string, mode, uid, gid uint32) (vfs.Inode, error) {
	return i.create(name, func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Mkdir(name, mode, uid, gid) })
}

// Symlink implements vfs.DirOps.
func (i *Inode) Symlink(name, target string, uid, gid uint32) (vfs.Inode, error) {
	return i.create(name, func(ops vfs.DirOps) (vfs.Inode, error) { return ops.Symlink(name, target, uid, gid) })
}

// Unlink implements vfs.DirOps.
func (i *Inode) Unlink(name string) error { return i.remove(name, false) }

// Rmdir implements vfs.DirOps.
func (i *Inode) Rmdir(name string) error { return i.remove(name, true) }

// remove unlinks or rmdirs name: the upper's name goes, and a lower one is
// whited out.
func (i *Inode) remove(name string, dir bool) error {
	i.fs.opMu.Lock()
	defer i.fs.opMu.Unlock()
	if i.typ != unix.S_IFDIR {
		return unix.ENOTDIR
	}
	c, err := i.Lookup(name)
	if err != nil {
		return err
	}
	ci := c.(*Inode)
	switch {
	case dir && ci.typ != unix.S_IFDIR:
		return unix.ENOTDIR
	case !dir && ci.typ == unix.S_IFDIR:
		return unix.EISDIR
	}
	if dir {
		if err := ci.emptyLower(); err != nil {
			return err
		}
	}
	ops, up, err := i.upperDir()
	if err != nil {
		return err
	}
	_, inLower := i.lowerHas(name)
	defer i.drop(name)
	i.fs.changed(up, true, false)
	if cu := ci.Upper(); cu != nil {
		if dir {
			err = ops.Rmdir(name)
		} else {
			err = ops.Unlink(name)
		}
		if err != nil {
			return err
		}
		if dir {
			i.fs.forget(cu)
		}
	}
	if inLower {
		return i.fs.setWhiteout(up, name, true)
	}
	return nil
}

// emptyLower says ENOTEMPTY when the directory's lower part shows a name
// its upper has not whited out (the upper's own names are its own
// business: its rmdir says ENOTEMPTY).
func (i *Inode) emptyLower() error {
	if i.lower == nil {
		return nil
	}
	names, err := listDir(i.lower)
	if err != nil {
		return err
	}
	up := i.Upper()
	for _, e := range names {
		if up != nil {
			if wh, _ := i.fs.whiteout(up, e.Name); wh {
				continue
			}
		}
		return unix.ENOTEMPTY
	}
	return nil
}

// Rename implements vfs.DirOps.
func (i *Inode) Rename(name string, newDir vfs.Inode, newName string) error {
	return i.RenameFlags(name, newDir, newName, 0)
}

// RenameFlags implements vfs.RenameFlags: RENAME_NOREPLACE; other flags
// EINVAL (the upper tmpfs has no RENAME_EXCHANGE). A file is copied up,
// then renamed in the upper, and its old lower name whited out; a
// directory with a lower part gives EXDEV (overlayfs without
// redirect_dir), so mv(1) copies it.
func (i *Inode) RenameFlags(name string, newDir vfs.Inode, newName string, flags uint32) error {
	nd, ok := newDir.(*Inode)
	if !ok || nd.fs != i.fs {
		return unix.EXDEV
	}
	if flags&^unix.RENAME_NOREPLACE != 0 {
		return unix.EINVAL
	}
	fs := i.fs
	fs.opMu.Lock()
	defer fs.opMu.Unlock()
	c, err := i.Lookup(name)
	if err != nil {
		return err
	}
	src := c.(*Inode)
	if src.typ == unix.S_IFDIR && src.lower != nil {
		return unix.EXDEV
	}
	if nd == i && newName == name {
		return nil
	}
	var dst *Inode
	if d, err := nd.Lookup(newName); err == nil {
		dst = d.(*Inode)
		if flags&unix.RENAME_NOREPLACE != 0 {
			return unix.EEXIST
		}
		switch {
		case src.typ == unix.S_IFDIR && dst.typ != unix.S_IFDIR:
			return unix.ENOTDIR
		case src.typ != unix.S_IFDIR && dst.typ == unix.S_IFDIR:
			return unix.EISDIR
		}
		if dst.typ == unix.S_IFDIR {
			if err := dst.emptyLower(); err != nil {
				return err
			}
		}
	} else if err != unix.ENOENT {
		return err
	}
	if err := src.copyUpLocked(); err != nil {
		return err
	}
	ops, up, err := i.upperDir()
	if err != nil {
		return err
	}
	_, nup, err := nd.upperDir()
	if err != nil {
		return err
	}
	_, srcInLower := i.lowerHas(name)
	_, dstInLower := nd.lowerHas(newName)
	var replaced vfs.Inode
	if dst != nil {
		replaced = dst.Upper()
	}
	if err := ops.Rename(name, nup, newName); err != nil {
		return err
	}
	i.drop(name)
	nd.drop(newName)
	fs.changed(up, true, false)
	fs.changed(nup, true, false)
	if replaced != nil && dst.typ == unix.S_IFDIR {
		fs.forget(replaced)
	}
	fs.setWhiteout(nup, newName, false)
	if src.typ == unix.S_IFDIR && dstInLower {
		fs.setOpaque(src.Upper())
	}
	if srcInLower {
		return fs.setWhiteout(up, name, true)
	}
	return nil
}

// Link implements vfs.Linker: the target is copied up and linked in the
// upper (whose links count from then on; lower links break at copy-up).
func (i *Inode) Link(oldDir vfs.Inode, name, newName string) (vfs.Inode, error) {
	od, ok := oldDir.(*Inode)
	if !ok || od.fs != i.fs {
		return nil, unix.EXDEV
	}
	fs := i.fs
	fs.opMu.Lock()
	defer fs.opMu.Unlock()
	c, err := od.Lookup(name)
	if err != nil {
		return nil, err
	}
	src := c.(*Inode)
	if src.typ == unix.S_IFDIR {
		return nil, unix.EPERM
	}
	if err := src.copyUpLocked(); err != nil {
		return nil, err
	}
	_, oup, err := od.upperDir()
	if err != nil {
		return nil, err
	}
	_, up, err := i.upperDir()
	if err != nil {
		return nil, err
	}
	wh, opaque := fs.whiteout(up, newName)
	if !wh && !opaque {
		if _, ok := i.lowerHas(newName); ok {
			return nil, unix.EEXIST
		}
	}
	var nc vfs.Inode
	if il, ok := up.(inodeLinker); ok {
		nc, err = il.LinkInode(src.Upper(), newName)
	} else if l, ok := up.(vfs.Linker); ok {
		nc, err = l.Link(oup, name, newName)
	} else {
		return nil, unix.EPERM
	}
	if err != nil {
		return nil, err
	}
	return i.made(up, newName, nc, wh)
}

// inodeLinker is an upper directory that links an inode itself (a tmpfs
// with O_TMPFILE support links that way).
type inodeLinker interface {
	LinkInode(target vfs.Inode, newName string) (vfs.Inode, error)
}

// Truncate implements vfs.Truncater (truncate(2)): copy-up, then the
// upper's.
func (i *Inode) Truncate(size int64) error {
	switch i.typ {
	case unix.S_IFREG:
	case unix.S_IFDIR:
		return unix.EISDIR
	default:
		return unix.EINVAL
	}
	if err := i.copyUp(); err != nil {
		return err
	}
	tr, ok := i.Upper().(vfs.Truncater)
	if !ok {
		return unix.EROFS
	}
	return tr.Truncate(size)
}

// SetMode implements vfs.AttrSetter.
func (i *Inode) SetMode(mode uint32) error {
	as, err := i.attrs()
	if err != nil {
		return err
	}
	return as.SetMode(mode)
}

// SetTimes implements vfs.AttrSetter.
func (i *Inode) SetTimes(atime, mtime *unix.Timespec) error {
	as, err := i.attrs()
	if err != nil {
		return err
	}
	return as.SetTimes(atime, mtime)
}

// SetOwner implements vfs.OwnerSetter.
func (i *Inode) SetOwner(uid, gid uint32) error {
	if err := i.copyUp(); err != nil {
		return err
	}
	if i.typ == unix.S_IFDIR {
		i.fs.changed(i.Upper(), false, true)
	}
	os, ok := i.Upper().(vfs.OwnerSetter)
	if !ok {
		return unix.EROFS
	}
	return os.SetOwner(uid, gid)
}

func (i *Inode) attrs() (vfs.AttrSetter, error) {
	if err := i.copyUp(); err != nil {
		return nil, err
	}
	if i.typ == unix.S_IFDIR {
		i.fs.changed(i.Upper(), false, true)
	}
	as, ok := i.Upper().(vfs.AttrSetter)
	if !ok {
		return nil, unix.EROFS
	}
	return as, nil
}
