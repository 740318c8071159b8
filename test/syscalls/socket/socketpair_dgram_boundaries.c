// socketpair_dgram_boundaries: a SOCK_DGRAM socketpair keeps message boundaries (each recv takes one datagram, a short buffer drops the rest), sends empty datagrams, readv takes one datagram, and EAGAIN when empty with MSG_DONTWAIT.
#include "../common.h"
#include <sys/socket.h>
#include <sys/uio.h>

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_EQ(send(sv[0], "one", 3, 0), 3);
  CHECK_EQ(send(sv[0], "two!", 4, 0), 4);
  CHECK_EQ(send(sv[0], "", 0, 0), 0);
  CHECK_EQ(send(sv[0], "three", 5, 0), 5);
  CHECK_EQ(send(sv[0], "four", 4, 0), 4);
  char buf[64] = {0};
  CHECK_EQ(recv(sv[1], buf, sizeof buf, 0), 3);
  CHECK(memcmp(buf, "one", 3) == 0);
  CHECK_EQ(recv(sv[1], buf, 2, 0), 2); /* "tw", the rest dropped */
  CHECK(memcmp(buf, "tw", 2) == 0);
  CHECK_EQ(recv(sv[1], buf, sizeof buf, 0), 0); /* the empty datagram */
  char a[2] = {0}, b[8] = {0};
  struct iovec v[2] = {{a, 2}, {b, 8}};
  CHECK_EQ(readv(sv[1], v, 2), 5);
  CHECK(memcmp(a, "th", 2) == 0 && memcmp(b, "ree", 3) == 0);
  CHECK_EQ(read(sv[1], buf, sizeof buf), 4);
  CHECK_ERR(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  CHECK_OK(close(sv[0]));
  CHECK_ERR(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN); /* datagram: no EOF */
  DONE();
}
