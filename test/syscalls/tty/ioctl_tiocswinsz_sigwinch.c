// ioctl_tiocswinsz_sigwinch: a new pty's window size is zero; TIOCSWINSZ on either side sets the one size both read back and sends SIGWINCH to the foreground group when it changes (not when it does not).
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
static volatile sig_atomic_t nwinch;
static void on_winch(int sig) { (void)sig; nwinch++; }

static int leader(void) {
  setsid();
  CHECK_OK(ioctl(s, TIOCSCTTY, 0));
  struct sigaction sa = {0};
  sa.sa_handler = on_winch;
  sigaction(SIGWINCH, &sa, NULL);
  struct winsize w = {0};
  CHECK_OK(ioctl(s, TIOCGWINSZ, &w));
  CHECK(w.ws_row == 0 && w.ws_col == 0);
  struct winsize n = {24, 80, 640, 480};
  CHECK_OK(ioctl(m, TIOCSWINSZ, &n));
  CHECK(wait_flag(&nwinch));
  CHECK_OK(ioctl(s, TIOCGWINSZ, &w));
  CHECK(w.ws_row == 24 && w.ws_col == 80 && w.ws_xpixel == 640 && w.ws_ypixel == 480);
  CHECK_OK(ioctl(m, TIOCSWINSZ, &n));
  CHECK_OK(ioctl(s, TIOCSWINSZ, &n));
  usleep(50000);
  CHECK_EQ(nwinch, 1);
  n.ws_col = 132;
  CHECK_OK(ioctl(s, TIOCSWINSZ, &n));
  for (int i = 0; i < 200 && nwinch < 2; i++) usleep(10000);
  CHECK_EQ(nwinch, 2);
  CHECK_OK(ioctl(m, TIOCGWINSZ, &w));
  CHECK_EQ(w.ws_col, 132);
  CHECK_ERR(ioctl(m, TIOCSWINSZ, bad_ptr()), EFAULT);
  CHECK_ERR(ioctl(s, TIOCGWINSZ, bad_ptr()), EFAULT);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_EQ(in_child(leader), 0);
  DONE();
}
