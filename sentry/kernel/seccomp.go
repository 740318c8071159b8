package kernel

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/abi/linux"
	"gvisor.dev/gvisor/pkg/bpf"
)

// The app's own seccomp filters (seccomp(2), prctl(PR_SET_SECCOMP)): classic
// BPF programs the sentry runs on each of the app's syscalls before serving
// it. They are inherited by children and kept across execve.

// Seccomp actions (the top 16 bits of a filter's return value).
const (
	SeccompRetKillProcess = 0x80000000
	SeccompRetKillThread  = 0x00000000
	SeccompRetTrap        = 0x00030000
	SeccompRetErrno       = 0x00050000
	SeccompRetUserNotif   = 0x7fc00000
	SeccompRetTrace       = 0x7ff00000
	SeccompRetLog         = 0x7ffc0000
	SeccompRetAllow       = 0x7fff0000
	seccompRetActionFull  = 0xffff0000
	seccompRetData        = 0x0000ffff
)

// Limits from Linux: BPF_MAXINSNS per filter, MAX_INSNS_PER_PATH in all.
const (
	bpfMaxInsns     = 4096
	maxInsnsPerPath = 32768
	seccompDataSize = 64
)

// seccompFilter is one installed filter.
type seccompFilter struct {
	prog  bpf.Program
	insns int
}

// seccompState is a task's filter list; immutable once published.
type seccompState struct {
	strict  bool
	filters []seccompFilter // newest last
	total   int
}

// CheckSeccompFilter validates a classic BPF program the way Linux's
// seccomp_check_filter does and compiles it. Errors: EINVAL.
func CheckSeccompFilter(raw []linux.BPFInstruction) (bpf.Program, error) {
	if len(raw) == 0 || len(raw) > bpfMaxInsns {
		return bpf.Program{}, unix.EINVAL
	}
	insns := make([]bpf.Instruction, len(raw))
	for i, in := range raw {
		switch in.OpCode {
		case bpf.Ld | bpf.W | bpf.Abs:
			if in.K >= seccompDataSize || in.K%4 != 0 {
				return bpf.Program{}, unix.EINVAL
			}
		case bpf.Ld | bpf.W | bpf.Len:
			in.OpCode, in.K = bpf.Ld|bpf.Imm, seccompDataSize
		case bpf.Ldx | bpf.W | bpf.Len:
			in.OpCode, in.K = bpf.Ldx|bpf.Imm, seccompDataSize
		case bpf.Ld | bpf.H | bpf.Abs, bpf.Ld | bpf.B | bpf.Abs, bpf.Ld | bpf.W | bpf.Ind,
			bpf.Ld | bpf.H | bpf.Ind, bpf.Ld | bpf.B | bpf.Ind, bpf.Ldx | bpf.B | bpf.Msh:
			return bpf.Program{}, unix.EINVAL
		}
		insns[i] = bpf.Instruction(in)
	}
	prog, err := bpf.Compile(insns, false)
	if err != nil {
		return bpf.Program{}, unix.EINVAL
	}
	return prog, nil
}

// AddSeccompFilter installs a filter on the task (and, as TSYNC asks, its
// thread group: one thread per process in this version). Errors: EACCES
// without no_new_privs or privilege, ENOMEM past the instruction budget.
func (t *Task) AddSeccompFilter(prog bpf.Program, insns int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.noNewPrivs && t.Creds.EUID != 0 {
		return unix.EACCES
	}
	return t.addSeccompFilterLocked(prog, insns)
}

// AddRuntimeSeccompFilter installs the container's seccomp profile, which
// the runtime (not the app) asks for: like runc's, it needs no
// no_new_privs. Errors: EINVAL, ENOMEM as AddSeccompFilter.
func (t *Task) AddRuntimeSeccompFilter(prog bpf.Program, insns int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.addSeccompFilterLocked(prog, insns)
}

func (t *Task) addSeccompFilterLocked(prog bpf.Program, insns int) error {
	old := t.seccomp.Load()
	next := &seccompState{}
	if old != nil {
		if old.strict {
			return unix.EINVAL
		}
		*next = *old
		next.filters = append([]seccompFilter(nil), old.filters...)
	}
	// Linux counts each filter's length plus 4 instructions of overhead.
	if next.total+insns+4 > maxInsnsPerPath {
		return unix.ENOMEM
	}
	next.total += insns + 4
	next.filters = append(next.filters, seccompFilter{prog: prog, insns: insns})
	t.seccomp.Store(next)
	return nil
}

// SetSeccompStrict enters SECCOMP_MODE_STRICT. Errors: EINVAL if filters are set.
func (t *Task) SetSeccompStrict() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old := t.seccomp.Load(); old != nil {
		if old.strict {
			return nil
		}
		return unix.EINVAL
	}
	t.seccomp.Store(&seccompState{strict: true})
	return nil
}

// SeccompMode is 0 (off), 1 (strict) or 2 (filter), as PR_GET_SECCOMP says.
func (t *Task) SeccompMode() int {
	s := t.seccomp.Load()
	switch {
	case s == nil:
		return 0
	case s.strict:
		return 1
	}
	return 2
}

// SeccompCheck runs the task's filters on syscall nr and returns the action
// (with its data) that decides it: the most restrictive of all filters' results.
func (t *Task) SeccompCheck(nr uintptr, args [6]uintptr) uint32 {
	s := t.seccomp.Load()
	if s == nil {
		return SeccompRetAllow
	}
	if s.strict {
		switch nr {
		case unix.SYS_READ, unix.SYS_WRITE, unix.SYS_EXIT, unix.SYS_RT_SIGRETURN:
			return SeccompRetAllow
		}
		return SeccompRetKillThread
	}
	data := make([]byte, seccompDataSize)
	binary.LittleEndian.PutUint32(data[0:], uint32(nr))
	binary.LittleEndian.PutUint32(data[4:], linux.AUDIT_ARCH_X86_64)
	binary.LittleEndian.PutUint64(data[8:], t.State.Regs.Rip)
	for i, a := range args {
		binary.LittleEndian.PutUint64(data[16+8*i:], uint64(a))
	}
	best := uint32(SeccompRetAllow)
	for i := len(s.filters) - 1; i >= 0; i-- {
		ret, err := bpf.Exec[bpf.NativeEndian](s.filters[i].prog, bpf.Input(data))
		if err != nil {
			ret = SeccompRetKillThread // a runtime fault in a filter: Linux kills
		}
		if actionRank(ret) < actionRank(best) {
			best = ret
		}
	}
	return best
}

// actionRank orders actions by precedence: lower wins.
func actionRank(ret uint32) int {
	switch ret & seccompRetActionFull {
	case SeccompRetKillProcess:
		return 0
	case SeccompRetKillThread:
		return 1
	case SeccompRetTrap:
		return 2
	case SeccompRetErrno:
		return 3
	case SeccompRetUserNotif:
		return 4
	case SeccompRetTrace:
		return 5
	case SeccompRetLog:
		return 6
	case SeccompRetAllow:
		return 7
	}
	return 0 // unknown actions act as KILL_PROCESS
}

// SetNoNewPrivs sets the no_new_privs bit (it cannot be cleared).
func (t *Task) SetNoNewPrivs() { t.mu.Lock(); t.noNewPrivs = true; t.mu.Unlock() }

// NoNewPrivs reports it.
func (t *Task) NoNewPrivs() bool { t.mu.Lock(); defer t.mu.Unlock(); return t.noNewPrivs }

// SetName and Name are PR_SET_NAME and PR_GET_NAME (15 bytes and a NUL).
func (t *Task) SetName(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.name = [16]byte{}
	copy(t.name[:15], s)
}
func (t *Task) Name() [16]byte { t.mu.Lock(); defer t.mu.Unlock(); return t.name }

// SetPdeathsig and Pdeathsig record PR_SET_PDEATHSIG.
func (t *Task) SetPdeathsig(s int) { t.mu.Lock(); t.pdeathsig = s; t.mu.Unlock() }
func (t *Task) Pdeathsig() int     { t.mu.Lock(); defer t.mu.Unlock(); return t.pdeathsig }

// SetSubreaper and Subreaper record PR_SET_CHILD_SUBREAPER.
// The flag is the process's: it lives on the thread group's leader.
func (t *Task) SetSubreaper(v bool) { l := t.leader; l.mu.Lock(); l.subreaper = v; l.mu.Unlock() }
func (t *Task) Subreaper() bool     { l := t.leader; l.mu.Lock(); defer l.mu.Unlock(); return l.subreaper }

// SetPersonality sets the task's personality unless p is 0xffffffff (a
// query) and returns the previous one, as personality(2) does.
func (t *Task) SetPersonality(p uint32) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.personality
	if p != 0xffffffff {
		t.personality = p
	}
	return old
}
