package mm

import "golang.org/x/sys/unix"

// Shared file mappings: a file whose pages live in the memory file (a memfd)
// implements SharedFile. A MAP_SHARED mapping of it maps the file's own
// pages into every address space that maps it (and copy-in/out reaches the
// same pages), so a store through one mapping is seen by read(2), by other
// mappings and by other processes, with no copy. Such pages are never in
// MM.pages: they are not copied at fork nor freed at munmap; the file frees
// them when it is released and no vma maps it any more (Mapped counts vmas).
//
// A MAP_PRIVATE mapping of the same file takes the ordinary path: a private
// copy read at first touch.

// ErrBus is HandleFault's error for an access the app gets SIGBUS for, as
// in Linux: a page of a shared file mapping past the file's end.
var ErrBus = unix.EIO

// MapCounter is a File that is told of every vma made (+1) or dropped (-1)
// over it, so that it keeps its contents while a mapping may still read
// them (a private mapping reads its pages at first touch) or write them
// (shared). shared: MAP_SHARED; writable: shared and may be made writable
// (VM_MAYWRITE). Mapped is called with MM.mu held and must not call back
// into an MM.
type MapCounter interface {
	Mapped(delta int, shared, writable bool)
}

// SharedFile is a File whose MAP_SHARED mappings map its pages themselves.
type SharedFile interface {
	File
	MapCounter
	// SharedPage returns the memory-file offset of the page at the
	// page-aligned file offset off, allocating it if needed.
	// Errors: EFAULT beyond the file's end (Linux: SIGBUS), ENOMEM.
	SharedPage(off int64) (int64, error)
}

// sharedFile returns v's SharedFile when v maps one MAP_SHARED.
func sharedFile(v *vma) SharedFile {
	if !v.shared || v.file == nil {
		return nil
	}
	sf, _ := v.file.(SharedFile)
	return sf
}

// countMap tells v's file, if it counts them, of one more (delta 1) or one
// less (-1) vma.
func countMap(v *vma, delta int) {
	if v.file == nil {
		return
	}
	if mc, ok := v.file.(MapCounter); ok {
		mc.Mapped(delta, v.shared, v.shared && v.maxPerms.Write)
	}
}

// sharedOffset returns the memory-file offset of page va of shared-file vma v.
func sharedOffset(v *vma, sf SharedFile, va uintptr) (int64, error) {
	return sf.SharedPage(v.off + int64(va-v.start))
}

// populateShared maps the file pages of [start, end) of v not yet mapped
// into the view into (nil: nothing to map; the pages are made present),
// one MapFile call per run of pages contiguous in the memory file. Of the
// pages other than fault (the faulting one) only those the file already
// holds are mapped.
func (m *MM) populateShared(v *vma, sf SharedFile, start, end, fault uintptr, into *View) error {
	var runVA uintptr
	var runOff int64
	var runLen uintptr
	flush := func() error {
		if runLen == 0 {
			return nil
		}
		if err := into.as.MapFile(runVA, runLen, runOff, v.perms); err != nil {
			return err
		}
		for a := runVA; a < runVA+runLen; a += PageSize {
			into.mapped[a] = v.perms.Write
		}
		runLen = 0
		return nil
	}
	for va := start; va < end; va += PageSize {
		if into != nil {
			if _, ok := into.mapped[va]; ok {
				if err := flush(); err != nil {
					return err
				}
				continue
			}
		}
		if va != fault {
			// Fault-around maps only pages the file already has: a
			// hole gets a page when touched (mincore tells).
			if pr, ok := sf.(Presenter); ok && !pr.Present(v.off+int64(va-v.start)) {
				if err := flush(); err != nil {
					return err
				}
				continue
			}
		}
		off, err := sharedOffset(v, sf, va)
		if err != nil {
			if va == fault {
				return err
			}
			break // fault-around stops at the file's end
		}
		if into == nil {
			continue
		}
		if runLen > 0 && runVA+runLen == va && runOff+int64(runLen) == off {
			runLen += PageSize
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		runVA, runOff, runLen = va, off, PageSize
	}
	if into == nil {
		return nil
	}
	return flush()
}

// MemoryFile returns the memory file m's pages live in (a memfd allocates
// its pages there).
func (m *MM) MemoryFile() *MemoryFile { return m.mf }
