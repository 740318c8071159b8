// Package memfd is memfd_create(2): an anonymous regular file whose pages
// live in the sandbox's memory file, so that a MAP_SHARED mapping maps the
// file's own pages into every address space (mm.SharedFile) and read,
// write and the mappings all see the same bytes; with file seals
// (F_ADD_SEALS, F_GET_SEALS) as Linux checks them.
//
// It never calls the host (the memory file does, for its pages).
//
// Lock order: MM.mu (through mm.SharedFile), then Memfd.mu, then
// MemoryFile.mu (a leaf).
package memfd

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/mm"
	"husk/sentry/vfs"
)

// Seals (F_SEAL_*).
const (
	SealSeal        = 0x1
	SealShrink      = 0x2
	SealGrow        = 0x4
	SealWrite       = 0x8
	SealFutureWrite = 0x10
	SealExec        = 0x20
	allSeals        = 0x3f
)

// MaxSize is the largest size a memfd may have (sparse: only written pages
// take memory).
const MaxSize = 1 << 43

const pageSize = mm.PageSize

var nextIno atomic.Uint64

// Memfd is one memfd: the file and its one open file description's
// implementation (a memfd cannot be opened again by path here).
type Memfd struct {
	name string
	mf   *mm.MemoryFile
	ino  uint64

	mu        sync.Mutex
	mode      uint32
	uid, gid  uint32
	size      int64
	pages     map[int64]int64 // page index -> memory-file offset
	seals     uint32
	maps      int // vmas over the file
	writeMaps int // of them, shared ones that may be written
	released  bool
	atime     unix.Timespec
	mtime     unix.Timespec
	ctime     unix.Timespec
}

var (
	_ vfs.FileImpl              = (*Memfd)(nil)
	_ vfs.Truncater             = (*Memfd)(nil)
	_ vfs.Named                 = (*Memfd)(nil)
	_ vfs.AttrSetter            = (*Memfd)(nil)
	_ mm.SharedFile             = (*Memfd)(nil)
	_ mm.Presenter              = (*Memfd)(nil)
	_ mm.PunchHoler             = (*Memfd)(nil)
	_ vfs.Mappable              = (*Memfd)(nil)
	_ interface{ Size() int64 } = (*Memfd)(nil)
)

// New makes an empty memfd named name whose pages come from mf. Without
// sealing allowed, F_SEAL_SEAL is set from the start (Linux). mode is the
// permission bits (0777, or 0666 with MFD_NOEXEC_SEAL).
func New(mf *mm.MemoryFile, name string, allowSealing bool, seals uint32, mode, uid, gid uint32) *Memfd {
	now := unix.NsecToTimespec(time.Now().UnixNano())
	m := &Memfd{name: name, mf: mf, ino: nextIno.Add(1), mode: mode, uid: uid, gid: gid, pages: make(map[int64]int64),
		seals: seals, atime: now, mtime: now, ctime: now}
	if !allowSealing {
		m.seals |= SealSeal
	}
	return m
}

// FileName implements vfs.Named (what /proc/PID/fd shows).
func (m *Memfd) FileName() string { return "/memfd:" + m.name + " (deleted)" }

// Seals returns the seals (F_GET_SEALS).
func (m *Memfd) Seals() uint32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seals
}

// AddSeals is F_ADD_SEALS; writable: the fd was opened for writing.
// Errors: EINVAL (unknown seals), EPERM (F_SEAL_SEAL set, or not writable),
// EBUSY (F_SEAL_WRITE while a shared mapping may write the file).
func (m *Memfd) AddSeals(seals uint32, writable bool) error {
	if seals&^allSeals != 0 {
		return unix.EINVAL
	}
	if !writable {
		return unix.EPERM
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seals&SealSeal != 0 {
		return unix.EPERM
	}
	if seals&SealWrite != 0 && m.seals&SealWrite == 0 && m.writeMaps > 0 {
		return unix.EBUSY
	}
	m.seals |= seals
	return nil
}

// WriteSealed reports whether a new writable shared mapping is refused
// (F_SEAL_WRITE or F_SEAL_FUTURE_WRITE: mmap says EPERM).
func (m *Memfd) WriteSealed() bool { return m.Seals()&(SealWrite|SealFutureWrite) != 0 }

// page returns the memory-file offset of page idx, allocating it (m.mu held).
func (m *Memfd) pageLocked(idx int64) (int64, error) {
	if off, ok := m.pages[idx]; ok {
		return off, nil
	}
	off, err := m.mf.Allocate(1)
	if err != nil {
		return 0, unix.ENOSPC
	}
	m.pages[idx] = off
	return off, nil
}

// Read implements vfs.FileImpl.
func (m *Memfd) Read(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if off >= m.size {
		return 0, nil
	}
	if int64(len(p)) > m.size-off {
		p = p[:m.size-off]
	}
	n := 0
	for n < len(p) {
		o := off + int64(n)
		idx, po := o/pageSize, int(o%pageSize)
		c := pageSize - po
		if c > len(p)-n {
			c = len(p) - n
		}
		if mo, ok := m.pages[idx]; ok {
			copy(p[n:n+c], m.mf.Bytes(mo+int64(po), c))
		} else {
			clear(p[n : n+c])
		}
		n += c
	}
	m.atime = unix.NsecToTimespec(time.Now().UnixNano())
	return n, nil
}

// Write implements vfs.FileImpl. Errors: EPERM (sealed against writes, or
// against growing past the end), EFBIG, ENOSPC.
func (m *Memfd) Write(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seals&(SealWrite|SealFutureWrite) != 0 {
		return 0, unix.EPERM
	}
	if len(p) == 0 {
		return 0, nil
	}
	if off >= MaxSize {
		return 0, unix.EFBIG
	}
	if int64(len(p)) > MaxSize-off {
		p = p[:MaxSize-off]
	}
	if off+int64(len(p)) > m.size && m.seals&SealGrow != 0 {
		return 0, unix.EPERM
	}
	n := 0
	for n < len(p) {
		o := off + int64(n)
		idx, po := o/pageSize, int(o%pageSize)
		c := pageSize - po
		if c > len(p)-n {
			c = len(p) - n
		}
		mo, err := m.pageLocked(idx)
		if err != nil {
			break
		}
		copy(m.mf.Bytes(mo+int64(po), c), p[n:n+c])
		n += c
	}
	if end := off + int64(n); end > m.size {
		m.size = end
	}
	if n == 0 {
		return 0, unix.ENOSPC
	}
	now := unix.NsecToTimespec(time.Now().UnixNano())
	m.mtime, m.ctime = now, now
	return n, nil
}

// Truncate implements vfs.Truncater. Errors: EPERM (sealed), EFBIG, EINVAL.
func (m *Memfd) Truncate(size int64) error {
	if size < 0 {
		return unix.EINVAL
	}
	if size > MaxSize {
		return unix.EFBIG
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case size < m.size && m.seals&SealShrink != 0, size > m.size && m.seals&SealGrow != 0:
		return unix.EPERM
	}
	if size < m.size {
		// Zero the tail of the last page; pages wholly past the end go
		// back to the memory file unless a shared mapping may still map
		// them (then they stay the file's, zeroed, until it is freed).
		if po := size % pageSize; po != 0 {
			if mo, ok := m.pages[size/pageSize]; ok {
				clear(m.mf.Bytes(mo+po, int(pageSize-po)))
			}
		}
		first := (size + pageSize - 1) / pageSize
		for idx, mo := range m.pages {
			if idx < first {
				continue
			}
			if m.maps == 0 {
				m.mf.Free(mo, 1)
				delete(m.pages, idx)
			} else {
				clear(m.mf.Bytes(mo, pageSize))
			}
		}
	}
	m.size = size
	now := unix.NsecToTimespec(time.Now().UnixNano())
	m.mtime, m.ctime = now, now
	return nil
}

// Stat implements vfs.FileImpl: a regular file with no links.
func (m *Memfd) Stat() (vfs.Stat, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return vfs.Stat{Dev: 0x1, Ino: m.ino, Mode: unix.S_IFREG | m.mode, Nlink: 0, UID: m.uid, GID: m.gid,
		Size: m.size, Blksize: pageSize, Blocks: int64(len(m.pages)) * (pageSize / 512),
		Atime: m.atime, Mtime: m.mtime, Ctime: m.ctime}, nil
}

// SetMode implements vfs.AttrSetter (fchmod). Errors: EPERM (F_SEAL_EXEC
// and a change of the execute bits).
func (m *Memfd) SetMode(mode uint32) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seals&SealExec != 0 && (m.mode^mode)&0o111 != 0 {
		return unix.EPERM
	}
	m.mode = mode & 0o7777
	m.ctime = unix.NsecToTimespec(time.Now().UnixNano())
	return nil
}

// SetTimes implements vfs.AttrSetter (futimens).
func (m *Memfd) SetTimes(atime, mtime *unix.Timespec) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if atime != nil {
		m.atime = *atime
	}
	if mtime != nil {
		m.mtime = *mtime
	}
	m.ctime = unix.NsecToTimespec(time.Now().UnixNano())
	return nil
}

// ReadAt implements mm.File (private mappings copy from it).
func (m *Memfd) ReadAt(p []byte, off int64) (int, error) { return m.Read(p, off) }

// Size implements mm.File.
func (m *Memfd) Size() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.size
}

// SharedPage implements mm.SharedFile.
func (m *Memfd) SharedPage(off int64) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if off < 0 || off >= m.size {
		return 0, unix.EFAULT
	}
	mo, err := m.pageLocked(off / pageSize)
	if err != nil {
		return 0, unix.ENOMEM
	}
	return mo, nil
}

// Present implements mm.Presenter (mincore): the page at off exists.
func (m *Memfd) Present(off int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.pages[off/pageSize]
	return ok
}

// PunchHole implements mm.PunchHoler (MADV_REMOVE): the pages of [off,
// off+length) read back as zero. While any vma maps the file they are
// zeroed in place (another address space may still map them); otherwise
// they go back to the memory file. Errors: EPERM (F_SEAL_WRITE).
func (m *Memfd) PunchHole(off, length int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seals&(SealWrite|SealFutureWrite) != 0 {
		return unix.EPERM
	}
	for idx := off / pageSize; idx*pageSize < off+length; idx++ {
		mo, ok := m.pages[idx]
		if !ok {
			continue
		}
		if m.maps == 0 {
			m.mf.Free(mo, 1)
			delete(m.pages, idx)
		} else {
			clear(m.mf.Bytes(mo, pageSize))
		}
	}
	return nil
}

// Mapped implements mm.MapCounter: the pages are freed when the file is
// released and the last vma over it (shared, or private: it reads them at
// first touch) is gone.
func (m *Memfd) Mapped(delta int, _, writable bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.maps += delta
	if writable {
		m.writeMaps += delta
	}
	m.freeIfUnusedLocked()
}

func (m *Memfd) freeIfUnusedLocked() {
	if !m.released || m.maps > 0 {
		return
	}
	for idx, mo := range m.pages {
		m.mf.Free(mo, 1)
		delete(m.pages, idx)
	}
}

// Release implements vfs.FileImpl.
func (m *Memfd) Release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.released = true
	m.freeIfUnusedLocked()
}

func (m *Memfd) Getdents(int64) ([]vfs.Dirent, error) { return nil, unix.ENOTDIR }
func (m *Memfd) Seekable() bool                       { return true }
func (m *Memfd) Mappable() (vfs.Mappable, error)      { return m, nil }
func (m *Memfd) Ioctl(vfs.IoctlTarget, uint, uintptr) (uintptr, error) {
	return 0, unix.ENOTTY
}

// StatFS implements vfs.StatFSer: a memfd lives on tmpfs (shmem), as in
// Linux.
func (m *Memfd) StatFS() (vfs.StatFS, error) {
	return vfs.StatFS{Type: vfs.TmpfsMagic, Bsize: 4096, Frsize: 4096, Namelen: vfs.NameMax}, nil
}
