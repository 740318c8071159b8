// stat_kinds: stat and lstat report the file type of directories, files and symlinks.
#include "../common.h"
#include <sys/stat.h>

int main(void) {
  struct stat st;
  CHECK_OK(syscall(SYS_stat, "/", &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_OK(syscall(SYS_stat, "/etc", &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_OK(syscall(SYS_stat, "/usr/include/stdio.h", &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK(st.st_size > 0);
  CHECK_EQ(st.st_uid, 0);
  CHECK_OK(syscall(SYS_lstat, "/bin", &st));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_OK(syscall(SYS_stat, "/bin", &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_ERR(syscall(SYS_stat, "/etc/husk-missing", &st), ENOENT);
  CHECK_ERR(syscall(SYS_lstat, "/etc/passwd/", &st), ENOTDIR);
  DONE();
}
