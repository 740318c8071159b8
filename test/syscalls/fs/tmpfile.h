// tmpfile.h: the body of the openat_tmpfile_* tests, run in the current
// directory (an empty one the test made): O_TMPFILE makes a regular file
// with no name (nlink 0, the umask applied) that reads, writes and takes
// fchmod and futimens, and linkat names it by AT_EMPTY_PATH (a taken name is
// EEXIST) or through /proc/self/fd with AT_SYMLINK_FOLLOW; with O_EXCL it can
// never be linked (ENOENT); O_TMPFILE without write access or with O_CREAT
// is EINVAL, on a file ENOTDIR; a plain file unlinked cannot be linked again
// (ENOENT). It leaves the directory empty.
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

static void tmpfile_checks(void) {
  umask(022);
  int fd = open(".", O_TMPFILE | O_RDWR, 0666);
  CHECK(fd >= 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK_EQ(st.st_nlink, 0);
  CHECK_EQ(st.st_mode & 07777, 0644);
  CHECK_EQ(write(fd, "data", 4), 4);
  CHECK_OK(fchmod(fd, 0640));
  struct timespec ts[2] = {{1000000000, 5}, {1000000001, 7}};
  CHECK_OK(futimens(fd, ts));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_mode & 07777, 0640);
  CHECK_EQ(st.st_mtim.tv_sec, 1000000001);
  char buf[8];
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 4);
  CHECK_OK(linkat(fd, "", AT_FDCWD, "named", AT_EMPTY_PATH));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_nlink, 1);
  CHECK_OK(stat("named", &st));
  CHECK_EQ(st.st_size, 4);
  CHECK_EQ(st.st_mode & 07777, 0640);
  CHECK_ERR(linkat(fd, "", AT_FDCWD, "named", AT_EMPTY_PATH), EEXIST);
  close(fd);
  fd = open("named", O_RDONLY);
  CHECK_EQ(read(fd, buf, sizeof buf), 4);
  CHECK(memcmp(buf, "data", 4) == 0);
  close(fd);

  fd = open(".", O_TMPFILE | O_WRONLY, 0600);
  CHECK(fd >= 0);
  char p[64];
  snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
  CHECK_OK(linkat(AT_FDCWD, p, AT_FDCWD, "named2", AT_SYMLINK_FOLLOW));
  CHECK_OK(stat("named2", &st));
  CHECK_EQ(st.st_mode & 07777, 0600);
  close(fd);

  fd = open(".", O_TMPFILE | O_RDWR | O_EXCL, 0600);
  CHECK(fd >= 0);
  CHECK_ERR(linkat(fd, "", AT_FDCWD, "never", AT_EMPTY_PATH), ENOENT);
  close(fd);
  CHECK_ERR(stat("never", &st), ENOENT);

  CHECK_ERR(open(".", O_TMPFILE | O_RDONLY, 0600), EINVAL);
  CHECK_ERR(open(".", O_TMPFILE | O_RDWR | O_CREAT, 0600), EINVAL);
  CHECK_ERR(open("named", O_TMPFILE | O_RDWR, 0600), ENOTDIR);
  CHECK_ERR(open("missing", O_TMPFILE | O_RDWR, 0600), ENOENT);

  fd = open("gone", O_CREAT | O_RDWR, 0600);
  CHECK_OK(unlink("gone"));
  CHECK_ERR(linkat(fd, "", AT_FDCWD, "back", AT_EMPTY_PATH), ENOENT);
  close(fd);
  CHECK_OK(link("named", "hard"));
  CHECK_OK(stat("named", &st));
  CHECK_EQ(st.st_nlink, 2);

  CHECK_OK(unlink("named"));
  CHECK_OK(unlink("named2"));
  CHECK_OK(unlink("hard"));
}
