package gofer

import (
	"golang.org/x/sys/unix"

	"husk/sentry/mm"
)

// Shared mappings of a gofer file. While MAP_SHARED mappings of an inode
// exist, its pages live in an mm.FileCache in the memory file (read from
// the donated FD at first touch), shared by every mapping in every address
// space and by read(2)/write(2) of every open file of the inode (reads are
// served from cached pages, writes go to the host and into the cache).
// Dirty pages reach the host file with pwrite at msync(MS_SYNC), fsync,
// and when the last writable mapping goes (munmap, exit); the cache goes
// with the last mapping. A host process changing the file meanwhile is not
// seen (see mm.FileCache).

// hostStore is a host FD as an mm.Backing.
// hostStore reads and writes a donated FD; fs, when set, learns of every
// write (its writable inodes' cached stats go stale).
type hostStore struct {
	fd int
	fs *FS
}

func (h hostStore) ReadAt(p []byte, off int64) (int, error) {
	total := 0
	for total < len(p) {
		n, err := unix.Pread(h.fd, p[total:], off+int64(total))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return total, err
		}
		if n == 0 {
			break
		}
		total += n
	}
	return total, nil
}

func (h hostStore) WriteAt(p []byte, off int64) (int, error) {
	if h.fs != nil {
		defer h.fs.changed()
	}
	total := 0
	for total < len(p) {
		n, err := unix.Pwrite(h.fd, p[total:], off+int64(total))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

var (
	_ mm.SharedFile = (*regFile)(nil)
	_ mm.Writeback  = (*regFile)(nil)
	_ mm.Presenter  = (*regFile)(nil)
)

// AttachMemoryFile implements mm.CacheUser: a shared mapping is about to
// be made; its pages will live in mf.
func (f *regFile) AttachMemoryFile(mf *mm.MemoryFile) {
	f.i.mu.Lock()
	f.i.mf = mf
	f.i.mu.Unlock()
}

// cache returns the inode's page cache, nil when no shared mapping exists.
func (i *Inode) pageCache() *mm.FileCache {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.cache
}

// writer is f's FD as a write-back target, nil when f is not open for
// writing. An O_APPEND FD's pwrites append, so an O_APPEND file writes
// back through a fresh FD from the gofer (write-backs are rare).
func (f *regFile) writer() mm.Backing {
	if !f.own {
		return nil
	}
	if f.append {
		return freshStore{f.i}
	}
	return hostStore{f.fd, f.i.fs}
}

// freshStore writes through an FD the gofer opens for each write-back.
type freshStore struct{ i *Inode }

func (s freshStore) ReadAt(p []byte, off int64) (int, error) {
	fd, err := s.i.readFD()
	if err != nil {
		return 0, err
	}
	return hostStore{fd: fd}.ReadAt(p, off)
}

func (s freshStore) WriteAt(p []byte, off int64) (int, error) {
	fd, err := s.i.fs.c.Open(s.i.fid, unix.O_WRONLY)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	return hostStore{fd, s.i.fs}.WriteAt(p, off)
}

// sharedMapped counts a shared vma over f's inode, making the cache at
// the first and dropping it after the last.
func (f *regFile) sharedMapped(delta int, writable bool) {
	i := f.i
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.cache == nil {
		if delta < 0 || i.mf == nil {
			return
		}
		var st unix.Stat_t
		size := int64(0)
		if err := unix.Fstat(f.fd, &st); err == nil {
			size = st.Size
		}
		i.cache = mm.NewFileCache(i.mf, size)
	}
	var b mm.Backing
	if writable {
		b = f.writer()
	}
	done, _ := i.cache.Mapped(delta, writable, b)
	if done {
		i.cache = nil
	}
}

// SharedPage implements mm.SharedFile.
func (f *regFile) SharedPage(off int64) (int64, error) {
	c := f.i.pageCache()
	if c == nil {
		return 0, unix.EFAULT
	}
	// f's own FD: a mapping's file is open for reading, and the inode's
	// FD may not be had any more (the file was unlinked).
	return c.Page(off, hostStore{fd: f.fd})
}

// Present implements mm.Presenter.
func (f *regFile) Present(off int64) bool {
	c := f.i.pageCache()
	return c != nil && c.Present(off)
}

// Writeback implements mm.Writeback (msync(MS_SYNC)).
func (f *regFile) Writeback(off, length int64) error {
	c := f.i.pageCache()
	w := f.writer()
	if c == nil || w == nil {
		return nil
	}
	return c.Writeback(off, length, w)
}
