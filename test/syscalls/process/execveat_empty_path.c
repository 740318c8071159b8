// execveat_empty_path: execveat runs a program named relative to a directory fd, and with AT_EMPTY_PATH the program the fd itself names; unknown flags are EINVAL; an empty path without AT_EMPTY_PATH is ENOENT.
#include "../common.h"
#include <fcntl.h>
#include <sys/wait.h>

static int run(int dirfd, const char *path, int flags) {
  char *argv[] = {"true", NULL};
  char *envp[] = {NULL};
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    syscall(SYS_execveat, dirfd, path, argv, envp, flags);
    _exit(99);
  }
  int status;
  if (waitpid(c, &status, 0) != c || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

int main(void) {
  int bin = open("/bin", O_RDONLY | O_DIRECTORY);
  CHECK(bin >= 0);
  CHECK_EQ(run(bin, "true", 0), 0);
  int prog = open("/bin/true", O_RDONLY);
  CHECK(prog >= 0);
  CHECK_EQ(run(prog, "", AT_EMPTY_PATH), 0);
  char *argv[] = {"true", NULL};
  CHECK_ERR(syscall(SYS_execveat, bin, "true", argv, argv + 1, 0x4), EINVAL);
  CHECK_ERR(syscall(SYS_execveat, bin, "", argv, argv + 1, 0), ENOENT);
  DONE();
}
