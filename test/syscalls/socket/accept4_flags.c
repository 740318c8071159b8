// accept4_flags: accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC sets O_NONBLOCK and FD_CLOEXEC on the new socket (plain accept sets neither), unknown flags are EINVAL, a non-blocking listener with nothing queued is EAGAIN, and the accepted socket reports the listener's name and the client's (unnamed) peer address.
#include "../common.h"
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "husk-accept4-%d", getpid());
  socklen_t al = offsetof(struct sockaddr_un, sun_path) + 1 + n;
  int l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK_OK(bind(l, (struct sockaddr *)&a, al));
  CHECK_OK(listen(l, 8));
  CHECK_ERR(accept4(l, NULL, NULL, 0), EAGAIN);
  int c1 = socket(AF_UNIX, SOCK_STREAM, 0), c2 = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK_OK(connect(c1, (struct sockaddr *)&a, al));
  CHECK_OK(connect(c2, (struct sockaddr *)&a, al));
  CHECK_ERR(accept4(l, NULL, NULL, 0x4), EINVAL);
  struct sockaddr_un peer;
  socklen_t pl = sizeof peer;
  int s1 = accept4(l, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK | SOCK_CLOEXEC);
  CHECK(s1 >= 0);
  CHECK_EQ(pl, offsetof(struct sockaddr_un, sun_path)); /* the client is unnamed */
  CHECK(fcntl(s1, F_GETFL) & O_NONBLOCK);
  CHECK_EQ(fcntl(s1, F_GETFD), FD_CLOEXEC);
  int s2 = accept(l, NULL, NULL);
  CHECK(s2 >= 0);
  CHECK(!(fcntl(s2, F_GETFL) & O_NONBLOCK));
  CHECK_EQ(fcntl(s2, F_GETFD), 0);
  struct sockaddr_un me;
  socklen_t ml = sizeof me;
  CHECK_OK(getsockname(s1, (struct sockaddr *)&me, &ml));
  CHECK_EQ(ml, al);
  CHECK(memcmp(&me, &a, al) == 0);
  ml = sizeof me;
  CHECK_OK(getpeername(c1, (struct sockaddr *)&me, &ml));
  CHECK_EQ(ml, al);
  char b[4];
  CHECK_ERR(recv(s1, b, 4, 0), EAGAIN);
  CHECK_EQ(write(c1, "1", 1), 1);
  CHECK_EQ(write(c2, "2", 1), 1);
  CHECK_EQ(read(s1, b, 4), 1);
  CHECK_EQ(b[0], '1');
  CHECK_EQ(read(s2, b, 4), 1);
  CHECK_EQ(b[0], '2');
  DONE();
}
