// setxattr_tmpfs: extended attributes on tmpfs: user.* and trusted.* values set, read (size 0 asks the length; too small is ERANGE), listed and removed, through paths, l* and f* variants; XATTR_CREATE on an existing name is EEXIST, XATTR_REPLACE on a missing one ENODATA; an unknown namespace is EOPNOTSUPP, an empty name ERANGE, a value over 64 KiB E2BIG, bad flags EINVAL; user.* on a symlink is EPERM; without CAP_SYS_ADMIN trusted.* is EPERM to set, ENODATA to read and missing from the list, and user.* needs write permission.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/xattr.h>

int main(void) {
  char dir[] = "/dev/shm/husk-xattr-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chmod(dir, 0755));
  CHECK_OK(chdir(dir));
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  CHECK(fd >= 0);
  CHECK_OK(setxattr("f", "user.a", "hello", 5, 0));
  char buf[256];
  CHECK_EQ(getxattr("f", "user.a", NULL, 0), 5);
  CHECK_EQ(getxattr("f", "user.a", buf, sizeof buf), 5);
  CHECK(memcmp(buf, "hello", 5) == 0);
  CHECK_ERR(getxattr("f", "user.a", buf, 3), ERANGE);
  CHECK_ERR(setxattr("f", "user.a", "x", 1, XATTR_CREATE), EEXIST);
  CHECK_OK(setxattr("f", "user.a", "bye", 3, XATTR_REPLACE));
  CHECK_EQ(fgetxattr(fd, "user.a", buf, sizeof buf), 3);
  CHECK(memcmp(buf, "bye", 3) == 0);
  CHECK_ERR(setxattr("f", "user.b", "x", 1, XATTR_REPLACE), ENODATA);
  CHECK_ERR(getxattr("f", "user.b", buf, sizeof buf), ENODATA);
  CHECK_OK(fsetxattr(fd, "user.b", "", 0, XATTR_CREATE));
  CHECK_EQ(getxattr("f", "user.b", buf, sizeof buf), 0);
  CHECK_OK(setxattr("f", "trusted.t", "tt", 2, 0));
  CHECK_ERR(setxattr("f", "bogus.a", "x", 1, 0), EOPNOTSUPP);
  CHECK_ERR(setxattr("f", "", "x", 1, 0), ERANGE);
  CHECK_ERR(setxattr("f", "user.a", "x", 1, 4), EINVAL);
  static char big[65537];
  CHECK_ERR(setxattr("f", "user.big", big, sizeof big, 0), E2BIG);
  char name[300];
  memset(name, 'n', sizeof name);
  memcpy(name, "user.", 5);
  name[299] = 0;
  CHECK_ERR(setxattr("f", name, "x", 1, 0), ERANGE);
  CHECK_ERR(getxattr("f", name, buf, sizeof buf), ERANGE);
  ssize_t n = listxattr("f", NULL, 0);
  CHECK_EQ(n, 7 + 7 + 10);
  CHECK_EQ(listxattr("f", buf, sizeof buf), n);
  // Order is the filesystem's: count the names instead.
  int seen = 0;
  for (char *p = buf; p < buf + n; p += strlen(p) + 1)
    seen += !strcmp(p, "user.a") + !strcmp(p, "user.b") * 2 + !strcmp(p, "trusted.t") * 4;
  CHECK_EQ(seen, 7);
  CHECK_ERR(listxattr("f", buf, 5), ERANGE);
  CHECK_EQ(flistxattr(fd, buf, sizeof buf), n);
  CHECK_ERR(getxattr("missing", "user.a", buf, sizeof buf), ENOENT);

  CHECK_OK(symlink("f", "l"));
  CHECK_EQ(lgetxattr("l", "user.a", buf, sizeof buf), -1);
  CHECK_EQ(errno, ENODATA);
  CHECK_ERR(lsetxattr("l", "user.a", "x", 1, 0), EPERM);
  CHECK_EQ(getxattr("l", "user.a", buf, sizeof buf), 3);
  CHECK_EQ(llistxattr("l", buf, sizeof buf), 0);

  CHECK_OK(mkdir("d", 0755));
  CHECK_OK(setxattr("d", "user.dir", "1", 1, 0));
  CHECK_EQ(getxattr("d", "user.dir", buf, sizeof buf), 1);

  pid_t pid = fork();
  if (pid == 0) {
    if (setgroups(0, NULL) || setresgid(54321, 54321, 54321) || setresuid(54321, 54321, 54321))
      _exit(10);
    int bad = 0;
    errno = 0;
    bad |= (setxattr("f", "trusted.u", "x", 1, 0) != -1 || errno != EPERM) << 0;
    errno = 0;
    bad |= (getxattr("f", "trusted.t", buf, sizeof buf) != -1 || errno != ENODATA) << 1;
    bad |= (listxattr("f", buf, sizeof buf) != 14) << 2;
    errno = 0;
    bad |= (setxattr("f", "user.a", "x", 1, 0) != -1 || errno != EACCES) << 3;
    bad |= (getxattr("f", "user.a", buf, sizeof buf) != 3) << 4;
    errno = 0;
    bad |= (removexattr("f", "user.a") != -1 || errno != EACCES) << 5;
    _exit(bad);
  }
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);

  CHECK_OK(removexattr("f", "user.a"));
  CHECK_ERR(removexattr("f", "user.a"), ENODATA);
  CHECK_OK(fremovexattr(fd, "user.b"));
  CHECK_OK(lremovexattr("f", "trusted.t"));
  CHECK_EQ(listxattr("f", buf, sizeof buf), 0);
  close(fd);
  CHECK_OK(unlink("l"));
  CHECK_OK(unlink("f"));
  CHECK_OK(rmdir("d"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
