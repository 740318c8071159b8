package mm

import (
	"sync"

	"golang.org/x/sys/unix"
)

// FileCache holds the pages of a file whose data lives outside the memory
// file (a gofer file on the host, a tmpfs file's buffer) while MAP_SHARED
// mappings of it exist: a file type embeds it to implement SharedFile.
// Pages are read from the file's store at first touch, shared by every
// mapping (in every address space) and by the file's read(2) and
// write(2), which go through the cache while it exists: Read serves
// cached pages from it, and a write(2) that reached the store updates the
// cached pages too (write-through). Pages that a writable mapping may have
// changed are dirty and written back (Writeback) at msync(MS_SYNC), fsync,
// and when the last writable mapping goes; the file frees the cache when
// the last mapping goes.
//
// Coherence given: every process in the sandbox sees one copy of each
// page, through mappings, read(2) and write(2). A process outside the
// sandbox that changes the host file while it is mapped is not seen until
// the mappings are gone, and a write-back can overwrite its change.
//
// Lock order: MM.mu, then FileCache.mu, then MemoryFile.mu. The Backing's
// methods are called with FileCache.mu held and must not call into mm.
type FileCache struct {
	mf *MemoryFile

	mu    sync.Mutex
	size  int64
	pages map[int64]int64 // page index -> memory-file offset
	dirty map[int64]bool
	maps  int // shared vmas over the file
	wmaps int // of them, ones that may be written
}

// CacheUser is a file whose shared mappings keep its pages in a FileCache:
// MMap tells it the memory file before it counts a shared vma over it.
type CacheUser interface {
	AttachMemoryFile(mf *MemoryFile)
}

// Backing is a file's store, for a FileCache.
type Backing interface {
	// ReadAt reads the store (short at the end of the file).
	ReadAt(p []byte, off int64) (int, error)
	// WriteAt writes the store (a write-back).
	WriteAt(p []byte, off int64) (int, error)
}

// NewFileCache returns an empty cache of a file of size bytes whose pages
// live in mf.
func NewFileCache(mf *MemoryFile, size int64) *FileCache {
	return &FileCache{mf: mf, size: size, pages: make(map[int64]int64), dirty: make(map[int64]bool)}
}

// Size is the file's size as the cache knows it (set at creation and by
// Wrote and Truncated).
func (c *FileCache) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// Page returns the memory-file offset of the page at the page-aligned
// file offset off, reading it from b at first touch; while a writable
// mapping exists the page is taken as dirty. Errors: EFAULT past the end
// of the file (SIGBUS), ENOMEM, EIO.
func (c *FileCache) Page(off int64, b Backing) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if off < 0 || off >= c.size {
		return 0, unix.EFAULT
	}
	idx := off / PageSize
	mo, ok := c.pages[idx]
	if !ok {
		var err error
		mo, err = c.mf.Allocate(1)
		if err != nil {
			return 0, unix.ENOMEM
		}
		want := min(int64(PageSize), c.size-idx*PageSize)
		if _, err := b.ReadAt(c.mf.Bytes(mo, int(want)), idx*PageSize); err != nil && !isEOF(err) {
			c.mf.Free(mo, 1)
			return 0, unix.EIO
		}
		c.pages[idx] = mo
	}
	if c.wmaps > 0 {
		c.dirty[idx] = true
	}
	return mo, nil
}

// Present reports whether the page at off is cached (mincore).
func (c *FileCache) Present(off int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.pages[off/PageSize]
	return ok
}

// Read is read(2) of the file while the cache exists: cached pages come
// from the cache, the others from b; nothing past the cache's size.
func (c *FileCache) Read(p []byte, off int64, b Backing) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if off >= c.size {
		return 0, nil
	}
	if int64(len(p)) > c.size-off {
		p = p[:c.size-off]
	}
	done := 0
	for done < len(p) {
		o := off + int64(done)
		po := o % PageSize
		n := min(int(PageSize-po), len(p)-done)
		if mo, ok := c.pages[o/PageSize]; ok {
			copy(p[done:done+n], c.mf.Bytes(mo+po, n))
		} else {
			got, err := b.ReadAt(p[done:done+n], o)
			if got < n {
				clear(p[done+got : done+n]) // the store is shorter than we know: a hole
			}
			if err != nil && !isEOF(err) {
				if done > 0 {
					return done, nil
				}
				return 0, err
			}
		}
		done += n
	}
	return done, nil
}

// Wrote updates the cache after write(2) put p at off in the store.
func (c *FileCache) Wrote(p []byte, off int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for done := 0; done < len(p); {
		o := off + int64(done)
		po := o % PageSize
		n := min(int(PageSize-po), len(p)-done)
		if mo, ok := c.pages[o/PageSize]; ok {
			copy(c.mf.Bytes(mo+po, n), p[done:done+n])
		}
		done += n
	}
	if end := off + int64(len(p)); end > c.size {
		c.size = end
	}
}

// Truncated updates the cache after the store was truncated to size: the
// tail of the last page and the pages past it read zero (the pages stay
// while mapped; a mapping touching them past the end gets SIGBUS).
func (c *FileCache) Truncated(size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if size < c.size {
		if po := size % PageSize; po != 0 {
			if mo, ok := c.pages[size/PageSize]; ok {
				clear(c.mf.Bytes(mo+po, int(PageSize-po)))
			}
		}
		first := (size + PageSize - 1) / PageSize
		for idx, mo := range c.pages {
			if idx >= first {
				clear(c.mf.Bytes(mo, PageSize))
				delete(c.dirty, idx)
			}
		}
	}
	c.size = size
}

// Writeback writes the dirty pages of [off, off+length) to b (nothing past
// the file's end). Pages stay dirty while a writable mapping may still
// change them. Errors: those of b (EIO on a short write).
func (c *FileCache) Writeback(off, length int64, b Backing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writebackLocked(off, length, b)
}

func (c *FileCache) writebackLocked(off, length int64, b Backing) error {
	var first error
	for idx := range c.dirty {
		po := idx * PageSize
		if po+PageSize <= off || po >= off+length || po >= c.size {
			continue
		}
		n := min(int64(PageSize), c.size-po)
		if w, err := b.WriteAt(c.mf.Bytes(c.pages[idx], int(n)), po); err != nil || int64(w) != n {
			if first == nil {
				first = err
				if first == nil {
					first = unix.EIO
				}
			}
			continue
		}
		if c.wmaps == 0 {
			delete(c.dirty, idx)
		}
	}
	return first
}

// Mapped counts shared vmas over the file (delta 1 or -1; writable: it may
// be written). When the last writable one goes the dirty pages are
// written back to b; when the last one goes the pages are freed and
// Mapped reports done: the file drops the cache.
func (c *FileCache) Mapped(delta int, writable bool, b Backing) (done bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maps += delta
	if writable {
		c.wmaps += delta
		if delta < 0 && c.wmaps == 0 && b != nil {
			err = c.writebackLocked(0, c.size, b)
		}
	}
	if c.maps > 0 {
		return false, err
	}
	for idx, mo := range c.pages {
		c.mf.Free(mo, 1)
		delete(c.pages, idx)
	}
	return true, err
}
