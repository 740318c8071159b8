// creat_truncate: creat makes a file with the mode less the umask, and on an existing file opens it write-only and empties it; the file it returns cannot be read (EBADF).
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
  umask(022);
  int fd = creat("f", 0666);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "0123456789", 10), 10);
  char c;
  CHECK_ERR(read(fd, &c, 1), EBADF);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_mode, S_IFREG | 0644);
  CHECK_EQ(st.st_size, 10);
  CHECK_OK(close(fd));
  fd = creat("f", 0600); /* exists: truncated, mode kept */
  CHECK(fd >= 0);
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_size, 0);
  CHECK_EQ(st.st_mode & 07777, 0644);
  CHECK_EQ(write(fd, "ab", 2), 2);
  CHECK_OK(close(fd));
  CHECK_OK(stat("f", &st));
  CHECK_EQ(st.st_size, 2);
  CHECK_ERR(creat("nodir/f", 0644), ENOENT);
  CHECK_ERR(creat("f/g", 0644), ENOTDIR);
  CHECK_OK(mkdir("d", 0755));
  CHECK_ERR(creat("d", 0644), EISDIR);
  DONE();
}
