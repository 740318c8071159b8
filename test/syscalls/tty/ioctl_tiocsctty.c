// ioctl_tiocsctty: only a session leader without a controlling terminal takes one with TIOCSCTTY (EPERM otherwise, and for a terminal another session holds); TIOCGSID and TIOCGPGRP then answer (ENOTTY before, on the replica; the master answers without); TIOCNOTTY gives it up.
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

static int not_leader(void) {
  CHECK_ERR(ioctl(s, TIOCSCTTY, 0), EPERM);
  fflush(stdout);
  return husk_failures;
}

static int other_session(void) {
  setsid();
  CHECK_ERR(ioctl(s, TIOCSCTTY, 0), EPERM);
  fflush(stdout);
  return husk_failures;
}

static int leader(void) {
  pid_t me = setsid();
  CHECK(me == getpid());
  pid_t v;
  CHECK_ERR(ioctl(s, TIOCGSID, &v), ENOTTY);
  CHECK_ERR(ioctl(s, TIOCGPGRP, &v), ENOTTY);
  CHECK_ERR(ioctl(m, TIOCGSID, &v), ENOTTY);
  v = -1;
  CHECK_OK(ioctl(m, TIOCGPGRP, &v));
  CHECK_EQ(v, 0);
  CHECK_OK(ioctl(s, TIOCSCTTY, 0));
  CHECK_OK(ioctl(s, TIOCSCTTY, 0));
  CHECK_OK(ioctl(s, TIOCGSID, &v));
  CHECK_EQ(v, me);
  CHECK_EQ(tcgetpgrp(s), me);
  CHECK_EQ(tcgetsid(s), me);
  CHECK_OK(ioctl(m, TIOCGPGRP, &v));
  CHECK_EQ(v, me);
  CHECK_EQ(in_child(not_leader), 0);
  CHECK_EQ(in_child(other_session), 0);
  int m2, s2;
  CHECK_OK(open_pair(&m2, &s2, O_NOCTTY));
  CHECK_ERR(ioctl(s2, TIOCSCTTY, 0), EPERM);
  CHECK_ERR(ioctl(s2, TIOCNOTTY), ENOTTY);
  CHECK_ERR(ioctl(m, TIOCNOTTY), ENOTTY);
  /* TIOCNOTTY by the leader sends SIGHUP to the foreground group: ignore it. */
  signal(SIGHUP, SIG_IGN);
  CHECK_OK(ioctl(s, TIOCNOTTY));
  CHECK_ERR(ioctl(s, TIOCGSID, &v), ENOTTY);
  CHECK_ERR(ioctl(s, TIOCNOTTY), ENOTTY);
  CHECK_OK(ioctl(s2, TIOCSCTTY, 0));
  CHECK_OK(ioctl(s2, TIOCGSID, &v));
  CHECK_EQ(v, me);
  fflush(stdout);
  return husk_failures;
}

int main(void) {
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  CHECK_EQ(in_child(leader), 0);
  DONE();
}
