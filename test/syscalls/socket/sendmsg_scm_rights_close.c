// sendmsg_scm_rights_close: a pipe's write end sent with SCM_RIGHTS and never received is closed when the receiving socket is closed, so the reader then sees EOF; a file in flight keeps the pipe open until then; a datagram can carry rights to another process.
#include "../common.h"
#include <fcntl.h>
#include <sys/socket.h>

static int send_fd(int s, int fd) {
  char c[CMSG_SPACE(sizeof(int))] = {0};
  struct iovec iov = {"x", 1};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c, .msg_controllen = sizeof c};
  struct cmsghdr *h = CMSG_FIRSTHDR(&m);
  h->cmsg_level = SOL_SOCKET;
  h->cmsg_type = SCM_RIGHTS;
  h->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(h), &fd, sizeof fd);
  return sendmsg(s, &m, 0);
}

int main(void) {
  int sv[2], p[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_OK(pipe(p));
  CHECK_EQ(send_fd(sv[0], p[1]), 1);
  CHECK_OK(close(p[1]));
  CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
  char b;
  CHECK_ERR(read(p[0], &b, 1), EAGAIN); /* the writer is in flight */
  CHECK_OK(close(sv[1]));
  CHECK_EQ(read(p[0], &b, 1), 0);       /* closed with the socket */
  close(sv[0]);

  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_OK(pipe(p));
  pid_t pid = fork();
  if (pid == 0) {
    char c[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {&b, 1};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = c, .msg_controllen = sizeof c};
    if (recvmsg(sv[1], &m, 0) != 1) _exit(1);
    int fd;
    memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof fd);
    _exit(write(fd, "child", 5) == 5 ? 0 : 2);
  }
  CHECK_EQ(send_fd(sv[0], p[1]), 1);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  char buf[8];
  CHECK_EQ(read(p[0], buf, sizeof buf), 5);
  DONE();
}
