// mknod_fifo_eintr: an open of a FIFO waiting for its peer is interrupted by a signal whose handler has no SA_RESTART (EINTR), and with SA_RESTART it goes on waiting until a peer comes.
// husk-tmpfs: /dev/shm
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>

static volatile int hits;
static void on_alarm(int sig) { (void)sig; hits++; }

int main(void) {
  char dir[] = "/dev/shm/husk-fifointr-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CHECK_OK(chdir(dir));
  CHECK_OK(mkfifo("p", 0600));
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  CHECK_OK(sigaction(SIGALRM, &sa, NULL));
  struct itimerval it = {.it_value = {0, 50000}};
  CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
  CHECK_ERR(open("p", O_RDONLY), EINTR);
  CHECK_EQ(hits, 1);

  sa.sa_flags = SA_RESTART;
  CHECK_OK(sigaction(SIGALRM, &sa, NULL));
  pid_t pid = fork();
  if (pid == 0) {
    usleep(200000);
    int fd = open("p", O_WRONLY);
    _exit(fd < 0 || write(fd, "z", 1) != 1);
  }
  CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
  int fd = open("p", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(hits, 2);
  char c;
  CHECK_EQ(read(fd, &c, 1), 1);
  CHECK(c == 'z');
  close(fd);
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_OK(unlink("p"));
  CHECK_OK(chdir("/"));
  CHECK_OK(rmdir(dir));
  DONE();
}
