// setsockopt_rcvtimeo: SO_RCVTIMEO bounds a blocking recv and accept (EAGAIN when it passes), reads back as set, a tv_usec out of range is EDOM and a short optlen EINVAL; SO_SNDTIMEO bounds a send into a full socket.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

int main(void) {
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  struct timeval tv = {0, 60000}, got; /* a whole number of jiffies at any HZ */
  CHECK_OK(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  socklen_t l = sizeof got;
  CHECK_OK(getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &l));
  CHECK_EQ(l, sizeof got);
  CHECK_EQ(got.tv_sec, 0);
  CHECK_EQ(got.tv_usec, 60000);
  char b[8];
  CHECK_ERR(recv(sv[0], b, sizeof b, 0), EAGAIN);
  CHECK_ERR(read(sv[0], b, sizeof b), EAGAIN);
  struct timeval bad = {0, 2000000};
  CHECK_ERR(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &bad, sizeof bad), EDOM);
  CHECK_ERR(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, 4), EINVAL);

  int l1 = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int n = snprintf(a.sun_path + 1, sizeof a.sun_path - 1, "husk-rcvtimeo-%d", getpid());
  CHECK_OK(bind(l1, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 1 + n));
  CHECK_OK(listen(l1, 1));
  CHECK_OK(setsockopt(l1, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  CHECK_ERR(accept(l1, NULL, NULL), EAGAIN);

  CHECK_OK(setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  static char big[1 << 16];
  long sent = 0, r;
  while ((r = send(sv[1], big, sizeof big, 0)) > 0) sent += r;
  CHECK_EQ(r, -1);
  CHECK_EQ(errno, EAGAIN);
  CHECK(sent > 0);
  DONE();
}
