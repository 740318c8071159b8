// fork_cow_syscall_write: after fork, the kernel writing into a shared copy-on-write page for one process (read() into a buffer, a clock_gettime result, a futex word) does not change the other's copy.
#include "../common.h"
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>

static char buf[4096] = "before";
static struct timespec ts;
static atomic_int word = 5;

int main(void) {
  int p2c[2], c2p[2];
  CHECK_OK(pipe(p2c));
  CHECK_OK(pipe(c2p));
  pid_t pid = fork();
  if (pid == 0) {
    char x;
    if (read(p2c[0], buf, 5) != 5) _exit(1);  // the kernel writes the child's copy
    clock_gettime(CLOCK_MONOTONIC, &ts);
    atomic_store(&word, 6);
    syscall(SYS_futex, &word, FUTEX_WAKE, 1, NULL, NULL, 0);
    if (write(c2p[1], "d", 1) != 1 || read(p2c[0], &x, 1) != 1) _exit(2);
    _exit(strcmp(buf, "childe") == 0 ? 0 : 3);
  }
  CHECK_EQ(write(p2c[1], "child", 5), 5);
  char x;
  CHECK_EQ(read(c2p[0], &x, 1), 1);
  CHECK(strcmp(buf, "before") == 0);
  CHECK_EQ(ts.tv_sec + ts.tv_nsec, 0);
  CHECK_EQ(atomic_load(&word), 5);
  CHECK_EQ(write(p2c[1], "x", 1), 1);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 0);
  CHECK_EQ(read(p2c[0], buf, 0), 0);
  DONE();
}
