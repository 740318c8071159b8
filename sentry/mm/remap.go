package mm

import (
	"golang.org/x/sys/unix"
)

// mremap(2) flags.
const (
	MremapMayMove   = 0x1
	MremapFixed     = 0x2
	MremapDontUnmap = 0x4
)

// MRemap implements mremap(2): it shrinks, grows in place, or moves the
// mapping at [oldAddr, oldAddr+oldSize) to newSize bytes, and returns its
// address. A move re-keys the private pages (no data is copied) and makes
// the same file pages appear at the new place. oldSize 0 on a shared
// mapping maps the same pages a second time (the original stays).
// Errors: EINVAL (flags, alignment, overlapping FIXED ranges, oldSize 0 on
// a private mapping), EFAULT (the old range is not inside one mapping),
// ENOMEM (cannot grow in place without MREMAP_MAYMOVE, or no room).
func (m *MM) MRemap(oldAddr, oldSize, newSize uintptr, flags int, newAddr uintptr) (uintptr, error) {
	if flags&^(MremapMayMove|MremapFixed|MremapDontUnmap) != 0 {
		return 0, unix.EINVAL
	}
	if flags&MremapFixed != 0 && flags&MremapMayMove == 0 {
		return 0, unix.EINVAL
	}
	if flags&MremapDontUnmap != 0 && (flags&MremapMayMove == 0 || oldSize != newSize) {
		return 0, unix.EINVAL
	}
	if oldAddr&(PageSize-1) != 0 {
		return 0, unix.EINVAL
	}
	oldLen, ok1 := pageUp(oldSize)
	newLen, ok2 := pageUp(newSize)
	if !ok1 || !ok2 || newLen == 0 {
		return 0, unix.EINVAL
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if flags&(MremapFixed|MremapDontUnmap) != 0 {
		return m.remapToLocked(oldAddr, oldLen, newLen, flags, newAddr)
	}
	v, err := m.resizableLocked(oldAddr, oldLen, newLen)
	if err != nil {
		return 0, err
	}
	if oldLen >= newLen {
		if oldLen > newLen {
			m.unmapLocked(oldAddr+newLen, oldLen-newLen, true)
		}
		return oldAddr, nil
	}
	delta := newLen - oldLen
	if oldLen > 0 && oldAddr+oldLen == v.end && v.end+delta > v.end && v.end+delta <= m.p.MaxUserAddress() &&
		m.free(v.end, v.end+delta) {
		v.end += delta
		return oldAddr, nil
	}
	if flags&MremapMayMove == 0 {
		return 0, unix.ENOMEM
	}
	to, err := m.findGap(newLen)
	if err != nil {
		return 0, err
	}
	m.moveLocked(oldAddr, oldLen, to, newLen, false)
	return to, nil
}

// resizableLocked returns the vma that holds all of [addr, addr+oldLen)
// (at least its first byte when oldLen is 0). Errors: EFAULT, EINVAL.
func (m *MM) resizableLocked(addr, oldLen, newLen uintptr) (*vma, error) {
	i := m.find(addr)
	if i < 0 {
		return nil, unix.EFAULT
	}
	v := m.vmas[i]
	if oldLen > v.end-addr {
		return nil, unix.EFAULT
	}
	if oldLen == 0 && !v.shared {
		return nil, unix.EINVAL
	}
	if v.direct && newLen != oldLen {
		return nil, unix.EFAULT // the vDSO does not grow
	}
	return v, nil
}

// remapToLocked is mremap with MREMAP_FIXED and/or MREMAP_DONTUNMAP.
func (m *MM) remapToLocked(oldAddr, oldLen, newLen uintptr, flags int, newAddr uintptr) (uintptr, error) {
	if flags&MremapFixed != 0 {
		if newAddr&(PageSize-1) != 0 {
			return 0, unix.EINVAL
		}
		if newLen > m.p.MaxUserAddress() || newAddr > m.p.MaxUserAddress()-newLen {
			return 0, unix.EINVAL
		}
		if oldAddr+oldLen > newAddr && newAddr+newLen > oldAddr {
			return 0, unix.EINVAL
		}
		if newAddr < m.p.MinUserAddress() {
			return 0, unix.EPERM
		}
	}
	shrinkTo := oldLen
	if oldLen > newLen {
		shrinkTo = newLen
	}
	if _, err := m.resizableLocked(oldAddr, shrinkTo, newLen); err != nil {
		return 0, err
	}
	if flags&MremapFixed != 0 {
		m.unmapLocked(newAddr, newLen, true)
	}
	if oldLen > newLen {
		m.unmapLocked(oldAddr+newLen, oldLen-newLen, true)
		oldLen = newLen
	}
	if flags&MremapFixed == 0 {
		a, err := m.findGap(newLen)
		if err != nil {
			return 0, err
		}
		newAddr = a
	}
	m.moveLocked(oldAddr, oldLen, newAddr, newLen, flags&MremapDontUnmap != 0)
	return newAddr, nil
}

// moveLocked makes [to, to+newLen) (free) map what [from, from+oldLen)
// (inside one vma) maps, moving its private pages there. The old range is
// unmapped unless keepOld (MREMAP_DONTUNMAP: it stays, empty) or oldLen
// is 0 (a second mapping of shared pages).
func (m *MM) moveLocked(from, oldLen, to, newLen uintptr, keepOld bool) {
	if oldLen == 0 {
		v := m.vmas[m.find(from)]
		w := *v
		if w.file != nil || w.direct {
			w.off += int64(from - v.start)
		}
		w.start, w.end = to, to+newLen
		m.insert(&w)
		return
	}
	m.split(from)
	m.split(from + oldLen)
	i := m.find(from)
	v := m.vmas[i]
	w := *v
	w.start, w.end = to, to+newLen
	m.invalidateLocked(from, oldLen)
	for va := from; va < from+oldLen; va += PageSize {
		if p, ok := m.pages[va]; ok {
			delete(m.pages, va)
			m.pages[to+(va-from)] = p
		}
	}
	if !keepOld {
		m.vmas = append(m.vmas[:i], m.vmas[i+1:]...)
		countMap(v, -1)
	}
	m.insert(&w)
}

// msync(2) flags.
const (
	MsAsync      = 0x1
	MsInvalidate = 0x2
	MsSync       = 0x4
)

// Writeback is a shared-mappable file that keeps written pages to write
// back to its backing store (a host file): msync(MS_SYNC) of a shared
// mapping of it writes [off, off+length) back.
type Writeback interface {
	Writeback(off, length int64) error
}

// MSync implements msync(2). Errors: EINVAL (flags, alignment), ENOMEM
// (part of the range unmapped), EIO (writing back failed).
func (m *MM) MSync(addr, length uintptr, flags int) error {
	if flags&^(MsAsync|MsInvalidate|MsSync) != 0 || addr&(PageSize-1) != 0 ||
		flags&(MsAsync|MsSync) == MsAsync|MsSync {
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
	type wb struct {
		f        Writeback
		off, len int64
	}
	var todo []wb
	var err error
	m.mu.Lock()
	for a := addr; a < end; {
		i := m.find(a)
		if i < 0 {
			err = unix.ENOMEM
			// Linux goes on past the hole to the next mapping.
			j := len(m.vmas)
			for k, v := range m.vmas {
				if v.start > a {
					j = k
					break
				}
			}
			if j == len(m.vmas) || m.vmas[j].start >= end {
				break
			}
			a = m.vmas[j].start
			continue
		}
		v := m.vmas[i]
		hi := v.end
		if hi > end {
			hi = end
		}
		if flags&MsSync != 0 && v.shared && v.file != nil {
			if f, ok := v.file.(Writeback); ok {
				todo = append(todo, wb{f, v.off + int64(a-v.start), int64(hi - a)})
			}
		}
		a = hi
	}
	m.mu.Unlock()
	for _, w := range todo {
		if e := w.f.Writeback(w.off, w.len); e != nil && err == nil {
			err = unix.EIO
		}
	}
	return err
}

// Presenter is a shared-mappable file that can tell whether a page is in
// memory (mincore).
type Presenter interface {
	Present(off int64) bool
}

// MinCore fills vec with one byte per page of [addr, addr+len(vec) pages):
// 1 when the page is in memory (a private page touched since mapped or
// forked, a shared file's page that exists), else 0. Errors: EINVAL
// (alignment), ENOMEM (part of the range unmapped).
func (m *MM) MinCore(addr uintptr, vec []byte) error {
	if addr&(PageSize-1) != 0 {
		return unix.EINVAL
	}
	end := addr + uintptr(len(vec))*PageSize
	if end < addr || end > m.p.MaxUserAddress() {
		return unix.ENOMEM
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range vec {
		va := addr + uintptr(k)*PageSize
		i := m.find(va)
		if i < 0 {
			return unix.ENOMEM
		}
		v := m.vmas[i]
		vec[k] = 0
		switch {
		case v.direct:
			vec[k] = 1
		case v.shared && v.file != nil:
			if p, ok := v.file.(Presenter); ok && p.Present(v.off+int64(va-v.start)) {
				vec[k] = 1
			}
		default:
			if _, ok := m.pages[va]; ok {
				vec[k] = 1
			}
		}
	}
	return nil
}

// PunchHoler is a shared-mappable file whose pages can be freed
// (MADV_REMOVE; fallocate(FALLOC_FL_PUNCH_HOLE)).
type PunchHoler interface {
	PunchHole(off, length int64) error
}

// MAdviseRemove implements MADV_REMOVE: the file pages behind a shared
// writable mapping of [addr, addr+length) are freed and read back as zero.
// Errors: EINVAL (alignment, anonymous private memory), ENOMEM (unmapped),
// EACCES (private, or shared but never writable), EOPNOTSUPP (the file cannot free pages).
func (m *MM) MAdviseRemove(addr, length uintptr) error {
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
	for a := addr; a < end; {
		v := m.vmas[m.find(a)]
		hi := v.end
		if hi > end {
			hi = end
		}
		if v.file == nil || v.direct {
			return unix.EINVAL
		}
		if !v.shared || !v.maxPerms.Write {
			return unix.EACCES
		}
		ph, ok := v.file.(PunchHoler)
		if !ok {
			return unix.EOPNOTSUPP
		}
		m.invalidateLocked(a, hi-a)
		if err := ph.PunchHole(v.off+int64(a-v.start), int64(hi-a)); err != nil {
			return err
		}
		a = hi
	}
	return nil
}

// MAdviseFreeCheck reports EINVAL unless all of [addr, addr+length) is
// private anonymous memory (MADV_FREE works only there), ENOMEM when part
// is unmapped.
func (m *MM) MAdviseFreeCheck(addr, length uintptr) error {
	l, ok := pageUp(length)
	if !ok || addr+l < addr {
		return unix.EINVAL
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.coveredLocked(addr, addr+l, nil) {
		return unix.ENOMEM
	}
	if !m.coveredLocked(addr, addr+l, func(v *vma) bool { return !v.shared && v.file == nil && !v.direct }) {
		return unix.EINVAL
	}
	return nil
}
