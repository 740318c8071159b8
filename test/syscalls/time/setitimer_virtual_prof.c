// setitimer_virtual_prof: ITIMER_VIRTUAL (user CPU time, SIGVTALRM) and ITIMER_PROF (user and system time, SIGPROF) fire while the process computes and rearm with their interval; a process that sleeps does not use them up (getitimer shows them nearly untouched); setitimer returns the old setting; a fork's child starts with them disarmed.
#include "../common.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t vt, prof;
static void on_sig(int s) {
  if (s == SIGVTALRM) vt++;
  if (s == SIGPROF) prof++;
}

static double wall(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* spin until cond or 20 s of wall time */
#define SPIN_UNTIL(cond)                                                       \
  do {                                                                         \
    double s_ = wall();                                                        \
    volatile unsigned long x_ = 0;                                             \
    while (!(cond) && wall() - s_ < 20)                                        \
      for (int i_ = 0; i_ < 100000; i_++) x_ += i_;                            \
  } while (0)

static int child_disarmed(void) {
  struct itimerval cur;
  getitimer(ITIMER_VIRTUAL, &cur);
  return cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0 ? 0 : 1;
}

int main(void) {
  signal(SIGVTALRM, on_sig);
  signal(SIGPROF, on_sig);
  struct itimerval it = {{0, 20000}, {0, 20000}}, old, cur;
  CHECK_OK(setitimer(ITIMER_VIRTUAL, &it, NULL));
  SPIN_UNTIL(vt >= 3);
  CHECK(vt >= 3);
  struct itimerval off = {{0, 0}, {0, 0}};
  CHECK_OK(setitimer(ITIMER_VIRTUAL, &off, &old));
  CHECK_EQ(old.it_interval.tv_usec, 20000);
  CHECK(old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 20000);

  CHECK_OK(setitimer(ITIMER_PROF, &it, NULL));
  SPIN_UNTIL(prof >= 3);
  CHECK(prof >= 3);
  CHECK_OK(setitimer(ITIMER_PROF, &off, NULL));

  struct itimerval once = {{0, 0}, {0, 500000}};
  CHECK_OK(setitimer(ITIMER_VIRTUAL, &once, NULL));
  struct timespec d = {0, 300000000};
  nanosleep(&d, NULL); /* sleeping uses no CPU time */
  CHECK_OK(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 300000);
  CHECK_EQ(cur.it_interval.tv_usec, 0);
  CHECK_EQ(in_child(child_disarmed), 0);
  CHECK_OK(setitimer(ITIMER_VIRTUAL, &off, NULL));
  int seen = vt;
  nanosleep(&d, NULL);
  CHECK_EQ(vt, seen);
  DONE();
}
