// close_range_flags: close_range closes the open fds of a range (gaps and an empty range are fine), CLOSE_RANGE_CLOEXEC marks them close-on-exec instead (they close at execve), CLOSE_RANGE_UNSHARE works for a single-threaded process; first > last and unknown flags are EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <linux/close_range.h>

static int is_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) {
    // After execve: 10 and 20 were close-on-exec, 11 was not.
    printf("child: 10 %s, 11 %s, 20 %s\n", is_open(10) ? "open" : "closed", is_open(11) ? "open" : "closed",
           is_open(20) ? "open" : "closed");
    return 0;
  }
  int fds[] = {10, 11, 12, 13, 20, 30};
  for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++) CHECK_EQ(dup2(1, fds[i]), fds[i]);
  CHECK_OK(syscall(SYS_close_range, 11, 12, 0));
  CHECK(is_open(10) && !is_open(11) && !is_open(12) && is_open(13));
  CHECK_OK(syscall(SYS_close_range, 100, ~0U, 0));
  CHECK_OK(syscall(SYS_close_range, 13, 13, CLOSE_RANGE_UNSHARE));
  CHECK(!is_open(13) && is_open(20));
  CHECK_OK(syscall(SYS_close_range, 25, ~0U, 0));
  CHECK(!is_open(30) && is_open(20) && is_open(1));
  CHECK_ERR(syscall(SYS_close_range, 5, 4, 0), EINVAL);
  CHECK_ERR(syscall(SYS_close_range, 0, 1, 0x100), EINVAL);
  CHECK_ERR(syscall(SYS_close_range, 0, 1, 1), EINVAL);
  // CLOEXEC: 10..20 marked, nothing closed; 11 reopened after and stays.
  CHECK_OK(syscall(SYS_close_range, 10, 20, CLOSE_RANGE_CLOEXEC));
  CHECK_EQ(dup2(1, 11), 11);
  CHECK(fcntl(10, F_GETFD) == FD_CLOEXEC && fcntl(20, F_GETFD) == FD_CLOEXEC && fcntl(11, F_GETFD) == 0);
  CHECK(fcntl(1, F_GETFD) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    char *av[] = {argv[0], "child", NULL};
    execv("/proc/self/exe", av);
    _exit(127);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  DONE();
}
