// pidfd_open_poll: pidfd_open of a child gives a close-on-exec fd that polls unreadable while the child runs, POLLIN once it has exited (also through epoll), POLLIN|POLLHUP once it is reaped; waitid(P_PIDFD) reaps it; a PIDFD_NONBLOCK pidfd makes waitid EAGAIN while the child runs; clone3 and clone with CLONE_PIDFD return a pidfd (clone's not with CLONE_PARENT_SETTID); bad pids and flags are EINVAL, a pid that does not exist ESRCH, a thread that is not a leader EINVAL or ENOENT (by kernel version); read is EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int pidfd_open(pid_t pid, unsigned flags) { return syscall(SYS_pidfd_open, pid, flags); }

static volatile int thread_tid;
static void *thread_main(void *arg) {
  (void)arg;
  thread_tid = gettid();
  pause();
  return NULL;
}

int main(void) {
  int sync[2];
  CHECK_OK(pipe(sync));
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    read(sync[0], &c, 1);
    _exit(3);
  }
  int pfd = pidfd_open(pid, 0);
  CHECK(pfd >= 0);
  CHECK_EQ(fcntl(pfd, F_GETFD), FD_CLOEXEC);
  struct pollfd p = {pfd, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 0), 0);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 9}, out;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, pfd, &ev));
  CHECK_EQ(epoll_wait(ep, &out, 1, 0), 0);
  char buf[8];
  CHECK_ERR(read(pfd, buf, 8), EINVAL);
  // Nonblocking pidfd: waitid does not wait.
  int nb = pidfd_open(pid, PIDFD_NONBLOCK);
  CHECK(nb >= 0);
  CHECK_EQ(fcntl(nb, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
  siginfo_t si;
  CHECK_ERR(waitid(P_PIDFD, nb, &si, WEXITED), EAGAIN);

  CHECK_EQ(write(sync[1], "x", 1), 1);
  CHECK_EQ(epoll_wait(ep, &out, 1, 5000), 1);
  CHECK_EQ(out.data.u32, 9);
  CHECK_EQ(out.events, EPOLLIN);
  CHECK_EQ(poll(&p, 1, 0), 1);
  CHECK_EQ(p.revents, POLLIN);
  // A zombie still has its pid.
  int z = pidfd_open(pid, 0);
  CHECK(z >= 0);
  memset(&si, 0, sizeof si);
  CHECK_OK(waitid(P_PIDFD, pfd, &si, WEXITED));
  CHECK_EQ(si.si_pid, pid);
  CHECK_EQ(si.si_code, CLD_EXITED);
  CHECK_EQ(si.si_status, 3);
  CHECK_EQ(poll(&p, 1, 0), 1);
  CHECK_EQ(p.revents, POLLIN | POLLHUP);
  CHECK_ERR(waitid(P_PIDFD, pfd, &si, WEXITED), ECHILD);
  CHECK_ERR(pidfd_open(pid, 0), ESRCH);
  CHECK_ERR(waitid(P_PIDFD, 0, &si, WEXITED), EBADF);

  // clone3 with CLONE_PIDFD.
  int cfd = -1;
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_PIDFD;
  ca.pidfd = (uint64_t)(uintptr_t)&cfd;
  ca.exit_signal = SIGCHLD;
  long c = syscall(SYS_clone3, &ca, sizeof ca);
  if (c == 0)
    _exit(5);
  CHECK(c > 0);
  CHECK(cfd >= 0);
  CHECK_EQ(fcntl(cfd, F_GETFD), FD_CLOEXEC);
  memset(&si, 0, sizeof si);
  CHECK_OK(waitid(P_PIDFD, cfd, &si, WEXITED));
  CHECK_EQ(si.si_pid, c);
  CHECK_EQ(si.si_status, 5);

  // clone with CLONE_PIDFD stores the pidfd where parent_tid points.
  int cfd2 = -1;
  long c2 = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &cfd2, 0, 0);
  if (c2 == 0)
    _exit(6);
  CHECK(c2 > 0);
  CHECK(cfd2 >= 0 && cfd2 != cfd);
  memset(&si, 0, sizeof si);
  CHECK_OK(waitid(P_PIDFD, cfd2, &si, WEXITED));
  CHECK_EQ(si.si_status, 6);
  CHECK_ERR(syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &cfd2, 0, 0), EINVAL);

  // Errors.
  CHECK_ERR(pidfd_open(0, 0), EINVAL);
  CHECK_ERR(pidfd_open(-1, 0), EINVAL);
  CHECK_ERR(pidfd_open(getpid(), 0x1), EINVAL);
  CHECK_ERR(pidfd_open(4000000, 0), ESRCH);
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, thread_main, NULL), 0);
  while (thread_tid == 0)
    usleep(1000);
  // Linux 5.3-6.8 say EINVAL, 6.9 on ENOENT (husk: ENOENT).
  CHECK(pidfd_open(thread_tid, 0) == -1 && (errno == EINVAL || errno == ENOENT));
  int self = pidfd_open(getpid(), 0);
  CHECK(self >= 0);
  CHECK_EQ(poll(&(struct pollfd){self, POLLIN, 0}, 1, 0), 0);
  DONE();
}
