// sticky.h: the sticky-directory checks unlink_sticky_dir and
// unlink_sticky_tmpfs run, in the working directory, on two filesystems.
#ifndef HUSK_STICKY_H
#define HUSK_STICKY_H
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

static int drop(uid_t uid) {
  return setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid);
}

// sticky_checks makes t (1777) and n (0777) in the working directory and
// checks who may unlink and rename what in each; it leaves t/root, t/root2
// and the two directories behind.
static void sticky_checks(void) {
  CHECK_OK(mkdir("t", 0777));
  CHECK_OK(chmod("t", 01777));
  CHECK_OK(mkdir("n", 0777));
  CHECK_OK(chmod("n", 0777));
  CHECK_OK(close(open("t/root", O_CREAT | O_WRONLY, 0666)));
  CHECK_OK(close(open("t/root2", O_CREAT | O_WRONLY, 0666)));
  CHECK_OK(close(open("n/root", O_CREAT | O_WRONLY, 0666)));
  pid_t pid = fork();
  if (pid == 0) {
    if (drop(54321))
      _exit(100);
    int bad = 0;
    errno = 0;
    bad |= (unlink("t/root") != -1 || errno != EPERM) << 0;
    errno = 0;
    bad |= (rename("t/root", "t/x") != -1 || errno != EPERM) << 1;
    bad |= (close(open("t/mine", O_CREAT | O_WRONLY, 0644)) != 0) << 2;
    bad |= (rename("t/mine", "t/mine2") != 0) << 3;
    errno = 0;
    bad |= (rename("t/mine2", "t/root2") != -1 || errno != EPERM) << 4;
    bad |= (unlink("n/root") != 0) << 5;
    bad |= (close(open("t/mine3", O_CREAT | O_WRONLY, 0644)) != 0) << 6;
    _exit(bad);
  }
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status));
  CHECK_EQ(WEXITSTATUS(status), 0);
  struct stat st;
  CHECK_OK(stat("t/root", &st));
  CHECK_ERR(stat("n/root", &st), ENOENT);
  CHECK_OK(stat("t/mine2", &st));
  CHECK_EQ(st.st_uid, 54321);
  // Root removes another user's file from a sticky directory.
  CHECK_OK(unlink("t/mine2"));
  // The directory's owner may too.
  CHECK_OK(chown("t", 54322, 54322));
  pid = fork();
  if (pid == 0) {
    if (drop(54322))
      _exit(100);
    _exit(unlink("t/mine3") != 0);
  }
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK_ERR(stat("t/mine3", &st), ENOENT);
}
#endif
