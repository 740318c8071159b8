// getpriority_nice: the raw getpriority returns 20 - nice (glibc turns it back); setpriority clamps to [-20, 19], and only a caller with CAP_SYS_NICE may lower the nice value (EACCES otherwise); a forked child inherits it; a thread's nice value is its own (PRIO_PROCESS names a thread); PRIO_PGRP and PRIO_USER reach every process they name (tried in a child with a process group, and as root a uid, of its own: natively they would renice the whole machine); an unknown which is EINVAL and an unknown pid ESRCH.
#include "../common.h"
#include <grp.h>
#include <pthread.h>
#include <sys/resource.h>

static int thread_prio = -100;
static void *thread_fn(void *arg) {
  (void)arg;
  errno = 0;
  thread_prio = getpriority(PRIO_PROCESS, 0);
  return NULL;
}

static int child_sees(void) { return getpriority(PRIO_PROCESS, 0) + 20; }

/* PRIO_PGRP on a group of one. */
static int own_group(void) {
  if (setpgid(0, 0)) return 1;
  if (setpriority(PRIO_PGRP, 0, 3)) return 2;
  if (getpriority(PRIO_PROCESS, 0) != 3 || getpriority(PRIO_PGRP, 0) != 3) return 3;
  return 0;
}

/* PRIO_USER on a uid nobody else uses. */
static int own_user(void) {
  setgroups(0, NULL);
  if (setgid(54321) || setresuid(54321, 54321, 54321)) return 1;
  if (setpriority(PRIO_USER, 0, 6)) return 2;
  if (getpriority(PRIO_PROCESS, 0) != 6 || getpriority(PRIO_USER, 54321) != 6) return 3;
  return 0;
}

static int unprivileged(void) {
  setpriority(PRIO_PROCESS, 0, 10);
  if (setgroups(0, NULL) && errno != EPERM) return 1;
  if (setgid(65534) || setuid(65534)) return 2;
  if (setpriority(PRIO_PROCESS, 0, 5) != -1 || errno != EACCES) return 3;
  if (setpriority(PRIO_PROCESS, 0, 15) != 0) return 4;
  if (getpriority(PRIO_PROCESS, 0) != 15) return 5;
  return 0;
}

int main(void) {
  CHECK_OK(setpriority(PRIO_PROCESS, 0, 5)); /* the starting value is the caller's */
  CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 15);
  errno = 0;
  CHECK_EQ(getpriority(PRIO_PROCESS, 0), 5);
  CHECK_EQ(errno, 0);
  CHECK_OK(setpriority(PRIO_PROCESS, 0, 100));
  CHECK_EQ(getpriority(PRIO_PROCESS, 0), 19);
  CHECK_OK(setpriority(PRIO_PROCESS, getpid(), 7));
  CHECK_EQ(getpriority(PRIO_PROCESS, getpid()), 7);
  CHECK_EQ(in_child(child_sees), 27);
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, thread_fn, NULL), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK_EQ(thread_prio, 7); /* a new thread starts with its creator's */
  CHECK_EQ(in_child(own_group), 0);
  CHECK_ERR(getpriority(7, 0), EINVAL);
  CHECK_ERR(setpriority(7, 0, 0), EINVAL);
  CHECK_ERR(getpriority(PRIO_PROCESS, 0x3ffffff0), ESRCH);
  CHECK_ERR(setpriority(PRIO_PROCESS, 0x3ffffff0, 1), ESRCH);
  if (geteuid() == 0) {
    CHECK_OK(setpriority(PRIO_PROCESS, 0, -5));
    CHECK_EQ(getpriority(PRIO_PROCESS, 0), -5);
    CHECK_EQ(in_child(unprivileged), 0);
    CHECK_EQ(in_child(own_user), 0);
  } else {
    printf("not root: the CAP_SYS_NICE checks are skipped natively and in husk alike\n");
  }
  DONE();
}
