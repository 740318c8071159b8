// Package syscalls is the amd64 syscall table: every number, its name, its
// support status and a note, and the handlers, grouped by family (file.go,
// lock.go, splice.go, sync.go, mm.go, process.go, signal.go, time.go, ...). A handler decodes its arguments,
// bounds them, calls the subsystem and maps the error; it holds no state.
//
// The table is the single source of truth for support status; `husk
// syscalls` prints it. An unimplemented syscall returns ENOSYS and is logged
// once.
//
// Lock order: Table.mu (the log-once set) is a leaf.
package syscalls

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"

	"husk/sentry/errno"
	"husk/sentry/kernel"
)

// Status says how far a syscall is implemented.
type Status int

const (
	Unsupported Status = iota // returns ENOSYS
	Partial                   // works for the common cases; the note says what is missing
	Supported                 // behaves as Linux does
)

func (s Status) String() string {
	switch s {
	case Supported:
		return "supported"
	case Partial:
		return "partial"
	}
	return "unsupported"
}

// Args are a syscall's six raw arguments.
type Args = [6]uintptr

// Handler serves one syscall.
type Handler func(t *kernel.Task, a Args) (uintptr, error)

// Entry is one row of the table.
type Entry struct {
	Nr      uintptr
	Name    string
	Status  Status
	Note    string
	handler Handler
}

// Table dispatches syscalls.
type Table struct {
	entries map[uintptr]*Entry
	log     *zap.Logger

	mu     sync.Mutex
	warned map[uintptr]bool
}

var _ kernel.SyscallTable = (*Table)(nil)

// registry is filled by each family's init.
var registry = map[string]Entry{}

func reg(name string, st Status, note string, h Handler) {
	if _, dup := registry[name]; dup {
		panic("syscalls: registered twice: " + name)
	}
	registry[name] = Entry{Name: name, Status: st, Note: note, handler: h}
}

// All returns every amd64 syscall, sorted by number.
func All() []Entry {
	var out []Entry
	for nr, name := range names {
		e, ok := registry[name]
		if !ok {
			e = Entry{Name: name, Status: Unsupported, Note: "not implemented: returns ENOSYS"}
		}
		e.Nr = nr
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Nr < out[j].Nr })
	return out
}

// New builds the table.
func New(log *zap.Logger) *Table {
	t := &Table{entries: make(map[uintptr]*Entry), log: log, warned: make(map[uintptr]bool)}
	for _, e := range All() {
		e := e
		t.entries[e.Nr] = &e
	}
	return t
}

// Dispatch implements kernel.SyscallTable.
func (tb *Table) Dispatch(t *kernel.Task, nr uintptr, a [6]uintptr) uintptr {
	e := tb.entries[nr]
	var ret uintptr
	var err error
	var pre map[int]string
	if act, handled := tb.seccomp(t, nr, a); handled {
		return act
	}
	if e == nil || e.handler == nil {
		err = unix.ENOSYS
		tb.warnOnce(nr, e)
	} else {
		if t.K.Strace {
			// Paths are read before the call: execve replaces the memory.
			pre = tb.stracePaths(t, e.Name, a)
		}
		ret, err = e.handler(t, a)
	}
	if err != nil {
		en := errno.Of(err)
		ret = uintptr(-int64(en))
	}
	if t.K.Strace {
		tb.strace(t, nr, e, a, ret, err, pre)
	}
	return ret
}

func (tb *Table) warnOnce(nr uintptr, e *Entry) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if tb.warned[nr] {
		return
	}
	tb.warned[nr] = true
	name := fmt.Sprintf("syscall_%d", nr)
	if e != nil {
		name = e.Name
	}
	tb.log.Info("unsupported syscall", zap.String("syscall", name), zap.Uintptr("nr", nr))
}

// straceArgs says how --strace shows the arguments of common syscalls:
// d int (fds, flags), n size, x hex, s path string, b buffer (length in the next argument,
// shown after the call for reads), o open flags.
var straceArgs = map[string]string{
	"read": "dbn", "write": "dbn", "pread64": "dbnn", "pwrite64": "dbnn", "close": "d", "close_range": "nnx",
	"open": "sox", "openat": "dsox", "stat": "sx", "lstat": "sx", "fstat": "dx",
	"newfstatat": "dsxx", "statx": "dsxxx", "access": "sx", "faccessat": "dsx", "faccessat2": "dsxx",
	"readlink": "sxn", "readlinkat": "dsxn", "chdir": "s", "fchdir": "d", "execve": "sxx",
	"lseek": "dnd", "getdents64": "dxn", "dup": "d", "dup2": "dd", "dup3": "ddx", "fcntl": "ddx",
	"ioctl": "dxx", "mmap": "xnxxdx", "munmap": "xn", "mprotect": "xnx", "brk": "x",
	"exit_group": "d", "exit": "d", "readv": "dxd", "writev": "dxd",
	"preadv": "dxdn", "pwritev": "dxdn", "preadv2": "dxdnnx", "pwritev2": "dxdnnx",
	"flock": "dx", "fsync": "d", "fdatasync": "d", "syncfs": "d", "sendfile": "ddxn",
	"splice": "dxdxnx", "tee": "ddnx", "copy_file_range": "dxdxnx",
}

// stracePaths decodes the path arguments of a call before it runs.
func (tb *Table) stracePaths(t *kernel.Task, name string, a [6]uintptr) map[int]string {
	kinds := straceArgs[name]
	var out map[int]string
	for i := 0; i < len(kinds) && i < 6; i++ {
		if kinds[i] != 's' {
			continue
		}
		if out == nil {
			out = make(map[int]string)
		}
		if s, err := t.MM.CopyInString(a[i], 4095); err == nil {
			out[i] = fmt.Sprintf("%q", s)
		} else {
			out[i] = fmt.Sprintf("%#x", a[i])
		}
	}
	return out
}

func (tb *Table) strace(t *kernel.Task, nr uintptr, e *Entry, a [6]uintptr, ret uintptr, err error, pre map[int]string) {
	name := fmt.Sprintf("syscall_%d", nr)
	if e != nil {
		name = e.Name
	}
	kinds, known := straceArgs[name]
	if !known {
		kinds = "xxxxxx"
	}
	var args []string
	for i := 0; i < len(kinds) && i < 6; i++ {
		v := a[i]
		switch kinds[i] {
		case 'd':
			args = append(args, fmt.Sprintf("%d", int32(v)))
		case 'n':
			args = append(args, fmt.Sprintf("%d", int64(v)))
		case 's':
			args = append(args, pre[i])
		case 'b':
			n := a[i+1]
			if err == nil && name != "write" && name != "pwrite64" {
				n = ret // for reads, show what was read
			}
			if n > 32 {
				n = 32
			}
			buf := make([]byte, n)
			if c, cerr := t.MM.CopyIn(v, buf); cerr == nil || c > 0 {
				more := ""
				if a[i+1] > 32 && (name == "write" || name == "pwrite64" || ret > 32) {
					more = "..."
				}
				args = append(args, fmt.Sprintf("%q%s", buf[:c], more))
			} else {
				args = append(args, fmt.Sprintf("%#x", v))
			}
		default:
			args = append(args, fmt.Sprintf("%#x", v))
		}
	}
	res := fmt.Sprintf("%d", int64(ret))
	if kinds == "xxxxxx" || name == "mmap" || name == "brk" {
		res = fmt.Sprintf("%#x", ret)
	}
	if err != nil {
		res = fmt.Sprintf("-1 %s (%v)", unix.ErrnoName(errno.Of(err)), errno.Of(err))
	}
	tb.log.Info(fmt.Sprintf("[%d] %s(%s) = %s", t.TID, name, strings.Join(args, ", "), res))
}

// Name returns the name of syscall nr ("syscall_N" if it has none).
func Name(nr uintptr) string {
	if n, ok := names[nr]; ok {
		return n
	}
	return fmt.Sprintf("syscall_%d", nr)
}

// Number returns the number of the syscall called name.
func Number(name string) (uintptr, bool) {
	numbersOnce.Do(func() {
		numbers = make(map[string]uintptr, len(names))
		for nr, n := range names {
			numbers[n] = nr
		}
	})
	nr, ok := numbers[name]
	return nr, ok
}

var (
	numbersOnce sync.Once
	numbers     map[string]uintptr
)

// seccomp applies the app's own filters to a call. handled means the filter
// decided the call's fate (the returned value goes to rax, or the task dies).
func (tb *Table) seccomp(t *kernel.Task, nr uintptr, a [6]uintptr) (uintptr, bool) {
	switch t.SeccompMode() {
	case 0:
		return 0, false
	case 1: // strict: read, write, exit, rt_sigreturn; anything else is SIGKILL
		if t.SeccompCheck(nr, a) != kernel.SeccompRetAllow {
			t.FatalSignal(unix.SIGKILL)
			return 0, true
		}
		return 0, false
	}
	ret := t.SeccompCheck(nr, a)
	data := ret & 0xffff
	switch ret & 0xffff0000 {
	case kernel.SeccompRetAllow:
		return 0, false
	case kernel.SeccompRetLog:
		tb.log.Info("seccomp: logged", zap.String("syscall", Name(nr)), zap.Int32("tid", t.TID))
		return 0, false
	case kernel.SeccompRetErrno:
		if data > 4095 {
			data = 4095
		}
		return uintptr(-int64(data)), true
	case kernel.SeccompRetTrace, kernel.SeccompRetUserNotif:
		// No tracer and no listener: the call fails with ENOSYS, as in Linux.
		return enosysRet, true
	case kernel.SeccompRetTrap:
		si := kernel.NewSigInfo(unix.SIGSYS, 1) // SYS_SECCOMP
		si.SetAddr(uintptr(t.State.Regs.Rip))   // si_call_addr
		si.SetInt32(24, int32(nr))              // si_syscall
		si.SetInt32(28, -0x3fffffc2)            // si_arch: AUDIT_ARCH_X86_64 (0xc000003e)
		si.SetInt32(4, int32(data))             // si_errno: the filter's data
		t.ForceSignal(si)
		return enosysRet, true
	}
	// KILL_THREAD, KILL_PROCESS and unknown actions: death by SIGSYS.
	t.FatalSignal(unix.SIGSYS)
	return 0, true
}

// enosysRet is -ENOSYS as rax holds it.
var enosysRet = ^uintptr(unix.ENOSYS - 1)
