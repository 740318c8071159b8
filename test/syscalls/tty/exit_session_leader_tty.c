// exit_session_leader_tty: when a session leader with a controlling pty exits, its foreground group gets SIGHUP and the session loses the terminal (/dev/tty is ENXIO, TIOCGSID ENOTTY), while the pty itself stays open.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

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
