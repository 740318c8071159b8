// flock_same_file: two opens of one file of the root filesystem (the test's own binary), by two spellings of its path, share one lock state, and so do two opens of a file in the working directory by its name and through a symlink.
#include "../common.h"
#include <fcntl.h>
#include <sys/file.h>

int main(int argc, char **argv) {
  (void)argc;
  // The binary itself: no other run of this test locks it (the static and
  // dynamic variants are two files).
  char other[4096];
  const char *slash = strrchr(argv[0], '/');
  CHECK(slash != NULL);
  snprintf(other, sizeof other, "%.*s/./%s", (int)(slash - argv[0]), argv[0], slash + 1);
  int a = open(argv[0], O_RDONLY);
  int b = open(other, O_RDONLY);
  CHECK(a >= 0 && b >= 0);
  CHECK_OK(flock(a, LOCK_EX | LOCK_NB));
  CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  CHECK_OK(flock(a, LOCK_UN));
  CHECK_OK(flock(b, LOCK_SH | LOCK_NB));
  CHECK_OK(flock(b, LOCK_UN));

  int fd = open("orig", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  unlink("alias");
  CHECK_OK(symlink("orig", "alias"));
  int via = open("alias", O_RDONLY);
  CHECK(via >= 0);
  CHECK_OK(flock(fd, LOCK_EX | LOCK_NB));
  CHECK_ERR(flock(via, LOCK_SH | LOCK_NB), EWOULDBLOCK);
  DONE();
}
