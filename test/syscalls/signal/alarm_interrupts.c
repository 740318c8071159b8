// alarm_interrupts: SIGALRM from alarm()/setitimer() runs its handler and interrupts pause() (EINTR), nanosleep() (EINTR, time left written) and a pipe read without SA_RESTART (EINTR); with SA_RESTART the read is restarted and returns the data written later; getitimer reports the interval; alarm returns the seconds left of the previous alarm.
#include "../common.h"
#include <signal.h>
#include <sys/time.h>
#include <time.h>

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void set_handler(int flags) {
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sa.sa_flags = flags;
  sigaction(SIGALRM, &sa, NULL);
}

static void arm_ms(long ms) {
  struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
  setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
  set_handler(0);
  CHECK_EQ(alarm(5), 0);
  CHECK_EQ(alarm(0), 5);
  arm_ms(50);
  CHECK_ERR(pause(), EINTR);
  CHECK_EQ(alarms, 1);
  arm_ms(50);
  struct timespec req = {5, 0}, rem = {0, 0};
  CHECK_ERR(nanosleep(&req, &rem), EINTR);
  CHECK(rem.tv_sec >= 3 && rem.tv_sec <= 5);
  CHECK_EQ(alarms, 2);
  int p[2];
  CHECK_OK(pipe(p));
  char c;
  arm_ms(50);
  CHECK_ERR(read(p[0], &c, 1), EINTR);
  CHECK_EQ(alarms, 3);
  set_handler(SA_RESTART);
  pid_t child = fork();
  if (child == 0) {
    struct timespec d = {0, 300 * 1000 * 1000};
    nanosleep(&d, NULL);
    write(p[1], "x", 1);
    _exit(0);
  }
  arm_ms(50);
  CHECK_EQ(read(p[0], &c, 1), 1);
  CHECK(c == 'x');
  CHECK_EQ(alarms, 4);
  struct itimerval it = {{0, 250000}, {10, 0}}, got;
  CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
  CHECK_OK(getitimer(ITIMER_REAL, &got));
  CHECK_EQ(got.it_interval.tv_usec, 250000);
  CHECK(got.it_value.tv_sec >= 9 && got.it_value.tv_sec <= 10);
  struct itimerval off = {{0, 0}, {0, 0}};
  CHECK_OK(setitimer(ITIMER_REAL, &off, NULL));
  CHECK_ERR(setitimer(99, &off, NULL), EINVAL);
  DONE();
}
