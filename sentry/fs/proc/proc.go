// Package proc is the sandbox's own /proc: /proc/self, /proc/[pid] and
// /proc/[pid]/task/[tid] for the sandbox's processes and threads, made from
// the kernel's state when read, and the global files programs read
// (meminfo, cpuinfo, stat, uptime, sys/kernel/..., ...).
//
// It never shows the host: pids are the sandbox's, paths are as the app
// sees them (its root is "/"), mounts are the sandbox's own. What comes from
// the host is read by sentry/boot before the seccomp filter and passed in
// as HostInfo; the choices, as gVisor makes them:
//   - shown: the CPU count and the CPU model lines of /proc/cpuinfo (what
//     CPUID tells any app anyway: vendor, family, model, flags; not the
//     microcode, APIC ids or power management lines), the memory total, the
//     kernel release and version (uname shows them already).
//   - not shown: the host's boot id (a random one per sandbox), boot time
//     and uptime (the sandbox's start), load, the kernel command line, the
//     host's mounts, cgroups and processes.
//
// /proc/[pid]/ns/* name the sandbox's one namespace of each kind (numbered
// as Linux numbers its initial ones; they identify, setns is not served).
//
// /proc/[pid]/{fd/N,exe,cwd,root} are magic links (vfs.MagicLink): a walk
// through one goes to the object itself, never to the host, and
// /proc/[pid]/root is the sandbox's root. Opening fd/N of a file with no
// name (a pipe, an eventfd, the stdio husk passed in) gives that open file
// description again (vfs.Reopener).
//
// Simplifications: every process's files belong to its effective uid; the
// private ones (environ, auxv) are readable by that uid only, and walking
// through a magic link needs Task.MayInspect (Linux's ptrace access check,
// simplified), but reading a link's text does not; comm is writable by
// whoever may open it (Linux: the same thread group only). A task waiting
// in Block is S, every other live one R. CPU times, page fault counts and
// context switches are 0; maps shows no device or inode numbers; smaps
// counts resident pages, all private. The sandbox's stdio, host files with
// no name in the sandbox, show as pipe:[N], socket:[N], their usual /dev
// name (character devices) or anon_inode:[file]; never a host path.
//
// Lock order: FS.mu, then Kernel.mu; otherwise it takes kernel, mm and vfs locks
// one at a time through their read-only accessors, never under a vfs lock:
// generated files keep their own offset (synth) so that vfs does not hold
// File.mu around a read, and a Stat, which vfs may call under File.mu,
// takes only Task.mu (fork takes File.mu under Kernel.mu).
package proc

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"husk/sentry/fs/synth"
	"husk/sentry/kernel"
	"husk/sentry/vfs"
)

// Dev is procfs's device number.
const Dev = 0x17

// HostInfo is what /proc shows of the host, read by boot before the filter.
type HostInfo struct {
	CPUs     int
	CPUInfo  []map[string]string // per CPU, the allowed key: value lines (see cpuinfoKeys)
	CPUOrder []string            // the keys in the host's order
}

// Mount is one mount of the sandbox as mountinfo shows it.
type Mount struct {
	ID, Parent int
	Path       string // the mount point as the app sees it
	FSType     string
	Source     string
	Options    string // "ro" / "rw" and the rest
	Dev        uint64
}

// FS is one sandbox's procfs.
type FS struct {
	k      *kernel.Kernel
	host   HostInfo
	mounts []Mount
	bootID string

	mu     sync.Mutex
	oomAdj map[int32]int // per process
}

// New returns the root of the sandbox's /proc.
func New(k *kernel.Kernel, host HostInfo, mounts []Mount) vfs.Inode {
	if host.CPUs < 1 {
		host.CPUs = 1
	}
	fs := &FS{k: k, host: host, mounts: mounts, bootID: uuid(), oomAdj: map[int32]int{}}
	return fs.root()
}

func uuid() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// attr returns the attributes of a global node.
func (fs *FS) attr(ino uint64, perm uint32) synth.Attr {
	return synth.Attr{Dev: Dev, Ino: ino, Perm: perm, Time: fs.k.BootTime}
}

// caller is the task walking or reading (nil outside a task).
func caller(w *vfs.Walker) *kernel.Task {
	if w == nil {
		return nil
	}
	t, _ := w.Caller.(*kernel.Task)
	return t
}

func (fs *FS) root() vfs.Inode {
	static := fs.globals()
	names := make([]string, 0, len(static))
	for n := range static {
		names = append(names, n)
	}
	sort.Strings(names)
	d := &synth.Dir{Attr: fs.attr(1, 0o555), Volatile: true}
	d.List = func() []string {
		out := append([]string{}, names...)
		out = append(out, "self", "thread-self")
		for _, id := range fs.k.ProcessIDs() {
			out = append(out, strconv.Itoa(int(id)))
		}
		return out
	}
	d.Get = func(name string) (vfs.Inode, error) {
		if c, ok := static[name]; ok {
			return c, nil
		}
		switch name {
		case "self":
			return &synth.CallerLink{Attr: fs.attr(2, 0o777), Target: func(w *vfs.Walker) (string, error) {
				t := caller(w)
				if t == nil {
					return "", unix.ENOENT
				}
				return strconv.Itoa(int(t.TGID)), nil
			}}, nil
		case "thread-self":
			return &synth.CallerLink{Attr: fs.attr(3, 0o777), Target: func(w *vfs.Walker) (string, error) {
				t := caller(w)
				if t == nil {
					return "", unix.ENOENT
				}
				return fmt.Sprintf("%d/task/%d", t.TGID, t.TID), nil
			}}, nil
		}
		id, err := strconv.ParseInt(name, 10, 32)
		if err != nil || id <= 0 || strconv.Itoa(int(id)) != name {
			return nil, unix.ENOENT
		}
		if l := fs.k.Process(int32(id)); l != nil {
			return fs.taskDir(l, nil), nil
		}
		// A thread's tid works too, unlisted, as in Linux.
		if th := fs.k.TaskByTID(int32(id)); th != nil {
			return fs.taskDir(th.Leader(), th), nil
		}
		return nil, unix.ENOENT
	}
	return synth.NewDir(d)
}

// ino numbers the files of task tid: the tid in the high bits, the file's
// index in the low ones, away from the global files' small numbers.
func ino(tid int32, thread bool, idx int) uint64 {
	n := uint64(tid)<<12 | uint64(idx)
	if thread {
		n |= 1 << 11
	}
	return n | 1<<40
}

// taskDir is /proc/[pid] (thread nil: the process, shown through its
// leader) or /proc/[pid]/task/[tid].
func (fs *FS) taskDir(l, thread *kernel.Task) vfs.Inode {
	t := l
	if thread != nil {
		t = thread
	}
	p := &proc{fs: fs, l: l, t: t, thread: thread != nil}
	entries := p.entries()
	list, get := synth.Static(entries)
	d := &synth.Dir{Attr: p.attr(0, 0o555), List: list, Get: get}
	return synth.NewDir(d)
}

// proc is one process's (or thread's) directory.
type proc struct {
	fs     *FS
	l, t   *kernel.Task // the leader and the task shown
	thread bool
	n      int
}

// alive returns ESRCH once the process was reaped.
func (p *proc) alive() error {
	if p.fs.k.Process(p.l.TGID) != p.l {
		return unix.ESRCH
	}
	return nil
}

// owner takes only Task.mu (see kernel.Task.Owner).
func (p *proc) owner() (uint32, uint32) { return p.t.Owner() }

func (p *proc) attr(idx int, perm uint32) synth.Attr {
	return synth.Attr{Dev: Dev, Ino: ino(p.t.TID, p.thread, idx), Perm: perm, Owner: p.owner, Time: p.fs.k.BootTime}
}

// file makes a generated file; private files need the reader's access.
func (p *proc) file(perm uint32, gen func() ([]byte, error)) *synth.File {
	p.n++
	return &synth.File{Attr: p.attr(p.n, perm), Gen: func() ([]byte, error) {
		if err := p.alive(); err != nil {
			return nil, err
		}
		return gen()
	}}
}

func (p *proc) entries() map[string]vfs.Inode {
	e := map[string]vfs.Inode{
		"stat":            p.file(0o444, p.stat),
		"status":          p.file(0o444, p.status),
		"statm":           p.file(0o444, p.statm),
		"cmdline":         p.file(0o444, func() ([]byte, error) { return p.memRange(true) }),
		"environ":         p.file(0o400, func() ([]byte, error) { return p.memRange(false) }),
		"auxv":            p.file(0o400, p.auxv),
		"maps":            p.file(0o444, func() ([]byte, error) { return p.maps(false) }),
		"smaps":           p.file(0o444, func() ([]byte, error) { return p.maps(true) }),
		"smaps_rollup":    p.file(0o444, p.smapsRollup),
		"ns":              p.nsDir(),
		"mountinfo":       p.file(0o444, p.fs.mountinfo),
		"mounts":          p.file(0o444, p.fs.mountsFile),
		"limits":          p.file(0o444, p.limits),
		"cgroup":          p.file(0o444, text("0::/\n")),
		"loginuid":        p.file(0o644, text("4294967295")),
		"sessionid":       p.file(0o444, text("4294967295")),
		"oom_score":       p.file(0o444, text("0\n")),
		"wchan":           p.file(0o444, text("0")),
		"personality":     p.file(0o400, text("00000000\n")),
		"coredump_filter": p.file(0o644, text("00000033\n")),
		"io":              p.file(0o400, text("rchar: 0\nwchar: 0\nsyscr: 0\nsyscw: 0\nread_bytes: 0\nwrite_bytes: 0\ncancelled_write_bytes: 0\n")),
		"fd":              p.fdDir(false),
		"fdinfo":          p.fdDir(true),
		"exe":             p.link(func() (*vfs.Dentry, error) { return p.dentry(p.l.Exe()) }),
		"cwd":             p.link(func() (*vfs.Dentry, error) { _, c := p.t.Dirs(); return p.dentry(c) }),
		"root":            p.link(func() (*vfs.Dentry, error) { r, _ := p.t.Dirs(); return p.dentry(r) }),
		"net":             netDir(p.fs, ino(p.t.TID, p.thread, 200)),
	}
	comm := p.file(0o644, func() ([]byte, error) { return []byte(p.t.Status().Name + "\n"), nil })
	comm.Write = func(b []byte) error {
		if len(b) > 15 {
			b = b[:15]
		}
		p.t.SetName(string(b))
		return nil
	}
	e["comm"] = comm
	oom := p.file(0o644, func() ([]byte, error) {
		p.fs.mu.Lock()
		defer p.fs.mu.Unlock()
		return []byte(strconv.Itoa(p.fs.oomAdj[p.l.TGID]) + "\n"), nil
	})
	oom.Write = func(b []byte) error {
		v, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || v < -1000 || v > 1000 {
			return unix.EINVAL
		}
		p.fs.mu.Lock()
		defer p.fs.mu.Unlock()
		for pid := range p.fs.oomAdj { // forget the processes that are gone
			if p.fs.k.Process(pid) == nil {
				delete(p.fs.oomAdj, pid)
			}
		}
		p.fs.oomAdj[p.l.TGID] = v
		return nil
	}
	e["oom_score_adj"] = oom
	if !p.thread {
		e["task"] = p.taskList()
	}
	return e
}

func text(s string) func() ([]byte, error) { return func() ([]byte, error) { return []byte(s), nil } }

// dentry is d, or ENOENT when there is none (a task that never ran execve).
func (p *proc) dentry(d *vfs.Dentry) (*vfs.Dentry, error) {
	if err := p.alive(); err != nil {
		return nil, unix.ENOENT
	}
	if d == nil {
		return nil, unix.ENOENT
	}
	return d, nil
}

// path is how the process sees d: from its root.
func (p *proc) path(d *vfs.Dentry) string {
	r, _ := p.t.Dirs()
	if r == nil {
		r = p.fs.k.Root
	}
	return d.Path(r)
}

// link is exe, cwd or root: a magic link to a dentry of the process.
func (p *proc) link(get func() (*vfs.Dentry, error)) vfs.Inode {
	p.n++
	return &synth.MagicLink{Attr: p.attr(p.n, 0o777),
		Text: func() (string, error) {
			d, err := get()
			if err != nil {
				return "", err
			}
			return p.path(d), nil
		},
		Jump: func(w *vfs.Walker) (*vfs.Dentry, error) {
			if c := caller(w); c == nil || !p.t.MayInspect(c) {
				return nil, unix.EACCES
			}
			return get()
		}}
}

// taskList is /proc/[pid]/task.
func (p *proc) taskList() vfs.Inode {
	d := &synth.Dir{Attr: p.attr(100, 0o555), Volatile: true}
	d.List = func() []string {
		var out []string
		for _, id := range p.l.ThreadIDs() {
			out = append(out, strconv.Itoa(int(id)))
		}
		return out
	}
	d.Get = func(name string) (vfs.Inode, error) {
		id, err := strconv.ParseInt(name, 10, 32)
		if err != nil || strconv.Itoa(int(id)) != name {
			return nil, unix.ENOENT
		}
		th := p.l.Thread(int32(id))
		if th == nil {
			return nil, unix.ENOENT
		}
		return p.fs.taskDir(p.l, th), nil
	}
	return synth.NewDir(d)
}

// ticks is d in clock ticks (USER_HZ, 100).
func ticks(d time.Duration) int64 { return int64(d / (10 * time.Millisecond)) }

func (p *proc) stat() ([]byte, error) {
	s := p.t.Status()
	if !p.thread {
		s = p.l.Status()
	}
	m := p.t.Memory()
	var virt, rss uintptr
	var ex struct{ argS, argE, envS, envE uintptr }
	var brkS, stackTop uintptr
	if m != nil && s.State != 'Z' {
		virt, rss, _, _ = m.Usage()
		e := m.ExecInfo()
		ex.argS, ex.argE, ex.envS, ex.envE = e.ArgStart, e.ArgEnd, e.EnvStart, e.EnvEnd
		brkS, _ = m.BrkRange()
		stackTop = m.StackTop()
	}
	start := ticks(s.Start.Sub(p.fs.k.BootTime))
	if s.Start.IsZero() {
		start = 0
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d (%s) %c %d %d %d 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 %d 0 %d %d %d %d",
		p.t.TID, s.Name, s.State, s.PPID, s.Pgid, s.Sid, s.Threads, start, virt, rss/4096, uint64(unix.RLIM_INFINITY))
	// startcode endcode startstack kstkesp kstkeip
	fmt.Fprintf(&b, " 0 0 %d 0 0", stackTop)
	// signal blocked sigignore sigcatch wchan nswap cnswap exit_signal processor rt_priority policy
	fmt.Fprintf(&b, " %d %d %d %d 0 0 0 %d 0 0 0", s.SigPending, s.SigBlocked, s.SigIgnored, s.SigCaught, s.ExitSignal)
	// delayacct guest cguest start_data end_data start_brk arg_start arg_end env_start env_end exit_code
	fmt.Fprintf(&b, " 0 0 0 0 0 %d %d %d %d %d 0\n", brkS, ex.argS, ex.argE, ex.envS, ex.envE)
	return b.Bytes(), nil
}

var stateNames = map[byte]string{'R': "R (running)", 'S': "S (sleeping)", 'T': "T (stopped)", 'Z': "Z (zombie)"}

func (p *proc) status() ([]byte, error) {
	s := p.t.Status()
	var b bytes.Buffer
	fmt.Fprintf(&b, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		s.Name, s.Umask, stateNames[s.State], s.TGID, s.TID, s.PPID)
	c := s.Creds
	fmt.Fprintf(&b, "Uid:\t%d\t%d\t%d\t%d\nGid:\t%d\t%d\t%d\t%d\nFDSize:\t64\nGroups:\t", c.UID, c.EUID, c.SUID, c.EUID, c.GID, c.EGID, c.SGID, c.EGID)
	for _, g := range c.Groups {
		fmt.Fprintf(&b, "%d ", g)
	}
	fmt.Fprintf(&b, "\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nKthread:\t0\n", s.TGID, s.TID, s.Pgid, s.Sid)
	if m := p.t.Memory(); m != nil && s.State != 'Z' {
		virt, rss, data, stack := m.Usage()
		kb := func(v uintptr) uintptr { return v / 1024 }
		fmt.Fprintf(&b, "VmPeak:\t%8d kB\nVmSize:\t%8d kB\nVmLck:\t%8d kB\nVmPin:\t%8d kB\nVmHWM:\t%8d kB\nVmRSS:\t%8d kB\n",
			kb(virt), kb(virt), 0, 0, kb(rss), kb(rss))
		fmt.Fprintf(&b, "RssAnon:\t%8d kB\nRssFile:\t%8d kB\nRssShmem:\t%8d kB\nVmData:\t%8d kB\nVmStk:\t%8d kB\n",
			kb(rss), 0, 0, kb(data), kb(stack))
		fmt.Fprintf(&b, "VmExe:\t%8d kB\nVmLib:\t%8d kB\nVmPTE:\t%8d kB\nVmSwap:\t%8d kB\nHugetlbPages:\t%8d kB\nCoreDumping:\t0\nTHP_enabled:\t1\n",
			0, 0, 0, 0, 0)
	}
	fmt.Fprintf(&b, "Threads:\t%d\nSigQ:\t0/%d\nSigPnd:\t%016x\nShdPnd:\t%016x\nSigBlk:\t%016x\nSigIgn:\t%016x\nSigCgt:\t%016x\n",
		s.Threads, p.t.Rlimits()[unix.RLIMIT_SIGPENDING].Cur, s.SigPending, s.SigShdPnd, s.SigBlocked, s.SigIgnored, s.SigCaught)
	nnp := 0
	if s.NoNewPrivs {
		nnp = 1
	}
	fmt.Fprintf(&b, "CapInh:\t%016x\nCapPrm:\t%016x\nCapEff:\t%016x\nCapBnd:\t%016x\nCapAmb:\t%016x\nNoNewPrivs:\t%d\nSeccomp:\t%d\nSeccomp_filters:\t%d\n",
		c.CapInheritable, c.CapPermitted, c.CapEffective, uint64(kernel.AllCaps), 0, nnp, s.Seccomp, min(s.Seccomp/2, 1))
	n := p.fs.host.CPUs
	fmt.Fprintf(&b, "Speculation_Store_Bypass:\tthread vulnerable\nSpeculationIndirectBranch:\tconditional enabled\nCpus_allowed:\t%x\nCpus_allowed_list:\t%s\n",
		uint64(1)<<n-1, cpuList(n))
	fmt.Fprintf(&b, "Mems_allowed:\t00000001\nMems_allowed_list:\t0\nvoluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n")
	return b.Bytes(), nil
}

// cpuList is "0-N" (or "0").
func cpuList(n int) string {
	if n <= 1 {
		return "0"
	}
	return fmt.Sprintf("0-%d", n-1)
}

func (p *proc) statm() ([]byte, error) {
	var virt, rss, data uintptr
	if m := p.t.Memory(); m != nil {
		virt, rss, data, _ = m.Usage()
	}
	return fmt.Appendf(nil, "%d %d 0 0 0 %d 0\n", virt/4096, rss/4096, data/4096), nil
}

// maxArgs bounds what cmdline and environ read (Linux's ARG_MAX default).
const maxArgs = 2 << 20

// memRange reads the argument (args) or environment strings.
func (p *proc) memRange(args bool) ([]byte, error) {
	m := p.t.Memory()
	if m == nil {
		return nil, nil
	}
	e := m.ExecInfo()
	start, end := e.EnvStart, e.EnvEnd
	if args {
		start, end = e.ArgStart, e.ArgEnd
	}
	if end <= start {
		return nil, nil
	}
	n := end - start
	if n > maxArgs {
		n = maxArgs
	}
	b := make([]byte, n)
	got, _ := m.CopyIn(start, b)
	return b[:got], nil
}

func (p *proc) auxv() ([]byte, error) {
	m := p.t.Memory()
	if m == nil {
		return nil, nil
	}
	var b []byte
	for _, kv := range m.ExecInfo().Auxv {
		b = appendU64(b, kv[0])
		b = appendU64(b, kv[1])
	}
	return b, nil
}

func appendU64(b []byte, v uint64) []byte {
	for i := 0; i < 8; i++ {
		b = append(b, byte(v>>(8*i)))
	}
	return b
}

func (p *proc) maps(smaps bool) ([]byte, error) {
	m := p.t.Memory()
	if m == nil {
		return nil, nil
	}
	var b bytes.Buffer
	for _, v := range m.Mappings() {
		perm := []byte("---p")
		if v.Perms.Read {
			perm[0] = 'r'
		}
		if v.Perms.Write {
			perm[1] = 'w'
		}
		if v.Perms.Execute {
			perm[2] = 'x'
		}
		if v.Shared {
			perm[3] = 's'
		}
		off := int64(0)
		if v.File {
			off = v.Offset
		}
		start := b.Len()
		fmt.Fprintf(&b, "%08x-%08x %s %08x 00:00 0 ", v.Start, v.End, perm, off)
		if v.Name != "" {
			for b.Len()-start < 73 {
				b.WriteByte(' ')
			}
			b.WriteString(v.Name)
		}
		b.WriteByte('\n')
		if smaps {
			size, rss := (v.End-v.Start)/1024, v.Resident/1024
			anon := rss
			if v.File {
				anon = 0
			}
			for _, kv := range []struct {
				k string
				v uintptr
			}{{"Size", size}, {"KernelPageSize", 4}, {"MMUPageSize", 4}, {"Rss", rss}, {"Pss", rss}, {"Pss_Dirty", 0},
				{"Shared_Clean", 0}, {"Shared_Dirty", 0}, {"Private_Clean", 0}, {"Private_Dirty", rss},
				{"Referenced", rss}, {"Anonymous", anon}, {"KSM", 0}, {"LazyFree", 0}, {"AnonHugePages", 0},
				{"ShmemPmdMapped", 0}, {"FilePmdMapped", 0}, {"Shared_Hugetlb", 0}, {"Private_Hugetlb", 0},
				{"Swap", 0}, {"SwapPss", 0}, {"Locked", 0}} {
				fmt.Fprintf(&b, "%-16s%8d kB\n", kv.k+":", kv.v)
			}
			b.WriteString("THPeligible:    0\nVmFlags:")
			for _, f := range []struct {
				on   bool
				name string
			}{{v.Perms.Read, "rd"}, {v.Perms.Write, "wr"}, {v.Perms.Execute, "ex"}, {v.Shared, "sh"},
				{true, "mr"}, {true, "mw"}, {true, "me"}} {
				if f.on {
					b.WriteString(" " + f.name)
				}
			}
			b.WriteString(" \n")
		}
	}
	return b.Bytes(), nil
}

var limitRows = []struct {
	name, unit string
	res        int
}{
	{"Max cpu time", "seconds", unix.RLIMIT_CPU},
	{"Max file size", "bytes", unix.RLIMIT_FSIZE},
	{"Max data size", "bytes", unix.RLIMIT_DATA},
	{"Max stack size", "bytes", unix.RLIMIT_STACK},
	{"Max core file size", "bytes", unix.RLIMIT_CORE},
	{"Max resident set", "bytes", unix.RLIMIT_RSS},
	{"Max processes", "processes", unix.RLIMIT_NPROC},
	{"Max open files", "files", unix.RLIMIT_NOFILE},
	{"Max locked memory", "bytes", unix.RLIMIT_MEMLOCK},
	{"Max address space", "bytes", unix.RLIMIT_AS},
	{"Max file locks", "locks", unix.RLIMIT_LOCKS},
	{"Max pending signals", "signals", unix.RLIMIT_SIGPENDING},
	{"Max msgqueue size", "bytes", unix.RLIMIT_MSGQUEUE},
	{"Max nice priority", "", unix.RLIMIT_NICE},
	{"Max realtime priority", "", unix.RLIMIT_RTPRIO},
	{"Max realtime timeout", "us", unix.RLIMIT_RTTIME},
}

func (p *proc) limits() ([]byte, error) {
	r := p.t.Rlimits()
	var b bytes.Buffer
	fmt.Fprintf(&b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units")
	val := func(v uint64) string {
		if v == unix.RLIM_INFINITY {
			return "unlimited"
		}
		return strconv.FormatUint(v, 10)
	}
	for _, row := range limitRows {
		l := r[row.res]
		fmt.Fprintf(&b, "%-25s %-20s %-20s ", row.name, val(l.Cur), val(l.Max))
		if row.unit != "" {
			fmt.Fprintf(&b, "%-10s", row.unit)
		}
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// smapsRollup is smaps summed over every mapping.
func (p *proc) smapsRollup() ([]byte, error) {
	m := p.t.Memory()
	if m == nil {
		return nil, nil
	}
	maps := m.Mappings()
	if len(maps) == 0 {
		return nil, nil
	}
	var rss, anon uintptr
	for _, v := range maps {
		rss += v.Resident
		if !v.File {
			anon += v.Resident
		}
	}
	var b bytes.Buffer
	start := b.Len()
	fmt.Fprintf(&b, "%08x-%08x ---p 00000000 00:00 0 ", maps[0].Start, maps[len(maps)-1].End)
	for b.Len()-start < 73 {
		b.WriteByte(' ')
	}
	b.WriteString("[rollup]\n")
	rss, anon = rss/1024, anon/1024
	for _, kv := range []struct {
		k string
		v uintptr
	}{{"Rss", rss}, {"Pss", rss}, {"Pss_Dirty", rss}, {"Pss_Anon", anon}, {"Pss_File", rss - anon}, {"Pss_Shmem", 0},
		{"Shared_Clean", 0}, {"Shared_Dirty", 0}, {"Private_Clean", 0}, {"Private_Dirty", rss}, {"Referenced", rss},
		{"Anonymous", anon}, {"KSM", 0}, {"LazyFree", 0}, {"AnonHugePages", 0}, {"ShmemPmdMapped", 0}, {"FilePmdMapped", 0},
		{"Shared_Hugetlb", 0}, {"Private_Hugetlb", 0}, {"Swap", 0}, {"SwapPss", 0}, {"Locked", 0}} {
		fmt.Fprintf(&b, "%-16s%8d kB\n", kv.k+":", kv.v)
	}
	return b.Bytes(), nil
}
