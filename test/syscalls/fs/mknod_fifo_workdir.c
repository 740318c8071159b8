// mknod_fifo_workdir: mkfifo in the (host-backed) working directory makes a FIFO with the mode asked less the umask; its open waits for the peer and data passes between a writer and a reader process; a nonblocking writer with no reader is ENXIO; socket and device nodes are left out (husk's gofer makes only FIFOs).
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  umask(022);
  CHECK_OK(mkfifo("p", 0666));
  struct stat st;
  CHECK_OK(stat("p", &st));
  CHECK(S_ISFIFO(st.st_mode));
  CHECK_EQ(st.st_mode & 07777, 0644);
  CHECK_ERR(mkfifo("p", 0600), EEXIST);
  CHECK_ERR(open("p", O_WRONLY | O_NONBLOCK), ENXIO);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("p", O_WRONLY);
    _exit(fd < 0 || write(fd, "hello", 5) != 5);
  }
  int r = open("p", O_RDONLY);
  CHECK(r >= 0);
  char buf[16];
  int n = 0, k;
  while ((k = read(r, buf + n, sizeof buf - n)) > 0)
    n += k;
  CHECK_EQ(n, 5);
  CHECK(memcmp(buf, "hello", 5) == 0);
  CHECK_OK(fstat(r, &st));
  CHECK(S_ISFIFO(st.st_mode));
  close(r);
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_OK(mknodat(AT_FDCWD, "r", S_IFREG | 0600, 0));
  CHECK_OK(stat("r", &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK_OK(unlink("p"));
  CHECK_OK(unlink("r"));
  DONE();
}
