// newfstatat_symlink_nofollow: AT_SYMLINK_NOFOLLOW stats the link itself; without it, the target.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  struct stat st;
  CHECK_OK(fstatat(AT_FDCWD, "/etc/os-release", &st, AT_SYMLINK_NOFOLLOW));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_EQ(st.st_size, strlen("../usr/lib/os-release"));
  CHECK_OK(fstatat(AT_FDCWD, "/etc/os-release", &st, 0));
  CHECK(S_ISREG(st.st_mode));
  CHECK_OK(fstatat(AT_FDCWD, "/bin/sh", &st, AT_SYMLINK_NOFOLLOW));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_OK(fstatat(AT_FDCWD, "/bin/sh", &st, 0));
  CHECK(S_ISREG(st.st_mode));
  CHECK((st.st_mode & 0111) != 0);
  DONE();
}
