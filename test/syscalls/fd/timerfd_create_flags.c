// timerfd_create_flags: CLOCK_REALTIME, MONOTONIC and BOOTTIME are accepted, other clocks and unknown flags are EINVAL; TFD_CLOEXEC sets FD_CLOEXEC and TFD_NONBLOCK O_NONBLOCK; the alarm clocks need CAP_WAKE_ALARM (EPERM without it); a new timer is disarmed, reads nothing (EAGAIN) and short reads are EINVAL; timerfd_settime on a non-timerfd is EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <sys/timerfd.h>
#include <time.h>

int main(void) {
  int fds[3];
  clockid_t clocks[3] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME};
  for (int i = 0; i < 3; i++) {
    fds[i] = timerfd_create(clocks[i], 0);
    CHECK(fds[i] >= 0);
  }
  CHECK_EQ(fcntl(fds[0], F_GETFD), 0);
  CHECK_EQ(fcntl(fds[0], F_GETFL) & O_NONBLOCK, 0);
  CHECK_ERR(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
  CHECK_ERR(timerfd_create(CLOCK_MONOTONIC_RAW, 0), EINVAL);
  CHECK_ERR(timerfd_create(CLOCK_REALTIME_COARSE, 0), EINVAL);
  CHECK_ERR(timerfd_create(99, 0), EINVAL);
  CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 0x10), EINVAL);

  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
  struct itimerspec cur;
  memset(&cur, 0x55, sizeof cur);
  CHECK_OK(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
  CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 0);
  uint64_t n;
  CHECK_ERR(read(fd, &n, 8), EAGAIN);
  CHECK_ERR(read(fd, &n, 4), EINVAL);
  CHECK_ERR(write(fd, &n, 8), EINVAL);
  CHECK_ERR(timerfd_gettime(fds[1], bad_ptr()), EFAULT);

  // Not a timerfd / not an fd.
  int p[2];
  CHECK_OK(pipe(p));
  struct itimerspec its = {{0, 0}, {1, 0}};
  CHECK_ERR(timerfd_settime(p[0], 0, &its, NULL), EINVAL);
  CHECK_ERR(timerfd_gettime(p[0], &cur), EINVAL);
  CHECK_ERR(timerfd_settime(1000, 0, &its, NULL), EBADF);
  CHECK_ERR(timerfd_settime(fd, 0x8, &its, NULL), EINVAL);
  its.it_value.tv_nsec = 1000000000;
  CHECK_ERR(timerfd_settime(fd, 0, &its, NULL), EINVAL);
  its.it_value.tv_nsec = -1;
  CHECK_ERR(timerfd_settime(fd, 0, &its, NULL), EINVAL);
  CHECK_ERR(timerfd_settime(fd, 0, bad_ptr(), NULL), EFAULT);
  // CANCEL_ON_SET alone is accepted (it matters only for absolute realtime timers).
  its.it_value.tv_nsec = 0;
  its.it_value.tv_sec = 100;
  CHECK_OK(timerfd_settime(fd, TFD_TIMER_CANCEL_ON_SET, &its, NULL));

  // Without CAP_WAKE_ALARM the alarm clocks are EPERM.
  pid_t pid = fork();
  if (pid == 0) {
    if (geteuid() == 0 && setresuid(65534, 65534, 65534) != 0)
      _exit(2);
    int r1 = timerfd_create(CLOCK_REALTIME_ALARM, 0);
    int e1 = errno;
    int r2 = timerfd_create(CLOCK_BOOTTIME_ALARM, 0);
    int e2 = errno;
    _exit(r1 == -1 && e1 == EPERM && r2 == -1 && e2 == EPERM ? 0 : 1);
  }
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  DONE();
}
