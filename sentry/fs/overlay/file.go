package overlay

import (
	"sync"

	"golang.org/x/sys/unix"

	"husk/sentry/vfs"
)

// regFile is an open regular file of the overlay: the lower's or the
// upper's open file. One opened on the lower switches to the upper at its
// next use once the inode is copied up (through another descriptor).
type regFile struct {
	i     *Inode
	flags int

	mu    sync.Mutex
	real  vfs.FileImpl
	upper bool
	old   []vfs.FileImpl // the lower's, released with the file (a use may be in flight)
}

var (
	_ vfs.FileImpl  = (*regFile)(nil)
	_ vfs.Truncater = (*regFile)(nil)
	_ vfs.Syncer    = (*regFile)(nil)
)

// cur returns the file to use now.
func (f *regFile) cur() vfs.FileImpl {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.upper {
		if up := f.i.Upper(); up != nil {
			if nf, err := up.Open(f.flags); err == nil {
				f.old = append(f.old, f.real)
				f.real, f.upper = nf, true
			}
		}
	}
	return f.real
}

func (f *regFile) Read(p []byte, off int64) (int, error)  { return f.cur().Read(p, off) }
func (f *regFile) Write(p []byte, off int64) (int, error) { return f.cur().Write(p, off) }
func (f *regFile) Stat() (vfs.Stat, error)                { f.cur(); return f.i.Stat() }
func (f *regFile) Getdents(int64) ([]vfs.Dirent, error)   { return nil, unix.ENOTDIR }
func (f *regFile) Seekable() bool                         { return true }
func (f *regFile) Mappable() (vfs.Mappable, error)        { return f.cur().Mappable() }
func (f *regFile) Ioctl(t vfs.IoctlTarget, req uint, arg uintptr) (uintptr, error) {
	return f.cur().Ioctl(t, req, arg)
}

// Truncate implements vfs.Truncater (ftruncate: the file is open for
// writing, so it is the upper's).
func (f *regFile) Truncate(size int64) error {
	tr, ok := f.cur().(vfs.Truncater)
	if !ok {
		return unix.EINVAL
	}
	return tr.Truncate(size)
}

// Sync implements vfs.Syncer: the upper is memory; the lower's file syncs
// as it does.
func (f *regFile) Sync(dataOnly bool) error {
	if s, ok := f.cur().(vfs.Syncer); ok {
		return s.Sync(dataOnly)
	}
	return nil
}

func (f *regFile) Release() {
	f.mu.Lock()
	files := append(f.old, f.real)
	f.old, f.real = nil, nil
	f.mu.Unlock()
	for _, r := range files {
		if r != nil {
			r.Release()
		}
	}
}

// dirFile is an open directory of the overlay. A listing from offset 0
// decides: a directory with an upper part lists the merged snapshot made
// then (upper names, then the lower's that are neither in the upper nor
// whited out, as Linux's overlayfs caches it); one without lists the
// lower's own entries with no copy.
type dirFile struct {
	i *Inode

	mu      sync.Mutex
	decided bool
	ents    []vfs.Dirent // merged
	lower   vfs.FileImpl // not merged
}

func (d *dirFile) Read([]byte, int64) (int, error)  { return 0, unix.EISDIR }
func (d *dirFile) Write([]byte, int64) (int, error) { return 0, unix.EISDIR }
func (d *dirFile) Stat() (vfs.Stat, error)          { return d.i.Stat() }
func (d *dirFile) Seekable() bool                   { return true }
func (d *dirFile) Mappable() (vfs.Mappable, error)  { return nil, unix.ENODEV }
func (d *dirFile) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

func (d *dirFile) Release() {
	d.mu.Lock()
	l := d.lower
	d.lower = nil
	d.mu.Unlock()
	if l != nil {
		l.Release()
	}
}

// Getdents implements vfs.FileImpl.
func (d *dirFile) Getdents(cookie int64) ([]vfs.Dirent, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if cookie < 0 {
		return nil, nil
	}
	if cookie == 0 || !d.decided {
		d.decided = true
		d.ents = nil
		if up := d.i.Upper(); up != nil {
			ents, err := d.i.merged(up)
			if err != nil {
				return nil, err
			}
			d.ents = ents
		}
	}
	if d.ents == nil {
		if d.lower == nil {
			l, err := d.i.lower.Open(unix.O_RDONLY | unix.O_DIRECTORY)
			if err != nil {
				return nil, err
			}
			d.lower = l
		}
		return d.lower.Getdents(cookie)
	}
	if cookie >= int64(len(d.ents)) {
		return nil, nil
	}
	out := append([]vfs.Dirent(nil), d.ents[cookie:]...)
	for k := range out {
		out[k].Off = cookie + int64(k) + 1
	}
	return out, nil
}

// merged lists the directory whose upper part is up: ".", "..", the upper's
// names, then the lower's not in the upper and not whited out.
func (i *Inode) merged(up vfs.Inode) ([]vfs.Dirent, error) {
	st, err := i.Stat()
	if err != nil {
		return nil, err
	}
	parentIno := st.Ino
	if i.parent != nil {
		if pst, err := i.parent.Stat(); err == nil {
			parentIno = pst.Ino
		}
	}
	ents := []vfs.Dirent{{Ino: st.Ino, Type: unix.DT_DIR, Name: "."}, {Ino: parentIno, Type: unix.DT_DIR, Name: ".."}}
	uents, err := listDir(up)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(uents))
	for _, e := range uents {
		seen[e.Name] = true
		if c, err := up.Lookup(e.Name); err == nil {
			if cst, err := c.Stat(); err == nil {
				i.fs.number(c, &cst)
				e.Ino = cst.Ino
			}
		}
		ents = append(ents, e)
	}
	m := i.fs.metaOf(up)
	if i.lower == nil || (m != nil && m.opaque) {
		return ents, nil
	}
	lents, err := listDir(i.lower)
	if err != nil {
		return nil, err
	}
	i.fs.mu.Lock()
	defer i.fs.mu.Unlock()
	for _, e := range lents {
		if seen[e.Name] || (m != nil && m.whiteouts[e.Name]) {
			continue
		}
		ents = append(ents, e)
	}
	return ents, nil
}

// listDir returns a directory's entries but "." and "..".
func listDir(dir vfs.Inode) ([]vfs.Dirent, error) {
	f, err := dir.Open(unix.O_RDONLY | unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer f.Release()
	var out []vfs.Dirent
	for cookie := int64(0); ; {
		ents, err := f.Getdents(cookie)
		if err != nil {
			return nil, err
		}
		if len(ents) == 0 {
			return out, nil
		}
		for _, e := range ents {
			if e.Name != "." && e.Name != ".." {
				out = append(out, e)
			}
		}
		cookie = ents[len(ents)-1].Off
	}
}
