package arch

import (
	"encoding/binary"
	"errors"
	"testing"
)

func reader(frame []byte) func(int, []byte) error {
	return func(off int, b []byte) error {
		if off < 0 || off+len(b) > len(frame) {
			return errors.New("fault")
		}
		copy(b, frame[off:])
		return nil
	}
}

// checkLoadable asserts what the platforms rely on: a blob of the host's
// size whose header the host kernel accepts.
func checkLoadable(t *testing.T, fp []byte) {
	t.Helper()
	in := hostFP()
	if len(fp) != in.size {
		t.Fatalf("len = %d, want %d", len(fp), in.size)
	}
	le := binary.LittleEndian
	if le.Uint32(fp[mxcsrOff:])&^in.mxcsrMask != 0 {
		t.Fatalf("MXCSR %#x has reserved bits", le.Uint32(fp[mxcsrOff:]))
	}
	if !in.xsave {
		return
	}
	if bv := le.Uint64(fp[xHeaderOff:]); bv&^in.xfeatures != 0 {
		t.Fatalf("XSTATE_BV %#x outside XCR0 %#x", bv, in.xfeatures)
	}
	for _, b := range fp[xHeaderOff+8 : xHeaderOff+xHeaderSize] {
		if b != 0 {
			t.Fatalf("header reserved bytes not zero")
		}
	}
}

func TestSigframeRoundTrip(t *testing.T) {
	fp := newFPState()
	binary.LittleEndian.PutUint64(fp[xmmOff:], 0xfeedface)
	frame := SigframeFP(fp)
	if len(frame) != SigframeFPSize() {
		t.Fatalf("frame is %d bytes, want %d", len(frame), SigframeFPSize())
	}
	got, err := RestoreSigframeFP(reader(frame))
	if err != nil {
		t.Fatal(err)
	}
	checkLoadable(t, got)
	if binary.LittleEndian.Uint64(got[xmmOff:]) != 0xfeedface {
		t.Errorf("xmm0 lost")
	}
}

func TestRestoreRefusesWhatXRSTORRefuses(t *testing.T) {
	if !hostFP().xsave {
		t.Skip("resource missing: XSAVE on this CPU (only the FXSAVE frame exists)")
	}
	le := binary.LittleEndian
	for name, edit := range map[string]func([]byte){
		"mxcsr reserved": func(f []byte) { le.PutUint32(f[mxcsrOff:], 1<<31) },
		"xcomp_bv":       func(f []byte) { le.PutUint64(f[xHeaderOff+8:], 1) },
		"bv outside":     func(f []byte) { le.PutUint64(f[xHeaderOff:], 1<<62) },
	} {
		frame := SigframeFP(newFPState())
		edit(frame)
		if _, err := RestoreSigframeFP(reader(frame)); err != ErrBadFPFrame {
			t.Errorf("%s: err = %v, want ErrBadFPFrame", name, err)
		}
	}
	// A legacy-only frame (no magic) is fine: only FXSAVE state is taken.
	frame := SigframeFP(newFPState())
	le.PutUint32(frame[swBytesOff:], 0)
	le.PutUint64(frame[xHeaderOff:], 1<<62)
	got, err := RestoreSigframeFP(reader(frame[:FXSaveSize]))
	if err != nil {
		t.Fatal(err)
	}
	checkLoadable(t, got)
	if bv := le.Uint64(got[xHeaderOff:]); bv != featureFP|featureSSE {
		t.Errorf("XSTATE_BV = %#x, want FP|SSE", bv)
	}
}

// FuzzRestoreSigframeFP: whatever the app leaves on its stack, the result is
// an error or a blob the platform can load.
func FuzzRestoreSigframeFP(f *testing.F) {
	f.Add(SigframeFP(newFPState()))
	f.Add(make([]byte, 512))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, frame []byte) {
		got, err := RestoreSigframeFP(reader(frame))
		if err == nil {
			checkLoadable(t, got)
		}
	})
}
