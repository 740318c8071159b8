// getrusage_thread: CPU time is counted per thread: a thread that computes sees it in RUSAGE_THREAD and CLOCK_THREAD_CPUTIME_ID while the main thread's own stay small; RUSAGE_SELF and CLOCK_PROCESS_CPUTIME_ID cover every thread, the exited one included; sleeping adds no CPU time.
#include "../common.h"
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

static double tv(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }
static double ts(struct timespec t) { return t.tv_sec + t.tv_nsec / 1e9; }
static double clk(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return ts(t);
}

static double worker_thread_cpu, worker_clock;

static void *worker(void *arg) {
  (void)arg;
  volatile unsigned long x = 0;
  for (long i = 0; i < 300000000L; i++) x += i;
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  worker_thread_cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
  worker_clock = clk(CLOCK_THREAD_CPUTIME_ID);
  return NULL;
}

int main(void) {
  double p0 = clk(CLOCK_PROCESS_CPUTIME_ID);
  struct timespec d = {0, 200000000};
  nanosleep(&d, NULL);
  CHECK(clk(CLOCK_PROCESS_CPUTIME_ID) - p0 < 0.1); /* sleeping is not CPU time */
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, worker, NULL), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK(worker_thread_cpu >= 0.05);
  CHECK(worker_clock >= worker_thread_cpu - 0.02);
  struct rusage self, mine;
  CHECK_OK(getrusage(RUSAGE_SELF, &self));
  CHECK_OK(getrusage(RUSAGE_THREAD, &mine));
  double all = tv(self.ru_utime) + tv(self.ru_stime), own = tv(mine.ru_utime) + tv(mine.ru_stime);
  CHECK(own < worker_thread_cpu);
  CHECK(all >= worker_thread_cpu + own - 0.03);
  CHECK(clk(CLOCK_PROCESS_CPUTIME_ID) >= worker_thread_cpu);
  CHECK(clk(CLOCK_THREAD_CPUTIME_ID) < worker_thread_cpu);
  DONE();
}
