// pipe2_direct_packets: a pipe made with O_DIRECT is in packet mode: each write is a packet (one longer than PIPE_BUF is split into PIPE_BUF-sized ones) and each read returns at most one packet, dropping what does not fit in its buffer; every packet takes a page of the pipe's room, so 16 one-byte packets fill a 64 KiB pipe; F_GETFL shows O_DIRECT on the write end only, and clearing it with F_SETFL makes the writes a byte stream again.
#include "../common.h"
#include <fcntl.h>
#include <sys/ioctl.h>

int main(void) {
  int p[2];
  CHECK_OK(pipe2(p, O_DIRECT | O_NONBLOCK));
  CHECK(!(fcntl(p[0], F_GETFL) & O_DIRECT)); /* only the write end has it */
  CHECK(fcntl(p[1], F_GETFL) & O_DIRECT);
  static char big[5000], buf[8192];
  memset(big, 'x', sizeof big);
  CHECK_EQ(write(p[1], "0123456789", 10), 10);
  CHECK_EQ(write(p[1], "abcdefghijklmnopqrst", 20), 20);
  CHECK_EQ(write(p[1], big, sizeof big), 5000);
  int n = -1;
  CHECK_OK(ioctl(p[0], FIONREAD, &n));
  CHECK_EQ(n, 5030);
  CHECK_EQ(read(p[0], buf, 4), 4); /* the rest of "0123456789" is dropped */
  CHECK(memcmp(buf, "0123", 4) == 0);
  CHECK_EQ(read(p[0], buf, sizeof buf), 20);
  CHECK(memcmp(buf, "abcdefghijklmnopqrst", 20) == 0);
  CHECK_EQ(read(p[0], buf, sizeof buf), 4096);
  CHECK_EQ(read(p[0], buf, sizeof buf), 904);
  CHECK_ERR(read(p[0], buf, sizeof buf), EAGAIN);

  int i = 0;
  while (write(p[1], "z", 1) == 1) i++;
  CHECK_EQ(errno, EAGAIN);
  CHECK_EQ(i, 16);
  for (int j = 0; j < 16; j++) read(p[0], buf, sizeof buf);
  CHECK_ERR(read(p[0], buf, sizeof buf), EAGAIN);

  CHECK_OK(fcntl(p[1], F_SETFL, O_NONBLOCK));
  CHECK(!(fcntl(p[1], F_GETFL) & O_DIRECT));
  CHECK_EQ(write(p[1], "ab", 2), 2);
  CHECK_EQ(write(p[1], "cd", 2), 2);
  CHECK_EQ(read(p[0], buf, sizeof buf), 4);
  CHECK(memcmp(buf, "abcd", 4) == 0);
  CHECK_EQ(read(p[0], buf, 0), 0);
  DONE();
}
