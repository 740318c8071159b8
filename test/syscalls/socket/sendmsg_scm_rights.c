// sendmsg_scm_rights: SCM_RIGHTS passes open file descriptions over a socketpair (the received fd shares the offset and reads the same pipe), MSG_CMSG_CLOEXEC sets close-on-exec, a short control buffer gives MSG_CTRUNC and drops the rest, and a bad fd is EBADF.
#include "../common.h"
#include <fcntl.h>
#include <sys/socket.h>

static int send_fds(int s, int *fds, int n) {
  char c[CMSG_SPACE(sizeof(int) * 4)] = {0};
  struct iovec iov = {"x", 1};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c, .msg_controllen = CMSG_SPACE(sizeof(int) * n)};
  struct cmsghdr *h = CMSG_FIRSTHDR(&m);
  h->cmsg_level = SOL_SOCKET;
  h->cmsg_type = SCM_RIGHTS;
  h->cmsg_len = CMSG_LEN(sizeof(int) * n);
  memcpy(CMSG_DATA(h), fds, sizeof(int) * n);
  return sendmsg(s, &m, 0);
}

static int recv_fds(int s, int *fds, int room, int flags, int *mflags) {
  char c[CMSG_SPACE(sizeof(int) * 4)] = {0};
  char b;
  struct iovec iov = {&b, 1};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c, .msg_controllen = CMSG_SPACE(sizeof(int) * room)};
  if (recvmsg(s, &m, flags) != 1) return -1;
  *mflags = m.msg_flags;
  struct cmsghdr *h = CMSG_FIRSTHDR(&m);
  if (!h) return 0;
  if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS) return -2;
  int n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
  memcpy(fds, CMSG_DATA(h), n * sizeof(int));
  return n;
}

int main(void) {
  int sv[2], p[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_OK(pipe(p));
  int fds[4] = {p[0], p[1], p[0], p[1]}, got[4], fl;
  CHECK_EQ(send_fds(sv[0], fds, 2), 1);
  CHECK_EQ(recv_fds(sv[1], got, 2, 0, &fl), 2);
  CHECK_EQ(fl, 0);
  CHECK(got[0] != p[0] && got[1] != p[1]);
  CHECK_EQ(write(got[1], "hi", 2), 2);
  char buf[4];
  CHECK_EQ(read(p[0], buf, 4), 2);
  CHECK_EQ(fcntl(got[0], F_GETFD), 0);
  close(got[0]);
  close(got[1]);

  CHECK_EQ(send_fds(sv[0], fds, 1), 1);
  CHECK_EQ(recv_fds(sv[1], got, 1, MSG_CMSG_CLOEXEC, &fl), 1);
  CHECK_EQ(fcntl(got[0], F_GETFD), FD_CLOEXEC);
  close(got[0]);

  /* CMSG_SPACE of one int holds two: of four, two arrive, MSG_CTRUNC, the rest are dropped. */
  CHECK_EQ(send_fds(sv[0], fds, 4), 1);
  CHECK_EQ(recv_fds(sv[1], got, 1, 0, &fl), 2);
  CHECK(fl & MSG_CTRUNC);
  close(got[0]);
  close(got[1]);

  int bad[1] = {987};
  CHECK_ERR(send_fds(sv[0], bad, 1), EBADF);
  /* A plain read of a message with rights discards them. */
  CHECK_EQ(send_fds(sv[0], fds, 1), 1);
  CHECK_EQ(read(sv[1], buf, 4), 1);
  DONE();
}
