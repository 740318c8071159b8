// signalfd_threads: with signals blocked in every thread, a signal sent to one thread (tgkill) is read only from that thread's signalfd reads, a signal sent to the process (kill) by a read in any thread, the thread's own first; a blocking signalfd read in a thread wakes for a signal sent to it later.
#include "../common.h"
#include <pthread.h>
#include <signal.h>
#include <sys/signalfd.h>

static int sfd;
static volatile pid_t worker_tid;
static int go[2], ready[2];

static char line1[128], line2[128];

static const char *name(uint32_t s) { return s == SIGUSR1 ? "SIGUSR1" : s == SIGUSR2 ? "SIGUSR2" : "other"; }

static void *worker(void *arg) {
  (void)arg;
  worker_tid = gettid();
  char c;
  read(go[0], &c, 1);
  struct signalfd_siginfo si[2];
  ssize_t n = read(sfd, si, sizeof si);
  snprintf(line1, sizeof line1, "worker read %ld records: %s %s", (long)(n / sizeof si[0]), name(si[0].ssi_signo), name(si[1].ssi_signo));
  write(ready[1], "w", 1);
  n = read(sfd, si, sizeof si);
  snprintf(line2, sizeof line2, "worker blocking read %ld record: %s", (long)(n / sizeof si[0]), name(si[0].ssi_signo));
  return NULL;
}

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  sfd = signalfd(-1, &set, 0);
  CHECK(sfd >= 0);
  int nb = signalfd(-1, &set, SFD_NONBLOCK);
  CHECK(nb >= 0);
  CHECK_OK(pipe(go));
  CHECK_OK(pipe(ready));
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, worker, NULL), 0);
  while (worker_tid == 0)
    usleep(1000);
  CHECK_OK(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR2));
  struct signalfd_siginfo si;
  CHECK_ERR(read(nb, &si, sizeof si), EAGAIN);
  CHECK_OK(kill(getpid(), SIGUSR1));
  CHECK_EQ(write(go[1], "g", 1), 1);
  char c;
  CHECK_EQ(read(ready[0], &c, 1), 1);
  usleep(50000);
  CHECK_OK(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR2));
  CHECK_EQ(pthread_join(th, NULL), 0);
  printf("%s\n%s\n", line1, line2); // printed here: the threads' lines would race
  CHECK_ERR(read(nb, &si, sizeof si), EAGAIN);
  DONE();
}
