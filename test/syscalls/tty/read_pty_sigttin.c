// read_pty_sigttin: a read of the controlling terminal from a background group sends it SIGTTIN (EINTR with a handler, EIO when ignored or blocked; by default the process stops and the read restarts once continued); writes from the background pass unless TOSTOP, which sends SIGTTOU.
#include "../common.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

/* open_pair opens a new pty: *m the master, *s the replica (open flags sflags). */
static int open_pair(int *m, int *s, int sflags) {
  *m = posix_openpt(O_RDWR | O_NOCTTY);
  if (*m < 0 || grantpt(*m) || unlockpt(*m)) return -1;
  *s = open(ptsname(*m), O_RDWR | sflags);
  return *s < 0 ? -1 : 0;
}

/* read_n reads n bytes from fd, waiting up to 2 s for each part; returns how many it got. */
__attribute__((unused)) static int read_n(int fd, char *buf, int n) {
  int got = 0;
  while (got < n) {
    struct pollfd p = {fd, POLLIN, 0};
    int pr = poll(&p, 1, 2000);
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) break;
    int r = read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += r;
  }
  return got;
}

/* expect_out reads strlen(want) bytes from fd and compares them with want. */
#define EXPECT_OUT(fd, want)                                                   \
  do {                                                                         \
    char b_[256] = {0};                                                        \
    int n_ = read_n(fd, b_, strlen(want));                                     \
    CHECK(n_ == (int)strlen(want) && memcmp(b_, want, n_) == 0);               \
  } while (0)

/* wait_flag waits up to 2 s for *flag to become nonzero. */
__attribute__((unused)) static int wait_flag(volatile sig_atomic_t *flag) {
  for (int i = 0; i < 200 && !*flag; i++) usleep(10000);
  return *flag;
}

/* child_status waits for pid and returns its exit status (-1: it did not exit). */
__attribute__((unused)) static int child_status(pid_t pid) {
  int st;
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}
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
