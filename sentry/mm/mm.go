// Package mm owns an app's address space: its VMAs, brk, the mmap family,
// demand faults, and copying in and out of app memory. App memory lives in
// the sandbox's one MemoryFile; mm decides which file pages back which app
// pages and tells the platform's AddressSpace to map them. The vDSO's pages
// are the exception: allocated once by sentry/loader/vdso, mapped straight
// from the memory file into every address space (MapDirect), never copied,
// freed or written for the app. MAP_SHARED mappings of a file whose pages
// live in the memory file (a memfd: SharedFile, sharedfile.go) map the
// file's own pages into every address space, so they are shared across
// processes and with read(2)/write(2); the file owns and frees them. Files
// whose data lives elsewhere (gofer, tmpfs) keep a FileCache in the memory
// file while shared mappings exist (filecache.go), and MAP_SHARED anonymous
// memory is a sharedAnon object (sharedanon.go), so it stays shared across
// fork and mremap.
//
// Fork is copy-on-write: private pages get a second owner (MemoryFile
// refcounts), are mapped read-only in both address spaces, and are copied
// at the first write by either side (a fault, or a sentry copy-out), or
// taken over once the other owners are gone. mremap moves pages by
// re-keying them, never copying data (remap.go).
//
// It never trusts an app pointer: every address is checked against the VMAs
// and a bad one is EFAULT, never a panic. It never calls the host except
// through the memory file and a file's hooks (ReadAt, a FileCache's
// Backing).
//
// Lock order: MM.mu, then a SharedFile's own locks (a FileCache's), then
// MemoryFile.mu (a leaf).
package mm

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/errno"
	"husk/sentry/loader"
)

// File is what a file mapping reads its pages from.
type File = loader.File

// vma is one mapping.
type vma struct {
	start, end uintptr
	perms      platform.AccessType
	maxPerms   platform.AccessType
	shared     bool
	growsDown  bool
	file       File // nil for anonymous memory
	off        int64
	name       string
	// direct: the pages are the memory file's at off on (the vDSO's),
	// shared by every address space: never in pages, never copied at
	// fork, never freed, never written by the sentry for the app.
	direct bool
}

// pte is one present private page.
type pte struct {
	off int64 // in the memory file
	// cow: the page may be shared with another address space since a
	// fork (MemoryFile refs); it is mapped read-only and copied (or taken
	// over, when this is its last owner) before anything writes it.
	cow bool
}

// MM is one address space.
type MM struct {
	mf *MemoryFile
	p  platform.Platform
	// def is the first thread's view; views holds every thread's (m.mu).
	def   *View
	views []*View
	users int // threads using the MM

	mu       sync.Mutex
	vmas     []*vma // sorted by start, non-overlapping
	pages    map[uintptr]*pte
	brkStart uintptr
	brk      uintptr
	stackTop uintptr
	mmapBase uintptr
	exec     ExecInfo // what the last execve put on the stack (/proc/[pid]/cmdline...)
}

// loaderView is the MM as the loader sees it: CopyOut ignores protections.
type loaderView struct{ *MM }

func (l loaderView) CopyOut(addr uintptr, src []byte) error { return l.ForceCopyOut(addr, src) }

var _ loader.DirectMemory = loaderView{}

// ForLoader returns the MM as loader.Memory.
func (m *MM) ForLoader() loader.Memory { return loaderView{m} }

// faultAround is how many pages a fault populates at once (aligned).
const faultAround = 16

// New returns an empty address space.
func New(mf *MemoryFile, p platform.Platform) (*MM, error) {
	top := p.MaxUserAddress() &^ (PageSize - 1)
	m := &MM{
		mf: mf, p: p,
		pages:    make(map[uintptr]*pte),
		stackTop: top,
		mmapBase: top - 128<<20,
		users:    1,
	}
	def, err := m.NewView()
	if err != nil {
		return nil, err
	}
	m.def = def
	return m, nil
}

// AddressSpace is the first thread's platform address space.
func (m *MM) AddressSpace() platform.AddressSpace { return m.def.as }

// DefaultView is the first thread's view.
func (m *MM) DefaultView() *View { return m.def }

// Release frees every page and every view's platform address space.
func (m *MM) Release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.unmapLocked(0, ^uintptr(0)&^(PageSize-1), false)
	for _, v := range m.views {
		v.as.Release()
	}
	m.views = nil
}

func pageDown(a uintptr) uintptr { return a &^ (PageSize - 1) }
func pageUp(a uintptr) (uintptr, bool) {
	r := (a + PageSize - 1) &^ (PageSize - 1)
	return r, r >= a
}

// find returns the index of the vma containing addr, or -1.
func (m *MM) find(addr uintptr) int {
	i := sort.Search(len(m.vmas), func(i int) bool { return m.vmas[i].end > addr })
	if i < len(m.vmas) && m.vmas[i].start <= addr {
		return i
	}
	return -1
}

// free reports whether [start, end) overlaps no vma and lies in user space.
func (m *MM) free(start, end uintptr) bool {
	if start < m.p.MinUserAddress() || end > m.p.MaxUserAddress() || end <= start {
		return false
	}
	i := sort.Search(len(m.vmas), func(i int) bool { return m.vmas[i].end > start })
	return i == len(m.vmas) || m.vmas[i].start >= end
}

// findGap finds length free bytes top-down below mmapBase.
func (m *MM) findGap(length uintptr) (uintptr, error) {
	top := m.mmapBase
	for i := len(m.vmas) - 1; i >= -1; i-- {
		lo := m.p.MinUserAddress()
		if i >= 0 {
			lo = m.vmas[i].end
		}
		if lo >= top {
			if i >= 0 && m.vmas[i].start < top {
				top = m.vmas[i].start
			}
			continue
		}
		if top-lo >= length {
			return top - length, nil
		}
		if i >= 0 {
			top = m.vmas[i].start
		}
	}
	return 0, unix.ENOMEM
}

// insert adds v, which must not overlap anything.
func (m *MM) insert(v *vma) {
	i := sort.Search(len(m.vmas), func(i int) bool { return m.vmas[i].start >= v.end })
	m.vmas = append(m.vmas, nil)
	copy(m.vmas[i+1:], m.vmas[i:])
	m.vmas[i] = v
	countMap(v, 1)
}

// split makes addr a vma boundary if it falls inside one.
func (m *MM) split(addr uintptr) {
	i := m.find(addr)
	if i < 0 || m.vmas[i].start == addr {
		return
	}
	v := m.vmas[i]
	w := *v
	w.start = addr
	if w.file != nil || w.direct {
		w.off += int64(addr - v.start)
	}
	v.end = addr
	m.vmas = append(m.vmas, nil)
	copy(m.vmas[i+2:], m.vmas[i+1:])
	m.vmas[i+1] = &w
	countMap(&w, 1)
}

// MapOpts describes a new mapping.
type MapOpts struct {
	Addr, Length uintptr // Length > 0; Addr page-aligned when Fixed
	Fixed        bool    // replace whatever is at Addr
	NoReplace    bool    // with Fixed: fail with EEXIST instead of replacing
	Perms        platform.AccessType
	MaxPerms     platform.AccessType
	Shared       bool
	GrowsDown    bool
	File         File // nil: anonymous
	Offset       int64
	Name         string
	// Direct maps the memory file's own pages from Offset (File nil): see
	// MapDirect.
	Direct bool
}

// MMap creates a mapping and returns its address. Errors: EINVAL, ENOMEM, EEXIST.
func (m *MM) MMap(o MapOpts) (uintptr, error) {
	length, ok := pageUp(o.Length)
	if !ok || length == 0 {
		return 0, unix.ENOMEM
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var addr uintptr
	switch {
	case o.Fixed:
		addr = o.Addr
		if addr&(PageSize-1) != 0 {
			return 0, unix.EINVAL
		}
		if addr < m.p.MinUserAddress() || addr+length > m.p.MaxUserAddress() || addr+length < addr {
			if addr < m.p.MinUserAddress() {
				return 0, unix.EPERM
			}
			return 0, unix.ENOMEM
		}
		if !m.free(addr, addr+length) {
			if o.NoReplace {
				return 0, unix.EEXIST
			}
			m.unmapLocked(addr, length, true)
		}
	default:
		hint := pageDown(o.Addr)
		if hint != 0 && m.free(hint, hint+length) {
			addr = hint
		} else {
			a, err := m.findGap(length)
			if err != nil {
				return 0, err
			}
			addr = a
		}
	}
	if o.MaxPerms == (platform.AccessType{}) {
		o.MaxPerms = platform.AnyAccess
	}
	if o.Shared && o.File == nil && !o.Direct {
		o.File, o.Offset = newSharedAnon(m.mf, int64(length)), 0
	}
	if cu, ok := o.File.(CacheUser); ok && o.Shared {
		cu.AttachMemoryFile(m.mf)
	}
	m.insert(&vma{start: addr, end: addr + length, perms: o.Perms, maxPerms: o.MaxPerms,
		shared: o.Shared, growsDown: o.GrowsDown, file: o.File, off: o.Offset, name: o.Name, direct: o.Direct})
	return addr, nil
}

// MUnmap removes [addr, addr+length). Errors: EINVAL.
func (m *MM) MUnmap(addr, length uintptr) error {
	if addr&(PageSize-1) != 0 || length == 0 {
		return unix.EINVAL
	}
	l, ok := pageUp(length)
	if !ok || addr+l < addr || addr+l > loader.TaskSize {
		return unix.EINVAL
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.unmapLocked(addr, l, true)
	return nil
}

// unmapLocked removes vmas and pages in [addr, addr+length). The views stop
// using the range before its pages go back to the allocator, so no thread
// can touch a page that another process may already have been given.
func (m *MM) unmapLocked(addr, length uintptr, platformToo bool) {
	end := addr + length
	if end < addr {
		end = ^uintptr(0) &^ (PageSize - 1)
	}
	m.split(addr)
	m.split(end)
	var keep, gone []*vma
	for _, v := range m.vmas {
		if v.start >= addr && v.end <= end {
			gone = append(gone, v)
			continue
		}
		keep = append(keep, v)
	}
	m.vmas = keep
	if len(gone) > 0 && platformToo {
		lo, hi := addr, end
		if hi > m.p.MaxUserAddress() {
			hi = m.p.MaxUserAddress()
		}
		if lo < hi {
			m.invalidateLocked(lo, hi-lo)
		}
	}
	for _, v := range gone {
		m.dropPages(v.start, v.end)
		countMap(v, -1)
	}
}

// dropPages drops the private pages in [start, end) (a page shared
// copy-on-write with another address space stays for its other owners).
func (m *MM) dropPages(start, end uintptr) {
	var offs []int64
	if uintptr(len(m.pages)) < (end-start)/PageSize {
		for va, p := range m.pages {
			if va >= start && va < end {
				offs = append(offs, p.off)
				delete(m.pages, va)
			}
		}
	} else {
		for va := start; va < end; va += PageSize {
			if p, ok := m.pages[va]; ok {
				offs = append(offs, p.off)
				delete(m.pages, va)
			}
		}
	}
	m.mf.DecRef(offs)
}

// MProtect changes the permissions of [addr, addr+length). Errors: EINVAL,
// ENOMEM (part unmapped), EACCES (beyond what the mapping allows).
func (m *MM) MProtect(addr, length uintptr, perms platform.AccessType) error {
	if addr&(PageSize-1) != 0 {
		return unix.EINVAL
	}
	l, ok := pageUp(length)
	if !ok || addr+l < addr {
		return unix.ENOMEM
	}
	if l == 0 {
		return nil
	}
	end := addr + l
	m.mu.Lock()
	defer m.mu.Unlock()
	// The whole range must be mapped.
	for a := addr; a < end; {
		i := m.find(a)
		if i < 0 {
			return unix.ENOMEM
		}
		if !m.vmas[i].maxPerms.Supersets(perms) {
			return unix.EACCES
		}
		a = m.vmas[i].end
	}
	m.split(addr)
	m.split(end)
	for _, v := range m.vmas {
		if v.start >= addr && v.end <= end {
			v.perms = perms
		}
	}
	m.invalidateLocked(addr, l)
	return nil
}

// MAdviseDontNeed drops the pages of [addr, addr+length) (private mappings read
// back as zero or file contents afterwards). Errors: EINVAL, ENOMEM.
func (m *MM) MAdviseDontNeed(addr, length uintptr) error {
	l, ok := pageUp(length)
	if addr&(PageSize-1) != 0 || !ok || addr+l < addr {
		return unix.EINVAL
	}
	end := addr + l
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.coveredLocked(addr, end, nil) {
		return unix.ENOMEM
	}
	m.invalidateLocked(addr, l)
	m.dropPages(addr, end)
	return nil
}

// Brk implements brk(2): returns the new (or unchanged) break.
func (m *MM) Brk(addr uintptr) uintptr {
	m.mu.Lock()
	defer m.mu.Unlock()
	if addr < m.brkStart {
		return m.brk
	}
	oldEnd, _ := pageUp(m.brk)
	newEnd, ok := pageUp(addr)
	if !ok {
		return m.brk
	}
	switch {
	case newEnd > oldEnd:
		if !m.free(oldEnd, newEnd) || newEnd > m.mmapBase {
			return m.brk
		}
		// Extend the heap vma if it ends at oldEnd, else make one.
		if i := m.find(oldEnd - 1); i >= 0 && m.vmas[i].name == "[heap]" && m.vmas[i].end == oldEnd {
			m.vmas[i].end = newEnd
		} else {
			m.insert(&vma{start: oldEnd, end: newEnd, perms: platform.ReadWrite, maxPerms: platform.AnyAccess, name: "[heap]"})
		}
	case newEnd < oldEnd:
		m.unmapLocked(newEnd, oldEnd-newEnd, true)
	}
	m.brk = addr
	return m.brk
}

// SetBrk implements loader.Memory.
func (m *MM) SetBrk(start uintptr) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.brkStart, m.brk = start, start
}

// MapFile implements loader.Memory.
func (m *MM) MapFile(addr, length uintptr, prot platform.AccessType, fixed bool, f File, off int64) (uintptr, error) {
	return m.MMap(MapOpts{Addr: addr, Length: length, Fixed: fixed, Perms: prot, File: f, Offset: off})
}

// MapAnonymous implements loader.Memory.
func (m *MM) MapAnonymous(addr, length uintptr, prot platform.AccessType, fixed bool) (uintptr, error) {
	return m.MMap(MapOpts{Addr: addr, Length: length, Fixed: fixed, Perms: prot})
}

// MapDirect implements loader.DirectMemory: the memory file's pages at
// off, shared with every address space that maps them, with perms as their
// most (mprotect cannot add write to the vDSO).
func (m *MM) MapDirect(addr, length uintptr, perms platform.AccessType, fixed bool, off int64, name string) (uintptr, error) {
	if off%PageSize != 0 || off < 0 {
		return 0, unix.EINVAL
	}
	return m.MMap(MapOpts{Addr: addr, Length: length, Fixed: fixed, Perms: perms, MaxPerms: perms, Shared: true,
		Offset: off, Name: name, Direct: true})
}

// NewStack implements loader.Memory.
func (m *MM) NewStack(size uintptr) (uintptr, error) {
	_, err := m.MMap(MapOpts{Addr: m.stackTop - size, Length: size, Fixed: true, Perms: platform.ReadWrite, GrowsDown: true, Name: "[stack]"})
	return m.stackTop, err
}

// populate makes the pages of [start, end) (inside vma v) present, reading
// file contents where needed (of a shared file, only fault and the pages
// the file already has). If into is not nil, it also maps them (and
// present ones not yet mapped there) into that view's address space.
func (m *MM) populate(v *vma, start, end, fault uintptr, into *View) error {
	if v.direct {
		return m.mapDirect(v, start, end, into)
	}
	if sf := sharedFile(v); sf != nil {
		return m.populateShared(v, sf, start, end, fault, into)
	}
	for va := start; va < end; {
		if _, ok := m.pages[va]; ok {
			va += PageSize
			continue
		}
		run := va
		for run < end {
			if _, ok := m.pages[run]; ok {
				break
			}
			run += PageSize
		}
		n := int((run - va) / PageSize)
		off, err := m.mf.Allocate(n)
		if err != nil {
			return err
		}
		if v.file != nil {
			foff := v.off + int64(va-v.start)
			size := v.file.Size()
			if foff < size {
				want := int64(n) * PageSize
				if foff+want > size {
					want = size - foff
				}
				if _, err := v.file.ReadAt(m.mf.Bytes(off, int(want)), foff); err != nil && !isEOF(err) {
					m.mf.Free(off, n)
					return unix.EIO
				}
			}
		}
		for i := 0; i < n; i++ {
			m.pages[va+uintptr(i)*PageSize] = &pte{off: off + int64(i)*PageSize}
		}
		va = run
	}
	if into == nil {
		return nil
	}
	for va := start; va < end; {
		p := m.pages[va]
		if _, ok := into.mapped[va]; ok {
			va += PageSize
			continue
		}
		m.settleCOW(p)
		perms := mapPerms(v, p)
		runStart, runOff := va, p.off
		va += PageSize
		for va < end {
			q := m.pages[va]
			if _, ok := into.mapped[va]; ok || q.off != runOff+int64(va-runStart) {
				break
			}
			m.settleCOW(q)
			if mapPerms(v, q) != perms {
				break
			}
			va += PageSize
		}
		if err := into.as.MapFile(runStart, va-runStart, runOff, perms); err != nil {
			return err
		}
		for a := runStart; a < va; a += PageSize {
			into.mapped[a] = perms.Write
		}
	}
	return nil
}

// mapPerms is what private page p of v is mapped with: v's permissions,
// less write while p is copy-on-write.
func mapPerms(v *vma, p *pte) platform.AccessType {
	perms := v.perms
	if p.cow {
		perms.Write = false
	}
	return perms
}

// settleCOW clears p's copy-on-write mark when no other address space
// owns its page any more (the child of a fork exec'd or exited).
func (m *MM) settleCOW(p *pte) {
	if p.cow && m.mf.Sole(p.off) {
		p.cow = false
	}
}

// breakCOWLocked makes the private page at va writable by this address
// space alone: a copy-on-write page is taken over when this is its last
// owner, else copied. It reports whether the page moved in the memory
// file: then every view that maps va must drop it before the caller
// drops this address space's ownership of old (DecRef). m.mu is held.
func (m *MM) breakCOWLocked(va uintptr) (old int64, moved bool, err error) {
	p := m.pages[va]
	if p == nil || !p.cow {
		return 0, false, nil
	}
	if m.mf.Sole(p.off) {
		p.cow = false
		return 0, false, nil
	}
	off, err := m.mf.Allocate(1)
	if err != nil {
		return 0, false, err
	}
	// The other owners never write the page while it has more than one
	// owner, so the copy is consistent. The caller drops this owner (which
	// frees the old page if the others copied meanwhile) once no view of
	// this address space maps the old page any more.
	copy(m.mf.Bytes(off, PageSize), m.mf.Bytes(p.off, PageSize))
	old = p.off
	p.off, p.cow = off, false
	return old, true, nil
}

// writablePageLocked breaks copy-on-write at private page va (present) for
// a write by the sentry or by the thread whose view is into (nil: the
// sentry), dropping stale mappings of it from the views.
func (m *MM) writablePageLocked(va uintptr, into *View) error {
	old, moved, err := m.breakCOWLocked(va)
	if err != nil {
		return err
	}
	if !moved {
		return nil
	}
	// into's own mapping of the old page is replaced by the caller; its
	// thread is in the fault handler, not running app code.
	stale := false
	for _, w := range m.views {
		if _, ok := w.mapped[va]; ok && w != into {
			stale = true
		}
	}
	if stale {
		m.invalidateLocked(va, PageSize)
		if into != nil {
			into.applyPending()
		}
	}
	m.mf.DecRef([]int64{old})
	return nil
}

// mapDirect maps the pages of [start, end) of direct vma v not yet mapped
// into the view into (nil: nothing to do, the pages are always present).
func (m *MM) mapDirect(v *vma, start, end uintptr, into *View) error {
	if into == nil {
		return nil
	}
	for va := start; va < end; {
		if _, ok := into.mapped[va]; ok {
			va += PageSize
			continue
		}
		run := va
		for va < end {
			if _, ok := into.mapped[va]; ok {
				break
			}
			va += PageSize
		}
		if err := into.as.MapFile(run, va-run, v.off+int64(run-v.start), v.perms); err != nil {
			return err
		}
		for a := run; a < va; a += PageSize {
			into.mapped[a] = v.perms.Write
		}
	}
	return nil
}

// ErrAccessDenied is HandleFault's error for an address inside a mapping whose
// permissions do not allow the access (SIGSEGV with SEGV_ACCERR); it is an
// EFAULT (errors.Is).
var ErrAccessDenied = fmt.Errorf("%w (mapping does not allow the access)", unix.EFAULT)

// HandleFault resolves an app page fault at addr needing access (as the
// platform reported it). It returns EFAULT when the app must get SIGSEGV:
// ErrAccessDenied when a mapping is there (SEGV_ACCERR), plain EFAULT when
// none is (SEGV_MAPERR).
func (m *MM) HandleFault(addr uintptr, access platform.AccessType) error {
	return m.HandleFaultIn(m.def, addr, access)
}

// HandleFaultIn is HandleFault for the thread whose view is into.
func (m *MM) HandleFaultIn(into *View, addr uintptr, access platform.AccessType) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	// Unmaps queued on this view (by other threads) go first: the pages
	// this fault maps must not be unmapped again by a stale queue entry.
	into.applyPending()
	i := m.find(addr)
	if i < 0 {
		return unix.EFAULT
	}
	v := m.vmas[i]
	if !v.perms.Supersets(access) || v.perms == platform.NoAccess {
		return ErrAccessDenied
	}
	va := pageDown(addr)
	if w, ok := into.mapped[va]; ok {
		if p := m.pages[va]; p != nil && access.Write && !w && v.perms.Write {
			// A write to a copy-on-write page (or one taken over since
			// it was mapped read-only).
			return m.remapWritableLocked(into, v, va)
		}
		// Mapped with the vma's permissions and still faulting: the access
		// was one the platform could not name precisely and is not allowed.
		return ErrAccessDenied
	}
	lo := va &^ (faultAround*PageSize - 1)
	hi := lo + faultAround*PageSize
	if lo < v.start {
		lo = v.start
	}
	if hi > v.end || hi < lo {
		hi = v.end
	}
	sf := sharedFile(v)
	if err := m.populate(v, lo, hi, va, into); err != nil && sf == nil {
		return err
	}
	w, ok := into.mapped[va]
	if !ok {
		if sf != nil {
			return ErrBus // a shared file's page past its end
		}
		return unix.EFAULT
	}
	if access.Write && !w && v.perms.Write && m.pages[va] != nil {
		return m.remapWritableLocked(into, v, va)
	}
	return nil
}

// remapWritableLocked breaks copy-on-write at private page va of v for a
// write by into's thread and maps the page writable there.
func (m *MM) remapWritableLocked(into *View, v *vma, va uintptr) error {
	if err := m.writablePageLocked(va, into); err != nil {
		return err
	}
	if err := into.as.MapFile(va, PageSize, m.pages[va].off, v.perms); err != nil {
		return err
	}
	into.mapped[va] = v.perms.Write
	return nil
}

// copy moves bytes between b and app memory at addr. write: into the app.
// force: ignore the mappings' permissions (the loader; ptrace peeks).
func (m *MM) copy(addr uintptr, b []byte, write, force bool) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	done := 0
	for done < len(b) {
		a := addr + uintptr(done)
		if a < addr {
			return done, unix.EFAULT
		}
		i := m.find(a)
		if i < 0 {
			return done, unix.EFAULT
		}
		v := m.vmas[i]
		if !force && ((write && !v.perms.Write) || (!write && !v.perms.Read)) {
			return done, unix.EFAULT
		}
		va := pageDown(a)
		off, err := m.pageOffLocked(v, va, write)
		if err != nil {
			return done, err
		}
		po := int(a - va)
		n := PageSize - po
		if n > len(b)-done {
			n = len(b) - done
		}
		mem := m.mf.Bytes(off+int64(po), n)
		if write {
			copy(mem, b[done:done+n])
		} else {
			copy(b[done:done+n], mem)
		}
		done += n
	}
	return done, nil
}

// pageOffLocked returns the memory-file offset of page va of v for the
// sentry to read or (write) write, making it present and breaking
// copy-on-write for a write. Errors: EFAULT. m.mu is held.
func (m *MM) pageOffLocked(v *vma, va uintptr, write bool) (int64, error) {
	if v.direct {
		if write {
			return 0, unix.EFAULT // shared by every process
		}
		return v.off + int64(va-v.start), nil
	}
	if sf := sharedFile(v); sf != nil {
		o, err := sharedOffset(v, sf, va)
		if err != nil {
			return 0, unix.EFAULT
		}
		return o, nil
	}
	if _, ok := m.pages[va]; !ok {
		if err := m.populate(v, va, va+PageSize, va, nil); err != nil {
			return 0, unix.EFAULT
		}
	}
	if write {
		if err := m.writablePageLocked(va, nil); err != nil {
			return 0, unix.EFAULT
		}
	}
	return m.pages[va].off, nil
}

// CopyIn reads len(dst) bytes of app memory at addr. Errors: EFAULT (with the
// count of bytes copied before the bad page).
func (m *MM) CopyIn(addr uintptr, dst []byte) (int, error) { return m.copy(addr, dst, false, false) }

// CopyOut writes src to app memory at addr. Errors: EFAULT.
func (m *MM) CopyOut(addr uintptr, src []byte) (int, error) { return m.copy(addr, src, true, false) }

// ForceCopyOut writes src ignoring write protection (the loader's view).
func (m *MM) ForceCopyOut(addr uintptr, src []byte) error {
	_, err := m.copy(addr, src, true, true)
	return err
}

// CopyInString reads a NUL-terminated string of at most max bytes (without
// the NUL). Errors: EFAULT, ENAMETOOLONG when no NUL is found within max.
func (m *MM) CopyInString(addr uintptr, max int) (string, error) {
	var out []byte
	buf := make([]byte, 256)
	for len(out) < max+1 {
		// Read up to the end of the page so a string ending just before an
		// unmapped page is fine.
		n := PageSize - int(addr%PageSize)
		if n > len(buf) {
			n = len(buf)
		}
		got, err := m.CopyIn(addr, buf[:n])
		for i := 0; i < got; i++ {
			if buf[i] == 0 {
				if len(out)+i > max {
					return "", unix.ENAMETOOLONG
				}
				return string(append(out, buf[:i]...)), nil
			}
		}
		if err != nil {
			return "", errno.Of(err)
		}
		out = append(out, buf[:got]...)
		addr += uintptr(got)
	}
	return "", unix.ENAMETOOLONG
}

func isEOF(err error) bool { return errors.Is(err, io.EOF) }

// coveredLocked reports whether every byte of [addr, end) lies in a vma for
// which ok holds (nil: any vma). m.mu is held.
func (m *MM) coveredLocked(addr, end uintptr, ok func(*vma) bool) bool {
	if end < addr {
		return false
	}
	for a := addr; a < end; {
		i := m.find(a)
		if i < 0 || (ok != nil && !ok(m.vmas[i])) {
			return false
		}
		a = m.vmas[i].end
	}
	return true
}

// CheckRange reports EFAULT unless all of [addr, addr+length) is mapped with
// read (or, if write, write) permission.
func (m *MM) CheckRange(addr, length uintptr, write bool) error {
	if length == 0 {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.coveredLocked(addr, addr+length, func(v *vma) bool {
		return (write && v.perms.Write) || (!write && v.perms.Read)
	}) {
		return unix.EFAULT
	}
	return nil
}

// MAdviseCheckMapped reports ENOMEM unless all of [addr, addr+length) is mapped.
func (m *MM) MAdviseCheckMapped(addr, length uintptr) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.coveredLocked(addr, addr+length, nil) {
		return unix.ENOMEM
	}
	return nil
}

// Fork returns a copy of the address space for a child process: the same
// mappings; private pages are shared copy-on-write (each owner copies a
// page before its first write, or takes it over once it is the last
// owner), shared mappings map the same file pages (anonymous shared
// memory is a sharedAnon object, so it stays shared). The parent's
// writable private mappings are dropped from its views so that its next
// write to each page faults and breaks copy-on-write.
func (m *MM) Fork() (*MM, error) {
	c, err := New(m.mf, m.p)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c.brkStart, c.brk, c.stackTop, c.mmapBase = m.brkStart, m.brk, m.stackTop, m.mmapBase
	c.exec = m.exec
	for _, v := range m.vmas {
		w := *v
		c.vmas = append(c.vmas, &w)
		countMap(&w, 1)
	}
	// Write access goes first: once every writable private mapping is
	// gone from the views, no thread of this process can store to a page
	// without faulting (and the fault waits for m.mu), so the child gets
	// one consistent snapshot.
	for _, v := range m.vmas {
		if v.shared || v.direct || !v.perms.Write {
			continue
		}
		if m.mappedWritableLocked(v.start, v.end) {
			m.invalidateLocked(v.start, v.end-v.start)
		}
	}
	offs := make([]int64, 0, len(m.pages))
	for va, p := range m.pages {
		p.cow = true
		c.pages[va] = &pte{off: p.off, cow: true}
		offs = append(offs, p.off)
	}
	m.mf.IncRef(offs)
	return c, nil
}

// mappedWritableLocked reports whether any view maps a page of [start,
// end) writable.
func (m *MM) mappedWritableLocked(start, end uintptr) bool {
	for _, w := range m.views {
		if uintptr(len(w.mapped)) < (end-start)/PageSize {
			for va, wr := range w.mapped {
				if wr && va >= start && va < end {
					return true
				}
			}
			continue
		}
		for va := start; va < end; va += PageSize {
			if w.mapped[va] {
				return true
			}
		}
	}
	return false
}
