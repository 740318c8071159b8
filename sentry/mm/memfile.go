package mm

import (
	"fmt"
	"sort"
	"sync"

	"golang.org/x/sys/unix"
)

// PageSize is the app's page size.
const PageSize = 4096

// memFileSize is the memory file's (sparse) size: the most app memory one
// sandbox can hold.
const memFileSize = 64 << 30

// MemoryFile is the one memfd that holds all app memory of a sandbox, mapped
// once into the sentry, and its page allocator. Every allocated page is zero.
type MemoryFile struct {
	fd      int
	mapping []byte

	mu   sync.Mutex
	next int64      // bump pointer: pages at or past next were never used
	free [][2]int64 // free runs [off, off+len), zeroed (hole-punched)
	used int64      // bytes allocated
	// refs counts the extra references to pages shared copy-on-write
	// between address spaces after fork: a page absent here has one
	// owner; n here means n+1 owners. The last DecRef frees the page.
	refs map[int64]int32
}

// NewMemoryFile creates the memory file. It must run before the sentry's
// seccomp filter is installed (memfd_create is not on the list).
func NewMemoryFile() (*MemoryFile, error) {
	fd, err := unix.MemfdCreate("husk-memory", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("memory file: memfd_create: %w", err)
	}
	if err := unix.Ftruncate(fd, memFileSize); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("memory file: ftruncate: %w", err)
	}
	m, err := unix.Mmap(fd, 0, memFileSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_NORESERVE)
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("memory file: mmap: %w", err)
	}
	return &MemoryFile{fd: fd, mapping: m, refs: make(map[int64]int32)}, nil
}

// FD implements platform.MemoryFile.
func (f *MemoryFile) FD() int { return f.fd }

// Bytes returns the sentry's view of [off, off+n) of the file.
func (f *MemoryFile) Bytes(off int64, n int) []byte { return f.mapping[off : off+int64(n)] }

// Allocate returns the offset of n contiguous zeroed pages, or ENOMEM.
func (f *MemoryFile) Allocate(n int) (int64, error) {
	size := int64(n) * PageSize
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.free {
		if r[1] >= size {
			off := r[0]
			if r[1] == size {
				f.free = append(f.free[:i], f.free[i+1:]...)
			} else {
				f.free[i] = [2]int64{r[0] + size, r[1] - size}
			}
			f.used += size
			return off, nil
		}
	}
	if f.next+size > memFileSize {
		return 0, unix.ENOMEM
	}
	off := f.next
	f.next += size
	f.used += size
	return off, nil
}

// Free returns n pages at off to the allocator, zeroing them (the host frees
// their memory).
func (f *MemoryFile) Free(off int64, n int) {
	size := int64(n) * PageSize
	unix.Fallocate(f.fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, off, size)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.used -= size
	if l := len(f.free); l > 0 && f.free[l-1][0]+f.free[l-1][1] == off {
		f.free[l-1][1] += size
		return
	}
	f.free = append(f.free, [2]int64{off, size})
}

// Used is the number of bytes allocated.
func (f *MemoryFile) Used() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.used
}

// IncRef adds an owner to each page at offs (fork sharing them
// copy-on-write).
func (f *MemoryFile) IncRef(offs []int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range offs {
		f.refs[o]++
	}
}

// Sole reports whether the page at off has one owner (a copy-on-write page
// whose other owners are gone can be written in place).
func (f *MemoryFile) Sole(off int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refs[off] == 0
}

// Owners returns how many owners the page at off has (tests).
func (f *MemoryFile) Owners(off int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return int(f.refs[off]) + 1
}

// DecRef drops an owner of each page at offs and frees the pages whose
// last owner that was, coalescing contiguous runs into one Free.
func (f *MemoryFile) DecRef(offs []int64) {
	f.mu.Lock()
	gone := offs[:0:0]
	for _, o := range offs {
		if n := f.refs[o]; n > 0 {
			if n == 1 {
				delete(f.refs, o)
			} else {
				f.refs[o] = n - 1
			}
			continue
		}
		gone = append(gone, o)
	}
	f.mu.Unlock()
	sort.Slice(gone, func(i, j int) bool { return gone[i] < gone[j] })
	for i := 0; i < len(gone); {
		j := i + 1
		for j < len(gone) && gone[j] == gone[j-1]+PageSize {
			j++
		}
		f.Free(gone[i], j-i)
		i = j
	}
}
