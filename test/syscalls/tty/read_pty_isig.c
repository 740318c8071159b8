// read_pty_isig: with ISIG, VINTR, VQUIT and VSUSP typed on the master send SIGINT, SIGQUIT and SIGTSTP to the foreground group, echo as ^C, ^\ and ^Z and flush the pending input (not under NOFLSH); without ISIG they are data.
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
static volatile sig_atomic_t nint, nquit, ntstp;
static void on_sig(int sig) {
  if (sig == SIGINT) nint++;
  if (sig == SIGQUIT) nquit++;
  if (sig == SIGTSTP) ntstp++;
}

static int leader(void) {
  setsid();
  CHECK_OK(ioctl(s, TIOCSCTTY, 0));
  struct sigaction sa = {0};
  sa.sa_handler = on_sig;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGQUIT, &sa, NULL);
  sigaction(SIGTSTP, &sa, NULL);
  char buf[32];
  /* Each write waits for its echo: Linux's flush on a signal also drops
   * echoes the master has not taken in yet. */
  CHECK_EQ(write(m, "ab", 2), 2);
  EXPECT_OUT(m, "ab");
  CHECK_EQ(write(m, "\003", 1), 1);
  EXPECT_OUT(m, "^C");
  CHECK(wait_flag(&nint));
  CHECK_EQ(write(m, "cd\n", 3), 3);
  EXPECT_OUT(m, "cd\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 3);
  CHECK(strcmp(buf, "cd\n") == 0);
  CHECK_EQ(write(m, "\034", 1), 1);
  EXPECT_OUT(m, "^\\");
  CHECK_EQ(write(m, "\032", 1), 1);
  EXPECT_OUT(m, "^Z");
  CHECK(wait_flag(&nquit));
  CHECK(wait_flag(&ntstp));
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag |= NOFLSH;
  tcsetattr(s, TCSANOW, &t);
  CHECK_EQ(write(m, "ef\003gh\n", 6), 6);
  EXPECT_OUT(m, "ef^Cgh\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 5);
  CHECK(strcmp(buf, "efgh\n") == 0);
  CHECK(nint == 2);
  t.c_lflag &= ~ISIG;
  tcsetattr(s, TCSANOW, &t);
  CHECK_EQ(write(m, "i\003\n", 3), 3);
  EXPECT_OUT(m, "i^C\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 3);
  CHECK(memcmp(buf, "i\003\n", 3) == 0);
  CHECK(nint == 2 && nquit == 1 && ntstp == 1);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_EQ(in_child(leader), 0);
  DONE();
}
