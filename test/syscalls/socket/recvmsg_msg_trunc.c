// recvmsg_msg_trunc: on a datagram socket MSG_TRUNC in the flags makes recv return the datagram's real length and msg_flags says MSG_TRUNC; MSG_PEEK leaves the datagram queued.
#include "../common.h"
#include <sys/socket.h>

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_EQ(send(sv[0], "0123456789", 10, 0), 10);
  CHECK_EQ(send(sv[0], "abcdef", 6, 0), 6);
  char buf[4];
  CHECK_EQ(recv(sv[1], buf, sizeof buf, MSG_PEEK | MSG_TRUNC), 10);
  CHECK_EQ(recv(sv[1], buf, sizeof buf, MSG_TRUNC), 10);
  CHECK(memcmp(buf, "0123", 4) == 0);
  struct iovec iov = {buf, sizeof buf};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
  CHECK_EQ(recvmsg(sv[1], &m, 0), 4);
  CHECK_EQ(m.msg_flags, MSG_TRUNC);
  CHECK(memcmp(buf, "abcd", 4) == 0);
  CHECK_EQ(send(sv[0], "xy", 2, 0), 2);
  m.msg_flags = -1;
  CHECK_EQ(recvmsg(sv[1], &m, 0), 2);
  CHECK_EQ(m.msg_flags, 0);
  DONE();
}
