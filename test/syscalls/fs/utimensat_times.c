// utimensat_times: utimensat sets access and modification times to the nanosecond, UTIME_OMIT leaves one alone, UTIME_NOW takes the current time; futimens works on a descriptor; AT_SYMLINK_NOFOLLOW changes a symlink's own times, not its target's; a bad tv_nsec is EINVAL, a missing name ENOENT.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

int main(void) {
  close(open("f", O_CREAT | O_WRONLY, 0644));
  struct timespec ts[2] = {{1000, 5}, {2000, 7}};
  CHECK_OK(utimensat(AT_FDCWD, "f", ts, 0));
  struct stat st;
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_atim.tv_sec, 1000);
  CHECK_EQ(st.st_atim.tv_nsec, 5);
  CHECK_EQ(st.st_mtim.tv_sec, 2000);
  CHECK_EQ(st.st_mtim.tv_nsec, 7);
  struct timespec omit[2] = {{0, UTIME_OMIT}, {3000, 0}};
  CHECK_OK(utimensat(AT_FDCWD, "f", omit, 0));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_atim.tv_sec, 1000);
  CHECK_EQ(st.st_mtim.tv_sec, 3000);
  time_t before = time(NULL);
  struct timespec now[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  CHECK_OK(utimensat(AT_FDCWD, "f", now, 0));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_atim.tv_sec, 1000);
  CHECK(st.st_mtim.tv_sec >= before - 1);
  int fd = open("f", O_RDONLY);
  struct timespec fts[2] = {{4000, 0}, {5000, 0}};
  CHECK_OK(futimens(fd, fts));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_atim.tv_sec, 4000);
  CHECK_EQ(st.st_mtim.tv_sec, 5000);
  close(fd);
  CHECK_OK(symlink("f", "l"));
  struct timespec lts[2] = {{6000, 0}, {7000, 0}};
  CHECK_OK(utimensat(AT_FDCWD, "l", lts, AT_SYMLINK_NOFOLLOW));
  CHECK_OK(lstat("l", &st));
  CHECK_EQ(st.st_mtim.tv_sec, 7000);
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_mtim.tv_sec, 5000);
  struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
  CHECK_ERR(utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
  CHECK_ERR(utimensat(AT_FDCWD, "missing", ts, 0), ENOENT);
  DONE();
}
