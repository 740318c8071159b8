// read_pty_vmin_vtime: in non-canonical mode VMIN=0 VTIME=0 returns at once (0 with no input, even blocking), VMIN=0 VTIME=n waits up to n tenths for any input, VMIN=n waits for n bytes (or the buffer size), VMIN with VTIME times out between bytes after the first.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

#include <time.h>

static long ms_since(struct timespec *a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void set_mode(int s, int vmin, int vtime) {
  struct termios t;
  tcgetattr(s, &t);
  t.c_lflag &= ~(ICANON | ECHO);
  t.c_cc[VMIN] = vmin;
  t.c_cc[VTIME] = vtime;
  tcsetattr(s, TCSANOW, &t);
}

int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  char buf[64];
  struct timespec t0;
  set_mode(s, 0, 0);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK_EQ(read(s, buf, sizeof buf), 0);
  CHECK(ms_since(&t0) < 100);
  set_mode(s, 0, 2);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK_EQ(read(s, buf, sizeof buf), 0);
  long el = ms_since(&t0);
  CHECK(el >= 150 && el < 2000);
  CHECK_EQ(write(m, "ab", 2), 2);
  usleep(50000);
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  /* VMIN=3: a child writes the bytes one at a time. */
  set_mode(s, 3, 0);
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    for (int i = 0; i < 3; i++) {
      usleep(30000);
      write(m, "x", 1);
    }
    _exit(0);
  }
  CHECK_EQ(read(s, buf, sizeof buf), 3);
  waitpid(c, NULL, 0);
  /* A buffer smaller than VMIN returns when it is full. */
  CHECK_EQ(write(m, "yy", 2), 2);
  CHECK_EQ(read(s, buf, 2), 2);
  /* VMIN=5 VTIME=2: two bytes then silence: the inter-byte timer ends the read. */
  set_mode(s, 5, 2);
  CHECK_EQ(write(m, "zz", 2), 2);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  el = ms_since(&t0);
  CHECK(el >= 150 && el < 2000);
  /* O_NONBLOCK with nothing queued: EAGAIN. */
  set_mode(s, 1, 0);
  fcntl(s, F_SETFL, O_NONBLOCK);
  CHECK_ERR(read(s, buf, sizeof buf), EAGAIN);
  DONE();
}
