// ioctl_tiocspgrp_sigttou: tcsetpgrp from a background group sends it SIGTTOU (a handler makes the call EINTR; blocked or ignored it succeeds; by default the process stops and the call restarts once continued); ESRCH for no such group, EPERM for a group of another session, EINVAL for a negative one.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#include "pty.h"
static int m, s;
static pid_t outsider;
static volatile sig_atomic_t got;
static void on_sig(int sig) { got = sig; }

static int background(void) {
  CHECK_OK(setpgid(0, 0));
  struct sigaction sa = {0};
  sa.sa_handler = on_sig;
  sigaction(SIGTTOU, &sa, NULL);
  CHECK_ERR(tcsetpgrp(s, getpgrp()), EINTR);
  CHECK_EQ(got, SIGTTOU);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTTOU);
  sigprocmask(SIG_BLOCK, &set, NULL);
  CHECK_OK(tcsetpgrp(s, getpgrp()));
  CHECK_EQ(tcgetpgrp(s), getpgrp());
  CHECK_ERR(tcsetpgrp(s, 0x3ffffff0), ESRCH);
  CHECK_ERR(tcsetpgrp(s, -1), EINVAL);
  CHECK_ERR(tcsetpgrp(s, outsider), EPERM);
  CHECK_OK(tcsetpgrp(s, getppid()));
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  signal(SIGTTOU, SIG_IGN);
  CHECK_OK(tcsetpgrp(s, getppid()));
  signal(SIGTTOU, SIG_DFL);
  /* Stops here until the leader makes this group the foreground and continues it. */
  CHECK_OK(tcsetpgrp(s, getpgrp()));
  CHECK_EQ(tcgetpgrp(s), getpgrp());
  fflush(stdout);
  return husk_failures;
}

static int leader(void) {
  setsid();
  CHECK_OK(ioctl(s, TIOCSCTTY, 0));
  fflush(stdout);
  pid_t g = fork();
  if (g == 0) _exit(background());
  int st;
  CHECK_EQ(waitpid(g, &st, WUNTRACED), g);
  CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU);
  /* Nothing printed while the child runs again. */
  int r1 = tcsetpgrp(s, g);
  int r2 = kill(g, SIGCONT);
  CHECK_EQ(child_status(g), 0);
  CHECK_EQ(r1, 0);
  CHECK_EQ(r2, 0);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  outsider = getpid();
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_EQ(in_child(leader), 0);
  DONE();
}
