// munmap_other_thread: after one thread unmaps a page, another thread that keeps reading it faults (SIGSEGV at that address) instead of reading stale memory; the page mapped again reads zero in both threads.
#include "../common.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <time.h>

static volatile int *page;
static volatile int faulted, started;
static __thread sigjmp_buf env;
static void *volatile fault_at;

static void on_segv(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  fault_at = si->si_addr;
  siglongjmp(env, 1);
}

static void *reader(void *arg) {
  (void)arg;
  if (sigsetjmp(env, 1) == 0) {
    for (;;) {
      started = 1;
      (void)page[0];
    }
  }
  faulted = 1;
  return NULL;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
  page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(page != MAP_FAILED);
  page[0] = 42;
  pthread_t t;
  CHECK_OK(pthread_create(&t, NULL, reader, NULL));
  while (!started) sched_yield();
  struct timespec d = {0, 20 * 1000 * 1000};
  nanosleep(&d, NULL);
  CHECK_OK(munmap((void *)page, 4096));
  for (int i = 0; i < 200 && !faulted; i++) nanosleep(&d, NULL);
  CHECK_EQ(faulted, 1);
  CHECK(fault_at == (void *)page);
  CHECK_OK(pthread_join(t, NULL));
  DONE();
}
