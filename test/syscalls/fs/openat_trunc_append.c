// openat_trunc_append: O_TRUNC empties a file opened for writing; O_APPEND writes go to the end whatever the offset, pwrite included (Linux appends), and two descriptors appending interleave without overwriting.
#include "../common.h"
#include <fcntl.h>
#include <sys/stat.h>

static void content(const char *path) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  printf("%s (%zd): %s\n", path, n, buf);
}

int main(void) {
  int fd = open("f", O_CREAT | O_WRONLY, 0644);
  CHECK_EQ(write(fd, "0123456789", 10), 10);
  close(fd);
  fd = open("f", O_RDWR | O_TRUNC);
  CHECK(fd >= 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 0);
  CHECK_EQ(write(fd, "abc", 3), 3);
  close(fd);
  content("f");

  int a = open("f", O_WRONLY | O_APPEND);
  int b = open("f", O_WRONLY | O_APPEND);
  CHECK_EQ(lseek(a, 0, SEEK_SET), 0);
  CHECK_EQ(write(a, "A", 1), 1);
  CHECK_EQ(write(b, "B", 1), 1);
  CHECK_EQ(write(a, "A", 1), 1);
  CHECK_EQ(lseek(a, 0, SEEK_CUR), 6);
  CHECK_EQ(pwrite(b, "P", 1, 0), 1);
  close(a);
  close(b);
  content("f");

  /* A new file made with O_APPEND appends too. */
  fd = open("g", O_CREAT | O_EXCL | O_WRONLY | O_APPEND, 0644);
  CHECK_EQ(write(fd, "xy", 2), 2);
  CHECK_EQ(pwrite(fd, "z", 1, 0), 1);
  close(fd);
  content("g");
  CHECK_EQ(fcntl(open("g", O_RDONLY | O_APPEND), F_GETFL) & O_APPEND, O_APPEND);
  DONE();
}
