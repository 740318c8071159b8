// ioctl_tiocswinsz_sigwinch: a new pty's window size is zero; TIOCSWINSZ on either side sets the one size both read back and sends SIGWINCH to the foreground group when it changes (not when it does not).
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
