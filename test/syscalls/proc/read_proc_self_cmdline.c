// read_proc_self_cmdline: /proc/self/cmdline is argv, NUL-separated (empty arguments included), after an execve of /proc/self/exe with new arguments.
#include "../common.h"
#include "proc.h"

int main(int argc, char **argv) {
  if (argc == 1) {
    // Run again with arguments, through the magic link.
    char *args[] = {argv[0], "one", "two words", "", "last", NULL};
    fflush(stdout);
    execv("/proc/self/exe", args);
    printf("FAIL: execv /proc/self/exe (errno %s)\n", errname(errno));
    return 1;
  }
  char buf[4096];
  long n = slurp("/proc/self/cmdline", buf, sizeof buf);
  long want = 0;
  for (int i = 0; i < argc; i++) want += strlen(argv[i]) + 1;
  CHECK_EQ(n, want);
  long off = 0;
  int same = 1;
  for (int i = 0; i < argc; i++) {
    same = same && strcmp(buf + off, argv[i]) == 0;
    off += strlen(argv[i]) + 1;
  }
  CHECK(same);
  CHECK_EQ(argc, 5);
  CHECK(strcmp(argv[4], "last") == 0);
  // Another process reads the same through /proc/<pid>/cmdline.
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/cmdline", getpid());
  char buf2[4096];
  CHECK_EQ(slurp(path, buf2, sizeof buf2), n);
  CHECK(memcmp(buf, buf2, n) == 0);
  DONE();
}
