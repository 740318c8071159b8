// ioctl_tcgets_defaults: a new pty starts with Linux's termios (ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD, ISIG|ICANON|ECHO... and the usual control characters); TCSETS keeps what it is given but a pty stays CS8|CREAD without parity; TCGETS2 gives the speeds; the master reads the same termios.
#include "../common.h"
#include "pty.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>

/* The kernel's struct termios2 (asm/termbits.h clashes with glibc's termios.h). */
struct termios2 {
  unsigned c_iflag, c_oflag, c_cflag, c_lflag;
  unsigned char c_line, c_cc[19];
  unsigned c_ispeed, c_ospeed;
};
#define K_TCGETS2 0x802c542a
#define K_TCSETS2 0x402c542b

int main(void) {
  int m, s;
  CHECK_OK(open_pair(&m, &s, O_NOCTTY));
  struct termios2 t;
  CHECK_OK(ioctl(s, K_TCGETS2, &t));
  printf("iflag %#o oflag %#o cflag %#o lflag %#o line %d\n", t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag, t.c_line);
  printf("cc");
  for (int i = 0; i < 17; i++) printf(" %d", t.c_cc[i]);
  printf("\nspeeds %u %u\n", t.c_ispeed, t.c_ospeed);
  struct termios2 mt;
  CHECK_OK(ioctl(m, K_TCGETS2, &mt));
  CHECK(memcmp(&t, &mt, sizeof t) == 0);
  t.c_cflag = (t.c_cflag & ~(CSIZE | CBAUD)) | CS7 | PARENB | B9600;
  t.c_cflag &= ~CREAD;
  t.c_lflag &= ~(ICANON | ECHO);
  t.c_iflag |= IGNCR;
  t.c_cc[VMIN] = 5;
  CHECK_OK(ioctl(s, K_TCSETS2, &t));
  struct termios2 u;
  CHECK_OK(ioctl(m, K_TCGETS2, &u));
  printf("after: iflag %#o cflag %#o lflag %#o vmin %d speeds %u %u\n", u.c_iflag, u.c_cflag, u.c_lflag, u.c_cc[VMIN], u.c_ispeed, u.c_ospeed);
  struct termios k;
  CHECK_OK(ioctl(s, TCGETS, &k));
  CHECK_EQ(k.c_cflag, u.c_cflag);
  CHECK_ERR(ioctl(s, TCGETS, bad_ptr()), EFAULT);
  CHECK_ERR(ioctl(s, TCSETS, bad_ptr()), EFAULT);
  int fd = open("/dev/null", O_RDWR);
  CHECK_ERR(ioctl(fd, TCGETS, &k), ENOTTY);
  int d = -1;
  CHECK_OK(ioctl(s, TIOCGETD, &d));
  CHECK_EQ(d, 0);
  DONE();
}
