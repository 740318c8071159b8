// chmod_nonowner: only the owner (or CAP_FOWNER) may chmod a file or set its times explicitly: another user gets EPERM, the owner may; root may chmod anyone's file.
#include "../common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(chmod(".", 0755));
  CHECK_OK(close(open("rootf", O_CREAT | O_WRONLY, 0666)));
  CHECK_OK(chmod("rootf", 0666));
  CHECK_OK(close(open("userf", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(chown("userf", 54321, 54321));
  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) || setresgid(54321, 54321, 54321) || setresuid(54321, 54321, 54321))
      _exit(100);
    int bad = 0;
    errno = 0;
    bad |= (chmod("rootf", 0600) != -1 || errno != EPERM) << 0;
    int fd = open("rootf", O_RDWR);
    errno = 0;
    bad |= (fchmod(fd, 0600) != -1 || errno != EPERM) << 1;
    struct timespec ts[2] = {{1, 0}, {1, 0}};
    errno = 0;
    bad |= (utimensat(AT_FDCWD, "rootf", ts, 0) != -1 || errno != EPERM) << 2;
    bad |= (utimensat(AT_FDCWD, "rootf", NULL, 0) != 0) << 3; // write permission suffices for "now"
    close(fd);
    bad |= (chmod("userf", 0600) != 0) << 4;
    bad |= (utimensat(AT_FDCWD, "userf", ts, 0) != 0) << 5;
    _exit(bad);
  }
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  struct stat st;
  CHECK_OK(stat("userf", &st));
  CHECK_EQ(st.st_mode & 07777, 0600);
  CHECK_OK(chmod("userf", 0640));
  CHECK_OK(stat("userf", &st));
  CHECK_EQ(st.st_mode & 07777, 0640);
  DONE();
}
