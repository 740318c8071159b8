// execve_cloexec: execve closes close-on-exec descriptors and keeps the others, resets handled signals to their default but keeps ignored ones and the mask (checked by re-executing this program with an argument).
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

static void h(int sig) { (void)sig; }

int main(int argc, char **argv) {
  if (argc > 1) {
    /* After exec: fd 10 open, fd 11 closed, SIGUSR1 default, SIGUSR2 ignored, SIGTERM blocked. */
    struct sigaction a;
    sigaction(SIGUSR1, NULL, &a);
    int ok = a.sa_handler == SIG_DFL;
    sigaction(SIGUSR2, NULL, &a);
    ok = ok && a.sa_handler == SIG_IGN;
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    ok = ok && sigismember(&m, SIGTERM);
    ok = ok && fcntl(10, F_GETFD) == 0 && fcntl(11, F_GETFD) == -1 && errno == EBADF;
    return ok ? 0 : 1;
  }
  CHECK_EQ(dup2(1, 10), 10);
  CHECK_EQ(dup3(1, 11, O_CLOEXEC), 11);
  signal(SIGUSR1, h);
  signal(SIGUSR2, SIG_IGN);
  sigset_t m;
  sigemptyset(&m);
  sigaddset(&m, SIGTERM);
  CHECK_OK(sigprocmask(SIG_BLOCK, &m, NULL));
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    char *args[] = {argv[0], "child", NULL};
    execv("/proc/self/exe", args);
    execv(argv[0], args);
    _exit(99);
  }
  int status;
  CHECK_EQ(waitpid(c, &status, 0), c);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  DONE();
}
