package vfs

import (
	"math"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/sys/unix"
)

// File locks: flock(2) locks and fcntl(2) record locks (POSIX and OFD), as
// Linux keeps them.
//
//   - flock locks belong to an open file description: dup and fork share
//     them, and they go with the description's last reference.
//   - POSIX record locks (F_SETLK, F_SETLKW) belong to an fd table (Linux's
//     files_struct, that is, a process and its CLONE_FILES threads): closing
//     any of the table's fds of the file drops all of them, and a forked
//     child does not inherit them. A blocked F_SETLKW that would wait on a
//     chain of POSIX owners ending at itself fails with EDEADLK.
//   - OFD record locks (F_OFD_SETLK, F_OFD_SETLKW) belong to an open file
//     description, share the byte ranges with POSIX locks and conflict with
//     them (even those of the same process), and go with the last reference.
//
// flock and record locks are independent of each other, as on Linux's local
// filesystems. Locks are kept per file identity (the file's device and inode
// numbers within the filesystem's inode type or LockDomain), so two opens of
// one path, of two hard links, or of one host file through two mounts share
// one lock state, whatever inode objects the filesystems made for them. Locks are only between the sandbox's own
// processes: the sandbox is the only user of its files from its point of
// view, and no lock reaches the host.
//
// All lock state is guarded by one mutex, locks.mu, a leaf: it is taken
// with no other vfs lock held, and nothing is called under it.

// MaxOffset is the end of a record lock that runs to the end of the file.
const MaxOffset = math.MaxInt64

// RecordLock is one byte-range lock: [Start, End] inclusive, End MaxOffset
// for "to the end of the file, however far it grows".
type RecordLock struct {
	Owner any   // *FDTable (POSIX) or *File (OFD)
	OFD   bool  // an open file description's lock
	Type  int16 // unix.F_RDLCK or unix.F_WRLCK
	Start int64
	End   int64
	PID   int32 // the POSIX owner's process, for F_GETLK
}

func (l *RecordLock) overlaps(o *RecordLock) bool { return l.Start <= o.End && o.Start <= l.End }

// touches reports whether l and o overlap or are adjacent.
func (l *RecordLock) touches(o *RecordLock) bool {
	return l.overlaps(o) || (l.End != MaxOffset && l.End+1 == o.Start) || (o.End != MaxOffset && o.End+1 == l.Start)
}

func (l *RecordLock) conflicts(o *RecordLock) bool {
	return l.Owner != o.Owner && l.overlaps(o) && (l.Type == unix.F_WRLCK || o.Type == unix.F_WRLCK)
}

// RangeSet is the record locks of one file, sorted by start. Its methods
// are the range arithmetic: they never block and never check conflicts
// unless asked.
type RangeSet struct {
	Locks []RecordLock
}

// Conflict returns a lock of another owner that conflicts with req, the one
// with the lowest start.
func (r *RangeSet) Conflict(req *RecordLock) (RecordLock, bool) {
	for i := range r.Locks {
		if r.Locks[i].conflicts(req) {
			return r.Locks[i], true
		}
	}
	return RecordLock{}, false
}

// Set applies req for its owner, assuming no conflict: req.Type F_UNLCK
// removes the owner's locks in the range (splitting one that covers it);
// a lock type replaces the owner's locks in the range and merges with the
// owner's overlapping or adjacent locks of the same type, as Linux does.
func (r *RangeSet) Set(req RecordLock) {
	out := r.Locks[:0:0]
	nl := req
	for _, x := range r.Locks {
		if x.Owner != req.Owner {
			out = append(out, x)
			continue
		}
		if req.Type != unix.F_UNLCK && x.Type == req.Type && x.touches(&req) {
			if x.Start < nl.Start {
				nl.Start = x.Start
			}
			if x.End > nl.End {
				nl.End = x.End
			}
			continue
		}
		if !x.overlaps(&req) {
			out = append(out, x)
			continue
		}
		if x.Start < req.Start {
			left := x
			left.End = req.Start - 1
			out = append(out, left)
		}
		if x.End > req.End {
			right := x
			right.Start = req.End + 1
			out = append(out, right)
		}
	}
	if req.Type != unix.F_UNLCK {
		out = append(out, nl)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	r.Locks = out
}

// RemoveOwner drops every lock of owner; it reports whether there were any.
func (r *RangeSet) RemoveOwner(owner any) bool {
	out := r.Locks[:0]
	for _, x := range r.Locks {
		if x.Owner != owner {
			out = append(out, x)
		}
	}
	removed := len(out) != len(r.Locks)
	r.Locks = out
	return removed
}

// lockKey is a file's identity for locking: the device and inode numbers
// within a domain, the inode's Go type unless it names a LockDomain.
type lockKey struct {
	typ      reflect.Type
	domain   string
	dev, ino uint64
}

// LockDomainer is implemented by inodes (or anonymous files) whose device
// and inode numbers identify a file across several Go types: the gofer's
// read-only and writable inodes, and the app's host stdio, all name host
// files. Without it, the inode's type keeps, say, tmpfs's made-up device
// numbers apart from the host's.
type LockDomainer interface {
	LockDomain() string
}

// HostLockDomain is the lock domain of files the host's numbers name.
const HostLockDomain = "host"

// fileLocks is the lock state of one file.
type fileLocks struct {
	flockEx *File
	flockSh map[*File]struct{}
	records RangeSet
	notify  chan struct{} // closed and replaced at every release
}

func (s *fileLocks) changed() {
	close(s.notify)
	s.notify = make(chan struct{})
}

func (s *fileLocks) empty() bool {
	return s.flockEx == nil && len(s.flockSh) == 0 && len(s.records.Locks) == 0
}

// lockTable is every file's lock state in the sandbox.
type lockTable struct {
	mu    sync.Mutex
	files map[lockKey]*fileLocks
	// posix counts the POSIX locks each fd table holds, so that a close by
	// a table with none costs no stat.
	posix map[*FDTable]int
	// waiting is the lock each blocked POSIX owner waits on (deadlock
	// detection).
	waiting map[*FDTable]RecordLock
}

var locks = lockTable{files: make(map[lockKey]*fileLocks), posix: make(map[*FDTable]int),
	waiting: make(map[*FDTable]RecordLock)}

// keyOf returns f's lock identity, computed once.
func keyOf(f *File) (lockKey, error) {
	if k := f.identity.Load(); k != nil {
		return *k, nil
	}
	k, err := identityOf(f)
	if err != nil {
		return lockKey{}, err
	}
	f.identity.Store(&k)
	return k, nil
}

func identityOf(f *File) (lockKey, error) {
	var src any = f.Impl
	var st Stat
	var err error
	if f.Dentry != nil {
		src = f.Dentry.inode
		st, err = f.Dentry.inode.Stat()
	} else {
		st, err = f.Impl.Stat()
	}
	if err != nil {
		return lockKey{}, err
	}
	if ld, ok := src.(LockDomainer); ok {
		return lockKey{domain: ld.LockDomain(), dev: st.Dev, ino: st.Ino}, nil
	}
	return lockKey{typ: reflect.TypeOf(src), dev: st.Dev, ino: st.Ino}, nil
}

// state returns key's lock state, made if absent (locks.mu held).
func (lt *lockTable) state(k lockKey) *fileLocks {
	s := lt.files[k]
	if s == nil {
		s = &fileLocks{notify: make(chan struct{})}
		lt.files[k] = s
	}
	return s
}

// tidy forgets k's state once it holds nothing (locks.mu held).
func (lt *lockTable) tidy(k lockKey, s *fileLocks) {
	if s.empty() {
		delete(lt.files, k)
	}
}

// countPosix recomputes how many POSIX locks owner holds in s after a
// change from before (locks.mu held).
func (lt *lockTable) countPosix(owner *FDTable, before, after int) {
	n := lt.posix[owner] + after - before
	if n <= 0 {
		delete(lt.posix, owner)
	} else {
		lt.posix[owner] = n
	}
}

func ownedBy(r *RangeSet, owner any) int {
	n := 0
	for i := range r.Locks {
		if r.Locks[i].Owner == owner {
			n++
		}
	}
	return n
}

// Flock implements flock(2): op is LOCK_SH, LOCK_EX or LOCK_UN. A holder
// converting its lock loses the old one first, as in Linux. Errors:
// EWOULDBLOCK (nonblock and a conflict), EBADF (O_PATH), a restart code
// from b.
func (f *File) Flock(op int, nonblock bool, b Blocker) error {
	if f.isPath() {
		return unix.EBADF
	}
	k, err := keyOf(f)
	if err != nil {
		return err
	}
	lt := &locks
	lt.mu.Lock()
	defer lt.mu.Unlock()
	s := lt.state(k)
	_, holdsSh := s.flockSh[f]
	holdsEx := s.flockEx == f
	if (op == unix.LOCK_SH && holdsSh) || (op == unix.LOCK_EX && holdsEx) {
		return nil
	}
	if holdsSh || holdsEx {
		delete(s.flockSh, f)
		if holdsEx {
			s.flockEx = nil
		}
		s.changed()
	}
	if op == unix.LOCK_UN {
		lt.tidy(k, s)
		return nil
	}
	for {
		busy := s.flockEx != nil || (op == unix.LOCK_EX && len(s.flockSh) > 0)
		if !busy {
			break
		}
		if nonblock {
			lt.tidy(k, s)
			return unix.EWOULDBLOCK
		}
		ch := s.notify
		lt.mu.Unlock()
		err := b.Wait(ch)
		lt.mu.Lock()
		s = lt.state(k)
		if err != nil {
			lt.tidy(k, s)
			return err
		}
	}
	f.markLocked(k) // after the wait: the file may have been released meanwhile
	if op == unix.LOCK_EX {
		s.flockEx = f
	} else {
		if s.flockSh == nil {
			s.flockSh = make(map[*File]struct{})
		}
		s.flockSh[f] = struct{}{}
	}
	return nil
}

// LockRange is a record lock request as fcntl's struct flock gives it.
type LockRange struct {
	Type   int16 // F_RDLCK, F_WRLCK, F_UNLCK
	Whence int16 // SEEK_SET, SEEK_CUR, SEEK_END
	Start  int64
	Len    int64
	PID    int32
}

// span turns a request into an inclusive byte range, as Linux does.
// Errors: EINVAL (a bad whence, a range before offset 0), EOVERFLOW.
func (f *File) span(r *LockRange) (int64, int64, error) {
	var base int64
	switch r.Whence {
	case unix.SEEK_SET:
	case unix.SEEK_CUR:
		f.mu.Lock()
		base = f.offset
		f.mu.Unlock()
	case unix.SEEK_END:
		st, err := f.Impl.Stat()
		if err != nil {
			return 0, 0, err
		}
		base = st.Size
	default:
		return 0, 0, unix.EINVAL
	}
	if (r.Start > 0 && base > MaxOffset-r.Start) || (r.Start < 0 && base < math.MinInt64-r.Start) {
		return 0, 0, unix.EOVERFLOW
	}
	start := base + r.Start
	if start < 0 {
		return 0, 0, unix.EINVAL
	}
	switch {
	case r.Len > 0:
		if r.Len-1 > MaxOffset-start {
			return 0, 0, unix.EOVERFLOW
		}
		return start, start + r.Len - 1, nil
	case r.Len < 0:
		if start+r.Len < 0 {
			return 0, 0, unix.EINVAL
		}
		return start + r.Len, start - 1, nil
	}
	return start, MaxOffset, nil
}

// checkType validates a request's lock type (F_UNLCK only to set).
// Errors: EINVAL.
func checkType(r *LockRange, get bool) error {
	switch r.Type {
	case unix.F_RDLCK, unix.F_WRLCK:
		return nil
	case unix.F_UNLCK:
		if !get {
			return nil
		}
	}
	return unix.EINVAL
}

// checkMode checks that f was opened for what the lock type needs: reading
// for a read lock, writing for a write lock. Errors: EBADF.
func (f *File) checkMode(r *LockRange) error {
	if f.isPath() || (r.Type == unix.F_RDLCK && !f.Readable()) || (r.Type == unix.F_WRLCK && !f.Writable()) {
		return unix.EBADF
	}
	return nil
}

// owner returns the record lock owner: the fd table for POSIX locks, the
// open file description for OFD ones.
func (f *File) owner(posix *FDTable) any {
	if posix != nil {
		return posix
	}
	return f
}

// SetRecordLock implements F_SETLK and F_SETLKW (posix is the caller's fd
// table, pid its process) and, with posix nil, F_OFD_SETLK and
// F_OFD_SETLKW. wait says whether a conflict waits (through b).
// Errors: EAGAIN (a conflict, no wait), EDEADLK, EINVAL, EBADF, EOVERFLOW,
// a restart code from b.
func (f *File) SetRecordLock(posix *FDTable, pid int32, r LockRange, wait bool, b Blocker) error {
	// Checked in Linux's order: the range, the type, the access mode, l_pid.
	start, end, err := f.span(&r)
	if err != nil {
		return err
	}
	if err := checkType(&r, false); err != nil {
		return err
	}
	if err := f.checkMode(&r); err != nil {
		return err
	}
	if posix == nil && r.PID != 0 {
		return unix.EINVAL
	}
	k, err := keyOf(f)
	if err != nil {
		return err
	}
	req := RecordLock{Owner: f.owner(posix), OFD: posix == nil, Type: r.Type, Start: start, End: end}
	if posix != nil {
		req.PID = pid
	}
	lt := &locks
	lt.mu.Lock()
	defer lt.mu.Unlock()
	for {
		s := lt.state(k)
		if posix == nil {
			f.markLocked(k)
		}
		c, busy := RecordLock{}, false
		if r.Type != unix.F_UNLCK {
			c, busy = s.records.Conflict(&req)
		}
		if !busy {
			before := ownedBy(&s.records, req.Owner)
			s.records.Set(req)
			if posix != nil {
				lt.countPosix(posix, before, ownedBy(&s.records, req.Owner))
			}
			s.changed()
			lt.tidy(k, s)
			return nil
		}
		if !wait {
			lt.tidy(k, s)
			return unix.EAGAIN
		}
		if posix != nil {
			if lt.deadlock(posix, c) {
				lt.tidy(k, s)
				return unix.EDEADLK
			}
			lt.waiting[posix] = c
		}
		ch := s.notify
		lt.mu.Unlock()
		err := b.Wait(ch)
		lt.mu.Lock()
		if posix != nil {
			delete(lt.waiting, posix)
		}
		if err != nil {
			lt.tidy(k, lt.state(k))
			return err
		}
	}
}

// maxDeadlockSteps bounds the walk of the waits-for chain, as Linux's
// MAX_DEADLK_ITERATIONS does.
const maxDeadlockSteps = 10

// deadlock reports whether caller waiting on blocker would close a cycle of
// POSIX owners waiting on each other (locks.mu held). OFD locks take no part.
func (lt *lockTable) deadlock(caller *FDTable, blocker RecordLock) bool {
	for i := 0; i < maxDeadlockSteps; i++ {
		if blocker.OFD {
			return false
		}
		o, ok := blocker.Owner.(*FDTable)
		if !ok {
			return false
		}
		next, waits := lt.waiting[o]
		if !waits {
			return false
		}
		if !next.OFD && next.Owner == caller {
			return true
		}
		blocker = next
	}
	return false
}

// GetRecordLock implements F_GETLK (posix the caller's fd table) and
// F_OFD_GETLK (posix nil): it returns the first lock that would conflict
// with r, as struct flock (Whence SEEK_SET, Len 0 for "to the end", PID -1
// for an OFD lock), or r with Type F_UNLCK when none would.
// Errors: EINVAL, EBADF, EOVERFLOW.
func (f *File) GetRecordLock(posix *FDTable, r LockRange) (LockRange, error) {
	// Checked in Linux's order: the type, the range, l_pid.
	if f.isPath() {
		return r, unix.EBADF
	}
	if err := checkType(&r, true); err != nil {
		return r, err
	}
	start, end, err := f.span(&r)
	if err != nil {
		return r, err
	}
	if posix == nil && r.PID != 0 {
		return r, unix.EINVAL
	}
	k, err := keyOf(f)
	if err != nil {
		return r, err
	}
	req := RecordLock{Owner: f.owner(posix), OFD: posix == nil, Type: r.Type, Start: start, End: end}
	lt := &locks
	lt.mu.Lock()
	defer lt.mu.Unlock()
	s, ok := lt.files[k]
	if !ok {
		r.Type = unix.F_UNLCK
		return r, nil
	}
	c, busy := s.records.Conflict(&req)
	if !busy {
		r.Type = unix.F_UNLCK
		return r, nil
	}
	out := LockRange{Type: c.Type, Whence: unix.SEEK_SET, Start: c.Start, PID: c.PID}
	if c.End != MaxOffset {
		out.Len = c.End - c.Start + 1
	}
	if c.OFD {
		out.PID = -1
	}
	return out, nil
}

// markLocked remembers that f may hold flock or OFD locks on k, so that its
// last reference drops them (locks.mu held).
func (f *File) markLocked(k lockKey) {
	f.lockKey = &k
	f.mayHoldLocks.Store(true)
}

// releaseLocks drops f's flock and OFD locks (its last reference is gone).
func (f *File) releaseLocks() {
	if !f.mayHoldLocks.Load() {
		return
	}
	lt := &locks
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if f.lockKey == nil {
		return
	}
	k := *f.lockKey
	f.lockKey = nil
	s, ok := lt.files[k]
	if !ok {
		return
	}
	changed := s.records.RemoveOwner(f)
	if s.flockEx == f {
		s.flockEx = nil
		changed = true
	}
	if _, ok := s.flockSh[f]; ok {
		delete(s.flockSh, f)
		changed = true
	}
	if changed {
		s.changed()
	}
	lt.tidy(k, s)
}

// releasePosix drops owner's POSIX locks on f's file: the owner closed one
// of its fds of it.
func releasePosix(owner *FDTable, f *File) {
	lt := &locks
	lt.mu.Lock()
	has := lt.posix[owner] > 0
	lt.mu.Unlock()
	if !has {
		return
	}
	k, err := keyOf(f)
	if err != nil {
		return
	}
	lt.mu.Lock()
	defer lt.mu.Unlock()
	s, ok := lt.files[k]
	if !ok {
		return
	}
	before := ownedBy(&s.records, owner)
	if before == 0 {
		return
	}
	s.records.RemoveOwner(owner)
	lt.countPosix(owner, before, 0)
	s.changed()
	lt.tidy(k, s)
}
