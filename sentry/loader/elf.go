package loader

import (
	"encoding/binary"
	"errors"
	"io"

	"golang.org/x/sys/unix"

	"husk/platform"
	"husk/sentry/errno"
)

// Constants of the x86-64 Linux ABI the loader follows.
const (
	// PageSize is the x86-64 page size (ELF_MIN_ALIGN, AT_PAGESZ).
	PageSize = 4096
	// TaskSize is the top (exclusive) of the user address space: Linux's
	// TASK_SIZE_MAX for 4-level paging, (1<<47) - PageSize.
	TaskSize = 0x7ffffffff000
	// DynBase is where ET_DYN programs are placed: Linux's ELF_ET_DYN_BASE,
	// 2/3 of TaskSize, page-aligned, with randomization off.
	DynBase = 0x555555554000

	ehdrSize      = 64    // sizeof(Elf64_Ehdr)
	phdrSize      = 56    // sizeof(Elf64_Phdr)
	maxPhdrBytes  = 65536 // load_elf_phdrs' limit on e_phnum * e_phentsize
	maxInterpPath = 4096  // PATH_MAX, including the NUL

	pageMask = PageSize - 1
)

// ELF constants (elf.h).
const (
	etExec = 2
	etDyn  = 3

	emX86_64 = 62

	ptLoad     = 1
	ptInterp   = 3
	ptPhdr     = 6
	ptGNUStack = 0x6474e551

	pfX = 1
	pfW = 2
	pfR = 4
)

// Phdr is one decoded Elf64_Phdr.
type Phdr struct {
	Type, Flags                             uint32
	Off, Vaddr, Paddr, Filesz, Memsz, Align uint64
}

// ELFInfo is a validated ELF header and its program headers. Every value in it
// has been bounded (see ParseELF); addresses are as in the file, before any
// load bias.
type ELFInfo struct {
	// Type is ET_EXEC (2) or ET_DYN (3).
	Type uint16
	// Entry is e_entry.
	Entry uint64
	// PhOff is e_phoff; len(Phdrs) is e_phnum.
	PhOff uint64
	// Phdrs holds every program header in file order.
	Phdrs []Phdr
	// Interp is the PT_INTERP path without its NUL, or "" if there is none.
	Interp string
	// PhdrVaddr is where the program headers are in memory (from PT_PHDR, else
	// from the PT_LOAD whose file range holds e_phoff); HasPhdrVaddr says
	// whether either was found.
	PhdrVaddr    uint64
	HasPhdrVaddr bool
	// Start and End are the page-aligned bounds of all PT_LOAD segments:
	// every segment lies in [Start, End), and End <= TaskSize.
	Start, End uint64
	// MaxAlign is the largest power-of-two p_align among the PT_LOAD segments,
	// at least PageSize.
	MaxAlign uint64
	// GNUStack and ExecStack record PT_GNU_STACK (present; PF_X set). They
	// decide nothing yet: the stack's protection is the memory manager's.
	GNUStack, ExecStack bool
}

var enoexec error = errno.Errno(unix.ENOEXEC)

// readFull reads len(p) bytes at off. A short read (truncated file) is
// ENOEXEC; an errno from r passes through; any other error is EIO.
func readFull(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	var e errno.Errno
	switch {
	case err == nil, errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return enoexec
	case errors.As(err, &e):
		return e
	default:
		return errno.Errno(unix.EIO)
	}
}

// ParseELF reads and validates the ELF header and program headers of the
// file r of the given size, the way Linux's binfmt_elf does for an x86-64
// executable, and reads the PT_INTERP path if there is one. Nothing is
// allocated before the size it depends on has been bounded: at most 64 KiB of
// program headers and 4 KiB of interpreter path are read.
//
// Errors: ENOEXEC for anything malformed or truncated (bad magic, class, data
// encoding or version, machine other than x86-64, type other than ET_EXEC or
// ET_DYN, e_phentsize != 56, no program headers or more than 64 KiB of them,
// headers beyond the file, a PT_LOAD with p_filesz > p_memsz, p_offset and
// p_vaddr not congruent modulo the page size, a file range beyond the file,
// an address range that overflows or leaves the user address space, no
// PT_LOAD, more than one PT_INTERP, or an interpreter path that is empty,
// longer than 4096 bytes or not NUL-terminated). Errnos from r pass through;
// other read errors are EIO.
func ParseELF(r io.ReaderAt, size int64) (*ELFInfo, error) {
	if size < ehdrSize {
		return nil, enoexec
	}
	var eh [ehdrSize]byte
	if err := readFull(r, eh[:], 0); err != nil {
		return nil, err
	}
	if eh[0] != 0x7f || eh[1] != 'E' || eh[2] != 'L' || eh[3] != 'F' {
		return nil, enoexec
	}
	// EI_CLASS = ELFCLASS64, EI_DATA = ELFDATA2LSB, EI_VERSION = EV_CURRENT.
	if eh[4] != 2 || eh[5] != 1 || eh[6] != 1 {
		return nil, enoexec
	}
	le := binary.LittleEndian
	info := &ELFInfo{
		Type:  le.Uint16(eh[16:]),
		Entry: le.Uint64(eh[24:]),
		PhOff: le.Uint64(eh[32:]),
	}
	machine := le.Uint16(eh[18:])
	version := le.Uint32(eh[20:])
	phentsize := le.Uint16(eh[54:])
	phnum := uint64(le.Uint16(eh[56:]))
	if info.Type != etExec && info.Type != etDyn {
		return nil, enoexec
	}
	if machine != emX86_64 || version != 1 || phentsize != phdrSize {
		return nil, enoexec
	}
	if info.Entry >= TaskSize {
		return nil, enoexec
	}
	phBytes := phnum * phdrSize
	if phnum == 0 || phBytes > maxPhdrBytes {
		return nil, enoexec
	}
	fsize := uint64(size)
	if info.PhOff > fsize || phBytes > fsize-info.PhOff {
		return nil, enoexec
	}
	buf := make([]byte, phBytes) // bounded: <= 64 KiB
	if err := readFull(r, buf, int64(info.PhOff)); err != nil {
		return nil, err
	}

	info.Phdrs = make([]Phdr, phnum)
	info.MaxAlign = PageSize
	var (
		loads, interps       int
		interpOff, interpLen uint64
		havePTPhdr           bool
		start                = uint64(TaskSize)
		end                  uint64
	)
	for i := range info.Phdrs {
		b := buf[i*phdrSize:]
		p := Phdr{
			Type:   le.Uint32(b[0:]),
			Flags:  le.Uint32(b[4:]),
			Off:    le.Uint64(b[8:]),
			Vaddr:  le.Uint64(b[16:]),
			Paddr:  le.Uint64(b[24:]),
			Filesz: le.Uint64(b[32:]),
			Memsz:  le.Uint64(b[40:]),
			Align:  le.Uint64(b[48:]),
		}
		info.Phdrs[i] = p
		switch p.Type {
		case ptLoad:
			loads++
			if p.Filesz > p.Memsz {
				return nil, enoexec
			}
			if p.Off&pageMask != p.Vaddr&pageMask {
				return nil, enoexec
			}
			if p.Off > fsize || p.Filesz > fsize-p.Off {
				return nil, enoexec
			}
			if p.Vaddr >= TaskSize || p.Memsz > TaskSize-p.Vaddr {
				return nil, enoexec
			}
			if p.Memsz == 0 {
				// Maps nothing; Linux skips it too. It still counts as a PT_LOAD.
				continue
			}
			s := p.Vaddr &^ pageMask
			e := (p.Vaddr + p.Memsz + pageMask) &^ pageMask // <= TaskSize, page-aligned
			start = min(start, s)
			end = max(end, e)
			if p.Align > info.MaxAlign && p.Align&(p.Align-1) == 0 {
				info.MaxAlign = p.Align
			}
		case ptInterp:
			interps++
			if interps > 1 {
				return nil, enoexec
			}
			if p.Filesz < 2 || p.Filesz > maxInterpPath {
				return nil, enoexec
			}
			if p.Off > fsize || p.Filesz > fsize-p.Off {
				return nil, enoexec
			}
			interpOff, interpLen = p.Off, p.Filesz
		case ptPhdr:
			if !havePTPhdr {
				havePTPhdr = true
				info.PhdrVaddr, info.HasPhdrVaddr = p.Vaddr, true
			}
		case ptGNUStack:
			info.GNUStack = true
			info.ExecStack = p.Flags&pfX != 0
		}
	}
	if loads == 0 {
		return nil, enoexec
	}
	if end == 0 {
		// Every PT_LOAD is empty: nothing to map.
		return nil, enoexec
	}
	info.Start, info.End = start, end

	if !info.HasPhdrVaddr {
		// Like Linux (since 5.18): the PT_LOAD whose file range holds e_phoff.
		for _, p := range info.Phdrs {
			if p.Type == ptLoad && p.Off <= info.PhOff && info.PhOff-p.Off < p.Filesz {
				info.PhdrVaddr, info.HasPhdrVaddr = p.Vaddr+(info.PhOff-p.Off), true
				break
			}
		}
	}

	if interps == 1 {
		path := make([]byte, interpLen) // bounded: <= 4096
		if err := readFull(r, path, int64(interpOff)); err != nil {
			return nil, err
		}
		if path[len(path)-1] != 0 {
			return nil, enoexec
		}
		// The kernel opens it as a C string: it ends at the first NUL.
		for i, c := range path {
			if c == 0 {
				path = path[:i]
				break
			}
		}
		if len(path) == 0 {
			return nil, enoexec
		}
		info.Interp = string(path)
	}
	return info, nil
}

// access returns the protection a PT_LOAD's p_flags ask for.
func (p *Phdr) access() platform.AccessType {
	return platform.AccessType{
		Read:    p.Flags&pfR != 0,
		Write:   p.Flags&pfW != 0,
		Execute: p.Flags&pfX != 0,
	}
}
