// recvmsg_scm_credentials: with SO_PASSCRED on the receiver, each message comes with SCM_CREDENTIALS (the sender's pid, uid, gid), explicit credentials that are the sender's own are accepted, another pid is EPERM for an unprivileged sender, and a control buffer too small for them gives MSG_CTRUNC.
#include "../common.h"
#include <sys/socket.h>

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  int on = 1;
  CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
  CHECK_EQ(send(sv[0], "a", 1, 0), 1);
  char c[CMSG_SPACE(sizeof(struct ucred))], b;
  struct iovec iov = {&b, 1};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c, .msg_controllen = sizeof c};
  CHECK_EQ(recvmsg(sv[1], &m, 0), 1);
  struct cmsghdr *h = CMSG_FIRSTHDR(&m);
  CHECK(h != NULL);
  CHECK_EQ(h->cmsg_level, SOL_SOCKET);
  CHECK_EQ(h->cmsg_type, SCM_CREDENTIALS);
  CHECK_EQ(h->cmsg_len, CMSG_LEN(sizeof(struct ucred)));
  struct ucred u;
  memcpy(&u, CMSG_DATA(h), sizeof u);
  CHECK_EQ(u.pid, getpid());
  CHECK_EQ(u.uid, getuid());
  CHECK_EQ(u.gid, getgid());

  struct ucred mine = {getpid(), getuid(), getgid()};
  char sc[CMSG_SPACE(sizeof mine)] = {0};
  struct msghdr sm = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = sc, .msg_controllen = sizeof sc};
  h = CMSG_FIRSTHDR(&sm);
  h->cmsg_level = SOL_SOCKET;
  h->cmsg_type = SCM_CREDENTIALS;
  h->cmsg_len = CMSG_LEN(sizeof mine);
  memcpy(CMSG_DATA(h), &mine, sizeof mine);
  CHECK_EQ(sendmsg(sv[0], &sm, 0), 1);
  m.msg_controllen = 4; /* too small */
  CHECK_EQ(recvmsg(sv[1], &m, 0), 1);
  CHECK(m.msg_flags & MSG_CTRUNC);
  if (geteuid() != 0) {
    mine.pid = 1;
    memcpy(CMSG_DATA(h), &mine, sizeof mine);
    CHECK_ERR(sendmsg(sv[0], &sm, 0), EPERM);
  }
  DONE();
}
