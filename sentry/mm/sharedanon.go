package mm

import (
	"sync"

	"golang.org/x/sys/unix"
)

// sharedAnon is the object behind a MAP_SHARED|MAP_ANONYMOUS mapping (Linux's
// shmem file behind /dev/zero): zero pages allocated at first touch, shared
// by every vma over it, in this address space (mremap) and in forked
// children, and freed when the last vma goes. Its size is the mapping's
// length at mmap: a page past it (after mremap grew the mapping) is SIGBUS,
// as in Linux.
//
// Lock order: MM.mu, then sharedAnon.mu, then MemoryFile.mu.
type sharedAnon struct {
	mf   *MemoryFile
	size int64

	mu    sync.Mutex
	pages map[int64]int64 // page index -> memory-file offset
	maps  int
}

var _ SharedFile = (*sharedAnon)(nil)

func newSharedAnon(mf *MemoryFile, size int64) *sharedAnon {
	return &sharedAnon{mf: mf, size: size, pages: make(map[int64]int64)}
}

// ReadAt implements File (a private mapping never reads one).
func (s *sharedAnon) ReadAt(p []byte, off int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for n < len(p) && off+int64(n) < s.size {
		o := off + int64(n)
		po := o % PageSize
		k := int(PageSize - po)
		if k > len(p)-n {
			k = len(p) - n
		}
		if mo, ok := s.pages[o/PageSize]; ok {
			copy(p[n:n+k], s.mf.Bytes(mo+po, k))
		} else {
			clear(p[n : n+k])
		}
		n += k
	}
	return n, nil
}

// Size implements File.
func (s *sharedAnon) Size() int64 { return s.size }

// SharedPage implements SharedFile.
func (s *sharedAnon) SharedPage(off int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if off < 0 || off >= s.size {
		return 0, unix.EFAULT
	}
	idx := off / PageSize
	if mo, ok := s.pages[idx]; ok {
		return mo, nil
	}
	mo, err := s.mf.Allocate(1)
	if err != nil {
		return 0, unix.ENOMEM
	}
	s.pages[idx] = mo
	return mo, nil
}

// Present reports whether the page at file offset off has been touched.
func (s *sharedAnon) Present(off int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.pages[off/PageSize]
	return ok
}

// PunchHole zeroes the pages of [off, off+length) (MADV_REMOVE): they
// read back as zero. They are not freed: another address space (a forked
// child) may still map them until its next invalidation, and a freed page
// could be handed to someone else meanwhile.
func (s *sharedAnon) PunchHole(off, length int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for idx := off / PageSize; idx*PageSize < off+length; idx++ {
		if mo, ok := s.pages[idx]; ok {
			clear(s.mf.Bytes(mo, PageSize))
		}
	}
	return nil
}

// Mapped implements MapCounter: the last vma frees the pages.
func (s *sharedAnon) Mapped(delta int, _, _ bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maps += delta
	if s.maps > 0 {
		return
	}
	for idx, mo := range s.pages {
		s.mf.Free(mo, 1)
		delete(s.pages, idx)
	}
}
