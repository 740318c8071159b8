package syscalls

import (
	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/kernel"
	"husk/sentry/mm"
	"husk/sentry/vfs"
)

func init() {
	reg("mmap", Partial, "MAP_SHARED of a memfd, a tmpfs or a gofer file maps the file's pages (shared across processes, coherent with read and write in the sandbox; a gofer file's page cache is written back at msync(MS_SYNC), fsync and the last writable munmap, and a host process changing the file meanwhile is not seen); MAP_SHARED of other files (host stdio) is a private copy, so a writable one is ENODEV", sysMmap)
	reg("munmap", Supported, "", sysMunmap)
	reg("mprotect", Supported, "", sysMprotect)
	reg("brk", Supported, "", sysBrk)
	reg("madvise", Partial, "MADV_DONTNEED and MADV_FREE drop private pages (shared ones keep their data); MADV_REMOVE frees shared anonymous and memfd pages; other advice is checked and ignored", sysMadvise)
	reg("mremap", Supported, "", sysMremap)
	reg("msync", Supported, "", sysMsync)
	reg("mincore", Supported, "a private page is resident once touched or populated with its neighbours: an anonymous fault fills its aligned 16-page block at once (Linux fills only the page); a shared file page when the file has it", sysMincore)
}

func sysMremap(t *kernel.Task, a Args) (uintptr, error) {
	return t.MM.MRemap(a[0], a[1], a[2], int(a[3]), a[4])
}

func sysMsync(t *kernel.Task, a Args) (uintptr, error) {
	return 0, t.MM.MSync(a[0], a[1], int(a[2]))
}

// mincoreChunk bounds the vector mincore builds at once.
const mincoreChunk = 16 << 10

func sysMincore(t *kernel.Task, a Args) (uintptr, error) {
	addr, length, vec := a[0], a[1], a[2]
	if addr&(mm.PageSize-1) != 0 {
		return 0, unix.EINVAL
	}
	if length > 1<<47 || addr+length < addr {
		return 0, unix.ENOMEM
	}
	pages := (length + mm.PageSize - 1) / mm.PageSize
	buf := make([]byte, min(pages, mincoreChunk))
	for done := uintptr(0); done < pages; {
		n := min(pages-done, mincoreChunk)
		if err := t.MM.MinCore(addr+done*mm.PageSize, buf[:n]); err != nil {
			return 0, err
		}
		if _, err := t.MM.CopyOut(vec+done, buf[:n]); err != nil {
			return 0, unix.EFAULT
		}
		done += n
	}
	return 0, nil
}

func protToAccess(prot uintptr) platform.AccessType {
	return platform.AccessType{Read: prot&unix.PROT_READ != 0 || prot&unix.PROT_EXEC != 0 || prot&unix.PROT_WRITE != 0,
		Write: prot&unix.PROT_WRITE != 0, Execute: prot&unix.PROT_EXEC != 0}
}

const mapFixedNoReplace = 0x100000

func sysMmap(t *kernel.Task, a Args) (uintptr, error) {
	addr, length, prot, flags, fd, off := a[0], a[1], a[2], a[3], a[4], int64(a[5])
	const known = unix.MAP_SHARED | unix.MAP_PRIVATE | unix.MAP_FIXED | unix.MAP_ANONYMOUS | unix.MAP_32BIT |
		unix.MAP_GROWSDOWN | unix.MAP_DENYWRITE | unix.MAP_EXECUTABLE | unix.MAP_LOCKED | unix.MAP_NORESERVE |
		unix.MAP_POPULATE | unix.MAP_NONBLOCK | unix.MAP_STACK | unix.MAP_HUGETLB | unix.MAP_SYNC | mapFixedNoReplace
	if prot&^(unix.PROT_READ|unix.PROT_WRITE|unix.PROT_EXEC) != 0 {
		return 0, unix.EINVAL
	}
	typ := flags & 3
	if typ == 0 {
		return 0, unix.EINVAL
	}
	if typ == 3 && flags&^known != 0 { // MAP_SHARED_VALIDATE refuses unknown flags
		return 0, unix.EOPNOTSUPP
	}
	if length == 0 || off&(mm.PageSize-1) != 0 {
		return 0, unix.EINVAL
	}
	if length > 1<<47 {
		return 0, unix.ENOMEM
	}
	fixed := flags&(unix.MAP_FIXED|mapFixedNoReplace) != 0
	if fixed && addr&(mm.PageSize-1) != 0 {
		return 0, unix.EINVAL
	}
	o := mm.MapOpts{Addr: addr, Length: length, Fixed: fixed, NoReplace: flags&mapFixedNoReplace != 0 && flags&unix.MAP_FIXED == 0,
		Perms: protToAccess(prot), Shared: typ != unix.MAP_PRIVATE, GrowsDown: flags&unix.MAP_GROWSDOWN != 0}
	if flags&unix.MAP_ANONYMOUS == 0 {
		f, err := getFile(t, fd)
		if err != nil {
			return 0, err
		}
		defer f.DecRef()
		if f.Flags()&unix.O_PATH != 0 {
			return 0, unix.EBADF
		}
		m, err := f.Impl.Mappable()
		if err != nil {
			return 0, unix.ENODEV
		}
		if !f.Readable() {
			return 0, unix.EACCES
		}
		o.MaxPerms = platform.AnyAccess
		_, realShared := m.(mm.SharedFile)
		switch {
		case o.Shared && !f.Writable():
			if prot&unix.PROT_WRITE != 0 {
				return 0, unix.EACCES
			}
			o.MaxPerms.Write = false // mprotect(PROT_WRITE) later: EACCES
		case o.Shared && !realShared:
			// A shared mapping of this file (one whose type has no shared
			// pages: a host stdio file) is a copy here: a write through it
			// would never reach the file. Refused as by a filesystem
			// without shared writable mappings.
			if prot&unix.PROT_WRITE != 0 {
				return 0, unix.ENODEV
			}
			o.MaxPerms.Write = false // mprotect(PROT_WRITE) later: EACCES
		}
		if off < 0 || off+int64(length) < off {
			return 0, unix.EOVERFLOW
		}
		if err := sealedMap(f.Impl, &o); err != nil {
			return 0, err
		}
		o.File, o.Offset = m, off
		o.Name = vfs.FileName(f, t.FS.Root)
	}
	return t.MM.MMap(o)
}

func sysMunmap(t *kernel.Task, a Args) (uintptr, error) {
	return 0, t.MM.MUnmap(a[0], a[1])
}

func sysMprotect(t *kernel.Task, a Args) (uintptr, error) {
	prot := a[2]
	if prot&^(unix.PROT_READ|unix.PROT_WRITE|unix.PROT_EXEC|unix.PROT_GROWSDOWN|unix.PROT_GROWSUP) != 0 ||
		prot&(unix.PROT_GROWSDOWN|unix.PROT_GROWSUP) == unix.PROT_GROWSDOWN|unix.PROT_GROWSUP {
		return 0, unix.EINVAL
	}
	return 0, t.MM.MProtect(a[0], a[1], protToAccess(prot))
}

func sysBrk(t *kernel.Task, a Args) (uintptr, error) {
	return t.MM.Brk(a[0]), nil
}

func sysMadvise(t *kernel.Task, a Args) (uintptr, error) {
	addr, length, advice := a[0], a[1], a[2]
	if addr&(mm.PageSize-1) != 0 {
		return 0, unix.EINVAL
	}
	switch advice {
	case unix.MADV_DONTNEED:
		if length == 0 {
			return 0, nil
		}
		return 0, t.MM.MAdviseDontNeed(addr, length)
	case unix.MADV_FREE:
		if length == 0 {
			return 0, nil
		}
		if err := t.MM.MAdviseFreeCheck(addr, length); err != nil {
			return 0, err
		}
		return 0, t.MM.MAdviseDontNeed(addr, length)
	case unix.MADV_REMOVE:
		if length == 0 {
			return 0, nil
		}
		return 0, t.MM.MAdviseRemove(addr, length)
	case unix.MADV_NORMAL, unix.MADV_RANDOM, unix.MADV_SEQUENTIAL, unix.MADV_WILLNEED,
		unix.MADV_DONTFORK, unix.MADV_DOFORK, unix.MADV_MERGEABLE, unix.MADV_UNMERGEABLE, unix.MADV_HUGEPAGE,
		unix.MADV_NOHUGEPAGE, unix.MADV_DONTDUMP, unix.MADV_DODUMP, unix.MADV_WIPEONFORK, unix.MADV_KEEPONFORK,
		unix.MADV_COLD, unix.MADV_PAGEOUT, 22, 23:
		if length == 0 {
			return 0, nil
		}
		if err := t.MM.CheckRange(addr, length, false); err == unix.EFAULT {
			// madvise on unmapped memory is ENOMEM; on PROT_NONE it is fine.
			if t.MM.MAdviseCheckMapped(addr, length) != nil {
				return 0, unix.ENOMEM
			}
		}
		return 0, nil
	}
	return 0, unix.EINVAL
}
