// memfd_create_rw: a memfd is an empty regular file with no links, read-write, that write, pread, lseek (SEEK_END, SEEK_DATA, SEEK_HOLE) and ftruncate, fchmod and futimens work on (a sparse grow reads zeros); MFD_CLOEXEC sets FD_CLOEXEC; two memfds are different files; names over 249 bytes, unknown flags and a bad name pointer fail (EINVAL, EFAULT); without MFD_ALLOW_SEALING the file is sealed with F_SEAL_SEAL.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(void) {
  int fd = memfd_create("husk-test", MFD_CLOEXEC);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK(S_ISREG(st.st_mode));
  CHECK_EQ(st.st_mode & 0777, 0777);
  CHECK_EQ(st.st_size, 0);
  CHECK_EQ(st.st_nlink, 0);
  CHECK_EQ(write(fd, "hello, memfd", 12), 12);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 12);
  CHECK_EQ(lseek(fd, 0, SEEK_END), 12);
  char buf[32] = {0};
  CHECK_EQ(pread(fd, buf, sizeof buf, 7), 5);
  CHECK(memcmp(buf, "memfd", 5) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
  CHECK_EQ(read(fd, buf, 5), 5);
  CHECK(memcmp(buf, "hello", 5) == 0);
  CHECK_EQ(lseek(fd, 0, SEEK_DATA), 0);
  CHECK_EQ(lseek(fd, 0, SEEK_HOLE), 12);
  // Grow sparsely: the new part reads as zeros.
  CHECK_OK(ftruncate(fd, 1 << 20));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 1 << 20);
  memset(buf, 0x55, sizeof buf);
  CHECK_EQ(pread(fd, buf, 8, 500000), 8);
  CHECK(buf[0] == 0 && buf[7] == 0);
  // Shrink into the data, grow back: the cut part is zero.
  CHECK_OK(ftruncate(fd, 5));
  CHECK_OK(ftruncate(fd, 12));
  memset(buf, 0x55, sizeof buf);
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 12);
  CHECK(memcmp(buf, "hello\0\0\0\0\0\0\0", 12) == 0);
  CHECK_ERR(ftruncate(fd, -1), EINVAL);
  // A write past the end leaves a hole.
  CHECK_EQ(pwrite(fd, "x", 1, 10000), 1);
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_size, 10001);

  // fchmod and futimens work on the anonymous file.
  CHECK_OK(fchmod(fd, 0640));
  struct timespec ts[2] = {{1000, 0}, {2000, 0}};
  CHECK_OK(futimens(fd, ts));
  CHECK_OK(fstat(fd, &st));
  CHECK_EQ(st.st_mode & 07777, 0640);
  CHECK_EQ(st.st_mtime, 2000);

  int fd2 = memfd_create("husk-test", 0);
  CHECK(fd2 >= 0);
  CHECK_EQ(fcntl(fd2, F_GETFD), 0);
  struct stat st2;
  CHECK_OK(fstat(fd2, &st2));
  CHECK(st2.st_ino != st.st_ino);
  CHECK_EQ(st2.st_size, 0);
  // Not sealable: F_SEAL_SEAL from the start.
  CHECK_EQ(fcntl(fd2, F_GET_SEALS), F_SEAL_SEAL);
  CHECK_ERR(fcntl(fd2, F_ADD_SEALS, F_SEAL_WRITE), EPERM);

  char name[300];
  memset(name, 'a', sizeof name);
  name[249] = 0;
  int ok = memfd_create(name, 0);
  CHECK(ok >= 0);
  name[249] = 'a';
  name[250] = 0;
  CHECK_ERR(memfd_create(name, 0), EINVAL);
  CHECK_ERR(memfd_create("x", 0x100), EINVAL);
  CHECK_ERR(memfd_create(bad_ptr(), 0), EFAULT);
  // Seals on a file that is not a memfd.
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_ERR(fcntl(p[0], F_GET_SEALS), EINVAL);
  DONE();
}
