// listen_backlog_eagain: a listener with backlog 1 takes two pending connections; a third non-blocking connect is EAGAIN, and after one accept it succeeds; a datagram connect sets the default peer and AF_UNSPEC undoes it.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "husk-backlog-%d", getpid());
  socklen_t al = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(bind(l, (struct sockaddr *)&a, al));
  CHECK_OK(listen(l, 1));
  int c[3];
  for (int i = 0; i < 3; i++) c[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK_OK(connect(c[0], (struct sockaddr *)&a, al));
  CHECK_OK(connect(c[1], (struct sockaddr *)&a, al));
  CHECK_ERR(connect(c[2], (struct sockaddr *)&a, al), EAGAIN);
  int s = accept(l, NULL, NULL);
  CHECK(s >= 0);
  CHECK_OK(connect(c[2], (struct sockaddr *)&a, al));

  struct sockaddr_un d = {.sun_family = AF_UNIX};
  n = snprintf(d.sun_path + 1, sizeof d.sun_path - 1, "husk-backlog-d-%d", getpid());
  socklen_t dl = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  int r = socket(AF_UNIX, SOCK_DGRAM, 0), w = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_OK(bind(r, (struct sockaddr *)&d, dl));
  CHECK_ERR(send(w, "x", 1, 0), ENOTCONN);
  CHECK_OK(connect(w, (struct sockaddr *)&d, dl));
  CHECK_EQ(send(w, "x", 1, 0), 1);
  struct sockaddr_un pn;
  socklen_t pl = sizeof pn;
  CHECK_OK(getpeername(w, (struct sockaddr *)&pn, &pl));
  CHECK_EQ(pl, dl);
  struct sockaddr un = {.sa_family = AF_UNSPEC};
  CHECK_OK(connect(w, &un, sizeof un));
  CHECK_ERR(send(w, "x", 1, 0), ENOTCONN);
  char b;
  CHECK_EQ(recv(r, &b, 1, 0), 1);
  CHECK_OK(close(r));
  CHECK_ERR(sendto(w, "x", 1, 0, (struct sockaddr *)&d, dl), ECONNREFUSED);
  DONE();
}
