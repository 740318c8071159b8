// Package loader loads an x86-64 ELF program into a new address space the way
// Linux's fs/binfmt_elf.c does, and builds its initial stack.
//
// It owns: decoding and validating ELF headers (static, static-pie and
// dynamic programs, whose PT_INTERP interpreter it loads too), placing the
// PT_LOAD segments (fixed for ET_EXEC, at DynBase for ET_DYN, anywhere for an
// ET_DYN interpreter), zeroing and mapping .bss, the start of the heap, and the
// initial stack: strings, AT_RANDOM, the auxiliary vector, envp, argv, argc.
//
// It never trusts the file: every size and count in it is bounded before
// anything is allocated, and anything malformed is ENOEXEC (ELIBBAD for the
// interpreter), never a panic. It never opens a host path, never calls the
// host, and never touches app memory except through Memory. Errors are
// errno.Errno values. On error the Memory may hold some of the mappings: the
// caller discards that address space (past Linux's point of no return the
// task is killed; here the address space is simply never used).
//
// The vDSO (sentry/loader/vdso builds its image and keeps its clock) is
// mapped here when Args.VDSO says where its pages lie in the memory file:
// the vvar page(s) then the image, together in the mmap area, shared
// read-only by every address space; its address goes to AT_SYSINFO_EHDR.
//
// Lock order: none; the package holds no locks and no state.
package loader

import (
	"errors"
	"io"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/errno"
)

// File is an opened executable or interpreter.
type File interface {
	// ReadAt reads like io.ReaderAt (short read at EOF returns io.EOF or n < len(p)).
	ReadAt(p []byte, off int64) (int, error)
	// Size is the file's size in bytes.
	Size() int64
}

// Memory is the part of the new address space (sentry/mm) the loader uses.
type Memory interface {
	// MapFile maps length bytes of f from offset off as a PRIVATE mapping with prot.
	// fixed: exactly at addr, replacing what is there; else addr is a hint (0: anywhere,
	// chosen top-down below the stack). Returns the address. addr/length/off page-aligned.
	MapFile(addr, length uintptr, prot platform.AccessType, fixed bool, f File, off int64) (uintptr, error)
	// MapAnonymous maps zeroed private memory, same addr/fixed rules.
	MapAnonymous(addr, length uintptr, prot platform.AccessType, fixed bool) (uintptr, error)
	// NewStack maps a grows-down stack of the given size and returns its top (exclusive).
	NewStack(size uintptr) (top uintptr, err error)
	// CopyOut writes app memory regardless of the mapping's write permission (the
	// loader may need to zero the tail of a file page in a read-only segment).
	CopyOut(addr uintptr, src []byte) error
	// SetBrk sets the start of the heap (page-aligned end of the highest segment).
	SetBrk(start uintptr)
}

// Args is what Load needs: the opened program, its arguments, and the values
// the auxiliary vector passes on.
type Args struct {
	File     File   // the executable, already opened
	Filename string // the path given to execve: AT_EXECFN string
	// Argv and Envv are the argument and environment strings. An empty Argv
	// gets one empty string, as Linux (since 5.18) does.
	Argv, Envv []string
	// OpenInterp opens the PT_INTERP path (resolved in the app's root by the caller).
	OpenInterp  func(path string) (File, error)
	Mem         Memory
	HWCap       uint64 // AT_HWCAP
	HWCap2      uint64 // AT_HWCAP2, omitted when 0
	UID, EUID   uint32
	GID, EGID   uint32
	Secure      bool    // AT_SECURE
	SysinfoEhdr uintptr // AT_SYSINFO_EHDR when non-zero and VDSO is nil, omitted when 0
	// VDSO, when not nil, is mapped (Mem must be a DirectMemory) and its
	// address passed as AT_SYSINFO_EHDR.
	VDSO        *VDSO
	MinSigStkSz uint64    // AT_MINSIGSTKSZ when non-zero
	Random      io.Reader // source of the 16 AT_RANDOM bytes (crypto/rand in production)
	StackSize   uintptr   // 0 means 8 MiB
}

// VDSO says where the vDSO's pages lie in the memory file.
type VDSO struct {
	VvarOff    int64 // the vvar pages (the clock's parameters), mapped read-only
	VvarPages  int
	ImageOff   int64 // the ELF image, mapped read+exec right above the vvar pages
	ImagePages int
}

// DirectMemory is a Memory that can map pages of the memory file itself
// (shared by every address space, never copied at fork, never freed by an
// unmap): the vDSO's.
type DirectMemory interface {
	// MapDirect maps length bytes of the memory file from off with perms
	// (which mprotect can never widen), named name (as /proc/pid/maps
	// shows it). addr and fixed as in MapFile.
	MapDirect(addr, length uintptr, perms platform.AccessType, fixed bool, off int64, name string) (uintptr, error)
}

// Result says where the program was put and how its stack looks.
type Result struct {
	Entry     uintptr // where the first instruction runs: the interpreter's entry if any, else the program's
	SP        uintptr // initial stack pointer (points at argc, 16-byte aligned)
	Phdr      uintptr // AT_PHDR value
	Base      uintptr // AT_BASE (interpreter load base, 0 if none)
	ProgEntry uintptr // AT_ENTRY
	BrkStart  uintptr
	Auxv      [][2]uint64 // the auxv written, for /proc/pid/auxv later
	// ArgvStart..ArgvEnd and EnvvStart..EnvvEnd hold the argument and
	// environment strings (NUL-terminated, back to back); ArgvEnd == EnvvStart.
	ArgvStart, ArgvEnd, EnvvStart, EnvvEnd uintptr
}

// DefaultStackSize is the stack size when Args.StackSize is 0 (RLIMIT_STACK's
// usual 8 MiB).
const DefaultStackSize = 8 << 20

// maxAlign is the largest p_align honoured when placing an ET_DYN object;
// larger (valid, but absurd) alignments fall back to the page size so that
// the object cannot be pushed to address 0.
const maxAlign = 1 << 30

// Load loads a.File into a.Mem: its PT_LOAD segments, its interpreter's if it
// has a PT_INTERP, the heap start, and the initial stack.
//
// Errors (errno.Errno): EINVAL if a lacks File, Mem or Random (or OpenInterp
// when the program needs one); E2BIG if the strings do not fit (a string over
// 128 KiB, or strings and pointers over a quarter of the stack); ENOEXEC if
// the program is malformed (see ParseELF); errors of OpenInterp pass through
// (ENOENT for a missing interpreter); ELIBBAD if the interpreter is not a
// valid ELF; ENOMEM if an ET_DYN program does not fit at DynBase; errors of
// File.ReadAt and Memory pass through (non-errno errors become EIO).
func Load(a Args) (Result, error) {
	if a.File == nil || a.Mem == nil || a.Random == nil {
		return Result{}, errno.Errno(unix.EINVAL)
	}
	stackSize := a.StackSize
	if stackSize == 0 {
		stackSize = DefaultStackSize
	}
	if stackSize > TaskSize/2 {
		return Result{}, errno.Errno(unix.EINVAL)
	}
	stackSize = (stackSize + pageMask) &^ pageMask
	argv := a.Argv
	if len(argv) == 0 {
		argv = []string{""}
	}
	if err := checkArgs(a.Filename, argv, a.Envv, stackSize); err != nil {
		return Result{}, err
	}

	info, err := ParseELF(a.File, a.File.Size())
	if err != nil {
		return Result{}, err
	}

	// Open and check the interpreter before anything is mapped, as Linux
	// does before its point of no return.
	var (
		interp     File
		interpInfo *ELFInfo
	)
	if info.Interp != "" {
		if a.OpenInterp == nil {
			return Result{}, errno.Errno(unix.EINVAL)
		}
		interp, err = a.OpenInterp(info.Interp)
		if err != nil {
			return Result{}, errno.FromHost(err)
		}
		if interp == nil {
			return Result{}, errno.Errno(unix.ENOENT)
		}
		interpInfo, err = ParseELF(interp, interp.Size())
		if err != nil {
			// binfmt_elf answers ELIBBAD when the interpreter's magic,
			// machine or program headers are bad (load_elf_binary sets
			// retval = -ELIBBAD before those checks). A bad e_type there
			// gives EINVAL from load_elf_interp; we answer ELIBBAD for
			// every malformed interpreter, the one errno that names it.
			// Read errors (EIO, ...) pass through.
			if errors.Is(err, enoexec) {
				return Result{}, errno.Errno(unix.ELIBBAD)
			}
			return Result{}, err
		}
	}

	// The program. ET_EXEC goes at its p_vaddrs. ET_DYN goes at DynBase,
	// aligned down to its largest p_align, whether or not it has an
	// interpreter. For one without (static-pie, ld.so run directly) Linux
	// since 4.13 maps it non-fixed in the mmap region below the stack
	// instead (checked on 6.18 with setarch -R), and with randomization on
	// moves its brk to ELF_ET_DYN_BASE; placing it at DynBase gives the
	// same heap room without randomization, as this loader's brief asks.
	var bias uint64
	if info.Type == etDyn {
		base := uint64(DynBase)
		if al := info.MaxAlign; al > PageSize && al <= maxAlign {
			base &^= al - 1
		}
		if info.End-info.Start > TaskSize-base {
			return Result{}, errno.Errno(unix.ENOMEM)
		}
		bias = base - info.Start // wraps when Start > base; bias+vaddr does not
	}
	progEntry := info.Entry + bias
	if progEntry >= TaskSize {
		// BAD_ADDR in binfmt_elf: EINVAL.
		return Result{}, errno.Errno(unix.EINVAL)
	}
	if err := mapSegments(a.Mem, a.File, info, bias); err != nil {
		return Result{}, err
	}
	brk := uintptr(info.End + bias)
	var phdr uint64
	if info.HasPhdrVaddr {
		phdr = info.PhdrVaddr + bias
	}

	res := Result{
		Entry:     uintptr(progEntry),
		ProgEntry: uintptr(progEntry),
		Phdr:      uintptr(phdr),
		BrkStart:  brk,
	}

	// The interpreter.
	if interp != nil {
		ibias, err := mapInterp(a.Mem, interp, interpInfo)
		if err != nil {
			return Result{}, err
		}
		entry := interpInfo.Entry + ibias
		if entry >= TaskSize {
			return Result{}, errno.Errno(unix.EINVAL)
		}
		res.Entry = uintptr(entry)
		if interpInfo.Type == etDyn {
			res.Base = uintptr(interpInfo.Start + ibias)
		}
	}

	a.Mem.SetBrk(brk)

	if a.VDSO != nil {
		ehdr, err := mapVDSO(a.Mem, a.VDSO)
		if err != nil {
			return Result{}, err
		}
		a.SysinfoEhdr = ehdr
	}

	top, err := a.Mem.NewStack(stackSize)
	if err != nil {
		return Result{}, errno.FromHost(err)
	}
	if top&pageMask != 0 || top > TaskSize || top < stackSize {
		return Result{}, errno.Errno(unix.ENOMEM)
	}
	if err := buildStack(&a, argv, info, top, stackSize, &res); err != nil {
		return Result{}, err
	}
	return res, nil
}

// mapVDSO maps the vvar pages and the vDSO image right above them,
// anywhere in the mmap area (as Linux does since 6.x), and returns the
// image's address.
func mapVDSO(mem Memory, v *VDSO) (uintptr, error) {
	dm, ok := mem.(DirectMemory)
	if !ok || v.VvarPages <= 0 || v.ImagePages <= 0 || v.VvarPages > 16 || v.ImagePages > 16 {
		return 0, errno.Errno(unix.EINVAL)
	}
	vvarLen, imageLen := uintptr(v.VvarPages)*PageSize, uintptr(v.ImagePages)*PageSize
	addr, err := mem.MapAnonymous(0, vvarLen+imageLen, platform.NoAccess, false)
	if err != nil {
		return 0, errno.FromHost(err)
	}
	if _, err := dm.MapDirect(addr, vvarLen, platform.Read, true, v.VvarOff, "[vvar]"); err != nil {
		return 0, errno.FromHost(err)
	}
	rx := platform.AccessType{Read: true, Execute: true}
	if _, err := dm.MapDirect(addr+vvarLen, imageLen, rx, true, v.ImageOff, "[vdso]"); err != nil {
		return 0, errno.FromHost(err)
	}
	return addr + vvarLen, nil
}

// mapInterp maps an interpreter and returns its load bias. An ET_DYN
// interpreter goes anywhere: its whole span is reserved first (non-fixed,
// inaccessible), then each segment is mapped fixed inside it, which keeps the
// segments' relative placement (Linux maps the first segment with the total
// size for the same reason, and unmaps the excess; here the gaps stay
// reserved and inaccessible, as ld.so leaves them for libraries).
func mapInterp(mem Memory, f File, info *ELFInfo) (uint64, error) {
	if info.Type != etDyn {
		return 0, mapSegments(mem, f, info, 0)
	}
	span := info.End - info.Start
	al := uint64(PageSize)
	if info.MaxAlign > PageSize && info.MaxAlign <= maxAlign {
		al = info.MaxAlign
	}
	reserve := span + al - PageSize // <= TaskSize + 1 GiB: no overflow
	addr, err := mem.MapAnonymous(0, uintptr(reserve), platform.NoAccess, false)
	if err != nil {
		return 0, errno.FromHost(err)
	}
	base := (uint64(addr) + al - 1) &^ (al - 1)
	if uint64(addr)&pageMask != 0 || base > TaskSize || span > TaskSize-base {
		return 0, errno.Errno(unix.ENOMEM)
	}
	bias := base - info.Start
	return bias, mapSegments(mem, f, info, bias)
}

// mapSegments maps every PT_LOAD of info at bias+p_vaddr, fixed: the file
// part page-rounded, then the part past p_filesz zeroed: the rest of the last
// file page through CopyOut, the whole pages after it anonymous. The caller
// has checked that [info.Start+bias, info.End+bias) lies below TaskSize.
func mapSegments(mem Memory, f File, info *ELFInfo, bias uint64) error {
	for i := range info.Phdrs {
		p := &info.Phdrs[i]
		if p.Type != ptLoad || p.Memsz == 0 {
			continue
		}
		prot := p.access()
		start := p.Vaddr + bias
		pageStart := start &^ pageMask
		fileEnd := start + p.Filesz
		fileEndPage := (fileEnd + pageMask) &^ pageMask
		memEndPage := (start + p.Memsz + pageMask) &^ pageMask
		anonStart := pageStart
		if p.Filesz > 0 {
			off := int64(p.Off &^ pageMask)
			if _, err := mem.MapFile(uintptr(pageStart), uintptr(fileEndPage-pageStart), prot, true, f, off); err != nil {
				return errno.FromHost(err)
			}
			anonStart = fileEndPage
			if p.Memsz > p.Filesz && fileEnd != fileEndPage {
				// padzero: the file page's tail past p_filesz is .bss. Like
				// Linux, a failure only matters if the segment is writable.
				var zero [PageSize]byte
				if err := mem.CopyOut(uintptr(fileEnd), zero[:fileEndPage-fileEnd]); err != nil && prot.Write {
					return errno.FromHost(err)
				}
			}
		}
		if memEndPage > anonStart {
			if _, err := mem.MapAnonymous(uintptr(anonStart), uintptr(memEndPage-anonStart), prot, true); err != nil {
				return errno.FromHost(err)
			}
		}
	}
	return nil
}
