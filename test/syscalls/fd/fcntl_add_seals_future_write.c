// fcntl_add_seals_future_write: F_SEAL_FUTURE_WRITE refuses write(2) and new writable shared mappings (EPERM) but leaves a writable shared mapping made before it working, and its stores are read back by read(2); the file can still be shrunk and grown without F_SEAL_SHRINK/F_SEAL_GROW.
#include "../common.h"
#include <fcntl.h>
#include <sys/mman.h>
#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

int main(void) {
  int fd = memfd_create("future", MFD_ALLOW_SEALING);
  CHECK(fd >= 0);
  CHECK_OK(ftruncate(fd, 4096));
  char *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(w != MAP_FAILED);
  CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
  CHECK_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_FUTURE_WRITE);
  CHECK_ERR(write(fd, "x", 1), EPERM);
  CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EPERM);
  strcpy(w, "still writable");
  char buf[16] = {0};
  CHECK_EQ(pread(fd, buf, 14, 0), 14);
  CHECK(strcmp(buf, "still writable") == 0);
  char *r = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
  CHECK(r != MAP_FAILED);
  CHECK(strcmp(r, "still writable") == 0);
  CHECK_OK(ftruncate(fd, 8192));
  CHECK_OK(ftruncate(fd, 4096));
  CHECK_OK(munmap(w, 4096));
  DONE();
}
