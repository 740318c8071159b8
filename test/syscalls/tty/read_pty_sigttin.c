// read_pty_sigttin: a read of the controlling terminal from a background group sends it SIGTTIN (EINTR with a handler, EIO when ignored or blocked; by default the process stops and the read restarts once continued); writes from the background pass unless TOSTOP, which sends SIGTTOU.
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
static volatile sig_atomic_t got;
static void on_sig(int sig) { got = sig; }

static int background(void) {
  CHECK_OK(setpgid(0, 0));
  char c[8];
  struct sigaction sa = {0};
  sa.sa_handler = on_sig;
  sigaction(SIGTTIN, &sa, NULL);
  CHECK_ERR(read(s, c, 1), EINTR);
  CHECK_EQ(got, SIGTTIN);
  signal(SIGTTIN, SIG_IGN);
  CHECK_ERR(read(s, c, 1), EIO);
  signal(SIGTTIN, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTTIN);
  sigprocmask(SIG_BLOCK, &set, NULL);
  CHECK_ERR(read(s, c, 1), EIO);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  CHECK_EQ(write(s, "bg\n", 3), 3);
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag |= TOSTOP;
  signal(SIGTTOU, SIG_IGN);
  CHECK_OK(tcsetattr(s, TCSANOW, &t));
  CHECK_EQ(write(s, "ig\n", 3), 3);
  got = 0;
  sigaction(SIGTTOU, &sa, NULL);
  CHECK_ERR(write(s, "no\n", 3), EINTR);
  CHECK_EQ(got, SIGTTOU);
  t.c_lflag &= ~TOSTOP;
  signal(SIGTTOU, SIG_IGN);
  CHECK_OK(tcsetattr(s, TCSANOW, &t));
  /* Stops until the leader brings this group to the foreground. */
  memset(c, 0, sizeof c);
  CHECK_EQ(read(s, c, sizeof c), 3);
  CHECK(strcmp(c, "fg\n") == 0);
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
  CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN);
  EXPECT_OUT(m, "bg\r\nig\r\n");
  /* Nothing printed while the child runs again. */
  int r1 = tcsetpgrp(s, g);
  int r2 = write(m, "fg\n", 3);
  int r3 = kill(g, SIGCONT);
  CHECK_EQ(child_status(g), 0);
  CHECK_EQ(r1, 0);
  CHECK_EQ(r2, 3);
  CHECK_EQ(r3, 0);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag &= ~ECHO;
  tcsetattr(s, TCSANOW, &t);
  CHECK_EQ(in_child(leader), 0);
  DONE();
}
