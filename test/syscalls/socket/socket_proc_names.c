// socket_proc_names: /proc/self/fd names a socket "socket:[INO]" with the inode fstat gives, and /proc/net/unix lists a listening abstract socket with the listening flag, its type, state and inode, and '@' for the leading NUL.
#include "../common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

int main(void) {
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  char name[64];
  int n = snprintf(name, sizeof name, "husk-procnames-%d", getpid());
  memcpy(a.sun_path + 1, name, n);
  CHECK_OK(bind(l, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 1 + n));
  CHECK_OK(listen(l, 1));
  struct stat st;
  CHECK_OK(fstat(l, &st));
  char link[64], want[64], path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", l);
  ssize_t k = readlink(path, link, sizeof link - 1);
  CHECK(k > 0);
  link[k > 0 ? k : 0] = 0;
  snprintf(want, sizeof want, "socket:[%lu]", (unsigned long)st.st_ino);
  CHECK(strcmp(link, want) == 0);
  FILE *f = fopen("/proc/net/unix", "r");
  CHECK(f != NULL);
  char line[512];
  int found = 0;
  while (f && fgets(line, sizeof line, f)) {
    char p[256] = {0};
    unsigned flags, type, state;
    unsigned long ino;
    if (sscanf(line, "%*[0-9a-f]: %*x %*x %x %x %x %lu %255s", &flags, &type, &state, &ino, p) != 5) continue;
    if (p[0] == '@' && strcmp(p + 1, name) == 0) {
      found = 1;
      CHECK_EQ(flags, 0x10000);
      CHECK_EQ(type, SOCK_STREAM);
      CHECK_EQ(state, 1);
      CHECK_EQ(ino, st.st_ino);
    }
  }
  CHECK(found);
  DONE();
}
