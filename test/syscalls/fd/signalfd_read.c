// signalfd_read: blocked signals in the mask are read from a signalfd as 128-byte signalfd_siginfo records (signo, code, pid, uid, sigqueue's value), several per read, lowest signal first, real-time signals queued; a buffer under 128 bytes is EINVAL, none pending with SFD_NONBLOCK is EAGAIN; signalfd on an existing signalfd replaces its mask; bad flags, a sizemask other than 8 and a non-signalfd fd are EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/signalfd.h>

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  sigaddset(&set, SIGRTMIN);
  CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
  sigset_t only1;
  sigemptyset(&only1);
  sigaddset(&only1, SIGUSR1);
  int fd = signalfd(-1, &only1, SFD_NONBLOCK | SFD_CLOEXEC);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
  struct signalfd_siginfo si[4];
  CHECK_ERR(read(fd, si, sizeof si), EAGAIN);
  CHECK_OK(kill(getpid(), SIGUSR1));
  CHECK_OK(kill(getpid(), SIGUSR2));
  CHECK_ERR(read(fd, si, 100), EINVAL);
  CHECK_EQ(read(fd, si, sizeof si), (long)sizeof si[0]);
  CHECK_EQ(si[0].ssi_signo, SIGUSR1);
  CHECK_EQ(si[0].ssi_code, SI_USER);
  CHECK_EQ(si[0].ssi_pid, (uint32_t)getpid());
  CHECK_EQ(si[0].ssi_uid, getuid());
  // SIGUSR2 is not in the mask: still pending, not read.
  CHECK_ERR(read(fd, si, sizeof si), EAGAIN);
  sigset_t pend;
  CHECK_OK(sigpending(&pend));
  CHECK(sigismember(&pend, SIGUSR2) && !sigismember(&pend, SIGUSR1));

  // A new mask for the same fd.
  CHECK_EQ(signalfd(fd, &set, 0), fd);
  union sigval v1 = {.sival_int = 41}, v2 = {.sival_int = 42};
  CHECK_OK(sigqueue(getpid(), SIGRTMIN, v1));
  CHECK_OK(sigqueue(getpid(), SIGRTMIN, v2));
  CHECK_OK(kill(getpid(), SIGUSR1));
  memset(si, 0, sizeof si);
  CHECK_EQ(read(fd, si, sizeof si), 4 * (long)sizeof si[0]);
  CHECK_EQ(si[0].ssi_signo, SIGUSR1);
  CHECK_EQ(si[1].ssi_signo, SIGUSR2);
  CHECK_EQ(si[2].ssi_signo, SIGRTMIN);
  CHECK_EQ(si[2].ssi_code, SI_QUEUE);
  CHECK_EQ(si[2].ssi_int, 41);
  CHECK_EQ(si[3].ssi_signo, SIGRTMIN);
  CHECK_EQ(si[3].ssi_int, 42);
  CHECK_ERR(read(fd, si, sizeof si), EAGAIN);
  CHECK_OK(sigpending(&pend));
  CHECK(!sigismember(&pend, SIGUSR2) && !sigismember(&pend, SIGRTMIN));

  // tgkill's code.
  CHECK_OK(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2));
  CHECK_EQ(read(fd, si, sizeof si), (long)sizeof si[0]);
  CHECK_EQ(si[0].ssi_signo, SIGUSR2);
  CHECK_EQ(si[0].ssi_code, SI_TKILL);

  // Errors.
  CHECK_ERR(syscall(SYS_signalfd4, -1, &set, 8, 0x1), EINVAL);
  CHECK_ERR(syscall(SYS_signalfd4, -1, &set, 4, 0), EINVAL);
  CHECK_ERR(syscall(SYS_signalfd4, -1, bad_ptr(), 8, 0), EFAULT);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_ERR(signalfd(p[0], &set, 0), EINVAL);
  CHECK_ERR(signalfd(1000, &set, 0), EBADF);
  CHECK_ERR(write(fd, si, sizeof si[0]), EINVAL);
  DONE();
}
