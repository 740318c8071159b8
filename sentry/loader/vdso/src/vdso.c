// husk's vDSO: clock_gettime, gettimeofday, time, clock_getres and getcpu
// without a trap. The time comes from rdtsc and the parameters the sentry
// publishes in the vvar page mapped right below this image (see vvar.go for
// the layout and the update protocol). Whatever cannot be served here (the
// parameters are not valid yet, a clock it does not keep, an unknown clock
// id) goes to the real syscall instruction, which the platform traps into
// the sentry as for any other syscall.
//
// Built by gen.sh into vdso.so (checked in): position-independent, no
// relocations, no libc, no data of its own.

#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

#define SYS_gettimeofday 96
#define SYS_time 201
#define SYS_clock_gettime 228
#define SYS_clock_getres 229

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

// COARSE_RES_NS is what clock_getres reports for the _COARSE clocks (the
// sentry's syscall answers the same).
#define COARSE_RES_NS 4000000

struct timespec_k { int64_t tv_sec; int64_t tv_nsec; };
struct timeval_k { int64_t tv_sec; int64_t tv_usec; };
struct timezone_k { int32_t tz_minuteswest; int32_t tz_dsttime; };

// struct vvar mirrors vvar.go. Every field is written by the sentry under
// seq (odd while it writes).
struct vvar {
	uint32_t seq;
	uint32_t valid;     // non-zero: the parameters below may be used
	uint64_t tsc_base;  // rdtsc at the pivot
	uint64_t mono_base; // CLOCK_MONOTONIC at tsc_base, ns
	uint64_t mult;      // ns per tick, 32.32 fixed point
	int64_t real_off;   // CLOCK_REALTIME - CLOCK_MONOTONIC, ns
	int64_t boot_off;   // CLOCK_BOOTTIME - CLOCK_MONOTONIC, ns
};

// vvar_page is the page right below the image (defined in vdso.lds);
// hidden, so it is reached RIP-relative, with no relocation.
extern const volatile struct vvar vvar_page __attribute__((visibility("hidden")));

static inline long raw_syscall2(long nr, long a, long b) {
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return ret;
}

// rdtsc_ordered reads the TSC after every earlier load has completed and
// before any later one (the closing seq read) starts.
static inline uint64_t rdtsc_ordered(void) {
	uint32_t lo, hi;
	__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

// clock_ns returns the time of clock which (0 monotonic, 1 realtime, 2
// boottime) in ns, or sets *ok = 0 while the parameters are not valid.
static inline uint64_t clock_ns(int which, int *ok) {
	for (;;) {
		uint32_t seq = vvar_page.seq;
		__asm__ volatile("" ::: "memory");
		if (seq & 1) {
			__asm__ volatile("pause");
			continue;
		}
		uint32_t valid = vvar_page.valid;
		uint64_t base = vvar_page.tsc_base;
		uint64_t mono = vvar_page.mono_base;
		uint64_t mult = vvar_page.mult;
		int64_t off = which == 1 ? vvar_page.real_off : which == 2 ? vvar_page.boot_off : 0;
		uint64_t tsc = rdtsc_ordered();
		if (vvar_page.seq != seq)
			continue;
		if (!valid) {
			*ok = 0;
			return 0;
		}
		uint64_t delta = tsc - base;
		if ((int64_t)delta < 0)
			delta = 0; // a TSC a little behind another CPU's pivot
		uint64_t ns = mono + (uint64_t)(((unsigned __int128)delta * mult) >> 32);
		*ok = 1;
		return ns + (uint64_t)off;
	}
}

// which maps a clock id to clock_ns's selector, or -1 for a clock the
// vDSO does not keep.
static inline int which(int id) {
	switch (id) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_COARSE:
		return 0;
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return 1;
	case CLOCK_BOOTTIME:
		return 2;
	}
	return -1;
}

EXPORT int __vdso_clock_gettime(int id, struct timespec_k *ts) {
	int w = which(id), ok;
	if (w >= 0) {
		uint64_t ns = clock_ns(w, &ok);
		if (ok) {
			ts->tv_sec = (int64_t)(ns / 1000000000u);
			ts->tv_nsec = (int64_t)(ns % 1000000000u);
			return 0;
		}
	}
	return (int)raw_syscall2(SYS_clock_gettime, id, (long)ts);
}

EXPORT int __vdso_gettimeofday(struct timeval_k *tv, struct timezone_k *tz) {
	int ok;
	if (tv) {
		uint64_t ns = clock_ns(1, &ok);
		if (!ok)
			return (int)raw_syscall2(SYS_gettimeofday, (long)tv, (long)tz);
		tv->tv_sec = (int64_t)(ns / 1000000000u);
		tv->tv_usec = (int64_t)(ns % 1000000000u / 1000u);
	}
	if (tz) {
		// The sandbox keeps no timezone: the syscall reports zeros too.
		tz->tz_minuteswest = 0;
		tz->tz_dsttime = 0;
	}
	return 0;
}

EXPORT int64_t __vdso_time(int64_t *t) {
	int ok;
	uint64_t ns = clock_ns(1, &ok);
	if (!ok)
		return raw_syscall2(SYS_time, (long)t, 0);
	int64_t s = (int64_t)(ns / 1000000000u);
	if (t)
		*t = s;
	return s;
}

EXPORT int __vdso_clock_getres(int id, struct timespec_k *res) {
	if (which(id) < 0)
		return (int)raw_syscall2(SYS_clock_getres, id, (long)res);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = (id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE) ? COARSE_RES_NS : 1;
	}
	return 0;
}

// getcpu reads the CPU and node the host keeps in the limit of its per-CPU
// GDT segment (selector 0x7b), as Linux's own vDSO does without RDPID. The
// sentry's getcpu syscall reads the same segment.
EXPORT int __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache) {
	(void)cache;
	unsigned p;
	__asm__("lsl %1, %0" : "=r"(p) : "r"(0x7b), "0"(0));
	if (cpu)
		*cpu = p & 0xfff;
	if (node)
		*node = p >> 12;
	return 0;
}

int clock_gettime(int, struct timespec_k *) EXPORT __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct timeval_k *, struct timezone_k *) EXPORT __attribute__((weak, alias("__vdso_gettimeofday")));
int64_t time(int64_t *) EXPORT __attribute__((weak, alias("__vdso_time")));
int clock_getres(int, struct timespec_k *) EXPORT __attribute__((weak, alias("__vdso_clock_getres")));
int getcpu(unsigned *, unsigned *, void *) EXPORT __attribute__((weak, alias("__vdso_getcpu")));
