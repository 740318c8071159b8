package mm

import (
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// AtomicUpdate applies f to the aligned 32-bit word at addr atomically (as
// seen by the app's threads running on other CPUs) and returns the old
// value. Errors: EFAULT (unmapped or not writable), EINVAL (misaligned).
func (m *MM) AtomicUpdate(addr uintptr, f func(old uint32) uint32) (uint32, error) {
	if addr%4 != 0 {
		return 0, unix.EINVAL
	}
	m.mu.Lock()
	i := m.find(addr)
	if i < 0 || !m.vmas[i].perms.Write || m.vmas[i].direct {
		m.mu.Unlock()
		return 0, unix.EFAULT
	}
	va := pageDown(addr)
	off, err := m.pageOffLocked(m.vmas[i], va, true)
	if err != nil {
		m.mu.Unlock()
		return 0, unix.EFAULT
	}
	b := m.mf.Bytes(off+int64(addr-va), 4)
	m.mu.Unlock()
	p := (*uint32)(unsafe.Pointer(&b[0]))
	for {
		old := atomic.LoadUint32(p)
		if atomic.CompareAndSwapUint32(p, old, f(old)) {
			return old, nil
		}
	}
}
