package syscalls

import (
	"crypto/rand"
	"encoding/binary"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"

	"husk/sentry/kernel"
	"husk/sentry/loader"
	"husk/sentry/vfs"
)

func init() {
	reg("exit", Supported, "", sysExit)
	reg("exit_group", Supported, "", sysExitGroup)
	reg("getpid", Supported, "", sysGetpid)
	reg("personality", Partial, "the value is kept (across fork and execve) and reported; no flag changes behaviour (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC, ...)", sysPersonality)
	reg("getppid", Supported, "", sysGetppid)
	reg("gettid", Supported, "", sysGettid)
	reg("getuid", Supported, "", func(t *kernel.Task, _ Args) (uintptr, error) { return uintptr(t.Creds.UID), nil })
	reg("geteuid", Supported, "", func(t *kernel.Task, _ Args) (uintptr, error) { return uintptr(t.Creds.EUID), nil })
	reg("getgid", Supported, "", func(t *kernel.Task, _ Args) (uintptr, error) { return uintptr(t.Creds.GID), nil })
	reg("getegid", Supported, "", func(t *kernel.Task, _ Args) (uintptr, error) { return uintptr(t.Creds.EGID), nil })
	reg("getresuid", Supported, "", sysGetresuid)
	reg("getresgid", Supported, "", sysGetresgid)
	reg("getgroups", Supported, "", sysGetgroups)
	reg("getpgrp", Supported, "", sysGetpgrp)
	reg("getpgid", Supported, "", sysGetpgid)
	reg("getsid", Supported, "", sysGetsid)
	reg("setpgid", Supported, "", sysSetpgid)
	reg("setsid", Partial, "no controlling terminals yet", sysSetsid)
	reg("uname", Supported, "", sysUname)
	reg("arch_prctl", Supported, "", sysArchPrctl)
	reg("set_tid_address", Supported, "", sysSetTidAddress)
	reg("set_robust_list", Supported, "", sysSetRobustList)
	reg("get_robust_list", Partial, "the caller's own list (pid 0 or its tid)", sysGetRobustList)
	reg("getrlimit", Supported, "", sysGetrlimit)
	reg("setrlimit", Partial, "limits are recorded; enforced: RLIMIT_NOFILE (new descriptors), RLIMIT_FSIZE (write, pwrite64, writev, truncate, ftruncate: SIGXFSZ then EFBIG), RLIMIT_CORE (the core flag of a fatal signal)", sysSetrlimit)
	reg("prlimit64", Partial, "this process only; enforced as setrlimit says", sysPrlimit64)
	reg("getrandom", Supported, "", sysGetrandom)
	reg("sched_yield", Supported, "", func(*kernel.Task, Args) (uintptr, error) { runtime.Gosched(); return 0, nil })
	reg("sched_getaffinity", Supported, "the sandbox's CPUs, or the mask sched_setaffinity set", sysSchedGetaffinity)
	reg("sched_setaffinity", Partial, "the mask is checked and kept, but the host schedules the app's threads on every CPU of the sandbox", sysSchedSetaffinity)
	reg("wait4", Supported, "rusage: CPU times as getrusage measures them", sysWait4)
	reg("clone", Partial, "processes (fork, vfork) and threads; CLONE_VM|CLONE_VFORK copies memory; CLONE_PIDFD; namespaces and CLONE_VM processes: ENOSYS", sysClone)
	reg("fork", Supported, "", sysFork)
	reg("vfork", Partial, "the child gets a copy of memory, not a share", sysVfork)
	reg("execve", Supported, "", sysExecve)
	reg("umask", Supported, "", sysUmask)
	reg("capget", Supported, "", sysCapget)
	reg("capset", Partial, "the calling process only; checks what Linux checks but CAP_SETPCAP", sysCapset)
}

func sysExit(t *kernel.Task, a Args) (uintptr, error) {
	t.Exit(unix.WaitStatus((a[0] & 0xff) << 8))
	return 0, nil
}

func sysExitGroup(t *kernel.Task, a Args) (uintptr, error) {
	t.ExitGroup(unix.WaitStatus((a[0] & 0xff) << 8))
	return 0, nil
}

func sysGetpid(t *kernel.Task, _ Args) (uintptr, error) { return uintptr(t.TGID), nil }
func sysPersonality(t *kernel.Task, a Args) (uintptr, error) {
	return uintptr(t.SetPersonality(uint32(a[0]))), nil
}

func sysGetppid(t *kernel.Task, _ Args) (uintptr, error) { return uintptr(t.PPID), nil }
func sysGettid(t *kernel.Task, _ Args) (uintptr, error)  { return uintptr(t.TID), nil }

func sysGetpgrp(t *kernel.Task, _ Args) (uintptr, error) { return uintptr(t.Pgid()), nil }

func sysGetpgid(t *kernel.Task, a Args) (uintptr, error) {
	pg, _, err := t.LookupPgidSid(int32(a[0]))
	return uintptr(pg), err
}

func sysGetsid(t *kernel.Task, a Args) (uintptr, error) {
	_, sid, err := t.LookupPgidSid(int32(a[0]))
	return uintptr(sid), err
}

func sysSetpgid(t *kernel.Task, a Args) (uintptr, error) {
	return 0, t.Setpgid(int32(a[0]), int32(a[1]))
}

func sysSetsid(t *kernel.Task, _ Args) (uintptr, error) {
	sid, err := t.Setsid()
	return uintptr(sid), err
}

func put3(t *kernel.Task, a Args, v [3]uint32) (uintptr, error) {
	for i := 0; i < 3; i++ {
		b := binary.LittleEndian.AppendUint32(nil, v[i])
		if _, err := t.MM.CopyOut(a[i], b); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysGetresuid(t *kernel.Task, a Args) (uintptr, error) {
	return put3(t, a, [3]uint32{t.Creds.UID, t.Creds.EUID, t.Creds.SUID})
}

func sysGetresgid(t *kernel.Task, a Args) (uintptr, error) {
	return put3(t, a, [3]uint32{t.Creds.GID, t.Creds.EGID, t.Creds.SGID})
}

func sysGetgroups(t *kernel.Task, a Args) (uintptr, error) {
	size := int32(a[0])
	g := t.Creds.Groups
	if size < 0 {
		return 0, unix.EINVAL
	}
	if size == 0 {
		return uintptr(len(g)), nil
	}
	if int(size) < len(g) {
		return 0, unix.EINVAL
	}
	var b []byte
	for _, x := range g {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	if _, err := t.MM.CopyOut(a[1], b); err != nil {
		return 0, unix.EFAULT
	}
	return uintptr(len(g)), nil
}

func sysUname(t *kernel.Task, a Args) (uintptr, error) {
	u := t.K.Uname
	b := make([]byte, 65*6)
	for i, s := range []string{u.Sysname, u.Nodename, u.Release, u.Version, u.Machine, u.Domainname} {
		if len(s) > 64 {
			s = s[:64]
		}
		copy(b[65*i:], s)
	}
	if _, err := t.MM.CopyOut(a[0], b); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysArchPrctl(t *kernel.Task, a Args) (uintptr, error) {
	const (
		setGS = 0x1001
		setFS = 0x1002
		getFS = 0x1003
		getGS = 0x1004
	)
	switch a[0] {
	case setFS, setGS:
		if a[1] >= loader.TaskSize {
			return 0, unix.EPERM
		}
		if a[0] == setFS {
			t.State.Regs.Fs_base = uint64(a[1])
		} else {
			t.State.Regs.Gs_base = uint64(a[1])
		}
		return 0, nil
	case getFS, getGS:
		v := t.State.Regs.Fs_base
		if a[0] == getGS {
			v = t.State.Regs.Gs_base
		}
		if _, err := t.MM.CopyOut(a[1], binary.LittleEndian.AppendUint64(nil, v)); err != nil {
			return 0, unix.EFAULT
		}
		return 0, nil
	}
	return 0, unix.EINVAL
}

func sysSetTidAddress(t *kernel.Task, a Args) (uintptr, error) {
	t.SetClearChildTID(a[0])
	return uintptr(t.TID), nil
}

func sysSetRobustList(t *kernel.Task, a Args) (uintptr, error) {
	if a[1] != 24 {
		return 0, unix.EINVAL
	}
	t.SetRobustList(a[0])
	return 0, nil
}

func rlimitBytes(l unix.Rlimit) []byte {
	b := binary.LittleEndian.AppendUint64(nil, l.Cur)
	return binary.LittleEndian.AppendUint64(b, l.Max)
}

func sysGetrlimit(t *kernel.Task, a Args) (uintptr, error) {
	if a[0] >= rlimNLimits {
		return 0, unix.EINVAL
	}
	if _, err := t.MM.CopyOut(a[1], rlimitBytes(t.Rlimit(int(a[0])))); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func copyRlimit(t *kernel.Task, addr uintptr) (unix.Rlimit, error) {
	b := make([]byte, 16)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return unix.Rlimit{}, unix.EFAULT
	}
	return unix.Rlimit{Cur: binary.LittleEndian.Uint64(b), Max: binary.LittleEndian.Uint64(b[8:])}, nil
}

func sysSetrlimit(t *kernel.Task, a Args) (uintptr, error) {
	if a[0] >= rlimNLimits {
		return 0, unix.EINVAL
	}
	l, err := copyRlimit(t, a[1])
	if err != nil {
		return 0, err
	}
	return 0, t.SetRlimit(int(a[0]), l)
}

func sysPrlimit64(t *kernel.Task, a Args) (uintptr, error) {
	if a[0] != 0 && int32(a[0]) != t.TGID {
		return 0, unix.ESRCH
	}
	if a[1] >= rlimNLimits {
		return 0, unix.EINVAL
	}
	res := int(a[1])
	old := t.Rlimit(res)
	if a[2] != 0 {
		l, err := copyRlimit(t, a[2])
		if err != nil {
			return 0, err
		}
		if err := t.SetRlimit(res, l); err != nil {
			return 0, err
		}
	}
	if a[3] != 0 {
		if _, err := t.MM.CopyOut(a[3], rlimitBytes(old)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysGetrandom(t *kernel.Task, a Args) (uintptr, error) {
	const (
		grndNonblock = 1
		grndRandom   = 2
		grndInsecure = 4
	)
	flags := a[2]
	if flags&^(grndNonblock|grndRandom|grndInsecure) != 0 || flags&(grndRandom|grndInsecure) == grndRandom|grndInsecure {
		return 0, unix.EINVAL
	}
	n := a[1]
	if n > 1<<25-1 {
		n = 1<<25 - 1
	}
	if n > ioChunk {
		n = ioChunk
	}
	b := make([]byte, n)
	rand.Read(b)
	if _, err := t.MM.CopyOut(a[0], b); err != nil {
		return 0, unix.EFAULT
	}
	return n, nil
}

// affinityTarget is the thread a sched_{get,set}affinity pid names.
func affinityTarget(t *kernel.Task, pid uintptr) (*kernel.Task, error) {
	if int32(pid) == 0 {
		return t, nil
	}
	if int32(pid) < 0 {
		return nil, unix.ESRCH
	}
	if o := t.K.TaskByTID(int32(pid)); o != nil {
		return o, nil
	}
	return nil, unix.ESRCH
}

// cpuMaskSize is the size of the kernel's CPU mask in bytes.
func cpuMaskSize() uintptr { return uintptr((kernel.NumCPU() + 63) / 64 * 8) }

func sysSchedGetaffinity(t *kernel.Task, a Args) (uintptr, error) {
	size := a[1]
	if size*8 < uintptr(kernel.NumCPU()) || size&7 != 0 {
		return 0, unix.EINVAL
	}
	o, err := affinityTarget(t, a[0])
	if err != nil {
		return 0, err
	}
	n := min(size, cpuMaskSize())
	if _, err := t.MM.CopyOut(a[2], o.Affinity(int(n))); err != nil {
		return 0, unix.EFAULT
	}
	return n, nil
}

func sysSchedSetaffinity(t *kernel.Task, a Args) (uintptr, error) {
	o, err := affinityTarget(t, a[0])
	if err != nil {
		return 0, err
	}
	b := make([]byte, min(a[1], cpuMaskSize()))
	if _, err := t.MM.CopyIn(a[2], b); err != nil {
		return 0, unix.EFAULT
	}
	return 0, o.SetAffinity(b)
}

func sysWait4(t *kernel.Task, a Args) (uintptr, error) {
	const wnohang, wuntraced, wcontinued, wnothread, wall, wclone = 1, 2, 8, 0x20000000, 0x40000000, 0x80000000
	if a[2]&^(wnohang|wuntraced|wcontinued|wnothread|wall|wclone) != 0 {
		return 0, unix.EINVAL
	}
	pid := int32(a[0])
	if pid == -1<<31 {
		return 0, unix.ESRCH
	}
	tid, ws, usage, err := t.WaitChildUsage(pid, a[2]&wnohang != 0, a[2]&wuntraced != 0, a[2]&wcontinued != 0)
	if err != nil || tid == 0 {
		return 0, err
	}
	if a[1] != 0 {
		if _, err := t.MM.CopyOut(a[1], binary.LittleEndian.AppendUint32(nil, uint32(ws))); err != nil {
			return 0, unix.EFAULT
		}
	}
	if a[3] != 0 {
		if _, err := t.MM.CopyOut(a[3], rusageBytes(usage)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return uintptr(tid), nil
}

func sysClone(t *kernel.Task, a Args) (uintptr, error) {
	flags := uint64(a[0])
	const csignal = 0xff
	// Linux's consistency rules come first.
	if (flags&unix.CLONE_THREAD != 0 && flags&unix.CLONE_SIGHAND == 0) ||
		(flags&unix.CLONE_SIGHAND != 0 && flags&unix.CLONE_VM == 0) ||
		(flags&unix.CLONE_FS != 0 && flags&unix.CLONE_NEWNS != 0) {
		return 0, unix.EINVAL
	}
	if flags&unix.CLONE_PIDFD != 0 {
		if flags&(unix.CLONE_PARENT_SETTID|unix.CLONE_THREAD|unix.CLONE_DETACHED) != 0 {
			return 0, unix.EINVAL
		}
		return clonePidfd(t, a, a[2])
	}
	if flags&unix.CLONE_THREAD != 0 {
		const threadKnown = unix.CLONE_VM | unix.CLONE_FS | unix.CLONE_FILES | unix.CLONE_SIGHAND | unix.CLONE_THREAD |
			unix.CLONE_SYSVSEM | unix.CLONE_SETTLS | unix.CLONE_PARENT_SETTID | unix.CLONE_CHILD_CLEARTID |
			unix.CLONE_CHILD_SETTID | unix.CLONE_DETACHED
		if flags&^uint64(threadKnown) != 0 {
			return 0, unix.ENOSYS
		}
		tid, err := t.CloneThread(kernel.CloneArgs{Flags: flags, Stack: a[1], ParentTID: a[2], ChildTID: a[3], TLS: a[4]})
		return uintptr(tid), err
	}
	const shareVM = kernel.CloneVM | kernel.CloneVfork
	known := uint64(csignal | kernel.CloneSettls | kernel.CloneParentSettid | kernel.CloneChildSettid | kernel.CloneChildCleartid | kernel.CloneVfork)
	if flags&kernel.CloneVM != 0 && flags&shareVM != shareVM {
		return 0, unix.ENOSYS // threads and CLONE_VM without vfork: not yet
	}
	if flags&^(known|kernel.CloneVM) != 0 {
		return 0, unix.ENOSYS
	}
	sig := unix.Signal(flags & csignal)
	if sig > 64 {
		return 0, unix.EINVAL
	}
	tid, err := t.Fork(kernel.CloneArgs{Flags: flags, Stack: a[1], ParentTID: a[2], ChildTID: a[3], TLS: a[4], ExitSignal: sig})
	return uintptr(tid), err
}

func sysFork(t *kernel.Task, _ Args) (uintptr, error) {
	tid, err := t.Fork(kernel.CloneArgs{ExitSignal: unix.SIGCHLD})
	return uintptr(tid), err
}

func sysVfork(t *kernel.Task, _ Args) (uintptr, error) {
	tid, err := t.Fork(kernel.CloneArgs{Flags: kernel.CloneVfork, ExitSignal: unix.SIGCHLD})
	return uintptr(tid), err
}

const (
	maxArgStrlen = 128 << 10 // MAX_ARG_STRLEN
	maxArgTotal  = 2 << 20   // a quarter of the default 8 MiB stack
)

// copyStrings reads a NULL-terminated array of string pointers. Errors:
// EFAULT, E2BIG.
func copyStrings(t *kernel.Task, addr uintptr, total *int) ([]string, error) {
	var out []string
	if addr == 0 {
		return nil, nil
	}
	b := make([]byte, 8)
	for i := uintptr(0); ; i++ {
		if _, err := t.MM.CopyIn(addr+8*i, b); err != nil {
			return nil, unix.EFAULT
		}
		p := uintptr(binary.LittleEndian.Uint64(b))
		if p == 0 {
			return out, nil
		}
		s, err := t.MM.CopyInString(p, maxArgStrlen)
		if err == unix.ENAMETOOLONG {
			return nil, unix.E2BIG
		}
		if err != nil {
			return nil, err
		}
		*total += len(s) + 1 + 8
		if *total > maxArgTotal {
			return nil, unix.E2BIG
		}
		out = append(out, s)
	}
}

func sysExecve(t *kernel.Task, a Args) (uintptr, error) {
	path, err := copyPath(t, a[0])
	if err != nil {
		return 0, err
	}
	if path == "" {
		return 0, unix.ENOENT
	}
	total := 0
	argv, err := copyStrings(t, a[1], &total)
	if err != nil {
		return 0, err
	}
	envv, err := copyStrings(t, a[2], &total)
	if err != nil {
		return 0, err
	}
	return 0, t.ExecReplace(path, argv, envv)
}

func sysUmask(t *kernel.Task, a Args) (uintptr, error) {
	old := t.Umask
	t.Umask = uint32(a[0]) & 0o777
	return uintptr(old), nil
}

const rlimNLimits = 16

const (
	capV1 = 0x19980330
	capV2 = 0x20071026
	capV3 = 0x20080522
)

// capHeader checks a cap_user_header_t; on a bad version it writes the
// preferred one back and fails with EINVAL, as Linux does.
func capHeader(t *kernel.Task, addr uintptr) (words int, pid int32, err error) {
	b := make([]byte, 8)
	if _, err := t.MM.CopyIn(addr, b); err != nil {
		return 0, 0, unix.EFAULT
	}
	switch binary.LittleEndian.Uint32(b) {
	case capV1:
		words = 1
	case capV2, capV3:
		words = 2
	default:
		binary.LittleEndian.PutUint32(b, capV3)
		if _, err := t.MM.CopyOut(addr, b[:4]); err != nil {
			return 0, 0, unix.EFAULT
		}
		return 0, 0, unix.EINVAL
	}
	pid = int32(binary.LittleEndian.Uint32(b[4:]))
	if pid < 0 {
		return 0, 0, unix.EINVAL
	}
	return words, pid, nil
}

func sysCapget(t *kernel.Task, a Args) (uintptr, error) {
	words, pid, err := capHeader(t, a[0])
	if err != nil {
		if err == unix.EINVAL && a[1] == 0 {
			return 0, nil // a version probe
		}
		return 0, err
	}
	target := t
	if pid != 0 && pid != t.TGID {
		if target = t.K.TaskByTID(pid); target == nil {
			return 0, unix.ESRCH
		}
	}
	if a[1] == 0 {
		return 0, nil
	}
	c := target.Creds
	var b []byte
	for w := 0; w < words; w++ {
		sh := uint(32 * w)
		b = binary.LittleEndian.AppendUint32(b, uint32(c.CapEffective>>sh))
		b = binary.LittleEndian.AppendUint32(b, uint32(c.CapPermitted>>sh))
		b = binary.LittleEndian.AppendUint32(b, uint32(c.CapInheritable>>sh))
	}
	if _, err := t.MM.CopyOut(a[1], b); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}

func sysCapset(t *kernel.Task, a Args) (uintptr, error) {
	words, pid, err := capHeader(t, a[0])
	if err != nil {
		return 0, err
	}
	if pid != 0 && pid != t.TID {
		return 0, unix.EPERM
	}
	b := make([]byte, 12*words)
	if _, err := t.MM.CopyIn(a[1], b); err != nil {
		return 0, unix.EFAULT
	}
	var eff, perm, inh uint64
	for w := 0; w < words; w++ {
		sh := uint(32 * w)
		eff |= uint64(binary.LittleEndian.Uint32(b[12*w:])) << sh
		perm |= uint64(binary.LittleEndian.Uint32(b[12*w+4:])) << sh
		inh |= uint64(binary.LittleEndian.Uint32(b[12*w+8:])) << sh
	}
	eff, perm, inh = eff&kernel.AllCaps, perm&kernel.AllCaps, inh&kernel.AllCaps
	c := &t.Creds
	if perm&^c.CapPermitted != 0 || eff&^perm != 0 || inh&^(c.CapInheritable|c.CapPermitted) != 0 {
		return 0, unix.EPERM
	}
	c.CapEffective, c.CapPermitted, c.CapInheritable = eff, perm, inh
	return 0, nil
}

func init() {
	reg("waitid", Partial, "P_ALL, P_PID, P_PGID, P_PIDFD; WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT (not for stop reports); rusage: CPU times as getrusage measures them", sysWaitid)
	reg("clone3", Partial, "as clone: processes and threads; CLONE_PIDFD; no set_tid or cgroup", sysClone3)
	reg("execveat", Partial, "AT_EMPTY_PATH (also of a memfd, named /dev/fd/N; not a #! script there) and AT_SYMLINK_NOFOLLOW", sysExecveat)
}

func sysWaitid(t *kernel.Task, a Args) (uintptr, error) {
	const (
		pAll, pPID, pPGID, pPIDFD         = 0, 1, 2, 3
		wnohang, wexited, wstopped, wcont = 1, 4, 2, 8
		wnowait                           = 0x01000000
		wnothread, wall, wclone           = 0x20000000, 0x40000000, 0x80000000
	)
	idtype, id, options := a[0], int32(a[1]), a[3]
	if options&^(wnohang|wexited|wstopped|wcont|wnowait|wnothread|wall|wclone) != 0 || options&(wexited|wstopped|wcont) == 0 {
		return 0, unix.EINVAL
	}
	var match func(*kernel.Task) bool
	if idtype == pPIDFD {
		pid, nonblock, err := waitidPidfd(t, id)
		if err != nil {
			return 0, err
		}
		idtype, id = pPID, pid
		if nonblock && options&wnohang == 0 {
			options |= wnohang | pidfdNonblockWait
		}
	}
	switch idtype {
	case pAll:
		match = func(*kernel.Task) bool { return true }
	case pPID:
		if id <= 0 {
			return 0, unix.EINVAL
		}
		match = func(c *kernel.Task) bool { return c.TGID == id }
	case pPGID:
		if id < 0 {
			return 0, unix.EINVAL
		}
		pg := id
		if pg == 0 {
			pg = t.Pgid()
		}
		match = func(c *kernel.Task) bool { return c.Pgid0() == pg }
	default:
		return 0, unix.EINVAL
	}
	c, ws, err := t.WaitForReport(match, options&wexited != 0, options&wstopped != 0, options&wcont != 0,
		options&wnohang != 0, options&wnowait != 0)
	if err != nil {
		return 0, err
	}
	if c == nil && options&pidfdNonblockWait != 0 {
		return 0, unix.EAGAIN // a PIDFD_NONBLOCK pidfd's child is still running
	}
	info := make([]byte, 128)
	var usage kernel.Usage
	if c != nil {
		pid, uid, _ := c.ExitInfo()
		if !ws.Stopped() && !ws.Continued() {
			usage = c.ExitUsage()
		}
		code, status := int32(kernel.CLDExited), int32(ws.ExitStatus())
		switch {
		case ws.Stopped():
			code, status = kernel.CLDStopped, int32(ws.StopSignal())
		case ws.Continued():
			code, status = kernel.CLDContinued, int32(unix.SIGCONT)
		case ws.Signaled():
			code, status = kernel.CLDKilled, int32(ws.Signal())
			if ws.CoreDump() {
				code = kernel.CLDDumped
			}
		}
		binary.LittleEndian.PutUint32(info[0:], uint32(unix.SIGCHLD))
		binary.LittleEndian.PutUint32(info[8:], uint32(code))
		binary.LittleEndian.PutUint32(info[16:], uint32(pid))
		binary.LittleEndian.PutUint32(info[20:], uid)
		binary.LittleEndian.PutUint32(info[24:], uint32(status))
	}
	if a[2] != 0 {
		if _, err := t.MM.CopyOut(a[2], info); err != nil {
			return 0, unix.EFAULT
		}
	}
	if a[4] != 0 {
		if _, err := t.MM.CopyOut(a[4], rusageBytes(usage)); err != nil {
			return 0, unix.EFAULT
		}
	}
	return 0, nil
}

func sysClone3(t *kernel.Task, a Args) (uintptr, error) {
	const ver0 = 64 // CLONE_ARGS_SIZE_VER0
	size := a[1]
	if size < ver0 || size > 4096 {
		return 0, unix.EINVAL
	}
	b := make([]byte, size)
	if _, err := t.MM.CopyIn(a[0], b); err != nil {
		return 0, unix.EFAULT
	}
	for _, x := range b[ver0:] { // set_tid, set_tid_size, cgroup and beyond: unsupported
		if x != 0 {
			return 0, unix.ENOSYS
		}
	}
	le := binary.LittleEndian
	flags, pidfd, childTID, parentTID := le.Uint64(b[0:]), le.Uint64(b[8:]), le.Uint64(b[16:]), le.Uint64(b[24:])
	exitSignal, stack, stackSize, tls := le.Uint64(b[32:]), le.Uint64(b[40:]), le.Uint64(b[48:]), le.Uint64(b[56:])
	withPidfd := flags&unix.CLONE_PIDFD != 0
	if withPidfd && flags&(unix.CLONE_THREAD|unix.CLONE_DETACHED) != 0 {
		return 0, unix.EINVAL
	}
	flags &^= unix.CLONE_PIDFD
	if exitSignal > 64 || flags&0xff != 0 {
		return 0, unix.EINVAL
	}
	if (stack == 0) != (stackSize == 0) {
		return 0, unix.EINVAL
	}
	sp := uintptr(0)
	if stack != 0 {
		sp = uintptr(stack + stackSize)
	}
	var args Args
	args[0] = uintptr(flags | exitSignal)
	args[1], args[2], args[3], args[4] = sp, uintptr(parentTID), uintptr(childTID), uintptr(tls)
	if withPidfd {
		return clonePidfd(t, args, uintptr(pidfd))
	}
	return sysClone(t, args)
}

func sysExecveat(t *kernel.Task, a Args) (uintptr, error) {
	flags := a[4]
	if flags&^(atEmptyPath|atSymlinkNoFol) != 0 {
		return 0, unix.EINVAL
	}
	path, err := copyPath(t, a[1])
	if err != nil {
		return 0, err
	}
	var full string
	var anon *vfs.File // an open file with no path (a memfd)
	switch {
	case path == "" && flags&atEmptyPath != 0:
		f, err := getFile(t, a[0])
		if err != nil {
			return 0, err
		}
		defer f.DecRef()
		if f.Dentry == nil {
			if _, err := f.Impl.Mappable(); err != nil {
				return 0, unix.EACCES
			}
			anon = f
			full = "/dev/fd/" + strconv.Itoa(int(fdArg(a[0])))
			break
		}
		full = f.Dentry.Path(t.FS.Root)
	case path == "":
		return 0, unix.ENOENT
	default:
		start, err := dirStart(t, a[0], path)
		if err != nil {
			return 0, err
		}
		d, err := t.Walker().Resolve(start, path, flags&atSymlinkNoFol == 0)
		if err != nil {
			return 0, err
		}
		if st, _ := d.Inode().Stat(); st.IsSymlink() {
			return 0, unix.ELOOP
		}
		full = d.Path(t.FS.Root)
	}
	total := 0
	argv, err := copyStrings(t, a[2], &total)
	if err != nil {
		return 0, err
	}
	envv, err := copyStrings(t, a[3], &total)
	if err != nil {
		return 0, err
	}
	if anon != nil {
		return 0, t.ExecReplaceFile(anon, full, argv, envv)
	}
	return 0, t.ExecReplace(full, argv, envv)
}

func sysGetRobustList(t *kernel.Task, a Args) (uintptr, error) {
	if a[0] != 0 && int32(a[0]) != t.TID {
		return 0, unix.EPERM
	}
	if _, err := t.MM.CopyOut(a[1], binary.LittleEndian.AppendUint64(nil, uint64(t.RobustList()))); err != nil {
		return 0, unix.EFAULT
	}
	if _, err := t.MM.CopyOut(a[2], binary.LittleEndian.AppendUint64(nil, 24)); err != nil {
		return 0, unix.EFAULT
	}
	return 0, nil
}
