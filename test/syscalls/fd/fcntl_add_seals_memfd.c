// fcntl_add_seals_memfd: with MFD_ALLOW_SEALING a memfd starts unsealed; F_SEAL_SHRINK and F_SEAL_GROW make ftruncate and writes past the end EPERM; F_SEAL_WRITE makes write and writable MAP_SHARED mmap EPERM (read-only shared maps still work) and is EBUSY while a writable shared mapping exists; F_SEAL_SEAL stops further seals; unknown seals are EINVAL.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(void) {
  int fd = memfd_create("seals", MFD_ALLOW_SEALING);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GET_SEALS), 0);
  CHECK_EQ(write(fd, "0123456789", 10), 10);
  CHECK_ERR(fcntl(fd, F_ADD_SEALS, 0x1000), EINVAL);

  CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
  CHECK_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK);
  CHECK_ERR(ftruncate(fd, 5), EPERM);
  CHECK_OK(ftruncate(fd, 20));
  CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
  CHECK_ERR(ftruncate(fd, 30), EPERM);
  CHECK_OK(ftruncate(fd, 20));
  CHECK_EQ(pwrite(fd, "ab", 2, 0), 2);
  CHECK_ERR(pwrite(fd, "abc", 3, 19), EPERM);
  CHECK_EQ(pwrite(fd, "z", 1, 19), 1);

  // A writable shared mapping blocks F_SEAL_WRITE until it is gone.
  char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(w != MAP_FAILED);
  CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
  CHECK_OK(munmap(w, 4096));
  CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
  CHECK_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
  CHECK_ERR(write(fd, "x", 1), EPERM);
  CHECK_ERR(pwrite(fd, "x", 1, 0), EPERM);
  CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EPERM);
  printf("writable shared map: %s\n", errname(errno));
  char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  CHECK(r != MAP_FAILED);
  CHECK(memcmp(r, "ab23456789", 10) == 0);
  CHECK_ERR(mprotect(r, 4096, PROT_READ | PROT_WRITE), EACCES);
  // A private writable map is still fine.
  char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(p != MAP_FAILED);
  p[0] = 'P';
  CHECK_EQ(r[0], 'a');

  CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
  CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), EPERM);
  CHECK_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);

  DONE();
}
