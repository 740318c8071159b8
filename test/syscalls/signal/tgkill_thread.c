// tgkill_thread: tgkill delivers to the named thread (its handler runs there, seen by gettid), not to the main thread; a thread that blocks the signal leaves it pending there while others run on; tgkill with the wrong tgid is ESRCH; after the thread exits its TID is ESRCH.
#include "../common.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

static _Atomic long handled_on;
static _Atomic long worker_tid;
static _Atomic int go, stop;

static void handler(int s) {
  (void)s;
  atomic_store(&handled_on, syscall(SYS_gettid));
}

static void *worker(void *arg) {
  (void)arg;
  atomic_store(&worker_tid, syscall(SYS_gettid));
  while (!atomic_load(&go)) sched_yield();
  /* now block SIGUSR2 and wait for it to be pending */
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &s, NULL);
  atomic_store(&go, 2);
  while (!atomic_load(&stop)) sched_yield();
  sigset_t pend;
  sigpending(&pend);
  return (void *)(long)sigismember(&pend, SIGUSR2);
}

int main(void) {
  signal(SIGUSR1, handler);
  signal(SIGUSR2, handler);
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, worker, NULL), 0);
  while (!atomic_load(&worker_tid)) sched_yield();
  long wt = atomic_load(&worker_tid);
  CHECK_OK(syscall(SYS_tgkill, getpid(), wt, SIGUSR1));
  while (!atomic_load(&handled_on)) sched_yield();
  CHECK(atomic_load(&handled_on) == wt);
  CHECK_ERR(syscall(SYS_tgkill, getpid() + 100000, wt, SIGUSR1), ESRCH);
  atomic_store(&go, 1);
  while (atomic_load(&go) != 2) sched_yield();
  atomic_store(&handled_on, 0);
  CHECK_OK(syscall(SYS_tgkill, getpid(), wt, SIGUSR2));
  sigset_t pend;
  sigpending(&pend);
  CHECK(!sigismember(&pend, SIGUSR2)); /* pending on the thread, not here */
  atomic_store(&stop, 1);
  void *r;
  CHECK_EQ(pthread_join(t, &r), 0);
  CHECK_EQ((long)r, 1);
  CHECK_EQ(atomic_load(&handled_on), 0);
  CHECK_ERR(syscall(SYS_tgkill, getpid(), wt, 0), ESRCH);
  DONE();
}
