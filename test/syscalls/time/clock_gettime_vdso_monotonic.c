// clock_gettime_vdso_monotonic: the program gets a vDSO (AT_SYSINFO_EHDR); libc's clock_gettime (through it) and the raw syscall read one clock: MONOTONIC, BOOTTIME and the COARSE clocks never go backwards over 1e5 interleaved calls, and REALTIME agrees within a second.
#include "../common.h"
#include <sys/auxv.h>
#include <time.h>

static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

static long long via_libc(clockid_t id) {
  struct timespec t;
  if (clock_gettime(id, &t) != 0) return -1;
  return ns(&t);
}

static long long via_syscall(clockid_t id) {
  struct timespec t;
  if (syscall(SYS_clock_gettime, id, &t) != 0) return -1;
  return ns(&t);
}

// interleave reads id 1e5 times, alternating libc and the syscall (every
// fourth call), and counts the readings below the one before.
static int interleave(clockid_t id) {
  long long last = 0;
  int back = 0, bad = 0;
  for (int i = 0; i < 100000; i++) {
    long long now = (i % 4 == 3) ? via_syscall(id) : via_libc(id);
    if (now < 0) bad++;
    if (now < last) back++;
    last = now;
  }
  return back + bad;
}

int main(void) {
  CHECK(getauxval(AT_SYSINFO_EHDR) != 0);

  // libc, syscall, libc: in order, and close.
  const clockid_t ordered[] = {CLOCK_MONOTONIC, CLOCK_BOOTTIME};
  for (unsigned i = 0; i < 2; i++) {
    long long a = via_libc(ordered[i]), b = via_syscall(ordered[i]), c = via_libc(ordered[i]);
    CHECK(a > 0 && a <= b && b <= c);
    CHECK(c - a < 1000000000LL);
  }
  long long ra = via_libc(CLOCK_REALTIME), rb = via_syscall(CLOCK_REALTIME);
  CHECK(ra > 0 && rb > 0 && llabs(rb - ra) < 1000000000LL);
  // BOOTTIME counts suspended time too: never behind MONOTONIC.
  CHECK(via_libc(CLOCK_MONOTONIC) <= via_libc(CLOCK_BOOTTIME));
  // A coarse reading is never ahead of a fine one taken after it.
  long long coarse = via_libc(CLOCK_MONOTONIC_COARSE), fine = via_libc(CLOCK_MONOTONIC);
  CHECK(coarse > 0 && coarse <= fine);

  CHECK_EQ(interleave(CLOCK_MONOTONIC), 0);
  CHECK_EQ(interleave(CLOCK_BOOTTIME), 0);
  CHECK_EQ(interleave(CLOCK_MONOTONIC_COARSE), 0);
  DONE();
}
