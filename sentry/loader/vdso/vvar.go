package vdso

import (
	"math"
	"math/bits"
)

// The vvar page, as struct vvar in vdso.c reads it (little-endian):
//
//	0  u32 seq       odd while the sentry writes
//	4  u32 valid     non-zero: the parameters below may be used
//	8  u64 tsc_base  the TSC at the pivot
//	16 u64 mono_base CLOCK_MONOTONIC at tsc_base, ns
//	24 u64 mult      ns per TSC tick, 32.32 fixed point
//	32 i64 real_off  CLOCK_REALTIME - CLOCK_MONOTONIC, ns
//	40 i64 boot_off  CLOCK_BOOTTIME - CLOCK_MONOTONIC, ns
const (
	offSeq     = 0
	offValid   = 4
	offTSCBase = 8
)

// The clocks the vDSO keeps, as clock_ns's selector in vdso.c.
const (
	selMono = 0
	selReal = 1
	selBoot = 2
)

// Clock ids (linux/time.h).
const (
	clockRealtime       = 0
	clockMonotonic      = 1
	clockRealtimeCoarse = 5
	clockMonotonicCoars = 6
	clockBoottime       = 7
)

// selector maps a clock id to its selector, or -1 for a clock the vDSO
// does not keep (those go to the syscall).
func selector(id int32) int {
	switch id {
	case clockMonotonic, clockMonotonicCoars:
		return selMono
	case clockRealtime, clockRealtimeCoarse:
		return selReal
	case clockBoottime:
		return selBoot
	}
	return -1
}

// params are the vvar page's contents.
type params struct {
	valid             bool
	tscBase, monoBase uint64
	mult              uint64
	realOff, bootOff  int64
}

// mono is CLOCK_MONOTONIC at tsc, in ns, computed exactly as vdso.c does:
// a TSC behind the pivot (another CPU's, a hair behind) counts as the pivot.
func (p *params) mono(tsc uint64) uint64 {
	delta := tsc - p.tscBase
	if int64(delta) < 0 {
		delta = 0
	}
	hi, lo := bits.Mul64(delta, p.mult)
	return p.monoBase + (hi<<32 | lo>>32)
}

// clock is the time of selector sel at tsc, in ns.
func (p *params) clock(sel int, tsc uint64) int64 {
	ns := p.mono(tsc)
	switch sel {
	case selReal:
		ns += uint64(p.realOff)
	case selBoot:
		ns += uint64(p.bootOff)
	}
	return int64(ns)
}

// sample is the host's clocks at one TSC reading (ns).
type sample struct {
	tsc              uint64
	mono, real, boot int64
}

// Steering constants.
const (
	// periodNs is how often the parameters are renewed once steady.
	periodNs = 250e6
	// maxSlew bounds how much faster or slower than the measured TSC rate
	// the clock runs while it catches up with the host (NTP's own bound).
	maxSlew = 500e-6
	// maxBehindNs: a clock this far behind the host jumps forward to it
	// rather than slewing (it never jumps back).
	maxBehindNs = 5e6
	// offStepNs: a change of the host's REALTIME-MONOTONIC or
	// BOOTTIME-MONOTONIC offset smaller than this is sampling noise, a
	// larger one a step of the host's clock (settimeofday, a suspend)
	// that the sandbox follows.
	offStepNs = 50e3
	// minSpanNs is the shortest span over which the TSC rate is measured:
	// 1 ms gives a rate within about 100 ppm, good enough to start with
	// (the next renewals measure over longer spans and slew the rest).
	minSpanNs = 1e6
	// rateWindow is how many past samples the rate is measured across
	// (about 4 s once steady): long enough that sampling noise is a
	// fraction of a ppm, short enough to follow NTP changing the host's rate.
	rateWindow = 16
)

// steer turns host samples into parameters that follow the host's clocks
// without ever going backwards.
type steer struct {
	cur       params
	nsPerTick float64  // the TSC's rate; 0 while unknown
	hist      []sample // the last rateWindow samples, oldest first
}

// observe refines the TSC's rate with a new host sample: the rate across
// the oldest sample kept. hint is CPUID's rate (0: none), used until a
// measurement is possible.
func (st *steer) observe(s sample, hint float64) {
	if len(st.hist) == 0 && st.nsPerTick == 0 {
		st.nsPerTick = hint
	}
	if len(st.hist) > 0 {
		first := st.hist[0]
		dns, dt := s.mono-first.mono, s.tsc-first.tsc
		if dns >= minSpanNs && int64(dt) > 0 {
			st.nsPerTick = float64(dns) / float64(dt)
		}
	}
	if len(st.hist) == rateWindow {
		st.hist = append(st.hist[:0], st.hist[1:]...)
	}
	st.hist = append(st.hist, s)
}

// next returns the parameters to publish with pivot tsc, given host sample
// s taken shortly before, and makes them current. Without a known rate it
// returns the current parameters unchanged.
func (st *steer) next(s sample, pivot uint64) params {
	if st.nsPerTick == 0 {
		return st.cur
	}
	host := s.mono + int64(math.Round(float64(int64(pivot-s.tsc))*st.nsPerTick))
	realOff, bootOff := s.real-s.mono, s.boot-s.mono
	np := params{valid: true, tscBase: pivot}
	adj := 0.0
	if !st.cur.valid {
		np.monoBase = uint64(host)
		np.realOff, np.bootOff = realOff, bootOff
	} else {
		v := st.cur.mono(pivot) // continuity: start where the old ones are now
		e := float64(host) - float64(v)
		if e > maxBehindNs {
			v, e = uint64(host), 0
		}
		np.monoBase = v
		adj = math.Max(-maxSlew, math.Min(maxSlew, e/periodNs))
		np.realOff, np.bootOff = st.cur.realOff, st.cur.bootOff
		if math.Abs(float64(realOff-np.realOff)) > offStepNs {
			np.realOff = realOff
		}
		if float64(bootOff-np.bootOff) > offStepNs {
			np.bootOff = bootOff // BOOTTIME only ever moves ahead
		}
	}
	np.mult = uint64(math.Round(st.nsPerTick * (1 + adj) * (1 << 32)))
	st.cur = np
	return np
}
