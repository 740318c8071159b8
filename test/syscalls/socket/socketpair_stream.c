// socketpair_stream: a SOCK_STREAM socketpair carries bytes both ways as a stream (two writes read as one), read/write/readv/writev work on it, fstat says S_IFSOCK, and closing one end gives the other EOF.
#include "../common.h"
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ(write(sv[0], "hel", 3), 3);
  CHECK_EQ(write(sv[0], "lo", 2), 2);
  char buf[64] = {0};
  CHECK_EQ(read(sv[1], buf, sizeof buf), 5);
  CHECK(memcmp(buf, "hello", 5) == 0);
  CHECK_EQ(send(sv[1], "back", 4, 0), 4);
  CHECK_EQ(recv(sv[0], buf, 2, 0), 2);
  CHECK(memcmp(buf, "ba", 2) == 0);
  CHECK_EQ(recv(sv[0], buf, sizeof buf, 0), 2);
  CHECK(memcmp(buf, "ck", 2) == 0);
  struct iovec w[2] = {{"ab", 2}, {"cdef", 4}};
  CHECK_EQ(writev(sv[0], w, 2), 6);
  char x[3] = {0}, y[8] = {0};
  struct iovec r[2] = {{x, 3}, {y, 8}};
  CHECK_EQ(readv(sv[1], r, 2), 6);
  CHECK(memcmp(x, "abc", 3) == 0 && memcmp(y, "def", 3) == 0);
  struct stat st;
  CHECK_OK(fstat(sv[0], &st));
  CHECK(S_ISSOCK(st.st_mode));
  CHECK_ERR(lseek(sv[0], 0, SEEK_SET), ESPIPE);
  CHECK_OK(close(sv[0]));
  CHECK_EQ(read(sv[1], buf, sizeof buf), 0);
  DONE();
}
