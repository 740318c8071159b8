// rt_tgsigqueueinfo_thread: rt_tgsigqueueinfo queues a signal with the caller's siginfo (a negative si_code and a value) to one thread of the process, whose handler sees them; the wrong tgid or a dead tid is ESRCH; a bad signal EINVAL; a bad pointer EFAULT.
#include "../common.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

static _Atomic long on_tid, worker;
static _Atomic int code, value, stop;

static void handler(int s, siginfo_t *si, void *uc) {
  (void)s;
  (void)uc;
  atomic_store(&code, si->si_code);
  atomic_store(&value, si->si_value.sival_int);
  atomic_store(&on_tid, syscall(SYS_gettid));
}

static void *run(void *arg) {
  (void)arg;
  atomic_store(&worker, syscall(SYS_gettid));
  while (!atomic_load(&stop)) sched_yield();
  return NULL;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGRTMIN + 2, &sa, NULL));
  sigset_t blk;
  sigemptyset(&blk);
  sigaddset(&blk, SIGRTMIN + 2);
  pthread_sigmask(SIG_BLOCK, &blk, NULL); /* only the worker may take it */
  pthread_t t;
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_UNBLOCK, &blk, NULL);
  CHECK_EQ(pthread_create(&t, NULL, run, NULL), 0);
  pthread_sigmask(SIG_BLOCK, &blk, NULL);
  while (!atomic_load(&worker)) sched_yield();
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_code = -7;
  si.si_value.sival_int = 4321;
  CHECK_OK(syscall(SYS_rt_tgsigqueueinfo, getpid(), atomic_load(&worker), SIGRTMIN + 2, &si));
  while (!atomic_load(&on_tid)) sched_yield();
  CHECK(atomic_load(&on_tid) == atomic_load(&worker));
  CHECK_EQ(atomic_load(&code), -7);
  CHECK_EQ(atomic_load(&value), 4321);
  CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, getpid() + 100000, atomic_load(&worker), SIGRTMIN + 2, &si), ESRCH);
  CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, getpid(), atomic_load(&worker), 99, &si), EINVAL);
  CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, getpid(), atomic_load(&worker), SIGRTMIN + 2, bad_ptr()), EFAULT);
  atomic_store(&stop, 1);
  long w = atomic_load(&worker);
  CHECK_EQ(pthread_join(t, NULL), 0);
  // pthread_join returns when the kernel clears the thread's tid word, a
  // moment before Linux unhashes the exiting thread: wait for that.
  for (int i = 0; i < 2000 && syscall(SYS_tgkill, getpid(), w, 0) == 0; i++) usleep(1000);
  CHECK_ERR(syscall(SYS_rt_tgsigqueueinfo, getpid(), w, SIGRTMIN + 2, &si), ESRCH);
  DONE();
}
