package vdso

import (
	"time"

	"golang.org/x/sys/unix"
)

// Now returns clock id's time in ns exactly as the vDSO computes it, or
// ok false when the vDSO does not keep that clock or has no valid
// parameters yet (the caller asks the host, as the vDSO's fallback
// syscall does). The sentry's clock_gettime, gettimeofday and time answer
// from here so that they and the vDSO agree.
func (v *VDSO) Now(id int32) (ns int64, ok bool) {
	sel := selector(id)
	if sel < 0 {
		return 0, false
	}
	p, tsc := v.vv.read()
	if !p.valid {
		return 0, false
	}
	return p.clock(sel, tsc), true
}

// Valid reports whether the vDSO serves time without a syscall now.
func (v *VDSO) Valid() bool {
	p, _ := v.vv.read()
	return p.valid
}

// sampleHost reads the host's clocks around TSC reads, keeping the
// tightest of a few tries.
func sampleHost() sample {
	var best sample
	bestWin := ^uint64(0)
	var ts unix.Timespec
	ns := func(id int32) int64 {
		unix.ClockGettime(id, &ts)
		return ts.Nano()
	}
	for i := 0; i < 5; i++ {
		t1 := rdtscOrdered()
		m := ns(unix.CLOCK_MONOTONIC)
		t2 := rdtscOrdered()
		if w := t2 - t1; w < bestWin {
			// The host read m somewhere in [t1, t2]: pinning it to t1
			// puts the clock at most the window ahead of the host's,
			// never behind (a syscall read just before the vDSO turns
			// valid is never above the vDSO's first reading).
			bestWin = w
			best.tsc, best.mono = t1, m
		}
	}
	// The offsets, each against the mean of the monotonic reads around it.
	bestR, bestB := int64(1<<62), int64(1<<62)
	for i := 0; i < 3; i++ {
		a := ns(unix.CLOCK_MONOTONIC)
		r := ns(unix.CLOCK_REALTIME)
		b := ns(unix.CLOCK_MONOTONIC)
		if b-a < bestR {
			bestR = b - a
			best.real = best.mono + r - (a+b)/2
		}
		a = ns(unix.CLOCK_MONOTONIC)
		bt := ns(unix.CLOCK_BOOTTIME)
		b = ns(unix.CLOCK_MONOTONIC)
		if b-a < bestB {
			bestB = b - a
			best.boot = best.mono + bt - (a+b)/2
		}
	}
	return best
}

// update takes a host sample and publishes new parameters.
func (v *VDSO) update() {
	if !v.tsc.invariant {
		return // a TSC whose rate may change: every call takes the syscall
	}
	s := sampleHost()
	v.mu.Lock()
	defer v.mu.Unlock()
	v.st.observe(s, v.tsc.nsPerTick)
	if v.st.nsPerTick == 0 {
		return
	}
	v.vv.write(func(pivot uint64) params { return v.st.next(s, pivot) })
}

// Start brings the clock up (at once when CPUID gives the TSC's rate, else
// after a short measurement) and keeps it following the host's clocks in a
// goroutine, until stop is closed.
func (v *VDSO) Start(stop <-chan struct{}) {
	v.update()
	go func() {
		// Quick renewals first: valid after 1 ms without CPUID's rate,
		// then longer spans while the measured rate settles.
		delays := []time.Duration{time.Millisecond, 10 * time.Millisecond, 40 * time.Millisecond, 100 * time.Millisecond}
		for {
			d := time.Duration(periodNs)
			if len(delays) > 0 {
				d, delays = delays[0], delays[1:]
			}
			select {
			case <-stop:
				return
			case <-time.After(d):
			}
			v.update()
		}
	}()
}
