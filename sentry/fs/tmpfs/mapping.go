package tmpfs

import (
	"golang.org/x/sys/unix"

	"husk/sentry/mm"
)

// Shared mappings of a tmpfs file. While MAP_SHARED mappings of a file
// exist, its pages live in an mm.FileCache in the memory file (copied from
// the file's data at first touch), shared by every mapping and by read(2)
// and write(2) (reads serve cached pages, writes go to the data and the
// cache). Pages a writable mapping may have changed are copied back to the
// data at msync(MS_SYNC), fsync and when the last writable mapping goes;
// the cache goes with the last mapping.

// dataStore is an inode's data as an mm.Backing.
type dataStore struct{ i *Inode }

func (d dataStore) ReadAt(p []byte, off int64) (int, error) {
	d.i.dataMu.Lock()
	defer d.i.dataMu.Unlock()
	if off >= int64(len(d.i.data)) {
		return 0, nil
	}
	return copy(p, d.i.data[off:]), nil
}

func (d dataStore) WriteAt(p []byte, off int64) (int, error) {
	d.i.dataMu.Lock()
	defer d.i.dataMu.Unlock()
	if off >= int64(len(d.i.data)) {
		return 0, unix.EIO
	}
	n := copy(d.i.data[off:], p)
	if n < len(p) {
		return n, unix.EIO
	}
	return n, nil
}

var (
	_ mm.SharedFile = (*regFile)(nil)
	_ mm.Writeback  = (*regFile)(nil)
	_ mm.Presenter  = (*regFile)(nil)
	_ mm.CacheUser  = (*regFile)(nil)
)

// AttachMemoryFile implements mm.CacheUser.
func (f *regFile) AttachMemoryFile(mf *mm.MemoryFile) {
	f.i.cacheMu.Lock()
	f.i.mf = mf
	f.i.cacheMu.Unlock()
}

func (i *Inode) pageCache() *mm.FileCache {
	i.cacheMu.Lock()
	defer i.cacheMu.Unlock()
	return i.cache
}

// sharedMapped counts a shared vma over the file, making the cache at the
// first and dropping it after the last.
func (f *regFile) sharedMapped(delta int, writable bool) {
	i := f.i
	i.cacheMu.Lock()
	defer i.cacheMu.Unlock()
	if i.cache == nil {
		if delta < 0 || i.mf == nil {
			return
		}
		i.dataMu.Lock()
		size := int64(len(i.data))
		i.dataMu.Unlock()
		i.cache = mm.NewFileCache(i.mf, size)
	}
	if done, _ := i.cache.Mapped(delta, writable, dataStore{i}); done {
		i.cache = nil
	}
}

// SharedPage implements mm.SharedFile.
func (f *regFile) SharedPage(off int64) (int64, error) {
	c := f.i.pageCache()
	if c == nil {
		return 0, unix.EFAULT
	}
	return c.Page(off, dataStore{f.i})
}

// Present implements mm.Presenter.
func (f *regFile) Present(off int64) bool {
	c := f.i.pageCache()
	return c != nil && c.Present(off)
}

// Writeback implements mm.Writeback (msync(MS_SYNC)).
func (f *regFile) Writeback(off, length int64) error {
	if c := f.i.pageCache(); c != nil {
		return c.Writeback(off, length, dataStore{f.i})
	}
	return nil
}

// Sync implements vfs.Syncer: the mappings' changes reach the data.
func (f *regFile) Sync(bool) error {
	if c := f.i.pageCache(); c != nil {
		return c.Writeback(0, c.Size(), dataStore{f.i})
	}
	return nil
}
