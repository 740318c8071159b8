// read_proc_self_environ: /proc/self/environ is the environment execve passed, NUL-separated; setenv in the process does not change it.
#include "../common.h"
#include "proc.h"

int main(int argc, char **argv, char **envp) {
  (void)argc;
  (void)argv;
  static char want[65536];
  long w = 0;
  for (char **e = envp; *e; e++) {
    size_t l = strlen(*e) + 1;
    if (w + l > sizeof want) break;
    memcpy(want + w, *e, l);
    w += l;
  }
  setenv("HUSK_PROC_TEST_NEW", "1", 1);
  static char buf[65536];
  long n = slurp("/proc/self/environ", buf, sizeof buf);
  CHECK_EQ(n, w);
  CHECK(n == w && memcmp(buf, want, n) == 0);
  CHECK(memmem(buf, n, "HUSK_PROC_TEST_NEW", 18) == NULL);
  DONE();
}
