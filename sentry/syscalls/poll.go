package syscalls

import (
	"encoding/binary"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/epoll"
	"husk/sentry/fs/eventfd"
	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

func init() {
	reg("epoll_create", Partial, "pipes, unix sockets, eventfds, timerfds, signalfds, pidfds and inotify instances can be watched; other files: EPERM", sysEpollCreate)
	reg("epoll_create1", Partial, "pipes, unix sockets, eventfds, timerfds, signalfds, pidfds and inotify instances can be watched; other files: EPERM", sysEpollCreate1)
	reg("epoll_ctl", Partial, "pipes, unix sockets, eventfds, timerfds, signalfds, pidfds, inotify; others EPERM", sysEpollCtl)
	reg("epoll_wait", Partial, "as epoll_ctl", sysEpollWait)
	reg("epoll_pwait", Partial, "as epoll_ctl", sysEpollPwait)
	reg("eventfd", Supported, "", sysEventfd)
	reg("eventfd2", Supported, "", sysEventfd2)
}

func installNew(t *kernel.Task, impl vfs.FileImpl, flags int, cloexec bool) (uintptr, error) {
	f := vfs.NewFile(impl, nil, flags)
	defer f.DecRef()
	fd, err := t.FDs.Install(f, 0, cloexec)
	return uintptr(fd), err
}

func sysEpollCreate(t *kernel.Task, a Args) (uintptr, error) {
	if int32(a[0]) <= 0 {
		return 0, unix.EINVAL
	}
	return installNew(t, epoll.New(), unix.O_RDWR, false)
}

func sysEpollCreate1(t *kernel.Task, a Args) (uintptr, error) {
	if a[0]&^unix.EPOLL_CLOEXEC != 0 {
		return 0, unix.EINVAL
	}
	return installNew(t, epoll.New(), unix.O_RDWR, a[0]&unix.EPOLL_CLOEXEC != 0)
}

func epollOf(t *kernel.Task, fd uintptr) (*vfs.File, *epoll.Epoll, error) {
	f, err := getFile(t, fd)
	if err != nil {
		return nil, nil, err
	}
	ep, ok := f.Impl.(*epoll.Epoll)
	if !ok {
		f.DecRef()
		return nil, nil, unix.EINVAL
	}
	return f, ep, nil
}

func sysEpollCtl(t *kernel.Task, a Args) (uintptr, error) {
	ef, ep, err := epollOf(t, a[0])
	if err != nil {
		return 0, err
	}
	defer ef.DecRef()
	f, err := getFile(t, a[2])
	if err != nil {
		return 0, err
	}
	defer f.DecRef()
	if f == ef {
		return 0, unix.EINVAL
	}
	op := int(a[1])
	var events uint32
	var data uint64
	if op != unix.EPOLL_CTL_DEL {
		b := make([]byte, 12)
		if _, err := t.MM.CopyIn(a[3], b); err != nil {
			return 0, unix.EFAULT
		}
		events, data = binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint64(b[4:])
	}
	return 0, ep.Ctl(op, int32(a[2]), f, events, data)
}

func epollWait(t *kernel.Task, epfd, events, max uintptr, deadline *time.Time) (uintptr, error) {
	if int32(max) <= 0 || int32(max) > epoll.MaxEvents {
		return 0, unix.EINVAL
	}
	ef, ep, err := epollOf(t, epfd)
	if err != nil {
		return 0, err
	}
	defer ef.DecRef()
	if err := t.MM.CheckRange(events, max*12, true); err != nil {
		return 0, err
	}
	evs, err := ep.Wait(int(int32(max)), deadline, t)
	if err != nil {
		return 0, err
	}
	b := make([]byte, 0, 12*len(evs))
	for _, e := range evs {
		b = binary.LittleEndian.AppendUint32(b, e.Events)
		b = binary.LittleEndian.AppendUint64(b, e.Data)
	}
	if _, err := t.MM.CopyOut(events, b); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(len(evs)), nil
}

func msDeadline(ms int32) *time.Time {
	if ms < 0 {
		return nil
	}
	d := time.Now().Add(time.Duration(ms) * time.Millisecond)
	return &d
}

func sysEpollWait(t *kernel.Task, a Args) (uintptr, error) {
	return epollWait(t, a[0], a[1], a[2], msDeadline(int32(a[3])))
}

func sysEpollPwait(t *kernel.Task, a Args) (uintptr, error) {
	return withMask(t, a[4], a[5], func() (uintptr, error) {
		return epollWait(t, a[0], a[1], a[2], msDeadline(int32(a[3])))
	})
}

func sysEventfd(t *kernel.Task, a Args) (uintptr, error) {
	return installNew(t, eventfd.New(uint64(uint32(a[0])), false), unix.O_RDWR, false)
}

func sysEventfd2(t *kernel.Task, a Args) (uintptr, error) {
	const efdSemaphore = 1
	flags := int(a[1])
	if flags&^(unix.O_CLOEXEC|unix.O_NONBLOCK|efdSemaphore) != 0 {
		return 0, unix.EINVAL
	}
	e := eventfd.New(uint64(uint32(a[0])), flags&efdSemaphore != 0)
	return installNew(t, e, unix.O_RDWR|flags&unix.O_NONBLOCK, flags&unix.O_CLOEXEC != 0)
}

func init() {
	reg("poll", Partial, "sentry files by their state; regular files are always ready; the app's stdio is sampled every 5 ms", sysPoll)
	reg("ppoll", Partial, "as poll", sysPpoll)
	reg("select", Partial, "as poll", sysSelect)
	reg("pselect6", Partial, "as poll", sysPselect6)
}

// pollFiles waits until one of fds is ready for what events asks, the
// deadline passes, or a signal comes (EINTR), and fills revents.
func pollFiles(t *kernel.Task, fds []int32, events []uint32, revents []uint32, deadline *time.Time) (int, error) {
	files := make([]*vfs.File, len(fds))
	for i, fd := range fds {
		if fd < 0 {
			continue
		}
		if f, err := t.FDs.Get(fd); err == nil {
			files[i] = f
			defer f.DecRef()
		}
	}
	for {
		n := 0
		var chans []<-chan struct{}
		for i, f := range files {
			revents[i] = 0
			if fds[i] < 0 {
				continue
			}
			if f == nil {
				revents[i] = 0x20 // POLLNVAL
				n++
				continue
			}
			var r uint32
			if p, ok := f.Impl.(vfs.Pollable); ok {
				chans = append(chans, p.Changed())
				r = p.Readiness()
			} else {
				r = vfs.PollIn | vfs.PollOut // regular files are always ready
			}
			r &= events[i] | vfs.PollErr | vfs.PollHup
			if r != 0 {
				revents[i] = r
				n++
			}
		}
		if n > 0 {
			return n, nil
		}
		if deadline != nil && !time.Now().Before(*deadline) {
			return 0, nil
		}
		ch, stop := anyChange(chans)
		err := t.Block(ch, deadline)
		stop()
		switch err {
		case nil:
		case unix.ETIMEDOUT:
			return 0, nil
		default:
			return 0, unix.EINTR
		}
	}
}

// anyChange returns a channel closed when any of chans is (none: never).
func anyChange(chans []<-chan struct{}) (<-chan struct{}, func()) {
	merged := make(chan struct{})
	done := make(chan struct{})
	closed := make(chan struct{}, 1)
	for _, ch := range chans {
		go func(ch <-chan struct{}) {
			select {
			case <-ch:
				select {
				case closed <- struct{}{}:
					close(merged)
				default:
				}
			case <-done:
			}
		}(ch)
	}
	return merged, func() { close(done) }
}

const maxPollFDs = 1 << 20 // RLIMIT_NOFILE's ceiling

func doPoll(t *kernel.Task, addr, nfds uintptr, deadline *time.Time) (uintptr, error) {
	if nfds > maxPollFDs || nfds > uintptr(t.Rlimit(unix.RLIMIT_NOFILE).Cur) {
		return 0, unix.EINVAL
	}
	b := make([]byte, nfds*8)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return 0, unix.EFAULT
	}
	fds := make([]int32, nfds)
	events := make([]uint32, nfds)
	revents := make([]uint32, nfds)
	for i := range fds {
		fds[i] = int32(binary.LittleEndian.Uint32(b[i*8:]))
		events[i] = uint32(binary.LittleEndian.Uint16(b[i*8+4:]))
	}
	n, err := pollFiles(t, fds, events, revents, deadline)
	if err != nil {
		return 0, err
	}
	for i := range fds {
		binary.LittleEndian.PutUint16(b[i*8+6:], uint16(revents[i]))
	}
	if _, err := t.MM.CopyOut(addr, b); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(n), nil
}

func sysPoll(t *kernel.Task, a Args) (uintptr, error) {
	return doPoll(t, a[0], a[1], msDeadline(int32(a[2])))
}

func tsDeadline(t *kernel.Task, addr uintptr) (*time.Time, error) {
	if addr == 0 {
		return nil, nil
	}
	ts, err := copyTimespec(t, addr)
	if err != nil {
		return nil, err
	}
	d := time.Now().Add(time.Duration(ts.Sec)*time.Second + time.Duration(ts.Nsec))
	return &d, nil
}

// withMask runs fn with the signal mask at maskAddr (if any) in force; a
// signal that interrupts fn is delivered under that mask.
func withMask(t *kernel.Task, maskAddr, size uintptr, fn func() (uintptr, error)) (uintptr, error) {
	if maskAddr != 0 {
		if size != 8 {
			return 0, unix.EINVAL
		}
		b := make([]byte, 8)
		if _, err := t.MM.CopyIn(maskAddr, b); err != nil {
			return 0, unix.EFAULT
		}
		return t.WithTempMask(binary.LittleEndian.Uint64(b), fn)
	}
	return fn()
}

func sysPpoll(t *kernel.Task, a Args) (uintptr, error) {
	deadline, err := tsDeadline(t, a[2])
	if err != nil {
		return 0, err
	}
	return withMask(t, a[3], a[4], func() (uintptr, error) { return doPoll(t, a[0], a[1], deadline) })
}

func doSelect(t *kernel.Task, nfds, rd, wr, ex uintptr, deadline *time.Time) (uintptr, error) {
	if int32(nfds) < 0 || nfds > maxPollFDs {
		return 0, unix.EINVAL
	}
	words := (nfds + 63) / 64
	sets := [3][]byte{}
	for i, addr := range []uintptr{rd, wr, ex} {
		if addr == 0 {
			continue
		}
		sets[i] = make([]byte, words*8)
		if _, err := t.MM.CopyIn(addr, sets[i]); err != nil {
			return 0, unix.EFAULT
		}
	}
	isSet := func(set []byte, fd uintptr) bool { return set != nil && set[fd/8]&(1<<(fd%8)) != 0 }
	var fds []int32
	var events []uint32
	for fd := uintptr(0); fd < nfds; fd++ {
		var ev uint32
		if isSet(sets[0], fd) {
			ev |= vfs.PollIn | vfs.PollHup
		}
		if isSet(sets[1], fd) {
			ev |= vfs.PollOut
		}
		if isSet(sets[2], fd) {
			ev |= vfs.PollPri
		}
		if ev != 0 {
			if _, err := t.FDs.CloseOnExec(int32(fd)); err != nil {
				return 0, unix.EBADF
			}
			fds = append(fds, int32(fd))
			events = append(events, ev)
		}
	}
	revents := make([]uint32, len(fds))
	if _, err := pollFiles(t, fds, events, revents, deadline); err != nil {
		return 0, err
	}
	for i := range sets {
		if sets[i] != nil {
			clear(sets[i])
		}
	}
	n := 0
	for i, fd := range fds {
		r := revents[i]
		for j, bits := range []uint32{vfs.PollIn | vfs.PollHup | vfs.PollErr, vfs.PollOut | vfs.PollErr, vfs.PollPri} {
			if sets[j] != nil && r&bits&(events[i]|vfs.PollErr) != 0 && events[i]&bits != 0 {
				sets[j][fd/8] |= 1 << (fd % 8)
				n++
			}
		}
	}
	for i, addr := range []uintptr{rd, wr, ex} {
		if addr != 0 {
			if _, err := t.MM.CopyOut(addr, sets[i]); err != nil {
				return 0, unix.EFAULT
			}
		}
	}
	return uintptr(n), nil
}

func sysSelect(t *kernel.Task, a Args) (uintptr, error) {
	var deadline *time.Time
	if a[4] != 0 {
		b := make([]byte, 16)
		if _, err := t.MM.CopyIn(a[4], b); err != nil {
			return 0, unix.EFAULT
		}
		d, err := tvDur(b)
		if err != nil {
			return 0, err
		}
		dl := time.Now().Add(d)
		deadline = &dl
	}
	return doSelect(t, a[0], a[1], a[2], a[3], deadline)
}

func sysPselect6(t *kernel.Task, a Args) (uintptr, error) {
	deadline, err := tsDeadline(t, a[4])
	if err != nil {
		return 0, err
	}
	var maskAddr, size uintptr
	if a[5] != 0 {
		b := make([]byte, 16)
		if _, err := t.MM.CopyIn(a[5], b); err != nil {
			return 0, unix.EFAULT
		}
		maskAddr, size = uintptr(binary.LittleEndian.Uint64(b)), uintptr(binary.LittleEndian.Uint64(b[8:]))
	}
	return withMask(t, maskAddr, size, func() (uintptr, error) { return doSelect(t, a[0], a[1], a[2], a[3], deadline) })
}
