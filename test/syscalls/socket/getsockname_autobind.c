// getsockname_autobind: an unbound socket's name is the family alone; bind with only the family autobinds a 5-hex-digit abstract name; a datagram sender's name comes back from recvfrom, an unnamed sender's as a zero length.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void) {
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un a;
  socklen_t l = sizeof a;
  CHECK_OK(getsockname(s, (struct sockaddr *)&a, &l));
  CHECK_EQ(l, sizeof(sa_family_t));
  CHECK_EQ(a.sun_family, AF_UNIX);
  struct sockaddr_un fam = {.sun_family = AF_UNIX};
  CHECK_OK(bind(s, (struct sockaddr *)&fam, sizeof(sa_family_t)));
  l = sizeof a;
  CHECK_OK(getsockname(s, (struct sockaddr *)&a, &l));
  CHECK_EQ(l, offsetof(struct sockaddr_un, sun_path) + 6);
  CHECK_EQ(a.sun_path[0], 0);
  int hex = 1;
  for (int i = 1; i < 6; i++)
    hex &= (a.sun_path[i] >= '0' && a.sun_path[i] <= '9') || (a.sun_path[i] >= 'a' && a.sun_path[i] <= 'f');
  CHECK(hex);
  socklen_t named = l;
  int t = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK_EQ(sendto(t, "hi", 2, 0, (struct sockaddr *)&a, named), 2);
  char b[4];
  struct sockaddr_un from;
  socklen_t fl = sizeof from;
  CHECK_EQ(recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&from, &fl), 2);
  CHECK_EQ(fl, 0);
  CHECK_OK(bind(t, (struct sockaddr *)&fam, sizeof(sa_family_t)));
  CHECK_EQ(sendto(t, "yo", 2, 0, (struct sockaddr *)&a, named), 2);
  fl = sizeof from;
  CHECK_EQ(recvfrom(s, b, sizeof b, 0, (struct sockaddr *)&from, &fl), 2);
  CHECK_EQ(fl, offsetof(struct sockaddr_un, sun_path) + 6);
  struct sockaddr_un tn;
  socklen_t tl = sizeof tn;
  CHECK_OK(getsockname(t, (struct sockaddr *)&tn, &tl));
  CHECK(memcmp(&tn, &from, tl) == 0);
  CHECK_ERR(getpeername(s, (struct sockaddr *)&from, &fl), ENOTCONN);
  DONE();
}
