// write_pty_echo_erase: typed input is echoed to the master (ONLCR applies, control characters as ^X under ECHOCTL), VERASE erases with "\b \b" under ECHOE and echoes the erase character without it, VKILL erases the line, VWERASE a word; ECHONL echoes newlines with ECHO off.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  char buf[64];
  CHECK_EQ(write(m, "ab\001c\n", 5), 5);
  EXPECT_OUT(m, "ab^Ac\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 5);
  CHECK(memcmp(buf, "ab\001c\n", 5) == 0);
  CHECK_EQ(write(m, "xyz\177\177w\n", 7), 7);
  EXPECT_OUT(m, "xyz\b \b\b \bw\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 3);
  CHECK(strcmp(buf, "xw\n") == 0);
  /* A control character echoed as ^X takes two erasures. */
  CHECK_EQ(write(m, "a\002\177\n", 4), 4);
  EXPECT_OUT(m, "a^B\b \b\b \b\r\n");
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  /* VKILL with ECHOKE: every character erased. */
  CHECK_EQ(write(m, "abc\025d\n", 6), 6);
  EXPECT_OUT(m, "abc\b \b\b \b\b \bd\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  CHECK(strcmp(buf, "d\n") == 0);
  /* VWERASE: the last word and the blanks after it. */
  CHECK_EQ(write(m, "ab cd  \027x\n", 10), 10);
  EXPECT_OUT(m, "ab cd  \b \b\b \b\b \b\b \bx\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 5);
  CHECK(strcmp(buf, "ab x\n") == 0);
  struct termios t;
  CHECK_OK(tcgetattr(s, &t));
  /* Without ECHOE the erase character itself is echoed; without ECHOKE, VKILL echoes ^U and ECHOK a newline. */
  t.c_lflag &= ~(ECHOE | ECHOKE);
  CHECK_OK(tcsetattr(s, TCSANOW, &t));
  CHECK_EQ(write(m, "pq\177r\025s\n", 7), 7);
  EXPECT_OUT(m, "pq^?r^U\r\ns\r\n");
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(s, buf, sizeof buf), 2);
  CHECK(strcmp(buf, "s\n") == 0);
  /* ECHO off, ECHONL on: only newlines come back. */
  t.c_lflag &= ~ECHO;
  t.c_lflag |= ECHONL;
  CHECK_OK(tcsetattr(s, TCSANOW, &t));
  CHECK_EQ(write(m, "quiet\n", 6), 6);
  EXPECT_OUT(m, "\r\n");
  CHECK_EQ(read(s, buf, sizeof buf), 6);
  int n = -1;
  CHECK_OK(ioctl(m, FIONREAD, &n));
  CHECK_EQ(n, 0);
  DONE();
}
