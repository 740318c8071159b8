// readlink_proc_self_exe: /proc/self/exe names the running program by its absolute path, opens to the program's ELF file, and stat through it is the program's file.
#include "../common.h"
#include "proc.h"
#include <limits.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  (void)argc;
  char want[PATH_MAX], got[PATH_MAX];
  CHECK(realpath(argv[0], want) != NULL);
  ssize_t n = readlink("/proc/self/exe", got, sizeof got - 1);
  CHECK(n > 0);
  got[n > 0 ? n : 0] = 0;
  CHECK(strcmp(got, want) == 0);
  CHECK(got[0] == '/');
  int fd = open("/proc/self/exe", O_RDONLY);
  CHECK(fd >= 0);
  char magic[4] = {0};
  CHECK_EQ(read(fd, magic, 4), 4);
  CHECK(memcmp(magic, "\x7f" "ELF", 4) == 0);
  struct stat a, b;
  CHECK_OK(fstat(fd, &a));
  CHECK_OK(stat(want, &b));
  CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
  CHECK(S_ISREG(a.st_mode));
  struct stat l;
  CHECK_OK(lstat("/proc/self/exe", &l));
  CHECK(S_ISLNK(l.st_mode));
  // A short buffer truncates without a NUL, as readlink always does.
  char small[4];
  CHECK_EQ(readlink("/proc/self/exe", small, sizeof small), 4);
  CHECK(memcmp(small, want, 4) == 0);
  close(fd);
  DONE();
}
