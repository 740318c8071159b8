// read_proc_self_comm: /proc/self/comm is the program's name (15 bytes at most), follows PR_SET_NAME, and writing it renames the process as PR_GET_NAME shows.
#include "../common.h"
#include "proc.h"
#include <sys/prctl.h>

int main(int argc, char **argv) {
  (void)argc;
  char buf[64], want[32] = {0};
  const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
  strncpy(want, base, 15);
  strcat(want, "\n");
  CHECK(slurp("/proc/self/comm", buf, sizeof buf) > 0);
  CHECK(strcmp(buf, want) == 0);
  CHECK_OK(prctl(PR_SET_NAME, "renamed-by-prctl-long"));
  CHECK(slurp("/proc/self/comm", buf, sizeof buf) > 0);
  CHECK(strcmp(buf, "renamed-by-prct\n") == 0);
  int fd = open("/proc/self/comm", O_WRONLY);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "viaproc", 7), 7);
  close(fd);
  char name[16] = {0};
  CHECK_OK(prctl(PR_GET_NAME, name));
  CHECK(strcmp(name, "viaproc") == 0);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)gettid());
  CHECK(slurp(path, buf, sizeof buf) > 0);
  CHECK(strcmp(buf, "viaproc\n") == 0);
  DONE();
}
