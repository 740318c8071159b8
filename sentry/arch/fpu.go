package arch

import (
	"encoding/binary"
	"errors"
	"sync"
)

// The FP state of a thread (State.FPBlob) is one byte blob in the XSAVE
// standard (non-compacted) layout: the 512-byte legacy FXSAVE area, the
// 64-byte XSAVE header, then each user state component at the offset CPUID
// leaf 0xD gives it. Its length is FPStateSize(): the size of every user
// component the host enabled in XCR0 (CPUID.(EAX=0xD,ECX=0).EBX), or 512
// on a CPU without XSAVE. Platforms load and store it whole (ptrace:
// PTRACE_{GET,SET}REGSET with NT_X86_XSTATE).

// Layout of the legacy area and the XSAVE header.
const (
	FXSaveSize      = 512
	mxcsrOff        = 24
	mxcsrMaskOff    = 28
	xmmOff          = 160
	xmmSize         = 256
	swBytesOff      = 464 // struct _fpx_sw_bytes in the legacy area's software-reserved bytes
	swBytesSize     = 48
	xHeaderOff      = 512
	xHeaderSize     = 64
	minXStateSize   = FXSaveSize + xHeaderSize
	fpXStateMagic1  = 0x46505853
	fpXStateMagic2  = 0x46505845
	fpXStateMagic2S = 4
	featureFP       = 1 << 0
	featureSSE      = 1 << 1
	featureYMM      = 1 << 2
	featureXTile    = 1 << 18 // AMX tile data: enabled per process, never in a default frame
)

// fpInfo is what the host CPU says about the FP state.
type fpInfo struct {
	xsave     bool
	size      int    // the blob's length
	xfeatures uint64 // the user components (XCR0)
	mxcsrMask uint32 // the MXCSR bits the CPU accepts
	// frameSize and frameFeatures are the XSAVE state a signal frame
	// holds: every component but AMX tile data, which Linux leaves out of
	// a process's default state (and frames) until it asks for it.
	frameSize     int
	frameFeatures uint64
}

var hostFP = sync.OnceValue(func() fpInfo {
	var buf [528]byte
	in := fpInfo{size: FXSaveSize, xfeatures: featureFP | featureSSE, mxcsrMask: fxsaveMXCSRMask(&buf)}
	defer func() {
		if in.frameSize == 0 {
			in.frameSize, in.frameFeatures = in.size, in.xfeatures
		}
	}()
	if in.mxcsrMask == 0 {
		in.mxcsrMask = 0xffbf // the architectural default
	}
	if max, _, _, _ := cpuid(0, 0); max < 0xd {
		return in
	}
	if _, _, ecx, _ := cpuid(1, 0); ecx&(1<<27) == 0 { // OSXSAVE
		return in
	}
	lo, hi := xgetbv0()
	_, ebx, _, _ := cpuid(0xd, 0)
	if int(ebx) < minXStateSize {
		return in
	}
	in.xsave, in.size, in.xfeatures = true, int(ebx), uint64(hi)<<32|uint64(lo)
	in.frameFeatures = in.xfeatures &^ featureXTile
	in.frameSize = minXStateSize
	for i := uint32(2); i < 63; i++ {
		if in.frameFeatures&(1<<i) == 0 {
			continue
		}
		size, off, _, _ := cpuid(0xd, i)
		in.frameSize = max(in.frameSize, int(off+size))
	}
	in.frameSize = min(in.frameSize, in.size)
	return in
})

// HasXSave reports whether the FP state is an XSAVE area (else FXSAVE only).
func HasXSave() bool { return hostFP().xsave }

// FPStateSize is the length of the whole FP state (State.FPBlob) on this
// host.
func FPStateSize() int { return hostFP().size }

// FPFeatures is the set of user state components (XCR0) on this host.
func FPFeatures() uint64 { return hostFP().xfeatures }

// XSaveComponentOffset is where state component i lies in the FP state
// (State.FPBlob; in State.XState, FPSize less), if the host enabled it.
func XSaveComponentOffset(i uint) (int, bool) {
	in := hostFP()
	if !in.xsave || i < 2 || i > 62 || in.xfeatures&(1<<i) == 0 {
		return 0, false
	}
	_, off, _, _ := cpuid(0xd, uint32(i))
	return int(off), off != 0
}

// newFPState returns the FP state of a fresh thread: x87 control word
// 0x37f, MXCSR 0x1f80, everything else in its initial state.
func newFPState() []byte {
	fp := make([]byte, FPStateSize())
	le := binary.LittleEndian
	le.PutUint16(fp[0:], 0x37f)
	le.PutUint32(fp[mxcsrOff:], 0x1f80)
	le.PutUint32(fp[mxcsrMaskOff:], hostFP().mxcsrMask)
	if len(fp) > FXSaveSize {
		le.PutUint64(fp[xHeaderOff:], featureFP|featureSSE)
	}
	return fp
}

// SigframeFPSize is the room the FP state takes in a signal frame: the
// blob plus, with XSAVE, the FP_XSTATE_MAGIC2 word after it (Linux's
// xstate_sigframe_size).
func SigframeFPSize() int {
	if in := hostFP(); in.xsave {
		return in.frameSize + fpXStateMagic2S
	}
	return FPStateSize()
}

// MinSigStackSize is the worst-case signal frame size as Linux computes
// AT_MINSIGSTKSZ: siginfo and ucontext (440), their alignment padding (15),
// the FP frame, room for a 32-bit fsave header (112) and the XSAVE
// alignment padding (63), rounded up to 16.
func MinSigStackSize() uint64 {
	n := uint64(440 + 15 + SigframeFPSize() + 112 + 63)
	return (n + 15) &^ 15
}

// SigframeFP returns the FP state as a signal frame holds it: with XSAVE,
// the software-reserved bytes describe the extended state (FP_XSTATE_MAGIC1,
// extended size, features, xstate size), the header's XSTATE_BV always has
// FP and SSE set (so that a legacy handler's changes to them take effect),
// and FP_XSTATE_MAGIC2 follows the state.
func SigframeFP(fp []byte) []byte {
	in := hostFP()
	out := make([]byte, SigframeFPSize())
	copy(out, fp)
	if !in.xsave {
		return out
	}
	le := binary.LittleEndian
	sw := out[swBytesOff : swBytesOff+swBytesSize]
	clear(sw)
	le.PutUint32(sw[0:], fpXStateMagic1)
	le.PutUint32(sw[4:], uint32(in.frameSize+fpXStateMagic2S))
	le.PutUint64(sw[8:], in.frameFeatures)
	le.PutUint32(sw[16:], uint32(in.frameSize))
	bv := le.Uint64(out[xHeaderOff:]) & in.frameFeatures
	le.PutUint64(out[xHeaderOff:], bv|featureFP|featureSSE)
	le.PutUint32(out[in.frameSize:], fpXStateMagic2)
	return out
}

// ErrBadFPFrame is RestoreSigframeFP's answer to a frame the CPU's XRSTOR
// (or FXRSTOR) would refuse with #GP: Linux kills with SIGSEGV.
var ErrBadFPFrame = errors.New("arch: malformed FP state in signal frame")

// RestoreSigframeFP decodes the FP state an app left in a signal frame for
// rt_sigreturn, as Linux's fpu__restore_sig does. read copies app memory
// at an offset from the frame's FP state and fails if it cannot. An
// XSAVE frame (both magic words and sane sizes) restores the components
// its sw bytes name, each from the frame when the header's XSTATE_BV has
// it, else to its initial state; any other frame restores only the legacy
// FXSAVE area and resets the rest. Everything the hardware would refuse
// (MXCSR reserved bits, XSTATE_BV bits outside XCR0, a compacted or dirty
// header) is ErrBadFPFrame, so the result is always loadable.
func RestoreSigframeFP(read func(off int, b []byte) error) ([]byte, error) {
	in := hostFP()
	le := binary.LittleEndian
	legacy := make([]byte, FXSaveSize)
	if err := read(0, legacy); err != nil {
		return nil, err
	}
	var xfeat uint64 = featureFP | featureSSE
	fxOnly := true
	if in.xsave {
		sw := legacy[swBytesOff:]
		size, ext := int(le.Uint32(sw[16:])), int(le.Uint32(sw[4:]))
		if le.Uint32(sw[0:]) == fpXStateMagic1 && size >= minXStateSize && size <= in.frameSize && size <= ext {
			m2 := make([]byte, 4)
			if err := read(size, m2); err != nil {
				return nil, err
			}
			if le.Uint32(m2) == fpXStateMagic2 {
				fxOnly = false
				xfeat = le.Uint64(sw[8:])
			}
		}
	}
	out := make([]byte, in.size)
	if fxOnly {
		copy(out, legacy)
	} else if err := read(0, out[:in.frameSize]); err != nil {
		return nil, err
	}
	rfbm := xfeat & in.frameFeatures
	if fxOnly {
		rfbm = featureFP | featureSSE
	}
	if rfbm&(featureSSE|featureYMM) != 0 && le.Uint32(out[mxcsrOff:])&^in.mxcsrMask != 0 {
		return nil, ErrBadFPFrame
	}
	le.PutUint32(out[mxcsrMaskOff:], in.mxcsrMask)
	clear(out[swBytesOff : swBytesOff+swBytesSize])
	if !in.xsave {
		return out, nil
	}
	hdr := out[xHeaderOff : xHeaderOff+xHeaderSize]
	var bv uint64
	if fxOnly {
		bv = featureFP | featureSSE
	} else {
		bv = le.Uint64(hdr[0:])
		if bv&^in.xfeatures != 0 || le.Uint64(hdr[8:]) != 0 || le.Uint64(hdr[16:]) != 0 {
			return nil, ErrBadFPFrame
		}
		bv &= rfbm
	}
	if bv&featureSSE == 0 {
		// The XMM registers start over; MXCSR comes from the frame if
		// XRSTOR would load it (SSE or YMM requested), else resets.
		clear(out[xmmOff : xmmOff+xmmSize])
		if rfbm&(featureSSE|featureYMM) == 0 {
			le.PutUint32(out[mxcsrOff:], 0x1f80)
		}
		bv |= featureSSE
	}
	clear(hdr)
	le.PutUint64(hdr[0:], bv)
	return out, nil
}
