package vdso

import (
	"math"
	"math/big"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestMonoMath checks the 64x64 multiply against big integers, and that a
// TSC behind the pivot reads as the pivot.
func TestMonoMath(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 10000; i++ {
		p := params{tscBase: r.Uint64() >> 1, monoBase: r.Uint64() >> 8, mult: r.Uint64() >> uint(24+r.Intn(16))}
		delta := r.Uint64() >> uint(8+r.Intn(40))
		want := new(big.Int).Mul(new(big.Int).SetUint64(delta), new(big.Int).SetUint64(p.mult))
		want.Rsh(want, 32)
		want.Add(want, new(big.Int).SetUint64(p.monoBase))
		if !want.IsUint64() {
			continue
		}
		if got := p.mono(p.tscBase + delta); got != want.Uint64() {
			t.Fatalf("mono(%+v, delta %d) = %d, want %d", p, delta, got, want)
		}
	}
	p := params{tscBase: 1000, monoBase: 5e9, mult: 3 << 31}
	if got := p.mono(900); got != 5e9 {
		t.Errorf("a TSC before the pivot: %d, want the base %d", got, uint64(5e9))
	}
	if got := p.mono(1002); got != 5e9+3 {
		t.Errorf("2 ticks of 1.5 ns: %d, want %d", got, uint64(5e9+3))
	}
	p.realOff, p.bootOff = 1e18, 7
	if got := p.clock(selReal, 1002); got != 1e18+5e9+3 {
		t.Errorf("realtime %d", got)
	}
	if got := p.clock(selBoot, 1002); got != 5e9+10 {
		t.Errorf("boottime %d", got)
	}
}

// host simulates a host whose CLOCK_MONOTONIC runs at nsPerTick (which
// NTP may change) against the TSC.
type host struct {
	tsc       uint64
	mono      float64
	nsPerTick float64
	realOff   int64
	bootOff   int64
}

func (h *host) advance(ticks uint64) {
	h.tsc += ticks
	h.mono += float64(ticks) * h.nsPerTick
}

func (h *host) sample() sample {
	m := int64(h.mono)
	return sample{tsc: h.tsc, mono: m, real: m + h.realOff, boot: m + h.bootOff}
}

// TestSteerContinuity runs the steering against a simulated host whose rate
// differs from CPUID's hint and later changes (NTP), with a realtime step
// and a suspend: the clock never goes backwards at any update, stays
// within a few microseconds of the host once settled, and follows the
// offsets' steps.
func TestSteerContinuity(t *testing.T) {
	h := &host{tsc: 1 << 40, mono: 1e12, nsPerTick: 1 / 2.9999, realOff: 1.7e18, bootOff: 5e9}
	var st steer
	hint := 1 / 3.0 // CPUID's 3 GHz, 33 ppm off the real rate
	period := uint64(periodNs * 3)
	var prev params
	worst := 0.0
	for i := 0; i < 400; i++ {
		d := period
		if i < 3 {
			d = period / 20
		}
		// Readers right before the update, with the old parameters.
		before := prev.mono(h.tsc + d - 1)
		h.advance(d)
		switch i {
		case 150:
			h.nsPerTick *= 1 + 200e-6 // NTP speeds the host up by 200 ppm
		case 200:
			h.realOff -= 3e9 // settimeofday three seconds back
		case 250:
			h.bootOff += 60e9 // a minute suspended
		}
		s := h.sample()
		st.observe(s, hint)
		pivot := h.tsc + 500 // the write window opens a little after the sample
		np := st.next(s, pivot)
		if !np.valid {
			t.Fatalf("update %d: not valid", i)
		}
		if prev.valid {
			if got, old := np.mono(pivot), prev.mono(pivot); got != old {
				t.Fatalf("update %d: %d at the pivot, old parameters %d: not continuous", i, got, old)
			}
			if after := np.mono(pivot + 1); after < before {
				t.Fatalf("update %d: went back from %d to %d", i, before, after)
			}
		}
		e := math.Abs(float64(np.mono(pivot)) - (h.mono + 500*h.nsPerTick))
		if i > 20 && (i < 150 || i > 175) && e > worst {
			worst = e
		}
		switch {
		case i == 200 && np.realOff != h.realOff:
			t.Errorf("realtime step not followed: offset %d, host %d", np.realOff, h.realOff)
		case i == 250 && np.bootOff != h.bootOff:
			t.Errorf("suspend not followed: offset %d, host %d", np.bootOff, h.bootOff)
		}
		prev = np
	}
	if worst > 2000 {
		t.Errorf("once settled the clock was %.0f ns off the host's, want under 2 us", worst)
	}
	t.Logf("worst error once settled: %.1f ns", worst)
}

// TestSteerJumpsForward: a clock far behind the host jumps to it; one ahead
// slews back without ever going backwards.
func TestSteerJumpsForward(t *testing.T) {
	h := &host{tsc: 1 << 30, mono: 1e12, nsPerTick: 0.25}
	var st steer
	st.observe(h.sample(), 0.25)
	st.next(h.sample(), h.tsc)
	h.advance(4e9) // 1 s
	h.mono += 20e6 // the host gains 20 ms (a stall the rate cannot explain)
	s := h.sample()
	st.observe(s, 0.25)
	np := st.next(s, h.tsc)
	if math.Abs(float64(np.mono(h.tsc))-h.mono) > 1 {
		t.Errorf("20 ms behind: %d, host %.0f: want a jump to the host", np.mono(h.tsc), h.mono)
	}
	h.advance(4e9)
	h.mono -= 1e6 // now 1 ms ahead of the host
	s = h.sample()
	st.observe(s, 0)
	old := st.cur
	np = st.next(s, h.tsc)
	if np.mono(h.tsc) != old.mono(h.tsc) {
		t.Errorf("ahead of the host: jumped")
	}
	if r := float64(np.mult) / float64(uint64(math.Round(st.nsPerTick*(1<<32)))); r < 1-maxSlew-1e-9 || r >= 1 {
		t.Errorf("ahead of the host: rate ratio %v, want slower by at most %v", r, maxSlew)
	}
}

type fakeMF struct{ b []byte }

func (f *fakeMF) Allocate(n int) (int64, error) {
	off := int64(len(f.b))
	f.b = append(f.b, make([]byte, n*pageSize)...)
	return off, nil
}
func (f *fakeMF) Bytes(off int64, n int) []byte { return f.b[off : off+int64(n)] }

// TestVvarPage: what the writer publishes is what the vDSO's layout holds.
func TestVvarPage(t *testing.T) {
	mf := &fakeMF{b: make([]byte, 0, 32*pageSize)}
	v, err := New(mf)
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid() {
		t.Fatal("valid before any update")
	}
	if _, ok := v.Now(clockMonotonic); ok {
		t.Fatal("Now served before any update")
	}
	want := params{valid: true, tscBase: 1, monoBase: 2, mult: 3, realOff: -4, bootOff: 5}
	v.vv.write(func(uint64) params { return want })
	got, _ := v.vv.read()
	if got != want {
		t.Fatalf("read %+v, wrote %+v", got, want)
	}
	page := mf.Bytes(v.vvarOff, 48)
	le := func(o int) uint64 {
		var x uint64
		for i := 7; i >= 0; i-- {
			x = x<<8 | uint64(page[o+i])
		}
		return x
	}
	if le(0)&0xffffffff != 2 || le(0)>>32 != 1 || le(8) != 1 || le(16) != 2 || le(24) != 3 || int64(le(32)) != -4 || le(40) != 5 {
		t.Errorf("page layout: % x", page)
	}
	if string(mf.Bytes(v.imageOff, len(Image))) != string(Image) {
		t.Errorf("image not copied")
	}
	if l := v.Layout(); l.VvarOff != v.vvarOff || l.ImageOff != v.vvarOff+pageSize || l.VvarPages != 1 || l.ImagePages != (len(Image)+pageSize-1)/pageSize {
		t.Errorf("layout %+v", l)
	}
}

// TestClockFollowsHost runs the real clock: once valid it agrees with the
// host's clocks, and readers never see it go backwards while it is updated
// as fast as it can be.
func TestClockFollowsHost(t *testing.T) {
	if !probeTSC().invariant {
		t.Skip("resource missing: an invariant TSC on this CPU (the vDSO always takes the syscall)")
	}
	v, err := New(&fakeMF{})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	v.Start(stop)
	deadline := time.Now().Add(2 * time.Second)
	for !v.Valid() {
		if time.Now().After(deadline) {
			t.Fatal("clock not valid after 2 s")
		}
		time.Sleep(time.Millisecond)
	}
	for _, c := range []struct {
		id   int32
		host int32
	}{{clockMonotonic, unix.CLOCK_MONOTONIC}, {clockRealtime, unix.CLOCK_REALTIME}, {clockBoottime, unix.CLOCK_BOOTTIME},
		{clockMonotonicCoars, unix.CLOCK_MONOTONIC}, {clockRealtimeCoarse, unix.CLOCK_REALTIME}} {
		var ts, ts2 unix.Timespec
		unix.ClockGettime(c.host, &ts)
		got, ok := v.Now(c.id)
		unix.ClockGettime(c.host, &ts2)
		if !ok || got < ts.Nano()-1e6 || got > ts2.Nano()+1e6 {
			t.Errorf("clock %d: %d (ok %v), host %d..%d: want within 1 ms", c.id, got, ok, ts.Nano(), ts2.Nano())
		}
	}
	for _, id := range []int32{2, 3, 4, 11, -1, 100} {
		if _, ok := v.Now(id); ok {
			t.Errorf("clock %d served; the vDSO leaves it to the syscall", id)
		}
	}
	var wg sync.WaitGroup
	var done atomic.Bool
	var back atomic.Int64
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := int64(0)
			for !done.Load() {
				n, _ := v.Now(clockMonotonic)
				if n < last {
					back.Add(1)
				}
				last = n
			}
		}()
	}
	for i := 0; i < 2000; i++ {
		v.update()
	}
	done.Store(true)
	wg.Wait()
	if back.Load() != 0 {
		t.Errorf("CLOCK_MONOTONIC went backwards %d times across updates", back.Load())
	}
}
