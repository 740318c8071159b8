// signalfd_epoll: a signalfd is readable in poll and epoll exactly while a signal of its mask is pending; a blocking read waits for a signal sent by another process; SIGCHLD read from a signalfd carries the child's pid, CLD_EXITED and its exit status.
#include "../common.h"
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGCHLD);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  int fd = signalfd(-1, &set, 0);
  CHECK(fd >= 0);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 5};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
  struct epoll_event out;
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  struct pollfd pfd = {fd, POLLIN, 0};
  CHECK_EQ(poll(&pfd, 1, 0), 0);

  // A child signals us after a moment; epoll wakes.
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    usleep(50000);
    kill(parent, SIGUSR1);
    _exit(7);
  }
  CHECK_EQ(epoll_wait(ep, &out, 1, 5000), 1);
  CHECK_EQ(out.data.u32, 5);
  CHECK_EQ(out.events, EPOLLIN);
  CHECK_EQ(poll(&pfd, 1, 0), 1);
  CHECK_EQ(pfd.revents, POLLIN);
  struct signalfd_siginfo si;
  CHECK_EQ(read(fd, &si, sizeof si), (long)sizeof si);
  if (si.ssi_signo == SIGCHLD) {
    // The child exited before we looked: SIGUSR1 is lower and comes first,
    // so this cannot happen.
    printf("FAIL: SIGCHLD before SIGUSR1\n");
    return 1;
  }
  CHECK_EQ(si.ssi_signo, SIGUSR1);
  CHECK_EQ(si.ssi_pid, (uint32_t)pid);
  // A blocking read waits for SIGCHLD.
  CHECK_EQ(read(fd, &si, sizeof si), (long)sizeof si);
  CHECK_EQ(si.ssi_signo, SIGCHLD);
  CHECK_EQ(si.ssi_code, CLD_EXITED);
  CHECK_EQ(si.ssi_pid, (uint32_t)pid);
  CHECK_EQ(si.ssi_status, 7);
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  DONE();
}
