// access_perm_nonroot: for a user without capabilities the mode bits decide: owner, group (supplementary groups included) and other classes, a directory without x cannot be searched (EACCES on names under it), access and faccessat2(AT_EACCESS) answer by the bits, open for writing a read-only file is EACCES, creating in a directory without w is EACCES, and exec of a file without x is EACCES; root passes all but exec of a file with no x bit.
#include "../common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

int main(void) {
  CHECK_OK(chmod(".", 0755));
  CHECK_OK(mkdir("d", 0755));
  CHECK_OK(close(open("d/own", O_CREAT | O_WRONLY, 0600)));
  CHECK_OK(chown("d/own", 54321, 0));
  CHECK_OK(chmod("d/own", 0400));
  CHECK_OK(close(open("d/grp", O_CREAT | O_WRONLY, 0600)));
  CHECK_OK(chown("d/grp", 0, 54400));
  CHECK_OK(chmod("d/grp", 0060));
  CHECK_OK(close(open("d/oth", O_CREAT | O_WRONLY, 0600)));
  CHECK_OK(chmod("d/oth", 0604));
  CHECK_OK(mkdir("d/nox", 0755));
  CHECK_OK(close(open("d/nox/f", O_CREAT | O_WRONLY, 0644)));
  CHECK_OK(chmod("d/nox", 0644));
  CHECK_OK(mkdir("d/ro", 0755));
  CHECK_OK(close(open("d/script", O_CREAT | O_WRONLY, 0644)));
  // Root: everything but exec without any x bit.
  CHECK_OK(access("d/own", R_OK | W_OK));
  CHECK_ERR(access("d/oth", X_OK), EACCES);
  CHECK_OK(access("d/nox/f", R_OK));
  pid_t pid = fork();
  if (pid == 0) {
    gid_t g = 54400;
    if (setgroups(1, &g) || setresgid(54321, 54321, 54321) || setresuid(54321, 54321, 54321))
      _exit(100);
    int bad = 0, fd;
    bad |= (access("d/own", R_OK) != 0) << 0;
    errno = 0;
    bad |= (access("d/own", W_OK) != -1 || errno != EACCES) << 1;
    bad |= (access("d/grp", R_OK | W_OK) != 0) << 2;
    bad |= (syscall(SYS_faccessat2, AT_FDCWD, "d/grp", R_OK | W_OK, AT_EACCESS) != 0) << 3;
    bad |= (access("d/oth", R_OK) != 0) << 4;
    errno = 0;
    bad |= (access("d/oth", W_OK) != -1 || errno != EACCES) << 5;
    errno = 0;
    bad |= (open("d/oth", O_WRONLY) != -1 || errno != EACCES) << 6;
    fd = open("d/oth", O_RDONLY);
    bad |= (fd < 0) << 7;
    close(fd);
    errno = 0;
    bad |= (open("d/nox/f", O_RDONLY) != -1 || errno != EACCES) << 8;
    errno = 0;
    bad |= (access("d/nox/f", F_OK) != -1 || errno != EACCES) << 9;
    errno = 0;
    bad |= (open("d/ro/new", O_CREAT | O_WRONLY, 0644) != -1 || errno != EACCES) << 10;
    errno = 0;
    bad |= (mkdir("d/ro/new", 0755) != -1 || errno != EACCES) << 11;
    errno = 0;
    char *argv[] = {"script", NULL};
    execve("d/script", argv, argv + 1);
    bad |= (errno != EACCES) << 12;
    errno = 0;
    bad |= (chmod("d/oth", 0777) != -1 || errno != EPERM) << 13;
    bad |= (chmod("d/own", 0600) != 0) << 14;
    _exit(bad);
  }
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  CHECK_OK(chmod("d/nox", 0755));
  DONE();
}
