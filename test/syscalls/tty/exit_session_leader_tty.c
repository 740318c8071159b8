// exit_session_leader_tty: when a session leader with a controlling pty exits, its foreground group gets SIGHUP and the session loses the terminal (/dev/tty is ENXIO, TIOCGSID ENOTTY), while the pty itself stays open.
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
    if (poll(&p, 1, 2000) <= 0) break;
    int r = read(fd, buf + got, n - got);
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
static int m, s, p[2], q[2];
static volatile sig_atomic_t nhup;
static void on_hup(int sig) { (void)sig; nhup++; }

static int member(void) {
  char b;
  read(q[0], &b, 1); /* the leader is gone */
  CHECK(wait_flag(&nhup));
  CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
  pid_t v;
  CHECK_ERR(ioctl(s, TIOCGSID, &v), ENOTTY);
  fflush(stdout);
  /* Last, unprinted: the parent checks what arrives. */
  write(s, "still\n", 6);
  return husk_failures;
}

static int leader(void) {
  setsid();
  if (ioctl(s, TIOCSCTTY, 0) < 0) return 1;
  struct sigaction sa = {0};
  sa.sa_handler = on_hup;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &sa, NULL);
  pid_t g = fork();
  if (g == 0) {
    setpgid(0, 0);
    _exit(member());
  }
  setpgid(g, g);
  if (tcsetpgrp(s, g) < 0) return 2;
  /* The member outlives the leader: tell the parent its pid. */
  write(p[1], &g, sizeof g);
  return 0;
}

int main(void) {
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_OK(pipe(p));
  CHECK_OK(pipe(q));
  CHECK_EQ(in_child(leader), 0);
  pid_t g;
  CHECK_EQ(read(p[0], &g, sizeof g), (long)sizeof g);
  fflush(stdout);
  int w = write(q[1], "x", 1);
  /* The member is not our child: wait for what it writes. */
  EXPECT_OUT(m, "still\r\n");
  CHECK_EQ(w, 1);
  DONE();
}
