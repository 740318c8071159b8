package loader

import (
	"encoding/binary"
	"io"

	"golang.org/x/sys/unix"

	"husk/sentry/errno"
)

// Auxiliary vector keys (include/uapi/linux/auxvec.h, asm/auxvec.h).
const (
	AT_NULL         = 0
	AT_PHDR         = 3
	AT_PHENT        = 4
	AT_PHNUM        = 5
	AT_PAGESZ       = 6
	AT_BASE         = 7
	AT_FLAGS        = 8
	AT_ENTRY        = 9
	AT_UID          = 11
	AT_EUID         = 12
	AT_GID          = 13
	AT_EGID         = 14
	AT_PLATFORM     = 15
	AT_HWCAP        = 16
	AT_CLKTCK       = 17
	AT_SECURE       = 23
	AT_RANDOM       = 25
	AT_HWCAP2       = 26
	AT_EXECFN       = 31
	AT_SYSINFO_EHDR = 33
	AT_MINSIGSTKSZ  = 51
)

const (
	// MaxArgStrlen is MAX_ARG_STRLEN: the longest argument or environment
	// string, with its NUL.
	MaxArgStrlen = 32 * PageSize
	// platformString is ELF_PLATFORM on x86-64, passed as AT_PLATFORM.
	platformString = "x86_64"
	// clockTicks is USER_HZ, passed as AT_CLKTCK.
	clockTicks = 100
)

var e2big error = errno.Errno(unix.E2BIG)

// checkArgs bounds the strings the stack will hold, like Linux's
// bprm_stack_limits and copy_strings: each string (with its NUL) at most
// MaxArgStrlen; the strings (filename included) and the argv and envp
// pointers together at most a quarter of the stack.
func checkArgs(filename string, argv, envv []string, stackSize uintptr) error {
	limit := uint64(stackSize) / 4
	ptrs := (uint64(len(argv)) + uint64(len(envv))) * 8 // slices are far below 2^61 elements
	if ptrs >= limit {
		return e2big
	}
	left := limit - ptrs
	take := func(s string) bool {
		n := uint64(len(s)) + 1
		if n > MaxArgStrlen || n > left {
			return false
		}
		left -= n
		return true
	}
	if !take(filename) {
		return e2big
	}
	for _, s := range argv {
		if !take(s) {
			return e2big
		}
	}
	for _, s := range envv {
		if !take(s) {
			return e2big
		}
	}
	return nil
}

// buildStack writes the initial stack below top, the way Linux's exec and
// create_elf_tables lay it out (addresses decreasing):
//
//	top-8 .. top       a NULL pointer slot
//	execfn             AT_EXECFN string
//	envp strings       envp[0] lowest
//	argv strings       argv[0] lowest                 <- ArgvStart
//	(align down to 16)
//	"x86_64\0"         AT_PLATFORM
//	16 random bytes    AT_RANDOM
//	(padding)
//	auxv pairs, ending with AT_NULL
//	NULL, envp pointers
//	NULL, argv pointers
//	argc                                              <- SP, 16-byte aligned
//
// It fills res's SP, Auxv and string bounds. checkArgs has bounded the
// strings, so the whole image is at most a quarter of the stack plus a page.
func buildStack(a *Args, argv []string, info *ELFInfo, top, stackSize uintptr, res *Result) error {
	var rnd [16]byte
	if _, err := io.ReadFull(a.Random, rnd[:]); err != nil {
		return errno.FromHost(err)
	}

	// Strings, from the top down: execfn, then envp, then argv.
	pos := uint64(top) - 8
	execfn := pos - uint64(len(a.Filename)) - 1
	pos = execfn
	var envBytes, argBytes uint64
	for _, s := range a.Envv {
		envBytes += uint64(len(s)) + 1
	}
	for _, s := range argv {
		argBytes += uint64(len(s)) + 1
	}
	envStart := pos - envBytes
	argStart := envStart - argBytes
	p := argStart &^ 15
	platform := p - uint64(len(platformString)) - 1
	random := platform - 16
	p = random

	auxv := make([][2]uint64, 0, 24)
	add := func(k, v uint64) { auxv = append(auxv, [2]uint64{k, v}) }
	if a.SysinfoEhdr != 0 {
		add(AT_SYSINFO_EHDR, uint64(a.SysinfoEhdr))
	}
	if a.MinSigStkSz != 0 {
		add(AT_MINSIGSTKSZ, a.MinSigStkSz)
	}
	add(AT_HWCAP, a.HWCap)
	add(AT_PAGESZ, PageSize)
	add(AT_CLKTCK, clockTicks)
	add(AT_PHDR, uint64(res.Phdr))
	add(AT_PHENT, phdrSize)
	add(AT_PHNUM, uint64(len(info.Phdrs)))
	add(AT_BASE, uint64(res.Base))
	add(AT_FLAGS, 0)
	add(AT_ENTRY, uint64(res.ProgEntry))
	add(AT_UID, uint64(a.UID))
	add(AT_EUID, uint64(a.EUID))
	add(AT_GID, uint64(a.GID))
	add(AT_EGID, uint64(a.EGID))
	secure := uint64(0)
	if a.Secure {
		secure = 1
	}
	add(AT_SECURE, secure)
	add(AT_RANDOM, random)
	if a.HWCap2 != 0 {
		add(AT_HWCAP2, a.HWCap2)
	}
	add(AT_EXECFN, execfn)
	add(AT_PLATFORM, platform)
	add(AT_NULL, 0)

	p -= uint64(len(auxv)) * 16
	items := uint64(len(argv)+1) + uint64(len(a.Envv)+1) + 1
	sp := (p - items*8) &^ 15

	size := uint64(top) - sp
	if size > uint64(stackSize) {
		return e2big
	}
	img := make([]byte, size) // bounded by checkArgs: < stackSize/4 + a page
	at := func(addr uint64) []byte { return img[addr-sp:] }
	le := binary.LittleEndian

	// Strings.
	copy(at(execfn), a.Filename)
	q := argStart
	argPtrs := make([]uint64, len(argv))
	for i, s := range argv {
		argPtrs[i] = q
		copy(at(q), s)
		q += uint64(len(s)) + 1
	}
	envPtrs := make([]uint64, len(a.Envv))
	for i, s := range a.Envv {
		envPtrs[i] = q
		copy(at(q), s)
		q += uint64(len(s)) + 1
	}
	copy(at(platform), platformString)
	copy(at(random), rnd[:])

	// argc, argv, envp, auxv, from sp up.
	w := sp
	put := func(v uint64) { le.PutUint64(at(w), v); w += 8 }
	put(uint64(len(argv)))
	for _, v := range argPtrs {
		put(v)
	}
	put(0)
	for _, v := range envPtrs {
		put(v)
	}
	put(0)
	for _, kv := range auxv {
		put(kv[0])
		put(kv[1])
	}

	if err := a.Mem.CopyOut(uintptr(sp), img); err != nil {
		return errno.FromHost(err)
	}
	res.SP = uintptr(sp)
	res.Auxv = auxv
	res.ArgvStart, res.ArgvEnd = uintptr(argStart), uintptr(envStart)
	res.EnvvStart, res.EnvvEnd = uintptr(envStart), uintptr(execfn)
	return nil
}
