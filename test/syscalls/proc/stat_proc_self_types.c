// stat_proc_self_types: /proc/self is a symlink to a directory owned by the caller; stat, cmdline and maps are regular files of size 0; fd and task are directories; exe, cwd and root are symlinks.
#include "../common.h"
#include "proc.h"
#include <sys/stat.h>

int main(void) {
  struct stat st;
  CHECK_OK(lstat("/proc/self", &st));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_OK(stat("/proc/self", &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_EQ(st.st_uid, geteuid());
  const char *regs[] = {"/proc/self/stat", "/proc/self/cmdline", "/proc/self/maps", "/proc/self/status", NULL};
  for (int i = 0; regs[i]; i++) {
    CHECK_OK(stat(regs[i], &st));
    CHECK(S_ISREG(st.st_mode) && st.st_size == 0);
  }
  CHECK_OK(stat("/proc/self/fd", &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_OK(stat("/proc/self/task", &st));
  CHECK(S_ISDIR(st.st_mode));
  const char *links[] = {"/proc/self/exe", "/proc/self/cwd", "/proc/self/root", NULL};
  for (int i = 0; links[i]; i++) {
    CHECK_OK(lstat(links[i], &st));
    CHECK(S_ISLNK(st.st_mode));
  }
  CHECK_OK(stat("/proc/self/cwd", &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_ERR(stat("/proc/self/nonexistent", &st), ENOENT);
  CHECK_ERR(stat("/proc/0", &st), ENOENT);
  DONE();
}
