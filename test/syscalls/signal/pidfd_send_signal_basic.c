// pidfd_send_signal_basic: pidfd_send_signal delivers a signal to the process a pidfd names (SI_USER with the sender's pid, or the caller's siginfo for SI_QUEUE with its value); signal 0 checks only; a siginfo whose si_signo differs is EINVAL, unknown flags EINVAL, a non-pidfd fd EBADF, a reaped process ESRCH; pidfd_getfd copies a file descriptor out of another process (close-on-exec, same open file).
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/signalfd.h>

static int pidfd_open(pid_t pid, unsigned flags) { return syscall(SYS_pidfd_open, pid, flags); }
static int send_sig(int fd, int sig, siginfo_t *info, unsigned flags) {
  return syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGRTMIN);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  int sfd = signalfd(-1, &set, 0);
  CHECK(sfd >= 0);
  int self = pidfd_open(getpid(), 0);
  CHECK(self >= 0);
  CHECK_OK(send_sig(self, 0, NULL, 0));
  CHECK_OK(send_sig(self, SIGUSR1, NULL, 0));
  struct signalfd_siginfo s;
  CHECK_EQ(read(sfd, &s, sizeof s), (long)sizeof s);
  CHECK_EQ(s.ssi_signo, SIGUSR1);
  CHECK_EQ(s.ssi_code, SI_USER);
  CHECK_EQ(s.ssi_pid, (uint32_t)getpid());
  siginfo_t info;
  memset(&info, 0, sizeof info);
  info.si_signo = SIGRTMIN;
  info.si_code = SI_QUEUE;
  info.si_pid = getpid();
  info.si_uid = getuid();
  info.si_value.sival_int = 99;
  CHECK_OK(send_sig(self, SIGRTMIN, &info, 0));
  CHECK_EQ(read(sfd, &s, sizeof s), (long)sizeof s);
  CHECK_EQ(s.ssi_signo, SIGRTMIN);
  CHECK_EQ(s.ssi_code, SI_QUEUE);
  CHECK_EQ(s.ssi_int, 99);
  CHECK_ERR(send_sig(self, SIGUSR1, &info, 0), EINVAL);
  CHECK_ERR(send_sig(self, SIGUSR1, NULL, 0x80), EINVAL);
  CHECK_ERR(send_sig(self, 65, NULL, 0), EINVAL);
  CHECK_ERR(send_sig(self, SIGRTMIN, bad_ptr(), 0), EFAULT);
  CHECK_ERR(send_sig(1, SIGUSR1, NULL, 0), EBADF);

  // A child killed through its pidfd; pidfd_getfd takes one of its fds.
  int p[2];
  CHECK_OK(pipe(p));
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    write(p[1], "r", 1);
    for (;;)
      pause();
  }
  char c;
  CHECK_EQ(read(p[0], &c, 1), 1);
  int pfd = pidfd_open(pid, 0);
  CHECK(pfd >= 0);
  int got = syscall(SYS_pidfd_getfd, pfd, p[1], 0);
  CHECK(got >= 0);
  CHECK_EQ(fcntl(got, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(write(got, "g", 1), 1);
  CHECK_EQ(read(p[0], &c, 1), 1);
  CHECK_EQ(c, 'g');
  CHECK_ERR(syscall(SYS_pidfd_getfd, pfd, 999, 0), EBADF);
  CHECK_ERR(syscall(SYS_pidfd_getfd, pfd, p[1], 1), EINVAL);
  CHECK_OK(send_sig(pfd, SIGTERM, NULL, 0));
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
  CHECK_ERR(send_sig(pfd, SIGTERM, NULL, 0), ESRCH);
  DONE();
}
