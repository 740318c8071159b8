// openat_perm_nonroot: for a user without capabilities open checks the mode bits: reading a write-only file and writing (or truncating) a read-only one are EACCES, O_CREAT of a new name in a directory without write permission is EACCES while an existing file opens, a directory without r cannot be opened for listing; root opens them all.
#include "../common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(chmod(".", 0755));
  CHECK_OK(mkdir("d", 0755));
  CHECK_OK(close(open("d/wo", O_CREAT | O_WRONLY, 0600)));
  CHECK_OK(chmod("d/wo", 0602));
  CHECK_OK(close(open("d/ro", O_CREAT | O_WRONLY, 0600)));
  CHECK_OK(chmod("d/ro", 0604));
  CHECK_OK(mkdir("d/nor", 0711));
  int fd = open("d/wo", O_RDONLY);
  CHECK(fd >= 0);
  close(fd);
  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) || setresgid(54321, 54321, 54321) || setresuid(54321, 54321, 54321))
      _exit(100);
    int bad = 0, f;
    errno = 0;
    bad |= (open("d/wo", O_RDONLY) != -1 || errno != EACCES) << 0;
    f = open("d/wo", O_WRONLY);
    bad |= (f < 0) << 1;
    close(f);
    errno = 0;
    bad |= (open("d/ro", O_RDWR) != -1 || errno != EACCES) << 2;
    errno = 0;
    bad |= (open("d/ro", O_RDONLY | O_TRUNC) != -1 || errno != EACCES) << 3;
    errno = 0;
    bad |= (open("d/new", O_CREAT | O_WRONLY, 0644) != -1 || errno != EACCES) << 4;
    f = open("d/ro", O_CREAT | O_RDONLY, 0644);
    bad |= (f < 0) << 5;
    close(f);
    errno = 0;
    bad |= (open("d/nor", O_RDONLY | O_DIRECTORY) != -1 || errno != EACCES) << 6;
    f = open("d/nor", O_PATH);
    bad |= (f < 0) << 7;
    close(f);
    _exit(bad);
  }
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  DONE();
}
