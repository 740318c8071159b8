// kill_stop_cont: SIGSTOP stops a child (it writes nothing while stopped), waitpid with WUNTRACED reports it stopped by SIGSTOP once, SIGCONT resumes it and WCONTINUED reports that, and SIGKILL ends a stopped child; the parent's SIGCHLD handler sees CLD_STOPPED.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static volatile int stopped_code;
static void on_chld(int sig, siginfo_t *si, void *uc) {
  (void)sig; (void)uc;
  if (si->si_code == CLD_STOPPED) stopped_code = 1;
}

static void nap(long ms) {
  struct timespec d = {0, ms * 1000 * 1000};
  while (nanosleep(&d, &d) == -1 && errno == EINTR) {
  }
}

static int drain(int fd) {
  char buf[256];
  int n = 0, r;
  while ((r = read(fd, buf, sizeof buf)) > 0) n += r;
  return n;
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO;
  CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
  int p[2];
  CHECK_OK(pipe2(p, O_NONBLOCK));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    for (;;) {
      write(p[1], "x", 1);
      nap(5);
    }
  }
  nap(50);
  CHECK_OK(kill(c, SIGSTOP));
  int status;
  CHECK_EQ(waitpid(c, &status, WUNTRACED), c);
  CHECK(WIFSTOPPED(status));
  CHECK_EQ(WSTOPSIG(status), SIGSTOP);
  CHECK_EQ(waitpid(c, &status, WUNTRACED | WNOHANG), 0); /* reported once */
  nap(20);
  drain(p[0]);
  nap(100);
  CHECK_EQ(drain(p[0]), 0);
  for (int i = 0; i < 100 && !stopped_code; i++) nap(5);
  CHECK_EQ(stopped_code, 1);
  CHECK_OK(kill(c, SIGCONT));
  CHECK_EQ(waitpid(c, &status, WCONTINUED), c);
  CHECK(WIFCONTINUED(status));
  nap(100);
  CHECK(drain(p[0]) > 0);
  CHECK_OK(kill(c, SIGSTOP));
  CHECK_EQ(waitpid(c, &status, WUNTRACED), c);
  CHECK_OK(kill(c, SIGKILL));
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGKILL);
  DONE();
}
